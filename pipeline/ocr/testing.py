"""Engines for tests: ``fake`` returns given boxes, ``crashing`` raises."""

from __future__ import annotations

from collections.abc import Mapping

from pipeline.model import TextBox
from pipeline.ocr.base import EngineInfo, Image, check_image, make_settings


class FakeEngine:
    """Returns the boxes it was given (per page, or the same for every page)."""

    name = "fake"

    def __init__(
        self,
        boxes: tuple[TextBox, ...] | Mapping[int, tuple[TextBox, ...]] = (),
        *,
        version: str = "1",
    ) -> None:
        self._boxes = boxes
        self._version = version
        self.calls: list[tuple[int, int, tuple[int, ...]]] = []  # (page, dpi, shape)

    def info(self) -> EngineInfo:
        return EngineInfo(self.name, self._version, make_settings({}))

    def recognize(self, image: Image, *, page: int, dpi: int) -> tuple[TextBox, ...]:
        check_image(image)
        self.calls.append((page, dpi, tuple(image.shape)))
        if isinstance(self._boxes, Mapping):
            return tuple(self._boxes.get(page, ()))
        return tuple(self._boxes)


class CrashingEngine:
    """Fails on every page, the way a broken native engine would."""

    name = "crashing"

    def __init__(self, message: str = "simulated engine crash") -> None:
        self.message = message

    def info(self) -> EngineInfo:
        return EngineInfo(self.name, "1", make_settings({}))

    def recognize(self, image: Image, *, page: int, dpi: int) -> tuple[TextBox, ...]:
        raise RuntimeError(self.message)
