"""The long shape of a money-and-targets table (parsers/money_targets.py): where each recipient's
block of target lines starts and ends.

- ``clipped_to_recipients``: a recipient's own cells (amount, task) never run past the row where the
  next recipient (or the 合计) starts;
- ``named_again``: rows that print the previous recipient's name again over the rest of its block
  after a page break;
- ``block_end``: the end of a recipient's target lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from parsers.allocation_header import Header
from parsers.tablegrid import Grid, compact, text_of
from pipeline.core.model import Cell, Table

__all__ = ["block_end", "clipped_to_recipients", "named_again"]


def clipped_to_recipients(table: Table, name_col: int, long: Sequence[int], body: int) -> Table:
    """A recipient's own cells (amount, task) merged past the row where the next recipient (or the
    合计) starts are clipped there: a blank cell at the top of the next page read as the rest of the
    task merged above it is the 合计's own empty cell."""
    starts = sorted({c.row for c in table.cells if c.col == name_col and c.row >= body and c.text.strip()})
    cells: list[Cell] = []
    for cell in table.cells:
        end = cell.row + cell.rowspan
        nxt = next((r for r in starts if r > cell.row), None)
        if cell.col != name_col and cell.col not in long and cell.row >= body and nxt is not None and end > nxt:
            cell = replace(cell, rowspan=nxt - cell.row)
        cells.append(cell)
    return replace(table, cells=tuple(cells))


def named_again(grid: Grid, header: Header, long: Sequence[int], name_col: int) -> frozenset[int]:
    """Rows that print the previous recipient's name again and nothing else outside the indicator
    block (no amount): its block continued after a page break, not a new recipient."""
    others = [c for c in range(grid.n_cols) if c not in long and c != name_col]
    out: set[int] = set()
    last = ""
    for r in range(header.first_body_row, grid.n_rows):
        name = grid.own_text(r, name_col)
        if not name or _repeats_header(grid, header, r):
            continue
        if (
            name == last
            and not any(grid.own_text(r, c) for c in others)
            and any(grid.own_text(r, c) for c in long)
        ):
            out.add(r)
        last = name
    return frozenset(out)


def block_end(
    grid: Grid, header: Header, end: int, long: Sequence[int], again: frozenset[int] = frozenset()
) -> int:
    """The end of a recipient's indicator rows: past ``end`` while a row continues the block
    (text in the indicator columns only: the recipient and amount cells left blank, not merged;
    or the recipient named ``again``, perhaps under the header printed again)."""
    others = [c for c in range(grid.n_cols) if c not in long]
    while end < grid.n_rows and (
        (
            (end in again or not any(grid.own_text(end, c) for c in others))
            and any(grid.own_text(end, c) for c in long)
        )
        or (_repeats_header(grid, header, end) and end + 1 in again)
    ):
        end += 1
    return end


def _repeats_header(grid: Grid, header: Header, r: int) -> bool:
    """Row ``r`` prints the header again (a page break the layout did not join it over)."""
    texts = {compact(text_of(c)) for c in grid.starting_cells(r) if text_of(c)}
    heads = {compact(text_of(c)) for h in header.header_rows for c in grid.starting_cells(h) if text_of(c)}
    return len(texts) >= 2 and texts <= heads
