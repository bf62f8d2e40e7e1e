"""文号 (doc_number): 机关代字 + 〔YYYY〕 + serial + 号, canonical per CONTRACT.

- Year brackets as printed or misread (``[]`` ``［］`` ``【】`` ``()`` ``（）``
  ``﹝﹞`` ``〈〉`` ``「」`` …, see ``parsers/rules/doc_numbers.yaml``) become
  ``〔〕``; whitespace anywhere goes (``230 号``); ``第`` before the serial and
  leading zeros of the serial are dropped (GB/T 9704: no padding, no 第).
- One missing bracket is repaired when the four-digit year (1900-2099) makes
  it unambiguous: ``泉财指标〔2021280号`` -> ``泉财指标〔2021〕280号``,
  ``泉财指标2021〕280号`` likewise. Both brackets missing is not repaired.
- In a string that is one 文号 (the brackets after a cited title) the closing bracket
  AND the 号 may both be lost when the opening bracket (〔 [ ［ 【 ﹝, never a round
  one) and the four-digit year are printed: ``赣财资环指〔202049`` -> ``赣财资环指〔2020〕49号``
  (``read_doc_number`` tells it is repaired). Never in running text.
- OCR look-alikes where the grammar leaves no choice: a letter in a digit
  position of the year or serial (``〔2O21〕`` ``28O号`` ``l80号``: O o 〇 -> 0,
  l I | -> 1; the serial must keep a real digit), ``J`` where the closing
  bracket belongs (``〔2021J280号``) and ``C`` where the opening one belongs,
  the closing one being printed (``泉财指标C2021〕280号``). Such a match has
  ``repaired`` set, as has a bracket restored from the year: an OCR reader
  of it should flag the value (LOW_CONFIDENCE).
- Numbers without a year (``国务院令第649号``, ``主席令第七十号``) keep their
  printed form minus whitespace.
- The 机关代字 is 1-12 CJK characters (up to 20 in a string that is one 文号: a register
  such as 永嘉县人民政府专题会议纪要), optionally followed by Latin letters.
  In running text it starts after the last word that cannot belong to it
  (根据, 按照, 的, 和 … in the rules file) and is at most 12 characters long.
  A one-character preposition that also begins place names (从: 从化区 prints 从府, 从财)
  is cut only when what follows is a 代字 of the usual shape (a region name's start, then
  an organ mark: ``从元财农〔2023〕83号`` -> ``元财农〔2023〕83号``) and the preposition with
  the next character begins no region's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from parsers.normalize.glyphs import DIGIT_LOOKALIKES, digit_class
from parsers.normalize.rules import doc_number_rules
from pipeline.core.divisions import official_names
from pipeline.core.textnorm import fold_width, strip_spaces

__all__ = ["DocNumberMatch", "find_doc_numbers", "normalize_doc_number", "read_doc_number"]

_HAN = r"\u3400-\u9fff\uf900-\ufaff"
_MAX_AGENCY = 12
# a string that is one 文号 (in brackets after a cited title) may name a long register:
# 永嘉县人民政府专题会议纪要〔2019〕156号
_MAX_WHOLE_AGENCY = 20
_CN_NUM = "〇零一二三四五六七八九十百千"
# Letters OCR reads for digits in the year and serial of a 文号.
_LOOKALIKE = str.maketrans(dict(DIGIT_LOOKALIKES))
_D = digit_class()  # a digit position
_OPEN_LIKE = "Cc"  # read for 〔 (only with the closing bracket printed)


@dataclass(frozen=True, slots=True)
class DocNumberMatch:
    """A 文号 found in running text: canonical form, text as printed, span."""

    canonical: str
    raw: str
    start: int
    end: int
    repaired: bool = False  # a bracket restored or a look-alike read (see the module docstring)


@dataclass(frozen=True, slots=True)
class _Patterns:
    with_year: re.Pattern[str]
    no_year: re.Pattern[str]


# In running text the agency is looked for in at most this many CJK chars
# before the year: keeps the search linear on long runs of Han text.
_LOOKBACK = 40


def _build(max_han: int | None) -> _Patterns:
    rules = doc_number_rules()
    op = re.escape(rules.open_brackets)
    cl = re.escape(rules.close_brackets)
    ws = r"\s*"
    more = "*" if max_han is None else f"{{0,{max_han - 1}}}"
    han_run = rf"[{_HAN}](?:\s*[{_HAN}]){more}"
    # a Latin suffix (财行B) or a bracketed sub-code (闽财社（指）, 宁财（社）发) may end the 机关代字
    agency = (
        rf"(?P<agency>{han_run}(?:\s*[A-Za-z]+|\s*[（(]\s*[{_HAN}]{{1,2}}\s*[）)](?:\s*[{_HAN}]){{0,3}})?)"
    )
    # year in brackets; either bracket may be missing, not both (checked later)
    with_year = re.compile(
        rf"{agency}{ws}(?P<speck>[·•・])?{ws}(?P<open>[{op}])?{ws}(?P<speck_in>[·•・.:：,，])?{ws}"
        rf"(?P<year>(?:{digit_class('1')}{ws}9|2{ws}{digit_class('0')}){ws}{_D}{ws}{_D})"
        rf"{ws}(?:(?P<close>[{cl}])|(?P<close_like>[Jj]))?{ws}(?P<speck_out>[·•・.])?{ws}(?:第{ws})?"
        # a serial may start with a capital letter (曾〔2022〕B16号); never one OCR reads for a digit
        rf"(?P<letter>[A-HJ-NP-Z](?=\d))?(?P<serial>{_D}(?:\s*{_D})*){ws}号"
    )
    # … or an order's number with its 第 left out (国务院令649号): after 令 only
    no_year = re.compile(
        rf"(?P<agency>{han_run})(?:(?P<di>第){ws}|(?<=令))"
        rf"(?P<serial>\d(?:\s*\d)*|[{_CN_NUM}](?:\s*[{_CN_NUM}])*){ws}号(?P<order>令)?"
    )
    return _Patterns(with_year, no_year)


@lru_cache(maxsize=1)
def _whole_patterns() -> _Patterns:
    return _build(None)


@lru_cache(maxsize=1)
def _search_patterns() -> _Patterns:
    return _build(_LOOKBACK)


@lru_cache(maxsize=1)
def _stop() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{w})" for w in doc_number_rules().preceding_words))


def _trim_agency(agency: str, *, running_text: bool) -> str:
    """Drop words that precede a 文号 in running text; keep ≤ 12 CJK chars."""
    agency = strip_spaces(agency)
    letters = re.search(rf"(?:[A-Za-z]+|[（(][^（）()]{{1,2}}[）)][{_HAN}]{{0,3}})$", agency)
    raw_tail = letters.group(0) if letters else ""
    han = agency[: len(agency) - len(raw_tail)]
    tail = raw_tail.replace("(", "（").replace(")", "）")
    if running_text:
        cut = 0
        for m in _stop().finditer(han):
            if m.end() < len(han):
                cut = max(cut, m.end())
        han = _cut_lead(han[cut:])
        han = han[-_MAX_AGENCY:]
    if not han or len(han) > (_MAX_AGENCY if running_text else _MAX_WHOLE_AGENCY):
        return ""
    return han + tail


_PLACE_PREFIX_MAX = 3


@lru_cache(maxsize=1)
def _place_prefixes() -> frozenset[str]:
    """The first one to three characters of every region's name (元, 元谋, 从化 …)."""
    return frozenset(n[:k] for n in official_names() for k in range(1, _PLACE_PREFIX_MAX + 1) if len(n) >= k)


def _cut_lead(han: str) -> str:
    """``从元财农`` -> ``元财农``: a lead preposition before a 代字 of the usual shape (see the
    module docstring); ``从财``, ``从府`` (从化区) and ``从江…`` keep it."""
    rules = doc_number_rules()
    prefixes = _place_prefixes()
    for lead in rules.lead_prepositions:
        rest = han[len(lead) :]
        if not han.startswith(lead) or lead + rest[:1] in prefixes:
            continue
        for k in range(1, _PLACE_PREFIX_MAX + 1):
            if rest[:k] in prefixes and any(rest.startswith(mark, k) for mark in rules.organ_marks):
                return rest
    return han


# what numbers its issues with 第N号 and no year: orders (国务院令第649号) and public notices (公告第3号)
_NUMBERED_SERIES = ("令", "公告", "通告")


def _canonical(m: re.Match[str], *, running_text: bool) -> tuple[str, int, bool] | None:
    """Canonical 文号 for a match, how many agency chars were dropped, and
    whether OCR damage was repaired."""
    agency_raw = m.group("agency")
    with_year = "year" in m.re.groupindex
    open_like = (
        with_year
        and m.group("open") is None
        and m.group("close") is not None
        and agency_raw[-1:] in _OPEN_LIKE
        and not agency_raw[-2:-1].isascii()
    )
    if open_like:
        agency_raw = agency_raw[:-1]  # the C is the opening bracket
    agency = _trim_agency(agency_raw, running_text=running_text)
    if not agency:
        return None
    printed_serial = strip_spaces(m.group("serial"))
    serial = printed_serial.translate(_LOOKALIKE) if with_year else printed_serial
    if with_year and not any(c.isdigit() for c in printed_serial):
        return None  # look-alikes alone are no serial
    if serial.isdigit():
        serial = serial.lstrip("0")
    if not serial:
        return None
    # offset of the kept agency inside the raw agency text
    kept = 0
    need = len(agency)
    idx = len(agency_raw)
    while need and idx:
        idx -= 1
        if not agency_raw[idx].isspace():
            need -= 1
    kept = idx
    if with_year:
        opened = m.group("open") is not None or open_like
        closed = m.group("close") is not None or m.group("close_like") is not None
        if not opened and not closed:
            return None
        printed_year = strip_spaces(m.group("year"))
        year = printed_year.translate(_LOOKALIKE)
        repaired = (
            open_like
            or m.group("speck") is not None  # a speck OCR read between 代字 and bracket
            or m.group("speck_in") is not None  # … after the opening bracket (〔:2021〕)
            or m.group("speck_out") is not None  # … after the closing one (〔2023].12号)
            or m.group("close_like") is not None
            or not (opened and closed)
            or year != printed_year
            or printed_serial != printed_serial.translate(_LOOKALIKE)
        )
        letter = m.group("letter") or ""
        if letter and not (m.group("open") and m.group("close")):
            return None  # a lettered serial only in a 文号 printed whole
        return f"{agency}〔{year}〕{letter}{serial}号", kept, repaired
    if len(agency) < 2 or agency[-1] in "年月日批期届次":
        return None  # 2022年第1号, 第二批: not a 文号
    order = m.groupdict().get("order") or ""  # 国务院第427号令: an order numbered before its 令
    if not order and not agency.endswith(_NUMBERED_SERIES):
        return None  # 第13号台风, 你们第3号: a number with no year names an order or a notice series only
    di = m.group("di") or ""  # without 第 only after 令 (the pattern's look-behind): 国务院令649号 as printed
    return f"{agency}{di}{serial}号{order}", kept, False


def find_doc_numbers(text: str) -> list[DocNumberMatch]:
    """Every 文号 in running text, in order, without overlaps."""
    folded = fold_width(text)  # same length: offsets stay valid
    pats = _search_patterns()
    found: list[DocNumberMatch] = []
    taken: list[tuple[int, int]] = []
    for pattern in (pats.with_year, pats.no_year):
        for m in pattern.finditer(folded):
            res = _canonical(m, running_text=True)
            if res is None:
                continue
            canonical, kept, repaired = res
            start = m.start("agency") + kept
            end = m.end()
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            found.append(DocNumberMatch(canonical, text[start:end], start, end, repaired))
    found.sort(key=lambda d: d.start)
    return found


_WRAP = re.compile(r"^(?:文号|发文字号|字号)?[:：]?[（(《<〈「【\[]?(?P<body>.*?)[）)》>〉」】\]]?$")
# a 文号 whose closing bracket and 号 are both lost: 赣财资环指〔202049
_SEVERED = re.compile(rf"(?P<agency>[{_HAN}]{{2,{_MAX_AGENCY}}})[〔\[［【﹝](?P<year>(?:19|20)\d\d)(?P<serial>[1-9]\d{{0,3}})")


def normalize_doc_number(raw: str) -> str | None:
    """The canonical 文号 of a string that is one 文号, else None."""
    read = read_doc_number(raw)
    return read[0] if read else None


def read_doc_number(raw: str) -> tuple[str, bool] | None:
    """The canonical 文号 of a string that is one 文号 and whether OCR-like damage was
    repaired to read it (a bracket restored, a look-alike, the lost 〕 and 号), else None."""
    s = strip_spaces(fold_width(raw))
    if not s:
        return None
    pats = _whole_patterns()
    candidates = [s]
    wrapped = _WRAP.match(s)
    if wrapped and wrapped.group("body") != s:
        candidates.append(wrapped.group("body"))
    for cand in candidates:
        for pattern in (pats.with_year, pats.no_year):
            m = pattern.fullmatch(cand)
            if m is None:
                continue
            res = _canonical(m, running_text=False)
            if res is not None:
                return res[0], res[2]
    for cand in candidates:
        severed = _SEVERED.fullmatch(cand)
        if severed is not None:
            return f"{severed.group('agency')}〔{severed.group('year')}〕{severed.group('serial')}号", True
    return None
