"""Split a Layout into the parts of a 公文 (GB/T 9704): 版头, 主体, 版记, 附件.

    blocks -> Sections(head, body, closing, imprint, attachments)

Pure: works on Line/Table blocks only. Geometry decides (centred, flush left,
right side, red), vocabulary confirms (附件, 抄送, 印发, dates).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex as re

from parsers.imprint import CC_START, imprint_rows, is_printed_line
from parsers.normalize.dates import find_dates
from parsers.ocr_specks import speckless_text
from pipeline.core.model import Block, Layout, Line, Table
from pipeline.core.textnorm import clean_text, fold_width

# 附件3, 附表1, and a sub-attachment 附件1.1 / 附件1-2 (it belongs to attachment 1)
ATTACHMENT_HEADING = re.compile(r"^附[件表]\s*([0-9０-９]{1,2})?(?:[.．\-－][0-9０-９]{1,2})?\s*[:：]?$")
ATTACHMENT_LIST_START = re.compile(r"^附件\s*[:：]")
# In the attachments part: a heading printed on its title's line (附件1：2023年…分配表).
INLINE_HEADING = re.compile(
    r"^附[件表]\s*([0-9０-９]{1,2})(?:[.．\-－][0-9０-９]{1,2})?\s*[:：、]\s*(?P<title>\S.{3,})$"
)
IMPRINT_CC = CC_START


@dataclass(frozen=True, slots=True)
class AttachmentSection:
    """One attachment: its heading (附件N), the lines before its tables, the tables."""

    number: int | None
    heading: Line | None
    lines: tuple[Line, ...]  # free lines of the section, in order (title, subtitle, unit…)
    tables: tuple[Table, ...]
    page: int

    def context_before(self, table: Table) -> tuple[str, ...]:
        """Cleaned lines printed above ``table`` (and after the previous table)."""
        prev_end = 0.0
        prev_page = 0
        for t in self.tables:
            if t is table:
                break
            prev_page = t.pages[-1] if t.pages else t.page
            # a table continued over pages ends where its last page's part ends
            prev_end = max((c.bbox.bottom for c in t.cells if c.page == prev_page), default=t.bbox.bottom)
        out = []
        for ln in self.lines:
            after_prev = (ln.page, ln.bbox.top) > (prev_page, prev_end)
            before = (ln.page, ln.bbox.top) < (table.page, table.bbox.top)
            if after_prev and before:
                out.append(clean_text(ln.text))
        return tuple(s for s in out if s)


@dataclass(frozen=True, slots=True)
class Sections:
    main: tuple[Line, ...]  # every free line of the main document (版头+主体+版记)
    main_tables: tuple[Table, ...]  # tables printed inside the main document
    attachments: tuple[AttachmentSection, ...]
    page_width: float


def _is_heading(line: Line) -> int | None | bool:
    """The attachment number of a heading line `附件3：`, None if unnumbered, False if no heading."""
    m = ATTACHMENT_HEADING.match(speckless_text(line))  # OCR: ·附件1 (parsers/ocr_specks.py)
    if not m:
        return False
    return int(fold_width(m.group(1))) if m.group(1) else None


def _page_first_lines(blocks: tuple[Block, ...]) -> dict[int, Block]:
    first: dict[int, Block] = {}
    for b in blocks:
        first.setdefault(b.page, b)
    return first


def _closing_date_page(blocks: tuple[Block, ...]) -> int | None:
    """Page of the first line that is only a date (成文日期 or 印发 date), or of the 版记's 印发
    line (``印发机关 date印发``: a scan may lose a digit of the 成文日期 under its seal)."""
    for b in blocks:
        if isinstance(b, Line):
            t = clean_text(b.text)
            ds = find_dates(t)
            if ds and ds[0].start == 0 and (ds[0].end == len(t) or t.endswith("印发")):
                return b.page
            if ds and t.endswith("印发") and ds[-1].end == len(t) - len("印发"):
                return b.page
    return None


def split_sections(layout: Layout) -> Sections:
    blocks = layout.blocks
    width = layout.page_sizes[0][0] if layout.page_sizes else 595.0
    first_on_page = _page_first_lines(blocks)
    date_page = _closing_date_page(blocks)

    # Where do attachments start? At a heading line 附件N alone on its line, or,
    # for an unnumbered attachment with no heading, at the first page after the
    # closing date whose content is not 版记.
    start_index: int | None = None
    for i, b in enumerate(blocks):
        if isinstance(b, Line) and _is_heading(b) is not False:
            start_index = i
            break
        if (
            date_page is not None
            and b.page > date_page
            and first_on_page.get(b.page) is b
            and not (isinstance(b, Line) and IMPRINT_CC.match(clean_text(b.text)))
            and _page_has_table(blocks, b.page)
        ):
            start_index = i
            break

    main_blocks = _imprint_tables_as_lines(blocks if start_index is None else blocks[:start_index])
    rest = () if start_index is None else _imprint_tables_as_lines(blocks[start_index:])
    # 版记 lines printed after the attachments belong to the main document.
    imprint_after = tuple(
        b for b in rest if isinstance(b, Line) and (IMPRINT_CC.match(clean_text(b.text)) or _is_imprint_line(b))
    )
    rest = tuple(b for b in rest if b not in imprint_after)
    main_lines = tuple(b for b in main_blocks if isinstance(b, Line)) + imprint_after
    main_tables = tuple(b for b in main_blocks if isinstance(b, Table))
    return Sections(
        main=main_lines,
        main_tables=main_tables,
        attachments=_split_attachments(rest),
        page_width=width,
    )


def _imprint_tables_as_lines(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Blocks with every 版记 table replaced by its rows as lines (see ``imprint_rows``)."""
    out: list[Block] = []
    for b in blocks:
        rows = imprint_rows(b) if isinstance(b, Table) else None
        out.extend(rows if rows is not None else (b,))
    return tuple(out)


def _is_imprint_line(line: Line) -> bool:
    return is_printed_line(line.text)


def _page_has_table(blocks: tuple[Block, ...], page: int) -> bool:
    return any(isinstance(b, Table) and b.page == page for b in blocks)


def _split_attachments(blocks: tuple[Block, ...]) -> tuple[AttachmentSection, ...]:
    sections: list[AttachmentSection] = []
    number: int | None = None
    heading: Line | None = None
    lines: list[Line] = []
    tables: list[Table] = []
    page = blocks[0].page if blocks else 0

    def flush() -> None:
        if heading is not None or lines or tables:
            sections.append(AttachmentSection(number, heading, tuple(lines), tuple(tables), page))

    for b in blocks:
        if isinstance(b, Line) and (inline := INLINE_HEADING.match(clean_text(b.text).strip())):
            flush()  # 附件1：<title> - the heading, and its title as the section's first line
            number, heading, page, tables = int(fold_width(inline.group(1))), b, b.page, []
            lines = [replace(b, text=inline.group("title"))]
            continue
        if isinstance(b, Line):
            h = _is_heading(b)
            # A new section starts at each heading; without one, a page that starts with
            # free text after a table starts a new section of the same attachment (附件2
            # printing one titled 绩效目标表 per county, a page each): an attachment lasts
            # until the next heading.
            new_page_section = (
                h is False and tables and b.page != (tables[-1].pages or (tables[-1].page,))[-1]
            )
            if h is not False or new_page_section:
                flush()
                number = h if h is not False else number
                heading = b if h is not False else None
                lines, tables, page = ([] if h is not False else [b]), [], b.page
                continue
            lines.append(b)
        else:
            tables.append(b)
    flush()
    return tuple(sections)
