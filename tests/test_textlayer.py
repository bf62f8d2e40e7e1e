from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from pipeline.core.model import BBox, Page, Ruling
from pipeline.read import textlayer
from pipeline.read.rulings import extract_rulings
from pipeline.read.source import load_source
from pipeline.read.textlayer import (
    extract_text_pages,
    group_chars_into_words,
    is_garbage,
    is_red_color,
)
from tests.pdfmaker import FONT, HEIGHT, WIDTH, notice_pdf, register_font, write


def _pages(tmp_path: Path, data: bytes) -> tuple[Page | None, ...]:
    source, pdf_bytes = load_source(write(tmp_path / "x.pdf", data))
    return extract_text_pages(source, pdf_bytes)


def _texts(page: Page) -> list[str]:
    return [b.text for b in page.boxes]


def _scan_pdf(caption: str = "", body_lines: int = 0) -> bytes:
    register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    image = Image.new("L", (200, 283), 255)
    c.drawImage(ImageReader(image), 0, 0, WIDTH, HEIGHT)
    c.setFont(FONT, 12)
    if caption:
        c.drawString(50, 50, caption)
    for i in range(body_lines):
        c.drawString(50, 700 - 20 * i, "现下达你单位中央财政困难群众救助补助资金八万元整")
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def notice() -> bytes:
    return notice_pdf(pages=2)


def test_words_colours_and_rulings(tmp_path: Path, notice: bytes) -> None:
    pages = _pages(tmp_path, notice)
    assert len(pages) == 2
    page = pages[0]
    assert page is not None
    assert page.engine == "pdfplumber" and page.text_source == "text-layer"
    assert (round(page.width), round(page.height)) == (595, 842)
    texts = _texts(page)
    assert "某某县财政局文件" in texts  # CJK characters of one run merge
    red = [b.text for b in page.boxes if b.is_red]
    assert red == ["某某县财政局文件"]
    assert "某财预〔2022〕11号" in texts
    # table cells stay separate words
    assert "三级指标" in texts and "指标值" in texts and "低保对象人数" in texts
    # the red rule under the header and the table grid
    horizontals = [r for r in page.rulings if r.is_horizontal]
    verticals = [r for r in page.rulings if not r.is_horizontal]
    assert any(abs(r.top - 140) < 1 and r.x1 - r.x0 > 400 for r in horizontals)
    assert len(verticals) >= 5
    assert all(r.top <= r.bottom and r.x0 <= r.x1 for r in page.rulings)
    top = min(b.bbox.top for b in page.boxes)
    assert 70 < top < 90  # top-left origin


def test_image_only_page_needs_ocr(tmp_path: Path) -> None:
    assert _pages(tmp_path, _scan_pdf()) == (None,)


def test_scan_with_stray_caption_needs_ocr(tmp_path: Path) -> None:
    assert _pages(tmp_path, _scan_pdf(caption="扫描件")) == (None,)


def test_scan_with_full_text_layer_is_used(tmp_path: Path) -> None:
    (page,) = _pages(tmp_path, _scan_pdf(body_lines=5))
    assert page is not None and len(page.boxes) == 5


def _lines_pdf(text: str, lines: int) -> bytes:
    """One page of ``lines`` lines of ``text`` in the text layer."""
    register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont(FONT, 12)
    for i in range(lines):
        c.drawString(50, 700 - 20 * i, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_garbage_text_layer_needs_ocr(tmp_path: Path) -> None:
    assert _pages(tmp_path, _lines_pdf("\ue000\ue001\ue002\ue003\ue004\ue005", 10)) == (None,)


def test_pdfium_fallback_when_pdfminer_reads_nothing(
    tmp_path: Path, notice: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = textlayer._read_plumber_page

    def unusable(plumber_page: Any, number: int) -> tuple[Page, bool]:
        page, _ = original(plumber_page, number)
        return page, False

    monkeypatch.setattr(textlayer, "_read_plumber_page", unusable)
    pages = _pages(tmp_path, notice)
    page = pages[0]
    assert page is not None and page.engine == "pdfium"
    texts = _texts(page)
    assert "某某县财政局文件" in texts
    assert "三级指标" in texts and "指标值" in texts
    red = [b.text for b in page.boxes if b.is_red]
    assert red == ["某某县财政局文件"]
    assert page.rulings  # rulings still from pdfplumber
    header = next(b for b in page.boxes if b.text == "某某县财政局文件")
    assert 70 < header.bbox.top < 90


@pytest.mark.parametrize(
    ("color", "red"),
    [
        ((0.9, 0.05, 0.05), True),
        ([1, 0, 0], True),
        ((0.8, 0.6, 0.6), False),
        ((0, 0, 0), False),
        ((0,), False),
        ((0.0, 1.0, 1.0, 0.0), True),  # CMYK red
        ((0.0, 0.0, 0.0, 1.0), False),
        ("P0", False),
        (None, False),
    ],
)
def test_is_red_color(color: object, red: bool) -> None:
    assert is_red_color(color) is red


def test_is_garbage() -> None:
    assert is_garbage([])
    assert is_garbage(["(cid:12)", "(cid:13)", "a"])
    assert is_garbage(["\ue000"] * 5 + ["中"])
    assert is_garbage(["\ufffd"] * 3)
    assert not is_garbage(list("关于下达资金的通知"))


def _obj(**kw: Any) -> dict[str, Any]:
    return kw


def test_extract_rulings_from_objects() -> None:
    lines = [
        _obj(x0=10, top=100, x1=200, bottom=100, stroking_color=(0,)),
        _obj(x0=10, top=100, x1=12, bottom=100),  # too short
        _obj(x0=10, top=100, x1=200, bottom=150),  # slanted
        _obj(x0=10, top=5, x1=200, bottom=5, stroke=True, stroking_color=(1, 1, 1)),  # white
    ]
    rects = [
        _obj(x0=10, top=200, x1=200, bottom=200.8, fill=True, non_stroking_color=(0,)),
        _obj(x0=50, top=300, x1=51, bottom=400, fill=True),
        _obj(x0=10, top=500, x1=100, bottom=550, stroke=True, fill=False),
        _obj(x0=10, top=600, x1=100, bottom=650, stroke=False, fill=True),  # shading
    ]
    curves = [
        _obj(stroke=True, pts=[(10, 700), (100, 700), (100, 750), (150, 790)]),
        _obj(stroke=False, pts=[(10, 800), (100, 800)]),
    ]
    rulings = extract_rulings(lines, rects, curves, 595, 842)
    assert Ruling(10, 100, 200, 100) in rulings
    assert Ruling(10, 200.4, 200, 200.4) in rulings
    assert Ruling(50.5, 300, 50.5, 400) in rulings
    for edge in (
        Ruling(10, 500, 100, 500),
        Ruling(10, 550, 100, 550),
        Ruling(10, 500, 10, 550),
        Ruling(100, 500, 100, 550),
    ):
        assert edge in rulings
    assert Ruling(10, 700, 100, 700) in rulings and Ruling(100, 700, 100, 750) in rulings
    assert len(rulings) == 9


def test_group_chars_into_words() -> None:
    def ch(text: str, x: float, y: float = 100, red: bool = False) -> tuple[str, BBox, bool]:
        return (text, BBox(x, y, x + 10, y + 10), red)

    chars = [
        ch("关", 0, red=True), ch("于", 10, red=True), ch(" ", 0), ch("2", 25), ch("0", 30),
        ch("表", 100), ch("格", 110), ch("下", 0, y=130), ch("行", 10, y=130),
    ]
    words = group_chars_into_words(chars)
    assert [w.text for w in words] == ["关于", "20", "表格", "下行"]
    assert words[0].is_red and not words[1].is_red
    assert words[2].bbox == BBox(100, 100, 120, 110)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_pdfium_char_boxes_follow_page_rotation(notice: bytes, rotation: int) -> None:
    import pdfplumber
    import pikepdf
    import pypdfium2 as pdfium

    pdf = pikepdf.open(io.BytesIO(notice))
    pdf.pages[0].Rotate = rotation
    buf = io.BytesIO()
    pdf.save(buf)
    with pdfplumber.open(io.BytesIO(buf.getvalue())) as plumber:
        page = plumber.pages[0]
        ch = next(c for c in page.chars if c["text"] == "县")
        expected = ((ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2)
        size = (float(page.width), float(page.height))
    doc = pdfium.PdfDocument(buf.getvalue())
    pdfium_page = doc[0]
    width, height = (float(v) for v in pdfium_page.get_size())
    assert (round(width, 1), round(height, 1)) == (round(size[0], 1), round(size[1], 1))
    if rotation in (90, 270):
        width, height = height, width
    textpage = pdfium_page.get_textpage()
    chars = textlayer._pdfium_chars(textpage, rotation, width, height)
    box = next(b for t, b, _ in chars if t == "县")
    assert abs(box.cx - expected[0]) < 6 and abs(box.cy - expected[1]) < 6
    textpage.close()
    pdfium_page.close()
    doc.close()


def test_fake_bold_duplicates_are_removed(tmp_path: Path) -> None:
    register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont(FONT, 16)
    for dx in (0, 0.3):  # a title printed twice, slightly offset
        c.drawString(80 + dx, 700, "关于下达资金的通知")
    c.drawString(80, 660, "正文")
    c.showPage()
    c.save()
    (page,) = _pages(tmp_path, buf.getvalue())
    assert page is not None
    assert _texts(page) == ["关于下达资金的通知", "正文"]


def test_text_off_the_page_is_dropped(tmp_path: Path) -> None:
    register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont(FONT, 16)
    c.drawString(80, 700, "页面内的文字")
    c.drawString(80, -200, "页面外的文字")
    c.drawString(WIDTH + 50, 400, "右侧外")
    c.showPage()
    c.save()
    (page,) = _pages(tmp_path, buf.getvalue())
    assert page is not None and _texts(page) == ["页面内的文字"]


def test_page_pdfminer_cannot_parse_is_read_by_pdfium(
    tmp_path: Path, notice: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pdfminer.pdfparser import PDFSyntaxError

    def broken(plumber_page: Any, number: int) -> tuple[Page, bool]:
        raise PDFSyntaxError("bad content stream")

    monkeypatch.setattr(textlayer, "_read_plumber_page", broken)
    pages = _pages(tmp_path, notice)
    assert len(pages) == 2
    page = pages[0]
    assert page is not None and page.engine == "pdfium"
    assert (round(page.width), round(page.height)) == (595, 842)
    assert "三级指标" in _texts(page)
    # rulings from pdfium's path objects: the red rule and the table grid
    from pipeline.layout.tables import reconstruct_tables

    assert any(r.is_horizontal and abs(r.top - 140) < 1 for r in page.rulings)
    (table,), _ = reconstruct_tables(page)
    assert (table.n_rows, table.n_cols) == (5, 4)


def test_partly_undecodable_page_prefers_the_cleaner_reader(
    tmp_path: Path, notice: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from pipeline.core.model import TextBox

    original = textlayer._read_plumber_page

    def some_cids(plumber_page: Any, number: int) -> tuple[Page, bool]:
        page, usable = original(plumber_page, number)
        boxes = tuple(TextBox("(cid:12)" + b.text, b.bbox) for b in page.boxes)
        return replace(page, boxes=boxes), usable

    monkeypatch.setattr(textlayer, "_read_plumber_page", some_cids)
    page = _pages(tmp_path, notice)[0]
    assert page is not None and page.engine == "pdfium"
    assert textlayer.bad_share(page) == 0


def test_bad_share() -> None:
    from pipeline.core.model import TextBox

    p = Page(1, 10, 10, (TextBox("(cid:1)ab\ue000", BBox(0, 0, 1, 1)),))
    assert textlayer.bad_share(p) == 0.5
    assert textlayer.bad_share(Page(1, 10, 10, ())) == 0


def test_scan_with_text_layer_reports_pdfplumber(tmp_path: Path) -> None:
    (page,) = _pages(tmp_path, _scan_pdf(body_lines=5))
    assert page is not None and page.engine == "pdfplumber"


def test_straight_pieces_skip_bezier_parts() -> None:
    from pipeline.read.rulings import straight_pieces

    curve = {
        "path": [
            ("m", (0.0, 0.0)), ("l", (100.0, 0.0)),
            ("c", (100.0, 50.0), (50.0, 100.0), (0.0, 100.0)), ("h",),
        ],
        "pts": [(0.0, 0.0), (100.0, 0.0), (100.0, 50.0), (50.0, 100.0), (0.0, 100.0)],
    }
    assert straight_pieces(curve) == [((0.0, 0.0), (100.0, 0.0)), ((0.0, 100.0), (0.0, 0.0))]
    assert straight_pieces({"pts": [(0, 0), (5, 0)]}) == [((0.0, 0.0), (5.0, 0.0))]


def test_seal_circle_gives_no_rulings(tmp_path: Path) -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setStrokeColorRGB(0.9, 0.1, 0.1)
    c.circle(400, 200, 60, stroke=1, fill=0)
    register_font()
    c.setFont(FONT, 16)
    c.drawString(80, 700, "正文")
    c.showPage()
    c.save()
    (page,) = _pages(tmp_path, buf.getvalue())
    assert page is not None and page.rulings == ()


# --- pages no text reader can parse (issue 18) ------------------------------------

SEED = Path(__file__).resolve().parents[1] / "samples" / "seed000" / "notice.pdf"


def _damage_content(data: bytes, index: int) -> bytes:
    """Page ``index``'s ASCII85 content stream with bytes outside ASCII85 (pdfminer raises)."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    contents = pdf.pages[index].Contents
    raw = contents.read_raw_bytes()
    contents.write(raw[:40] + bytes(range(200, 240)) + raw[80:], filter=contents.Filter)
    out = io.BytesIO()
    pdf.save(out, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


def test_a_page_pdfminer_cannot_parse_is_ocred_and_the_rest_keeps_its_text(tmp_path: Path) -> None:
    from pipeline.run import Settings, extract_document

    path = write(tmp_path / "d.pdf", _damage_content(SEED.read_bytes(), 1))
    document, _ = extract_document(path, Settings(ocr_engine="fake", ocr_cache=""))
    assert [p.text_source for p in document.pages] == ["text-layer", "ocr", "text-layer", "text-layer"]
    assert document.text_source == "mixed"
    assert document.pages[0].boxes and document.pages[2].boxes


def test_a_file_pdfminer_cannot_open_is_read_by_pdfium(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pdfplumber.utils.exceptions import PdfminerException

    def broken(*_a: Any, **_k: Any) -> Any:
        raise PdfminerException(ValueError("broken xref"))

    monkeypatch.setattr(textlayer.pdfplumber, "open", broken)
    pages = _pages(tmp_path, SEED.read_bytes())
    assert len(pages) == 4 and all(p is not None and p.engine == "pdfium" for p in pages)


def test_no_traceback_in_the_log_of_a_damaged_page(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    with caplog.at_level(logging.WARNING):
        _pages(tmp_path, _damage_content(SEED.read_bytes(), 1))
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings and all(r.exc_info is None for r in warnings)
    assert any("page 2: pdfminer failed" in r.getMessage() for r in warnings)


def test_kangxi_radicals_in_the_text_layer_read_as_ideographs(tmp_path: Path) -> None:
    """Some producers write ⽇ (U+2F47, a Kangxi radical) for 日: the words carry 日, and a page
    of such text still counts as real CJK text (no OCR)."""
    (page,) = _pages(tmp_path, _lines_pdf("⼆〇⼆⼆年⼗⼆⽉⼀⽇下达资⾦", 5))
    assert page is not None
    assert _texts(page) == ["二〇二二年十二月一日下达资金"] * 5
