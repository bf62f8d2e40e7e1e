"""The grid of a table printed without (some of) its rules, read from where its text stands.

    text_grid(region, boxes, rules_y) -> tuple[Ruling, ...] | None

A Word table with only its row rules, a 三线表 or an Excel sheet printed without borders still
has a grid; its text shows it:

- the body begins at the first text row holding a number; its rows are the text rows holding
  numbers, each with the label lines that wrap around it (a label wrapped over two lines sits
  above and below the row's numbers, which are centred between them);
- the columns are the x gaps the body's boxes leave (``infer_columns``): a header box across a
  gap is a merged header cell (``中央资金`` over ``2021年下达 | 2022年下达``);
- the header's text rows become levels: a row holding a box across a gap closes a level, unless
  the next row only continues the same cells (a wrapped header); a box alone in its column
  (``地区``, centred on the whole header) is one cell over every level;
- every rule inside the region stays a row boundary.

The grid is handed to the ruled-table code as synthetic rulings drawn only where cells are
separated, so merged cells come out exactly as for a ruled table.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pipeline.core.model import BBox, Ruling, TextBox
from pipeline.layout.lines import cluster_rows

MIN_GAP = 4.0  # points of clear space between two columns (two cell paddings; a space is less)
NARROW_GAP = 1.5  # points of clear space that part two columns when their header labels say there are two
MIN_ROWS = 3
MAX_CROSSING = 0.1  # share of body boxes that may straddle an inferred column gap
WRAP_SHARE = 0.6  # a label line within this share of the row pitch wraps around its row's numbers
BODY_WIDEST = 0.8  # share of the table's width beyond which a body line is a note across it
LABEL_WRAP_SHARE = 0.6  # white between a header label's lines, in line heights, beyond which they are two labels
TIGHT_SHARE = 0.35  # white between two lines of one wrapped label, in line heights
NUMBER = re.compile(r"^[-−－]?[0-9][0-9,，]*(?:\.[0-9]+)?[%％]?$")


def is_number(text: str) -> bool:
    """A cell that is one number (``1,234.50``, ``-20``, ``35%``)."""
    return NUMBER.match(text.replace(" ", "")) is not None


COLUMN_NUMBER = re.compile(r"^[0-9]{1,2}(?:[=＝][0-9+＋\-－]+)?$")


def is_column_numbers(line: Sequence[TextBox]) -> bool:
    """A row of column numbers under a header (栏次: ``1=2+3+4 | 2 | 3 | 4``): every cell a
    one- or two-digit number or a formula of them, counting up one column at a time (a body
    row of small amounts, ``10 | 15 | 25``, counts up too, but not by one)."""
    texts = [b.text.replace(" ", "") for b in line]
    if len(texts) < 3 or not all(COLUMN_NUMBER.match(t) for t in texts):
        return False
    heads = [int(re.match(r"[0-9]+", t).group(0)) for t in texts]  # type: ignore[union-attr]
    return all(b == a + 1 for a, b in zip(heads, heads[1:], strict=False))


def _has_number(line: Sequence[TextBox]) -> bool:
    return any(is_number(b.text) for b in line) and not is_column_numbers(line)


def column_gaps(
    boxes: Sequence[TextBox], x0: float, x1: float, widest: float = 0.5, min_gap: float = MIN_GAP
) -> list[tuple[float, float]]:
    """Clear vertical gaps between boxes, left to right (boxes wider than ``widest`` of the
    region, e.g. a spanning header or a note across the table, do not count)."""
    narrow = [b for b in boxes if b.bbox.width <= widest * (x1 - x0)]
    spans = sorted((max(b.bbox.x0, x0), min(b.bbox.x1, x1)) for b in narrow)
    gaps: list[tuple[float, float]] = []
    reach: float | None = None
    for start, end in spans:
        if reach is not None and start - reach >= min_gap:
            gaps.append((reach, start))
        reach = end if reach is None else max(reach, end)
    return gaps


def infer_columns(boxes: Sequence[TextBox], x0: float, x1: float) -> list[float]:
    """x positions of column separators: the middles of the clear gaps between boxes."""
    return [(a + b) / 2 for a, b in column_gaps(boxes, x0, x1)]


def _overlap(a: TextBox, b: TextBox) -> bool:
    return a.bbox.x0 < b.bbox.x1 and b.bbox.x0 < a.bbox.x1


def _line_under(upper: TextBox, lower: TextBox) -> bool:
    """``lower`` may be the next line of ``upper``'s label: less white between them than
    LABEL_WRAP_SHARE of a line (a row's padding and a group label's rule space are more)."""
    height = max(upper.bbox.height, lower.bbox.height)
    return lower.bbox.top - upper.bbox.bottom < LABEL_WRAP_SHARE * height


def labels_above(lines: Sequence[list[TextBox]]) -> Iterator[tuple[TextBox, TextBox | None]]:
    """Each header box, top to bottom, with the nearest box above it that it alone stands under
    in its line (the line it may continue), or None."""
    seen: list[TextBox] = []
    for line in lines:
        for box in line:
            above = [o for o in seen if _overlap(o, box) and o.bbox.bottom <= box.bbox.top + 1.0]
            near = max(above, key=lambda o: o.bbox.bottom) if above else None
            alone = near is not None and sum(1 for o in line if _overlap(near, o)) == 1
            yield box, near if alone else None
        seen.extend(line)


def leaf_labels(lines: Sequence[list[TextBox]]) -> list[tuple[float, float]]:
    """The x extents of the header's leaf labels: a label wrapped over lines (each line under
    the one above it and alone there) is one label; a label with nothing under it is a leaf,
    unless sub-labels stand close on both its sides under it (a group label)."""
    blocks: list[list[TextBox]] = []
    block_of: dict[int, list[TextBox]] = {}
    for box, near in labels_above(lines):
        blk = block_of.get(id(near)) if near is not None else None
        # a later line of the label set tight under it; a label a row's padding below another
        # (公用经费 | 寄宿生生活补助 under an off-centre 其中：) is a label of its own
        if blk is not None and blk[-1] is near and near is not None and _line_under(near, box):
            blk.append(box)
        else:
            blk = [box]
            blocks.append(blk)
        block_of[id(box)] = blk
    out = []
    for k, blk in enumerate(blocks):
        x0, x1 = min(b.bbox.x0 for b in blk), max(b.bbox.x1 for b in blk)
        bottom = max(b.bbox.bottom for b in blk)
        lower = [o for j, other in enumerate(blocks) if j != k for o in other if o.bbox.top >= bottom - 1.0]
        if any(o.bbox.x0 < x1 and x0 < o.bbox.x1 for o in lower):
            continue  # a label over others
        reach = (x1 - x0) / 2  # a group label narrower than the gap between its sub-labels
        left = any(x0 - reach <= o.bbox.x1 <= x0 for o in lower)
        right = any(x1 <= o.bbox.x0 <= x1 + reach for o in lower)
        if not (left and right):
            out.append((x0, x1))
    return out


def cut_in(gap: tuple[float, float], leaves: Sequence[tuple[float, float]], left: float, right: float) -> float:
    """Where to cut the body gap between two columns whose body text is centred at ``left`` and
    ``right``: between the leaf labels nearer the left column's text and those nearer the right
    one's (a label centred over right-aligned numbers reaches into the gap; a group label above
    them may well cross the cut), else the gap's middle."""
    a, b = gap
    lo, hi = a, b
    for x0, x1 in leaves:
        if x1 <= a or x0 >= b:
            continue
        centre = (x0 + x1) / 2
        if abs(centre - left) <= abs(centre - right):
            lo = max(lo, x1)
        else:
            hi = min(hi, x0)
    return (lo + hi) / 2 if lo < hi else (a + b) / 2


def empty_side_columns(
    body: Sequence[TextBox], leaves: Sequence[tuple[float, float]], gaps: Sequence[tuple[float, float]] = ()
) -> list[float]:
    """Cuts for columns no body row fills at the table's sides (a 备注 column left empty): a
    leaf label wholly right (or left) of all body text. A column's own label is centred on its
    column, over the column's text; only a body column no label stands over (贫困县 set at the
    left of a wide 备注 column, its label centred right of it) takes the label beyond it."""
    if not body:
        return []
    left, right = min(b.bbox.x0 for b in body), max(b.bbox.x1 for b in body)
    last_lo = gaps[-1][1] if gaps else left
    first_hi = gaps[0][0] if gaps else right
    out: list[float] = []
    beyond = sorted(x0 for x0, _ in leaves if x0 >= right + MIN_GAP)
    if beyond and (not gaps or any(a < right and b > last_lo for a, b in leaves)):
        out.append((right + beyond[0]) / 2)
    before = sorted(x1 for _, x1 in leaves if x1 <= left - MIN_GAP)
    if before and (not gaps or any(a < first_hi and b > left for a, b in leaves)):
        out.append((before[-1] + left) / 2)
    return out


def cuts_between_leaves(
    cuts: Sequence[float], leaves: Sequence[tuple[float, float]], body: Sequence[TextBox], x0: float, x1: float
) -> list[float]:
    """Cuts two neighbouring leaf labels ask for where no cut stands between their centres: the
    one clear gap of the body between them, even one narrower than two paddings (a long name
    set up to 3 points short of the next column's text)."""
    ordered = sorted(leaves, key=lambda lv: lv[0] + lv[1])
    fine = column_gaps(body, x0, x1, BODY_WIDEST, min_gap=NARROW_GAP)
    out: list[float] = []
    for (a0, a1), (b0, b1) in zip(ordered, ordered[1:], strict=False):
        if any((a0 + a1) / 2 < c < (b0 + b1) / 2 for c in cuts):
            continue
        inner = [(g0 + g1) / 2 for g0, g1 in fine if a1 <= (g0 + g1) / 2 <= b0]  # between the labels
        if len(inner) == 1:
            out.append(inner[0])
    return out


def empty_inner_columns(
    cuts: Sequence[float], leaves: Sequence[tuple[float, float]], gaps: Sequence[tuple[float, float]]
) -> list[float]:
    """Cuts around a column no body row fills between filled ones (中央资金 over no amount beside
    资金合计): a leaf label wholly inside one clear gap of the body is a column of its own, cut
    from each neighbouring label (halfway between their edges, within the gap) where no cut
    stands between their centres."""
    ordered = sorted(leaves, key=lambda lv: lv[0] + lv[1])
    out: list[float] = []
    for k, (l0, l1) in enumerate(ordered):
        gap = next(((g0, g1) for g0, g1 in gaps if g0 <= l0 and l1 <= g1), None)
        if gap is None:
            continue
        centre = (l0 + l1) / 2
        for j in (k - 1, k + 1):
            if not 0 <= j < len(ordered):
                continue
            n0, n1 = ordered[j]
            other = (n0 + n1) / 2
            lo, hi = sorted((centre, other))
            if any(lo < c < hi for c in [*cuts, *out]):
                continue
            edge = (l0 + n1) / 2 if j < k else (l1 + n0) / 2
            cut = min(max(edge, gap[0]), gap[1])
            if lo < cut < hi:
                out.append(cut)
    return out


def place_cuts(gaps: Sequence[tuple[float, float]], leaves: Sequence[tuple[float, float]], x0: float, x1: float) -> list[float]:
    """One cut per body gap (``cut_in``), each column's body text centre taken between its gaps
    (``x0``/``x1``: where the body text begins and ends)."""
    edges = [x0, *(v for g in gaps for v in g), x1]
    centres = [(edges[2 * k] + edges[2 * k + 1]) / 2 for k in range(len(gaps) + 1)]
    return [cut_in(g, leaves, centres[k], centres[k + 1]) for k, g in enumerate(gaps)]


def column_of(x: float, cuts: Sequence[float]) -> int:
    return sum(1 for c in cuts if x > c)


def looks_tabular(boxes: Sequence[TextBox], cuts: Sequence[float], min_rows: int = MIN_ROWS) -> bool:
    """Two or more columns, at least ``min_rows`` rows using two of them, and almost no box
    across a column gap (running text crosses them)."""
    if not cuts:
        return False
    crossing = sum(1 for b in boxes if any(b.bbox.x0 < c < b.bbox.x1 for c in cuts))
    if crossing > MAX_CROSSING * len(boxes):
        return False
    rows = cluster_rows(boxes)
    multi = sum(1 for row in rows if len({column_of(b.bbox.cx, cuts) for b in row}) >= 2)
    return len(rows) >= min_rows and multi >= min_rows


@dataclass(frozen=True, slots=True)
class Span:
    """The columns a header box covers, first to last."""

    first: int
    last: int


def span_of(box: TextBox, cuts: Sequence[float]) -> Span:
    return Span(column_of(box.bbox.x0 + 1.0, cuts), column_of(box.bbox.x1 - 1.0, cuts))


def group_spans(lines: Sequence[list[TextBox]], cuts: Sequence[float]) -> dict[int, Span]:
    """Header boxes within one column but centred on the labels under it and its neighbour's
    together (C级 over 户数 | 补助资金, set off-centre by the cut between them): id -> both columns."""
    out: dict[int, Span] = {}
    for i, line in enumerate(lines):
        lower = [b for ln in lines[i + 1 :] for b in ln]
        for box in line:
            own = span_of(box, cuts)
            if own.first != own.last:
                continue
            c = own.first
            in_col = {k: [b for b in lower if span_of(b, cuts).first <= k <= span_of(b, cuts).last] for k in (c - 1, c, c + 1)}
            if not in_col[c]:
                continue
            own_centre = (min(b.bbox.x0 for b in in_col[c]) + max(b.bbox.x1 for b in in_col[c])) / 2
            for d in (c - 1, c + 1):
                if not in_col[d]:
                    continue
                pair = in_col[c] + in_col[d]
                left, right = min(b.bbox.x0 for b in pair), max(b.bbox.x1 for b in pair)
                off = abs(box.bbox.cx - (left + right) / 2)
                if off < abs(box.bbox.cx - own_centre) and off < 0.15 * (right - left):
                    out[id(box)] = Span(min(c, d), max(c, d))
                    break
    return out


def _span(box: TextBox, cuts: Sequence[float], groups: dict[int, Span]) -> Span:
    return groups.get(id(box)) or span_of(box, cuts)


def _top(line: Sequence[TextBox]) -> float:
    return min(b.bbox.top for b in line)


def _bottom(line: Sequence[TextBox]) -> float:
    return max(b.bbox.bottom for b in line)


def _mid(line: Sequence[TextBox]) -> float:
    return (_top(line) + _bottom(line)) / 2


def row_pitch(lines: Sequence[list[TextBox]], anchors: Sequence[int]) -> float:
    """The pitch of single-line rows: the gaps between number rows with no other line between
    them, else 1.6 line heights."""
    gaps = [_mid(lines[b]) - _mid(lines[a]) for a, b in zip(anchors, anchors[1:], strict=False) if b == a + 1]
    heights = [_bottom(line) - _top(line) for line in lines]
    return statistics.median(gaps) if gaps else 1.6 * statistics.median(heights)


def body_start(lines: Sequence[list[TextBox]], rules_y: Sequence[float]) -> int | None:
    """The first body line: the first holding a number, or a label line just above it that wraps
    around it (a long first label printed over three lines: its first line stands above the
    numbers), unless a rule (the header's) lies between."""
    start = next((i for i, line in enumerate(lines) if _has_number(line)), None)
    if start is None:
        return None
    anchors = [i for i, line in enumerate(lines) if _has_number(line)]
    reach = WRAP_SHARE * row_pitch(lines, anchors)
    first = _mid(lines[start])
    while start > 0 and first - _mid(lines[start - 1]) < reach and not any(
        _bottom(lines[start - 1]) <= y <= _top(lines[start]) for y in rules_y
    ):
        start -= 1
    return start


def body_rows(lines: Sequence[list[TextBox]]) -> list[list[TextBox]]:
    """The body's text lines grouped into rows: each line holding a number anchors a row, and a
    label line near it (a wrapped label) joins it; a label line far from every number is a row
    of its own (a heading row, a row whose amounts are blank)."""
    anchors = [i for i, line in enumerate(lines) if _has_number(line)]
    if not anchors:
        return [list(line) for line in lines]
    pitch = row_pitch(lines, anchors)
    row_of: dict[int, int] = {i: i for i in anchors}
    for i, line in enumerate(lines):
        if i not in row_of:
            near = min(anchors, key=lambda a: abs(_mid(lines[a]) - _mid(line)))
            if abs(_mid(lines[near]) - _mid(line)) < WRAP_SHARE * pitch:
                row_of[i] = near
    changed = True
    while changed:  # a label wrapped over three or more lines: its lines set tight to a joined one
        changed = False
        for i in range(len(lines)):
            if i in row_of:
                continue
            for j in (i - 1, i + 1):
                if j in row_of and 0 <= j < len(lines) and tight(lines[min(i, j)], lines[max(i, j)]):
                    row_of[i] = row_of[j]
                    changed = True
                    break
    rows: dict[int, list[TextBox]] = {}
    for i, line in enumerate(lines):
        rows.setdefault(row_of.get(i, i), []).extend(line)
    return [rows[i] for i in sorted(rows, key=lambda i: _top(rows[i]))]


def tight(upper: Sequence[TextBox], lower: Sequence[TextBox]) -> bool:
    """Two lines of one wrapped label: set at the paragraph's leading, with less white between
    them than a third of a line (rows are further apart by their cells' padding)."""
    height = statistics.median(b.bbox.height for b in (*upper, *lower))
    return _top(lower) - _bottom(upper) < TIGHT_SHARE * height and any(_overlap(u, w) for u in upper for w in lower)


def _floating(
    boxes: Sequence[TextBox], lines: Sequence[list[TextBox]], cuts: Sequence[float], groups: dict[int, Span]
) -> set[int]:
    """ids of header boxes alone in their columns (one cell over every level)."""
    out: set[int] = set()
    for line in lines:
        for box in line:
            s = _span(box, cuts, groups)
            others = [
                o for o in boxes
                if o is not box and not any(o is x for x in line)
                and _span(o, cuts, groups).first <= s.last and _span(o, cuts, groups).last >= s.first
            ]
            if not others:
                out.add(id(box))
    return out


def wrapped_lines(lines: Sequence[list[TextBox]]) -> set[int]:
    """ids of header boxes that continue the label above them: set tight under it (``tight``)
    and alone under it (a sub-label under a group label stands a row's padding apart)."""
    return {id(box) for box, near in labels_above(lines) if near is not None and tight([near], [box])}


def header_levels(
    lines: Sequence[list[TextBox]], cuts: Sequence[float], groups: dict[int, Span] | None = None
) -> tuple[list[list[TextBox]], list[TextBox]]:
    """The header's levels (top to bottom) and its floating boxes; a wrapped label's later
    lines count as its first line's (its cell spans the levels they stand in)."""
    wrapped = wrapped_lines(lines)
    lines = [kept for line in lines if (kept := [b for b in line if id(b) not in wrapped])]
    boxes = [b for line in lines for b in line]
    groups = groups or {}
    floating = _floating(boxes, lines, cuts, groups)
    levels: list[list[TextBox]] = []
    current: list[TextBox] = []
    spanning: list[Span] = []  # spans of the spanning boxes of the last line of ``current``
    for line in lines:
        kept = [b for b in line if id(b) not in floating]
        if not kept:
            continue
        spans = [_span(b, cuts, groups) for b in kept]
        numbers = is_column_numbers(line)  # 栏次 (1=2+3+4 | 2 | 3): a row of its own
        if current and (numbers or (spanning and not all(s in spanning for s in spans))):
            levels.append(current)
            current = []
        current.extend(kept)
        spanning = [s for s in spans if s.last > s.first] if any(s.last > s.first for s in spans) else []
        if numbers:
            levels.append(current)
            current, spanning = [], []
    if current:
        levels.append(current)
    return levels, [b for b in boxes if id(b) in floating]


def _rulings_for(
    region: BBox, cuts: Sequence[float], header: Sequence[list[TextBox]], header_ys: Sequence[float],
    body_ys: Sequence[float], groups: dict[int, Span] | None = None,
) -> tuple[Ruling, ...]:
    """Rulings drawn where cells are separated: header levels (bounded by ``header_ys``) with
    their merged cells, then body rows (bounded by ``body_ys``) cut at every column."""
    xs = [region.x0, *cuts, region.x1]
    n = len(xs) - 1
    out = [Ruling(region.x0, region.top, region.x1, region.top),
           Ruling(region.x0, region.bottom, region.x1, region.bottom)]
    out += [Ruling(x, region.top, x, region.bottom) for x in (region.x0, region.x1)]
    # occupied[c]: the levels holding a (non-floating) box of column c
    spans = [[_span(b, cuts, groups or {}) for b in level] for level in header]
    occupied = [[k for k, level in enumerate(spans) if any(s.first <= c <= s.last for s in level)] for c in range(n)]
    for k in range(1, len(header)):  # a rule above level k in columns whose cell starts there
        y = header_ys[k]
        for c in range(n):
            if k in occupied[c] and any(j < k for j in occupied[c]):
                out.append(Ruling(xs[c], y, xs[c + 1], y))

    def owner(k: int, c: int) -> int | None:
        above = [j for j in occupied[c] if j <= k]
        return max(above) if above else (min(occupied[c]) if occupied[c] else None)

    for k in range(len(header)):
        for c in range(1, n):  # the cut between columns c-1 and c
            a, b = owner(k, c - 1), owner(k, c)
            joined = a is not None and a == b and any(s.first <= c - 1 and s.last >= c for s in spans[a])
            if not joined:
                out.append(Ruling(xs[c], header_ys[k], xs[c], header_ys[k + 1]))
    body_top = header_ys[-1] if header else region.top
    out += [Ruling(region.x0, body_top, region.x1, body_top)]
    out += [Ruling(region.x0, y, region.x1, y) for y in body_ys]
    out += [Ruling(x, body_top, x, region.bottom) for x in cuts]
    return tuple(out)


def _between(upper: Sequence[TextBox], lower: Sequence[TextBox], rules_y: Sequence[float]) -> float:
    """The boundary between two rows: a rule between them, else the middle of the gap."""
    lo, hi = _bottom(upper), _top(lower)
    ruled = [y for y in rules_y if _mid(upper) < y < _mid(lower)]
    if ruled:
        return min(ruled, key=lambda y: abs(y - (lo + hi) / 2))
    return (lo + hi) / 2 if hi > lo else hi


def text_grid(
    region: BBox, boxes: Sequence[TextBox], rules_y: Sequence[float], min_rows: int | None = None
) -> tuple[Ruling, ...] | None:
    """A full grid for ``region`` from the text layout, or None if it does not read as a table
    (``min_rows`` rows of two or more cells; by default one under a header, else MIN_ROWS)."""
    inside = [b for b in boxes if region.contains_point(b.bbox.cx, b.bbox.cy)]
    lines = cluster_rows(inside)
    start = body_start(lines, rules_y)
    if start is None:
        return None
    rows = body_rows(lines[start:])
    body = [b for row in rows for b in row]
    leaves = leaf_labels(lines[:start])
    # a body cell may be wide (a long project name); only a line across the table is no cell
    gaps = column_gaps(body, region.x0, region.x1, BODY_WIDEST)
    cuts = place_cuts(gaps, leaves, min(b.bbox.x0 for b in body), max(b.bbox.x1 for b in body))
    cuts = sorted([*cuts, *empty_side_columns(body, leaves, gaps)])
    cuts = sorted([*cuts, *cuts_between_leaves(cuts, leaves, body, region.x0, region.x1)])
    cuts = sorted([*cuts, *empty_inner_columns(cuts, leaves, gaps)])
    # under a header, one row of numbers is a table (a short 三线表); bare rows need MIN_ROWS
    if not looks_tabular(body, cuts, min_rows or (1 if start else MIN_ROWS)):
        return None
    groups = group_spans(lines[:start], cuts)
    levels, floating = header_levels(lines[:start], cuts, groups)
    if floating and not levels:  # a one-level header: every box alone in its column
        levels, floating = [floating], []
    header_ys = [region.top]
    for upper, lower in zip(levels, levels[1:], strict=False):
        header_ys.append(_between(upper, lower, rules_y))
    if levels:
        header_ys.append(_between([*levels[-1], *floating], rows[0], rules_y))
    body_ys = [_between(u, lw, rules_y) for u, lw in zip(rows, rows[1:], strict=False)]
    return _rulings_for(region, cuts, levels, header_ys, body_ys, groups)
