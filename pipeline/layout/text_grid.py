"""The grid of a table printed without (some of) its rules, read from where its text stands.

    text_grid(region, boxes, rules_y) -> tuple[Ruling, ...] | None

A Word table with only its row rules, a 三线表 or an Excel sheet printed without borders still
has a grid; its text shows it:

- the body begins at the first text row holding a number; its rows are the text rows holding
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

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.core.model import BBox, Ruling, TextBox
from pipeline.core.textnorm import is_han
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
    overlaps,
    place_cuts,
    split_at_marks,
)

WRAP_SHARE = 0.6  # a label line within this share of the row pitch wraps around its row's numbers
TIGHT_SHARE = 0.35  # white between two lines of one wrapped label, in line heights
CAPTION_SIZE = 1.3  # a line this many times the rows' type size is a caption or a title, never a label
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


def wrapped_tail(line: Sequence[TextBox], above: Sequence[TextBox]) -> bool:
    """A line whose every box is set tight under a text box of ``above``, in its column: the last
    line of a cell wrapped around its row's figures (a note ``2023年新建1015、整改`` over ``610``),
    no row of its own though a number ends it. Text-layer boxes only (a read box's height is
    loose)."""
    words = [o for o in above if o.confidence is None and not is_number(o.text)]
    return bool(line) and all(b.confidence is None and any(tight([o], [b]) for o in words) for b in line)


def number_anchors(lines: Sequence[list[TextBox]]) -> list[int]:
    """The lines that anchor a row: each holding a number, but for a cell's last line wrapped
    under its row's figures (the figures' line between it and the cell's first line), and for the
    tail of a figure broken in a narrow cell (4,00 / 0)."""
    return [i for i, line in enumerate(lines) if _has_number(line) and not (
        i >= 2 and _has_number(lines[i - 1]) and wrapped_tail(line, lines[i - 2])) and not _figure_tails(line, lines[max(0, i - 2):i])]


# a figure cut short by its cell's width: a thousands group short of three digits, or a point or
# comma ending it (4,00 | 1,537,050. | 2,0)
_BROKEN_FIGURE = re.compile(r"^[-+]?\d{1,3}(?:,\d{3})*(?:,\d{0,2}|\.)$")


def _figure_tails(line: Sequence[TextBox], above: Sequence[Sequence[TextBox]]) -> bool:
    """Every box of ``line`` is digits set right under a broken figure of a line just above, in
    its column (its right edge or left edge aligned, within a line and a half): the figure's end."""
    def tail(b: TextBox) -> bool:
        return b.text.isdigit() and any(
            _BROKEN_FIGURE.match(u.text.replace(" ", "")) and 0 <= b.bbox.top - u.bbox.bottom < 1.5 * u.bbox.height
            and (abs(b.bbox.x1 - u.bbox.x1) < 2 or abs(b.bbox.x0 - u.bbox.x0) < 2)
            for ln in above for u in ln)
    return bool(line) and all(tail(b) for b in line)


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
    centres = [labels[k].bbox.cx for k in range(lo, hi + 1)]
    pitch = (centres[-1] - centres[0]) / (hi - lo)
    best: Span | None = None
    for a in range(lo, own.first + 1):
        for b in range(own.last, hi + 1):
            whole = spans[id(labels[a])].first == a and spans[id(labels[b])].last == b  # no sub-group cut
            off = abs((labels[a].bbox.cx + labels[b].bbox.cx) / 2 - box.bbox.cx)
            if whole and off <= 0.25 * pitch and (best is None or b - a > best.last - best.first):
                best = Span(a, b)
    return best if best is not None and best != own else None


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
    anchors = number_anchors(lines)
    start = anchors[0] if anchors else None
    if start is None:
        return None
    reach = WRAP_SHARE * row_pitch(lines, anchors)
    first, anchor = _mid(lines[start]), start
    while start > 0 and first - _mid(lines[start - 1]) < reach and not any(
        _bottom(lines[start - 1]) <= y <= _top(lines[start]) for y in rules_y
    ):
        start -= 1
    return wrapped_above(lines, start, rules_y, anchor)


def wrapped_above(lines: Sequence[list[TextBox]], start: int, rules_y: Sequence[float], anchor: int | None = None) -> int:
    """The first line of the first row's cells wrapped upward past ``start``: lines holding a box
    set tight over a box of the row (lines ``start`` to ``anchor``, its numbers' line), in its
    column (a long note begun well above the row's numbers, which are centred on it), up to a rule."""
    last = max(start, anchor or start)
    chain = [b for line in lines[start : last + 1] for b in line]
    height = max(b.bbox.height for b in lines[last])
    # lines set within the numbers' band, above them (labels wrapped around the row), are the row's
    while start > 0 and abs(_mid(lines[start - 1]) - _mid(lines[last])) < height and all(
        b.confidence is None for b in lines[start - 1]
    ):
        start -= 1
        chain.extend(lines[start])
    k = start
    for i in range(start - 1, -1, -1):
        if any(_mid(lines[i]) < y < _mid(lines[i + 1]) for y in rules_y):  # (a read box may reach over its rule)
            break
        # text-layer boxes only: a read box's height is loose, and a header set close over the
        # first row of a photographed page would join it
        joined = [b for b in lines[i] if b.confidence is None and any(tight([b], [o]) for o in chain)]
        if not joined:
            continue
        chain.extend(joined)
        k = i
    return k


def body_rows(lines: Sequence[list[TextBox]]) -> list[list[TextBox]]:
    """The body's text lines grouped into rows: each line holding a number anchors a row, and a
    label line near it (a wrapped label) joins it; a box set tight over or under a box of a row in
    its column joins that row (a long note wrapped over many lines, beside other cells' lines);
    a label line far from every number is a row of its own (a heading row, a row whose amounts
    are blank)."""
    anchors = number_anchors(lines)
    if not anchors:
        return [list(line) for line in lines]
    pitch = row_pitch(lines, anchors)
    row_of: dict[int, int] = {}  # id(box) -> the line index of its row
    for i in anchors:
        row_of.update((id(b), i) for b in lines[i])
    for i, line in enumerate(lines):
        if i not in anchors:
            near = min(anchors, key=lambda a: abs(_mid(lines[a]) - _mid(line)))
            if abs(_mid(lines[near]) - _mid(line)) < WRAP_SHARE * pitch:
                row_of.update((id(b), near) for b in line)
    boxes = [b for line in lines for b in line]
    changed = True
    while changed:  # a cell wrapped over three or more lines: its lines set tight to a joined one
        changed = False
        for box in boxes:
            if id(box) in row_of:
                continue
            joined = next((o for o in boxes if id(o) in row_of and _set_tight(o, box)), None)
            if joined is not None:
                row_of[id(box)] = row_of[id(joined)]
                changed = True
    rows: dict[int, list[TextBox]] = {}
    for i, line in enumerate(lines):
        for b in line:
            rows.setdefault(row_of.get(id(b), i), []).append(b)
    return [rows[i] for i in sorted(rows, key=lambda i: _top(rows[i]))]


def rows_within_rules(rows: list[list[TextBox]], rules_y: Sequence[float]) -> list[list[TextBox]]:
    """Rows no rule parts, in a body whose rows a rule does part, joined where only one of them
    holds words: a row's figures wrapped in narrow cells (54,126,921.0 / 0) above and under its
    label, set mid-height between the rules. Two labelled rows between two rules stay two."""
    inner = [y for y in rules_y if _mid(rows[0]) < y < _mid(rows[-1])] if rows else []
    if not inner:
        return rows  # a 三线表: no rule inside the body says where a row ends
    out: list[list[TextBox]] = []
    for row in rows:
        prev = out[-1] if out else None
        if prev is not None and not any(_mid(prev) < y < _mid(row) for y in rules_y) and sum(
            1 for r in (prev, row) if any(is_han(c) for b in r for c in b.text)
        ) <= 1:
            out[-1] = [*prev, *row]
            continue
        out.append(list(row))
    return out


def _set_tight(a: TextBox, b: TextBox) -> bool:
    """Two lines of one cell, either above the other."""
    return tight([a], [b]) if a.bbox.top <= b.bbox.top else tight([b], [a])


def tight(upper: Sequence[TextBox], lower: Sequence[TextBox]) -> bool:
    """Two lines of one wrapped label: set at the paragraph's leading, with less white between
    them than a third of a line (rows are further apart by their cells' padding)."""
    height = statistics.median(b.bbox.height for b in (*upper, *lower))
    return _top(lower) - _bottom(upper) < TIGHT_SHARE * height and any(overlaps(u, w) for u in upper for w in lower)


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
    labels = [line for line in lines[:start] if not is_column_numbers(line)]
    leaves = leaf_labels(labels)
    # a body cell may be wide (a long project name); only a line across the table is no cell
    gaps = column_gaps(body, region.x0, region.x1, BODY_WIDEST)
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
    head = [[p for b in line for p in split_at_marks(b, cuts)] for line in lines[:start]]
    labels = [[p for b in line for p in split_at_marks(b, cuts)] for line in labels]
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
