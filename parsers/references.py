"""Documents a notice cites: 《title》（文号）, several per sentence; title only;
文号 only (…〔2022〕1号文件).
"""

from __future__ import annotations

from dataclasses import replace

import regex as re

from parsers.normalize.doc_number import (
    DocNumberMatch,
    find_doc_numbers,
    normalize_doc_number,
    read_doc_number,
)
from parsers.normalize.organ_rules import ORGAN_END
from parsers.ocr_specks import dashes_back
from pipeline.core.model import Provenance, Reference
from pipeline.core.textnorm import clean_text

# 《…》 with one level of nested 《》/<>/〈〉 allowed inside the title.
TITLE = re.compile(r"《((?:[^《》]|《[^《》]*》)+)》")
# The 文号 in brackets after the title; it may hold brackets itself (青财社字（2018）1509号, 闽财社（指）〔2016〕141号).
PAREN_AFTER = re.compile(r"^\s*[（(]\s*((?:[^（）()]|[（(][^（）()]{1,6}[）)]){2,40}?)\s*[）)]")
# ... or brackets OCR mismatched inside it (湘财金指（2017〕12号): up to the 号 before the closing bracket.
# A point or bullet between two characters of a title (or before its bracket). A middle dot ·
# is a speck only inside a word of the titles' own grammar (关·于, 通·知): titles print it
# between names (《津·昌两地…协议》).
TITLE_SPECK = re.compile(r"(?<=\p{Han})[.•](?=[\p{Han}（(〈《])")
_TITLE_WORDS = ("关于", "通知", "印发", "转发", "下达", "办法", "意见", "决定", "方案", "资金", "管理", "实施")
MIDDLE_DOT_SPECK = re.compile("|".join(f"(?<={w[0]})·(?={w[1:]})" for w in _TITLE_WORDS))
FORWARD_TAIL = re.compile(r"(?<!〉)的(?:通知|函|决定)$")
PAREN_NUMBER_AFTER = re.compile(r"^\s*[（(]\s*([^《》（）()]{2,40}?[（(〔\[][^《》]{2,30}?号)\s*(?:文件?)?\s*[）)]")
# ... or followed by a clause inside the same brackets (粤财社〔2021〕305号，见附件; …号，以下简称…).
# A forwarding notice cited by its own title, printed outside the quotes around the title it
# forwards: 按照关于转发《国务院扶贫办…的通知》（宁扶贫办发〔2018〕51号）.
FORWARD_LEAD = re.compile(r"关于(?:转发|印发)$")
CLAUSE_STOPS = frozenset("、，,；;。：:）)》“”\"")
CITING_VERB = re.compile(r"(?:根据|按照|依据|依照|现将|据|经|按|将)")
# A document cited by a 文号 printed without a year, in brackets after what it is
# (区政府文件批办单（董批转472号）): kept as printed, title unknown.
YEARLESS = re.compile(r"(?:批办单|批示单|阅办单|阅件)[（(]\s*(?P<dn>[\p{Han}]{2,8}[0-9]{1,5}号)\s*[）)]")
_BEFORE_WINDOW = 40
_YEAR_BRACKETED = r"[〔\[［【(（﹝]\s*(?:19|20)[0-9]{2}\s*[〕\]］】)）﹞]"  # a 文号's year in its brackets
SERIAL_PAIR = re.compile(rf"(?P<head>\p{{Han}}{{2,12}}{_YEAR_BRACKETED})(?P<a>[0-9]{{1,5}})、(?P<b>[0-9]{{1,5}})号")
# a 文号 followed by bare serials of the same office and year (…〔2017〕450号、490号、495号)
BARE_SERIAL = re.compile(r"[、，,和及]([0-9]{1,5})号")
SERIAL_RUN = re.compile(rf"(?P<first>{_YEAR_BRACKETED}(?P<serial>[0-9]{{1,5}})号)(?P<rest>(?:{BARE_SERIAL.pattern})+)")
_AGENCY_WINDOW = 16  # characters before the year's bracket that may hold the 机关代字
_PAIR_PART = r"(?:[^（）()、，,]|[（(][^（）()]{1,6}[）)]){4,40}?号"  # its year maybe in round brackets
PAIR_AFTER = re.compile(rf"^\s*[（(]\s*({_PAIR_PART})\s*[、，,]\s*({_PAIR_PART})\s*(?:文件?)?\s*[）)]")
# 文件 or 文 after the 文号 inside its brackets (《…》（某财社〔2023〕45号文件）): no part of it
DOC_WORD_AFTER = re.compile(r"(?<=号)\s*文件?$")
REGISTER_AFTER = re.compile(r"^\s*[（(]\s*([A-Z]{2,10}[0-9]{4,12})\s*[）)]")
GENRE_TAIL = re.compile(r"的(?:通知|函|决定|意见|批复)(?=\s*[（(])")
# The budget classification the codes are taken from (《2023年政府收支分类科目》) is a catalogue
# of codes, not a document the notice cites.
CATALOGUE = re.compile(r"^(?:[0-9]{4}年)?政府收支分类科目$")
# … nor is a certificate a family holds (持《低保证》《残疾人证》的学生), named in 《》 without a 文号
CERTIFICATE = re.compile(r"证$")
# 《 and what follows up to the next 《 or 》: a title whose 》 is lost if a bracket in it holds
# its 文号 (_unclosed_titles)
UNCLOSED = re.compile(r"《[^《》]{1,120}")
OPEN_PAREN = re.compile(r"[（(]")
_MIN_TITLE = 5  # 《 and four characters
UNCLOSED_STOPS = frozenset("、，,；;。和及与")
# An unquoted title ending right before its bracketed 文号: 关于 … genre word, no clause stop or
# quote mark inside (a 、 may join two funds of one title).
UNQUOTED_TITLE = re.compile(r"关于[^，,。；;：:《》“”\"]{2,80}?(?:通知|办法|意见|决定|方案|批复|规定|细则)$")
UNQUOTED_WINDOW = 90
# a 文号 whose year lost its brackets (（柳财预追202512号）: 柳财预追〔2025〕12号), only in brackets right
# after a title: the agency, a year of this century or the last, the serial
BARE_YEAR_AFTER = re.compile(
    r"^\s*[（(]\s*(?P<agency>\p{Han}{2,10}?)(?P<year>(?:19|20)[0-9]{2})(?P<serial>[0-9]{1,4})号\s*(?:文件?)?\s*[）)]"
)
ISSUER_LEAD = re.compile(r"^(?:以及|和|及|与|、)")  # a conjunction before a second cited document
_ISSUER_MAX = 24
PAREN_CLAUSE_AFTER = re.compile(r"^\s*[（(]\s*([^《》（）()，,；;]{2,40}?号)\s*[，,；;][^（）()]{1,30}[）)]")
# the short name a cited document is given (…（枣政办字〔2022〕8号，以下简称《办法》）) and then
# cited by (根据《办法》规定): the same document, no reference of its own
SHORT_NAME = re.compile(r"(?:以下)?简称\s*《([^《》]{1,20})》")


def _closed(title: str) -> str:
    """``关于印发〈X的通知``: the 〉 OCR lost before the forwarding notice's 的通知."""
    tail = FORWARD_TAIL.search(title)
    if tail is not None and title.count("〈") == title.count("〉") + 1:
        return title[: tail.start()] + "〉" + title[tail.start() :]
    return title


def parse_references(body: str, *, own_doc_number: str | None, prov: Provenance) -> tuple[Reference, ...]:
    """Every cited document in ``body`` (whitespace-free text), in order, deduplicated."""
    text = clean_text(body)
    refs: list[tuple[int, Reference]] = []
    spans: list[tuple[int, int]] = []
    short_names = {m.group(1) for m in SHORT_NAME.finditer(text)}
    for m in TITLE.finditer(text):
        title = m.group(1)
        if CATALOGUE.match(title) or title in short_names:
            continue
        # a title quoted short of its genre word: 《…清单》的通知（粤人社规〔2021〕12号）
        tail = GENRE_TAIL.match(text, m.end())
        after_start = tail.end() if tail else m.end()
        numbers, length, severed = _numbers_after(text[after_start:])
        doc_number = numbers[0] if numbers else None
        end = after_start + length if numbers else m.end()
        title_start = m.start()
        if not numbers and (before := _number_before(text, m.start())) is not None:
            numbers, doc_number, title_start = [before.canonical], before.canonical, before.start
        start = title_start
        lead = FORWARD_LEAD.search(text, 0, m.start())
        if lead is not None and doc_number is not None and tail is not None:
            # the forwarding notice's own title around the quoted one, unquoted: 贵州省财政厅…关于印发《…办法》的通知
            start = _clause_start(text, lead.start())
            title = text[start : tail.end()]
        elif lead is not None and doc_number is not None:
            title, start = f"{lead.group(0)}《{title}》", lead.start()
        title_prov = prov
        if prov.confidence is not None and doc_number and (
            severed or any(d.repaired for d in find_doc_numbers(text[m.end() : end]))
        ):
            title_prov = replace(prov, repaired_from=text[m.start() : end])  # OCR: the 文号 grammar mended it
        if prov.confidence is not None:  # OCR: a speck inside a title (生态.公益林), a lost 〉, a dash read 一
            unspecked = dashes_back(_closed(MIDDLE_DOT_SPECK.sub("", TITLE_SPECK.sub("", title))))
            if unspecked != title:
                title, title_prov = unspecked, replace(prov, repaired_from=title_prov.repaired_from or title)
        if not numbers and CERTIFICATE.search(title):
            continue
        printed: list[str | None] = list(numbers) or [None]
        for dn in printed:  # one reference per 文号 printed after the title
            refs.append((start, Reference(doc_number=dn, title=title, raw=text[start:end], prov=title_prov)))
        spans.append((start, end))
    for start, end, title, dn in _unclosed_titles(text, spans):
        raw = text[start:end]
        unclosed_prov = replace(prov, repaired_from=raw) if prov.confidence is not None else prov  # OCR: a lost 》
        refs.append((start, Reference(doc_number=dn, title=title, raw=raw, prov=unclosed_prov)))
        spans.append((start, end))
    for at, dn in _serial_runs(text):
        refs.append((at, Reference(doc_number=dn, title=None, raw=dn, prov=prov)))
    for at, dn in _serial_pairs(text):
        refs.append((at, Reference(doc_number=dn, title=None, raw=dn, prov=prov)))
    for ym in YEARLESS.finditer(text):
        refs.append((ym.start("dn"), Reference(doc_number=ym.group("dn"), title=None, raw=ym.group("dn"), prov=prov)))
    for dm in find_doc_numbers(text):
        if any(a <= dm.start < b for a, b in spans):
            continue
        if dm.canonical == own_doc_number:
            continue
        dm_prov = replace(prov, repaired_from=dm.raw) if dm.repaired and prov.confidence is not None else prov
        bare = _unquoted_title(text, dm.start)
        at, title = bare if bare is not None else (dm.start, None)
        refs.append((at, Reference(doc_number=dm.canonical, title=title, raw=text[at : dm.end], prov=dm_prov)))
    for at, title, dn, end in _bare_year_titles(text, spans):
        refs.append((at, Reference(doc_number=dn, title=title, raw=text[at:end], prov=prov)))
    return _one_per_document(sorted(refs, key=lambda pr: pr[0]), own_doc_number)


def _bare_year_titles(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, str, str, int]]:
    """An unquoted title followed by a 文号 whose year lost its brackets (柳州市财政局关于…的通知
    (柳财预追202512号)): (where the title starts, the title, the 文号, where the bracket ends)."""
    out: list[tuple[int, str, str, int]] = []
    for bracket in OPEN_PAREN.finditer(text):
        if any(a <= bracket.start() < b for a, b in spans):
            continue
        numbers, length, _ = _numbers_after(text[bracket.start() :])
        if not numbers or BARE_YEAR_AFTER.match(text[bracket.start() :]) is None:
            continue
        window = text[max(0, bracket.start() - UNQUOTED_WINDOW) : bracket.start()]
        m = UNQUOTED_TITLE.search(window)
        if m is not None:
            at = bracket.start() - len(window) + m.start()
            # the issuing organ printed before 关于 is the title's (柳州市财政局关于…的通知)
            lead = ISSUER_LEAD.sub("", text[_clause_start(text, at) : at])
            if lead and len(lead) <= _ISSUER_MAX and ORGAN_END.search(lead):
                at -= len(lead)
            out.append((at, text[at : bracket.start()], numbers[0], bracket.start() + length))
    return out


def _unquoted_title(text: str, number_at: int) -> tuple[int, str] | None:
    """A title printed without 《》 before the bracket that holds its 文号 (根据省财政厅关于下达…
    的通知（财社〔2021〕1号）): from the last 关于 of the clause to the genre word before the
    bracket; (where it starts, the title), or None."""
    if number_at == 0 or text[number_at - 1] not in "（(":
        return None
    window = text[max(0, number_at - 1 - UNQUOTED_WINDOW) : number_at - 1]
    m = UNQUOTED_TITLE.search(window)
    if m is None:
        return None
    return number_at - 1 - len(window) + m.start(), m.group(0)


def _clause_start(text: str, at: int) -> int:
    """Where the unquoted title ending in a forwarding lead at ``at`` starts: after the stop or
    closing bracket before it (、，；。：）》) and a citing verb (根据, 按照), at most
    ``_BEFORE_WINDOW`` characters back: the issuers' names before 关于 are part of it."""
    window = max(0, at - _BEFORE_WINDOW)
    stops = [i for i in range(window, at) if text[i] in CLAUSE_STOPS]
    if not stops and window > 0:
        return at  # no clause start in sight: the title from its lead (关于印发《…》的通知)
    start = stops[-1] + 1 if stops else window
    verb = CITING_VERB.match(text, start, at)
    return verb.end() if verb else start


def _number_before(text: str, at: int) -> DocNumberMatch | None:
    """A 文号 printed right before a 《title》 (根据原财(建)指标〔2023〕388号《关于下拨…的通知》)."""
    window = max(0, at - _BEFORE_WINDOW)
    found = [d for d in find_doc_numbers(text[window:at]) if window + d.end == at]
    return replace(found[-1], start=window + found[-1].start, end=at) if found else None


def _serial_pairs(text: str) -> list[tuple[int, str]]:
    """``商财办教(2020)22、23号``: two 文号 of one agency and year written as one."""
    out: list[tuple[int, str]] = []
    for m in SERIAL_PAIR.finditer(text):
        for serial in (m.group("a"), m.group("b")):
            found = find_doc_numbers(f"{m.group('head')}{serial}号")  # the agency less the words before it
            if found:
                out.append((m.start(), found[-1].canonical))
    return out


def _serial_runs(text: str) -> list[tuple[int, str]]:
    """``焦财预〔2017〕450号、490号、495号``: one 文号 then bare serials of the same office and year,
    each a document of its own (the first is found as any 文号 is); (where each serial is, its 文号)."""
    out: list[tuple[int, str]] = []
    for m in SERIAL_RUN.finditer(text):
        found = find_doc_numbers(text[max(0, m.start() - _AGENCY_WINDOW) : m.end("first")])
        if not found or not found[-1].canonical.endswith(f"〕{m.group('serial')}号"):
            continue
        head = found[-1].canonical[: -len(f"{m.group('serial')}号")]
        out += [(m.start("rest") + s.start(), f"{head}{s.group(1)}号") for s in BARE_SERIAL.finditer(m.group("rest"))]
    return out


def _numbers_after(after: str) -> tuple[list[str], int, bool]:
    """The 文号 printed in brackets right after a title, the length they take and whether
    one was repaired (its lost 〕 and 号): one, two joined by 、 (a joint notice's 文号 of
    each issuer), or a register code where a 文号 would stand (（ZYZFWJ2019036）)."""
    pair = PAIR_AFTER.match(after)
    if pair is not None:
        both = [normalize_doc_number(pair.group(1)), normalize_doc_number(pair.group(2))]
        if all(both):
            return [dn for dn in both if dn], pair.end(), False
    for pattern in (PAREN_AFTER, PAREN_NUMBER_AFTER, PAREN_CLAUSE_AFTER):
        m = pattern.match(after)
        read = read_doc_number(DOC_WORD_AFTER.sub("", m.group(1))) if m else None
        if m and read:
            return [read[0]], m.end(), read[1]
    bare = BARE_YEAR_AFTER.match(after)
    if bare is not None:
        # read by OCR, the lost brackets are a repair (reported); a text layer prints it so
        return [f"{bare['agency']}〔{bare['year']}〕{int(bare['serial'])}号"], bare.end(), True
    code = REGISTER_AFTER.match(after)
    if code is not None:
        return [code.group(1)], code.end(), False
    return [], 0, False


def _unclosed_titles(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """A title whose closing 》 is lost, its 文号 printed in brackets inside it and a clause
    stop after them (《关于…的指导意见（财农〔2022〕4号）、): (start, end, title, 文号) of each
    《 no quoted title covers."""
    out: list[tuple[int, int, str, str]] = []
    for opening in UNCLOSED.finditer(text):
        if any(a <= opening.start() < b for a, b in spans):
            continue
        for bracket in OPEN_PAREN.finditer(text, opening.start() + _MIN_TITLE, opening.end()):
            numbers, length, _ = _numbers_after(text[bracket.start() :])
            end = bracket.start() + length
            if len(numbers) == 1 and (end == len(text) or text[end] in UNCLOSED_STOPS):
                out.append((opening.start(), end, text[opening.start() + 1 : bracket.start()], numbers[0]))
                break
    return out


def _one_per_document(refs: list[tuple[int, Reference]], own_doc_number: str | None) -> tuple[Reference, ...]:
    """A document cited several times is one reference, where it is first cited: a 文号
    re-cited bare (按照财预〔2015〕149号文件) after its 《title》（文号） adds nothing, and a bare
    文号 cited before its title takes the title. The notice's own 文号 is no reference."""
    titled = {r.doc_number: r for _, r in refs if r.doc_number is not None and r.title is not None}
    seen: set[tuple[str | None, str | None]] = set()
    out: list[Reference] = []
    for _, r in refs:  # in the order printed
        if r.doc_number is not None and r.title is None and r.doc_number in titled:
            r = titled[r.doc_number]
        key = (r.doc_number, r.title)
        if key in seen or (r.doc_number is not None and r.doc_number == own_doc_number):
            continue
        seen.add(key)
        out.append(r)
    return tuple(out)
