"""A table cell's ink, cleaned for the cell-line finder (``regions.cell_lines``).

    edge_slivers(ink) -> ink          a rule's slivers along the cell's inset dropped
    faint_columns(gray, em) -> cols   a line's columns holding faint strokes (thin brackets)
    hairline(cols, height, em)        a "line" that is a piece of a drifting rule

A scanned rule is not where the grid says, nor as sharp: a skewed rule
leaves a sliver a pixel or two wide just inside a cell's inset, and one
drifting further leaves a hairline piece inside the cell. Either would
stretch a line's rectangle to the edge (and show recognition a speck on
the way: ``. 金额``) or make a line of its own (read ``1``). A light scan
loses the other way: the thin strokes of a bracket stay above the ink
threshold, and a line cut to its ink leaves its brackets out (``（人）``
read ``人``). Pure functions of arrays.
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


def faint_columns(gray: npt.NDArray[np.uint8], em: float) -> npt.NDArray[np.bool_]:
    """Columns of a line's rows (grey levels inside a cell's inset) holding
    faint ink down FAINT_TALL of an em or more (a stroke, not the haze of
    JPEG round a figure): pixels below FAINT and PAPER_MARGIN darker than
    the rows' paper (their median: text covers a small share). The thin strokes of a bracket
    on a light scan stay above the ink threshold (``regions.ink_mask``), or break
    into specks; beside the line's ink (``regions._reach``) they are its characters,
    and its rectangle must take them in (``（人）`` read as ``人``, ``(万元)`` as
    ``万元)``). The SLIVER_PX columns along the inset's edges never count:
    a rule's blurred rim."""
    if gray.size == 0:
        return np.zeros(gray.shape[1], dtype=bool)
    level = min(FAINT, float(np.median(gray)) - PAPER_MARGIN)  # a grey scan's paper may be darker
    cols: npt.NDArray[np.bool_] = (gray < level).sum(axis=0) >= max(2.0, FAINT_TALL * em)
    cols[:SLIVER_PX] = False
    cols[-SLIVER_PX:] = False
    return cols


def hairline(cols: npt.NDArray[np.intp], height: int, em: float) -> bool:
    """A line whose ink is a hairline: no wider than HAIRLINE_EM of an em and
    shorter than half of one (a piece of a drifting rule inside the cell, read
    as ``1``); the stem of a printed ``1`` is as tall as a figure."""
    return bool(cols[-1] - cols[0] + 1 <= max(1.0, HAIRLINE_EM * em) and height < em / 2)
