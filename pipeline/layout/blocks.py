"""Blocks in reading order across pages: lines and tables, minus page furniture.

    page_blocks(page) -> list[Block]            one page, top to bottom
    is_page_number(line, height) -> bool         页码 such as ``— 1 —``
    drop_running_lines(pages) -> pages           running headers / footers
    merge_continued_tables(blocks) -> blocks     续表 across a page break
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from difflib import SequenceMatcher

from pipeline.core.model import Block, Cell, Line, Page, Table
from pipeline.layout.blanks import fill_in_blanks
from pipeline.layout.lines import group_lines
from pipeline.layout.tables import reconstruct_tables
from pipeline.layout.text import join_cell_lines
from pipeline.layout.text_rows import is_number
from pipeline.layout.unruled import reconstruct_unruled_tables, recut

_DASH = r"[\s\-—–－一~～_]*"
PAGE_NUMBER = re.compile(
    rf"^(?:[.·•]?{_DASH}[.·•]?\d{{1,4}}{_DASH}"  # a speck before — 3 — (or before its figure: -.5-) reads as a dot
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})$"
)
FOOT_ZONE = 0.88  # a page number's centre lies below this share of the height
HEAD_ZONE = 0.07  # ... or above this one
RUNNING_TOP = 0.08
RUNNING_BOTTOM = 0.93
RUNNING_MIN_PAGES = 3
HEADER_SIMILARITY = 0.8  # a repeated header cell read by OCR may differ a little
COLUMN_TOLERANCE = 3.0  # points between matching column edges of a 续表


def page_blocks(page: Page) -> list[Block]:
    """A page's tables and free lines, top to bottom."""
    ruled, free = reconstruct_tables(page)
    unruled, free = reconstruct_unruled_tables(page, free)
    tables = ruled + unruled
    free = (*free, *fill_in_blanks(page, free, tables))  # OCR: a blank underline (______区财政局：)
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
    # NFKC: OCR reads a small 1 as a superscript (-¹-)
    return in_margin and PAGE_NUMBER.match(unicodedata.normalize("NFKC", line.text).strip()) is not None


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


def shared_edges(
    a: Table, b: Table, tol: float = COLUMN_TOLERANCE, shift: float = 0.0
) -> tuple[float, ...] | None:
    """The finer column edges when one table's edges are a subset of the other's.

    Both must have the same outer edges; a column split on one page (a
    vertical rule present only in some rows) may be missing on the other.
    None when the columns do not match. ``shift`` is added to ``b``'s edges (a
    scanned page lying further left or right than the one before, ``scan_shift``).
    """
    ea, eb = column_edges(a), tuple(x + shift for x in column_edges(b))
    if len(ea) != a.n_cols + 1 or len(eb) != b.n_cols + 1 or len(ea) < 2 or len(eb) < 2:
        return None
    if abs(ea[0] - eb[0]) > tol or abs(ea[-1] - eb[-1]) > tol:
        return None
    small, big = sorted((ea, eb), key=len)
    if not all(any(abs(x - y) <= tol for y in big) for x in small):
        return None
    return big


MAX_SCAN_SHIFT = 40.0  # points a scanned page may lie off the one before it (feeder, hand placement)


def scan_shift(a: Table, b: Table, tol: float = COLUMN_TOLERANCE) -> float:
    """How far ``b``'s page lies left of ``a``'s when both are scans (OCR cells) whose outer
    column edges are off by one same amount (the scanner shifted the whole page): added to
    ``b``'s edges it aligns the two parts of a 续表. 0 for text-layer pages."""
    if not any(c.confidence is not None for c in a.cells) or not any(c.confidence is not None for c in b.cells):
        return 0.0
    ea, eb = column_edges(a), column_edges(b)
    if len(ea) < 2 or len(eb) < 2:
        return 0.0
    left, right = ea[0] - eb[0], ea[-1] - eb[-1]
    if abs(left - right) > tol or abs(left) > MAX_SCAN_SHIFT:
        return 0.0
    return (left + right) / 2


def columns_match(a: Table, b: Table, tol: float = COLUMN_TOLERANCE) -> bool:
    return shared_edges(a, b, tol) is not None


def _nearest(values: Sequence[float], x: float) -> int:
    return min(range(len(values)), key=lambda i: abs(values[i] - x))


def regrid(table: Table, edges: Sequence[float]) -> Table:
    """``table`` with its columns mapped onto the (finer) column ``edges``."""
    own = column_edges(table)
    index = [_nearest(edges, x) for x in own]
    if index == list(range(len(edges))):
        return table
    cells = tuple(
        replace(c, col=index[c.col], colspan=index[c.col + c.colspan] - index[c.col])
        for c in table.cells
    )
    return replace(table, cells=cells, n_cols=len(edges) - 1)


def fill_gaps(table: Table) -> Table:
    """``table`` with an empty cell at every grid position no cell covers (a lone 合计 row of an
    unruled table, put on the first part's finer grid, leaves its outer columns bare)."""
    covered = {(r, k) for c in table.cells for r in range(c.row, c.row + c.rowspan)
               for k in range(c.col, c.col + c.colspan)}
    missing = [(r, k) for r in range(table.n_rows) for k in range(table.n_cols) if (r, k) not in covered]
    if not missing:
        return table
    row_box = {c.row: c.bbox for c in table.cells}
    extra = tuple(
        Cell(row=r, col=k, text="", bbox=row_box.get(r, table.bbox), page=table.page) for r, k in missing
    )
    return replace(table, cells=tuple(sorted(table.cells + extra, key=lambda c: (c.row, c.col))))


def rows_alike(a: Sequence[str], b: Sequence[str], ratio: float = HEADER_SIMILARITY) -> bool:
    """Same row text, allowing a few OCR misreadings (whitespace ignored)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        x, y = re.sub(r"\s+", "", x), re.sub(r"\s+", "", y)
        if x != y and (not x or not y or SequenceMatcher(None, x, y).ratio() < ratio):
            return False
    return True


def repeated_header_rows(first: Table, second: Table) -> int:
    """How many leading rows of ``second`` repeat ``first``'s header rows."""
    g1, g2 = first.grid(), second.grid()
    k = 0
    while k < min(len(g1), len(g2) - 1) and rows_alike(g1[k], g2[k]) and any(g1[k]):
        k += 1
    while k > 0 and any(
        c.row < k < c.row + c.rowspan for c in second.cells
    ):  # a merged cell crosses the cut: keep it whole
        k -= 1
    return k


def edge_is_ruled(page: Page, y: float, x0: float, x1: float, tol: float = 2.0) -> bool:
    """Whether horizontal rulings at ``y`` cover at least half of [x0, x1]."""
    covered = sum(
        max(0.0, min(r.x1, x1) - max(r.x0, x0))
        for r in page.rulings
        if r.is_horizontal and abs((r.top + r.bottom) / 2 - y) <= tol
    )
    return covered >= 0.5 * (x1 - x0)


def _join_text(a: str, b: str) -> str:
    return join_cell_lines([a, b])


def _min_conf(a: float | None, b: float | None) -> float | None:
    values = [v for v in (a, b) if v is not None]
    return min(values) if values else None


def _continue_cells(
    first: Table, second: Table, split_row: bool
) -> tuple[dict[int, Cell], set[int]] | None:
    """Cells of ``first`` extended by the top cells of ``second`` that continue them.

    With ``split_row`` (a row cut by the page break) every top cell of
    ``second`` continues the cell above it, or the join is refused (None);
    otherwise only empty top cells under a vertically merged, non-empty cell
    do. Returns {index in first.cells: extended cell} and the indices of the
    consumed cells of ``second``.
    """
    last = first.n_rows - 1
    owners = {
        col: index
        for index, c in enumerate(first.cells)
        if c.row <= last < c.row + c.rowspan
        for col in range(c.col, c.col + c.colspan)
    }
    extended: dict[int, Cell] = {}
    consumed: set[int] = set()
    for index, cell in enumerate(second.cells):
        if cell.row != 0:
            continue
        owner_index = owners.get(cell.col)
        owner = first.cells[owner_index] if owner_index is not None else None
        fits = owner is not None and owner.col == cell.col and owner.colspan == cell.colspan
        if split_row and not fits:
            return None
        if owner is None or owner_index is None or not fits:
            continue
        if not split_row and (cell.text or not owner.text or owner.rowspan < 2 or _header_cell(first, owner)):
            continue
        extended[owner_index] = replace(
            owner,
            text=_join_text(owner.text, cell.text),
            rowspan=owner.rowspan + cell.rowspan - (1 if split_row else 0),
            confidence=_min_conf(owner.confidence, cell.confidence),
        )
        consumed.add(index)
    return extended, consumed


def _header_cell(table: Table, cell: Cell) -> bool:
    """A cell merged down from the table's top beside no figure (序号 over the header's rows, the
    body all on the next page): no body cell running on over the page (a place over its projects,
    产出指标 over its indicators)."""
    rows = range(cell.row, cell.row + cell.rowspan)
    return cell.row == 0 and not any(c.row in rows and c is not cell and is_number(c.text.strip()) for c in table.cells)


def merge_tables(first: Table, second: Table, split_row: bool = False) -> Table:
    """``second`` appended below ``first``.

    Repeated header rows of ``second`` are dropped. When the page break cut
    a row in two (``split_row``: the first part has no bottom rule and the
    second no top rule), the second part's first row is joined into the
    first part's last row, cell by cell. A vertically merged cell that runs
    on into an empty cell at the top of the next page is extended.
    """
    skip = repeated_header_rows(first, second)
    joined = None
    row_joined = False
    if skip == 0 and split_row:
        joined = _continue_cells(first, second, True)
        row_joined = joined is not None
    if skip == 0 and joined is None:
        joined = _continue_cells(first, second, False)
    extended, consumed = joined if joined is not None else ({}, set())
    offset = first.n_rows - (1 if row_joined else skip)
    head = tuple(extended.get(i, c) for i, c in enumerate(first.cells))
    moved = tuple(
        replace(c, row=c.row + offset)
        for i, c in enumerate(second.cells)
        if c.row >= skip and i not in consumed
    )
    pages = first.pages or (first.page,)
    return Table(
        cells=head + moved,
        n_rows=first.n_rows + second.n_rows - (1 if row_joined else skip),
        n_cols=first.n_cols,
        bbox=first.bbox,
        page=first.page,
        pages=pages + tuple(p for p in (second.pages or (second.page,)) if p not in pages),
    )


def merge_continued_tables(
    pages: Sequence[list[Block]], sources: Sequence[Page] = ()
) -> list[Block]:
    """Flatten pages into one block list, joining tables continued on the next page.

    A table ending a page continues when the next page starts with a table
    (no line before it) whose column edges match; one set of edges may be a
    subset of the other, and both parts are then put on the finer grid.
    ``sources`` (the Pages, in the same order) tell whether the break cut a
    row: no rule along the first part's bottom nor along the second's top.
    """
    by_number = {p.page: p for p in sources}
    out: list[Block] = []
    for blocks in pages:
        for index, block in enumerate(blocks):
            prev = out[-1] if out else None
            if (
                index == 0
                and isinstance(block, Table)
                and isinstance(prev, Table)
                and block.page == max(prev.pages or (prev.page,)) + 1
                and (edges := shared_edges(prev, block, shift=(shift := scan_shift(prev, block)))
                     or unruled_edges(prev, block, by_number)) is not None
            ):
                part = _headless_part(prev, block, by_number)
                if part is not None:  # re-cut at the first part's columns: the same edges
                    block, edges, shift = part, column_edges(prev), 0.0
                first, second = regrid(prev, edges), fill_gaps(regrid(block, tuple(e - shift for e in edges)))
                out[-1] = merge_tables(first, second, _row_cut(first, second, by_number))
            else:
                out.append(block)
    return out


def unruled_edges(a: Table, b: Table, pages: dict[int, Page]) -> tuple[float, ...] | None:
    """The first part's column edges when both parts are tables printed without column rules
    (their edges are read from each page's text, so never quite the same) and each column of
    the second lies over one column (or several merged) of the first, in order, overlapping
    by half the narrower's width (a lone 合计 row may fill fewer columns)."""
    pa, pb = pages.get(max(a.pages or (a.page,))), pages.get(b.page)
    if pa is None or pb is None or b.n_cols > a.n_cols or b.n_cols < 2:
        return None
    if _has_sides(pa, a.bbox.x0, a.bbox.bottom) or _has_sides(pb, b.bbox.x0, b.bbox.bottom):
        return None
    ea, eb = column_edges(a), column_edges(b)
    if len(ea) != a.n_cols + 1 or len(eb) != b.n_cols + 1:
        return None
    index = [_nearest(ea, x) for x in eb]
    if any(j <= i for i, j in zip(index, index[1:], strict=False)):
        return None
    for i in range(b.n_cols):
        lo, hi = ea[index[i]], ea[index[i + 1]]
        overlap = min(hi, eb[i + 1]) - max(lo, eb[i])
        if overlap < 0.5 * min(hi - lo, eb[i + 1] - eb[i]):
            return None
    return ea


def _headless_part(first: Table, second: Table, pages: dict[int, Page]) -> Table | None:
    """``second`` re-cut at ``first``'s column edges (``unruled.recut``) when both parts are
    printed without column rules (no sides) and ``second`` does not repeat the header: its
    columns can only be the first part's. None otherwise (text-layer pages only: a scanned page
    may lie off the one before it)."""
    pa, pb = pages.get(max(first.pages or (first.page,))), pages.get(second.page)
    if pa is None or pb is None or pb.text_source != "text-layer":
        return None
    if _has_sides(pa, first.bbox.x0, first.bbox.bottom) or _has_sides(pb, second.bbox.x0, second.bbox.bottom):
        return None
    g1, g2 = first.grid(), second.grid()
    if g1 and g2 and _similar("".join(g1[0]), "".join(g2[0])):
        return None  # the header printed again: its labels tell its columns
    return recut(pb, second, column_edges(first))


def _similar(a: str, b: str, ratio: float = HEADER_SIMILARITY) -> bool:
    a, b = re.sub(r"\s+", "", a), re.sub(r"\s+", "", b)
    return bool(a) and SequenceMatcher(None, a, b).ratio() >= ratio


def _row_cut(first: Table, second: Table, pages: dict[int, Page]) -> bool:
    """Whether the page break cut a row: the first part has no bottom rule and
    the second no top rule (a part with a closing rule ends on a row boundary)."""
    last_page = pages.get(max(first.pages or (first.page,)))
    next_page = pages.get(second.page)
    if last_page is None or next_page is None:
        return False
    bottom_cells = [c for c in first.cells if c.page == last_page.page]
    if not bottom_cells:
        return False
    bottom = max(c.bbox.bottom for c in bottom_cells)
    x0, x1 = second.bbox.x0, second.bbox.x1
    if not _has_sides(last_page, first.bbox.x0, bottom):
        return False  # a table printed without column rules (三线表, no rules): rows end at the break
    return not edge_is_ruled(last_page, bottom, x0, x1) and not edge_is_ruled(
        next_page, second.bbox.top, x0, x1
    )


def _has_sides(page: Page, x: float, bottom: float, tol: float = 3.0) -> bool:
    """Whether a vertical ruling at ``x`` reaches down to ``bottom`` (a ruled table's side)."""
    return any(
        not r.is_horizontal and abs((r.x0 + r.x1) / 2 - x) <= tol and r.bottom >= bottom - tol
        for r in page.rulings
    )
