"""The OCR engine interface (OCR 引擎) and its registry.

    OcrEngine.info() -> EngineInfo(name, version, settings)
    OcrEngine.recognize(image, *, page, dpi) -> tuple[TextBox, ...]

``image`` is an RGB ``uint8`` array (H, W, 3) of one page (or part of one)
rendered at ``dpi``; the engine returns one TextBox per recognised text line
fragment, ``confidence`` 0..1, ``bbox`` in PDF points relative to the image's
top-left corner (``pt = px * 72 / dpi``). Pixels become points here, once.

Engines register a factory by name; ``get_engine("auto")`` picks the first
available of ``AUTO_ORDER``. Optional engines whose package or models are
missing stay registered but report ``is_available() == False`` and raise an
EngineError naming what is missing when asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from pipeline.core.errors import EngineError
from pipeline.core.model import BBox, TextBox

Image = npt.NDArray[np.uint8]
AUTO_ORDER: tuple[str, ...] = ("rapidocr", "paddleocr", "tesseract")
POINTS_PER_INCH = 72.0


@dataclass(frozen=True, slots=True)
class EngineInfo:
    """What produced a set of boxes; ``settings`` is part of the cache key."""

    name: str
    version: str
    settings: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        """``"rapidocr 3.10.0"``: what ``Page.engine`` records."""
        return f"{self.name} {self.version}"

    def settings_dict(self) -> dict[str, str]:
        return dict(self.settings)


def make_settings(values: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    """Settings as sorted (key, str(value)) pairs: hashable and stable."""
    return tuple(sorted((k, str(v)) for k, v in values.items()))


@runtime_checkable
class OcrEngine(Protocol):
    def info(self) -> EngineInfo: ...

    def recognize(self, image: Image, *, page: int, dpi: int) -> tuple[TextBox, ...]: ...


def px_to_pt(value: float, dpi: int) -> float:
    return value * POINTS_PER_INCH / dpi


def quad_to_box(
    quad: Any, text: str, confidence: float, dpi: int, *, is_red: bool = False
) -> TextBox:
    """A TextBox in points from a pixel quadrilateral [[x, y], ...]."""
    pts = np.asarray(quad, dtype=np.float64).reshape(-1, 2)
    x0, y0 = float(pts[:, 0].min()), float(pts[:, 1].min())
    x1, y1 = float(pts[:, 0].max()), float(pts[:, 1].max())
    bbox = BBox(px_to_pt(x0, dpi), px_to_pt(y0, dpi), px_to_pt(x1, dpi), px_to_pt(y1, dpi))
    conf = min(1.0, max(0.0, float(confidence)))
    return TextBox(text=text, bbox=bbox, confidence=conf, is_red=is_red)


def check_image(image: Image) -> None:
    """Raise EngineError unless ``image`` is an RGB uint8 array."""
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8:
        raise EngineError("OCR input must be a uint8 numpy array")
    if image.ndim != 3 or image.shape[2] != 3:
        raise EngineError(f"OCR input must be RGB (H, W, 3), got shape {image.shape}")


# --- registry ---------------------------------------------------------------

Factory = Callable[..., OcrEngine]
Availability = Callable[[], str | None]  # None when available, else what is missing


@dataclass(frozen=True, slots=True)
class _Entry:
    factory: Factory
    missing: Availability


_REGISTRY: dict[str, _Entry] = {}
_BUILTINS_LOADED = False


def _always() -> str | None:
    return None


def register(name: str, factory: Factory, missing: Availability = _always) -> None:
    """Register ``factory`` under ``name``; ``missing()`` names what is absent."""
    if name == "auto":
        raise ValueError("'auto' is reserved")
    _REGISTRY[name] = _Entry(factory, missing)


def _load_builtins() -> None:
    global _BUILTINS_LOADED
    if not _BUILTINS_LOADED:
        _BUILTINS_LOADED = True
        importlib.import_module("pipeline.read.ocr.engines")


def registered_engines() -> tuple[str, ...]:
    _load_builtins()
    return tuple(_REGISTRY)


def missing_reason(name: str) -> str | None:
    """Why engine ``name`` cannot run here, or None when it can."""
    _load_builtins()
    if name == "auto":
        return (
            None
            if any(missing_reason(n) is None for n in AUTO_ORDER)
            else ("no OCR engine available (tried " + ", ".join(AUTO_ORDER) + ")")
        )
    entry = _REGISTRY.get(name)
    if entry is None:
        return f"unknown OCR engine {name!r} (known: {', '.join(sorted(_REGISTRY))})"
    return entry.missing()


def is_available(name: str) -> bool:
    return missing_reason(name) is None


def available_engines() -> tuple[str, ...]:
    """Names of registered engines that can run here, registration order."""
    _load_builtins()
    return tuple(n for n, e in _REGISTRY.items() if e.missing() is None)


def get_engine(name: str = "auto", **options: Any) -> OcrEngine:
    """An engine by name; ``auto`` is the first available of AUTO_ORDER."""
    _load_builtins()
    if name == "auto":
        for candidate in AUTO_ORDER:
            if is_available(candidate):
                return get_engine(candidate, **options)
        raise EngineError(missing_reason("auto") or "no OCR engine available")
    reason = missing_reason(name)
    if reason is not None:
        raise EngineError(f"OCR engine {name!r} unavailable: {reason}")
    return _REGISTRY[name].factory(**options)
