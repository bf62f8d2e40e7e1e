"""Fill-in blanks (填空线) of a scanned page: a blank underline printed beside text.

    fill_in_blanks(page, free, tables) -> tuple[TextBox, ...]   underscore boxes to add

A template prints a blank to fill in as underscores (``______区财政局：``,
``（直达资金管理）_________万元``). The text layer of a digital page keeps them as
``_`` characters; OCR reads no glyph there, and the rule detector finds a short
horizontal ruling instead, so the scan loses the blank and with it the line's
start (a 主送 that no longer starts at the margin). A ruling is such a blank when:

- it is horizontal, thin, at least two underscores long, outside every table;
- it lies in the lower half of a free text box's line band (where an underline
  runs), with no box of the page over it;
- it touches that line's text: a box starts or ends within ``ADJACENT_EMS`` of it.

Its box reads ``_`` once per half an em of its length (an underscore is half a
CJK character wide), the em being the page's median character pitch. Pages read
from a text layer are left alone: their underscores are text.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from pipeline.core.model import BBox, Page, Ruling, Table, TextBox
from pipeline.core.textnorm import text_ems

ADJACENT_EMS = 0.75  # the blank's end within this many ems of its text
THIN = 2.5  # points: a ruling at most this thick is a line, not a bar
MIN_UNDERSCORES = 2
MAX_EMS = 20.0  # longer is a rule across the page, not a blank
_MIN_PITCH_UNITS = 8  # a box this many characters long measures the pitch


def page_em(boxes: Sequence[TextBox]) -> float | None:
    """The median character pitch (points per em) of the page's longer boxes."""
    pitches = [b.bbox.width / u for b in boxes if (u := text_ems(b.text)) >= _MIN_PITCH_UNITS]
    return statistics.median(pitches) if pitches else None


def _in_band(r: Ruling, box: TextBox) -> bool:
    y = (r.top + r.bottom) / 2
    return box.bbox.cy <= y <= box.bbox.bottom + 0.25 * box.bbox.height


def _blank(r: Ruling, page: Page, free: Sequence[TextBox], em: float) -> TextBox | None:
    width = r.x1 - r.x0
    n = round(width / (em / 2))
    if r.bottom - r.top > THIN or n < MIN_UNDERSCORES or width > MAX_EMS * em:
        return None
    if any(_in_band(r, b) and min(b.bbox.x1, r.x1) - max(b.bbox.x0, r.x0) > 0.25 * em for b in page.boxes):
        return None  # text over it: an underline of words, or a table's rule
    line = [b for b in free if _in_band(r, b)]
    left = [b for b in line if -0.25 * em <= r.x0 - b.bbox.x1 <= ADJACENT_EMS * em]
    right = [b for b in line if -0.25 * em <= b.bbox.x0 - r.x1 <= ADJACENT_EMS * em]
    if not left and not right:
        return None
    beside = (left or right)[0]
    x0 = max(b.bbox.x1 for b in left) if left else r.x0
    x1 = min(b.bbox.x0 for b in right) if right else r.x1
    bbox = BBox(min(x0, r.x0), beside.bbox.top, max(x1, r.x1), beside.bbox.bottom)
    return TextBox("_" * n, bbox, confidence=beside.confidence)


def fill_in_blanks(page: Page, free: Sequence[TextBox], tables: Sequence[Table]) -> tuple[TextBox, ...]:
    """Underscore boxes for the blank underlines of an OCR page (see the module docstring)."""
    if page.text_source != "ocr" or not page.rulings:
        return ()
    em = page_em(page.boxes)
    if em is None:
        return ()
    out: list[TextBox] = []
    for r in page.rulings:
        if not r.is_horizontal or any(_inside(r, t.bbox) for t in tables):
            continue
        box = _blank(r, page, free, em)
        if box is not None:
            out.append(box)
    return tuple(out)


def _inside(r: Ruling, bbox: BBox) -> bool:
    return bbox.x0 - 1 <= r.x0 and r.x1 <= bbox.x1 + 1 and bbox.top - 1 <= r.top and r.bottom <= bbox.bottom + 1
