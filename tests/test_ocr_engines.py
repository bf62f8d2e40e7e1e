"""OCR engine contract, registry, cache and replay."""

from __future__ import annotations

import os

import numpy as np
import pytest

from pipeline.core.errors import EngineError
from pipeline.core.model import BBox, TextBox
from pipeline.read.ocr import base
from pipeline.read.ocr.base import available_engines, get_engine, is_available, missing_reason
from pipeline.read.ocr.cache import (
    CachedPage,
    CacheKey,
    OcrCache,
    read_replay_page,
    write_replay_page,
)
from pipeline.read.ocr.replay import ReplayEngine
from pipeline.read.ocr.testing import CrashingEngine, FakeEngine

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


# The engines that misbehave on purpose (crash, hang, hog memory) have tests of their own.
MISBEHAVING = ("crashing", "hanging", "hogging")
CONTRACT = [n for n in available_engines() if n not in MISBEHAVING]


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


# --- optional engines: paddleocr and tesseract --------------------------------

OPTIONAL = ("paddleocr", "tesseract")


def _engine_or_skip(name: str) -> base.OcrEngine:
    reason = missing_reason(name)
    if reason is not None:
        pytest.skip(f"{name}: {reason}")
    return get_engine(name)


def _chinese_image(text: str) -> np.ndarray:
    """One printed line of Chinese, 48 px high glyphs."""
    from PIL import Image, ImageDraw, ImageFont

    from pipeline.core.fonts import font_path

    font = ImageFont.truetype(str(font_path("hei")), 48)
    img = Image.new("RGB", (60 + 52 * len(text), 100), "white")
    ImageDraw.Draw(img).text((30, 20), text, fill="black", font=font)
    return np.asarray(img, dtype=np.uint8).copy()


@pytest.mark.ocr
@pytest.mark.parametrize("name", OPTIONAL)
def test_optional_engine_reads_digits(name: str) -> None:
    engine = _engine_or_skip(name)
    boxes = engine.recognize(_text_image(), page=1, dpi=144)
    text = " ".join(b.text for b in boxes)
    assert "2022" in text and "11438" in text, boxes
    assert all(0.5 <= (b.confidence or 0.0) <= 1.0 for b in boxes)
    assert all(b.bbox.x1 <= 200.5 and b.bbox.bottom <= 40.5 for b in boxes)


@pytest.mark.ocr
@pytest.mark.parametrize("name", OPTIONAL)
def test_optional_engine_reads_a_chinese_line(name: str) -> None:
    engine = _engine_or_skip(name)
    line = "关于下达2020年中央财政资金的通知"
    boxes = engine.recognize(_chinese_image(line), page=1, dpi=200)
    assert len(boxes) == 1, boxes  # one line, not one box per character
    box = boxes[0]
    same = sum(a == b for a, b in zip(box.text, line, strict=False))
    assert same >= len(line) - 3, box.text
    assert " " not in box.text  # no spaces between Chinese characters
    assert box.confidence is not None and box.confidence > 0.5
    width_pt = (60 + 52 * len(line)) * 72 / 200
    assert 0 <= box.bbox.x0 < box.bbox.x1 <= width_pt and box.bbox.bottom <= 100 * 72 / 200


@pytest.mark.ocr
def test_paddleocr_runs_without_network(tmp_path: object) -> None:
    """The engine loads its local models and reads with the network off."""
    import json
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    _engine_or_skip("paddleocr")
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-n", "true"], check=False).returncode:
        pytest.skip("cannot switch the network off here (needs unshare -n as root)")
    image = Path(str(tmp_path)) / "line.npy"
    np.save(image, _text_image())
    script = (
        "import json, sys, numpy as np\n"
        "from pipeline.read.ocr.base import get_engine\n"
        "boxes = get_engine('paddleocr').recognize(np.load(sys.argv[1]), page=1, dpi=144)\n"
        "print(json.dumps([b.text for b in boxes]))\n"
    )
    env = {**os.environ, "NOTICES_PADDLE_MODEL_CACHE": str(Path(str(tmp_path)) / "models")}
    r = subprocess.run(
        [unshare, "-n", sys.executable, "-c", script, str(image)],
        capture_output=True, text=True, timeout=600, check=False, env=env,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    texts = json.loads(r.stdout.strip().splitlines()[-1])
    assert "2022" in " ".join(texts)


# --- tesseract: words -> line fragments (no tesseract needed) -----------------


def _tess_data(words: list[tuple[str, float, int, int, int, int, int]]) -> dict[str, list[object]]:
    """image_to_data's DICT for words (text, conf, line, left, top, width, height)."""
    keys = ("level", "block_num", "par_num", "line_num", "word_num", "conf", "text",
            "left", "top", "width", "height")
    data: dict[str, list[object]] = {k: [] for k in keys}
    rows: list[tuple[object, ...]] = [(1, 0, 0, 0, 0, -1, "", 0, 0, 999, 999)]
    for i, (text, conf, line, x, y, w, h) in enumerate(words):
        rows.append((4, 1, 1, line, 0, -1, "", x, y, w, h))  # a line row: ignored
        rows.append((5, 1, 1, line, i + 1, conf, text, x, y, w, h))
    for row in rows:
        for k, v in zip(keys, row, strict=True):
            data[k].append(v)
    return data


def test_tesseract_words_become_lines_without_cjk_spaces() -> None:
    from pipeline.read.ocr.optional import boxes_from_data

    data = _tess_data([
        ("关于", 96, 1, 100, 100, 80, 40), ("下达", 90, 1, 185, 100, 80, 40),
        ("2020", 90, 1, 270, 100, 80, 40), ("年", 93, 1, 355, 100, 40, 40),
        ("No.", 90, 2, 100, 200, 60, 40), ("12", 90, 2, 170, 200, 40, 40),
    ])
    boxes = boxes_from_data(data, dpi=144)
    assert [b.text for b in boxes] == ["关于下达2020年", "No. 12"]
    assert boxes[0].bbox.rounded(1) == (50.0, 50.0, 197.5, 70.0)  # pixels -> points
    assert boxes[0].confidence == pytest.approx((96 * 2 + 90 * 2 + 90 * 4 + 93) / 9 / 100)


def test_tesseract_wide_gap_splits_and_low_confidence_drops() -> None:
    from pipeline.read.ocr.optional import boxes_from_data

    data = _tess_data([
        ("合计", 95, 1, 100, 100, 80, 40), ("851", 90, 1, 400, 100, 60, 40),  # a table row
        ("下庆", 5, 2, 100, 200, 80, 40), ("弘", 20, 2, 185, 200, 40, 40),  # a seal
        ("  ", 95, 3, 100, 300, 10, 40),
    ])
    boxes = boxes_from_data(data, dpi=72)
    assert [(b.text, b.bbox.x0) for b in boxes] == [("合计", 100.0), ("851", 400.0)]


def test_join_words_keeps_latin_spaces_only() -> None:
    from pipeline.read.ocr.optional import join_words

    assert join_words(["财政", "局", "〔2020〕", "13", "号"]) == "财政局〔2020〕13号"
    assert join_words(["No.", "12", "", "abc"]) == "No. 12 abc"
    assert join_words(["（", "一", "）", "A", "级"]) == "（一）A级"


# --- paddleocr: model directories (no paddle needed) --------------------------


def _paddle_dir(root: object, name: str, *, rec_dict: bool = False) -> object:
    from pathlib import Path

    d = Path(str(root)) / "models" / name
    d.mkdir(parents=True)
    (d / "inference.pdmodel").write_bytes(b"graph")
    (d / "inference.pdiparams").write_bytes(b"weights")
    if rec_dict:
        keys = Path(str(root)) / "ch_ppocr_rec"
        keys.mkdir(exist_ok=True)
        (keys / "ppocr_keys_v1.txt").write_text("一\n二\n三\n", encoding="utf-8")
    return d


def test_paddle_model_names_from_directory_names() -> None:
    from pathlib import Path

    from pipeline.read.ocr.optional import guess_model_name

    assert guess_model_name(Path("ch_PP-OCRv4_det_infer"), "det") == "PP-OCRv4_mobile_det"
    assert guess_model_name(Path("ch_PP-OCRv4_rec_server_infer"), "rec") == "PP-OCRv4_server_rec"
    assert guess_model_name(Path("PP-OCRv3_mobile_rec"), "rec") == "PP-OCRv3_mobile_rec"
    assert guess_model_name(Path("my_model"), "det") is None


def test_paddle_model_dirs_say_what_is_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    from pathlib import Path

    from pipeline.read.ocr.optional import PADDLE_DET_ENV, PADDLE_REC_ENV, describe_paddle_model

    monkeypatch.delenv(PADDLE_DET_ENV, raising=False)
    assert "$NOTICES_PADDLE_DET_DIR" in str(describe_paddle_model(PADDLE_DET_ENV, "det"))
    empty = Path(str(tmp_path)) / "empty"
    empty.mkdir()
    monkeypatch.setenv(PADDLE_DET_ENV, str(empty))
    assert "inference.pdiparams" in str(describe_paddle_model(PADDLE_DET_ENV, "det"))
    monkeypatch.setenv(PADDLE_REC_ENV, str(_paddle_dir(tmp_path, "ch_PP-OCRv4_rec_infer")))
    assert "ppocr_keys_v1.txt" in str(describe_paddle_model(PADDLE_REC_ENV, "rec"))
    monkeypatch.setenv(PADDLE_DET_ENV, str(_paddle_dir(tmp_path, "ch_PP-OCRv5_det_infer")))
    assert "PP-OCRv3/v4" in str(describe_paddle_model(PADDLE_DET_ENV, "det"))


def test_paddle_inference_yml_is_written_into_the_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    from pathlib import Path

    import yaml

    from pipeline.read.ocr.optional import (
        PADDLE_REC_ENV,
        PaddleModel,
        describe_paddle_model,
        prepare_paddle_model,
    )

    src = Path(str(_paddle_dir(tmp_path, "ch_PP-OCRv4_rec_infer", rec_dict=True)))
    monkeypatch.setenv(PADDLE_REC_ENV, str(src))
    model = describe_paddle_model(PADDLE_REC_ENV, "rec")
    assert isinstance(model, PaddleModel) and model.name == "PP-OCRv4_mobile_rec"
    cache = Path(str(tmp_path)) / "cache"
    prepared = prepare_paddle_model(model, cache)
    assert prepared.parent == cache and not (src / "inference.yml").exists()
    config = yaml.safe_load((prepared / "inference.yml").read_text(encoding="utf-8"))
    assert config["Global"]["model_name"] == "PP-OCRv4_mobile_rec"
    assert config["PostProcess"] == {"name": "CTCLabelDecode", "character_dict": ["一", "二", "三"]}
    assert (prepared / "inference.pdiparams").read_bytes() == b"weights"
    assert prepare_paddle_model(model, cache) == prepared  # prepared once
    # a directory with its own inference.yml is used as it is
    (src / "inference.yml").write_text("Global:\n  model_name: PP-OCRv4_mobile_rec\n")
    assert prepare_paddle_model(model, cache) == src
