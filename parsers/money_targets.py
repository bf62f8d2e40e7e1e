"""One table for money and targets (…资金安排及绩效目标表): region, amount, task,
target columns, split into its allocation rows and its target indicators.

Structure, not shape: the table is a 分配表 (a recipient column, an amount
column with numbers) whose other columns include *indicator columns*: the
columns under a header group of target words (绩效目标, 绩效指标 …, vocabulary
in ``parsers/rules/table_structure.yaml``) or under an indicator level label
(数量指标 …), or a target-worded column whose cells read as targets (≥90%).

- The allocation table is the table without its indicator columns, read by
  ``parse_allocation_table`` (a task column goes to ``notes``).
- Each member row (not a total) gives one regional ``TargetTable``: the
  row's region, its amount as the funds total, one indicator per indicator
  column (the leaf header is the indicator's name, the cell its value). The
  二级 comes from a level label in the header path, else from what the name
  or the column's values make certain (parsers/target_levels.py), else None.
- The long shape: the indicator block's columns (一级/二级/三级指标 | 指标值, or
  指标名称 | 目标值) beside a recipient and an amount merged (or printed once)
  over its indicator rows; each recipient's rows are read as a target table's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from parsers.allocation import parse_allocation_table
from parsers.allocation_header import Header, assign_roles, find_header
from parsers.money_targets_rows import block_end, clipped_to_recipients, named_again
from parsers.normalize.hierarchy import classify_label
from parsers.normalize.targets import parse_target
from parsers.table_vocab import (
    is_money_targets_title,
    is_target_header,
    is_task_header,
    label_key,
    structure_rules,
)
from parsers.tablegrid import Grid, build_grid, compact, is_number_text, text_of, title_from_context
from parsers.target_columns import (
    is_level_header,
    is_name_beside_value,
    is_name_header,
    is_value_header,
)
from parsers.target_hierarchy import read_indicators
from parsers.target_levels import level1_for, level2_of, levels_from_names, named_level2
from pipeline.core.model import (
    AllocationRow,
    AllocationTable,
    Cell,
    Funds,
    Indicator,
    Table,
    TargetTable,
)
from pipeline.core.textnorm import clean_text, strip_spaces

_TARGET_FORM_HEADERS = frozenset({"一级指标", "二级指标", "三级指标", "指标值"})
_TARGET_VALUE_RE = re.compile(r"^[≥≤><=＞＜]|^\d+(\.\d+)?\s*(%|％|人|户|个|次|天|日|万元|元|亩|家|所|台|座|公里)")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年度?")


def _path_texts(grid: Grid, header: Header, col: int) -> list[str]:
    out: list[str] = []
    for r in header.header_rows:
        cell = grid.at(r, col)
        if cell is not None and text_of(cell) and (not out or out[-1] != text_of(cell)):
            out.append(text_of(cell))
    return out


def _is_group_word(text: str) -> bool:
    return bool(re.fullmatch(r".*(绩效目标|绩效指标|目标值|指标).*", label_key(text)))


def indicator_columns(grid: Grid, header: Header, titled: bool = False) -> list[int]:
    """Grid columns that hold indicator values: under a target group or level
    label; or a target-worded column (产出目标, 效益目标) whose values read as
    targets, or of any values in a table titled as money and targets."""
    out: list[int] = []
    body = range(header.first_body_row, grid.n_rows)
    for col in header.columns:
        if col.role in ("name", "serial", "empty"):
            continue
        path = _path_texts(grid, header, col.index)
        if not path:
            continue
        groups = path[:-1]
        cells = [t for r in body if (t := grid.own_text(r, col.index))]
        values_look = bool(cells) and sum(1 for t in cells if _TARGET_VALUE_RE.search(t)) * 2 > len(cells)
        if any(_is_group_word(g) or classify_label(g) is not None for g in groups) or (
            is_target_header(path[-1]) and (values_look or titled) and not all(is_number_text(t) for t in cells)
        ):
            out.append(col.index)
    return out


def long_columns(grid: Grid, header: Header) -> list[int]:
    """The long shape: the indicator block's columns (一级/二级/三级指标 and 指标值, or 指标名称 and
    目标值) as header columns of a table whose recipient and amount cells are merged down over their
    indicator rows. A column is named by any label on its header path (绩效指标 over 三级指标 | 指标值
    too); the block needs a name column and a value column."""
    words = {
        c.index: [compact(t) for t in _path_texts(grid, header, c.index)] for c in header.columns
    }
    cols = [i for i, ws in words.items() if any(_is_block_word(w) for w in ws)]
    named = [w for i in cols for w in words[i]]
    has_name = any(is_name_header(w) for w in named)
    has_value = any(is_value_header(w) for w in named)
    values = [i for i in cols if any(is_value_header(w) for w in words[i])]
    if has_value and not has_name and len(values) == 1 and values[0] - 1 in words:
        beside = words[values[0] - 1]  # 绩效指标 | 指标值: the indicators' column right before the values
        if beside and is_name_beside_value(beside[-1]) and values[0] - 1 not in cols:
            cols, has_name = sorted([*cols, values[0] - 1]), True
    return cols if has_name and has_value else []


def _is_block_word(word: str) -> bool:
    return word in _TARGET_FORM_HEADERS or is_level_header(word) or is_name_header(word) or is_value_header(word)


def _labelled(grid: Grid, header: Header, col: int) -> bool:
    """A column under a target group or an indicator level label (产出指标 / 质量指标 / 合规率)."""
    groups = _path_texts(grid, header, col)[:-1]
    return any(_is_group_word(g) or classify_label(g) is not None for g in groups)


def _read(table: Table) -> tuple[Grid, Header]:
    """The table's grid and header, its column roles assigned. Columns under target
    labels never name the rows: when the roles took one as the name column (its text
    values beside an unfamiliar recipient header such as 项目单位), the roles are read
    again on the table without those columns and the labelled columns are text."""
    grid = build_grid(table)
    header = find_header(grid)
    assign_roles(grid, header)
    labelled = [c.index for c in header.columns if _labelled(grid, header, c.index)]
    name = next((c for c in header.columns if c.role == "name"), None)
    if name is not None and name.index in labelled and len(labelled) < grid.n_cols:
        _roles_without(table, header, labelled)
    return grid, header


def _roles_without(table: Table, header: Header, drop: Sequence[int]) -> None:
    narrow = build_grid(drop_columns(table, drop))
    narrow_header = find_header(narrow)
    assign_roles(narrow, narrow_header)
    dropped = set(drop)
    kept = [c for c in header.columns if c.index not in dropped]
    for col, seen in zip(kept, narrow_header.columns, strict=True):
        col.role, col.name = seen.role, seen.name
    for col in header.columns:
        if col.index in dropped:
            col.role = "text"


@dataclass(frozen=True, slots=True)
class _Columns:
    """Which columns hold targets, read once for detection and parse: the long shape's
    一级/二级/三级/指标值 columns, else the wide shape's indicator columns."""

    long: tuple[int, ...]
    indicators: tuple[int, ...]
    titled: bool  # a money-and-targets title above the table


def _columns(grid: Grid, header: Header, context: Sequence[str]) -> _Columns:
    long = tuple(long_columns(grid, header))
    titled = any(is_money_targets_title(line) for line in context)
    indicators = () if long else tuple(_named_beside(grid, header, indicator_columns(grid, header, titled)))
    return _Columns(long, indicators, titled)


def _named_beside(grid: Grid, header: Header, found: list[int]) -> list[int]:
    """The target columns found, and the columns beside them, right of every amount column, headed
    by an indicator's name in the national 指标体系's words (新建高标准农田面积 | 效益目标) over values
    that are not plain numbers (1个, ≥90%, 带动周边农户增收)."""
    amounts = [c.index for c in header.columns if c.role == "amount" and c.index not in found]
    if not found or not amounts:
        return found
    out = set(found)
    for step in (-1, 1):
        col = (min(out) if step < 0 else max(out)) + step
        while col > max(amounts) and col < grid.n_cols and col not in out:
            path = _path_texts(grid, header, col)
            cells = [t for r in range(header.first_body_row, grid.n_rows) if (t := grid.own_text(r, col))]
            if not path or named_level2(path[-1]) is None or not cells or all(is_number_text(t) for t in cells):
                break  # no indicator's name, or a column of plain numbers (money or a count: no target)
            out.add(col)
            col += step
    return sorted(out)


def is_money_targets(table: Table, context: Sequence[str] = ()) -> bool:
    grid, header = _read(table)
    return _detected(grid, header, _columns(grid, header, context))


def read_money_targets(
    table: Table, context: Sequence[str] = (), attachment: int | None = None
) -> tuple[AllocationTable, tuple[TargetTable, ...]] | None:
    """``parse_money_targets`` of a table ``is_money_targets`` holds, else None:
    the grid, header and target columns are read once for both."""
    grid, header = _read(table)
    columns = _columns(grid, header, context)
    if not _detected(grid, header, columns):
        return None
    return _parse(table, grid, header, columns, context, attachment)


def _detected(grid: Grid, header: Header, columns: _Columns) -> bool:
    if not header.header_rows or header.first_body_row >= grid.n_rows:
        return False
    if not any(c.role == "name" for c in header.columns):
        return False
    if columns.long:
        amounts = [c for c in header.columns if c.index not in columns.long and c.role == "amount"]
        return bool(amounts) and min(c.index for c in amounts) < min(columns.long)
    if any(compact(t) in _TARGET_FORM_HEADERS for t in grid.all_texts()):
        return False  # a 绩效目标表 form (一级/二级/三级指标 rows)
    if not columns.indicators:
        return False
    if not any(c.index not in columns.indicators and c.role == "amount" for c in header.columns):
        return False
    grouped = any(
        _is_group_word(g) for c in columns.indicators for g in _path_texts(grid, header, c)[:-1]
    )
    return columns.titled or grouped


def drop_columns(table: Table, drop: Sequence[int]) -> Table:
    """``table`` without the grid columns ``drop`` (spans shrink, cells keep their boxes)."""
    gone = set(drop)
    new_index = {}
    k = 0
    for c in range(table.n_cols):
        if c not in gone:
            new_index[c] = k
            k += 1
    cells: list[Cell] = []
    for cell in table.cells:
        kept = [c for c in range(cell.col, cell.col + cell.colspan) if c not in gone]
        if not kept:
            continue
        cells.append(
            Cell(
                row=cell.row,
                col=new_index[kept[0]],
                text=cell.text,
                bbox=cell.bbox,
                page=cell.page,
                rowspan=cell.rowspan,
                colspan=len(kept),
                confidence=cell.confidence,
            )
        )
    return Table(cells=tuple(cells), n_rows=table.n_rows, n_cols=k, bbox=table.bbox, page=table.page, pages=table.pages)


def keep_rows(table: Table, keep: Sequence[int]) -> Table:
    """``table`` with only the rows ``keep`` (in order); a merged cell spans
    the kept rows it covered, a cell starting in a dropped row moves down."""
    order = {r: i for i, r in enumerate(keep)}
    cells: list[Cell] = []
    for cell in table.cells:
        rows = [order[r] for r in range(cell.row, cell.row + cell.rowspan) if r in order]
        if not rows:
            continue
        cells.append(
            Cell(
                row=rows[0], col=cell.col, text=cell.text, bbox=cell.bbox, page=cell.page,
                rowspan=len(rows), colspan=cell.colspan, confidence=cell.confidence,
            )
        )
    return Table(cells=tuple(cells), n_rows=len(keep), n_cols=table.n_cols, bbox=table.bbox, page=table.page, pages=table.pages)


def _started_rows(table: Table) -> list[int]:
    return sorted({c.row for c in table.cells})


# A bracket in a money-and-targets title that says which batch or in what unit, not what the fund is
# for: （第二批）, （第二批“一县一溪一特色”田园风光建设项目）, （提前批次）, （单位：万元）, （2023年）.
_NOT_FUND_BRACKET = re.compile(
    r"[（(](?:第[一二三四五六七八九十百零〇\d]+批|[^（）()]*批次|单位|(?:19|20)\d{2}年度?[)）]|[^（）()]*万?元[)）])"
    r"[^（）()]*[)）]"
)


# the year a title begins with, and the month after it (2020年7月洪涝灾害救灾资金: the 7月 dates the
# flood, the fund is 洪涝灾害救灾资金)
_DATE_RE = re.compile(r"(?:19|20)\d{2}\s*年度?(?:\s*(?:1[0-2]|0?[1-9])\s*月份?)?")


def _project(title: str | None) -> str | None:
    """The fund a money-and-targets table is about: its title less the year, a bracket naming a batch
    or a unit, and the table's kind (…安排及绩效目标表). A bracket saying what the fund is for stays
    part of its name (中央财政衔接推进乡村振兴补助资金（产业发展）), as a 项目名称 prints it."""
    if not title:
        return None
    text = _DATE_RE.sub("", title, count=1)
    text = _NOT_FUND_BRACKET.sub("", text)
    for pattern in structure_rules().money_targets_title_tails:
        text = re.sub(pattern + "$", "", text)
    return text or None


def parse_money_targets(
    table: Table, context: Sequence[str] = (), attachment: int | None = None
) -> tuple[AllocationTable, tuple[TargetTable, ...]]:
    grid, header = _read(table)
    return _parse(table, grid, header, _columns(grid, header, context), context, attachment)


def _parse(
    table: Table, grid: Grid, header: Header, columns: _Columns, context: Sequence[str],
    attachment: int | None,
) -> tuple[AllocationTable, tuple[TargetTable, ...]]:
    if columns.long:
        return _parse_long(grid, header, columns.long, context, attachment)
    indicators = columns.indicators
    allocation = parse_allocation_table(drop_columns(table, indicators), context, attachment)
    title = allocation.title or title_from_context(context)
    paths = {c: _path_texts(grid, header, c) for c in indicators}
    body = range(header.first_body_row, grid.n_rows)
    column_values = {
        c: [v for r in body if (v := strip_spaces(clean_text(grid.own_text(r, c))))] for c in indicators
    }
    levels = {c: level2_of(paths[c], column_values[c]) for c in indicators}
    targets: list[TargetTable] = []
    for row, r in _rows_in_grid(grid, header, allocation):
        if row.is_total:
            continue
        found: list[Indicator] = []
        for c in indicators:
            value = strip_spaces(clean_text(grid.own_text(r, c)))
            if not value:
                continue
            level2 = levels[c]
            found.append(
                Indicator(
                    level1=level1_for(paths[c], level2),
                    level2=level2,
                    name=strip_spaces(clean_text(paths[c][-1])),
                    value=value,
                    target=parse_target(value),
                    level2_as_printed=next((t for t in paths[c][:-1] if classify_label(t)), None),
                )
            )
        targets.append(_row_target(row, allocation, title, attachment, tuple(found), table.page))
    return allocation, tuple(targets)


def _row_target(
    row: AllocationRow,
    allocation: AllocationTable,
    title: str | None,
    attachment: int | None,
    indicators: tuple[Indicator, ...],
    page: int,
    layout_repaired: bool = False,
    work: str | None = None,
) -> TargetTable:
    """The regional target table of one recipient row: its amount is the table's funds."""
    year_m = _YEAR_RE.search(title or "")
    return TargetTable(
        attachment=attachment,
        kind="regional",
        year=int(year_m.group(1)) if year_m else None,
        region=row.region,
        region_as_printed=row.region_as_printed,
        project=_project(title),
        unit=allocation.unit,
        funds=Funds(total=_row_amount(row, allocation)),
        indicators=indicators,
        layout_repaired=layout_repaired,
        page=row.prov.page or page,
        work=work,
    )


def _work(row: AllocationRow) -> str | None:
    """The work a long-shape row names beside its target lines (主要建设内容, 主要任务, 主要用途):
    the targets printed under it are that work's own."""
    texts = [value for key, value in row.notes if value and is_task_header(key)]
    return "；".join(texts) or None


def _row_amount(row: AllocationRow, allocation: AllocationTable) -> Decimal | None:
    """The row's amount: its total column's when the header puts every other amount column
    under one (中央 | 省级 | 合计, 小计 over 中央 | 省级), else its first amount printed."""
    parts = {p for _, ps in allocation.column_parts for p in ps}
    tops = [c for c in range(len(allocation.columns)) if c not in parts]
    if len(tops) == 1 and tops[0] < len(row.values) and row.values[tops[0]] is not None:
        return row.values[tops[0]]
    return next((v for v in row.values if v is not None), None)


def _rows_in_grid(grid: Grid, header: Header, allocation: AllocationTable) -> list[tuple[AllocationRow, int]]:
    """Each allocation row with the grid row it was read from: by the box of
    an amount cell, else by its name printed in the body (in order)."""
    by_box: dict[tuple[int, tuple[float, float, float, float]], int] = {}
    for cell in grid.table.cells:
        if cell.row >= header.first_body_row:
            by_box[(cell.page, cell.bbox.rounded())] = cell.row
    out: list[tuple[AllocationRow, int]] = []
    last = header.first_body_row - 1
    for row in allocation.rows:
        r = next(
            (by_box[k] for p in row.value_provs if p.bbox is not None and p.page is not None
             and (k := (p.page, p.bbox.rounded())) in by_box),
            None,
        )
        if r is None:
            r = next(
                (rr for rr in range(last + 1, grid.n_rows)
                 if row.region_as_printed in {text_of(c) for c in grid.row_cells(rr)}),
                None,
            )
        if r is not None:
            out.append((row, r))
            last = r
    return out


def _parse_long(
    grid: Grid, header: Header, long: Sequence[int], context: Sequence[str], attachment: int | None
) -> tuple[AllocationTable, tuple[TargetTable, ...]]:
    """The long shape: each recipient's indicator rows lie under its merged cell (or, printed
    unmerged, on the rows below it that start nothing outside the block, or the recipient's name
    printed again alone over the rest of its block on the next page); a block printing no level
    (指标名称 | 指标值) takes the levels its names make certain."""
    name_col = next((c.index for c in header.columns if c.role == "name"), 0)
    table = clipped_to_recipients(grid.table, name_col, long, header.first_body_row)
    grid = build_grid(table)
    again = named_again(grid, header, long, name_col)
    narrow = drop_columns(table, long)
    kept = [r for r in _started_rows(narrow) if r not in again]
    allocation = parse_allocation_table(keep_rows(narrow, kept), context, attachment)
    title = allocation.title or title_from_context(context)
    head_rows = list(range(header.first_body_row))
    targets: list[TargetTable] = []
    for row, r in _rows_in_grid(grid, header, allocation):
        if row.is_total:
            continue
        cell = grid.at(r, name_col)
        span = cell.rowspan if cell is not None and cell.row == r else 1
        sub = keep_rows(drop_columns(table, [c for c in range(grid.n_cols) if c not in long]),
                        [*head_rows, *range(r, block_end(grid, header, r + span, long, again))])
        reading = read_indicators(build_grid(sub), project=False)
        target = _row_target(row, allocation, title, attachment, tuple(reading.indicators), table.page,
                             layout_repaired=reading.anomalies > 0, work=_work(row))
        targets.append(levels_from_names(target))  # 指标名称 | 指标值: no level printed
    return allocation, tuple(targets)
