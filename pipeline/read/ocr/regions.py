"""Where on a page OCR is worth spending (识别区域): text bands, table cells, cell lines.

    ink_mask(image) -> mask                          ink as True, uneven light tolerated
    table_cells(rulings, dpi, shape) -> tuple[CellBox, ...]   ruled cells, pixels
    cell_lines(ink, cells, dpi, gray=g) -> tuple[CellLine, ...]  each text line of a cell
    line_crop(image, line, cell, dpi) -> image       what recognition reads of one line
    lone_margin(crop, line, cell, dpi) -> pixels    white margin a one-character line is read with
    text_bands(ink, dpi, skip) -> tuple[Rect, ...]   what detection must still look at

A page of a notice is mostly margin, blank space between paragraphs and,
on a page of tables, cells whose lines a ruling grid already separates.
Detection (the DB text detector) costs the same per pixel whatever the
pixel holds, so it is run only over *bands*: horizontal strips holding
ink outside the ruled tables, each cut to its ink's width. A cell of a
ruled table needs no detector at all: the ink inside it, row by row, gives
its text lines, and each line goes straight to recognition.

A line's crop stays inside its cell's rulings, with one exception: a
punctuation mark printed ON the cell's right rule (Chinese typesetting
lets a closing 。，、） hang past the end of a full line, into the cell's
border). Such a mark is ink beyond what the rule's own column holds: the
rule is straight and even over the cell's height, so each column's median
darkness down the cell is the rule, and what is darker at the line's rows
is the mark (``_hanging_mark``). It must start within REACH_EM of the
line's end, touch the rule and not be a speck (the speck rule of the
cell's own ink); then the line reaches over it, and ``line_crop`` shows
recognition the mark on white paper, the rule lifted off it.

A cell line holding a single character (a lone ``0`` in a column of
amounts) is cut as tightly as any other: its crop is then barely wider
than tall, and recognition, which reads lines of several characters with
a little paper round them, reads the glyph with little confidence or not
at all (a ``0`` as ``O`` under the score threshold). Such a crop is read
on white paper LONE_MARGIN_EM wider on each side (``lone_margin``,
``with_margin``); a line of two characters or more is read as cut.

All rectangles are in pixels of the prepared page image, (x0, y0, x1, y1)
with x1/y1 exclusive. Pure functions of arrays; no engine, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import cv2
import numpy as np
import numpy.typing as npt

from pipeline.core.model import Ruling
from pipeline.read.ocr.cellink import edge_slivers, faint_columns, hairline
from pipeline.read.ocr.tables import binarize

Rect = tuple[int, int, int, int]
Mask = npt.NDArray[np.bool_]

CELL_INSET_PT = 1.5  # points kept clear of a cell's rulings (the line's own width)
LINE_PAD_EM = 0.3  # a line crop's margin around its ink, in ems (the detector pads too)
HAN_EM = 1.5  # a Han character's height at most this many digit heights (the em of a table of figures)
LONE_EM = 1.7  # a crop narrower than this holds one character (its ink and LINE_PAD_EM each side)
LONE_MARGIN_EM = 1.0  # white paper shown each side of a one-character crop
REACH_EM = 0.5  # a mark this close to a line's end belongs to it
DOT_FILL = 0.7  # share of its bounding box a toner dot fills (a ring or a stroke fills less)
MIN_CELLS = 4
MIN_TABLE_PT = 144.0  # two inches
GRID_MARGIN_PT = 3.0  # a table's border lines reach this far past its grid positions
BAND_GAP_EM = 1.2  # blank rows that end a band of text
HANG_EM = 0.6  # a mark hanging over a cell's right rule reaches at most this far past it
MARK_DARK = 50  # grey levels darker than the rule's own column: a mark's ink


@dataclass(frozen=True, slots=True)
class CellBox:
    """A cell of a ruled table: its rectangle (pixels) and the table it belongs to."""

    rect: Rect
    table: int


class CellLine(NamedTuple):
    """A text line of a ruled cell: its rectangle (pixels), the cell's index,
    and the tables' character height (pixels) it was cut with."""

    rect: Rect
    cell: int
    em: float


def gray_of(image: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """The grey levels of a page image (RGB or grey)."""
    out = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image
    return np.asarray(out, dtype=np.uint8)


def ink_mask(
    image: npt.NDArray[np.uint8],
    binary: npt.NDArray[np.uint8] | None = None,
    gray: npt.NDArray[np.uint8] | None = None,
) -> Mask:
    """Ink pixels of a page image (RGB or grey), robust to uneven lighting;
    ``binary`` (``tables.binarize(image)``) and ``gray`` (``gray_of(image)``)
    when the caller has them."""
    gray = gray_of(image) if gray is None else gray
    ink = binarize(image) if binary is None else binary
    # the adaptive threshold also marks the grey of a large dark area's rim;
    # print is dark in absolute terms as well
    mask: Mask = (ink > 0) & (gray < 200)
    return mask


def table_cells(rulings: Sequence[Ruling], dpi: int, shape: tuple[int, ...]) -> tuple[CellBox, ...]:
    """Cells of every ruled grid of at least MIN_CELLS cells and MIN_TABLE_PT
    wide (a lone frame is a boxed note, a small "grid" the arcs of a lifted
    seal leave is no table: their text is read like free text)."""
    from pipeline.layout.tables import build_cells, find_grids

    px = dpi / 72.0
    h, w = int(shape[0]), int(shape[1])
    out: list[CellBox] = []
    for index, grid in enumerate(find_grids(rulings)):
        spans = build_cells(grid)
        if len(spans) < MIN_CELLS or grid.xs[-1] - grid.xs[0] < MIN_TABLE_PT:
            continue
        for r, c, rs, cs in spans:
            x0, x1 = grid.xs[c] * px, grid.xs[c + cs] * px
            y0, y1 = grid.ys[r] * px, grid.ys[r + rs] * px
            rect = (max(0, int(x0)), max(0, int(y0)), min(w, int(np.ceil(x1))), min(h, int(np.ceil(y1))))
            if rect[2] > rect[0] and rect[3] > rect[1]:
                out.append(CellBox(rect, index))
    return tuple(out)


def grid_rects(cells: Sequence[CellBox], dpi: int, shape: tuple[int, ...]) -> tuple[Rect, ...]:
    """The outer rectangle of each table the cells belong to, with its border
    lines' width (GRID_MARGIN_PT) around it."""
    d = int(round(GRID_MARGIN_PT * dpi / 72.0))
    h, w = int(shape[0]), int(shape[1])
    by_table: dict[int, list[Rect]] = {}
    for cell in cells:
        by_table.setdefault(cell.table, []).append(cell.rect)
    return tuple(
        (
            max(0, min(r[0] for r in rs) - d),
            max(0, min(r[1] for r in rs) - d),
            min(w, max(r[2] for r in rs) + d),
            min(h, max(r[3] for r in rs) + d),
        )
        for rs in by_table.values()
    )


def _runs(values: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """[start, end) of each run of True."""
    padded = np.concatenate(([False], values, [False]))
    edges = np.flatnonzero(np.diff(padded.astype(np.int8)))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _clear_rules(ink: Mask) -> Mask:
    """A cell's ink without what is left of its rulings: rows or columns mostly
    ink, and slivers of a rule along the inset's edge (``cellink.edge_slivers``)."""
    if ink.size == 0:
        return ink
    rows = ink.mean(axis=1) > 0.6
    cols = ink.mean(axis=0) > 0.6
    out = ink.copy()
    out[rows, :] = False
    out[:, cols] = False
    return edge_slivers(out)


def _without_specks(ink: Mask, em: float) -> Mask:
    """``ink`` without dust and toner dots: blobs under a quarter of a character
    each way, and filled ones under a third (a full stop 。 is a ring, a 、 a
    stroke: they stay; a 。 blurred nearly shut still encloses a hole, and the
    two small pieces of a ； or a ： stand one over the other). They must not stretch a line's rectangle or make a
    line of their own."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    w = stats[:, cv2.CC_STAT_WIDTH]
    h = stats[:, cv2.CC_STAT_HEIGHT]
    fill = stats[:, cv2.CC_STAT_AREA] / np.maximum(1, w * h)
    small = _is_speck(w, h, fill, em)
    small[0] = False
    if not small[1:].any():
        return ink
    for k in np.flatnonzero(small & (fill >= DOT_FILL)):  # a dot, or a 。 blurred nearly shut
        x, y = stats[k, cv2.CC_STAT_LEFT], stats[k, cv2.CC_STAT_TOP]
        small[k] = not _has_hole(labels[y : y + h[k], x : x + w[k]] == k)
    small[_stacked_pairs(stats, np.flatnonzero(small), em)] = False
    out: Mask = ink & ~small[labels]
    return out


def _stacked_pairs(stats: npt.ArrayLike, small: npt.NDArray[np.intp], em: float) -> npt.NDArray[np.intp]:
    """Of the ``small`` blobs, those stacked in pairs one over the other, a little apart
    and together a third of a character tall or more: the dot and tail of a ；, the dots
    of a ： (dust does not come in such pairs)."""
    x, y, w, h = np.asarray(stats)[small, :4].T.astype(np.int64)
    gap = y[None, :] - (y + h)[:, None]  # [i, j]: j's top below i's bottom
    centre = 2 * x + w
    pair = (gap > 0) & (gap < em / 3) & (np.abs(centre[:, None] - centre[None, :]) < em / 2)
    pair &= (y + h)[None, :] - y[:, None] >= em / 3
    hit: npt.NDArray[np.intp] = small[pair.any(axis=0) | pair.any(axis=1)]
    return hit


def _has_hole(blob: Mask) -> bool:
    """Whether ``blob`` encloses blank pixels (a ring: a 。 however blurred; a toner dot is solid)."""
    padded = np.pad(~blob, 1, constant_values=True).astype(np.uint8)
    n, _labels = cv2.connectedComponents(padded, connectivity=4)
    return bool(n > 2)  # the background outside, and at least one hole


def _is_speck(w: npt.ArrayLike, h: npt.ArrayLike, fill: npt.ArrayLike, em: float) -> npt.NDArray[np.bool_]:
    """Blobs (width, height, share of their box inked) that are dust or toner."""
    wa, ha, fa = np.asarray(w), np.asarray(h), np.asarray(fill)
    out: npt.NDArray[np.bool_] = ((wa < em / 4) & (ha < em / 4)) | ((wa < em / 3) & (ha < em / 3) & (fa >= DOT_FILL))
    return out


def _reach(inked: npt.NDArray[np.bool_], left: int, right: int, em: float) -> tuple[int, int]:
    """A line's columns widened over marks right next to it (a 、 or 。 at
    its end, blurred into a dot): ink within REACH_EM of its ends."""
    gap = max(1, int(REACH_EM * em))
    cols = np.flatnonzero(inked)
    for c in cols[cols > right]:
        if c - right > gap:
            break
        right = int(c)
    for c in cols[cols < left][::-1]:
        if left - c > gap:
            break
        left = int(c)
    return left, right


def _line_runs(ink: Mask, em: float, min_ink: int) -> list[tuple[int, int]]:
    """Rows of a cell's ink grouped into text lines: runs of inked rows, a run
    joined to the next while together they stay within one character's height
    ``em`` (the strokes of 二 or 三 leave blank rows inside a line)."""
    counts = ink.sum(axis=1)
    runs = [(a, b) for a, b in _runs(counts > 0) if int(counts[a:b].sum()) >= min_ink]
    merged: list[list[int]] = []
    for a, b in runs:
        if merged and b - merged[-1][0] <= 1.3 * em:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _cleared(ink: Mask, cells: Sequence[CellBox], dpi: int) -> list[tuple[Rect, Mask]]:
    """Each cell's inset and its ink there without its rulings (``_clear_rules``)."""
    out: list[tuple[Rect, Mask]] = []
    for cell in cells:
        x0, y0, x1, y1 = _inset(cell.rect, dpi)
        out.append(((x0, y0, x1, y1), _clear_rules(ink[y0:y1, x0:x1])))
    return out


def _heights(cleared: Sequence[tuple[Rect, Mask]]) -> list[int]:
    heights: list[int] = []
    for _rect, sub in cleared:
        heights.extend(b - a for a, b in _runs(sub.sum(axis=1) > 0) if b - a >= 3)
    return heights


def _em(heights: Sequence[int], dpi: int) -> float:
    """The tables' character height: the runs of ink rows of their cells (``_heights``)."""
    if not heights:
        return 10.5 * dpi / 72.0
    return float(np.percentile(heights, 75))


def _han_em(heights: Sequence[int], em: float) -> float:
    """The height of a Han character in the tables: ``em`` measured on a
    table of figures is a digit's, some 0.7 of it. The tallest run of ink
    rows tells (a header's words), up to HAN_EM times ``em``: lines joined
    within 1.3 times that never make two lines of figures one."""
    return float(min(max([em, *heights]), HAN_EM * em))


def _inset(rect: Rect, dpi: int) -> Rect:
    d = max(2, int(round(CELL_INSET_PT * dpi / 72.0)))
    x0, y0, x1, y1 = rect
    return (x0 + d, y0 + d, max(x0 + d, x1 - d), max(y0 + d, y1 - d))


def cell_lines(
    ink: Mask, cells: Sequence[CellBox], dpi: int, *, gray: npt.NDArray[np.uint8] | None = None
) -> tuple[CellLine, ...]:
    """Each line of text inside the cells (rectangle, cell index, em).

    A line's rectangle is its ink padded by LINE_PAD_EM on each side, never
    reaching past the cell's inset (the ruling stays out of the crop) but
    over a mark hanging on the cell's right rule (with the page's ``gray``
    image: ``_hanging_mark``). Specks (a line with less ink than a dot of a
    full stop) are left out; a blank cell gives nothing.
    """
    cleared = _cleared(ink, cells, dpi)  # once: for the em and for the lines
    heights = _heights(cleared)
    em = _em(heights, dpi)
    han = _han_em(heights, em)  # a header's line of Han characters is one line, not two
    min_ink = max(4, int((0.12 * em) ** 2))
    pad = max(2, int(round(LINE_PAD_EM * em)))
    out: list[CellLine] = []
    for index, ((x0, y0, x1, y1), full) in enumerate(cleared):
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        sub = _without_specks(full, em)
        for a, b in _line_runs(sub, han, min_ink):
            cols = np.flatnonzero(sub[a:b].any(axis=0))
            if len(cols) == 0 or hairline(cols, b - a, em):
                continue
            inked: npt.NDArray[np.bool_] = np.asarray(full[a:b].any(axis=0), dtype=bool)
            if gray is not None:
                inked |= faint_columns(gray[y0 + a : y0 + b, x0:x1], em, full[a:b])
            left, right = _reach(inked, int(cols[0]), int(cols[-1]), em)
            far = x1
            if gray is not None:
                hung = _hanging_mark(gray, cells[index].rect, (y0 + a, y0 + b), x0 + right, em, dpi)
                if hung is not None:
                    right, far = hung - x0, gray.shape[1]
            line = (
                max(x0, x0 + left - pad),
                max(y0, y0 + a - pad),
                min(far, x0 + right + 1 + pad),
                min(y1, y0 + b + pad),
            )
            out.append(CellLine(line, index, em))
    return tuple(out)


def _mark_on_rule(
    gray: npt.NDArray[np.uint8], cell: Rect, dpi: int, rows: tuple[int, int], cols: tuple[int, int], em: float
) -> tuple[npt.NDArray[np.int16], Mask]:
    """Over ``rows`` x ``cols`` of the page (right of the cell's inset): the
    darkness beyond what the cell's right rule holds in each column (its
    median down the cell within an em of the rows: a scanned rule drifts by
    a pixel over a tall cell), and the mark: blobs of that darkness that
    touch the rule, no taller than a character and ending before ``cols``
    does (a rule of the next cell running on is no mark)."""
    _ix0, iy0, _ix1, iy1 = _inset(cell, dpi)
    c0, c1 = cols
    near = int(em)
    column = np.median(gray[max(iy0, rows[0] - near) : min(iy1, rows[1] + near), c0:c1], axis=0)
    extra = np.clip(column[None, :] - gray[rows[0] : rows[1], c0:c1], 0, 255).astype(np.int16)
    on_rule = np.flatnonzero(column < 200)
    lo, hi = (int(on_rule[0]), int(on_rule[-1])) if len(on_rule) else (cell[2] - c0, cell[2] - c0)
    n, labels, stats, _ = cv2.connectedComponentsWithStats((extra > MARK_DARK).astype(np.uint8), connectivity=8)
    keep = np.zeros(n, dtype=bool)
    for i in range(1, n):
        first = int(stats[i, cv2.CC_STAT_LEFT])
        last = first + int(stats[i, cv2.CC_STAT_WIDTH]) - 1
        keep[i] = first <= hi + 1 and last >= lo - 1 and last < c1 - c0 - 1 and stats[i, cv2.CC_STAT_HEIGHT] <= em
    mark: Mask = keep[labels]
    return extra, mark


def _hanging_mark(
    gray: npt.NDArray[np.uint8], cell: Rect, rows: tuple[int, int], end: int, em: float, dpi: int
) -> int | None:
    """The last column of a mark printed on ``cell``'s right rule at the line
    ``rows`` whose ink ends at column ``end`` (see the module docstring), or
    None when there is none."""
    ix1 = _inset(cell, dpi)[2]
    c1 = min(gray.shape[1], cell[2] + int(HANG_EM * em))
    if c1 - ix1 < 3 or ix1 - end > REACH_EM * em:
        return None  # the line ends too far from the rule for a mark on it to be its
    _extra, mark = _mark_on_rule(gray, cell, dpi, rows, (ix1, c1), em)
    ys, xs = np.nonzero(mark)
    if len(xs) == 0 or ix1 + int(xs.min()) - end > REACH_EM * em:
        return None
    w, h = int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)
    fill = len(xs) / (w * h)
    if _is_speck(np.array([w]), np.array([h]), np.array([fill]), em)[0]:
        return None
    return ix1 + int(xs.max())


def line_crop(
    image: npt.NDArray[np.uint8], line: CellLine, cell: Rect, dpi: int, *, gray: npt.NDArray[np.uint8] | None = None
) -> npt.NDArray[np.uint8]:
    """What recognition reads of a cell ``line``: the page's pixels; past the
    cell's inset (a mark hanging on its right rule) only the mark, on white,
    its rule lifted off (``_mark_on_rule``)."""
    x0, y0, x1, y1 = line.rect
    ix1 = _inset(cell, dpi)[2]
    if x1 <= ix1:
        return image[y0:y1, x0:x1]
    if gray is None:
        gray = gray_of(image)
    c1 = max(x1, min(gray.shape[1], cell[2] + int(HANG_EM * line.em)))  # as wide as when it was found
    extra, mark = _mark_on_rule(gray, cell, dpi, (y0, y1), (ix1, c1), line.em)
    shown = cv2.dilate(mark.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    strip = np.where(shown, 255 - extra, 255).astype(np.uint8)[:, : x1 - ix1]
    crop = image[y0:y1, x0:x1].copy()
    crop[:, ix1 - x0 :] = strip[:, :, None] if crop.ndim == 3 else strip
    return crop


def lone_margin(crop: npt.NDArray[np.uint8], line: CellLine, cell: Rect, dpi: int) -> int:
    """Pixels of white paper to show on each side of a cell ``line``'s ``crop``:
    LONE_MARGIN_EM for a crop of one character (narrower than LONE_EM), else
    none; none either for a sliver against the cell's inset (what is left of
    a rule: on white paper it reads as a ``1``)."""
    x0, _y0, x1, _y1 = _inset(cell, dpi)
    if crop.shape[1] >= LONE_EM * line.em or line.rect[0] <= x0 or line.rect[2] >= x1:
        return 0
    return int(round(LONE_MARGIN_EM * line.em))


def with_margin(crop: npt.NDArray[np.uint8], margin: int) -> npt.NDArray[np.uint8]:
    """``crop`` on white paper ``margin`` pixels wider on the left and right."""
    if margin <= 0:
        return crop
    h, w = crop.shape[:2]
    out = np.full((h, w + 2 * margin, *crop.shape[2:]), 255, dtype=np.uint8)
    out[:, margin : margin + w] = crop
    return out


def text_bands(ink: Mask, dpi: int, *, skip: Sequence[Rect] = ()) -> tuple[Rect, ...]:
    """Strips of the page detection must look at: ink outside ``skip`` (the
    tables read cell by cell), grouped into bands split at blank gaps of
    BAND_GAP_EM, each as wide as its ink (no margin: see ``band_canvas``)."""
    free = ink.copy()
    for x0, y0, x1, y1 in skip:
        free[y0:y1, x0:x1] = False
    em = 10.5 * dpi / 72.0
    counts = free.sum(axis=1)
    runs = [(a, b) for a, b in _runs(counts > 0) if int(counts[a:b].sum()) >= 6]
    bands: list[list[int]] = []
    for a, b in runs:
        if bands and a - bands[-1][1] <= BAND_GAP_EM * em:
            bands[-1][1] = b
        else:
            bands.append([a, b])
    out: list[Rect] = []
    for a, b in bands:
        cols = np.flatnonzero(free[a:b].any(axis=0))
        if len(cols) > 0:
            out.append((int(cols[0]), a, int(cols[-1]) + 1, b))
    return tuple(out)


def band_canvas(
    image: npt.NDArray[np.uint8], band: Rect, pad: int, *, skip: Sequence[Rect] = ()
) -> tuple[npt.NDArray[np.uint8], tuple[int, int]]:
    """The band's pixels on white paper ``pad`` wide all round (the detector
    must see a line's ends; the neighbouring bands' ink must not show), with
    the ``skip`` rectangles whitened; and the offset of the canvas on the page."""
    x0, y0, x1, y1 = band
    canvas = np.full((y1 - y0 + 2 * pad, x1 - x0 + 2 * pad, *image.shape[2:]), 255, dtype=np.uint8)
    canvas[pad : pad + y1 - y0, pad : pad + x1 - x0] = image[y0:y1, x0:x1]
    for sx0, sy0, sx1, sy1 in skip:
        ax0, ay0 = max(sx0, x0), max(sy0, y0)
        ax1, ay1 = min(sx1, x1), min(sy1, y1)
        if ax1 > ax0 and ay1 > ay0:
            canvas[pad + ay0 - y0 : pad + ay1 - y0, pad + ax0 - x0 : pad + ax1 - x0] = 255
    return canvas, (x0 - pad, y0 - pad)
