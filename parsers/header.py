"""版头 and the start of 主体: 份号, 密级, 紧急程度, 发文机关标志 (issuers),
发文字号 (doc_number), 签发人, 标题 (title), 主送机关 (recipients).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import regex as re

from parsers.geometry import (
    PageFrame,
    is_centred,
    is_flush_left,
    is_indented_centred,
    joined,
    prov_of,
    reaches_right,
)
from parsers.normalize.doc_number import DocNumberMatch, find_doc_numbers
from parsers.normalize.glyphs import GLUED_SPECKS
from parsers.normalize.notice_names import from_notice
from parsers.normalize.ocr_repair import lowered_confidence, repair_region_in_name
from parsers.normalize.organ_rules import ORGAN_END
from parsers.normalize.vocab_repair import repair_organ_name, repaired_recipients
from parsers.ocr_specks import speckless_field, speckless_text
from parsers.ocr_type import larger_than_body, same_type
from parsers.tablegrid import ENUMERATED_RE
from pipeline.core.model import Field, Line
from pipeline.core.textnorm import clean_text, strip_spaces

COPY_NUMBER = re.compile(r"^[0-9]{6}$")
CLASSIFICATION = re.compile(r"^(绝密|机密|秘密)(★[^\s]*)?$")
URGENCY = re.compile(r"^(特急|加急|特提|平急)$")
SIGNER = re.compile(r"签发人\s*[:：]\s*(\S+)")
# a 文号 line printed from a template whose serial was left blank: 原应急发〔2023〕　号
BLANK_SERIAL = re.compile(r"\p{Han}{2,12}[〔\[［【(（﹝](?:19|20)[0-9]{2}[〕\]］】)）﹞]号")
# A full stop after a character: no header element (mark, 文号, title, 主送) prints one; a 文号
# quoted in the body (…文件号为：某财预[2019]61号。) is no header line.
SENTENCE_END = re.compile(r"[\p{Han}\p{N}）)》]。")
# A cited title's marks: the 正文 cites documents (…115号）、某规〔2022〕3号《…); the title, printed after
# the 文号 line, may quote one too, but no 文号 line is found past it.
CITED_TITLE = re.compile(r"[《》]")
TITLE_WORDS = re.compile(r"(通知|决定|意见|批复|函|报告|办法|通报|公告|公示|请示|规定|方案|纪要)$")


@dataclass(frozen=True, slots=True)
class HeaderResult:
    copy_number: Field[str] | None
    classification: Field[str] | None
    urgency: Field[str] | None
    issuers: tuple[Field[str], ...]
    doc_number: Field[str] | None
    signer: Field[str] | None
    title: Field[str] | None
    recipients: Field[str] | None
    body_start: int  # index into the main lines where 正文 begins


def _field(lines: list[Line], value: str | None = None) -> Field[str]:
    raw = joined(lines)
    return Field(value if value is not None else raw, raw, prov_of(lines))


def repaired_organ(name: Field[str], evidence: Sequence[str]) -> Field[str]:
    """An OCR-read organ name whose region OCR got one character wrong,
    corrected from the region list (``ocr_repair.repair_region_in_name``), or
    one with a few look-alike characters wrong, from the region names plus
    the organ words (``vocab_repair.repair_organ_name``, always lowered).

    ``evidence``: the document's other lines. A repair the document attests
    elsewhere keeps the OCR confidence; one only the region list supports
    carries a lowered confidence. Text-layer names are never touched.
    """
    if name.prov.confidence is None:
        return name
    fix = repair_region_in_name(name.value, evidence)
    if fix is None and (named := from_notice(name, evidence)) is not name:
        return _specks_only(named, name)  # one slip off a name the notice prints elsewhere (notice_names)
    if fix is None:
        # several look-alike characters off: region + organ word vocabulary
        organ = repair_organ_name(name.value)
        if organ is None:
            return name
        prov = replace(name.prov, confidence=lowered_confidence(name.prov.confidence), repaired_from=organ.printed)
        return Field(organ.text, name.raw, prov)
    confidence = name.prov.confidence if fix.attested else lowered_confidence(name.prov.confidence)
    return Field(fix.text, name.raw, replace(name.prov, confidence=confidence, repaired_from=fix.printed))


def _lines_of(name: str, lines: list[Line]) -> list[Line]:
    """The lines of a 发文机关标志 that print ``name``: those whose text (``文件`` aside) is part of
    it, or holds it (names side by side), a speck's line glued to it aside; all of them when none
    does. A stacked joint mark's name takes its own line's confidence, not the lowest of the mark
    (one doubtful name of three)."""
    key = strip_spaces(name)
    own = [
        ln for ln in lines
        if (t := strip_spaces(re.sub(r"文件$", "", clean_text(ln.text)))) and (t in key or key in t)
    ]
    named = [ln for ln in own if re.search(r"\p{Han}", ln.text)]  # a speck's line (E) glued to it: no print of it
    return named or own or lines


def _specks_only(named: Field[str], read: Field[str]) -> Field[str]:
    """A name put back only by dropping letters or digits glued at its ends (a speck read ``E``,
    ``11r``: no organ name opens or ends so) keeps the confidence it was read with: no character
    of the name is in doubt (what OCR read stays in ``repaired_from``)."""
    if read.prov.repaired_from is not None or named.value != GLUED_SPECKS.sub("", strip_spaces(read.value)):
        return named
    return Field(named.value, named.raw, replace(named.prov, confidence=read.prov.confidence))


def other_texts(lines: Sequence[Line], used: Sequence[Line]) -> tuple[str, ...]:
    """The cleaned text of every line in ``lines`` but those in ``used``."""
    skip = {id(ln) for ln in used}
    return tuple(clean_text(ln.text) for ln in lines if id(ln) not in skip)


_STOPS = ":：;；,，.。、·"


def split_issuers(lines: list[str] | tuple[str, ...] | str) -> tuple[str, ...]:
    """Organ names from the lines of a 发文机关标志 (or a 署名 block).

    One name per printed line (`文件` dropped); a line that does not end like an
    organ name continues on the next line (`新疆库尔勒经济技术开发区` / `财 政 局 文 件`);
    wide gaps inside a line separate names printed side by side.
    """
    if isinstance(lines, str):
        lines = [lines]
    pieces: list[str] = []
    for raw in lines:
        for part in re.split(r"\s{3,}|\u3000{2,}", raw.strip()):
            # no organ name begins or ends with a stop (OCR: a speck read as ：before the mark)
            t = re.sub(r"文件$", "", clean_text(part)).strip(_STOPS)
            if t and t != "文件":
                pieces.append(t)
    names: list[str] = []
    carry = ""
    for t in pieces:
        carry += t
        if ORGAN_END.search(carry):
            names.append(carry)
            carry = ""
    if carry and names and len(carry) <= 3:
        names[-1] += carry  # a stray tail (e.g. a lone 文 of a split 文件) stays with its name
    elif carry:
        names.append(carry)
    return tuple(names)


def _doc_number_line(lines: tuple[Line, ...], limit: int) -> tuple[int, list[DocNumberMatch]] | None:
    """Index of the 文号 line and the 文号 it prints: a short first-page line that is (mostly) a
    文号 - or the 文号 of each joint issuer side by side (武教发规〔2015〕43号 武财行〔2015〕32号: the
    first is the notice's)."""
    first_page = lines[0].page if lines else 1
    for i, ln in enumerate(lines[:limit]):
        if ln.page != first_page:
            break
        t = clean_text(ln.text)
        if SENTENCE_END.search(t) or CITED_TITLE.search(t):
            break  # a full stop or a cited 《title》: a line of the body, the header (neither in it) is over
        t_wo_signer = SIGNER.sub("", t)
        found = find_doc_numbers(t_wo_signer)
        printed = sum(len(f.raw.replace(" ", "")) for f in found)
        if found and printed >= 0.6 * len(t_wo_signer.replace(" ", "")) and not _cited_in_brackets(t_wo_signer, found[0]):
            return i, found
        if BLANK_SERIAL.fullmatch(strip_spaces(t_wo_signer)):
            return i, found  # 原应急发〔2023〕　号: a 文号 whose serial was never filled in (no 文号)
    return None


def _cited_in_brackets(text: str, found: DocNumberMatch) -> bool:
    """A 文号 in round brackets with words after them (（川财社〔2023〕45号）情况公告公示): a number a
    wrapped title cites, never the notice's own 文号 line."""
    at = text.find(found.raw)
    after = text[at + len(found.raw):].lstrip()
    return at > 0 and text[:at].rstrip().endswith(("（", "(")) and after[:1] in ("）", ")") and bool(after[1:].strip())


def parse_header(lines: tuple[Line, ...], frame: PageFrame) -> HeaderResult:
    copy_number = classification = urgency = signer = doc_number = None
    dn_line = _doc_number_line(lines, limit=14)
    dn_index = dn_line[0] if dn_line is not None else None
    head_end = dn_index if dn_index is not None else 0
    if dn_line is not None:
        ln, found = lines[dn_line[0]], dn_line[1]
        t = clean_text(ln.text)
        dn_prov = prov_of([ln])
        if found and found[0].repaired and dn_prov.confidence is not None:  # OCR damage the grammar undid
            dn_prov = replace(dn_prov, repaired_from=found[0].raw)
        doc_number = Field(found[0].canonical, found[0].raw, dn_prov) if found else None
        m = SIGNER.search(t)
        if m:
            signer = Field(m.group(1), m.group(1), prov_of([ln]))
    else:
        # No 文号: the header is the run of red (or large, centred) lines at the top.
        # On a grey scan the mark has no colour left: its size tells it.
        big = _mark_height(lines)
        while head_end < len(lines) and (
            lines[head_end].is_red or _is_marker(lines[head_end]) or lines[head_end].bbox.height >= big
        ):
            head_end += 1

    header_zone = list(lines[:head_end])
    if dn_index is not None:
        # A 文号 printed above the issuer's name: the red lines right after it.
        k = dn_index + 1
        while k < len(lines) and (
            lines[k].is_red or _is_marker(lines[k]) or clean_text(lines[k].text).endswith("文件")
        ):
            header_zone.append(lines[k])
            k += 1
    issuer_lines: list[Line] = []
    for ln in header_zone:
        t = clean_text(ln.text)
        if COPY_NUMBER.match(t):
            copy_number = _field([ln])
        elif CLASSIFICATION.match(t):
            classification = _field([ln])
        elif URGENCY.match(t):
            urgency = _field([ln])
        else:
            issuer_lines.append(ln)
    # Everything above the 文号 that is no marker is the 发文机关标志, red or not:
    # OCR may lose the colour of part of it.
    elsewhere = other_texts(lines, issuer_lines)
    issuers = tuple(
        repaired_organ(Field(name, joined(issuer_lines), prov_of(_lines_of(name, issuer_lines))), elsewhere)
        for name in split_issuers([ln.text for ln in issuer_lines])
    )

    # Title: centred lines after the 文号 (or the header), up to the recipients.
    i = (dn_index + 1) if dn_index is not None else head_end
    # A 文号 printed above the issuer: skip the header lines that follow it.
    while i < len(lines) and lines[i] in header_zone:
        i += 1
    title_lines: list[Line] = []
    while i < len(lines) and (len(title_lines) < 4 or _title_goes_on(lines[i], title_lines, frame)):
        ln = lines[i]
        t = speckless_text(ln)  # OCR: a speck at a line's end is no punctuation (parsers/ocr_specks.py)
        if _ends_recipients(t) and is_flush_left(ln, frame):
            break
        if title_lines and TITLE_WORDS.search(joined(title_lines)) and (
            not is_indented_centred(ln, frame) or _opens_body(t) or _body_type_under(ln, title_lines[0], frame)
        ):
            break
        if title_lines and is_flush_left(ln, frame) and not is_centred(ln, frame):
            break  # a title line is centred: a flush-left line after it starts the 主送 (wrapped)
        if title_lines and larger_than_body(title_lines[0], frame.body_size) and _full_body_line(ln, frame):
            break  # the title's type ends at a full line of the body (a 公示 prints no 主送 between them)
        title_lines.append(ln)
        i += 1
        nxt = lines[i] if i < len(lines) else None
        more = (
            nxt is not None
            and is_indented_centred(nxt, frame)
            and not _ends_recipients(speckless_text(nxt))
            and not _opens_body(speckless_text(nxt))
            and not _body_type_under(nxt, title_lines[0], frame)
        )
        if TITLE_WORDS.search(t) and not more:
            break
    title = speckless_field(title_lines) if title_lines else None

    recipients = None
    rec_lines: list[Line] = []
    j = i
    while j < len(lines) and len(rec_lines) < _MAX_RECIPIENT_LINES:
        t = speckless_text(lines[j])
        rec_lines.append(lines[j])
        if _ends_recipients(t):
            break
        j += 1
    # the 主送 starts at the margin (顶格); an indented first line opens a paragraph of the body
    flush = bool(rec_lines) and is_flush_left(rec_lines[0], frame)
    if flush and _ends_recipients(speckless_text(rec_lines[-1])) and _recipient_block(rec_lines, frame):
        recipients = speckless_field(rec_lines, drop_end=":：")
        recipients = repaired_recipients(recipients, other_texts(lines, rec_lines))  # OCR: a region one off
        if recipients is not None and not recipients.value.strip():
            recipients = None  # a bare ``：`` (the 主送 left out of a published copy): absent
        i = j + 1
    elif (n := _colonless_recipients(lines, i, frame)) > 0:
        recipients = speckless_field(list(lines[i : i + n]))  # 各乡镇人民政府、街道办事处 (its colon left out)
        i += n
    return HeaderResult(
        copy_number, classification, urgency, issuers, doc_number, signer, title, recipients, i
    )


def _opens_body(text: str) -> bool:
    """A numbered item (一、项目名称：…) or a sentence: the body a 公示 begins right under its title
    (no 主送 between them), never a title line."""
    return ENUMERATED_RE.match(text) is not None or text.endswith("。")


def _body_type_under(line: Line, first: Line, frame: PageFrame) -> bool:
    """A line in the body's type under a title set larger (二号 over 三号): the body, which a 公示
    or a notice without 主送 prints right under its title."""
    return larger_than_body(first, frame.body_size) and not larger_than_body(line, frame.body_size) and not same_type(line, first)


_MAX_TITLE_LINES = 8
FULL_LINE_SHARE = 0.85  # of the text area's width: a body line that wide is a paragraph's


def _full_body_line(line: Line, frame: PageFrame) -> bool:
    """A line of the body's type running to the right margin, or nearly across the text area (a
    paragraph's indented first line ending at a comma that could not open the next line): a
    paragraph, never a title line."""
    wide = line.bbox.width >= FULL_LINE_SHARE * (frame.right - frame.left)
    return not larger_than_body(line, frame.body_size) and (reaches_right(line, frame) or wide)


def _title_goes_on(line: Line, title_lines: list[Line], frame: PageFrame) -> bool:
    """Past four lines a title goes on only in its own type: centred, the first line's
    size, larger than the body (a long title whose lines each wrapped once)."""
    first = title_lines[0]
    return (
        len(title_lines) < _MAX_TITLE_LINES
        and larger_than_body(first, frame.body_size)  # OCR: by glyph pitch (parsers/ocr_type.py)
        and same_type(line, first)  # OCR: by glyph pitch, box heights vary (parsers/ocr_type.py)
        and line.page == first.page
        and is_centred(line, frame)
    )


_MAX_RECIPIENT_LINES = 8  # a 主送 naming each town's own offices runs to five lines or more
_SHORT_RECIPIENTS = (3, 120)  # lines, characters: a 主送 this short needs no wrapping evidence
_LIST_SEPARATORS = ("，", "、", ",", "；", ";")


def _recipient_block(rec_lines: list[Line], frame: PageFrame) -> bool:
    """Lines that can be the 主送: short (up to three lines), or a longer block of organ names: every
    line at the left margin, every line but the last wrapped (running to the right margin) or broken
    after a list separator (one group of organs a line), on one page, and no sentence in it (a body
    paragraph ending in ``：`` has a ``。`` before it)."""
    text = joined(rec_lines)
    if len(rec_lines) <= _SHORT_RECIPIENTS[0] and len(text) < _SHORT_RECIPIENTS[1]:
        return True
    return (
        all(ln.page == rec_lines[0].page and is_flush_left(ln, frame) for ln in rec_lines)
        and all(reaches_right(ln, frame, glyphs=2) or speckless_text(ln).endswith(_LIST_SEPARATORS)
                for ln in rec_lines[:-1])
        and SENTENCE_END.search(text) is None
    )


# a 主送 printed without its colon: organs (各… or a list parted by 、) ending in an organ's word
# … or what a 主送 names beside organs (各有关单位, 各乡镇, 县直各部门, 各学校)
_RECIPIENT_END = re.compile(r"(?:办|单位|部门|公司|学校|医院|街道|乡镇)$")
_NO_SENTENCE = re.compile(r"^[^，,。；;：:！？]+$")


def _colonless_recipients(lines: Sequence[Line], i: int, frame: PageFrame) -> int:
    """How many lines from ``i`` (one, or two when the first ends with 、) are a 主送 whose colon was
    left out: flush-left organs (各乡镇人民政府、街道办事处) with no punctuation but 、, the body's
    first paragraph indented under them; 0 when none."""
    for n in (1, 2):
        run, nxt = lines[i : i + n], lines[i + n] if i + n < len(lines) else None
        texts = [speckless_text(ln) for ln in run]
        t = "".join(texts)
        if (
            nxt is not None
            and len(run) == n
            and all(x.endswith("、") for x in texts[:-1])
            and all(is_flush_left(ln, frame) for ln in run)
            and not is_flush_left(nxt, frame)
            and nxt.page == run[-1].page
            and len(t) <= 60
            and _NO_SENTENCE.match(t) is not None
            and (ORGAN_END.search(t) is not None or _RECIPIENT_END.search(t) is not None)
            and (t.startswith("各") or "、" in t)
        ):
            return n
    return 0


def _ends_recipients(text: str) -> bool:
    return text.endswith(("：", ":")) and not text.startswith("附件")


def _mark_height(lines: tuple[Line, ...]) -> float:
    """The height a 发文机关标志 line reaches on the first page: twice the
    median line height (the mark is 22 pt or more, the body 16 pt)."""
    first = [ln.bbox.height for ln in lines if ln.page == (lines[0].page if lines else 1)]
    if not first:
        return float("inf")
    return 2.0 * sorted(first)[len(first) // 2]


def _is_marker(line: Line) -> bool:
    t = clean_text(line.text)
    return bool(COPY_NUMBER.match(t) or CLASSIFICATION.match(t) or URGENCY.match(t))
