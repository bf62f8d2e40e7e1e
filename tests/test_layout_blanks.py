"""Fill-in blanks of a scanned page (pipeline/layout/blanks.py): a blank underline the rule
detector found beside text becomes the underscores a text layer would give."""

from __future__ import annotations

from pipeline.core.model import BBox, Line, Page, Ruling, TextBox
from pipeline.layout.blanks import fill_in_blanks, page_em
from pipeline.layout.blocks import page_blocks

EM = 16.0
BODY = "鉴定补贴、社会保险补贴、公益性岗位补贴、创业补贴、就业"  # 26 characters: the page's pitch


def _box(text: str, x0: float, top: float, *, width: float | None = None) -> TextBox:
    w = width if width is not None else EM * len(text)
    return TextBox(text, BBox(x0, top, x0 + w, top + 20.0), confidence=0.99)


def _page(boxes: list[TextBox], rulings: list[Ruling], source: str = "ocr") -> Page:
    body = [_box(BODY, 80.0, 600.0 + 30 * i) for i in range(3)]
    return Page(1, 595.0, 842.0, tuple(body + boxes), tuple(rulings), text_source=source)  # type: ignore[arg-type]


def _lines(page: Page) -> list[str]:
    return [b.text for b in page_blocks(page) if isinstance(b, Line)]


def test_the_page_pitch_is_the_median_of_its_longer_boxes() -> None:
    assert page_em([_box(BODY, 80.0, 100.0), _box("短", 80.0, 130.0, width=40.0)]) == EM


def test_a_blank_before_the_recipients_reads_as_underscores() -> None:
    rec = _box("区财政局：", 192.0, 346.0)
    page = _page([rec], [Ruling(80.0, 364.9, 192.0, 364.9)])  # 112 points: 14 underscores
    assert "______________区财政局：" in _lines(page)


def test_a_blank_between_words_keeps_the_line_whole() -> None:
    left, right = _box("资金管理）", 80.0, 459.0), _box("万元，纳入结算", 200.0, 459.0)
    page = _page([left, right], [Ruling(162.0, 476.8, 202.0, 476.8)])  # 40 points: 5 underscores
    (blank,) = fill_in_blanks(page, page.boxes, ())
    assert blank.text == "_____"
    assert "资金管理）_____万元，纳入结算" in _lines(page)  # no gap left on either side


def test_what_is_no_blank_is_left_alone() -> None:
    rec = _box("区财政局：", 192.0, 346.0)
    cases = [
        _page([rec], [Ruling(80.0, 364.9, 192.0, 364.9)], source="text-layer"),  # a text layer has its underscores
        _page([rec], [Ruling(192.0, 364.9, 272.0, 364.9)]),  # an underline under words
        _page([rec], [Ruling(80.0, 390.0, 192.0, 390.0)]),  # below the line, not on it
        _page([rec], [Ruling(40.0, 364.9, 150.0, 364.9)]),  # not touching the text
        _page([rec], [Ruling(80.0, 364.9, 86.0, 364.9)]),  # shorter than two underscores
        _page([rec], [Ruling(80.0, 364.9, 192.0, 367.9)]),  # a bar, not a line
        _page([rec], [Ruling(80.0, 340.0, 80.0, 370.0)]),  # vertical
    ]
    for page in cases:
        assert fill_in_blanks(page, page.boxes, ()) == ()
