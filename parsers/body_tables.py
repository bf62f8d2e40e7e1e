"""Tables printed inside the main document (a short notice that lists its allocation between two
paragraphs instead of in an attachment): read like an unnumbered attachment's tables, so that no
table is silently lost. A table's context (title, unit line) is what is printed between the
last sentence above it and the table itself."""

from __future__ import annotations

import re
from dataclasses import replace

from parsers.sections import AttachmentSection, Sections
from parsers.tablegrid import title_from_context, unit_in
from pipeline.core.model import Line, Table
from pipeline.core.textnorm import clean_text
from pipeline.core.units import MONEY_UNIT_RE

_SENTENCE_END = ("。", "：", ":", "；", ";")
_PAGE_NUMBER_RE = re.compile(r"^[—–\-－]*\s*\d+\s*[—–\-－]*$")
_TABLE_LABEL_RE = re.compile(r"^表\s*[0-9一二三四五六七八九十]{1,3}\s*[：:．.、]")  # 表1：… opens a caption
_TITLE_TAIL_RE = re.compile(r"(?:表|清单|名册|名单)$")  # … and a title ends so, no sentence does


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
    for k in range(len(above) - 1, -1, -1):
        ln = above[k]
        if clean_text(ln.text).strip().endswith(_SENTENCE_END) or _ends_paragraph(main, above, k):
            break
        tail.insert(0, ln)
    if unit_in([clean_text(ln.text) for ln in tail]) is None:
        tail += _lead_in_unit(above[: len(above) - len(tail)])
    return tail


def _ends_paragraph(main: tuple[Line, ...], above: list[Line], k: int) -> bool:
    """``above[k]`` is the short last line of a paragraph (…现将某某补助 / 资金, the sentence going on
    after the table): flush with the text's left edge, stopping well short of its right edge,
    under a line that runs the full width. A title (centred) or a unit line (flush right) is not."""
    if k == 0:
        return False
    ln, prev = above[k], above[k - 1]
    if _TABLE_LABEL_RE.match(clean_text(prev.text)) or _TITLE_TAIL_RE.search(clean_text(ln.text)):
        return False  # 表1：…项 / 目资金明细表: a caption set flush left, wrapped, not a paragraph's end
    page = [x for x in main if x.page == ln.page]
    left, right = min(x.bbox.x0 for x in page), max(x.bbox.x1 for x in page)
    size = max(ln.bbox.bottom - ln.bbox.top, 1.0)
    flush_left = ln.bbox.x0 < left + size
    short = ln.bbox.x1 < right - 3 * size
    full_above = prev.page == ln.page and prev.bbox.x1 > right - 1.5 * size and prev.bbox.x0 < left + 3 * size
    return flush_left and short and full_above


def main_captions(sections: Sections) -> frozenset[int]:
    """Ids of the main document's lines that caption its tables (title, unit line): the table's
    context, not the body's text. A caption line printed like the body (its size, from the left
    edge: the lead-in sentence's own words) stays body text; a centred or flush-right line, or one
    in another size (a title in 18pt, a unit line in 12pt), is the table's."""
    main = sections.main
    sizes = sorted(ln.font_size for ln in main if ln.font_size)
    body_size = sizes[len(sizes) // 2] if sizes else None
    return frozenset(
        id(ln) for t in sections.main_tables for ln in _caption_lines(main, t) if _not_body_print(main, ln, body_size)
    )


def _not_body_print(main: tuple[Line, ...], ln: Line, body_size: float | None) -> bool:
    if body_size is not None and ln.font_size is not None and abs(ln.font_size - body_size) > 1:
        return True
    page = [x for x in main if x.page == ln.page]
    left, right = min(x.bbox.x0 for x in page), max(x.bbox.x1 for x in page)
    size = max(ln.bbox.bottom - ln.bbox.top, 1.0)
    centred = ln.bbox.x0 > left + 2 * size and abs((ln.bbox.x0 + ln.bbox.x1) - (left + right)) < 4 * size
    flush_right = ln.bbox.x0 > (left + right) / 2 and ln.bbox.x1 > right - 5 * size
    return centred or flush_right


# the unit a sentence states for what it lists: （单位：万元）, maybe wrapped inside its bracket
_LABELLED_UNIT_RE = re.compile(rf"[（(]\s*(?:金额|资金)?单位\s*[：:]\s*({MONEY_UNIT_RE})\s*[)）]")
_LEAD_IN_END = ("：", ":")
_LEAD_IN_LINES = 4


def _lead_in_unit(above: list[Line]) -> list[Line]:
    """The unit the sentence leading into the table states for it (…分配下达各区（单位：万元）
    ，具体如下：), as a unit line of the table's context; none when that sentence does not end
    in a colon (it introduces nothing) or states no unit in a 单位 bracket."""
    if not above or not clean_text(above[-1].text).strip().endswith(_LEAD_IN_END):
        return []
    sentence = [above[-1]]
    for ln in reversed(above[:-1]):
        if clean_text(ln.text).strip().endswith(_SENTENCE_END) or len(sentence) >= _LEAD_IN_LINES:
            break
        sentence.insert(0, ln)
    text = "".join(clean_text(ln.text).strip() for ln in sentence)
    m = _LABELLED_UNIT_RE.search(re.split(r"[。；;]", text)[-1])  # from where the sentence starts
    return [replace(sentence[-1], text="单位：" + m.group(1))] if m else []


def with_body_tables(sections: Sections) -> tuple[AttachmentSection, ...]:
    """The attachment sections, preceded by one unnumbered section holding the body's tables."""
    if not sections.main_tables:
        return sections.attachments
    lines = tuple(ln for t in sections.main_tables for ln in _caption_lines(sections.main, t))
    body = AttachmentSection(
        number=None, heading=None, lines=lines, tables=sections.main_tables, page=sections.main_tables[0].page
    )
    return (body, *sections.attachments)
