"""The body rows of a table printed without (some of) its rules, read from where its text stands.

    body_start(lines, rules_y) -> index | None      the first text row of the body
    body_rows(lines) -> rows                        the body's text lines grouped into rows

A row holds a number (``number_anchors``); the label lines wrapped around it join it (a label
wrapped over two lines sits above and below the row's numbers, centred between them), and so do
the last lines of a note wrapped in its column and the tail of a figure broken in a narrow cell
(``4,00`` / ``0``). In a body whose rows rules part, lines no rule parts are one row when only one
of them holds words (``rows_within_rules``). Used by ``text_grid`` (the grid) and ``unruled`` (where
a table without rules begins and ends).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from pipeline.core.model import TextBox
from pipeline.core.textnorm import is_han
from pipeline.layout.text_columns import overlaps

OVERLAP_SHARE = 0.7  # lines whose middles are closer than this share of a line's height share a row
WRAP_SHARE = 0.6  # a label line within this share of the row pitch wraps around its row's numbers
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
        i >= 2 and _has_number(lines[i - 1]) and wrapped_tail(line, lines[i - 2]))
        and not _figure_tails(line, lines[max(0, i - 2):i])]


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




def line_top(line: Sequence[TextBox]) -> float:
    return min(b.bbox.top for b in line)


def line_bottom(line: Sequence[TextBox]) -> float:
    return max(b.bbox.bottom for b in line)


def line_mid(line: Sequence[TextBox]) -> float:
    return (line_top(line) + line_bottom(line)) / 2


def row_pitch(lines: Sequence[list[TextBox]], anchors: Sequence[int]) -> float:
    """The pitch of single-line rows: the gaps between number rows with no other line between
    them, else 1.6 line heights."""
    gaps = [line_mid(lines[b]) - line_mid(lines[a]) for a, b in zip(anchors, anchors[1:], strict=False) if b == a + 1]
    heights = [line_bottom(line) - line_top(line) for line in lines]
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
    first, anchor = line_mid(lines[start]), start
    while start > 0 and first - line_mid(lines[start - 1]) < reach and not any(
        line_bottom(lines[start - 1]) <= y <= line_top(lines[start]) for y in rules_y
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
    while start > 0 and abs(line_mid(lines[start - 1]) - line_mid(lines[last])) < height and all(
        b.confidence is None for b in lines[start - 1]
    ):
        start -= 1
        chain.extend(lines[start])
    k = start
    for i in range(start - 1, -1, -1):
        if any(line_mid(lines[i]) < y < line_mid(lines[i + 1]) for y in rules_y):  # (a read box may reach over its rule)
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
            near = min(anchors, key=lambda a: abs(line_mid(lines[a]) - line_mid(line)))
            if abs(line_mid(lines[near]) - line_mid(line)) < WRAP_SHARE * pitch:
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
    for i, line in enumerate(lines):
        for b in line:
            row_of.setdefault(id(b), i)
    # two lines set closer than a line's height (their extents overlap) are one row: a row set
    # mid-height in its cells, the one-line cells half a line under the two-line ones' first lines
    same: dict[int, int] = {}  # a row -> the row it joins

    def root(r: int) -> int:
        while r in same:
            r = same[r]
        return r

    for upper, lower in zip(lines, lines[1:], strict=False):
        height = statistics.median(b.bbox.height for b in (*upper, *lower))
        if line_mid(lower) - line_mid(upper) < OVERLAP_SHARE * height:
            keep = root(row_of[id(upper[0])])
            for b in (*upper, *lower):
                if (r := root(row_of[id(b)])) != keep:
                    same[r] = keep
    rows: dict[int, list[TextBox]] = {}
    for b in boxes:
        rows.setdefault(root(row_of[id(b)]), []).append(b)
    return [rows[i] for i in sorted(rows, key=lambda i: line_top(rows[i]))]


def rows_within_rules(rows: list[list[TextBox]], rules_y: Sequence[float]) -> list[list[TextBox]]:
    """Rows no rule parts, in a body whose rows a rule does part, joined where only one of them
    holds words: a row's figures wrapped in narrow cells (54,126,921.0 / 0) above and under its
    label, set mid-height between the rules. Two labelled rows between two rules stay two."""
    inner = [y for y in rules_y if line_mid(rows[0]) < y < line_mid(rows[-1])] if rows else []
    if not inner:
        return rows  # a 三线表: no rule inside the body says where a row ends
    out: list[list[TextBox]] = []
    for row in rows:
        prev = out[-1] if out else None
        if prev is not None and not any(line_mid(prev) < y < line_mid(row) for y in rules_y) and sum(
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
    return line_top(lower) - line_bottom(upper) < TIGHT_SHARE * height and any(overlaps(u, w) for u in upper for w in lower)
