"""ocr_page: composition, cache, replay, failures; the real engine (marked)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from pipeline.core.errors import EngineError
from pipeline.core.model import BBox, TextBox
from pipeline.read.ocr.base import get_engine, is_available
from pipeline.read.ocr.cache import OcrCache
from pipeline.read.ocr.replay import ReplayEngine
from pipeline.read.ocr.run import OcrOptions, ocr_page, ocr_pages, read_page_image
from pipeline.read.ocr.testing import CrashingEngine, FakeEngine

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
DEMO = Path(__file__).resolve().parent / "data" / "scan_demo"  # tests/scan_demo.py makes it
BOX = TextBox("2022年6月7日", BBox(300.0, 690.0, 400.0, 706.0), 0.99)
FAST = OcrOptions(dpi=100)


@pytest.fixture(scope="module")
def notice() -> bytes:
    return (DEMO / "notice.pdf").read_bytes()


def test_ocr_page_with_fake_engine(notice: bytes) -> None:
    engine = FakeEngine({1: (BOX,)})
    page = ocr_page(notice, 0, engine=engine, options=FAST)
    assert page.page == 1 and page.text_source == "ocr" and page.engine == "fake 1"
    assert round(page.width) == 595 and round(page.height) == 842
    assert BOX in page.boxes
    # the red 发文机关标志 was read on its own (fake returns BOX there too)
    assert any(b.is_red for b in page.boxes)
    assert all(call[1] == 100 for call in engine.calls)


def test_rulings_of_the_allocation_table(notice: bytes) -> None:
    page = ocr_page(notice, 1, engine=FakeEngine(), options=FAST)
    horiz = [r for r in page.rulings if r.is_horizontal]
    vert = [r for r in page.rulings if not r.is_horizontal]
    assert len(horiz) == 10 and len(vert) == 5
    assert all(abs(r.x0 - 79) < 3 and abs(r.x1 - 521) < 3 for r in horiz)


def test_cache_hit_skips_the_engine(notice: bytes, tmp_path: Path) -> None:
    cache = OcrCache(tmp_path)
    engine = FakeEngine({1: (BOX,)})
    first = ocr_page(notice, 0, engine=engine, cache=cache, options=FAST)
    n_calls = len(engine.calls)
    second = ocr_page(notice, 0, engine=engine, cache=cache, options=FAST)
    assert len(engine.calls) == n_calls
    assert second == first
    # another dpi is another key
    ocr_page(notice, 0, engine=engine, cache=cache, options=OcrOptions(dpi=72))
    assert len(engine.calls) > n_calls


def test_crashing_engine_becomes_engine_error(notice: bytes) -> None:
    with pytest.raises(EngineError, match="crashing.*page 1"):
        ocr_page(notice, 0, engine=CrashingEngine(), options=FAST)


def test_replay_engine_needs_no_rendering(tmp_path: Path) -> None:
    engine = FakeEngine({1: (BOX,)})
    entry = read_page_image((DEMO / "notice.pdf").read_bytes(), 0, engine=engine, options=FAST)
    from pipeline.read.ocr.cache import write_replay_page

    write_replay_page(tmp_path, 1, entry)
    page = ocr_page(b"not even a pdf", 0, engine=ReplayEngine(tmp_path))
    assert page.boxes == entry.boxes and page.rulings == entry.rulings


def test_a_seal_star_is_no_text(tmp_path: Path) -> None:
    """The star in a seal's middle (read in the red pass, as tall as the seal's emblem)
    is left out of every reading, replayed too; a ★ inside a line of text stays."""
    from dataclasses import replace

    from pipeline.read.ocr.cache import write_replay_page
    from pipeline.read.ocr.run import is_seal_star

    star = TextBox("★", BBox(160.6, 159.5, 214.8, 204.1), 0.998, is_red=True)
    secret = TextBox("秘密★1年", BBox(81.4, 104.0, 152.2, 126.4), 0.999)
    small = TextBox("★", BBox(300.0, 300.0, 312.0, 312.0), 0.99)  # a star printed at text size
    assert is_seal_star(star) and not is_seal_star(secret) and not is_seal_star(small)
    entry = read_page_image((DEMO / "notice.pdf").read_bytes(), 0, engine=FakeEngine({1: (BOX,)}), options=FAST)
    write_replay_page(tmp_path, 1, replace(entry, boxes=(*entry.boxes, star, secret, small)))
    page = ocr_page(b"not even a pdf", 0, engine=ReplayEngine(tmp_path))
    assert star not in page.boxes and secret in page.boxes and small in page.boxes


def test_a_piece_of_a_column_line_read_as_1_is_no_text(tmp_path: Path) -> None:
    """A lone doubtful ``1`` on a column line (the cell line's crop took a piece of a
    slanted rule) is left out of every reading, replayed too; a lone ``1`` read with
    confidence, or away from any rule, or a wider box, stays."""
    from pipeline.core.model import Ruling
    from pipeline.read.ocr.cache import CachedPage, write_replay_page
    from pipeline.read.ocr.run import is_rule_piece

    rule = Ruling(457.0, 160.0, 457.0, 720.0)
    floor = Ruling(80.0, 240.0, 520.0, 240.0)
    piece = TextBox("1", BBox(458.6, 217.4, 463.6, 230.4), 0.67)  # 1.6 pt right of the rule
    sure = TextBox("1", BBox(459.4, 247.4, 464.4, 260.4), 0.99)  # a 序号 or a count of one
    away = TextBox("1", BBox(480.0, 217.4, 485.0, 230.4), 0.6)
    figure = TextBox("2181674.80", BBox(471.3, 226.8, 521.3, 239.4), 1.0)
    rules = (floor, rule)
    assert is_rule_piece(piece, rules)
    assert not any(is_rule_piece(b, rules) for b in (sure, away, figure))
    assert not is_rule_piece(piece, (floor,))  # no column line there
    write_replay_page(tmp_path, 1, CachedPage(595.0, 842.0, (piece, sure, away, figure), rules))
    page = ocr_page(b"not even a pdf", 0, engine=ReplayEngine(tmp_path))
    assert page.boxes == (sure, away, figure)


def test_ocr_pages_every_page(notice: bytes) -> None:
    pages = ocr_pages(notice, engine=FakeEngine(), options=FAST)
    assert [p.page for p in pages] == [1, 2]


def _replay_dirs() -> list[Path]:
    return sorted(p.parent for p in SAMPLES.glob("**/ocr/page-001.json"))


@pytest.mark.parametrize("ocr_dir", _replay_dirs(), ids=lambda p: p.parent.name)
def test_replay_data_matches_its_scan(ocr_dir: Path) -> None:
    """Stored replay boxes belong to the scan.pdf beside them (else re-run scanmaker)."""
    sha = hashlib.sha256((ocr_dir.parent / "scan.pdf").read_bytes()).hexdigest()
    for f in sorted(ocr_dir.glob("page-*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        assert data["key"]["sha256"] == sha, f"{f} is stale: python -m samples.scanmaker"
        assert data["boxes"], f"{f} has no text"


def _text(page_boxes: tuple[TextBox, ...]) -> str:
    return "".join(b.text for b in page_boxes)


needs_rapidocr = pytest.mark.skipif(not is_available("rapidocr"), reason="rapidocr not installed")


@pytest.mark.ocr
@needs_rapidocr
def test_real_engine_reads_the_scanned_demo() -> None:
    scan = (DEMO / "scan.pdf").read_bytes()
    engine = get_engine("rapidocr")
    p1 = ocr_page(scan, 0, engine=engine)
    text = _text(p1.boxes)
    assert "2022年6月7日" in text  # the date under the red seal
    assert any(b.is_red and "财政局" in b.text for b in p1.boxes)
    assert abs(p1.rulings[0].top - p1.rulings[-1].top) > 10  # the 版记 rules
    p2 = ocr_page(scan, 1, engine=engine)
    for number in ("11438", "7828", "3610", "-20", "1941", "875"):
        assert any(b.text == number for b in p2.boxes), number


@pytest.mark.ocr
@needs_rapidocr
def test_real_engine_reads_a_full_stop_printed_on_a_cell_rule() -> None:
    """r11's 建设项目 cell ends in a 。 that hangs over the column rule (as Word lets
    closing punctuation hang): read with its line, and the box stays inside its cell."""
    scan = (SAMPLES / "r11_fujian_dehua_poverty" / "scan.pdf").read_bytes()
    page = ocr_page(scan, 2, engine=get_engine("rapidocr"))
    (box,) = [b for b in page.boxes if b.text.startswith("新建蓄水池")]
    assert box.text == "新建蓄水池并修复自来水管道，保障饮水安全。"
    rule = min(r.x0 for r in page.rulings if not r.is_horizontal and r.x0 > box.bbox.x0 + 100)
    assert box.bbox.x1 < rule


@pytest.mark.ocr
@needs_rapidocr
def test_real_engine_turns_an_upside_down_page() -> None:
    from pipeline.read import imageprep

    raster = imageprep.rasterize((DEMO / "scan.pdf").read_bytes(), 1, 150)
    flipped = imageprep.Raster(
        imageprep.rotate_quarter(raster.image, 180), 150, 1, raster.width_pt, raster.height_pt
    )
    engine = get_engine("rapidocr")
    from pipeline.read.ocr.run import read_upright, upright_score

    prepared, boxes = read_upright(engine, imageprep.prepare(flipped), 2)
    assert prepared.rotation == 180
    assert np.mean(prepared.image) > 200
    assert upright_score(boxes) > 0.93


def test_upright_score_wants_confident_chinese() -> None:
    from pipeline.read.ocr.run import upright_score

    box = BBox(0.0, 0.0, 10.0, 10.0)
    assert upright_score(()) == 0.0
    assert upright_score([TextBox("关于下达资金预算的通知", box, 0.98)]) == pytest.approx(0.98)
    # digits read upside down still look like digits: they do not vouch for the page
    assert upright_score([TextBox("1234567890", box, 0.99)]) == 0.0
    assert upright_score([TextBox("关于下达资金预算的通知", box, 0.5)]) < 0.93


class _OrientedEngine(FakeEngine):
    """Reads well only when the page's dark top band is at the top (the page is upright)."""

    def recognize(self, image: np.ndarray, *, page: int, dpi: int) -> tuple[TextBox, ...]:
        super().recognize(image, page=page, dpi=dpi)
        h = image.shape[0]
        upright = image[: h // 4].mean() < image[-h // 4 :].mean()
        return (TextBox("关于下达资金预算的通知", BBox(0.0, 0.0, 10.0, 10.0), 0.99 if upright else 0.4),)


def _prepared_with_band(top_dark: bool) -> object:
    from pipeline.read import imageprep

    img = np.full((400, 300, 3), 255, dtype=np.uint8)
    if top_dark:
        img[:50] = 0
    else:
        img[-50:] = 0
    return imageprep.Prepared(img, img.copy(), 72, 0, 0.0, (300.0, 400.0))


def test_read_upright_reads_an_upright_page_once() -> None:
    from pipeline.read.ocr.run import read_upright

    engine = _OrientedEngine()
    prepared, boxes = read_upright(engine, _prepared_with_band(True), 1)  # type: ignore[arg-type]
    assert prepared.rotation == 0 and len(engine.calls) == 1 and boxes[0].confidence == 0.99


def test_read_upright_turns_an_upside_down_page() -> None:
    from pipeline.read.ocr.run import read_upright

    engine = _OrientedEngine()
    prepared, boxes = read_upright(engine, _prepared_with_band(False), 1)  # type: ignore[arg-type]
    assert prepared.rotation == 180 and len(engine.calls) == 2 and boxes[0].confidence == 0.99
    assert prepared.image[:50].mean() == 0  # the band is on top now
    # orientation off: read as it is, once
    engine = _OrientedEngine()
    prepared, _ = read_upright(engine, _prepared_with_band(False), 1, orient=False)  # type: ignore[arg-type]
    assert prepared.rotation == 0 and len(engine.calls) == 1


def test_drop_nested_red_rereads() -> None:
    from pipeline.read.ocr.run import _drop_nested

    big = TextBox("财", BBox(268.0, 129.0, 313.0, 161.0), 0.99, True)
    piece = TextBox("财", BBox(277.0, 146.0, 303.0, 159.0), 0.79, True)
    other = TextBox("政", BBox(331.0, 130.0, 380.0, 161.0), 0.99, True)
    assert _drop_nested([big, piece, other]) == [big, other]


def test_an_engine_with_lower_confidences_sets_its_own_upright_level() -> None:
    from pipeline.read.ocr.run import read_upright

    class Modest(FakeEngine):
        upright_confident = 0.75

    engine = Modest((TextBox("关于下达资金预算的通知", BBox(0.0, 0.0, 10.0, 10.0), 0.85),))
    prepared, _ = read_upright(engine, _prepared_with_band(True), 1)  # type: ignore[arg-type]
    assert prepared.rotation == 0 and len(engine.calls) == 1
    plain = FakeEngine((TextBox("关于下达资金预算的通知", BBox(0.0, 0.0, 10.0, 10.0), 0.85),))
    read_upright(plain, _prepared_with_band(True), 1)  # type: ignore[arg-type]
    assert len(plain.calls) == 2  # 0.85 is not sure enough for the default: read turned too
