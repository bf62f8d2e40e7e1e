"""正文 boundaries, 附件说明 (attachments_listed), 署名 (signatories), 成文日期
(issue_date), 附注 (annotation) and 版记: 抄送 (cc), 印发机关 (printed_by) and
印发日期 (print_date).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex as re

from parsers.damaged_date import dated_by_body, repair_issue_date
from parsers.geometry import PageFrame, is_flush_left, prov_of, reaches_right
from parsers.header import other_texts, repaired_organ
from parsers.imprint import find_imprint, is_printed_line
from parsers.normalize.dates import find_dates
from parsers.normalize.doc_number import find_doc_numbers
from parsers.normalize.ocr_repair import lowered_confidence
from parsers.ocr_seal_names import restored_head, restored_slots
from parsers.ocr_specks import edge_specks_off
from parsers.signature import DATE_LIKE, ITEM_START, LIST_START, find_signature
from pipeline.core.model import AttachmentItem, Field, Line, Provenance
from pipeline.core.textnorm import clean_text, fold_width

# One attachment per line, numbered in its own label: ``附件1：分配表`` / ``附件2：绩效目标表``.
HEADED_ITEM = re.compile(r"^附件\s*([0-9０-９]{1,2})\s*[:：.．、]\s*(?=\S)")
LIST_WRAP_GAP = 1.6  # a wrapped attachment title is at most this share of its size below
LIST_WRAP_INDENT = 5.0  # ... and starts at most this many glyphs right of the line above
FILE_EXT = re.compile(r"\.([A-Za-z0-9]{2,4})$")  # an attachment named by its file (分配表.xlsx)
EXT_LOOKALIKE = str.maketrans({"1": "l", "I": "l", "0": "o", "O": "o"})
KNOWN_EXTS = frozenset({"xlsx", "xls", "docx", "doc", "pdf", "wps", "et", "ofd"})
ANNOTATION = re.compile(r"^[（(].{2,40}[）)]$")
# … or a disclosure line without brackets (信息公开选项：主动公开, 公开方式：依申请公开)
DISCLOSURE = re.compile(r"^(?:信息)?公开(?:选项|方式|属性|类型|形式)\s*[：:]\s*(?:主动公开|依申请公开|不予公开|不公开|免予公开)$")
_ANNOTATION_MAX_LINES = 3
_ANNOTATION_MAX_CHARS = 90


@dataclass(frozen=True, slots=True)
class ClosingResult:
    body_lines: tuple[Line, ...]
    attachments_listed: tuple[AttachmentItem, ...]
    signatories: tuple[Field[str], ...]
    issue_date: Field[str] | None
    annotation: Field[str] | None
    cc: Field[str] | None
    printed_by: Field[str] | None
    print_date: Field[str] | None
    recipients: Field[str] | None = None  # a 主送 printed in the 版记


def _only_date(text: str) -> str | None:
    """ISO date when ``text`` is nothing but a date."""
    ds = find_dates(text)
    if ds and ds[0].start == 0 and ds[0].end == len(text):
        return ds[0].iso
    return None


def parse_closing(lines: tuple[Line, ...], body_start: int, frame: PageFrame) -> ClosingResult:
    """The closing elements of the main document, read by layout.

    From the foot up: the 版记 (by its vocabulary, whatever else was read),
    the 成文日期 (the first date-only line above it), the 署名 block right
    above the date (or above the 版记 when a seal hid the date), the 附件说明
    list above the 署名; the 正文 ends where the list (or the 署名) starts.
    """
    texts = [clean_text(ln.text) for ln in lines]
    imprint = find_imprint(lines, body_start)
    foot = imprint.start
    date_i = next(
        (i for i in range(body_start, foot) if _only_date(texts[i]) and not is_printed_line(texts[i])),
        None,
    )
    issue_date = None
    if date_i is not None:
        issue_date = Field(_only_date(texts[date_i]) or "", texts[date_i], prov_of([lines[date_i]]))

    damaged = next((i for i in range(body_start, foot) if DATE_LIKE.match(texts[i])), None)
    if issue_date is None and damaged is not None:
        issue_date = _repaired_date(lines[damaged], texts[damaged], imprint.print_date)
    if issue_date is None and damaged is not None:  # no 印发日期: the body's dates and the 文号 settle the year
        issue_date = dated_by_body(lines[damaged], texts[damaged], texts[:damaged])
    if date_i is not None:
        sig_end = date_i
    elif damaged is not None:
        sig_end = damaged  # a date OCR could not read still ends the 署名
    else:
        sig_end = _annotation_start(texts, body_start, foot)
    list_i = next(
        (i for i in range(body_start, sig_end)
         if LIST_START.match(texts[i]) or (HEADED_ITEM.match(texts[i]) and not _continues(lines, i, frame))),
        None,
    )
    block = find_signature(
        lines, body_start, sig_end, frame, list_start=list_i, end_is_date=sig_end in (date_i, damaged)
    )
    sig_lines = tuple(dict.fromkeys(ln for _, ln in block.names))
    elsewhere = other_texts(lines, sig_lines)
    signatories = restored_slots(tuple(
        restored_head(repaired_organ(Field(name, clean_text(ln.text), prov_of([ln])), elsewhere), elsewhere)
        for name, ln in block.names
    ), elsewhere)  # OCR: a name lost under its seal, read as specks (parsers/ocr_seal_names.py)

    k = block.start
    body_end = list_i if list_i is not None else k
    attachments = _parse_list(lines[list_i:k], frame) if list_i is not None else ()

    annotation = None
    after = sig_end + 1 if sig_end in (date_i, damaged) else sig_end
    page = lines[after - 1].page if after - 1 >= 0 and lines else None
    for i in range(after, foot):
        if lines[i].page != page:
            break  # the 附注 is printed right under the date, on its page
        if (end := _annotation_end(texts, lines, i, foot)) is not None:
            raw = "".join(texts[i:end])
            annotation = _annotation(raw, prov_of(list(lines[i:end])))
            break

    return ClosingResult(
        body_lines=lines[body_start:body_end],
        attachments_listed=attachments,
        signatories=signatories,
        issue_date=issue_date,
        annotation=annotation,
        cc=imprint.cc,
        printed_by=imprint.printed_by,
        print_date=imprint.print_date,
        recipients=imprint.recipients,
    )


def _annotation_end(texts: list[str], lines: tuple[Line, ...], i: int, foot: int) -> int | None:
    """End (exclusive) of a 附注 starting at line ``i``: one bracketed line, or a bracket
    wrapped over up to three lines of its page (（联系人：…，联系电话： / 88221270）)."""
    if ANNOTATION.match(texts[i]) or DISCLOSURE.match(texts[i]):
        return i + 1
    if not texts[i].startswith(("（", "(")):
        return None
    for j in range(i + 1, min(i + _ANNOTATION_MAX_LINES, foot)):
        if lines[j].page != lines[i].page:
            return None
        text = "".join(texts[i : j + 1])
        if ANNOTATION.match(text) or (texts[j].endswith(("）", ")")) and len(text) <= _ANNOTATION_MAX_CHARS):
            return j + 1
    return None


# A 附注 is one bracketed phrase whose items (联系人：…，联系电话：…) a comma parts; a full stop
# before the next item's label is a comma OCR read as a stop (the two differ by a tail a scan loses).
_STOP_BEFORE_LABEL = re.compile(r"。(?=\p{Han}{2,8}[：:])")


def _annotation(raw: str, prov: Provenance) -> Field[str]:
    """The 附注 read from ``raw``: its closing bracket paired; on an OCR reading a stop before an
    item's label put back to the comma (what was read kept, the confidence lowered)."""
    value = _paired(raw)
    if prov.confidence is None or not _STOP_BEFORE_LABEL.search(value):
        return Field(value, raw, prov)
    fixed = _STOP_BEFORE_LABEL.sub("，", value)
    return Field(fixed, raw, replace(prov, confidence=lowered_confidence(prov.confidence), repaired_from=raw))


def _paired(text: str) -> str:
    """``（…88221270)``: the closing bracket in the width of the opening one (OCR reads a
    full-width bracket after digits as ASCII)."""
    for a, b in (("（", "）"), ("(", ")")):
        if text.startswith(a) and text.endswith(("）", ")")):
            return text[:-1] + b
    return text


def _continues(lines: tuple[Line, ...], i: int, frame: PageFrame) -> bool:
    """A line that carries on the paragraph above (``…（详见`` / ``附件1、2）。``): it ends a
    sentence, as no title does, or it starts at the margin under an unfinished line that runs to
    the right margin."""
    text = clean_text(lines[i].text)
    if text.endswith("。"):
        return True
    above = lines[i - 1] if i > 0 else None
    return (
        above is not None
        and above.page == lines[i].page
        and is_flush_left(lines[i], frame)
        and reaches_right(above, frame)
        and not clean_text(above.text).endswith(("。", "；", "：", "！", "？", ":", ";"))
    )


def _repaired_date(line: Line, text: str, print_date: Field[str] | None) -> Field[str] | None:
    """An OCR-damaged 成文日期 whose year the 印发日期 settles (``damaged_date``), marked doubtful."""
    if line.confidence is None or print_date is None:
        return None
    iso = repair_issue_date(text, print_date.value)
    if iso is None:
        return None
    prov = prov_of([line])
    prov = replace(prov, confidence=lowered_confidence(prov.confidence), repaired_from=text)
    return Field(iso, text, prov)


def _annotation_start(texts: list[str], start: int, foot: int) -> int:
    """Without a 成文日期: the 署名 ends above a 附注 line, else at the 版记."""
    k = foot
    while k - 1 >= start and (ANNOTATION.match(texts[k - 1]) or DISCLOSURE.match(texts[k - 1])):
        k -= 1
    return k


def _parse_list(lines: tuple[Line, ...], frame: PageFrame) -> tuple[AttachmentItem, ...]:
    """`附件：1. A` / `2. B`, or `附件1：A` / `附件2：B` (wrapped lines continue the previous item);
    unnumbered titles one under the other: a line under one that stopped short of the right
    margin starts a title of its own (a wrap only follows a full line)."""
    items: list[tuple[int | None, list[Line], str]] = []
    label = 0  # characters of the line above before its title (附件：附件1：): a wrap hangs under the title
    for n, ln in enumerate(lines):
        t = clean_text(ln.text)
        lead = 0
        if n == 0:
            lead = len(t)
            t = LIST_START.sub("", t)
            lead -= len(t)
        m = HEADED_ITEM.match(t) or _item_number(t, first=not items)
        if m:
            items.append((int(fold_width(m.group(1))), [ln], t[m.end() :]))
            lead += m.end()
        elif items and (_far_below(ln, lines[n - 1], label) or _short_before_page_end(ln, lines[n - 1], frame)):
            break  # not a wrapped title: the list has ended
        elif items and items[-1][0] is None and (
            items[-1][2].endswith(("；", ";")) or (not reaches_right(lines[n - 1], frame, glyphs=2.0) and _closed_marks(items[-1][2]))
        ):
            items.append((None, [ln], t))  # an unnumbered list, its titles closed by ； or by the line
        elif items:
            num, lns, title = items[-1]
            items[-1] = (num, [*lns, ln], title + t)
        elif t:
            items.append((None, [ln], t))
        label = lead
    return tuple(_item(num, lns, title) for num, lns, title in items if title)


def _closed_marks(title: str) -> bool:
    """Every 《 and （ the title opened is closed (a title broken inside its marks goes on)."""
    return title.count("《") <= title.count("》") and title.count("（") + title.count("(") <= title.count(
        "）"
    ) + title.count(")")


def _item_number(text: str, *, first: bool) -> re.Match[str] | None:
    """The ``1.`` / ``2、`` opening a listed item; a list counts from 1, so a first item whose
    figures are not 1 is a title that begins with figures (``11.1资金公示分配表``: a file name)."""
    m = ITEM_START.match(text)
    if m is not None and first and int(fold_width(m.group(1))) != 1:
        return None
    return m


def _item(number: int | None, lines: list[Line], title: str) -> AttachmentItem:
    """One listed attachment; on OCR lines a file extension's look-alikes
    (``.x1sx``, ``.d0cx``) are read back and marked (``repaired_from``)."""
    title = _unquoted(clean_text(title).rstrip("；;，,。"))  # 1.…分配表； 2.…目标表: the separator is no part
    prov = prov_of(lines)
    if prov.confidence is not None:
        title = edge_specks_off(title)  # OCR: a speck after a title's last character is no full stop
        m = FILE_EXT.search(title)
        if m:
            ext = m.group(1).translate(EXT_LOOKALIKE).lower()
            if ext in KNOWN_EXTS and ext != m.group(1):
                fixed = title[: m.start(1)] + ext
                prov = replace(prov, repaired_from=title)
                title = fixed
    return AttachmentItem(number=number, title=title, prov=prov)


def _unquoted(title: str) -> str:
    """``《…汇总表》``: a title listed inside book-title marks is the title without them, and
    without the 文号 printed in brackets after it (``《关于…的通知》（江财教〔2020〕7号）``)."""
    close = title.rfind("》")
    tail = title[close + 1 :].strip()
    if title.startswith("《") and close > 0 and tail[:1] in "（(" and tail[-1:] in "）)":
        numbers = find_doc_numbers(tail[1:-1])
        if len(numbers) == 1 and numbers[0].raw == tail[1:-1].strip():
            title = title[: close + 1]
    inner = title[1:-1]
    if title.startswith("《") and title.endswith("》") and "《" not in inner and "》" not in inner:
        return inner
    return title


def _short_before_page_end(line: Line, above: Line, frame: PageFrame) -> bool:
    """Whether ``line``, on the page after ``above``, cannot go on with its title: a title
    runs on to the next page only from a full line (``above`` stopped short of the right
    margin: what heads the next page is something else, such as a seal's ring text read
    over the 署名 there)."""
    return line.page != above.page and not reaches_right(above, frame, glyphs=2.0)


def _far_below(line: Line, above: Line, label: int = 0) -> bool:
    """Whether ``line`` cannot be a wrap of ``above``: too far below it, or starting
    well right of it (a wrap starts under the item's text, which starts after the ``label``
    characters of ``above``: ``附件：附件1：`` hangs a wrap seven glyphs in), both measured in
    the smaller type of the two lines."""
    # in the list's type: a seal's ring text OCR read as a line has a box as tall as the seal
    size = min(line.font_size or line.bbox.height, above.font_size or above.bbox.height)
    below = line.page == above.page and line.bbox.top - above.bbox.bottom > LIST_WRAP_GAP * size
    return below or line.bbox.x0 > above.bbox.x0 + max(LIST_WRAP_INDENT, label + 1) * size


__all__ = ["ClosingResult", "is_flush_left", "parse_closing"]
