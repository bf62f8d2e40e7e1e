"""Group free text boxes into visual lines (行) in reading order.

    cluster_rows(boxes) -> list of box groups sharing a baseline band
    group_lines(boxes, page) -> tuple[Line, ...] in reading order

Two boxes are on one line when their vertical centres are within 0.35 of the
smaller glyph height and their vertical extents overlap. Lines are ordered
by top, then x, with one exception for the two-column header of a joint
issuance: issuers stacked on the left and ``文件`` printed once on the right,
beside the stack. ``文件`` joins the line of the name whose baseline it shares
(centres within 0.35 of the glyph height: ``昌吉回族自治州财政局 文件``);
otherwise (centred between names, or taller) it is its own line, placed after
the last name of the stack, so the lines read ``issuer 1``, ``issuer 2``,
``issuer 3``, ``文件``.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from pipeline.core.model import Line, TextBox, union_all
from pipeline.layout.text import join_line

CENTRE_RATIO = 0.35  # centres closer than this share of the smaller height
X_OVERLAP_RATIO = 0.3  # boxes overlapping horizontally by this share of the narrower are not one line


def _x_overlap(a: TextBox, b: TextBox) -> float:
    return min(a.bbox.x1, b.bbox.x1) - max(a.bbox.x0, b.bbox.x0)


def _collides(box: TextBox, row: list[TextBox]) -> bool:
    """Whether ``box`` takes the place of a box already in ``row``.

    Two glyphs of one printed line never occupy the same x: a box that
    overlaps a member horizontally belongs to a line above or below (two
    names stacked close, or side by side at uneven heights with tall OCR
    boxes), and joining it would interleave their characters.
    """
    for other in row:
        narrower = min(box.bbox.width, other.bbox.width)
        if narrower > 0 and _x_overlap(box, other) > X_OVERLAP_RATIO * narrower:
            return True
    return False


def _same_row(box: TextBox, row: list[TextBox]) -> float | None:
    """How well ``box`` fits ``row`` (smaller is better), or None."""
    top = min(b.bbox.top for b in row)
    bottom = max(b.bbox.bottom for b in row)
    heights = [b.bbox.height for b in row]
    row_h = statistics.median(heights)
    row_cy = (top + bottom) / 2
    h = min(box.bbox.height, row_h)
    distance = abs(box.bbox.cy - row_cy)
    overlap = min(box.bbox.bottom, bottom) - max(box.bbox.top, top)
    if overlap <= 0 or distance > CENTRE_RATIO * max(h, 1.0) or _collides(box, row):
        return None
    return distance


def cluster_rows(boxes: Sequence[TextBox]) -> list[list[TextBox]]:
    """Boxes grouped by baseline band; rows by top, boxes in a row by x."""
    rows: list[list[TextBox]] = []
    for box in sorted(boxes, key=lambda b: (b.bbox.top, b.bbox.x0)):
        best: tuple[float, int] | None = None
        for index in range(len(rows) - 1, max(-1, len(rows) - 8), -1):
            score = _same_row(box, rows[index])
            if score is not None and (best is None or score < best[0]):
                best = (score, index)
        if best is None:
            rows.append([box])
        else:
            rows[best[1]].append(box)
    for row in rows:
        row.sort(key=lambda b: b.bbox.x0)
    rows.sort(key=lambda r: (min(b.bbox.top for b in r), r[0].bbox.x0))
    return rows


def make_line(boxes: Sequence[TextBox], page: int) -> Line:
    """One Line from the boxes of a row."""
    confidences = [b.confidence for b in boxes if b.confidence is not None]
    return Line(
        text=join_line(boxes),
        bbox=union_all([b.bbox for b in boxes]),
        page=page,
        confidence=min(confidences) if confidences else None,
        is_red=all(b.is_red for b in boxes),
        font_size=round(statistics.median(b.bbox.height for b in boxes), 2),
    )


def group_lines(boxes: Sequence[TextBox], page: int) -> tuple[Line, ...]:
    """Free text boxes of one page as lines in reading order."""
    lines = [make_line(row, page) for row in cluster_rows(boxes) if row]
    lines = [ln for ln in lines if ln.text.strip()]
    return tuple(order_side_lines(lines))


def _v_overlap(a: Line, b: Line) -> float:
    return min(a.bbox.bottom, b.bbox.bottom) - max(a.bbox.top, b.bbox.top)


def _continues_stack(prev: Line, line: Line) -> bool:
    """Whether ``line`` is the next name of a stack that ``prev`` belongs to."""
    size_a = prev.font_size or prev.bbox.height
    size_b = line.font_size or line.bbox.height
    return (
        line.is_red == prev.is_red
        and 0.8 <= size_b / max(size_a, 0.1) <= 1.25
        and line.bbox.top - prev.bbox.bottom <= prev.bbox.height
    )


def order_side_lines(lines: list[Line]) -> list[Line]:
    """Move a right-hand line beside a stack of left lines after the stack.

    A line is beside the stack when some line entirely to its left overlaps
    it vertically (by a quarter of that line's height) without sharing its
    baseline; the stack runs on through the following left-hand lines of the
    same colour and size that are at most a line height apart.
    """
    ordered = list(lines)
    for line in lines:
        def left(other: Line, line: Line = line) -> bool:
            return other is not line and other.bbox.x1 <= line.bbox.x0

        touching = [
            k
            for k, other in enumerate(ordered)
            if left(other) and _v_overlap(line, other) >= 0.25 * other.bbox.height
        ]
        if not touching:
            continue
        last = max(touching)
        for k in range(last + 1, len(ordered)):
            other = ordered[k]
            if other is line:
                continue
            if not (left(other) and _continues_stack(ordered[last], other)):
                break
            last = k
        index = ordered.index(line)
        if index < last:
            ordered.remove(line)
            ordered.insert(last, line)  # after `last` (which shifted up by one)
    return ordered
