"""A 绩效目标表 with the regions as columns (区域目标值 over 新罗区 | 永定区 | …).

One printed table holds the targets of several regions: the indicator rows
(一级 / 二级 / 三级指标, 指标解释) are shared and a header cell of target-value
words (区域目标值, 指标值, 目标值) spans one column per region, the regions
named in the header row under it. Structure decides: every name under the
spanning cell must read as an administrative division, and at least half of
them resolve to one (some names are ambiguous alone: 永定区) or are townships'
names (保基乡, 城关镇: below the county table, named by their shape).

Each region column becomes one regional ``TargetTable``: the table without
the other regions' columns and without the row of names, read by the
ordinary target-table parser, then given that region. The funds printed
above cover the regions together, so no region is given a funds total.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from parsers.money_targets import drop_columns, keep_rows
from parsers.table_vocab import is_explanation_header
from parsers.tablegrid import Grid, build_grid, compact, text_of
from parsers.target_columns import is_value_header
from parsers.targets import parse_target_table
from pipeline.core.divisions import resolve_region
from pipeline.core.model import Funds, Table, TargetTable

# a division's name (永定区 is one though it names two places in China: it need not resolve alone)
_REGION_NAME_RE = re.compile(r".{1,12}(省|自治区|市|州|盟|地区|县|区|旗|镇|乡|街道|本级)")
_TOWNSHIP_RE = re.compile(r"[\u4e00-\u9fff]{1,8}(?:乡|镇|街道)")


def region_columns(grid: Grid) -> tuple[int, dict[int, str]] | None:
    """(the row of region names, grid column -> region name as printed), or None."""
    for cell in grid.table.cells:
        if cell.colspan < 2 or not is_value_header(compact(text_of(cell))):
            continue
        names_row = cell.row + cell.rowspan
        if names_row >= grid.n_rows:
            continue
        names: dict[int, str] = {}
        for c in range(cell.col, cell.col + cell.colspan):
            text = grid.own_text(names_row, c)
            if not text or not _REGION_NAME_RE.fullmatch(text):
                return None
            names[c] = text
        # a county-level name resolves; a township (保基乡, 城关镇, 南街街道) is below GB/T 2260's
        # table, its shape is the evidence
        known = sum(1 for t in names.values() if resolve_region(t) is not None or _TOWNSHIP_RE.fullmatch(t))
        if len(names) >= 2 and known * 2 >= len(names):
            return names_row, names
    return None


def without_explanations(table: Table) -> Table:
    """The table without its explanation columns (指标解释, 指标说明 …: text
    about an indicator, never its name or value), found in the header row of
    the indicator block by the vocabulary."""
    grid = build_grid(table)
    drop = sorted(
        {
            c
            for cell in table.cells
            if is_explanation_header(text_of(cell)) and _in_indicator_header(grid, cell.row)
            for c in range(cell.col, cell.col + cell.colspan)
        }
    )
    return drop_columns(table, drop) if drop else table


def _in_indicator_header(grid: Grid, r: int) -> bool:
    words = {compact(grid.own_text(r, c)) for c in range(grid.n_cols)}
    return "三级指标" in words or "指标名称" in words


def split_target_matrix(
    table: Table, context: Sequence[str], attachment: int | None
) -> tuple[TargetTable, ...]:
    """One regional target table per region column (() when the table has none)."""
    grid = build_grid(table)
    found = region_columns(grid)
    if found is None:
        return ()
    names_row, names = found
    out: list[TargetTable] = []
    for col, printed in names.items():
        others = [c for c in names if c != col]
        narrow = drop_columns(table, others)
        sub = keep_rows(narrow, [r for r in range(table.n_rows) if r != names_row])
        read = parse_target_table(without_explanations(sub), context, attachment)
        match = resolve_region(printed)
        out.append(
            replace(
                read,
                kind="regional",
                region=match.canonical if match is not None else printed,
                region_as_printed=printed,
                funds=Funds(total=None),
            )
        )
    return tuple(out)
