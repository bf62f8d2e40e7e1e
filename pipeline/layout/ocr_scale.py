"""OCR: a photographed 续表 page at a slightly different scale from the page before, its x
positions mapped onto that page's before the two parts of the table are joined.

    scaled_page(first, second, page) -> Page | None

Two pages photographed one after the other are rarely taken from quite the same
distance: the second part of a table then has the first part's columns, each edge
a little further off the more it lies to one side (page 4 of a scan: -1.5 pt at the
left border, +3.2 pt at the right, a scale of 0.996), and a join that only allows
the whole page to lie shifted (``blocks.scan_shift``, ``blocks.shared_edges``)
refuses it. When the OCR part ``second`` opening ``page`` has as many column edges
as the part ``first`` ending the page before, and one straight line maps the ones
onto the others (least squares: a scale within ``MAX_SCALE`` of 1, every edge within
``blocks.COLUMN_TOLERANCE`` of its image), every x of ``page`` (boxes, rules) is
mapped by it; its y positions are kept. None when the parts join as they are, do
not match so, or ``page`` is a text layer.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from pipeline.core.model import BBox, Page, Ruling, Table
from pipeline.layout.blocks import COLUMN_TOLERANCE, column_edges, scan_shift, shared_edges

__all__ = ["MAX_SCALE", "scaled_page"]

MAX_SCALE = 0.02  # 2 %: more is another table, not the same one photographed closer


def scaled_page(first: Table, second: Table, page: Page) -> Page | None:
    """``page`` with its x positions mapped onto ``first``'s page (see the module docstring)."""
    if page.text_source != "ocr" or shared_edges(first, second, shift=scan_shift(first, second)) is not None:
        return None
    ea, eb = np.array(column_edges(first)), np.array(column_edges(second))
    if len(ea) != len(eb) or len(ea) < 3 or len(ea) != first.n_cols + 1 or len(eb) != second.n_cols + 1:
        return None
    scale, offset = np.polyfit(eb, ea, 1)
    if abs(scale - 1.0) > MAX_SCALE or np.max(np.abs(scale * eb + offset - ea)) > COLUMN_TOLERANCE:
        return None

    def x(v: float) -> float:
        return float(scale * v + offset)

    boxes = tuple(replace(b, bbox=BBox(x(b.bbox.x0), b.bbox.top, x(b.bbox.x1), b.bbox.bottom), chars=()) for b in page.boxes)
    rulings = tuple(Ruling(x(r.x0), r.top, x(r.x1), r.bottom) for r in page.rulings)
    return replace(page, boxes=boxes, rulings=rulings)
