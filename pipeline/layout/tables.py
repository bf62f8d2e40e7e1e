"""Rebuild ruled tables (表格) from rulings, with merged cells.

    reconstruct_tables(page) -> (tables, boxes outside every table)

Steps, each a small pure function:

1. ``split_rulings``: rulings as horizontal and vertical ``Segment``s.
2. ``merge_segments``: collinear pieces within ``SNAP`` points become one.
3. ``find_grids``: segments that touch form a connected component; one with
   at least two horizontal and two vertical lines is a table (so is one rule
   with three or more verticals: a table part cut by a page break).
4. ``build_grid``: the unique x of its verticals and y of its horizontals
   (the outer extent added when a side has no border) cut it into a grid.
5. ``build_cells``: a cell spans grid columns where no vertical ruling
   separates them and grid rows where no horizontal ruling does, giving
   Cell(row, col, rowspan, colspan).
6. ``fill_cells``: each text box goes to the cell holding its centre (on
   OCR pages a fragment that crosses a cell border is split there by
   character share; a text-layer word crossing one overflows and stays whole). A label printed at the middle of a
   vertically merged cell therefore lands in that one merged cell, whatever
   row its text happens to line up with.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.core.model import BBox, Cell, Page, Ruling, Table, TextBox
from pipeline.layout.lines import cluster_rows
from pipeline.layout.ocr_glued import amount_cut, bracket_cut
from pipeline.layout.ocr_rule_pieces import rule_pieces_off
from pipeline.layout.text import join_cell_lines, join_line, signs_back

SNAP = 2.0  # points: collinear tolerance and join gap for ruling pieces
TOUCH = 3.0  # points: how far a segment end may miss the one it meets
MIN_CELL = 3.0  # points: grid lines closer than this are one line
OVERSHOOT = 8.0  # points a rule may run past the outer border without opening a column
COVER = 0.5  # share of a cell side a ruling must cover to separate cells
CELL_GAP = 6.0  # points of clear space between side-by-side text blocks in a cell
MAX_SEGMENTS = 1500  # per direction, after merging


@dataclass(frozen=True, slots=True)
class Segment:
    """A horizontal (pos = y) or vertical (pos = x) segment from start to end."""

    pos: float
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class Grid:
    """A table's grid lines and the segments that draw it."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    horizontals: tuple[Segment, ...]
    verticals: tuple[Segment, ...]

    @property
    def bbox(self) -> BBox:
        return BBox(self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])


def split_rulings(rulings: Sequence[Ruling]) -> tuple[list[Segment], list[Segment]]:
    horizontals: list[Segment] = []
    verticals: list[Segment] = []
    for r in rulings:
        if r.is_horizontal:
            horizontals.append(Segment((r.top + r.bottom) / 2, r.x0, r.x1))
        else:
            verticals.append(Segment((r.x0 + r.x1) / 2, r.top, r.bottom))
    return horizontals, verticals


def cluster_positions(values: Sequence[float], tol: float) -> list[float]:
    """Sorted values merged into clusters no wider than ``tol`` between neighbours."""
    clusters: list[list[float]] = []
    for v in sorted(values):
        if clusters and v - clusters[-1][-1] <= tol:
            clusters[-1].append(v)
        else:
            clusters.append([v])
    return [sum(c) / len(c) for c in clusters]


def merge_segments(segments: Sequence[Segment], tol: float = SNAP) -> list[Segment]:
    """Snap collinear segments to one position and join overlapping pieces."""
    out: list[Segment] = []
    groups: list[list[Segment]] = []
    for seg in sorted(segments, key=lambda s: s.pos):
        if groups and seg.pos - groups[-1][-1].pos <= tol:
            groups[-1].append(seg)
        else:
            groups.append([seg])
    for group in groups:
        weight = sum(max(s.end - s.start, 0.1) for s in group)
        pos = sum(s.pos * max(s.end - s.start, 0.1) for s in group) / weight
        pieces = sorted(group, key=lambda s: s.start)
        start, end = pieces[0].start, pieces[0].end
        for s in pieces[1:]:
            if s.start <= end + tol:
                end = max(end, s.end)
            else:
                out.append(Segment(pos, start, end))
                start, end = s.start, s.end
        out.append(Segment(pos, start, end))
    return out


def _longest(segments: list[Segment], limit: int = MAX_SEGMENTS) -> list[Segment]:
    """At most ``limit`` segments, the longest (a drawing can hold thousands)."""
    if len(segments) <= limit:
        return segments
    return sorted(segments, key=lambda s: s.end - s.start, reverse=True)[:limit]


def _touch(h: Segment, v: Segment, tol: float = TOUCH) -> bool:
    return v.start - tol <= h.pos <= v.end + tol and h.start - tol <= v.pos <= h.end + tol


def find_grids(rulings: Sequence[Ruling]) -> list[Grid]:
    """Connected groups of touching segments that make a table, top to bottom."""
    raw_h, raw_v = split_rulings(rulings)
    hs, vs = _longest(merge_segments(raw_h)), _longest(merge_segments(raw_v))
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    vs.sort(key=lambda v: v.pos)
    v_pos = [v.pos for v in vs]
    for i, h in enumerate(hs):
        lo = bisect.bisect_left(v_pos, h.start - TOUCH)
        hi = bisect.bisect_right(v_pos, h.end + TOUCH)
        for j in range(lo, hi):
            v = vs[j]
            if _touch(h, v):
                a, b = find(i), find(len(hs) + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    kept = [_without_strays(g_h, g_v) for g_h, g_v in groups.values()]
    grids = [build_grid(g_h, g_v) for g_h, g_v in kept if _enough(g_h, g_v)]
    usable = [with_loose_pieces(g, hs, vs) for g in grids if len(g.xs) >= 2 and len(g.ys) >= 2]
    return sorted(usable, key=lambda g: (g.ys[0], g.xs[0]))


def _hanging(across: Sequence[Segment], along: Sequence[Segment]) -> set[int]:
    """Indexes of ``along`` segments lying wholly beyond the outermost ``across``
    rules (below the last or above the first), when a side holds only one, or when
    none of a side's lies in line with a rule of the table itself (strokes of the
    line of text printed right under a scanned table, 丨 of 收 and 资 at x where
    the table has no column: a row left open goes on along the table's own rules)."""
    if len(across) < 2:
        return set()
    first, last = min(s.pos for s in across), max(s.pos for s in across)
    out: set[int] = set()
    for side in (
        [i for i, s in enumerate(along) if s.start >= last - TOUCH],
        [i for i, s in enumerate(along) if s.end <= first + TOUCH],
    ):
        own = [s.pos for i, s in enumerate(along) if i not in side]
        if len(side) == 1 or (own and all(min(abs(along[i].pos - x) for x in own) > TOUCH for i in side)):
            out.update(side)
    return out


def _without_strays(
    horizontals: list[Segment], verticals: list[Segment]
) -> tuple[list[Segment], list[Segment]]:
    """A table's rules without a lone stroke hanging off its outer border.

    A row left open past the last rule (a table cut by a page break) is
    still drawn by two sides at least; one vertical alone below the bottom
    rule (or above the top one) is a stroke of the text printed right there
    (the 丨 of a character the ruling finder took for a rule: it would open a
    row and a column through the next paragraph), and likewise one
    horizontal alone beyond the outer verticals."""
    drop_v = _hanging(horizontals, verticals)
    drop_h = _hanging(verticals, horizontals)
    if not drop_v and not drop_h:
        return horizontals, verticals
    return (
        [h for i, h in enumerate(horizontals) if i not in drop_h],
        [v for i, v in enumerate(verticals) if i not in drop_v],
    )


def with_loose_pieces(grid: Grid, hs: Sequence[Segment], vs: Sequence[Segment]) -> Grid:
    """Add pieces of broken rulings that lie inside the grid but touch nothing.

    A faint or broken line (common in scans) leaves pieces in mid-cell; they
    do not add grid lines but still count as separators between cells.
    """
    x0, x1, y0, y1 = grid.xs[0], grid.xs[-1], grid.ys[0], grid.ys[-1]
    own = {id(s) for s in grid.horizontals} | {id(s) for s in grid.verticals}
    extra_h = tuple(
        h for h in hs
        if id(h) not in own and y0 - TOUCH <= h.pos <= y1 + TOUCH
        and h.start < x1 and h.end > x0
    )
    extra_v = tuple(
        v for v in vs
        if id(v) not in own and x0 - TOUCH <= v.pos <= x1 + TOUCH
        and v.start < y1 and v.end > y0
    )
    if not extra_h and not extra_v:
        return grid
    return Grid(grid.xs, grid.ys, grid.horizontals + extra_h, grid.verticals + extra_v)


def _enough(horizontals: Sequence[Segment], verticals: Sequence[Segment]) -> bool:
    """Two rules each way, or a comb: one rule with three verticals hanging from
    it (the top or bottom part of a table cut by a page break, rule open)."""
    return (len(horizontals) >= 2 and len(verticals) >= 2) or (
        len(horizontals) == 1 and len(verticals) >= 3
    )


def _drawn_extent(spans: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """How far the rules of one direction reach either way, as two of them at least reach it
    (a side left open is drawn by two rules or more: one rule alone running on past the others
    is a stroke of the text printed right there, joined to it by the scan); one rule: its own."""
    starts, ends = sorted(a for a, _ in spans), sorted((b for _, b in spans), reverse=True)
    k = 1 if len(spans) >= 2 else 0
    return starts[k], ends[k]


def build_grid(horizontals: Sequence[Segment], verticals: Sequence[Segment]) -> Grid:
    """Grid lines of one table; an open side gets its outer extent as a line."""
    xs = [v.pos for v in verticals]
    ys = [h.pos for h in horizontals]
    left, right = _drawn_extent([(h.start, h.end) for h in horizontals])
    top, bottom = _drawn_extent([(v.start, v.end) for v in verticals])
    # An open side adds its extent; a rule overshooting a border by a few
    # points (line caps, sloppy drawing) does not add a sliver column.
    xs += [x for x in (left, right) if min(abs(x - v) for v in xs) > OVERSHOOT]
    ys += [y for y in (top, bottom) if not ys or min(abs(y - h) for h in ys) > OVERSHOOT]
    return Grid(
        xs=tuple(cluster_positions(xs, MIN_CELL)),
        ys=tuple(cluster_positions(ys, MIN_CELL)),
        horizontals=tuple(horizontals),
        verticals=tuple(verticals),
    )


def _covered(segments: Sequence[Segment], pos: float, lo: float, hi: float) -> bool:
    """Whether segments at ``pos`` cover at least COVER of [lo, hi]."""
    length = 0.0
    for s in segments:
        if abs(s.pos - pos) <= MIN_CELL:
            length += max(0.0, min(s.end, hi) - max(s.start, lo))
    return length >= COVER * (hi - lo)


def separators(grid: Grid) -> tuple[list[list[bool]], list[list[bool]]]:
    """vsep[r][c]: a ruling between columns c-1 and c in row r (c = 1..n-1);
    hsep[r][c]: a ruling between rows r-1 and r in column c (r = 1..n-1)."""
    n_rows, n_cols = len(grid.ys) - 1, len(grid.xs) - 1
    vsep = [
        [
            c == 0 or _covered(grid.verticals, grid.xs[c], grid.ys[r], grid.ys[r + 1])
            for c in range(n_cols)
        ]
        for r in range(n_rows)
    ]
    hsep = [
        [
            r == 0 or _covered(grid.horizontals, grid.ys[r], grid.xs[c], grid.xs[c + 1])
            for c in range(n_cols)
        ]
        for r in range(n_rows)
    ]
    return vsep, hsep


def build_cells(grid: Grid) -> list[tuple[int, int, int, int]]:
    """Cells as (row, col, rowspan, colspan), row-major, covering the grid."""
    vsep, hsep = separators(grid)
    n_rows, n_cols = len(grid.ys) - 1, len(grid.xs) - 1
    taken = [[False] * n_cols for _ in range(n_rows)]
    cells: list[tuple[int, int, int, int]] = []
    for r in range(n_rows):
        for c in range(n_cols):
            if taken[r][c]:
                continue
            colspan = 1
            while c + colspan < n_cols and not vsep[r][c + colspan] and not taken[r][c + colspan]:
                colspan += 1
            rowspan = 1
            while r + rowspan < n_rows:
                rr = r + rowspan
                cols = range(c, c + colspan)
                if any(hsep[rr][cc] or taken[rr][cc] for cc in cols):
                    break
                if any(vsep[rr][cc] for cc in range(c + 1, c + colspan)):
                    break
                rowspan += 1
            for rr in range(r, r + rowspan):
                for cc in range(c, c + colspan):
                    taken[rr][cc] = True
            cells.append((r, c, rowspan, colspan))
    return cells


def split_box(box: TextBox, cuts: Sequence[float]) -> list[TextBox]:
    """Split a box at x positions, giving each part its share of characters."""
    inside = sorted(x for x in cuts if box.bbox.x0 < x < box.bbox.x1)
    text = box.text
    if not inside or len(text) < 2:
        return [box]
    width = box.bbox.width
    parts: list[TextBox] = []
    edges = [box.bbox.x0, *inside, box.bbox.x1]
    per_char = width / len(text)
    if len(inside) == 1:  # two glued amounts: the cut where the number grammar ends one (ocr_glued.py)
        k = amount_cut(text, sum(box.bbox.x0 + (i + 0.5) * per_char < inside[0] for i in range(len(text))))
        k = bracket_cut(text, k)
        halves = ((edges[0], edges[1], text[:k].strip()), (edges[1], edges[2], text[k:].strip()))
        return [TextBox(t, BBox(lo, box.bbox.top, hi, box.bbox.bottom), box.confidence, box.is_red)
                for lo, hi, t in halves if t] or [box]
    for lo, hi in zip(edges, edges[1:], strict=False):
        chars = [
            ch
            for i, ch in enumerate(text)
            if lo <= box.bbox.x0 + (i + 0.5) * per_char < hi
        ]
        piece = "".join(chars).strip()
        if piece:
            bbox = BBox(lo, box.bbox.top, hi, box.bbox.bottom)
            parts.append(TextBox(piece, bbox, box.confidence, box.is_red))
    return parts or [box]


def x_clusters(boxes: Sequence[TextBox], min_gap: float = CELL_GAP) -> list[list[TextBox]]:
    """Boxes split into side-by-side groups separated by a clear vertical gap."""
    groups: list[list[TextBox]] = []
    reach = 0.0
    for box in sorted(boxes, key=lambda b: b.bbox.x0):
        if groups and box.bbox.x0 - reach < min_gap:
            groups[-1].append(box)
            reach = max(reach, box.bbox.x1)
        else:
            groups.append([box])
            reach = box.bbox.x1
    return groups


def cell_text(boxes: Sequence[TextBox]) -> str:
    """A cell's text: its lines top to bottom, without layout whitespace.

    When the cell holds side-by-side blocks whose lines do not line up (two
    cells merged because a faint rule was missed), each block is read in
    turn, left to right, instead of interleaving their lines. Read by OCR,
    a minus sign in brackets read as ``一`` beside its plus is put back
    (``signs_back``).
    """
    rows = cluster_rows(boxes)
    groups = x_clusters(boxes)
    if len(groups) > 1:
        per_group = [cluster_rows(g) for g in groups]
        if len(rows) > max(len(g) for g in per_group):
            text = "".join(join_cell_lines([join_line(row) for row in g_rows]) for g_rows in per_group)
            return signs_back(text) if any(b.confidence is not None for b in boxes) else text
    text = join_cell_lines([join_line(row) for row in rows])
    return signs_back(text) if any(b.confidence is not None for b in boxes) else text


def _locate(values: Sequence[float], v: float) -> int:
    return min(max(bisect.bisect_right(values, v) - 1, 0), len(values) - 2)


def fill_cells(
    grid: Grid,
    spans: Sequence[tuple[int, int, int, int]],
    boxes: Sequence[TextBox],
    page: int,
    split: bool = True,
) -> tuple[Cell, ...]:
    """Cells with the text of the boxes whose centres they hold.

    With ``split`` (OCR pages: one fragment may run across cells) a box that
    crosses a ruling is cut there first; a text-layer word that crosses one
    overflows its cell and stays whole.
    """
    vsep, _ = separators(grid)
    owner: dict[tuple[int, int], int] = {}
    for index, (r, c, rs, cs) in enumerate(spans):
        for rr in range(r, r + rs):
            for cc in range(c, c + cs):
                owner[(rr, cc)] = index
    contents: list[list[TextBox]] = [[] for _ in spans]
    for box in boxes:
        row = _locate(grid.ys, box.bbox.cy)
        cuts = [grid.xs[c] for c in range(1, len(grid.xs) - 1) if vsep[row][c]] if split else []
        for part in split_box(box, cuts):
            col = _locate(grid.xs, part.bbox.cx)
            contents[owner[(row, col)]].append(part)
    cells: list[Cell] = []
    for (r, c, rs, cs), inside in zip(spans, contents, strict=True):
        confidences = [b.confidence for b in inside if b.confidence is not None]
        cells.append(
            Cell(
                row=r,
                col=c,
                text=cell_text(inside),
                bbox=BBox(grid.xs[c], grid.ys[r], grid.xs[c + cs], grid.ys[r + rs]),
                page=page,
                rowspan=rs,
                colspan=cs,
                confidence=min(confidences) if confidences else None,
            )
        )
    return tuple(cells)


def reconstruct_tables(page: Page) -> tuple[tuple[Table, ...], tuple[TextBox, ...]]:
    """Tables of one page and the boxes outside them (free text)."""
    tables: list[Table] = []
    free = list(page.boxes)
    for grid in find_grids(page.rulings):
        if len(grid.xs) == 2 and len(grid.ys) == 2:
            continue  # a frame (page border, boxed note), not a table
        bbox = grid.bbox
        inside = [b for b in free if bbox.contains_point(b.bbox.cx, b.bbox.cy)]
        free = [b for b in free if not bbox.contains_point(b.bbox.cx, b.bbox.cy)]
        if page.text_source == "ocr":
            inside = rule_pieces_off(inside, grid.horizontals)  # a rule's piece read as 一
        spans = build_cells(grid)
        tables.append(
            Table(
                cells=fill_cells(grid, spans, inside, page.page, page.text_source == "ocr"),
                n_rows=len(grid.ys) - 1,
                n_cols=len(grid.xs) - 1,
                bbox=bbox,
                page=page.page,
                pages=(page.page,),
            )
        )
    return tuple(tables), tuple(free)
