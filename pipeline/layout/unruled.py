"""Tables with missing rulings (无框线表): columns inferred from the text.

    reconstruct_unruled_tables(page, boxes) -> (tables, boxes outside them)
    recut(page, table, edges) -> table      a 续表's part re-cut at the first part's columns

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

import re
from collections.abc import Sequence

from pipeline.core.model import BBox, Page, Ruling, Table, TextBox
from pipeline.layout.header_part import header_at_foot
from pipeline.layout.lines import cluster_rows
from pipeline.layout.tables import (
    Segment,
    merge_segments,
    reconstruct_tables,
    split_rulings,
)
from pipeline.layout.text_columns import (
    BODY_WIDEST,
    MAX_CROSSING,
    column_gaps,
    ink_x1,
    split_words_at_rulings,
)
from pipeline.layout.text_grid import text_grid
from pipeline.layout.text_rows import is_column_numbers, is_number, tight, wrapped_above

EXTENT_TOL = 6.0  # rules of one table start and end within this many points
MIN_ROWS = 3
HEADER_SLACK = 20.0  # points a header label's centre may stand out of the body's extent
MIN_COLUMN_GAP = 0.45  # line heights of clear space between two cells of an unruled row (a space is less)
FRAGMENT_CELLS = 3  # cells of a lone number row at a page's top that continues a table
HEADER_LINES = 6  # header text rows between a 三线表's top rule and its first number row
HEADER_DEPTH = 12  # header text lines looked for above an unruled table's first number row (labels wrapped
# over four or five lines in narrow columns under group labels)
WRAP_LINES = 12  # lines of a long note wrapped in its column between two rows of numbers
CAPTION_FIELD = re.compile(r"^[\u4e00-\u9fff]{0,4}单位\s*[：:]")  # 单位：万元, 填报单位：…, 编制单位：…
MIN_RULE_LENGTH = 60.0
MAX_PAIRS = 20_000  # horizontal x vertical rules beyond which a page is a drawing


def synthetic_rulings(
    region: BBox, boxes: Sequence[TextBox], rules_y: Sequence[float], min_rows: int | None = None
) -> tuple[Ruling, ...] | None:
    """A full grid for ``region`` from the text layout, or None if not a table."""
    return text_grid(region, boxes, rules_y, min_rows)


def _closes_grid(h: Segment, vs: Sequence[Segment]) -> bool:
    """A ruled table's bottom rule (column rules come down onto it): no rule of a 三线表 below it,
    whose run would otherwise take in the body, signature and 版记 rules under the table."""
    return any(
        h.start - EXTENT_TOL <= v.pos <= h.end + EXTENT_TOL and abs(v.end - h.pos) <= EXTENT_TOL
        and v.start < h.pos - EXTENT_TOL
        for v in vs
    )


def _rule_runs(hs: Sequence[Segment], vs: Sequence[Segment]) -> list[list[Segment]]:
    """Runs of ≥3 horizontal rules of one extent with no vertical rule among them."""
    long = sorted((h for h in hs if h.end - h.start >= MIN_RULE_LENGTH and not _closes_grid(h, vs)), key=lambda h: h.pos)
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
    page: Page, region: BBox, rules_y: Sequence[float], free: list[TextBox], min_rows: int | None = None
) -> tuple[Table, list[TextBox]] | None:
    dates = {id(b) for line in cluster_rows(free) if _date_row(line) for b in line}
    # a spaced 成文日期's numbers are no columns: the grid is read from the other text
    rulings = synthetic_rulings(region, [b for b in free if id(b) not in dates], rules_y, min_rows)
    if rulings is None:
        return None
    inside = [b for b in free if region.contains_point(b.bbox.cx, b.bbox.cy)]
    split = split_words_at_rulings(inside, rulings)  # a word run over a cut at a hanging mark
    origin = {id(p): b for b in inside for p in split.get(id(b), [b])}
    parts = tuple(p for b in inside for p in split.get(id(b), [b]))
    found, rest = reconstruct_tables(Page(page.page, page.width, page.height, parts, rulings, page.text_source))
    if len(found) != 1:
        return None
    kept = {id(origin[id(b)]) for b in rest}
    inside_ids = set(map(id, inside))
    return found[0], [b for b in free if id(b) not in inside_ids or id(b) in kept]


def _cells_apart(line: Sequence[TextBox]) -> bool:
    """Two or more boxes, each pair of neighbours clearly apart (cells, not words of a sentence)."""
    if len(line) < 2:
        return False
    height = max(b.bbox.height for b in line)
    return all(b.bbox.x0 - a.bbox.x1 >= MIN_COLUMN_GAP * height for a, b in zip(line, line[1:], strict=False))


# A date typed with spaces (2024 年 11 月 28 日) sets its numbers apart like cells: it is a 成文日期
# (under side-by-side signatures, which look like a header row) or the 版记's 印发 line (邵阳市财政局
# 办公室 2018 年 4 月 22 日印发), never a table's row of numbers.
DATE = re.compile(r"[0-9]{4}年[0-9]{1,2}月(?:[0-9]{1,2}日)?")


def _date_row(line: Sequence[TextBox]) -> bool:
    """A line whose only figures are those of a date."""
    text = "".join(b.text for b in line).replace(" ", "")
    return DATE.search(text) is not None and not re.search(r"[0-9]", DATE.sub("", text))


def _number_row(line: Sequence[TextBox]) -> bool:
    return (_cells_apart(line) and any(is_number(b.text) for b in line) and not is_column_numbers(line)
            and not _date_row(line) and not any(CAPTION_FIELD.match(b.text) for b in line))  # 2019.04 | 单位：元


def _fragment_row(line: Sequence[TextBox]) -> bool:
    """A row that can stand alone at a page's top as the end of a table: FRAGMENT_CELLS cells or
    more, two of them numbers (a page number between dashes, — 4 —, is not)."""
    return len(line) >= FRAGMENT_CELLS and sum(1 for b in line if is_number(b.text)) >= 2


def _header_row(line: Sequence[TextBox]) -> bool:
    """A header over a short unruled table (one or two rows of numbers): FRAGMENT_CELLS labels
    or more standing apart, none of them a number."""
    return len(line) >= FRAGMENT_CELLS and _cells_apart(line) and not any(is_number(b.text) for b in line)


def _header_just_above(lines: Sequence[list[TextBox]], i: int) -> bool:
    """A header row right above line ``i`` (the first row of numbers), or above up to three lines of
    words close one under the other: the first lines of labels or notes wrapped around that row
    (农业产业强镇第三年 / 1 | 灵川镇 | 150 / 度奖补), header labels' last lines (市级财政专项扶 / 贫资金),
    or both (序 / 号 beside 本次安排资 / 金, then a project name's first two lines)."""
    k = i - 1
    while k > 0 and i - k <= 3 and not any(is_number(b.text) for b in lines[k]) and _gap_ok(lines[k], lines[k + 1]) \
            and not _header_row(lines[k]) and not _two_level_header(lines, k):
        k -= 1
    return k >= 0 and (_header_row(lines[k]) or _two_level_header(lines, k)) and _gap_ok(lines[k], lines[k + 1])


def _two_level_header(lines: Sequence[list[TextBox]], k: int) -> bool:
    """Lines ``k - 1`` and ``k`` a header row of two levels: labels centred over both levels on one
    line (单位 | 合计), the leaves of a group on the other (因素法分配 | 项目法分配), no two over one
    another."""
    if k < 1 or not _gap_ok(lines[k - 1], lines[k]) or any(is_number(b.text) for b in lines[k - 1]):
        return False
    both = sorted([*lines[k - 1], *lines[k]], key=lambda b: b.bbox.x0)
    return _header_row(both)


def _gap_ok(upper: Sequence[TextBox], lower: Sequence[TextBox]) -> bool:
    """Consecutive rows of one table: less than two row heights of white between them, or three
    between rows of numbers standing in the same columns (small type in tall rows)."""
    height = max(b.bbox.height for b in (*upper, *lower))
    gap = min(b.bbox.top for b in lower) - max(b.bbox.bottom for b in upper)
    return gap < 2 * height or (gap < 3 * height and _aligned_numbers(upper, lower))


def _aligned_numbers(upper: Sequence[TextBox], lower: Sequence[TextBox], tol: float = 1.5) -> bool:
    """Two or more numbers of ``lower`` ending where numbers of ``upper`` end (set flush right in
    the same columns) or starting where they start (flush left)."""
    ups = [b.bbox for b in upper if is_number(b.text)]
    hits = sum(
        1 for b in lower if is_number(b.text)
        and any(abs(b.bbox.x1 - u.x1) <= tol or abs(b.bbox.x0 - u.x0) <= tol for u in ups)
    )
    return hits >= 2


def _wrapped_over(box: TextBox, below: Sequence[TextBox]) -> bool:
    """A header label's first line: set tight over a box of the line below it (a title or a unit
    line stands apart)."""
    return any(tight([box], [o]) for o in below)


def _rule_above(hs: Sequence[Segment], lines: Sequence[list[TextBox]], top: int, x0: float, x1: float) -> float | None:
    """A rule across the table's width just above its header rows (the top rule of a 三线表 whose
    other rules fell on another page), with at most HEADER_LINES text rows between them."""
    head_top = min(b.bbox.top for b in lines[top])
    height = max(b.bbox.height for b in lines[top])
    best: float | None = None
    for h in hs:
        spans = min(h.end, x1) - max(h.start, x0) >= 0.8 * (x1 - x0)
        if spans and head_top - (HEADER_LINES + 1) * 1.8 * height <= h.pos < head_top:
            between = [ln for ln in lines[:top] if min(b.bbox.top for b in ln) > h.pos]
            if len(between) <= HEADER_LINES and (best is None or h.pos > best):
                best = h.pos
    return best


def _number_row_soon(lines: Sequence[list[TextBox]], k: int, within: int = 3, narrow: float | None = None) -> bool:
    """Whether a number row comes at ``k`` or within ``within`` lines after it, each close to the
    one before (label lines wrapped around a row's numbers lie between number rows); or within
    WRAP_LINES lines when those beyond ``within`` are all boxes no wider than ``narrow`` (the
    lines of a long note wrapped in its column; a paragraph runs across the page)."""
    for n in range(k, min(k + WRAP_LINES, len(lines))):
        if n > k and not _gap_ok(lines[n - 1], lines[n]):
            return False
        if _number_row(lines[n]) or _wrapped_number_row(lines, n):
            return True
        if n - k + 1 >= within and (narrow is None or any(b.bbox.width > narrow for b in lines[n])):
            return False
    return False


def _cell_width(lines: Sequence[list[TextBox]]) -> float:
    """The widest a box of a table cell may be: half the width of all the text."""
    boxes = [b for line in lines for b in line]
    return 0.5 * (max(b.bbox.x1 for b in boxes) - min(b.bbox.x0 for b in boxes))


def _wrapped_number_row(lines: Sequence[list[TextBox]], n: int) -> bool:
    """A line of numbers alone between two text lines close above and below it: the figures of a
    row whose label and note wrap around them (孤儿和困境儿童基本生活 / 65 / 保障)."""
    if not 0 < n < len(lines) - 1 or not all(is_number(b.text) for b in lines[n]):
        return False
    above, below = lines[n - 1], lines[n + 1]
    return (
        not any(is_number(b.text) for b in (*above, *below))
        and _gap_ok(above, lines[n]) and _gap_ok(lines[n], below)
        and max(b.bbox.bottom for b in above) > min(b.bbox.top for b in lines[n]) - max(b.bbox.height for b in lines[n])
    )


def _continues_above(box: TextBox, above: Sequence[list[TextBox]]) -> bool:
    """A header label's later line: set tight under a box of a header row just above it (lines
    of neighbouring labels, centred on the header's height, may stand between); never under a
    title or a unit line, which stand alone."""
    return any(_wrapped_over(o, [box]) for line in above if _cells_apart(line) for o in line)


def _inside(line: Sequence[TextBox], x0: float, x1: float) -> bool:
    """A header line over the body's extent; labels right of all body text head empty or left-set
    columns (备注) when two of the line's labels stand over the body."""
    within = [x0 - HEADER_SLACK <= b.bbox.cx <= x1 + HEADER_SLACK for b in line]
    return all(within) or (sum(within) >= 2 and all(b.bbox.cx >= x0 - HEADER_SLACK for b in line))


def _group_label(head: Sequence[TextBox], below: Sequence[list[TextBox]], x0: float, x1: float) -> bool:
    """A lone line that is a group label of the header under it (项目金额（万元） over 突发公共卫生 |
    人才培养; 基本药物制度 right over the middle one of 小计 | 村卫生室… | 基层医疗…): set in the labels'
    size a row's padding above them, centred on labels left and right of it, narrower than the
    table; never a title (…表), a subtitle in brackets or a unit line."""
    if len(head) != 1 or not below:
        return False
    g = head[0]
    text = g.text.replace(" ", "")
    if text.endswith("表") or text.startswith(("单位", "（", "(")) or g.bbox.width >= 0.8 * (x1 - x0):
        return False
    if min(b.bbox.top for b in below[0]) - g.bbox.bottom >= g.bbox.height:
        return False
    labels = [b for line in below for b in line if abs(b.bbox.height - g.bbox.height) <= 0.15 * g.bbox.height]
    under = [b for b in labels if b.bbox.x0 < g.bbox.x1 and g.bbox.x0 < b.bbox.x1]
    if any(b.bbox.cx < g.bbox.cx - 1.0 for b in under) and any(b.bbox.cx > g.bbox.cx + 1.0 for b in under):
        return True
    if not under and _centred_over_pair(g, below):
        return True
    # one label right under it (the middle one of three): its neighbours stand even on both sides
    left = [b.bbox.cx for b in labels if b.bbox.x1 <= g.bbox.x0]
    right = [b.bbox.cx for b in labels if b.bbox.x0 >= g.bbox.x1]
    if not under or not left or not right:
        return False
    lo, hi = max(left), min(right)
    return abs((lo + hi) / 2 - g.bbox.cx) <= 0.1 * (hi - lo)


def _centred_over_pair(g: TextBox, below: Sequence[list[TextBox]]) -> bool:
    """A group label over two sub-groups, over the gap between them (其中 over 集中供养 | 分散供养,
    nothing right under it): the first line below with labels of its size on both sides of it
    has its nearest two centred on it within a tenth of their distance."""
    for line in below:
        labels = [b for b in line if abs(b.bbox.height - g.bbox.height) <= 0.15 * g.bbox.height]
        if any(b.bbox.x0 < g.bbox.x1 and g.bbox.x0 < b.bbox.x1 for b in labels):
            return False
        left = [b.bbox.cx for b in labels if b.bbox.x1 <= g.bbox.x0]
        right = [b.bbox.cx for b in labels if b.bbox.x0 >= g.bbox.x1]
        if left and right:
            lo, hi = max(left), min(right)
            return abs((lo + hi) / 2 - g.bbox.cx) <= 0.1 * (hi - lo)
    return False


def _lone_lines_under_header(lines: Sequence[list[TextBox]], i: int, x0: float, x1: float) -> int:
    """The first line of the body run starting at line ``i``, taking in the lone lines right above
    it (a header label's last line, 人） or 万元）, a body label's first line wrapped around the first
    row's numbers) when a header row of cells apart stands just above them."""
    k = i - 1
    while k >= 0 and i - 1 - k < 2 and len(lines[k]) == 1 and _gap_ok(lines[k], lines[k + 1]) and _inside(lines[k], x0, x1):
        k -= 1
    if k < i - 1 and k >= 0 and _cells_apart(lines[k]) and _inside(lines[k], x0, x1) and _gap_ok(lines[k], lines[k + 1]):
        return k + 1
    return i


def _column_labels(line: Sequence[TextBox], gaps: Sequence[tuple[float, float]]) -> bool:
    """Labels of the body's columns set close in narrow columns (户数（户） 2 points short of
    人数（人）): two or more boxes, none over another, a clear gap of the body between each two."""
    pairs = list(zip(line, line[1:], strict=False))
    return bool(pairs) and all(
        b.bbox.x0 >= a.bbox.x1 - 0.5 and any(a.bbox.cx < (g0 + g1) / 2 < b.bbox.cx for g0, g1 in gaps)
        for a, b in pairs
    )


def _header_top(
    lines: Sequence[list[TextBox]], i: int, x0: float, x1: float, body: Sequence[TextBox] = ()
) -> int:
    """The first line of the table whose body starts at line ``i`` (between ``x0`` and ``x1``;
    ``body``: its boxes): the lone lines right under its header, then up to HEADER_DEPTH header
    lines above, each a row of cells (or of the body columns' labels), a label's line wrapped over
    the row under it or a group label of the labels under it."""
    gaps = column_gaps(body, x0, x1, BODY_WIDEST) if body else []
    top = _lone_lines_under_header(lines, i, x0, x1)
    while top > 0 and i - top < HEADER_DEPTH and _gap_ok(lines[top - 1], lines[top]):
        head = lines[top - 1]
        wrapped = len(head) == 1 and top < i and (
            # over the next line, or the one after it (another label's line set between them)
            _wrapped_over(head[0], [b for ln in lines[top : min(i, top + 2)] for b in ln])
            or _continues_above(head[0], lines[max(0, top - 4) : top - 1])
            # the first line of a label wrapped around a header row, reaching into its band
            or (_cells_apart(lines[top]) and head[0].bbox.bottom > min(b.bbox.top for b in lines[top]))
        )
        cells = _cells_apart(head) or _column_labels(head, gaps)
        below = [b for ln in lines[top : min(i, top + 2)] for b in ln]
        inside = _inside(head, x0, x1) or _inside(
            # a label of a column empty on every row (right of all body text) wrapped onto the line below
            [b for b in head if not _wrapped_over(b, below) or b.bbox.cx <= x1 + HEADER_SLACK], x0, x1)
        if not inside or not (cells or wrapped or _group_label(head, lines[top:i], x0, x1)):
            break
        if any(CAPTION_FIELD.match(b.text) for b in head):
            break  # the line over the table saying who filled it in and in what unit (填报单位：… 单位：元)
        top -= 1
    return top


def text_regions(boxes: Sequence[TextBox], hs: Sequence[Segment] = ()) -> list[tuple[BBox, int]]:
    """Tables printed with no rules at all, and the rows each must have: runs of MIN_ROWS or
    more text rows whose cells stand apart and hold numbers (label lines wrapped between them
    allowed), with the header rows of separated cells just above, or everything up to a rule
    across the table just above them; at the top of a page, one or two such rows of three or
    more cells (the end of a table begun on the page before, e.g. its 合计 row alone). The
    region is the text's extent."""
    lines = cluster_rows(boxes)
    out: list[tuple[BBox, int]] = []
    narrow = _cell_width(lines) if lines else None
    i = 0
    while i < len(lines):
        if not _number_row(lines[i]):
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and _gap_ok(lines[j], lines[j + 1]) and _number_row_soon(lines, j + 1, narrow=narrow):
            j += 1
        lead = wrapped_above(lines, i, ())  # the first row's cells may begin lines above its numbers
        while j + 1 < len(lines) and all(
            any(tight([o], [b]) for line in lines[max(lead, j - 3) : j + 1] for o in line
                if not is_number(o.text) and (not is_number(b.text) or o.text[-1:].isdigit()))
            for b in lines[j + 1]
        ):
            # the last lines of labels wrapped around their row's numbers (…办公 / 10 | 15 / 室), or of a
            # figure broken in a narrow column (2019.04.1 / 7)
            j += 1
        numbered = sum(1 for line in lines[i : j + 1] if _number_row(line))
        # (its first row may begin lines above its numbers: a note wrapped around them)
        fragment = lead == 0 and numbered >= 1 and all(_fragment_row(ln) for ln in lines[i : j + 1] if _number_row(ln))
        short = numbered >= 1 and _header_just_above(lines, i)
        if numbered >= MIN_ROWS or fragment or short:
            x0 = min(b.bbox.x0 for line in lines[i : j + 1] for b in line)
            x1 = max(b.bbox.x1 for line in lines[i : j + 1] for b in line)
            body = [b for line in lines[i : j + 1] for b in line]
            top = _header_top(lines, lead, x0, x1, body)
            rule = _rule_above(hs, lines, top, x0, x1)
            if rule is not None:
                while top > 0 and min(b.bbox.top for b in lines[top - 1]) > rule:
                    top -= 1
            chosen = [b for line in lines[top : j + 1] for b in line]
            region = BBox(min(b.bbox.x0 for b in chosen) - 1, min(b.bbox.top for b in chosen) - 1,
                          max(b.bbox.x1 for b in chosen) + 1, max(b.bbox.bottom for b in chosen) + 1)
            out.append((region, 1 if numbered < MIN_ROWS else MIN_ROWS))
        i = j + 1
    return out


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
    tables: list[Table] = []
    free = list(boxes)
    if len(hs) * max(len(vs), 1) > MAX_PAIRS:
        return (), tuple(boxes)  # a drawing rather than a table
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
    for region, min_rows in text_regions(free, hs):
        rules = [h.pos for h in hs if region.top < h.pos < region.bottom and h.start < region.x1 and h.end > region.x0]
        taken = _take_table(page, region, rules, free, min_rows)
        if taken is not None:
            tables.append(taken[0])
            free = taken[1]
    if (foot := header_at_foot(page, hs, free)) is not None:  # the header alone, its body on the next page
        tables.append(foot[0])
        free = foot[1]
    return tuple(sorted(tables, key=lambda t: t.bbox.top)), tuple(free)


def recut(page: Page, table: Table, edges: Sequence[float]) -> Table | None:
    """``table`` (a part of a table printed without column rules, on ``page``) re-cut at the
    column ``edges`` of the part before it, its rows kept: a part continued on a page without
    the header has no labels to tell its columns, and its own text leaves out a column no row
    of it fills (初中 人数 | 金额 blank on every row of the page), so its gaps are no columns.
    None when its figures, or more than a few labels, would straddle an edge (no part of that table)."""
    if len(edges) < 3:
        return None
    ys = sorted({c.bbox.top for c in table.cells} | {c.bbox.bottom for c in table.cells})
    x0, x1 = min(edges[0], table.bbox.x0), max(edges[-1], table.bbox.x1)
    rulings = (*(Ruling(x0, y, x1, y) for y in ys), *(Ruling(x, ys[0], x, ys[-1]) for x in (x0, *edges[1:-1], x1)))
    words = [b for b in page.boxes if table.bbox.contains_point(b.bbox.cx, b.bbox.cy)]
    split = split_words_at_rulings(words, rulings)
    inside = tuple(p for b in words for p in split.get(id(b), [b]))
    straddling = [b for b in inside if any(b.bbox.x0 < x - 1.0 < x + 1.0 < ink_x1(b) for x in edges[1:-1])]
    if any(is_number(b.text) for b in straddling) or len(straddling) > MAX_CROSSING * len(inside):
        return None  # (a label merged over two columns, 合计 over 序号 and 名称, may cross one)
    found, rest = reconstruct_tables(Page(page.page, page.width, page.height, inside, rulings, page.text_source))
    return found[0] if len(found) == 1 and not rest else None
