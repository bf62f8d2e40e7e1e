"""OCR: a 续表's first row takes the column rules its first page prints and its scan lost.

A row cut by a page break (no rule along the first part's bottom, none along
the second part's top) continues cell by cell on the next page, so the part
on the next page has the first part's columns. On a photographed or light
scan one of its column rules may not be found; the reading flow then gives
one OCR box for two cells (``入园企业满意度>90%`` over an indicator's name
and its value), and the joined row loses a column.

``borrowed_columns(pages, per_page)`` puts such a lost rule back: when an OCR
page starts with a table whose column edges are a subset of the edges of the
table ending the page before (``blocks.shared_edges``, after the scanner's
shift, ``blocks.scan_shift``), and the break cut a row, each missing edge is
added as a column rule through the continuation's first row only (later rows
are whole rows of the page and print their own merged cells), and the page's
blocks are read again (a box crossing the rule is cut there, ``tables.fill_cells``).

Text-layer pages are never touched.

    pages, per_page = borrowed_columns(pages, per_page)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pipeline.core.model import Block, Page, Ruling, Table
from pipeline.layout.blocks import (
    COLUMN_TOLERANCE,
    column_edges,
    edge_is_ruled,
    page_blocks,
    scan_shift,
    shared_edges,
)

__all__ = ["borrowed_columns", "lost_edges"]


def lost_edges(first: Table, second: Table) -> tuple[float, ...]:
    """x (on ``second``'s page) of the column edges of ``first`` that ``second`` lacks, when
    ``second``'s edges are a subset of ``first``'s; () otherwise."""
    shift = scan_shift(first, second)
    edges = shared_edges(first, second, shift=shift)
    own = column_edges(second)
    if edges is None or len(edges) <= len(own) or len(edges) != first.n_cols + 1:
        return ()
    return tuple(
        x - shift for x in edges if not any(abs(x - shift - y) <= COLUMN_TOLERANCE for y in own)
    )


def _row_cut(first: Table, prev_page: Page, second: Table, page: Page) -> bool:
    """No rule along the first part's bottom on its page, none along the second's top."""
    bottom = max(c.bbox.bottom for c in first.cells if c.page == prev_page.page)
    x0, x1 = second.bbox.x0, second.bbox.x1
    return not edge_is_ruled(prev_page, bottom, x0, x1) and not edge_is_ruled(page, second.bbox.top, x0, x1)


def _first_row_bottom(table: Table) -> float | None:
    bottoms = [c.bbox.bottom for c in table.cells if c.row == 0 and c.rowspan == 1]
    return min(bottoms) if bottoms else None


def _continuation(prev: Sequence[Block], blocks: Sequence[Block]) -> tuple[Table, Table] | None:
    if not prev or not blocks:
        return None
    first, second = prev[-1], blocks[0]
    if not isinstance(first, Table) or not isinstance(second, Table):
        return None
    if second.page != max(first.pages or (first.page,)) + 1:
        return None
    return first, second


def borrowed_columns(
    pages: Sequence[Page], per_page: Sequence[list[Block]]
) -> tuple[list[Page], list[list[Block]]]:
    """``pages`` and their blocks, an OCR 续表's first row given the column rules it lost."""
    out_pages, out_blocks = list(pages), [list(b) for b in per_page]
    for k in range(1, len(out_pages)):
        page = out_pages[k]
        if page.text_source != "ocr":
            continue
        pair = _continuation(out_blocks[k - 1], out_blocks[k])
        if pair is None:
            continue
        first, second = pair
        missing = lost_edges(first, second)
        bottom = _first_row_bottom(second)
        if not missing or bottom is None or not _row_cut(first, out_pages[k - 1], second, page):
            continue
        rules = tuple(Ruling(x, second.bbox.top, x, bottom) for x in missing)
        out_pages[k] = replace(page, rulings=(*page.rulings, *rules))
        out_blocks[k] = page_blocks(out_pages[k])
    return out_pages, out_blocks
