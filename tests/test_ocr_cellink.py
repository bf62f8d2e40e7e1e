"""A cell line's faint strokes on a light scan (``pipeline.read.ocr.cellink``; no engine).

Built from the scan sweep's case (seed 5, a light grey scan at 150 dpi read at 200): the
unit cell ``一二一团`` of a ruled table, whose flat strokes came out grey 200-225 on white
paper, three pixels thick, with only their serifs dark enough to pass the ink threshold
(as specks); the line was cut to ``团`` and read ``一团``.
"""

from __future__ import annotations

import numpy as np

from pipeline.core.model import Ruling
from pipeline.read.ocr import regions
from pipeline.read.ocr.cellink import faint_columns
from tests.pagebuilder import draw_grid

DPI = 200
PX = DPI / 72.0
CELL_X = (217, 611)  # the 单位 column, 78.1-220.0 pt
CELL_Y = (573, 647)  # the 一二一团 row, 206.3-232.9 pt
MID = 609  # the strokes' row (the line's middle)


def _grid() -> tuple[np.ndarray, tuple[Ruling, ...]]:
    """Paper and the rules: the 单位 column and one beside it, a row above and below."""
    img = np.full((900, 1000, 3), 254, dtype=np.uint8)
    xs, ys = (*CELL_X, 900), (CELL_Y[0] - 74, *CELL_Y, CELL_Y[1] + 74)
    return img, draw_grid(img, xs, ys, PX)


def _page() -> np.ndarray:
    return _grid()[0]


def _stroke(img: np.ndarray, x0: int, x1: int, y: int) -> None:
    """A flat stroke on a light scan: faint grey, a darker serif at its right end."""
    img[y - 1 : y + 2, x0:x1] = 212
    img[y - 2 : y + 3, x1 - 3 : x1] = 150


def _line_x0(img: np.ndarray) -> int:
    cells = regions.table_cells(_grid()[1], DPI, img.shape)
    gray = regions.gray_of(img)
    found = regions.cell_lines(regions.ink_mask(img, gray=gray), cells, DPI, gray=gray)
    lines = [ln for ln in found if ln.rect[0] < CELL_X[1] and CELL_Y[0] < ln.rect[1] < CELL_Y[1]]
    assert len(lines) == 1
    return lines[0].rect[0]


def _tuan(img: np.ndarray) -> None:
    """团: a full-height glyph (its frame and strokes), dark enough to be ink."""
    img[595:623, 445:448] = 60
    img[595:623, 467:470] = 60
    img[595:598, 445:470] = 60
    img[620:623, 445:470] = 60
    img[600:618, 456:459] = 60


def test_a_lines_faint_flat_strokes_before_its_ink_are_in_its_rectangle() -> None:
    """一二一团 on a light scan: the line reaches over the three flat characters before 团."""
    img = _page()
    _tuan(img)
    plain = _line_x0(img.copy())
    _stroke(img, 356, 382, MID)  # 一
    _stroke(img, 389, 407, MID - 6)  # 二's short upper stroke
    _stroke(img, 386, 410, MID + 7)  # 二's long lower stroke
    _stroke(img, 415, 441, MID)  # 一
    got = _line_x0(img)
    assert got < 356 < plain


def test_haze_and_a_rules_rim_stretch_no_line() -> None:
    """A faint run a few pixels long (JPEG haze) or right across the cell (a rule's
    rim, longer than any character's stroke) is no flat stroke."""
    img = _page()
    _tuan(img)
    plain = _line_x0(img.copy())
    haze = img.copy()
    haze[MID : MID + 2, 432:438] = 212
    assert _line_x0(haze) == plain
    rim = img.copy()
    rim[MID : MID + 2, 225:442] = 212
    assert _line_x0(rim) == plain


def test_faint_columns_take_flat_strokes_as_well_as_tall_ones() -> None:
    em = 27.0
    gray = np.full((30, 120), 254, dtype=np.uint8)
    gray[14:17, 10:36] = 212  # a flat stroke, about an em long
    gray[3:27, 60:62] = 212  # a bracket's tall thin stroke
    gray[14:16, 90:95] = 212  # haze
    cols = faint_columns(gray, em)
    assert cols[10:36].all() and cols[60:62].all()
    assert not cols[90:95].any() and not cols[40:58].any()


def test_a_rules_faint_stretches_between_its_inked_ones_are_no_strokes() -> None:
    """A row rule drifting into a line's rows (the sweep's seed-5 check over committed
    scans, r39): inked stretches with faint ones between them, dark all across; and
    the blurred rim under a glyph's bottom stroke. Neither widens the line."""
    em = 27.0
    gray = np.full((40, 120), 254, dtype=np.uint8)
    gray[8, 0:120] = 212
    for x0 in (0, 45, 90):
        gray[8, x0 : x0 + 15] = 90  # the rule's inked stretches, faint 15 px between them
    gray[24:33, 50:70] = 90  # a glyph's bottom stroke...
    gray[33, 40:80] = 215  # ...and the rim under it, wider than its ink
    ink = gray < 128
    assert not faint_columns(gray, em, ink)[[20, 30, 40, 75, 80]].any()
    gray[16:19, 75:101] = 212  # a flat stroke clear of both
    assert faint_columns(gray, em, ink)[75:101].all()
