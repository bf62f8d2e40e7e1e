"""OCR engine contract, registry, cache and replay."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.errors import EngineError
from pipeline.model import BBox, TextBox
from pipeline.ocr import base
from pipeline.ocr.base import available_engines, get_engine, is_available, missing_reason
from pipeline.ocr.cache import (
    CachedPage,
    CacheKey,
    OcrCache,
    read_replay_page,
    write_replay_page,
)
from pipeline.ocr.replay import ReplayEngine
from pipeline.ocr.testing import CrashingEngine, FakeEngine

BOX = TextBox("昌州财社〔2022〕11号", BBox(10.0, 20.0, 110.0, 36.0), 0.98)


def _white(h: int = 120, w: int = 200) -> np.ndarray:
    return np.full((h, w, 3), 255, dtype=np.uint8)


def _text_image() -> np.ndarray:
    """A tiny image with printed text, for engines that really read."""
    import cv2

    img = _white(80, 400)
    cv2.putText(img, "2022 11438", (10, 55), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (0, 0, 0), 3)
    return img


def _engine(name: str, tmp_path: object) -> base.OcrEngine:
    if name == "replay":
        from pathlib import Path

        d = Path(str(tmp_path)) / "replay"
        write_replay_page(d, 1, CachedPage(595.0, 842.0, (BOX,)))
        return get_engine("replay", directory=d)
    if name == "fake":
        return get_engine("fake", boxes=(BOX,))
    return get_engine(name)


CONTRACT = [n for n in available_engines() if n != "crashing"]


@pytest.mark.parametrize("name", CONTRACT)
def test_engine_contract(name: str, tmp_path: object) -> None:
    if name in ("rapidocr", "paddleocr", "tesseract"):
        pytest.importorskip("numpy")
    engine = _engine(name, tmp_path)
    assert isinstance(engine, base.OcrEngine)
    info = engine.info()
    assert info.name == name and info.version
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in info.settings)
    boxes = engine.recognize(_text_image(), page=1, dpi=144)
    assert isinstance(boxes, tuple)
    for b in boxes:
        assert isinstance(b, TextBox) and b.text
        assert b.confidence is not None and 0.0 <= b.confidence <= 1.0
        assert b.bbox.x0 <= b.bbox.x1 and b.bbox.top <= b.bbox.bottom
    if name in ("rapidocr", "paddleocr", "tesseract"):
        # pixels became points: the 400 px wide image is 200 pt at 144 dpi
        assert all(b.bbox.x1 <= 200.5 and b.bbox.bottom <= 40.5 for b in boxes)


def test_crashing_engine_raises() -> None:
    with pytest.raises(RuntimeError):
        CrashingEngine().recognize(_white(), page=1, dpi=72)


def test_fake_engine_per_page_and_records_calls() -> None:
    eng = FakeEngine({2: (BOX,)})
    assert eng.recognize(_white(), page=1, dpi=100) == ()
    assert eng.recognize(_white(), page=2, dpi=100) == (BOX,)
    assert eng.calls == [(1, 100, (120, 200, 3)), (2, 100, (120, 200, 3))]


def test_fake_engine_rejects_non_rgb() -> None:
    with pytest.raises(EngineError):
        FakeEngine().recognize(np.zeros((5, 5), dtype=np.uint8), page=1, dpi=72)


def test_registry_unknown_and_auto() -> None:
    assert "rapidocr" in base.registered_engines()
    with pytest.raises(EngineError, match="unknown OCR engine"):
        get_engine("nope")
    assert not is_available("nope")
    if is_available("rapidocr"):
        assert get_engine("auto").info().name == "rapidocr"


def test_optional_engines_name_what_is_missing() -> None:
    for name in ("paddleocr", "tesseract"):
        reason = missing_reason(name)
        if reason is None:
            continue
        assert any(word in reason for word in ("paddle", "tesseract", "chi_sim", "PP-OCR", "$"))
        with pytest.raises(EngineError, match=name):
            get_engine(name)


def test_register_custom_engine_and_reserved_name() -> None:
    base.register("unit-fake", FakeEngine)
    assert "unit-fake" in available_engines()
    with pytest.raises(ValueError):
        base.register("auto", FakeEngine)


def test_quad_to_box_converts_pixels_to_points() -> None:
    b = base.quad_to_box([[100, 50], [300, 50], [300, 90], [100, 90]], "x", 1.2, dpi=200)
    assert b.bbox.rounded(2) == (36.0, 18.0, 108.0, 32.4)
    assert b.confidence == 1.0


def test_cache_round_trip(tmp_path: object) -> None:
    from pathlib import Path

    cache = OcrCache(Path(str(tmp_path)))
    key = CacheKey("ab" * 32, 1, "fake", "1", (("dpi", "200"),))
    entry = CachedPage(595.2, 841.9, (BOX, TextBox("红", BBox(1, 2, 3, 4), 0.5, True)))
    assert cache.get(key) is None
    cache.put(key, entry)
    got = cache.get(key)
    assert got is not None and got.boxes == entry.boxes
    other = CacheKey("ab" * 32, 1, "fake", "1", (("dpi", "300"),))
    assert cache.get(other) is None  # settings are part of the key


def test_cache_default_honours_env(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.setenv("NOTICES_OCR_CACHE", str(tmp_path))
    assert str(OcrCache.default().directory) == str(tmp_path)


def test_cache_ignores_corrupt_file(tmp_path: object) -> None:
    from pathlib import Path

    cache = OcrCache(Path(str(tmp_path)))
    key = CacheKey("cd" * 32, 3, "fake", "1", ())
    path = cache.path_for(key)
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    assert cache.get(key) is None


def test_replay_engine(tmp_path: object) -> None:
    from pathlib import Path

    d = Path(str(tmp_path))
    key = CacheKey("ef" * 32, 1, "rapidocr", "3.10.0", ())
    write_replay_page(d, 1, CachedPage(595.0, 842.0, (BOX,)), key)
    eng = ReplayEngine(d)
    assert eng.recognize(_white(), page=1, dpi=200) == (BOX,)
    assert eng.recorded_engine(1) == "rapidocr 3.10.0"
    stored = read_replay_page(d, 1)
    assert stored is not None and stored[1]["sha256"] == "ef" * 32
    with pytest.raises(EngineError, match="page 2"):
        eng.recognize(_white(), page=2, dpi=200)
    with pytest.raises(EngineError):
        ReplayEngine(d / "missing")
