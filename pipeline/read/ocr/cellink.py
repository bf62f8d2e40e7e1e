"""A table cell's ink, cleaned for the cell-line finder (``regions.cell_lines``).

    edge_slivers(ink) -> ink          a rule's slivers along the cell's inset dropped
    faint_columns(gray, em, ink) -> cols  a line's columns holding faint strokes (thin brackets, 一)
    hairline(cols, height, em)        a "line" that is a piece of a drifting rule

A scanned rule is not where the grid says, nor as sharp: a skewed rule
leaves a sliver a pixel or two wide just inside a cell's inset, and one
drifting further leaves a hairline piece inside the cell. Either would
stretch a line's rectangle to the edge (and show recognition a speck on
the way: ``. 金额``) or make a line of its own (read ``1``). A light scan
loses the other way: the thin strokes of a bracket stay above the ink
threshold, and a line cut to its ink leaves its brackets out (``（人）``
read ``人``); the flat strokes of 一 and 二 go the same way, their ends'
serifs left as specks (``一二一团`` read ``一团``). Pure functions of arrays.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

Mask = npt.NDArray[np.bool_]

HAIRLINE_EM = 0.1  # ink this narrow (of an em) and short is a piece of a rule, not a line
SLIVER_PX = 2  # a rule's sliver inside a cell's inset lies within this many pixels of its edge
PAPER_MARGIN = 30  # grey levels under the paper's that are ink, however faint
FAINT_TALL = 0.3  # a faint column's ink runs down this much of an em (a bracket's stroke)
FAINT = 225  # grey below this, beside a line's ink: a faint stroke of it (a thin bracket on a light scan)
FAINT_LONG = 0.4  # a faint run along a row this long (of an em): a flat stroke (一, light scan)
STROKE_MAX = 1.5  # ...and no longer: a faint run across a cell is a rule's rim, not a character's


def edge_slivers(ink: Mask) -> Mask:
    """``ink`` without the slivers a skewed or blurred rule leaves inside a
    cell's inset: a blob wholly within the SLIVER_PX columns (rows) along the
    inset's left or right (top or bottom) edge, longer than it is wide. Text
    reaches inwards from there; a sliver would stretch its line's rectangle
    to the edge and show recognition a speck on the way (``. 金额``)."""
    h, w = ink.shape
    k = SLIVER_PX
    if h <= 2 * k or w <= 2 * k:
        return ink
    edges = ink[:, :k].any() or ink[:, -k:].any() or ink[:k, :].any() or ink[-k:, :].any()
    if not edges:
        return ink
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    x, y = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    bw, bh = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    upright = ((x + bw <= k) | (x >= w - k)) & (bh > bw)
    flat = ((y + bh <= k) | (y >= h - k)) & (bw > bh)
    sliver = upright | flat
    sliver[0] = False
    if not sliver.any():
        return ink
    out: Mask = ink & ~sliver[labels]
    return out


def faint_columns(
    gray: npt.NDArray[np.uint8], em: float, ink: Mask | None = None
) -> npt.NDArray[np.bool_]:
    """Columns of a line's rows (grey levels inside a cell's inset) holding
    faint ink down FAINT_TALL of an em or more (a stroke, not the haze of
    JPEG round a figure): pixels below FAINT and PAPER_MARGIN darker than
    the rows' paper (their median: text covers a small share). The thin strokes of a bracket
    on a light scan stay above the ink threshold (``regions.ink_mask``), or break
    into specks; beside the line's ink (``regions._reach``) they are its characters,
    and its rectangle must take them in (``（人）`` read as ``人``, ``(万元)`` as
    ``万元)``). So do the columns under a faint flat stroke (``_flat_strokes``:
    the 一 of ``一二一团``, whose serif alone passes the threshold, as a speck),
    measured on the faint pixels that are neither the line's ``ink`` nor next to it:
    a run through a dark glyph or along its blurred rim is no stroke the ink lacks.
    The SLIVER_PX columns along the inset's edges never count: a rule's blurred rim."""
    if gray.size == 0:
        return np.zeros(gray.shape[1], dtype=bool)
    level = min(FAINT, float(np.median(gray)) - PAPER_MARGIN)  # a grey scan's paper may be darker
    faint = gray < level
    cols: npt.NDArray[np.bool_] = faint.sum(axis=0) >= max(2.0, FAINT_TALL * em)
    alone = faint  # faint and clear of the ink: the blurred rim of its own strokes is no stroke
    if ink is not None:
        alone = faint & ~(cv2.dilate(ink.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0)
    cols |= _flat_strokes(alone, faint, em)
    cols[:SLIVER_PX] = False
    cols[-SLIVER_PX:] = False
    return cols


def _flat_strokes(alone: Mask, dark: Mask, em: float) -> npt.NDArray[np.bool_]:
    """Columns under a run of ``alone`` (faint pixels clear of the ink) along one
    row, FAINT_LONG of an em long or more, inside a run of ``dark`` (faint or
    ink) no longer than STROKE_MAX: a character's flat stroke (一, 二, 三), not
    haze beside a glyph nor a rule's piece across the cell (faint between its
    inked stretches, dark all along)."""
    if alone.size == 0:
        return np.zeros(alone.shape[1], dtype=bool)
    lo, hi = max(3, int(round(FAINT_LONG * em))), int(round(STROKE_MAX * em)) + 1
    stroke: Mask = _row_runs(alone, lo) & ~_row_runs(dark, hi)
    out: npt.NDArray[np.bool_] = np.asarray(stroke.any(axis=0), dtype=bool)
    return out


def _row_runs(mask: Mask, length: int) -> Mask:
    """The pixels of ``mask`` in a run along their row ``length`` long or more."""
    kernel = np.ones((1, length), np.uint8)
    opened = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_OPEN, kernel, borderValue=0)
    out: Mask = opened > 0
    return out


def hairline(cols: npt.NDArray[np.intp], height: int, em: float) -> bool:
    """A line whose ink is a hairline: no wider than HAIRLINE_EM of an em and
    shorter than half of one (a piece of a drifting rule inside the cell, read
    as ``1``); the stem of a printed ``1`` is as tall as a figure."""
    return bool(cols[-1] - cols[0] + 1 <= max(1.0, HAIRLINE_EM * em) and height < em / 2)
