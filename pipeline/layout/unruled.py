"""Tables with missing rulings (无框线表): columns inferred from the text.

    reconstruct_unruled_tables(page, boxes) -> (tables, boxes outside them)

Two conservative cases, tried after the ruled tables are taken out:

- horizontal rules only (三线表): three or more horizontal rules of the same
  extent, one above the other, with no vertical rules between them;
- outer border only: a rectangle drawn around text with no inner rules.

Inside the region, columns are the x gaps (at least ``MIN_GAP`` wide) that no
box crosses (boxes wider than half the region, e.g. a spanning header, do
not count); rows are the text rows, further cut at every rule. The region is
a table only when it has two or more columns and at least three text rows
with text in two columns; otherwise its boxes stay free text (a 版记 between
rules, a boxed note). The inferred grid is handed to the ruled-table code as
synthetic rulings, so cells are filled exactly as for a ruled table.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.core.model import BBox, Page, Ruling, Table, TextBox
from pipeline.layout.lines import cluster_rows
from pipeline.layout.tables import (
    Segment,
    merge_segments,
    reconstruct_tables,
    split_rulings,
)

MIN_GAP = 6.0  # points of clear space between two columns
EXTENT_TOL = 6.0  # rules of one table start and end within this many points
MIN_ROWS = 3
MIN_RULE_LENGTH = 60.0
MAX_PAIRS = 20_000  # horizontal x vertical rules beyond which a page is a drawing
MAX_CROSSING = 0.1  # share of boxes that may straddle an inferred column gap


def infer_columns(boxes: Sequence[TextBox], x0: float, x1: float) -> list[float]:
    """x positions of column separators: clear vertical gaps between boxes."""
    narrow = [b for b in boxes if b.bbox.width <= 0.5 * (x1 - x0)]
    spans = sorted((max(b.bbox.x0, x0), min(b.bbox.x1, x1)) for b in narrow)
    cuts: list[float] = []
    reach: float | None = None
    for start, end in spans:
        if reach is not None and start - reach >= MIN_GAP:
            cuts.append((start + reach) / 2)
        reach = end if reach is None else max(reach, end)
    return cuts


def _column_of(x: float, cuts: Sequence[float]) -> int:
    return sum(1 for c in cuts if x > c)


def looks_tabular(boxes: Sequence[TextBox], cuts: Sequence[float]) -> bool:
    """Two or more columns, at least MIN_ROWS rows using two of them, and
    almost no box across a column gap (running text crosses them)."""
    if not cuts:
        return False
    crossing = sum(1 for b in boxes if any(b.bbox.x0 < c < b.bbox.x1 for c in cuts))
    if crossing > MAX_CROSSING * len(boxes):
        return False
    rows = cluster_rows(boxes)
    multi = sum(1 for row in rows if len({_column_of(b.bbox.cx, cuts) for b in row}) >= 2)
    return len(rows) >= MIN_ROWS and multi >= MIN_ROWS


def _row_cuts(boxes: Sequence[TextBox]) -> list[float]:
    """y between consecutive text rows."""
    rows = cluster_rows(boxes)
    out: list[float] = []
    for upper, lower in zip(rows, rows[1:], strict=False):
        bottom = max(b.bbox.bottom for b in upper)
        top = min(b.bbox.top for b in lower)
        out.append((bottom + top) / 2 if top > bottom else top)
    return out


def synthetic_rulings(
    region: BBox, boxes: Sequence[TextBox], rules_y: Sequence[float]
) -> tuple[Ruling, ...] | None:
    """A full grid for ``region`` from the text layout, or None if not a table."""
    inside = [b for b in boxes if region.contains_point(b.bbox.cx, b.bbox.cy)]
    cuts = infer_columns(inside, region.x0, region.x1)
    if not looks_tabular(inside, cuts):
        return None
    ys = set(rules_y) | {region.top, region.bottom}
    bands = sorted(ys)
    for top, bottom in zip(bands, bands[1:], strict=False):
        band = [b for b in inside if top <= b.bbox.cy <= bottom]
        ys.update(y for y in _row_cuts(band) if top < y < bottom)
    xs = [region.x0, *cuts, region.x1]
    out = [Ruling(region.x0, y, region.x1, y) for y in sorted(ys)]
    out += [Ruling(x, region.top, x, region.bottom) for x in xs]
    return tuple(out)


def _rule_runs(hs: Sequence[Segment], vs: Sequence[Segment]) -> list[list[Segment]]:
    """Runs of ≥3 horizontal rules of one extent with no vertical rule among them."""
    long = sorted((h for h in hs if h.end - h.start >= MIN_RULE_LENGTH), key=lambda h: h.pos)
    runs: list[list[Segment]] = []
    for h in long:
        for run in runs:
            ref = run[-1]
            same = abs(h.start - ref.start) <= EXTENT_TOL and abs(h.end - ref.end) <= EXTENT_TOL
            crossed = any(
                ref.start - EXTENT_TOL <= v.pos <= ref.end + EXTENT_TOL
                and v.start < h.pos and v.end > ref.pos
                for v in vs
            )
            if same and not crossed:
                run.append(h)
                break
        else:
            runs.append([h])
    return [run for run in runs if len(run) >= 3]


def _frames(hs: Sequence[Segment], vs: Sequence[Segment]) -> list[BBox]:
    """Rectangles drawn as four rules with nothing inside (outer border only)."""
    out: list[BBox] = []
    for top in hs:
        for bottom in hs:
            if bottom.pos - top.pos < 20 or abs(top.start - bottom.start) > EXTENT_TOL:
                continue
            if abs(top.end - bottom.end) > EXTENT_TOL:
                continue
            sides = [
                v for v in vs
                if v.start <= top.pos + EXTENT_TOL and v.end >= bottom.pos - EXTENT_TOL
                and top.start - EXTENT_TOL <= v.pos <= top.end + EXTENT_TOL
            ]
            if len(sides) == 2 and abs(sides[0].pos - sides[1].pos) > 40:
                inner = [h for h in hs if top.pos < h.pos < bottom.pos and h.start < top.end]
                if not inner:
                    out.append(BBox(top.start, top.pos, top.end, bottom.pos))
    return out


def _take_table(
    page: Page, region: BBox, rules_y: Sequence[float], free: list[TextBox]
) -> tuple[Table, list[TextBox]] | None:
    rulings = synthetic_rulings(region, free, rules_y)
    if rulings is None:
        return None
    inside = [b for b in free if region.contains_point(b.bbox.cx, b.bbox.cy)]
    sub = Page(page.page, page.width, page.height, tuple(inside), rulings, page.text_source)
    found, rest = reconstruct_tables(sub)
    if len(found) != 1:
        return None
    kept = set(map(id, rest))
    inside_ids = set(map(id, inside))
    return found[0], [b for b in free if id(b) not in inside_ids or id(b) in kept]


def reconstruct_unruled_tables(
    page: Page, boxes: Sequence[TextBox]
) -> tuple[tuple[Table, ...], tuple[TextBox, ...]]:
    """Tables drawn with horizontal rules only or with an outer border only.

    Within a run of same-extent rules the longest stretch of three or more
    rules that reads as a table wins; the search goes on below it.
    """
    if not boxes:
        return (), tuple(boxes)
    raw_h, raw_v = split_rulings(page.rulings)
    hs = [h for h in merge_segments(raw_h) if h.end - h.start >= MIN_RULE_LENGTH]
    vs = merge_segments(raw_v)
    if not hs or len(hs) * max(len(vs), 1) > MAX_PAIRS:
        return (), tuple(boxes)  # no rules, or a drawing rather than a table
    tables: list[Table] = []
    free = list(boxes)
    for run in _rule_runs(hs, vs):
        i = 0
        while i + 2 < len(run):
            for j in range(len(run) - 1, i + 1, -1):
                part = run[i : j + 1]
                x0 = min(h.start for h in part)
                x1 = max(h.end for h in part)
                region = BBox(x0, part[0].pos, x1, part[-1].pos)
                taken = _take_table(page, region, [h.pos for h in part], free)
                if taken is not None:
                    tables.append(taken[0])
                    free = taken[1]
                    i = j
                    break
            else:
                i += 1
    for frame in _frames(hs, vs):
        taken = _take_table(page, frame, [frame.top, frame.bottom], free)
        if taken is not None:
            tables.append(taken[0])
            free = taken[1]
    return tuple(sorted(tables, key=lambda t: t.bbox.top)), tuple(free)
