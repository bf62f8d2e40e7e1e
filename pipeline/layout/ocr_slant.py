"""OCR: a page photographed aslant, its table rows levelled before they are grouped.

The reading flow deskews a page by its horizontal rules and text lines; a
photographed page whose table prints column rules only (no row rules) can
come out of it still slanted by a degree or two. Its column rules are then
found upright (a rule is stored as a box), but their ends are not level:
every rule starts and stops a little higher than the one to its left (page
6 of a students' table: tops 95.8 … 76.3 pt across 442 pt, a slope of
-0.044). Across the table a row then climbs by most of a row's height, and a
row's right-hand cells are grouped with the row above.

``unslanted(page)`` measures the slope from those rule ends: at least
``MIN_RULES`` column rules whose tops lie on one straight line and whose
bottoms lie on another of the same slope (a table whose rules start at
different header levels fits no line and is left alone), the slope between
``MIN_SLOPE`` and ``MAX_SLOPE``, and no row rule across the table (a page
with row rules was levelled by the reading flow, or is slanted in a way a
shear of upright boxes cannot undo). A rule across the table that lies on
the slanted bottom (or top) edge itself, read as one level rule through its
middle (the closing rule of a 续表's last row on page 4 of a target table:
level at 113.6 pt while the column rules end at 123.1 … 106.9 pt), is that
edge, no row rule: it does not stop the levelling. The page is then sheared back: every
box and rule moved up or down by ``slope x (its centre - the rules' centre)``;
sizes and x positions are kept. Text-layer pages are never touched.

    page = unslanted(page)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from pipeline.core.model import BBox, Page, Ruling

__all__ = ["MAX_SLOPE", "MIN_RULES", "MIN_SLOPE", "rule_slope", "unslanted"]

MIN_RULES = 4
MIN_SLOPE = 0.01  # under 0.6 degree a row climbs under 5 pt across a page: harmless
MAX_SLOPE = 0.07  # 4 degrees: more is no photograph of a page the reader deskewed
MAX_RESIDUAL_PT = 1.5  # a rule end off the fitted line by more: the ends are not one slanted edge
SLOPE_AGREEMENT = 0.008  # tops' and bottoms' slopes this close: one slant


def _fit(points: Sequence[tuple[float, float]]) -> tuple[float, float, float] | None:
    """Least-squares slope of y over x and the points' centre (x, y), or None when the x's do not
    spread or a point lies off the fitted line by more than ``MAX_RESIDUAL_PT``."""
    xs, ys = np.array([x for x, _ in points]), np.array([y for _, y in points])
    if np.ptp(xs) <= 0:
        return None
    slope, intercept = np.polyfit(xs, ys, 1)
    if np.max(np.abs(ys - (intercept + slope * xs))) > MAX_RESIDUAL_PT:
        return None
    return float(slope), float(xs.mean()), float(ys.mean())


def _on_edge(r: Ruling, edge: tuple[float, float, float]) -> bool:
    """A level rule through the middle of a slanted edge line: its y is the line's at its centre."""
    slope, cx, cy = edge
    return abs(r.top - (cy + slope * ((r.x0 + r.x1) / 2 - cx))) <= 2 * MAX_RESIDUAL_PT


def _one_table(columns: list[Ruling]) -> list[Ruling]:
    """The column rules beside the longest one (overlapping it by half its length or more): one
    table's, without a scanner's edge line or a rule of another table."""
    if not columns:
        return []
    longest = max(columns, key=lambda r: r.bottom - r.top)
    reach = (longest.bottom - longest.top) / 2
    return [r for r in columns if min(r.bottom, longest.bottom) - max(r.top, longest.top) >= reach]


def rule_slope(rulings: Sequence[Ruling]) -> tuple[float, float] | None:
    """(slope, centre x) of the column rules' slanted ends, or None (see the module docstring)."""
    columns = _one_table([r for r in rulings if not r.is_horizontal and r.bottom - r.top > 0])
    if len(columns) < MIN_RULES:
        return None
    tops = _fit([((r.x0 + r.x1) / 2, r.top) for r in columns])
    bottoms = _fit([((r.x0 + r.x1) / 2, r.bottom) for r in columns])
    if tops is None or bottoms is None or abs(tops[0] - bottoms[0]) > SLOPE_AGREEMENT:
        return None
    slope = (tops[0] + bottoms[0]) / 2
    if not MIN_SLOPE <= abs(slope) <= MAX_SLOPE:
        return None
    left, right = min(r.x0 for r in columns), max(r.x1 for r in columns)
    top, bottom = min(r.top for r in columns), max(r.bottom for r in columns)
    across = any(
        r.is_horizontal and r.x0 < right and r.x1 > left and top - MAX_RESIDUAL_PT <= r.top <= bottom + MAX_RESIDUAL_PT
        and not (_on_edge(r, tops) or _on_edge(r, bottoms))
        for r in rulings
    )
    return None if across else (slope, tops[1])


def _moved(b: BBox, dy: float) -> BBox:
    return BBox(b.x0, b.top + dy, b.x1, b.bottom + dy)


def unslanted(page: Page) -> Page:
    """``page`` sheared level when its column rules say it is slanted (OCR pages only)."""
    if page.text_source != "ocr":
        return page
    found = rule_slope(page.rulings)
    if found is None:
        return page
    slope, centre = found

    def dy(x0: float, x1: float) -> float:
        return -slope * ((x0 + x1) / 2 - centre)

    boxes = tuple(replace(b, bbox=_moved(b.bbox, dy(b.bbox.x0, b.bbox.x1)), chars=()) for b in page.boxes)
    rulings = tuple(
        Ruling(r.x0, r.top + dy(r.x0, r.x1), r.x1, r.bottom + dy(r.x0, r.x1)) for r in page.rulings
    )
    return replace(page, boxes=boxes, rulings=rulings)
