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

The other way round, a part printed without column rules (a 三线表, columns read
from its text, ``unruled``) whose page glued two columns' figures into one OCR
box on every row (``54,126,921.001,537,050.00``) has no gap there and loses the
column its continuation on the next page shows. When the part before an OCR
continuation has a subset of its edges and neither part prints a column rule,
that part is cut again at the continuation's edges, its rows kept (``recut_ocr``:
the OCR twin of ``unruled.recut``, which refuses a text-layer part whose figures
would straddle an edge; here a glued box is cut, where one amount ends:
``tables.split_box``).

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
from pipeline.layout.ocr_scale import scaled_page
from pipeline.layout.tables import reconstruct_tables

__all__ = ["borrowed_columns", "lost_edges", "recut_ocr"]


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


def _column_rules(page: Page, table: Table) -> bool:
    """Whether ``page`` prints a column rule inside ``table`` (its sides aside)."""
    box = table.bbox
    return any(
        not r.is_horizontal and box.x0 + COLUMN_TOLERANCE < r.x0 < box.x1 - COLUMN_TOLERANCE
        and r.top < box.bottom and r.bottom > box.top
        for r in page.rulings
    )


def recut_ocr(page: Page, table: Table, edges: Sequence[float]) -> Table | None:
    """``table`` (on the OCR ``page``) cut again at the column ``edges``, its rows kept: one
    rule along every row boundary, one down every edge, its boxes cut where they cross one."""
    ys = sorted({c.bbox.top for c in table.cells} | {c.bbox.bottom for c in table.cells})
    x0, x1 = min(edges[0], table.bbox.x0), max(edges[-1], table.bbox.x1)
    rulings = (*(Ruling(x0, y, x1, y) for y in ys), *(Ruling(x, ys[0], x, ys[-1]) for x in (x0, *edges[1:-1], x1)))
    inside = tuple(b for b in page.boxes if table.bbox.contains_point(b.bbox.cx, b.bbox.cy))
    found, rest = reconstruct_tables(replace(page, boxes=inside, rulings=rulings))
    return found[0] if len(found) == 1 and not rest else None


def _recut_before(first: Table, prev_page: Page, second: Table, page: Page) -> Table | None:
    """``first`` cut again at ``second``'s edges when it lacks some and neither prints column rules."""
    if prev_page.text_source != "ocr" or not lost_edges(second, first):
        return None
    if _column_rules(prev_page, first) or _column_rules(page, second):
        return None
    shift = scan_shift(first, second)
    return recut_ocr(prev_page, first, tuple(x + shift for x in column_edges(second)))


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
    """``pages`` and their blocks, an OCR 续表's page scaled onto the page before when it was
    photographed a little closer (``ocr_scale.scaled_page``), its first row given the column rules
    it lost, or the part before it cut at its columns."""
    out_pages, out_blocks = list(pages), [list(b) for b in per_page]
    for k in range(1, len(out_pages)):
        page = out_pages[k]
        if page.text_source != "ocr":
            continue
        pair = _continuation(out_blocks[k - 1], out_blocks[k])
        if pair is None:
            continue
        first, second = pair
        scaled = scaled_page(first, second, page)  # a photograph taken a little closer (ocr_scale.py)
        if scaled is not None:
            page = out_pages[k] = scaled
            out_blocks[k] = page_blocks(page)
            pair = _continuation(out_blocks[k - 1], out_blocks[k])
            if pair is None:
                continue
            first, second = pair
        before = _recut_before(first, out_pages[k - 1], second, page)
        if before is not None:
            out_blocks[k - 1] = [*out_blocks[k - 1][:-1], before]
            continue
        missing = lost_edges(first, second)
        bottom = _first_row_bottom(second)
        if not missing or bottom is None or not _row_cut(first, out_pages[k - 1], second, page):
            continue
        rules = tuple(Ruling(x, second.bbox.top, x, bottom) for x in missing)
        out_pages[k] = replace(page, rulings=(*page.rulings, *rules))
        out_blocks[k] = page_blocks(out_pages[k])
    return out_pages, out_blocks
