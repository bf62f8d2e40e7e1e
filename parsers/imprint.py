"""版记: 抄送 (cc), 印发机关 (printed_by) and 印发日期 (print_date), and a 主送 moved there.

    find_imprint(lines, start) -> Imprint

The 版记 sits at the foot of the last page of the main document, between
full-width rules: ``抄送：…`` (may wrap) and ``<印发机关>  <YYYY年M月D日>印发``.
It is found by its vocabulary, independently of the 成文日期 and the 署名
(a scan may lose the date under a seal). The rules may have come out as a
table: ``parsers.sections`` turns such a table's rows back into lines first.

The 印发 line may have been split at its wide gap into two lines (organ on
the left, date on the right, possibly a point higher): the organ is then
the line beside the date on the same row, or the line right above it.

A 主送 too long for the first page is printed in the 版记 (``主送：…`` above 抄报/抄送, GB/T 9704
7.2.3): read as the notice's recipients when the head has none.

OCR: a 、 between two organs of the 抄送 read as a colon, or lost (two whole
organ names read as one, ``ocr_lists.split_glued_organs``), is put back;
so is the last character of the list's last organ, cut off with the line's
end (``…，市财政`` where a skewed scan's page edge took the 局): a region, or
the 市/县 that stands for the notice's own, then all but the last character of
exactly one organ word of that level (``organs.yaml``: 财政局 for a 市, 财政厅
for a 省); a speck read as a dot at either end of the 印发机关 is dropped. The field keeps what OCR read and a lowered confidence
(LOW_CONFIDENCE).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex as re

from parsers.geometry import joined, prov_of
from parsers.header import other_texts, repaired_organ
from parsers.normalize.dates import find_dates
from parsers.normalize.ocr_repair import lowered_confidence
from parsers.normalize.organ_rules import ORGAN_END, organ_words
from parsers.ocr_lists import split_glued_organs
from parsers.ocr_specks import edge_specks_off
from parsers.signature import organ_names, same_row
from pipeline.core.divisions import region_head
from pipeline.core.model import Cell, Field, Line, Table, union_all
from pipeline.core.textnorm import clean_text

# 抄送：/抄报：/分送：, and the OCR slips of one character (钞送, 抄选) before the colon.
_LIST_SEP = re.compile(r"[、，,；;]")
CC_START = re.compile(r"^(?:抄送|抄报|分送|发送|[抄钞炒妙]\s*[送选迭报])\s*[:：]\s*")
PRINTED_END = re.compile(r"\s*[印卬]\s*[发友]?\s*[。.]?")  # after the date: 印发 (older notices: 印)
KEYWORDS = re.compile(r"^主题词\s*[:：]")
MAIN_TO = re.compile(r"^主\s*送\s*[:：]\s*")  # the 主送 row of a 版记
MAX_MAIN_TO_LINES = 8  # a 主送 moved to the 版记 because it was long
MAX_CC_LINES = 4
# Inside a list of organs a colon is a misread 、 (the label's colon is gone by then).
INNER_COLON = re.compile(r"(?<=[局厅委会办室府院部心])[:：](?=\p{Han})")
MAX_IMPRINT_ROWS = 6


@dataclass(frozen=True, slots=True)
class Imprint:
    start: int  # index of the first 版记 line (len(lines) when there is none)
    cc: Field[str] | None
    printed_by: Field[str] | None
    print_date: Field[str] | None
    recipients: Field[str] | None = None  # a 主送 row of the 版记


def is_printed_line(text: str) -> bool:
    """``…YYYY年M月D日印发`` (the date may stand alone, the organ on its own line)."""
    t = clean_text(text)
    dates = find_dates(t)
    return bool(dates and PRINTED_END.fullmatch(t[dates[-1].end :]))


def _row_mate(lines: tuple[Line, ...], p: int, start: int) -> int | None:
    """Index of a line left of ``lines[p]`` on the same printed row."""
    me = lines[p]
    for i in (p - 1, p + 1):
        if start <= i < len(lines) and lines[i].bbox.x1 <= me.bbox.x0 and same_row(me, lines[i]):
            return i
    return None


def find_imprint(lines: tuple[Line, ...], start: int) -> Imprint:
    texts = [clean_text(ln.text) for ln in lines]
    printed = next((i for i in range(len(lines) - 1, start - 1, -1) if is_printed_line(texts[i])), None)
    cc_search_end = printed if printed is not None else len(lines)
    cc_i = next(
        (i for i in range(cc_search_end - 1, start - 1, -1) if CC_START.match(texts[i])),
        None,
    )
    if cc_i is not None and cc_search_end - cc_i > MAX_CC_LINES + 1:
        cc_i = None  # a 抄送 far above the 印发 line (or the end) is not the 版记's
    if printed is None and cc_i is None:
        return Imprint(len(lines), None, None, None)

    printed_by = print_date = None
    organ_i: int | None = None
    if printed is not None:
        t = texts[printed]
        date = find_dates(t)[-1]
        print_date = Field(date.iso, date.raw, prov_of([lines[printed]]))
        organ = clean_text(t[: date.start])
        used = [lines[printed]]
        if not organ:
            organ_i = _row_mate(lines, printed, start)
            if organ_i is None and printed - 1 >= start and printed - 1 != cc_i:
                above = texts[printed - 1]
                if organ_names(lines[printed - 1].text) is not None and not CC_START.match(above):
                    organ_i = printed - 1
            if organ_i is not None:
                organ = texts[organ_i]
                used = [lines[organ_i]]
        if organ:
            field = _unspecked(Field(organ, organ, prov_of(used)))
            printed_by = repaired_organ(field, other_texts(lines, used))

    cc = None
    if cc_i is not None:
        stop = printed if printed is not None else min(len(lines), cc_i + MAX_CC_LINES)
        cc_lines = [
            lines[i]
            for i in range(cc_i, stop)
            if i != organ_i and (i == cc_i or not _is_elsewhere(lines[i], lines[cc_i]))
        ]
        value = CC_START.sub("", joined(cc_lines))
        value = re.sub(r"[。.]$", "", value)
        cc = _repaired_cc(Field(value, joined(cc_lines), prov_of(cc_lines)))

    recipients, main_i = _main_to(lines, texts, start, cc_i if cc_i is not None else printed)
    first = min(i for i in (cc_i, printed, organ_i, main_i) if i is not None)
    return Imprint(first, cc, printed_by, print_date, recipients)


def _unspecked(organ: Field[str]) -> Field[str]:
    """OCR: a speck read as a dot at either end of the 印发机关 (``·临高县财政局办公室``; an organ's
    name never opens or ends with one) dropped, what OCR read kept in ``repaired_from``."""
    if organ.prov.confidence is None:
        return organ
    value = edge_specks_off(organ.value)
    if not value or value == organ.value:
        return organ
    return Field(value, organ.raw, replace(organ.prov, repaired_from=organ.raw))


def _main_to(
    lines: tuple[Line, ...], texts: list[str], start: int, below: int | None
) -> tuple[Field[str] | None, int | None]:
    """The 主送 row right above the 版记's first 抄报/抄送 row (or its 印发 line), with the lines it wraps
    onto, up to that row: the recipients and the row's index."""
    if below is None:
        return None, None
    while below - 1 >= start and CC_START.match(texts[below - 1]):
        below -= 1  # an 抄报 above the 抄送
    main_i = next((i for i in range(below - 1, max(start, below - MAX_MAIN_TO_LINES) - 1, -1)
                   if MAIN_TO.match(texts[i])), None)
    if main_i is None:
        return None, None
    rows = [lines[i] for i in range(main_i, below) if lines[i].page == lines[main_i].page]
    value = re.sub(r"[。.]$", "", MAIN_TO.sub("", joined(rows)))
    return (Field(value, joined(rows), prov_of(rows)) if value else None), main_i


def _repaired_cc(cc: Field[str]) -> Field[str]:
    """An OCR-read 抄送 with the 、 between two organs put back where OCR read
    it as a colon or lost it (see the module docstring)."""
    if cc.prov.confidence is None:
        return cc
    fixed = cut_organ_completed(split_glued_organs(INNER_COLON.sub("、", cc.value)))
    if fixed == cc.value:
        return cc
    prov = replace(cc.prov, repaired_from=cc.value, confidence=lowered_confidence(cc.prov.confidence))
    return Field(fixed, cc.raw, prov)


def _completions(head: str, stub: str) -> list[str]:
    """The organ words ``stub`` is all but the last character of, that fit ``head``'s level: a
    province's organs end in 厅, a prefecture's or county's (or a 市, 县 standing for the notice's own)
    in neither 厅 nor 部 (the central ministries')."""
    words = [w for w in organ_words() if len(w) == len(stub) + 1 and w.startswith(stub)]
    if head.endswith(("省", "自治区")):
        return [w for w in words if w.endswith("厅")]
    if head[-1] in "市县区州旗盟":
        return [w for w in words if not w.endswith(("厅", "部"))]
    return []


def cut_organ_completed(text: str) -> str:
    """A list of organs whose last name lost its last character where the line was cut (``…，市财政``:
    the scan's page edge) with the one organ word of its level put back (``市财政局``); else ``text``."""
    parts: list[str] = _LIST_SEP.split(text)
    last = parts[-1]
    if len(parts) < 2 or not last or ORGAN_END.search(last):
        return text
    for k in range(1, len(last) - 1):
        head, stub = last[:k], last[k:]
        if k > 1 and region_head(head) != k:
            continue
        found = _completions(head, stub)
        if len(found) == 1:
            return text[: len(text) - len(last)] + head + found[0]
    return text


def imprint_rows(table: Table) -> tuple[Line, ...] | None:
    """A 版记 read as a table (its rules detected as a grid), as one line per row.

    A small table of at most two columns whose rows are 抄送/抄报 rows (with
    their wrapped continuation), 主题词 and the 印发 row, and that has a 抄送
    or a 印发 row. Cells of one row are joined left to right with a wide gap
    (印发机关 and 印发日期 in two cells). None when the table is anything else.
    """
    if table.n_rows > MAX_IMPRINT_ROWS or table.n_cols > 2:
        return None
    by_row: dict[tuple[int, int], list[Cell]] = {}
    for cell in table.cells:
        if cell.text.strip():
            by_row.setdefault((cell.page, cell.row), []).append(cell)
    lines: list[Line] = []
    seen_cc = seen_printed = False
    for key in sorted(by_row):
        cells = sorted(by_row[key], key=lambda c: c.col)
        text = "   ".join(c.text.strip() for c in cells)
        t = clean_text(text)
        if CC_START.match(t) or MAIN_TO.match(t):
            seen_cc = True
        elif is_printed_line(t):
            seen_printed = True
        elif not (KEYWORDS.match(t) or (seen_cc and not seen_printed)):
            return None
        confs = [c.confidence for c in cells if c.confidence is not None]
        for part in _split_cc_and_printed(text):
            seen_printed = seen_printed or is_printed_line(part)
            lines.append(
                Line(
                    text=part,
                    bbox=union_all([c.bbox for c in cells]),
                    page=cells[0].page,
                    confidence=min(confs) if confs else None,
                )
            )
    return tuple(lines) if (seen_cc or seen_printed) else None


def _split_cc_and_printed(text: str) -> tuple[str, ...]:
    """A row holding both the 抄送 and the 印发 line (the rule between them was
    not detected; a cell keeps no line breaks), cut after the 抄送's full stop."""
    t = clean_text(text)
    if not (CC_START.match(t) and is_printed_line(t)):
        return (text,)
    m = re.match(r"^(.*?[。.])\s*(\S.*)$", text.strip())
    if m and CC_START.match(clean_text(m.group(1))) and is_printed_line(m.group(2)):
        return (m.group(1), m.group(2))
    return (text,)


def _is_elsewhere(line: Line, cc_line: Line) -> bool:
    """A line on another page than the 抄送 line does not continue it."""
    return line.page != cc_line.page


__all__ = ["CC_START", "Imprint", "find_imprint", "imprint_rows", "is_printed_line"]
