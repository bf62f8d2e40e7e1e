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
from dataclasses import dataclass, replace
from decimal import Decimal

from parsers.allocation_header import (
    Column,
    Header,
    assign_roles,
    column_parts,
    find_header,
    name_columns,
)
from parsers.column_groups import unfold_column_groups
from parsers.normalize.ocr_repair import (
    MAX_DECIMALS,
    CellRepair,
    lowered_confidence,
    repair_column,
    settle,
)
from parsers.normalize.rules import is_total_label
from parsers.ocr_rows import infer_by_sums, region_repairs, settle_jointly, total_label
from parsers.row_tree import RowInfo, RowTree, read_row_tree
from parsers.table_vocab import is_attribute_header, is_project_header
from parsers.tablegrid import (
    Grid,
    amount_of,
    build_grid,
    compact,
    is_column_number_row,
    is_serial_text,
    merged_provenance,
    paired_brackets,
    provenance,
    starts_with_qizhong,
    strip_qizhong,
    title_from_context,
    unit_in,
)
from pipeline.core.divisions import RegionMatch, resolve_region
from pipeline.core.model import AllocationRow, AllocationTable, Cell, Provenance, Table
from pipeline.core.textnorm import clean_text

# --- body -----------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    printed: str
    name: str
    values: tuple[Decimal | None, ...]
    value_cells: tuple[Cell | None, ...]
    repairs: tuple[CellRepair | None, ...]
    notes: tuple[tuple[str, str], ...]
    cells: tuple[Cell, ...]
    labelled_total: bool
    region: str | None = None
    code: str | None = None
    rank: int | None = None
    label_from: str | None = None  # what OCR read, when the label was repaired (parsers/ocr_rows.py)


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


_DIVISION_CODE = re.compile(r"\s*[（(]\s*[0-9]{6,12}\s*[)）]$")
_LEVEL_SUFFIX = ("省", "市", "县", "区", "旗", "州", "盟")


def _plausible(rows: list[_Row], matches: list[RegionMatch | None]) -> list[RegionMatch | None]:
    """Drop the matches of bare names (仁和, 太平: no 县/区/市 printed) that only chance makes
    divisions: towns or units of a table whose rows mostly name no division, matched to
    districts of provinces that have nothing to do with each other (仁和区, 太平区)."""
    named = [r for r in rows if r.name and not r.labelled_total]
    bare = {i for i, (r, m) in enumerate(zip(rows, matches, strict=True))
            if m is not None and m.is_alias and not r.name.endswith(_LEVEL_SUFFIX)}
    if not bare:
        return matches
    resolved = sum(m is not None for m in matches)
    provinces = {m.code[:2] for i, m in enumerate(matches) if m is not None and i in bare}
    if 2 * resolved >= len(named) or (len(bare) > 1 and len(provinces) == 1):
        return matches
    return [None if i in bare else m for i, m in enumerate(matches)]


def _resolve(rows: list[_Row]) -> None:
    within: str | None = None
    best: int | None = None
    first = _plausible(rows, [resolve_region(row.name) if row.name else None for row in rows])
    for row, match in zip(rows, first, strict=True):
        if match is None:
            continue
        row.region, row.code, row.rank = match.canonical, match.code, _rank(match)
        if row.rank is not None and (best is None or row.rank < best):
            best, within = row.rank, match.canonical
    if within is None:
        return
    # an ambiguous name (宝山区: 上海 and 包头 have one) is read within the table's highest
    # region, else within the division every resolved row shares (all 31xxxx: 上海市)
    shared = _shared_divisions([row.code for row in rows if row.code])
    for row in rows:
        if row.region is None and row.name and not row.labelled_total:
            match = resolve_region(row.name, within=within)
            for prefix in shared:
                if match is None:
                    match = resolve_region(row.name, within=prefix)
            if match is not None:
                row.region, row.code, row.rank = match.canonical, match.code, _rank(match)


def _shared_divisions(codes: list[str]) -> list[str]:
    """The GB/T 2260 prefixes every code has, narrowest first (prefecture ``4107``, province ``41``)."""
    if len(codes) < 2:
        return []
    out = []
    for width in (4, 2):
        prefixes = {code[:width] for code in codes}
        if len(prefixes) == 1 and (prefix := prefixes.pop()).strip("0"):
            out.append(prefix)
    return out


def _row_tree(rows: list[_Row]) -> RowTree:
    """The aggregate rows and their members (parsers/row_tree.py)."""
    infos = [
        RowInfo(
            label=row.printed if is_total_label(row.printed) or not row.labelled_total
            else next((t for c in row.cells if is_total_label(t := clean_text(c.text).strip())), row.printed),
            values=row.values,
            rank=row.rank,
            labelled_total=row.labelled_total,
            code=row.code,
            project=_names_project(row.notes),
        )
        for row in rows
    ]
    return read_row_tree(infos)


def _coarser_place(note_texts: Sequence[tuple[str, str]], cols: Sequence[Column], name_at: int) -> str:
    """The place printed in the text column nearest left of the name column, '' if none."""
    for (_, text), col in sorted(zip(note_texts, cols, strict=True), key=lambda p: -p[1].index):
        if col.index < name_at and text:
            return text if resolve_region(text) is not None else ""
    return ""


def _names_project(notes: Sequence[tuple[str, str]]) -> bool:
    """A row whose 项目名称 or 实施单位 note is filled is a project of its own (a leaf)."""
    return any(v and (is_project_header(k) or is_attribute_header(k)) for k, v in notes)


# --- OCR amounts: the cell grammar (parsers/normalize/ocr_repair.py) -----------------


def _read_ocr_amounts(
    grid: Grid, first_body: int, amounts: Sequence[Column], unit: str | None
) -> dict[tuple[int, int], CellRepair]:
    """(row, grid column) -> the grammar's reading of every OCR amount cell.

    Text-layer cells (confidence None) are not touched: they are read by
    ``amount_of`` as printed. A column's decimals come from its own
    unambiguous cells, else from the table's other amount columns; the
    table's unit bounds them (元: two at most).
    """
    body = [
        r for r in range(first_body, grid.n_rows)
        if any(t := grid.row_texts(r)) and not is_column_number_row(t)
    ]
    columns: dict[int, list[tuple[int, str]]] = {}
    for col in amounts:
        for r in body:
            cell = grid.at(r, col.index)
            if cell is not None and cell.row == r and cell.col == col.index and cell.confidence is not None:
                columns.setdefault(col.index, []).append((r, cell.text.strip()))
    out: dict[tuple[int, int], CellRepair] = {}
    for index, cells in columns.items():
        others = [t for i, cs in columns.items() if i != index for _, t in cs]
        repairs = repair_column([t for _, t in cells], others, max_decimals=MAX_DECIMALS.get(unit or ""))
        for (r, _), rep in zip(cells, repairs, strict=True):
            out[(r, index)] = rep
    return out


def _value_provenance(cell: Cell | None, repair: CellRepair | None) -> Provenance:
    """A doubtful reading (changed or undecided by the grammar) carries a
    confidence under the LOW_CONFIDENCE threshold, whatever OCR said, and the
    text OCR read (``repaired_from``) so the flag can say what was done."""
    if cell is None:
        return Provenance()
    prov = provenance(cell)
    if repair is None or not repair.doubtful:
        return prov
    return Provenance(
        page=prov.page,
        bbox=prov.bbox,
        confidence=lowered_confidence(prov.confidence),
        repaired_from=repair.text,
    )


def _label_provenance(prov: Provenance, label_from: str | None) -> Provenance:
    """A row whose label OCR repair changed: what was read, a lowered confidence."""
    if label_from is None:
        return prov
    return replace(prov, confidence=lowered_confidence(prov.confidence), repaired_from=label_from)


def _settle_by_sums(rows: list[_Row], parts: Sequence[tuple[int, tuple[int, ...]]]) -> None:
    """An ambiguous cell takes the one reading a row or column sum confirms.

    Evidence only: the sum must be fully known from undoubted cells and must
    equal one of the cell's grammatical readings; the cell stays doubtful.
    """
    for row in rows:
        for total, members in parts:
            group = (total, *members)
            if any(j >= len(row.repairs) for j in group):
                continue
            for j in group:
                rep = row.repairs[j]
                if rep is None or rep.status != "ambiguous":
                    continue
                others = [k for k in group if k != j]
                if any(_doubtful(row, k) or row.values[k] is None for k in others):
                    continue
                known = {k: row.values[k] for k in others}
                parts_sum = sum((v for k, v in known.items() if k != total and v is not None), Decimal(0))
                total_v = known.get(total)
                expected = parts_sum if j == total else (total_v - parts_sum if total_v is not None else None)
                _apply(row, j, settle(rep, expected))
    labelled = [i for i, row in enumerate(rows) if row.labelled_total]
    if len(labelled) != 1:
        return  # subtotals or no total: no single column sum to lean on
    t = labelled[0]
    body = [i for i in range(len(rows)) if i != t]
    for j in range(len(rows[t].values)):
        column = [t, *body]
        for i in column:
            rep = rows[i].repairs[j] if j < len(rows[i].repairs) else None
            if rep is None or rep.status != "ambiguous":
                continue
            others = [k for k in column if k != i]
            if any(_doubtful(rows[k], j) for k in others) or rows[t].values[j] is None and i != t:
                continue
            member_sum = sum((v for k in body if k != i and (v := rows[k].values[j]) is not None), Decimal(0))
            total_v = rows[t].values[j]
            expected = member_sum if i == t else (total_v - member_sum if total_v is not None else None)
            _apply(rows[i], j, settle(rep, expected))


def _doubtful(row: _Row, j: int) -> bool:
    rep = row.repairs[j] if j < len(row.repairs) else None
    return rep is not None and rep.doubtful


def _apply(row: _Row, j: int, rep: CellRepair) -> None:
    if rep is row.repairs[j]:
        return
    row.repairs = (*row.repairs[:j], rep, *row.repairs[j + 1 :])
    row.values = (*row.values[:j], rep.value, *row.values[j + 1 :])


def parse_allocation_table(
    table: Table, context: Sequence[str] = (), attachment: int | None = None
) -> AllocationTable:
    table = unfold_column_groups(table)
    grid = build_grid(table)
    header = find_header(grid)
    assign_roles(grid, header)
    amounts = [c for c in header.columns if c.role == "amount"]
    texts_cols = [c for c in header.columns if c.role == "text"]
    quantities = [c for c in texts_cols if c.measure == "quantity"]
    # a leaf clashing with a quantity note's (合计 under 保障经费 beside 合计 under 保障人数) takes its group
    name_columns(amounts, beside=quantities)
    # text notes are named as amount columns are: the leaf, joined to its group only when the leaf
    # alone says nothing (备注 over 2022年度考核等次 | 上次拨付明细: the leaves)
    name_columns([c for c in texts_cols if c.measure != "quantity"])
    # quantity notes (人数, 面积（亩）, 标准（元）) are named as amount columns are, over every
    # value column, with their unit as printed
    if quantities:
        spanned = [c.index for c in (*amounts, *quantities)]
        name_columns(quantities, (min(spanned), max(spanned)), keep_unit=True, beside=amounts)
    name_col = next((c for c in header.columns if c.role == "name"), None)

    header_texts = [clean_text(c.text) for hr in header.header_rows for c in grid.starting_cells(hr)]
    unit = unit_in(context) or unit_in(header.captions) or unit_in(header_texts)
    read = _read_ocr_amounts(grid, header.first_body_row, amounts, unit)
    rows: list[_Row] = []
    last_r = -1  # the grid row of rows[-1]
    for r in range(header.first_body_row, grid.n_rows):
        texts = grid.row_texts(r)
        if not any(texts) or is_column_number_row(texts):
            continue
        name_cell = grid.at(r, name_col.index) if name_col is not None else None
        printed = paired_brackets(clean_text(name_cell.text).strip()) if name_cell is not None else ""
        # a total label may sit in the 序号 column (合计 spanning 序号+名称), or be padded over both
        # in a table without column rules (合 | 计: one character each side of the cut)
        in_serial = next(
            (t.strip() for c, t in zip(header.columns, texts, strict=True)
             if c.role == "serial" and t.strip() and not is_serial_text(t)),
            "",
        )
        if not printed or (len(printed) == 1 and len(in_serial) == 1 and is_total_label(in_serial + printed)):
            printed = in_serial + printed
        value_cells = tuple(
            grid.at(r, c.index) if grid.own_text(r, c.index) else None for c in amounts
        )
        repairs = tuple(
            read.get((r, c.index)) if cell is not None and cell.row == r else None
            for c, cell in zip(amounts, value_cells, strict=True)
        )
        values = tuple(
            rep.value if rep is not None
            else amount_of(cell.text.strip()) if cell is not None and cell.row == r
            else None
            for cell, rep in zip(value_cells, repairs, strict=True)
        )
        if not printed and all(v is None for v in values):
            continue  # a note row or a spill line
        if rows and last_r == r - 1 and all(v is None for v in values) and _fills_row_above(
            grid, r, name_cell, texts_cols, rows[-1]
        ):
            # a wrapped cell a scan's rule split off: the rest of the row above, merged cells and all
            rows[-1].notes = tuple((k, v or _note_text(grid, r, c.index))
                                   for (k, v), c in zip(rows[-1].notes, texts_cols, strict=True))
            last_r = r
            continue
        if all(v is None for v in values) and _repeats_header(header, texts):
            continue  # the header repeated after a page break
        if printed and all(v is None for v in values) and _is_note(printed, grid, r):
            continue
        # every text column, '' where the cell is empty (rendered as null)
        note_texts = [(c.name, _note_text(grid, r, c.index)) for c in texts_cols]
        # a 合计/小计 label printed in a text column (项目 小计 under a merged
        # county cell, 合计 spanning 类别 and 项目名称) labels the row; not a note
        total_in_notes = [bool(v) and is_total_label(v) for _, v in note_texts]
        notes = tuple((k, "" if is_total else v) for (k, v), is_total in zip(note_texts, total_in_notes, strict=True))
        if not printed:  # nothing in the name column: the label in another column is the row's (合计 under 乡镇 | 村)
            printed = next((v for (_, v), is_total in zip(note_texts, total_in_notes, strict=True) if is_total), "")
        if not printed and name_col is not None:
            # … or the finest place printed left of it: the row of that place (市州 | 区 | 乡镇 with 乡镇 empty:
            # the 区's own row over its towns)
            printed = _coarser_place(note_texts, texts_cols, name_col.index)
        printed, label_from = total_label(printed, name_cell)  # OCR: 含计 -> 合计
        name = _DIVISION_CODE.sub("", strip_qizhong(printed))  # 湍东镇(41132501): the code is no part of the name
        cells = grid.row_cells(r)
        rows.append(
            _Row(
                printed=printed,
                name=name,
                values=values,
                value_cells=tuple(c if c is not None and c.row == r else None for c in value_cells),
                repairs=repairs,
                notes=notes,
                cells=cells,
                label_from=label_from,
                labelled_total=(bool(printed) and is_total_label(printed))
                or any(total_in_notes),
            )
        )
        last_r = r

    parts = column_parts(grid, header, amounts)
    _settle_by_sums(rows, parts)
    settle_jointly(rows, parts)  # OCR: ambiguous cells sharing their sums (parsers/ocr_rows.py)
    _resolve(rows)
    for i, fixed in region_repairs(rows):  # OCR: a region one character off
        row, match = rows[i], resolve_region(fixed)
        if match is not None:
            row.label_from, row.printed, row.name = row.printed, fixed, fixed
            row.region, row.code, row.rank = match.canonical, match.code, _rank(match)
    tree = _row_tree(rows)
    infer_by_sums(rows, parts, tree.parts)  # OCR: an unreadable cell the sums fix (parsers/ocr_rows.py)
    totals = tree.is_total
    out_rows = tuple(
        AllocationRow(
            region=row.region or row.name or row.printed,
            region_as_printed=row.printed,
            values=row.values,
            is_total=totals[i],
            notes=row.notes,
            region_code=row.code,
            prov=_label_provenance(merged_provenance(row.cells), row.label_from),
            value_provs=tuple(
                _value_provenance(c, rep) for c, rep in zip(row.value_cells, row.repairs, strict=True)
            ),
        )
        for i, row in enumerate(rows)
    )
    members = {i for _, group in parts for i in group}
    for i, col in enumerate(amounts):
        under_qizhong = any(starts_with_qizhong(clean_text(c.text).strip()) for c in col.path)
        if under_qizhong and i not in members and not starts_with_qizhong(col.name):
            col.name = "其中：" + col.name  # a subset column keeps its 其中
    return AllocationTable(
        attachment=attachment,
        title=title_from_context(context) or title_from_context(header.captions),
        unit=unit,
        columns=tuple(c.name for c in amounts),
        rows=out_rows,
        column_parts=parts,
        page=table.page,
        row_parts=tree.parts,
        uncertain=tree.uncertain + _unlabelled(amounts) + _run_together(rows, amounts),
    )


_TWO_NUMBERS_RE = re.compile(r"[0-9]\s+[0-9]")


def _run_together(rows: Sequence[_Row], amounts: Sequence[Column]) -> tuple[str, ...]:
    """Why the sums are a guess when printed cells hold two amounts apart (390 313: two columns a
    borderless table's gaps did not tell apart, read as one number)."""
    cols = {amounts[j].name for row in rows for j, c in enumerate(row.value_cells)
            if c is not None and c.confidence is None and _TWO_NUMBERS_RE.search(c.text.strip())}
    if not cols:
        return ()
    names = "、".join(sorted(cols)[:3])
    return (f"columns: cells of {names} hold two amounts apart", "rows: the amounts of two columns run together")


def _unlabelled(amounts: Sequence[Column]) -> tuple[str, ...]:
    """Why the sums of a table whose amount columns stand under no header label are a guess (the
    header was not found: which column is which, and which rows it totals, are not known)."""
    bare = [c.name for c in amounts if not any(clean_text(x.text).strip() for x in c.path)]
    if not bare:
        return ()
    names = "、".join(bare[:3])
    return (f"columns: {names} stand under no header label", "rows: read under a header that was not found")


def _fills_row_above(grid: Grid, r: int, name_cell: Cell | None, texts_cols: Sequence[Column], above: _Row) -> bool:
    """Row ``r`` (no amount) under its name cell merged down from the row above only fills text
    cells the row above left empty: one row of the table a scan split at a wrapped cell."""
    if name_cell is None or name_cell.row >= r:
        return False
    own = [c for c in texts_cols if (cell := grid.at(r, c.index)) is not None and cell.row == r
           and cell.col == c.index and clean_text(cell.text).strip()]
    filled = dict(above.notes)
    return bool(own) and all(not filled.get(c.name) for c in own)


def _repeats_header(header: Header, texts: Sequence[str]) -> bool:
    """The header printed again after a page break: every cell one of the header's labels, or
    (a scan misreading a long label: 多媒体教至装奋项目) most of them, the first included."""
    heads = {compact(clean_text(c.text)) for col in header.columns for c in col.path}
    own = [compact(t) for t in texts if t]
    matched = [t in heads for t in own]
    return bool(own) and (all(matched) or matched[0] and 2 * sum(matched) > len(own))


def _note_text(grid: Grid, r: int, col: int) -> str:
    """A text column's cell in row ``r``: merged down from above counts, a
    cell spilling in from another column (合计 over 名称 and 项目名称) not."""
    cell = grid.at(r, col)
    return paired_brackets(clean_text(cell.text).strip()) if cell is not None and cell.col == col else ""


def _is_note(printed: str, grid: Grid, r: int) -> bool:
    """A row that is one long remark spanning the table (说明：…, 注：…)."""
    cells = grid.starting_cells(r)
    return printed.startswith(("说明", "注", "备注")) or (
        len(cells) == 1 and cells[0].colspan >= max(2, grid.n_cols - 1)
    ) or len(compact(printed)) > 40
