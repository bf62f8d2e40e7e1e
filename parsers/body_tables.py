"""Tables printed inside the main document (a short notice that lists its allocation between two
paragraphs instead of in an attachment): read like an unnumbered attachment's tables, so that no
table is silently lost. A table's context (title, unit line) is what is printed between the
last sentence above it and the table itself."""

from __future__ import annotations

import re

from parsers.sections import AttachmentSection, Sections
from parsers.tablegrid import title_from_context
from pipeline.core.model import Line, Table
from pipeline.core.textnorm import clean_text

_SENTENCE_END = ("。", "：", ":", "；", ";")
_PAGE_NUMBER_RE = re.compile(r"^[—–\-－]*\s*\d+\s*[—–\-－]*$")


def _caption_lines(main: tuple[Line, ...], table: Table) -> list[Line]:
    """The lines right above ``table`` on its page, after the last line that ends a sentence.

    A table printed at the head of a page with no title above it (nothing, or only a subtitle or
    a unit line: its title was pushed to the foot of the page before) takes the lines at the foot
    of that previous page too."""
    above = [ln for ln in main if ln.page == table.page and ln.bbox.top < table.bbox.top]
    if title_from_context([clean_text(ln.text) for ln in above]) is None:  # nothing, or a subtitle or unit only
        above += [ln for ln in main if ln.page == table.page - 1 and not _PAGE_NUMBER_RE.match(clean_text(ln.text))]
    above.sort(key=lambda ln: (ln.page, ln.bbox.top))
    tail: list[Line] = []
    for ln in reversed(above):
        if clean_text(ln.text).strip().endswith(_SENTENCE_END):
            break
        tail.insert(0, ln)
    return tail


def with_body_tables(sections: Sections) -> tuple[AttachmentSection, ...]:
    """The attachment sections, preceded by one unnumbered section holding the body's tables."""
    if not sections.main_tables:
        return sections.attachments
    lines = tuple(ln for t in sections.main_tables for ln in _caption_lines(sections.main, t))
    body = AttachmentSection(
        number=None, heading=None, lines=lines, tables=sections.main_tables, page=sections.main_tables[0].page
    )
    return (body, *sections.attachments)
