"""The grid of a table printed without (some of) its rules, read from where its text stands.

    text_grid(region, boxes, rules_y) -> tuple[Ruling, ...] | None

A Word table with only its row rules, a 三线表 or an Excel sheet printed without borders still
has a grid; its text shows it:

- the body begins at the first text row holding a number (``text_rows``); its rows are the text rows holding
  numbers, each with the label lines that wrap around it (a label wrapped over two lines sits
  above and below the row's numbers, which are centred between them);
- the columns are the x gaps the body's boxes leave (``text_columns``): a header box across a
  gap is a merged header cell (``中央资金`` over ``2021年下达 | 2022年下达``);
- the header's text rows become levels: a row holding a box across a gap closes a level, unless
  the next row only continues the same cells (a wrapped header); a box alone in its column
  (``地区``, centred on the whole header) is one cell over every level;
- every rule inside the region stays a row boundary.

The grid is handed to the ruled-table code as synthetic rulings drawn only where cells are
separated, so merged cells come out exactly as for a ruled table.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.core.model import BBox, Ruling, TextBox
from pipeline.layout.lines import cluster_rows
from pipeline.layout.text_columns import (
    BODY_WIDEST,
    MIN_ROWS,
    column_gaps,
    column_of,
    cuts_between_leaves,
    empty_inner_columns,
    empty_side_columns,
    join_padded_labels,
    labels_above,
    leaf_labels,
    looks_tabular,
    mark_in_gap,
    place_cuts,
    split_at_marks,
    split_wrapped_pairs,
)
from pipeline.layout.text_rows import (
    body_rows,
    body_start,
    is_column_numbers,
    line_bottom,
    line_mid,
    line_top,
    rows_within_rules,
    tight,
)

CAPTION_SIZE = 1.3  # a line this many times the rows' type size is a caption or a title, never a label


@dataclass(frozen=True, slots=True)
class Span:
    """The columns a header box covers, first to last."""

    first: int
    last: int


def span_of(box: TextBox, cuts: Sequence[float]) -> Span:
    return Span(column_of(box.bbox.x0 + 1.0, cuts), column_of(box.bbox.x1 - 1.0, cuts))


def group_spans(lines: Sequence[list[TextBox]], cuts: Sequence[float]) -> dict[int, Span]:
    """Header boxes that are group labels over more columns than their text covers: id -> span.

    A group label is centred over the labels under it, and may be narrower than them (计划投资
    over 合计 | 中央预算内投资 | 地方配套 stands within the middle column; C级 over 户数 | 补助资金
    stands right of the cut between them). Its span is the widest run of columns around its own
    whose labels all stand on the line under it (no label of theirs reaching up beside it: a
    label centred on the whole header stops the run) that is centred on it within a quarter of
    a column. Lines are read bottom up, so a group of groups (其中 over 集中供养 | 分散供养, each
    over 户 | 人 | 月补金额) is centred on its groups' labels. A later line set tight under a box
    continues its label: no group."""
    out: dict[int, Span] = {}
    spans = {id(b): span_of(b, cuts) for line in lines for b in line}  # each box's own columns
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        lower = [b for ln in lines[i + 1 :] for b in ln]
        taken = {id(b): spans[id(b)] for b in line}
        for box in sorted(line, key=lambda b: b.bbox.x0):
            own = taken[id(box)]
            others = [s for k, s in taken.items() if k != id(box)] + _reaching_beside(box, own, lines[:i], spans)
            found = _group_span(box, own, lower, spans, others)
            if found is not None:
                out[id(box)] = taken[id(box)] = spans[id(box)] = found
    return out


def _reaching_beside(box: TextBox, own: Span, upper: Sequence[list[TextBox]], spans: dict[int, Span]) -> list[Span]:
    """Spans of labels above ``box``'s line reaching down beside it (保障对象 centred over two of
    the header's levels, over 户 | 人 beside 集中供养): their columns are no columns of ``box``'s
    group. A label a whole level above (a parent group) ends more than half a line above it."""
    return [
        s for line in upper for o in line
        if o.bbox.bottom > box.bbox.top - 0.5 * box.bbox.height
        and ((s := spans[id(o)]).last < own.first or s.first > own.last)
    ]


def _group_span(box: TextBox, own: Span, lower: Sequence[TextBox], spans: dict[int, Span],
                others: Sequence[Span]) -> Span | None:
    """The span of ``box`` as a group label over the labels in ``lower`` (``group_spans``; ``spans``:
    each box's columns by id, groups below already widened), or None."""

    def stack(k: int) -> list[TextBox]:
        """The labels under the group in column ``k``, top to bottom (a sub-group's, a leaf)."""
        return sorted((b for b in lower if spans[id(b)].first <= k <= spans[id(b)].last), key=lambda b: b.bbox.top)

    under = [b for k in range(own.first, own.last + 1) for b in stack(k)]
    if not under or any(tight([box], [b]) for b in under):
        return None
    level = min(b.bbox.top for b in under)
    leaf_mid = (level + max(b.bbox.bottom for b in under)) / 2  # the labels under it, centred in their row

    def leaf(k: int) -> TextBox | None:
        """The label of column ``k`` under the group, if its column has no label reaching up (a
        label centred on the whole header starts above the group's labels and is centred higher;
        a label of more lines starts higher too, centred as they are)."""
        if any(s.first <= k <= s.last for s in others):
            return None
        mine = stack(k)
        if not mine:
            return None
        top = mine[0].bbox.top
        mid = (top + max(b.bbox.bottom for b in mine)) / 2
        if top < level - 1.0 and mid < leaf_mid - 2.0:
            return None
        return mine[0]

    labels = {k: lab for k in range(own.first, own.last + 1) if (lab := leaf(k)) is not None}
    if len(labels) != own.last - own.first + 1:
        return None
    lo, hi = own.first, own.last
    while (lab := leaf(lo - 1)) is not None:
        lo -= 1
        labels[lo] = lab
    while (lab := leaf(hi + 1)) is not None:
        hi += 1
        labels[hi] = lab
    if lo == hi:
        return None
    # a group is centred over its cells: on the leaves at the ends of its run of columns (合计 | 其中
    # over 中央 | 省级 | 市级: on 合计 and 市级, not on 其中, whose own columns are fewer)
    centres = {k: stack(k)[-1].bbox.cx for k in range(lo, hi + 1)}
    pitch = (centres[hi] - centres[lo]) / (hi - lo)
    best: Span | None = None
    for a in range(lo, own.first + 1):
        for b in range(own.last, hi + 1):
            whole = spans[id(labels[a])].first == a and spans[id(labels[b])].last == b  # no sub-group cut
            off = abs((centres[a] + centres[b]) / 2 - box.bbox.cx)
            if whole and off <= 0.25 * pitch and (best is None or b - a > best.last - best.first):
                best = Span(a, b)
    return best if best is not None and best != own else None


def _span(box: TextBox, cuts: Sequence[float], groups: dict[int, Span]) -> Span:
    return groups.get(id(box)) or span_of(box, cuts)


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
    and alone under it (a sub-label under a group label stands a row's padding apart). A row of
    column numbers (栏次 1=2+3 | 2 | 3) is a row of its own however tight under its labels (OCR boxes
    are padded: 合计 over 1=2+3 2.5 pt apart)."""
    numbers = {id(b) for line in lines if is_column_numbers(line) for b in line}
    return {
        id(box) for box, near in labels_above(lines)
        if near is not None and id(box) not in numbers and tight([near], [box])
    }


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
    lo, hi = line_bottom(upper), line_top(lower)
    ruled = [y for y in rules_y if line_mid(upper) < y < line_mid(lower)]
    if ruled:
        return min(ruled, key=lambda y: abs(y - (lo + hi) / 2))
    return (lo + hi) / 2 if hi > lo else hi


def _parted_over_gap(box: TextBox, gaps: Sequence[tuple[float, float]]) -> list[TextBox]:
    at = mark_in_gap(box, gaps)
    return [box] if at is None else split_at_marks(box, [at])


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
    if sum(1 for line in lines[:start] if len(line) == 1 and line[0].bbox.width >= BODY_WIDEST * region.width) >= 2:
        return None  # lines of running text above the rows (a paragraph under the 版头's rule): no header
    rows = rows_within_rules(body_rows(lines[start:]), rules_y)
    body = [b for row in rows for b in row]
    body_height = statistics.median(b.bbox.height for b in body)
    if any(len(line) == 1 and line[0].bbox.height > CAPTION_SIZE * body_height and line[0].bbox.width >= region.width / 2
           for line in lines[:start]):
        return None  # a caption in larger type above the labels (表2：…明细表 under the rule that closed 表1): no header
    # a row of column numbers (栏次 1=2+3+4 | 2 | 3) under the labels leaves them the leaves: the labels
    # bound the columns (numbers set flush right leave their gaps inside the columns)
    # a label padded over its cell (合　计) is one label, not a column per character
    lines = [*[join_padded_labels(line, body) for line in lines[:start]], *lines[start:]]
    # a body cell may be wide (a long project name); only a line across the table is no cell
    gaps = column_gaps(body, region.x0, region.x1, BODY_WIDEST)
    # two labels padded till they touch, one word to the text layer, part at the mark over the gap
    lines = [*[[p for b in line for p in _parted_over_gap(b, gaps)] for line in lines[:start]], *lines[start:]]
    labels = [line for line in lines[:start] if not is_column_numbers(line)]
    leaves = leaf_labels(labels)
    cuts = place_cuts(gaps, leaves, min(b.bbox.x0 for b in body), max(b.bbox.x1 for b in body))
    cuts = sorted([*cuts, *empty_side_columns(body, leaves, gaps)])
    cuts = sorted([*cuts, *cuts_between_leaves(cuts, leaves, body, region.x0, region.x1)])
    extent = (min(b.bbox.x0 for b in body), max(b.bbox.x1 for b in body))
    cuts = sorted([*cuts, *empty_inner_columns(cuts, leaves, gaps, extent)])
    # under a header, one row of numbers is a table (a short 三线表); bare rows need MIN_ROWS
    if not looks_tabular(body, cuts, min_rows or (1 if start else MIN_ROWS)):
        return None
    # two labels' first lines read as one word where a hanging mark touches the next (走读生（四类学生，
    # + 寄宿生（四类学生，): split at the cuts first, as the cells will be
    # OCR: the wrapped lines of two labels read as one box (数（人）月数 under 在岗人 | 补贴): apart at the cut
    head = split_wrapped_pairs([[p for b in line for p in split_at_marks(b, cuts)] for line in lines[:start]], cuts)
    labels = split_wrapped_pairs([[p for b in line for p in split_at_marks(b, cuts)] for line in labels], cuts)
    groups = group_spans(labels, cuts)  # a group label is centred on the labels, not on the 栏次
    levels, floating = header_levels(head, cuts, groups)
    if floating and not levels:  # a one-level header: every box alone in its column
        levels, floating = [floating], []
    header_ys = [region.top]
    for upper, lower in zip(levels, levels[1:], strict=False):
        header_ys.append(_between(upper, lower, rules_y))
    if levels:
        # under every header line: a label's last line (wrapped, counted with its first) may hang lowest
        header_ys.append(_between([*levels[-1], *floating, *(b for line in head for b in line)], rows[0], rules_y))
    body_ys = [_between(u, lw, rules_y) for u, lw in zip(rows, rows[1:], strict=False)]
    return _rulings_for(region, cuts, levels, header_ys, body_ys, groups)
