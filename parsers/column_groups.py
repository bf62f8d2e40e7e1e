"""Side-by-side column groups (``单位 金额 | 单位 金额 | 单位 金额``).

Tables printed to save paper repeat their columns two or three times across
the page. Read as one wide table the pairs are wrong; read as groups they
are one list of rows, top to bottom then left to right (a group is read
down over every page the table covers before the next group).

Detection is geometry plus vocabulary: the header (every row above the first
number) repeats with a period ``p`` (optionally with one empty gutter column
between groups): each column of a group has the same header path (one
character may differ, as OCR reads it), the same
offset inside its merged cell and the same span as the matching column of
every other group, no header cell crosses a group boundary, and each group
holds a recipient column (单位/地区/名称 …, or a column of row labels under a
header the vocabulary does not know: 学校) and a column of numbers.

Unfolding keeps every cell as printed (text, bbox, page: provenance is
unchanged); the empty trailing cells of the last group are not rows; a body
row printed across the whole width (a 合计 spanning the groups) stays at the
top or the bottom where it was printed.
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers.allocation_header import find_header
from parsers.normalize.rules import column_role
from parsers.table_vocab import is_name_header
from parsers.tablegrid import Grid, build_grid, compact, is_number_text, text_of
from pipeline.core.model import Cell, Table
from pipeline.core.textnorm import one_edit_apart


@dataclass(frozen=True, slots=True)
class ColumnGroups:
    """``count`` groups of ``width`` columns, ``stride`` apart (width or width+1)."""

    width: int
    stride: int
    count: int
    first_body_row: int

    def columns(self, g: int) -> range:
        return range(g * self.stride, g * self.stride + self.width)


def _signature(grid: Grid, rows: tuple[int, ...], c: int) -> tuple[tuple[str, int, int], ...]:
    out: list[tuple[str, int, int]] = []
    for r in rows:
        cell = grid.at(r, c)
        if cell is None:
            out.append(("", 0, 1))
        else:
            out.append((compact(text_of(cell)), c - cell.col, cell.colspan))
    return tuple(out)


def _same_text(a: str, b: str) -> bool:
    """Equal, or one character apart in a header of two or more (OCR misread
    one character of one group's header: 金额 / 金頫)."""
    return a == b or (min(len(a), len(b)) >= 2 and one_edit_apart(a, b))


def _same_header(a: tuple[tuple[str, int, int], ...], b: tuple[tuple[str, int, int], ...]) -> bool:
    return len(a) == len(b) and all(
        x[1:] == y[1:] and _same_text(x[0], y[0]) for x, y in zip(a, b, strict=True)
    )


def _column_empty(grid: Grid, c: int) -> bool:
    return all(
        (cell := grid.at(r, c)) is None or cell.col != c or not text_of(cell)
        for r in range(grid.n_rows)
    )


def detect_column_groups(grid: Grid) -> ColumnGroups | None:
    """The smallest repetition of the header across the table, or None."""
    if grid.n_cols < 4:
        return None
    header = find_header(grid)
    rows = header.header_rows
    if not rows or header.first_body_row >= grid.n_rows:
        return None
    sigs = [_signature(grid, rows, c) for c in range(grid.n_cols)]
    for width in range(2, grid.n_cols // 2 + 1):
        for gap in (0, 1):
            stride = width + gap
            if (grid.n_cols + gap) % stride:
                continue
            count = (grid.n_cols + gap) // stride
            if count < 2:
                continue
            groups = ColumnGroups(width, stride, count, header.first_body_row)
            if _repeats(grid, sigs, groups) and _each_group_reads(grid, groups, rows):
                return groups
    return None


def _repeats(grid: Grid, sigs: list[tuple[tuple[str, int, int], ...]], g: ColumnGroups) -> bool:
    for j in range(g.width):
        first = sigs[j]
        # a header cell must lie inside its group
        if any(off > j or j - off + span > g.width for _, off, span in first):
            return False
        if any(not _same_header(sigs[k * g.stride + j], first) for k in range(1, g.count)):
            return False
    gutters = [k * g.stride + g.width for k in range(g.count - 1)] if g.stride > g.width else []
    return all(_column_empty(grid, c) for c in gutters)


def _each_group_reads(grid: Grid, g: ColumnGroups, rows: tuple[int, ...]) -> bool:
    """A group has a named recipient column and a column with numbers."""
    heads = [
        "".join(dict.fromkeys(text_of(c) for r in rows if (c := grid.at(r, j)) is not None))
        for j in g.columns(0)
    ]
    if sum(1 for h in heads if h) < 2:
        return False
    if not any(is_name_header(h) or column_role(h) == "region" for h in heads) and not any(
        _labels_in_every_group(grid, g, j) for j in range(g.width)
    ):
        return False
    for k in range(g.count):
        numeric = any(
            is_number_text(grid.own_text(r, c))
            for c in g.columns(k)
            for r in range(g.first_body_row, grid.n_rows)
        )
        if k == 0 and not numeric:
            return False
    return True


def _labels_in_every_group(grid: Grid, g: ColumnGroups, j: int) -> bool:
    """Column ``j`` of every group holds row labels (text, not numbers) under a header the
    vocabulary does not know (学校, 医院): a recipient column by what it holds."""
    for k in range(g.count):
        c = g.columns(k)[j]
        texts = [t for r in range(g.first_body_row, grid.n_rows) if (t := grid.own_text(r, c))]
        if k == 0 and not texts:
            return False
        if texts and sum(1 for t in texts if not is_number_text(t)) * 2 <= len(texts):
            return False
    return True


def unfold_column_groups(table: Table) -> Table:
    """The table with its column groups stacked (unchanged when there are none)."""
    grid = build_grid(table)
    groups = detect_column_groups(grid)
    if groups is None:
        return table
    return _unfold(grid, groups)


def _crosses(grid: Grid, r: int, g: ColumnGroups) -> bool:
    """A body row printed across the group boundary (合计 spanning the groups)."""
    return any(
        cell.col < g.width and cell.col + cell.colspan > g.stride for cell in grid.starting_cells(r)
    )


def _row_has_text(grid: Grid, r: int, cols: range) -> bool:
    return any((cell := grid.at(r, c)) is not None and text_of(cell) for c in cols)


def _unfold(grid: Grid, g: ColumnGroups) -> Table:
    body = list(range(g.first_body_row, grid.n_rows))
    wide = [r for r in body if _crosses(grid, r, g)]
    narrow = [r for r in body if r not in wide]
    first_narrow = narrow[0] if narrow else grid.n_rows
    top = [r for r in wide if r < first_narrow]
    bottom = [r for r in wide if r > first_narrow]
    # one run over every page: a group is read down to its last row, then the next group
    # (top to bottom, then left to right), however the table breaks across pages
    segments: list[list[int]] = [narrow] if narrow else []
    # (source row, group) in reading order
    order: list[tuple[int, int]] = [(r, 0) for r in range(g.first_body_row)]
    order += [(r, 0) for r in top]
    for seg in segments:
        for k in range(g.count):
            cols = g.columns(k)
            order += [(r, k) for r in seg if _row_has_text(grid, r, cols)]
    order += [(r, 0) for r in bottom]
    new_row = {key: i for i, key in enumerate(order)}
    cells: list[Cell] = []
    for (r, k), i in new_row.items():
        base = k * g.stride
        for cell in grid.starting_cells(r):
            if not base <= cell.col < base + g.width:
                continue
            # rows kept under a merged cell (an emptied row may drop out)
            span = sum(1 for rr in range(r, r + cell.rowspan) if (rr, k) in new_row)
            cells.append(
                Cell(
                    row=i,
                    col=cell.col - base,
                    text=cell.text,
                    bbox=cell.bbox,
                    page=cell.page,
                    rowspan=max(span, 1),
                    colspan=min(cell.colspan, base + g.width - cell.col),
                    confidence=cell.confidence,
                )
            )
    t = grid.table
    return Table(
        cells=tuple(cells),
        n_rows=len(order),
        n_cols=g.width,
        bbox=t.bbox,
        page=t.page,
        pages=t.pages,
    )
