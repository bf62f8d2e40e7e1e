"""Engines for tests: ``fake`` returns given boxes, ``crashing`` raises."""

from __future__ import annotations

from collections.abc import Mapping

from pipeline.core.model import TextBox
from pipeline.read.ocr.base import EngineInfo, Image, check_image, make_settings


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


class HangingEngine:
    """Never returns from a page, the way a stuck native engine would.

    ``pid_dir``: each process that starts hanging writes a file named by its
    pid there (tests find the worker to kill). ``block_signals``: also blocks
    SIGALRM and sleeps in C, so that only a hard limit (ending the worker)
    can stop it, like native code that never returns to Python.
    """

    name = "hanging"

    def __init__(self, pid_dir: str | None = None, block_signals: bool = False) -> None:
        self.pid_dir = pid_dir
        self.block_signals = block_signals

    def info(self) -> EngineInfo:
        return EngineInfo(self.name, "1", make_settings({}))

    def recognize(self, image: Image, *, page: int, dpi: int) -> tuple[TextBox, ...]:
        import os
        import signal
        import time
        from pathlib import Path

        if self.pid_dir is not None:
            Path(self.pid_dir, str(os.getpid())).write_text(str(page), encoding="utf-8")
        if self.block_signals:  # stuck in C: Python signal handlers never get to run
            import ctypes
            import ctypes.util

            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            libc = ctypes.CDLL(ctypes.util.find_library("c"))
            while True:
                libc.sleep(3600)
        while True:
            time.sleep(0.05)


class HoggingEngine:
    """Asks for ``mb`` megabytes on each page (a memory-hungry page), then reads nothing."""

    name = "hogging"

    def __init__(self, mb: int = 1024) -> None:
        self.mb = mb

    def info(self) -> EngineInfo:
        return EngineInfo(self.name, "1", make_settings({"mb": self.mb}))

    def recognize(self, image: Image, *, page: int, dpi: int) -> tuple[TextBox, ...]:
        hog = bytearray(self.mb * 1024 * 1024)
        del hog
        return ()
