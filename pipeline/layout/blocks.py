"""Blocks in reading order across pages: lines and tables, minus page furniture.

    page_blocks(page) -> list[Block]            one page, top to bottom
    is_page_number(line, height) -> bool         页码 such as ``— 1 —``
    drop_running_lines(pages) -> pages           running headers / footers
    merge_continued_tables(blocks) -> blocks     续表 across a page break
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from pipeline.layout.lines import group_lines
from pipeline.layout.tables import reconstruct_tables
from pipeline.model import Block, Line, Page, Table

_DASH = r"[\s\-—–－一~～_]*"
PAGE_NUMBER = re.compile(
    rf"^(?:{_DASH}\d{{1,4}}{_DASH}"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})$"
)
FOOT_ZONE = 0.88  # a page number's centre lies below this share of the height
HEAD_ZONE = 0.07  # ... or above this one
RUNNING_TOP = 0.08
RUNNING_BOTTOM = 0.93
RUNNING_MIN_PAGES = 3
COLUMN_TOLERANCE = 3.0  # points between matching column edges of a 续表


def page_blocks(page: Page) -> list[Block]:
    """A page's tables and free lines, top to bottom."""
    tables, free = reconstruct_tables(page)
    lines = [ln for ln in group_lines(free, page.page) if not is_page_number(ln, page.height)]
    pending = sorted(tables, key=lambda t: t.bbox.top)
    out: list[Block] = []
    for line in lines:
        while pending and pending[0].bbox.top <= line.bbox.top:
            out.append(pending.pop(0))
        out.append(line)
    out.extend(pending)
    return out


def is_page_number(line: Line, height: float) -> bool:
    """A page number line in the head or foot margin."""
    in_margin = line.bbox.cy >= FOOT_ZONE * height or line.bbox.cy <= HEAD_ZONE * height
    return in_margin and PAGE_NUMBER.match(line.text.strip()) is not None


def _running_key(line: Line) -> str:
    return re.sub(r"\s+", "", line.text)


def drop_running_lines(
    pages: Sequence[list[Block]], heights: Sequence[float]
) -> list[list[Block]]:
    """Remove header/footer lines repeated in the margins of many pages.

    A line counts when its text recurs in the top or bottom margin of at
    least three pages and half of all pages; ``附件…`` headings are kept.
    """
    def in_margin(block: Block, height: float) -> bool:
        return isinstance(block, Line) and (
            block.bbox.bottom <= RUNNING_TOP * height or block.bbox.top >= RUNNING_BOTTOM * height
        )

    counts: Counter[str] = Counter()
    for blocks, height in zip(pages, heights, strict=True):
        keys = {_running_key(b) for b in blocks if isinstance(b, Line) and in_margin(b, height)}
        counts.update(keys)
    need = max(RUNNING_MIN_PAGES, (len(pages) + 1) // 2)
    running = {k for k, n in counts.items() if n >= need and k and not k.startswith("附件")}
    if not running:
        return [list(b) for b in pages]
    return [
        [
            b
            for b in blocks
            if not (isinstance(b, Line) and in_margin(b, height) and _running_key(b) in running)
        ]
        for blocks, height in zip(pages, heights, strict=True)
    ]


def column_edges(table: Table) -> tuple[float, ...]:
    """x of each column edge (n_cols + 1 values), from the cells on its first page."""
    edges: dict[int, float] = {}
    for cell in table.cells:
        if cell.page != table.page:
            continue
        edges.setdefault(cell.col, cell.bbox.x0)
        edges.setdefault(cell.col + cell.colspan, cell.bbox.x1)
    return tuple(edges[i] for i in sorted(edges))


def columns_match(a: Table, b: Table, tol: float = COLUMN_TOLERANCE) -> bool:
    ea, eb = column_edges(a), column_edges(b)
    return (
        a.n_cols == b.n_cols
        and len(ea) == len(eb) == a.n_cols + 1
        and all(abs(x - y) <= tol for x, y in zip(ea, eb, strict=True))
    )


def repeated_header_rows(first: Table, second: Table) -> int:
    """How many leading rows of ``second`` repeat ``first``'s header rows."""
    g1, g2 = first.grid(), second.grid()
    k = 0
    while k < min(len(g1), len(g2) - 1) and g1[k] == g2[k] and any(g1[k]):
        k += 1
    while k > 0 and any(
        c.row < k < c.row + c.rowspan for c in second.cells
    ):  # a merged cell crosses the cut: keep it whole
        k -= 1
    return k


def merge_tables(first: Table, second: Table) -> Table:
    """``second`` appended below ``first``, its repeated header rows dropped."""
    skip = repeated_header_rows(first, second)
    offset = first.n_rows - skip
    moved = tuple(replace(c, row=c.row + offset) for c in second.cells if c.row >= skip)
    pages = first.pages or (first.page,)
    return Table(
        cells=first.cells + moved,
        n_rows=first.n_rows + second.n_rows - skip,
        n_cols=first.n_cols,
        bbox=first.bbox,
        page=first.page,
        pages=pages + tuple(p for p in (second.pages or (second.page,)) if p not in pages),
    )


def merge_continued_tables(pages: Sequence[list[Block]]) -> list[Block]:
    """Flatten pages into one block list, joining tables continued on the next page.

    A table ending a page continues when the next page starts with a table
    (no line before it) whose column edges match.
    """
    out: list[Block] = []
    for blocks in pages:
        for index, block in enumerate(blocks):
            prev = out[-1] if out else None
            if (
                index == 0
                and isinstance(block, Table)
                and isinstance(prev, Table)
                and block.page == max(prev.pages or (prev.page,)) + 1
                and columns_match(prev, block)
            ):
                out[-1] = merge_tables(prev, block)
            else:
                out.append(block)
    return out
