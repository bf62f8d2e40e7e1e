"""Layout reconstruction (版面): a Document's pages as lines and tables.

    reconstruct(document) -> Layout

Per page: ruled tables first (``tables.reconstruct_tables``), then tables
with rules only or a border only (``unruled.reconstruct_unruled_tables``),
the remaining boxes grouped into lines (``lines.group_lines``), page numbers
dropped (``blocks.page_blocks``); then running headers/footers dropped and
tables continued across a page break merged (``blocks``). Works the same on
text-layer pages (words) and OCR pages (line fragments with confidence).
"""

from __future__ import annotations

from pipeline.core.model import Document, Layout
from pipeline.layout.blocks import drop_running_lines, merge_continued_tables, page_blocks
from pipeline.layout.lines import group_lines
from pipeline.layout.ocr_continued import borrowed_columns
from pipeline.layout.ocr_slant import unslanted
from pipeline.layout.tables import reconstruct_tables

__all__ = ["group_lines", "reconstruct", "reconstruct_tables"]


def reconstruct(document: Document) -> Layout:
    """Lines and tables of every page, in reading order."""
    pages = sorted((unslanted(p) for p in document.pages), key=lambda p: p.page)  # OCR: a slanted photograph
    per_page = [page_blocks(page) for page in pages]
    pages, per_page = borrowed_columns(pages, per_page)  # OCR: a 续表's row that lost a column rule
    per_page = drop_running_lines(per_page, [p.height for p in pages])
    return Layout(
        source=document.source,
        blocks=tuple(merge_continued_tables(per_page, pages)),
        text_source=document.text_source,
        page_sizes=tuple((p.width, p.height) for p in pages),
    )
