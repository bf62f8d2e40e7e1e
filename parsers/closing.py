"""正文 boundaries, 附件说明 (attachments_listed), 署名 (signatories), 成文日期
(issue_date), 附注 (annotation) and 版记: 抄送 (cc), 印发机关 (printed_by) and
印发日期 (print_date).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from parsers.geometry import PageFrame, is_flush_left, is_right_side, joined, prov_of
from parsers.header import other_texts, repaired_organ, split_issuers
from parsers.normalize.dates import find_dates
from parsers.normalize.text import clean_text
from pipeline.model import AttachmentItem, Field, Line

LIST_START = re.compile(r"^附件\s*[:：]\s*")
ITEM_START = re.compile(r"^([0-9０-９]{1,2})\s*[.．、]\s*")
CC_START = re.compile(r"^(?:抄送|抄报|分送)\s*[:：]\s*")
ANNOTATION = re.compile(r"^[（(].{2,40}[）)]$")


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


def _only_date(text: str) -> str | None:
    """ISO date when ``text`` is nothing but a date."""
    ds = find_dates(text)
    if ds and ds[0].start == 0 and ds[0].end == len(text):
        return ds[0].iso
    return None


def parse_closing(lines: tuple[Line, ...], body_start: int, frame: PageFrame) -> ClosingResult:
    texts = [clean_text(ln.text) for ln in lines]
    date_i = next(
        (i for i in range(body_start, len(lines)) if _only_date(texts[i]) and not texts[i].endswith("印发")),
        None,
    )
    issue_date = None
    if date_i is not None:
        issue_date = Field(_only_date(texts[date_i]) or "", texts[date_i], prov_of([lines[date_i]]))

    # 署名: the right-side organ names right above the date.
    sig_end = date_i if date_i is not None else len(lines)
    k = sig_end
    while (
        k - 1 >= body_start
        and is_right_side(lines[k - 1], frame)
        and not texts[k - 1].endswith(("。", "；", "：", ":"))
        and not ITEM_START.match(texts[k - 1])
        and not LIST_START.match(texts[k - 1])
        and sig_end - k < 4
    ):
        k -= 1
    sig_lines = lines[k:sig_end]
    elsewhere = other_texts(lines, sig_lines)
    signatories = tuple(
        repaired_organ(Field(name, clean_text(ln.text), prov_of([ln])), elsewhere)
        for ln in sig_lines
        for name in _split_names(ln.text)
    )

    list_i = next((i for i in range(body_start, k) if LIST_START.match(texts[i])), None)
    body_end = list_i if list_i is not None else k
    attachments = _parse_list(lines[list_i:k]) if list_i is not None else ()

    annotation = cc = printed_by = print_date = None
    rest = list(range(sig_end + 1, len(lines))) if date_i is not None else []
    cc_lines: list[Line] = []
    in_cc = False
    for i in rest:
        t = texts[i]
        if ANNOTATION.match(t) and cc is None and not in_cc:
            annotation = Field(t, t, prov_of([lines[i]]))
            continue
        if CC_START.match(t):
            in_cc = True
            cc_lines = [lines[i]]
            continue
        if t.endswith("印发"):
            in_cc = False
            ds = find_dates(t)
            if ds:
                print_date = Field(ds[-1].iso, ds[-1].raw, prov_of([lines[i]]))
                organ = clean_text(t[: ds[-1].start])
                if organ:
                    printed_by = Field(organ, organ, prov_of([lines[i]]))
                    printed_by = repaired_organ(printed_by, other_texts(lines, [lines[i]]))
                elif i - 1 >= 0 and not CC_START.match(texts[i - 1]) and lines[i - 1] not in cc_lines[:1]:
                    printed_by = Field(texts[i - 1], texts[i - 1], prov_of([lines[i - 1]]))
                    printed_by = repaired_organ(printed_by, other_texts(lines, [lines[i - 1]]))
                    if lines[i - 1] in cc_lines:
                        cc_lines.remove(lines[i - 1])
            continue
        if in_cc:
            cc_lines.append(lines[i])
    if cc_lines:
        value = CC_START.sub("", joined(cc_lines))
        value = re.sub(r"[。.]$", "", value)
        cc = Field(value, joined(cc_lines), prov_of(cc_lines))

    return ClosingResult(
        body_lines=lines[body_start:body_end],
        attachments_listed=attachments,
        signatories=signatories,
        issue_date=issue_date,
        annotation=annotation,
        cc=cc,
        printed_by=printed_by,
        print_date=print_date,
    )


def _split_names(text: str) -> tuple[str, ...]:
    return split_issuers([text]) or (clean_text(text),)


def _parse_list(lines: tuple[Line, ...]) -> tuple[AttachmentItem, ...]:
    """`附件：1. A` / `2. B` (wrapped lines continue the previous item)."""
    items: list[tuple[int | None, list[Line], str]] = []
    for n, ln in enumerate(lines):
        t = clean_text(ln.text)
        if n == 0:
            t = LIST_START.sub("", t)
        m = ITEM_START.match(t)
        if m:
            items.append((int(_ascii(m.group(1))), [ln], t[m.end() :]))
        elif items:
            num, lns, title = items[-1]
            items[-1] = (num, [*lns, ln], title + t)
        elif t:
            items.append((None, [ln], t))
    return tuple(
        AttachmentItem(number=num, title=clean_text(title), prov=prov_of(lns))
        for num, lns, title in items
        if title
    )


def _ascii(digits: str) -> str:
    return digits.translate(str.maketrans("０１２３４５６７８９", "0123456789"))


__all__ = ["ClosingResult", "is_flush_left", "parse_closing"]
