"""分配表 (allocation tables): a ``Table`` grid -> ``AllocationTable``.

Steps: find the header rows (everything above the first row holding a
number, the column-number row 1 2 3 4 skipped), give every column a role
(序号, the name/region column, text columns -> notes, amount columns), name
the amount columns from their header path, read which columns a header puts
under a total (合计 over 其中: 提前下达 + 此次下达), then read the body rows:
values in column order (an empty cell is None, never 0, never shifted),
regions resolved, aggregate rows marked by label, by region level or by sum.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from parsers.normalize.region import resolve_region
from parsers.normalize.rules import column_role, is_total_label
from parsers.normalize.text import clean_text
from parsers.tablegrid import (
    Grid,
    amount_of,
    build_grid,
    compact,
    is_blank_text,
    is_column_number_row,
    is_number_text,
    is_serial_text,
    merged_provenance,
    provenance,
    starts_with_qizhong,
    strip_qizhong,
    strip_unit_parens,
    text_of,
    title_from_context,
    unit_in,
)
from pipeline.model import AllocationRow, AllocationTable, Cell, Provenance, Table

# Header words of the recipient column (地区/单位 …) and of the 序号 column.
_NAME_HEADER_RE = re.compile(r"(单位|地区|县|市|区域|地州|名称|项目|乡|镇|部门|地方)")
_SERIAL_HEADER_RE = re.compile(r"^(序号|编号|行次|No\.?)$", re.IGNORECASE)
_TOTAL_WORDS = ("合计", "小计", "总计", "总额")
_TEXT_HEADER_FALLBACK = re.compile(r"(备注|说明|项目名称|任务|内容|用途|依据|文号)")
# Quantity and rate columns (补贴面积（亩）, 人数, 补助标准（元/人）) are not money:
# their cells go to the row's notes like text columns.
_QUANTITY_UNIT_RE = re.compile(r"[（(]\s*(?:单位\s*[：:]\s*)?([^（）()]{1,8})\s*[)）]\s*$")
_QUANTITY_WORD_RE = re.compile(r"(人数|户数|人次|面积|数量|个数|标准|比例|系数|占比|单价)")
_MONEY_WORD_RE = re.compile(r"(资金|金额|经费|补助|补贴|拨款|预算|合计|小计|总计|下达)")


def _is_quantity_header(head: str) -> bool:
    m = _QUANTITY_UNIT_RE.search(head)
    if m:
        unit = m.group(1)
        return not re.fullmatch(r"(万元|元|千元|亿元|百万元)", unit)
    return bool(_QUANTITY_WORD_RE.search(head)) and not _MONEY_WORD_RE.search(
        _QUANTITY_WORD_RE.sub("", head)
    )


@dataclass(slots=True)
class _Column:
    index: int  # grid column
    path: tuple[Cell, ...]  # distinct header cells top -> bottom
    role: str = "amount"  # amount | name | serial | text | empty
    name: str = ""


@dataclass(slots=True)
class _Header:
    first_body_row: int
    header_rows: tuple[int, ...]
    columns: list[_Column] = field(default_factory=list)
    captions: tuple[str, ...] = ()  # rows of one cell across the table (title, 单位：万元)


# --- header -------------------------------------------------------------------


def find_header(grid: Grid) -> _Header:
    """Header rows: from the top down to the first row holding a number."""
    header_rows: list[int] = []
    r = 0
    first_body = grid.n_rows
    while r < grid.n_rows:
        texts = grid.row_texts(r)
        if is_column_number_row(texts):
            r += 1
            first_body = r
            break
        own_numbers = [t for t in texts if is_number_text(t)]
        if own_numbers and header_rows:
            first_body = r
            break
        if own_numbers and not header_rows:
            # no header at all: the table starts with data
            first_body = r
            break
        header_rows.append(r)
        r += 1
    else:
        first_body = grid.n_rows
    # a header cell spanning down further pulls the body start below it
    for hr in header_rows:
        for cell in grid.starting_cells(hr):
            end = cell.row + cell.rowspan
            if end > first_body and end <= grid.n_rows:
                first_body = end
    captions = tuple(r for r in header_rows if _is_caption(grid, r))
    column_rows = tuple(r for r in header_rows if r not in captions)
    header = _Header(
        first_body_row=first_body,
        header_rows=column_rows,
        captions=tuple(text_of(grid.starting_cells(r)[0]) for r in captions),
    )
    for c in range(grid.n_cols):
        path: list[Cell] = []
        for hr in column_rows:
            hc = grid.at(hr, c)
            if hc is not None and (not path or path[-1] is not hc) and hc.text.strip():
                path.append(hc)
        header.columns.append(_Column(index=c, path=tuple(path)))
    return header


def _is_caption(grid: Grid, r: int) -> bool:
    cells = [c for c in grid.starting_cells(r) if text_of(c)]
    return grid.n_cols > 1 and len(cells) == 1 and cells[0].colspan >= grid.n_cols


def analyse_columns(grid: Grid) -> tuple[int, dict[int, str]]:
    """(first body row, grid column -> role: amount|name|serial|text|empty)."""
    header = find_header(grid)
    _assign_roles(grid, header)
    return header.first_body_row, {c.index: c.role for c in header.columns}


def _leaf(col: _Column) -> str:
    return clean_text(col.path[-1].text).strip() if col.path else ""


def _header_text(col: _Column) -> str:
    return "".join(clean_text(c.text).strip() for c in col.path)


def _assign_roles(grid: Grid, header: _Header) -> None:
    body = range(header.first_body_row, grid.n_rows)
    for col in header.columns:
        texts = [grid.own_text(r, col.index) for r in body]
        filled = [t for t in texts if not is_blank_text(t)]
        numeric = [t for t in filled if is_number_text(t)]
        head = _header_text(col)
        role = column_role(head) if head else None
        if role == "index" or _SERIAL_HEADER_RE.match(strip_unit_parens(head)):
            col.role = "serial"
        elif (
            (
                head
                and (role in ("region", "text") or _TEXT_HEADER_FALLBACK.search(head))
                and not (filled and len(numeric) == len(filled))
            )
            or (head and _is_quantity_header(head))
            or (filled and len(numeric) * 2 < len(filled))
        ):
            col.role = "text"
        elif not head and not filled:
            col.role = "empty"
        elif not head and filled and all(is_serial_text(t) for t in filled):
            col.role = "serial"
        else:
            col.role = "amount"
    # the name column: a text column whose header names recipients, else the
    # first text column (a merged cell over several columns counts once)
    text_cols = [c for c in header.columns if c.role == "text"]
    name_col = next(
        (c for c in text_cols if column_role(_header_text(c)) == "region"),
        None,
    ) or next(
        (c for c in text_cols if _NAME_HEADER_RE.search(_header_text(c))
         and not _TEXT_HEADER_FALLBACK.search(_header_text(c))),
        None,
    )
    if name_col is None:
        name_col = next((c for c in text_cols if not _TEXT_HEADER_FALLBACK.search(_header_text(c))),
                        text_cols[0] if text_cols else None)
    if name_col is not None:
        name_col.role = "name"
    # a serial column written as numbers is not an amount column
    for col in header.columns:
        if col.role == "amount" and name_col is not None and col.index < name_col.index:
            texts = [grid.own_text(r, col.index) for r in body]
            filled = [t for t in texts if t]
            if filled and all(is_serial_text(t) for t in filled):
                col.role = "serial"


def _is_total_word(text: str) -> bool:
    return any(w in text for w in _TOTAL_WORDS)


def _name_columns(amounts: list[_Column]) -> None:
    """Column names from the header path: the leaf, joined to its parent only
    when the leaf alone says nothing (小计, 金额) or two columns would clash."""
    leaves: list[str] = []
    for col in amounts:
        leaf = strip_unit_parens(_leaf(col))
        if starts_with_qizhong(leaf) and strip_qizhong(leaf):
            leaf = strip_qizhong(leaf)
        leaves.append(leaf)
    counts: dict[str, int] = {}
    for leaf in leaves:
        counts[leaf] = counts.get(leaf, 0) + 1
    for col, leaf in zip(amounts, leaves, strict=True):
        parents = [
            strip_unit_parens(clean_text(c.text).strip())
            for c in col.path[:-1]
            if strip_qizhong(clean_text(c.text).strip())
        ]
        parent = parents[-1] if parents else ""
        generic = leaf in ("", "小计", "合计", "金额", "资金", "数额") or counts[leaf] > 1
        name = parent + leaf if parent and generic else leaf
        col.name = name or parent or f"列{col.index + 1}"


def _column_parts(
    grid: Grid, header: _Header, amounts: list[_Column]
) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """For each total column, the value indices the header puts under it."""
    pos = {col.index: i for i, col in enumerate(amounts)}
    parts: dict[int, tuple[int, ...]] = {}
    grouped: set[int] = set()
    # (a) a spanning 其中 cell with sub-columns under it
    for col in amounts:
        for depth, cell in enumerate(col.path[:-1]):
            text = clean_text(cell.text).strip()
            if not starts_with_qizhong(text) or cell.colspan < 2:
                continue
            members = tuple(
                pos[c] for c in range(cell.col, cell.col + cell.colspan) if c in pos
            )
            if not members or members[0] in grouped:
                continue
            grouped.update(members)
            if len(members) < 2:
                continue  # a single 其中 item is a subset, not a part
            total = _total_left_of(amounts, pos, cell.col, depth, grouped)
            if total is not None:
                parts[total] = members
    # (b) a parent spanning a 小计/合计 child and its siblings
    for col in amounts:
        if len(col.path) < 2 or not _is_total_word(_leaf(col)):
            continue
        parent = col.path[-2]
        siblings = tuple(
            pos[c]
            for c in range(parent.col, parent.col + parent.colspan)
            if c in pos and c != col.index
        )
        if len(siblings) >= 2 and pos[col.index] not in parts:
            parts[pos[col.index]] = siblings
            grouped.update(siblings)
    # (c) leaf headers 其中：X, Y next to a total: parts only if the numbers add up
    i = 0
    while i < len(amounts):
        col = amounts[i]
        if pos[col.index] in grouped or not starts_with_qizhong(_leaf(col)) or i == 0:
            i += 1
            continue
        run = [i]
        j = i + 1
        while (
            j < len(amounts)
            and amounts[j].path[:-1] == col.path[:-1]
            and not starts_with_qizhong(_leaf(amounts[j]))
            and not _is_total_word(_leaf(amounts[j]))
            and pos[amounts[j].index] not in grouped
        ):
            run.append(j)
            j += 1
        total_i = i - 1
        if len(run) >= 2 and _sums_match(grid, header, amounts[total_i], [amounts[k] for k in run]):
            parts[total_i] = tuple(run)
        grouped.update(run)
        i = j
    return tuple(sorted(parts.items()))


def _total_left_of(
    amounts: list[_Column], pos: dict[int, int], col: int, depth: int, grouped: set[int]
) -> int | None:
    for cand in reversed(amounts):
        if cand.index >= col or pos[cand.index] in grouped:
            continue
        return pos[cand.index]
    return None


def _sums_match(grid: Grid, header: _Header, total: _Column, members: list[_Column]) -> bool:
    seen = False
    for r in range(header.first_body_row, grid.n_rows):
        t = amount_of(grid.own_text(r, total.index))
        vals = [amount_of(grid.own_text(r, m.index)) for m in members]
        if t is None or all(v is None for v in vals):
            continue
        if sum((v for v in vals if v is not None), Decimal(0)) != t:
            return False
        seen = True
    return seen


# --- body -----------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    printed: str
    name: str
    values: tuple[Decimal | None, ...]
    value_cells: tuple[Cell | None, ...]
    notes: tuple[tuple[str, str], ...]
    cells: tuple[Cell, ...]
    labelled_total: bool
    region: str | None = None
    code: str | None = None
    rank: int | None = None


def _rank(match: object) -> int | None:
    code = getattr(match, "code", None)
    if isinstance(code, str) and len(code) >= 6 and code[:6].isdigit():
        if code[2:6] == "0000":
            return 1
        if code[4:6] == "00":
            return 2
        return 3
    level = getattr(match, "level", None)
    if isinstance(level, int):
        return level
    ranks = {"province": 1, "prefecture": 2, "city": 2, "county": 3, "district": 3, "township": 4}
    return ranks.get(str(level).lower()) if level is not None else None


def _resolve(rows: list[_Row]) -> None:
    within: str | None = None
    best: int | None = None
    for row in rows:
        match = resolve_region(row.name) if row.name else None
        if match is None:
            continue
        row.region, row.code, row.rank = match.canonical, match.code, _rank(match)
        if row.rank is not None and (best is None or row.rank < best):
            best, within = row.rank, match.canonical
    if within is None:
        return
    for row in rows:
        if row.region is None and row.name and not row.labelled_total:
            match = resolve_region(row.name, within=within)
            if match is not None:
                row.region, row.code, row.rank = match.canonical, match.code, _rank(match)


def _mark_aggregates(rows: list[_Row]) -> list[bool]:
    """Aggregate rows: labelled (合计 …), or a row equal to the sum of the
    rows that follow (or precede) it, backed by region level when known."""
    flags = [r.labelled_total for r in rows]
    n = len(rows)
    for i, row in enumerate(rows):
        if flags[i] or starts_with_qizhong(row.printed):
            continue
        for members in (_following_run(rows, flags, i), _preceding_run(rows, flags, i)):
            if len(members) < 2:
                continue
            if not _is_sum(row, [rows[k] for k in members]):
                continue
            ranks = [rk for rk in (rows[k].rank for k in members) if rk is not None]
            own = row.rank
            if own is not None and ranks:
                if all(own < rk for rk in ranks):
                    flags[i] = True
                    break
                continue
            # no level to go on: accept only a row summing a whole block (up
            # to the table's end or the next labelled total)
            last = members[-1]
            block_end = last == n - 1 or flags[last + 1]
            block_start = i == 0 or flags[i - 1] or members[0] == 0
            if block_end and block_start:
                flags[i] = True
                break
    return flags


def _following_run(rows: list[_Row], flags: list[bool], i: int) -> list[int]:
    out: list[int] = []
    own = rows[i].rank
    for k in range(i + 1, len(rows)):
        if flags[k]:
            break
        rk = rows[k].rank
        if own is not None and rk is not None and rk <= own:
            break
        out.append(k)
    return out


def _preceding_run(rows: list[_Row], flags: list[bool], i: int) -> list[int]:
    if i != len(rows) - 1:
        return []
    return [k for k in range(i) if not flags[k]]


def _is_sum(row: _Row, members: list[_Row]) -> bool:
    checked = False
    for j, v in enumerate(row.values):
        parts = [m.values[j] for m in members if j < len(m.values)]
        if v is None:
            continue
        if all(p is None for p in parts):
            return False
        if sum((p for p in parts if p is not None), Decimal(0)) != v:
            return False
        checked = True
    return checked


def parse_allocation_table(
    table: Table, context: Sequence[str] = (), attachment: int | None = None
) -> AllocationTable:
    grid = build_grid(table)
    header = find_header(grid)
    _assign_roles(grid, header)
    amounts = [c for c in header.columns if c.role == "amount"]
    _name_columns(amounts)
    texts_cols = [c for c in header.columns if c.role == "text"]
    for col in texts_cols:
        col.name = strip_unit_parens(_header_text(col)) or f"列{col.index + 1}"
    name_col = next((c for c in header.columns if c.role == "name"), None)

    rows: list[_Row] = []
    for r in range(header.first_body_row, grid.n_rows):
        texts = grid.row_texts(r)
        if not any(texts) or is_column_number_row(texts):
            continue
        name_cell = grid.at(r, name_col.index) if name_col is not None else None
        printed = clean_text(name_cell.text).strip() if name_cell is not None else ""
        if not printed:
            # a total label may sit in the 序号 column (合计 spanning 序号+名称)
            printed = next(
                (t for c, t in zip(header.columns, texts, strict=True)
                 if c.role == "serial" and t and not is_serial_text(t)),
                "",
            )
        value_cells = tuple(
            grid.at(r, c.index) if grid.own_text(r, c.index) else None for c in amounts
        )
        values = tuple(
            amount_of(cell.text.strip()) if cell is not None and cell.row == r else None
            for cell in value_cells
        )
        if not printed and all(v is None for v in values):
            continue  # a note row or a spill line
        if all(v is None for v in values) and _repeats_header(header, texts):
            continue  # the header repeated after a page break
        if printed and all(v is None for v in values) and _is_note(printed, grid, r):
            continue
        # every text column, '' where the cell is empty (rendered as null)
        notes = tuple((c.name, _note_text(grid, r, c.index)) for c in texts_cols)
        name = strip_qizhong(printed)
        cells = grid.row_cells(r)
        rows.append(
            _Row(
                printed=printed,
                name=name,
                values=values,
                value_cells=tuple(c if c is not None and c.row == r else None for c in value_cells),
                notes=notes,
                cells=cells,
                labelled_total=bool(printed) and is_total_label(printed),
            )
        )

    _resolve(rows)
    totals = _mark_aggregates(rows)
    out_rows = tuple(
        AllocationRow(
            region=row.region or row.name or row.printed,
            region_as_printed=row.printed,
            values=row.values,
            is_total=totals[i],
            notes=row.notes,
            region_code=row.code,
            prov=merged_provenance(row.cells),
            value_provs=tuple(
                provenance(c) if c is not None else Provenance() for c in row.value_cells
            ),
        )
        for i, row in enumerate(rows)
    )
    parts = _column_parts(grid, header, amounts)
    members = {i for _, group in parts for i in group}
    for i, col in enumerate(amounts):
        under_qizhong = any(starts_with_qizhong(clean_text(c.text).strip()) for c in col.path)
        if under_qizhong and i not in members and not starts_with_qizhong(col.name):
            col.name = "其中：" + col.name  # a subset column keeps its 其中
    header_texts = [clean_text(c.text) for hr in header.header_rows for c in grid.starting_cells(hr)]
    unit = unit_in(context) or unit_in(header.captions) or unit_in(header_texts)
    return AllocationTable(
        attachment=attachment,
        title=title_from_context(context) or title_from_context(header.captions),
        unit=unit,
        columns=tuple(c.name for c in amounts),
        rows=out_rows,
        column_parts=parts,
        page=table.page,
    )


def _repeats_header(header: _Header, texts: Sequence[str]) -> bool:
    heads = {compact(clean_text(c.text)) for col in header.columns for c in col.path}
    own = [compact(t) for t in texts if t]
    return bool(own) and all(t in heads for t in own)


def _note_text(grid: Grid, r: int, col: int) -> str:
    """A text column's cell in row ``r``: merged down from above counts, a
    cell spilling in from another column (合计 over 名称 and 项目名称) not."""
    cell = grid.at(r, col)
    return clean_text(cell.text).strip() if cell is not None and cell.col == col else ""


def _is_note(printed: str, grid: Grid, r: int) -> bool:
    """A row that is one long remark spanning the table (说明：…, 注：…)."""
    cells = grid.starting_cells(r)
    return printed.startswith(("说明", "注", "备注")) or (
        len(cells) == 1 and cells[0].colspan >= max(2, grid.n_cols - 1)
    ) or len(compact(printed)) > 40
