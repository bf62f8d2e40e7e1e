"""OCR lines split where the page leaves a column's width of paper (pipeline/read/ocr/gaps.py)."""

from __future__ import annotations

import numpy as np

from pipeline.core.model import BBox, CharBox, TextBox
from pipeline.read.ocr.gaps import is_figures, split_at_gaps, split_box

DPI = 72  # one pixel a point: boxes and drawing share their numbers
EM = 20  # a character's height and width, in pixels


def _page(widths: list[int], gaps: list[int], *, grey: int = 90, height: int = EM) -> tuple[np.ndarray, BBox]:
    """A grey scan's band of blocks (characters) ``widths`` wide, ``gaps`` apart; the box around them."""
    img = np.full((100, 800, 3), 235, dtype=np.uint8)
    x, top = 40, 40
    for i, w in enumerate(widths):
        img[top : top + height, x : x + w] = grey
        img[top + height // 2, x + 1 : x + w - 1] = 235  # a stroke's open middle
        x += w + (gaps[i] if i < len(gaps) else 0)
    return img, BBox(36.0, top - 4.0, x + 4.0, top + height + 4.0)


def _box(text: str, bbox: BBox, chars: tuple[CharBox, ...] = ()) -> TextBox:
    return TextBox(text, bbox, confidence=0.95, chars=chars)


def test_two_header_labels_glued_by_the_detector_part_at_their_gap() -> None:
    # 一类幼儿（ | 二类幼儿（ : four characters and a bracket each, a blank over an em between them
    widths = [18, 18, 18, 18, 8] * 2
    gaps = [3, 3, 3, 10, 24, 3, 3, 3, 10]
    img, bbox = _page(widths, gaps)
    xs = [40 + sum(widths[:i]) + sum(gaps[:i]) for i in range(len(widths))]
    chars = tuple(CharBox(c, x, x + 18.0) for c, x in zip("一类幼儿（二类幼儿（", xs, strict=True))
    left, right = split_box(_box("一类幼儿（二类幼儿（", bbox, chars), img, DPI)
    assert (left.text, right.text) == ("一类幼儿（", "二类幼儿（")
    assert left.bbox.x1 < right.bbox.x0 and left.bbox.top == bbox.top  # ink-tight across, the line's height kept
    # without the engine's positions the cut may be a character off: an
    # opening mark beside it asks for its blank half on top
    unplaced = _box("一类幼儿（二类幼儿（", bbox)
    assert split_box(unplaced, img, DPI) == (unplaced,)


def test_characters_placed_by_the_engine_decide_the_cut() -> None:
    widths = [18, 18, 18, 18]
    img, bbox = _page(widths, [3, 24, 3])
    xs = [40, 61, 103, 124]
    chars = tuple(CharBox(c, x, x + 18.0) for c, x in zip("甲乙丙丁", xs, strict=True))
    left, right = split_box(_box("甲乙丙丁", bbox, chars), img, DPI)
    assert (left.text, right.text) == ("甲乙", "丙丁")
    assert [c.text for c in left.chars] == ["甲", "乙"] and [c.text for c in right.chars] == ["丙", "丁"]


def test_two_figures_glued_stay_one_line() -> None:
    # 494400 | 702, 14 apart: left whole (the unruled layout could not keep the row; module docstring)
    widths = [10] * 9
    gaps = [2, 2, 2, 2, 2, 14, 2, 2]
    img, bbox = _page(widths, gaps)
    assert split_box(_box("494400702", bbox), img, DPI) == (_box("494400702", bbox),)


def test_what_one_text_prints_stays_whole() -> None:
    # a letter-spaced label (合    计): one character a piece is no label
    img, bbox = _page([18, 18], [60])
    assert split_box(_box("合计", bbox), img, DPI) == (_box("合计", bbox),)
    # a closing mark's and an opening mark's blank halves (通知》 （附件）) are no column gap
    img, bbox = _page([18, 18, 8, 8, 18, 18], [3, 3, 24, 3, 3])
    box = _box("通知》（附件", bbox)
    assert split_box(box, img, DPI) == (box,)


def test_no_ink_to_measure_and_red_boxes_are_left_alone() -> None:
    img, bbox = _page([18, 18, 18, 18], [3, 30, 3], grey=225)  # too faint to tell ink from paper
    box = _box("甲乙丙丁", bbox)
    assert split_box(box, img, DPI) == (box,)
    img, bbox = _page([18, 18, 18, 18], [3, 30, 3])
    red = TextBox("甲乙丙丁", bbox, confidence=0.95, is_red=True)
    assert split_box(red, img, DPI) == (red,)
    assert [b.text for b in split_at_gaps((_box("甲乙丙丁", bbox), red), img, DPI)] == ["甲乙", "丙丁", "甲乙丙丁"]


def test_is_figures() -> None:
    assert is_figures("1,234.56") and is_figures("660000 980") and is_figures("-5%")
    assert not is_figures("12户") and not is_figures("..")
