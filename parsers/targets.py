"""绩效目标表 (performance target tables): a ``Table`` grid -> ``TargetTable``.

Two forms (see DOMAIN.md): the regional form (中央对地方转移支付区域绩效目标表:
项目名称, 主管部门, 资金情况, 年度总体目标, indicator rows) and the project
form (专项预算项目支出绩效目标表: 项目类型 checkboxes, 项目资金 with 中期 and
年度 halves side by side, indicator rows with both halves). Year and region
come from the subtitle (``(2022年木垒县)``, ``(2020年度)``), a region cell, the title or
the finance body the form names (``parsers.target_region``).

The indicator rows and the hierarchy repair live in
``parsers.target_hierarchy``; ``classify_table`` is re-exported from
``parsers.forms``. ``repair_target_tables`` first repairs what OCR read
wrong in an indicator, with the notice's other tables as evidence
(``ocr_repair.repair_by_peers``: a name off only in its punctuation, a
bracket dropped; ``ocr_repair.repair_comparator``: a ``≥``/``≤`` dropped or
read as ``>``/``<``; ``other_half_sign``: a ``>`` where the project form's other half prints the
same indicator ``≥``), marking each repair in ``prov.repaired_from`` for
LOW_CONFIDENCE; then it takes the cross-table 一级/二级 consensus.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from parsers.forms import classify_table
from parsers.normalize.checkboxes import has_checkbox, read_checkboxes
from parsers.normalize.ocr_numerals import numerals_back
from parsers.normalize.ocr_repair import (
    MAX_DECIMALS,
    CellRepair,
    lowered_confidence,
    repair_by_peers,
    repair_column,
    repair_comparator,
    settle,
)
from parsers.normalize.ocr_signs import column_sign
from parsers.normalize.targets import parse_target
from parsers.ocr_specks import value_specks_off
from parsers.tablegrid import (
    Grid,
    amount_of,
    build_grid,
    cell_unit,
    checkbox_choices,
    compact,
    is_number_text,
    strip_qizhong,
    text_of,
    unit_in,
)
from parsers.target_blocks import find_indicator_header
from parsers.target_columns import is_value_header
from parsers.target_hierarchy import is_structural, read_indicators
from parsers.target_hierarchy import repair_target_tables as repair_hierarchy
from parsers.target_levels import levels_from_names
from parsers.target_region import value_right_of, year_and_region
from pipeline.core.divisions import resolve_region
from pipeline.core.model import Cell, Funds, Indicator, Provenance, Table, TableKind, TargetTable
from pipeline.core.textnorm import fold_width, strip_spaces
from pipeline.core.units import YUAN_PER_UNIT

__all__ = ["classify_table", "parse_target_table", "repair_ocr_indicators", "repair_target_tables"]

_FUNDS_BLOCK_RE = re.compile(r"^(资金情况|项目资金|资金投入|资金构成|资金来源|年度资金)")
_FUNDS_LABEL_RE = re.compile(r"(资金|拨款|补助|其中|总额|合计|总计|投入)")
_TOTAL_LABEL_RE = re.compile(r"(总额|合计|总计|总数|小计)")
_STOP_RE = re.compile(r"(总体目标|绩效指标|[一二三]级指标|中期目标|年度目标|项目概况)")
# the project form's own structure: a 中期 half (中期资金, 中期目标) or its 项目类型 boxes; a title
# saying 项目支出绩效目标表 over the regional form's rows does not make it one
_PROJECT_RE = re.compile(r"(中期资金|项目类型|中期目标)")


def _kind(grid: Grid, context: Sequence[str]) -> TableKind:
    """The project form: its 中期 half or 项目类型 boxes printed, or its two halves side by side
    (two value columns in the indicator header: 中期 and 年度); else the regional form."""
    texts = [compact(t) for t in (*context, *grid.all_texts())]
    if any(_PROJECT_RE.search(t) for t in texts):
        return "project"
    head = find_indicator_header(grid)
    if head is not None:
        values = [c for c in grid.starting_cells(head) if is_value_header(compact(text_of(c)))]
        if len(values) >= 2:
            return "project"
    return "regional"


# --- funds ------------------------------------------------------------------------


def _funds_rows(grid: Grid) -> tuple[Cell | None, list[int]]:
    """The funds block's label cell and its rows. A label heads its rows from the left: one
    printed after a label and its value on its row (``实施单位 | 包鸾镇政府 | 资金来源 |
    渝财农〔2024〕56号``) is that row's third item, no block."""
    for r in range(grid.n_rows):
        for k, cell in enumerate(c for c in grid.starting_cells(r) if text_of(c)):
            if k >= 2:
                break
            if _FUNDS_BLOCK_RE.match(compact(text_of(cell))):
                rows = list(range(r, min(r + max(cell.rowspan, 1), grid.n_rows)))
                nxt = rows[-1] + 1
                while nxt < grid.n_rows and _is_funds_row(grid, nxt, cell):
                    rows.append(nxt)
                    nxt += 1
                return cell, rows
    return None, []


def _is_funds_row(grid: Grid, r: int, block: Cell) -> bool:
    texts = [text_of(c) for c in grid.starting_cells(r) if c is not block]
    texts = [t for t in texts if t]
    if not texts or any(_STOP_RE.search(compact(t)) for t in texts):
        return False
    return bool(_FUNDS_LABEL_RE.search(texts[0])) and not is_number_text(texts[0])


# A lone round letter where a funds row has its amount: a zero (〇, or a scan's O for 0), no label.
_ZERO_LIKE = frozenset({"O", "o", "Ｏ", "ｏ", "〇"})


def _amount_text(cell: Cell) -> str:
    text = text_of(cell)
    return "0" if text.strip() in _ZERO_LIKE else text


def _pairs(grid: Grid, r: int, block: Cell) -> list[tuple[Cell, Decimal | None, Cell | None]]:
    """(label cell, amount, amount cell) along a row of the funds block."""
    cells = [c for c in grid.starting_cells(r) if c is not block and text_of(c)]
    out: list[tuple[Cell, Decimal | None, Cell | None]] = []
    for i, cell in enumerate(cells):
        text = _amount_text(cell)
        if is_number_text(text):
            continue
        nxt = cells[i + 1] if i + 1 < len(cells) else None
        if nxt is not None and is_number_text(_amount_text(nxt)):
            out.append((cell, amount_of(_amount_text(nxt)), nxt))
        else:
            out.append((cell, None, None))
    return out


def _funds_name(label: str) -> str:
    return strip_qizhong(label).rstrip("：:").strip()


def _read_funds(grid: Grid, unit: str | None) -> tuple[Funds | None, Funds | None, Cell | None]:
    """(annual or only funds, midterm funds, the block cell)."""
    block, rows = _funds_rows(grid)
    if block is None:
        return None, None, None
    first = next((_pairs(grid, r, block) for r in rows if _pairs(grid, r, block)), [])
    starts: list[tuple[int, str]] = []  # (column, half) from the first row's labels
    for cell, _, _ in first:
        text = compact(text_of(cell))
        if "中期" in text:
            starts.append((cell.col, "midterm"))
        elif "年度" in text and any(h == "midterm" for _, h in starts):
            starts.append((cell.col, "annual"))
    if not starts:
        starts = [(0, "annual")]
    stacked = _stacked_funds(grid, rows, block) if len(starts) < 2 else None
    items: dict[str, list[_Entry]] = {h: [] for _, h in (stacked or starts)}
    for r in rows:
        for cell, amount, amount_cell in _pairs(grid, r, block):
            half = starts[0][1]
            for col, h in starts:
                if cell.col >= col:
                    half = h
            if stacked:
                half = next((h for row, h in reversed(stacked) if row <= r), stacked[0][1])
            name = _funds_name(text_of(cell))
            if name:
                items[half].append(_Entry(name, amount, cell, amount_cell))
    ocr = _repair_funds(items, unit)

    def funds(entries: list[_Entry]) -> Funds | None:
        if not entries:
            return None
        ti = next((i for i, e in enumerate(entries) if _TOTAL_LABEL_RE.search(e.name)), 0)
        order = [entries[ti], *(e for i, e in enumerate(entries) if i != ti)]
        rest = tuple((e.name, e.amount) for e in order[1:])
        provs = tuple(_entry_prov(e) for e in order) if ocr else ()
        return Funds(total=order[0].amount, breakdown=rest, provs=provs)

    annual = funds(items.get("annual", []))
    midterm = funds(items.get("midterm", [])) if "midterm" in items else None
    return annual, midterm, block


def _stacked_funds(grid: Grid, rows: list[int], block: Cell) -> list[tuple[int, str]] | None:
    """中期 and 年度 funds stacked in one column (中期资金总额 over its 其中 lines, then 年度资金总额
    over its own): (first row, half) of each, else None."""
    found: list[tuple[int, str]] = []
    for r in rows:
        for cell, _, _ in _pairs(grid, r, block):
            text = compact(text_of(cell))
            if _TOTAL_LABEL_RE.search(text) and ("中期" in text or "年度" in text):
                half = "midterm" if "中期" in text else "annual"
                if not found or found[-1][1] != half:
                    found.append((r, half))
    halves = [h for _, h in found]
    return found if sorted(halves) == ["annual", "midterm"] else None


@dataclass(slots=True)
class _Entry:
    """One funds item while it is read: label, amount, cells, what OCR read."""

    name: str
    amount: Decimal | None
    label_cell: Cell
    amount_cell: Cell | None
    repair: CellRepair | None = None


def _entry_prov(e: _Entry) -> Provenance:
    cell = e.amount_cell or e.label_cell
    prov = Provenance(page=cell.page, bbox=cell.bbox, confidence=cell.confidence)
    if e.repair is not None and e.repair.doubtful:
        return replace(prov, confidence=lowered_confidence(cell.confidence), repaired_from=e.repair.text)
    return prov


def _repair_funds(items: dict[str, list[_Entry]], unit: str | None) -> bool:
    """OCR-read funds (cells with a confidence) decided by the amount grammar,
    one column for the whole block (``ocr_repair.repair_column``); an
    undecided amount takes the candidate the half's 其中 sum implies
    (``settle``). A text layer is left as read. True when OCR was read."""
    entries = [e for half in items.values() for e in half]
    cells = [e for e in entries if e.amount_cell is not None]
    if not cells or all(e.amount_cell is None or e.amount_cell.confidence is None for e in cells):
        return False
    texts = [text_of(e.amount_cell) for e in cells if e.amount_cell is not None]
    for e, rep in zip(cells, repair_column(texts, max_decimals=MAX_DECIMALS.get(unit or "")), strict=True):
        e.repair, e.amount = rep, rep.value
    for half in items.values():
        if not half:
            continue
        ti = next((i for i, e in enumerate(half) if _TOTAL_LABEL_RE.search(e.name)), 0)
        total, parts = half[ti], [e for i, e in enumerate(half) if i != ti]
        sure = [e for e in parts if e.repair is None or not e.repair.doubtful]
        if total.repair is not None and parts and len(sure) == len(parts) and all(e.amount is not None for e in parts):
            total.repair = settle(total.repair, sum((e.amount for e in parts if e.amount is not None), Decimal(0)))
            total.amount = total.repair.value
        open_ = [e for e in parts if e.repair is not None and e.repair.doubtful]
        undoubted_total = total.repair is None or not total.repair.doubtful
        one_open = len(open_) == 1 and len(sure) == len(parts) - 1 and all(e.amount is not None for e in sure)
        if one_open and undoubted_total and total.amount is not None and open_[0].repair is not None:
            rest = sum((s.amount for s in sure if s.amount is not None), Decimal(0))
            open_[0].repair = settle(open_[0].repair, total.amount - rest)
            open_[0].amount = open_[0].repair.value
    return True


# --- options (checkboxes) ---------------------------------------------------------------


def _options(grid: Grid) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, Provenance], ...]]:
    """The ticked options (label, choice) and, for rows OCR read, each group's
    provenance; ``repaired_from`` holds the row as read when the ticked box
    was inferred or could not be decided (``checkboxes.read_checkboxes``)."""
    out: list[tuple[str, str]] = []
    provs: list[tuple[str, Provenance]] = []
    for r in range(grid.n_rows):
        label: str | None = None
        run: list[Cell] = []
        for cell in grid.starting_cells(r):
            text = text_of(cell)
            if not text:
                continue
            if has_checkbox(text):
                run.append(cell)
                continue
            _option_group(label, run, out, provs)
            label, run = text, []
        _option_group(label, run, out, provs)
    return tuple(out), tuple(provs)


def _option_group(
    label: str | None, run: list[Cell], out: list[tuple[str, str]], provs: list[tuple[str, Provenance]]
) -> None:
    if label is None or not run:
        return
    if all(c.confidence is None for c in run):  # a text layer: as printed
        for cell in run:
            out.extend((label, choice) for choice, checked in checkbox_choices(text_of(cell)) if checked)
        return
    read = read_checkboxes("".join(fold_width(c.text or "").strip() for c in run))
    out.extend((label, choice) for choice in read.choices)
    bbox = run[0].bbox
    for c in run[1:]:
        bbox = bbox.union(c.bbox)
    conf = min(c.confidence for c in run if c.confidence is not None)
    prov = Provenance(page=run[0].page, bbox=bbox, confidence=conf)
    if read.doubtful:
        prov = replace(prov, confidence=lowered_confidence(conf), repaired_from=read.text)
    provs.append((label, prov))


# --- the table ----------------------------------------------------------------------


_UNIT_LABEL_RE = re.compile(r"^(?:资金|金额)?单位$")


def _unit_field(grid: Grid) -> str | None:
    """A field giving the funds' unit (``资金单位 | 元``)."""
    value = value_right_of(grid, _UNIT_LABEL_RE)
    unit = strip_spaces(value) if value else None
    return unit if unit in YUAN_PER_UNIT else None


# the label of the project's name: 项目名称, 专项名称, 专项资金名称, 补助资金名称, 转移支付项目名称
_PROJECT_LABEL_RE = re.compile(r"^[\u4e00-\u9fff]{0,4}(项目|资金|专项|转移支付)名称$")


def parse_target_table(
    table: Table, context: Sequence[str] = (), attachment: int | None = None
) -> TargetTable:
    grid = build_grid(table)
    head_texts = [text_of(c) for r in range(min(2, grid.n_rows)) for c in grid.starting_cells(r)]
    kind = _kind(grid, context)
    year, printed_region = year_and_region(grid, (*context, *head_texts), regional=kind == "regional")
    region: str | None = None
    if printed_region:
        match = resolve_region(printed_region)
        region = match.canonical if match is not None else printed_region
    project = value_right_of(grid, _PROJECT_LABEL_RE)
    block, _ = _funds_rows(grid)
    unit = (cell_unit(block) if block is not None else None) or _unit_field(grid) or unit_in(context)
    annual, midterm, _ = _read_funds(grid, unit)
    options, option_provs = _options(grid)
    reading = read_indicators(grid, project=kind == "project")
    indicators = _numerals_back(reading.indicators, (*context, *(c.text for c in table.cells)))
    return TargetTable(
        attachment=attachment,
        kind=kind,
        year=year,
        region=region,
        region_as_printed=printed_region,
        project=project if project and not is_structural(project) else None,
        unit=unit,
        funds=annual or Funds(total=None),
        indicators=indicators,
        layout_repaired=reading.anomalies > 0,
        funds_midterm=midterm,
        options=options,
        page=table.page,
        option_provs=option_provs,
    )


def _numerals_back(indicators: Sequence[Indicator], evidence: Sequence[str]) -> tuple[Indicator, ...]:
    """OCR-read values with a class number read as Latin capitals (``稳定保持I类``) written with the
    Roman numeral the table prints in that phrase elsewhere (``…水质稳定保持Ⅰ类。`` in its 总体目标:
    parsers/normalize/ocr_numerals.py), what was read kept in ``repaired_from``."""
    out = []
    for ind in indicators:
        value = numerals_back(ind.value, evidence) if ind.prov.confidence is not None else ind.value
        repaired = replace(ind.prov, repaired_from=ind.prov.repaired_from or ind.value)
        out.append(ind if value == ind.value else replace(ind, value=value, target=parse_target(value), prov=repaired))
    return tuple(out)


# --- OCR repairs with the notice's other tables as evidence ------------------------------


_OPEN, _CLOSE = {"(": ")", "（": "）"}, {")": "(", "）": "（"}


def mend_bracket_widths(text: str) -> str:
    """A bracket pair OCR read in two widths (``满意度（≥**%)``: the ``)`` after ``%`` has
    no CJK beside it to fold it) takes the width of its opening bracket."""
    chars = list(text)
    stack: list[int] = []
    for i, ch in enumerate(chars):
        if ch in _OPEN:
            stack.append(i)
        elif ch in _CLOSE and stack:
            j = stack.pop()
            chars[i] = _OPEN[chars[j]]
    return "".join(chars)


def _mended(table: TargetTable) -> TargetTable:
    """OCR-read names with their bracket pairs in one width (typography, not a doubtful
    reading: no ``repaired_from``), before the names are compared across tables."""
    new = tuple(
        replace(ind, name=mend_bracket_widths(ind.name)) if ind.prov.confidence is not None else ind
        for ind in table.indicators
    )
    return table if new == table.indicators else replace(table, indicators=new)


_BARRED = {">": "≥", "<": "≤", "＞": "≥", "＜": "≤"}


def other_half_sign(value: str, name: str, period: str, siblings: Sequence[Indicator]) -> str | None:
    """A project form's value read ``>90%`` whose other half (the other period, in the same table)
    prints the same indicator with the same figure and unit behind ``≥`` (``≥90%``): OCR lost the
    bar under the sign, and the value takes the other half's sign; None otherwise. One sign that
    differs between two halves agreeing on the name, the figure and the unit is no target set
    apart: a 中期 ≥ and a 年度 > of one 满意度 figure are not printed in one form."""
    if value[:1] not in _BARRED:
        return None
    rest, barred = value[1:], _BARRED[value[0]]
    ascii_barred = {"≥": ">=", "≤": "<="}[barred]
    for other in siblings:
        if other.period == period or compact(other.name) != compact(name):
            continue
        for sign in (barred, ascii_barred):
            if other.value == sign + rest:
                return sign + rest
    return None


def _repaired_indicator(
    ind: Indicator, names: Sequence[str], values: dict[str, list[str]], siblings: Sequence[Indicator] = ()
) -> Indicator:
    if ind.prov.confidence is None:
        return ind  # a text layer is read as printed
    name = repair_by_peers(ind.name, names) or ind.name
    value = value_specks_off(ind.value)  # as read, a speck after it aside (parsers/ocr_specks.py);
    # a printed >= stays >= (CONTRACT: text values as printed)
    # a lone 0 among peers' ≥2个 is a zero target, not a ≥ OCR lost: ≥0 would say nothing
    zero = parse_target(value).number == 0
    fixed = None if zero else (
        repair_comparator(value, values.get(compact(name), []))
        or other_half_sign(value, name, ind.period, siblings)
        or column_sign(value, [s.value for s in siblings])  # the table's other values (parsers/normalize/ocr_signs.py)
    )
    printed = [t for t, new in ((ind.name, name), (ind.value, fixed or value)) if new is not None and new != t]
    if not printed:
        return ind if value == ind.value else replace(ind, value=value)
    value = fixed or value
    return replace(
        ind,
        name=name,
        value=value,
        target=parse_target(value),
        prov=replace(ind.prov, repaired_from=" ".join(printed)),
    )


def repair_ocr_indicators(tables: tuple[TargetTable, ...]) -> tuple[TargetTable, ...]:
    """Indicators OCR read wrong, repaired from the same indicator in the
    notice's other tables (see the module docstring); text-layer ones untouched."""
    tables = tuple(_mended(t) for t in tables)
    out: list[TargetTable] = []
    for ti, table in enumerate(tables):
        others = [t for i, t in enumerate(tables) if i != ti]
        names = [ind.name for t in others for ind in t.indicators]
        values: dict[str, list[str]] = {}
        for t in others:
            for ind in t.indicators:
                values.setdefault(compact(ind.name), []).append(ind.value)
        new = tuple(_repaired_indicator(ind, names, values, table.indicators) for ind in table.indicators)
        out.append(table if new == table.indicators else replace(table, indicators=new))
    return tuple(out)


def repair_target_tables(tables: tuple[TargetTable, ...]) -> tuple[TargetTable, ...]:
    """Within one notice: OCR repairs from the other tables, then the
    cross-table 一级/二级 consensus (``target_hierarchy.repair_target_tables``),
    then the levels of tables that print none (``levels_from_names``)."""
    return tuple(levels_from_names(t) for t in repair_hierarchy(repair_ocr_indicators(tables)))
