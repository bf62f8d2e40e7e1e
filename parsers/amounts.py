"""Amounts stated in the 正文, 直达资金 markers and budget (收支分类科目) codes.

A body read by OCR (its provenance has a confidence) may have lost the tail
of a thousands comma (``171,017元`` -> ``171.017元``), turned a decimal
point into one (``86,5万元``) or read a letter for a digit (``5O万元``): its
amounts are read with the amount grammar of ``parsers.normalize.ocr_repair``,
the unit bounding the decimals (元: two).
A value the grammar changed, or could not decide (``92.128万元``: 92128 or
92.128, kept as printed), carries the OCR text in ``repaired_from`` and a
lowered confidence, for LOW_CONFIDENCE. Text-layer bodies are read as printed.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import regex as re

from parsers.normalize.numbers import cn_number, parse_amount
from parsers.normalize.ocr_repair import MAX_DECIMALS, lowered_confidence, repair_amount
from pipeline.core.model import BodyAmount, Field, FundMarker, Provenance
from pipeline.core.textnorm import clean_text
from pipeline.core.units import MONEY_UNIT_RE

# (a full-width comma before the number ends a clause - ，39万元 - unless a digit precedes it:
# 1，000万元 is one number)
# the unit: 元 with its multiples, or a bare 万/亿 ending the phrase (直接费用20万，): not 20万人, 3万亩
_UNIT = rf"({MONEY_UNIT_RE}|[万亿](?![\p{{Han}}A-Za-z]))"
BARE_UNIT = {"万": "万元", "亿": "亿元"}
AMOUNT = re.compile(r"(?<![0-9.,])(?<![0-9]，)(-?[0-9][0-9,]*(?:\.[0-9]+)?)\s*" + _UNIT)
# OCR: any run of digits and separators (a full-width comma only before exactly
# three digits: elsewhere it is the sentence's punctuation), letters OCR reads
# for 0 and 1 (``5O万元``, ``l00万元``; not after a Latin letter), a point read as a colon
# (``54:36万元``: a time is no amount of money); the grammar decides.
_DIGIT = "[0-9OoIl]"
OCR_AMOUNT = re.compile(
    rf"(?<![0-9A-Za-z.,．])(?<![0-9]，)"
    rf"(-?{_DIGIT}*[0-9]{_DIGIT}*(?:(?:[,.．:：]|，(?={_DIGIT}{{3}}(?!{_DIGIT})))(?:{_DIGIT})+)*)"
    r"\s*" + _UNIT
)
# An amount in capital numerals (大写: 伍万元, 壹拾贰万叁仟元): the shortest numeral before the
# unit, so 伍万元 is 5 万元 and 伍万叁仟元 53000 元; 角/分 after 元 are left out.
CAPITAL_AMOUNT = re.compile(r"([零壹贰叁肆伍陆柒捌玖拾佰仟万亿]+?)(亿元|万元|元)")
CLAUSE_SPLIT = re.compile(r"[，。；;：！!？?\n]")
PART_WORDS = re.compile(r"其中")
# A rate, not a sum: 45元/亩, 200元／人·月, 每人每月200元 - a standard the money is worked out
# from, never a total to find in a table.
RATE_AFTER = re.compile(r"\s*[/／]")
RATE_BEFORE = re.compile(r"每[\p{Han}]{1,3}(?:每[\p{Han}]{1,2})?$")
# A share of a larger sum: the next clause says what part of it the amount is (…资金为10493万元，
# 占比为86.9%; …1200万元，占全部资金的60%): never the notice's total.
SHARE_AFTER = re.compile(r"[，,]\s*占[^，。；0-9]{0,14}(?P<pct>[0-9]{1,3}(?:\.[0-9]+)?)\s*[%％]")
ALLOCATE_WORDS = re.compile(r"下达|拨付|安排|分配|补助|预算|资金")
# what introduces a 直达资金 marker: 标识为：“
# … never the monitoring system the marker is entered into (标识导入直达资金监控系统)
_NOT_THE_SYSTEM = r"(?![\p{Han}]{0,4}(?:管理|系统|监控))"
_MARKER_WORDS = r"(?:标识|标记|代码)\s*(?:为|是)?\s*[:：]?\s*"
MARKER = re.compile(
    _MARKER_WORDS + r"[“\"'‘「]?\s*"
    r"(?P<code>[0-9]{2,6})?\s*(?P<name>[\p{Han}]{0,10}?直达资金)" + _NOT_THE_SYSTEM
)
# A candidate 科目 code: not the decimals of a number (a ``.`` after a quote is a
# misread 、) nor part of an alphanumeric code (项目代码 10000015Z155110000004); brackets
# and a trailing ``.`` are judged by ``_code_shape``.
# never a group of an amount with thousands separators (3,600,000元), never a 文号's year in
# any of its brackets (〔2020〕 [2020] ［2020］ 【2020】 ﹝2020﹞)
SUBJECT_CODE = re.compile(
    r"(?<![0-9A-Za-z〔\[［【﹝])(?<![0-9][.．,])([0-9]{3,9})(?![0-9A-Za-z〕\]］】﹞%％年月日号万元个人户次])(?!,[0-9])"
)
YEAR_LIKE = re.compile(r"(?:19|20)[0-9]{2}")
MARKER_LEAD = re.compile(_MARKER_WORDS + r"[“\"'‘「]?\s*$")
# A 直达资金 marker quoted after 标识为 whatever its name (``“01002正常转移支付”``),
# taken in a sentence that speaks of 直达.
QUOTED_MARKER = re.compile(
    _MARKER_WORDS + r"[“\"'‘「]\s*"
    r"(?P<code>[0-9]{2,6})?\s*(?P<name>[\p{Han}]{2,14})\s*[”\"'’」]"
)
# A bare marker: the funds declared to BE 中央/参照/省级/自治区/市级 直达资金 with no code printed
# (``该项补助资金为中央直达资金，…保持标识不变``); taken only when the notice prints no
# marker after 标识 (``…为中央直达资金。…标识为“01002正常转移支付”``).
BARE_MARKER = re.compile(
    r"(?:为|属于|系|是)(?:[0-9]{4}年度?)?(?P<name>(?:中央|参照|省级?|自治区级?|市级?)直达资金)" + _NOT_THE_SYSTEM
)


def _read(token: str, unit: str, prov: Provenance) -> tuple[Decimal | None, Provenance]:
    """The value of one amount token and its provenance (see the module docstring)."""
    if prov.confidence is None:
        return parse_amount(token), prov
    rep = repair_amount(token, None, max_decimals=MAX_DECIMALS.get(unit))
    if not rep.doubtful or rep.value is None:
        return rep.value, prov
    return rep.value, replace(prov, confidence=lowered_confidence(prov.confidence), repaired_from=token)


def parse_body_amounts(body: str, prov: Provenance) -> tuple[BodyAmount, ...]:
    text = clean_text(body)
    out: list[BodyAmount] = []
    pattern = AMOUNT if prov.confidence is None else OCR_AMOUNT
    found = [(m, *_read(m.group(1), _unit(m), prov)) for m in pattern.finditer(text)]
    found += [(m, cn_number(m.group(1), "normal"), prov) for m in CAPITAL_AMOUNT.finditer(text)
              if not _beside_digits(text, m, [f[0] for f in found])]
    for m, value, value_prov in sorted(found, key=lambda f: f[0].start()):
        if value is None:
            continue
        start = _clause_start(text, m.start())
        end = _clause_end(text, m.end())
        context = text[start:end]
        # 其中 makes every later amount of its sentence a part, not a total.
        sentence_start = max(text.rfind(ch, 0, m.start()) for ch in "。；;") + 1
        is_part = (
            bool(PART_WORDS.search(text[sentence_start : m.start()]))
            or _is_rate(text, m.start(), m.end())
            or _is_share(text, end)
        )
        out.append(
            BodyAmount(value=value, unit=_unit(m), context=context, is_total=not is_part, prov=value_prov)
        )
    return tuple(out)


def _unit(m: re.Match[str]) -> str:
    """The match's unit as the notice JSON spells it (a bare 万 is 万元)."""
    unit = str(m.group(2))
    return BARE_UNIT.get(unit, unit)


def _beside_digits(text: str, m: re.Match[str], digits: list[re.Match[str]]) -> bool:
    """A capital amount printed with its figures in the same clause (伍万元（50000元）, 人民币伍万元整
    即5万元): one amount, read from the figures."""
    lo, hi = _clause_start(text, m.start()), _clause_end(text, m.end())
    return any(lo <= d.start() < hi or d.start() - m.end() in range(0, 3) for d in digits)


def _is_share(text: str, end: int) -> bool:
    """The clause after the amount's gives it as a share under 100% of a larger sum."""
    m = SHARE_AFTER.match(text, end)
    return m is not None and Decimal(m.group("pct")) < 100


def _is_rate(text: str, start: int, end: int) -> bool:
    return RATE_AFTER.match(text, end) is not None or RATE_BEFORE.search(text, max(0, start - 8), start) is not None


def _clause_start(text: str, pos: int) -> int:
    for i in range(pos - 1, -1, -1):
        if CLAUSE_SPLIT.match(text[i]):
            return i + 1
    return 0


def _clause_end(text: str, pos: int) -> int:
    m = CLAUSE_SPLIT.search(text, pos)
    return m.start() if m else len(text)


def parse_fund_markers(body: str, prov: Provenance) -> tuple[FundMarker, ...]:
    text = clean_text(body)
    out: list[FundMarker] = []
    seen: set[tuple[str | None, str]] = set()
    found = [(m.start(), m.group("code"), m.group("name")) for m in MARKER.finditer(text)]
    taken = {start for start, _, _ in found}
    for sentence_start, sentence in _sentences(text):
        if "直达" not in sentence:
            continue
        for m in QUOTED_MARKER.finditer(sentence):
            if sentence_start + m.start() not in taken:
                found.append((sentence_start + m.start(), m.group("code"), m.group("name")))
    found.extend(_bare_markers(text, found))
    for _, code, name in sorted(found, key=lambda f: f[0]):
        if not name or (code, name) in seen:
            continue
        seen.add((code, name))
        out.append(FundMarker(code=code, name=name, prov=prov))
    return tuple(out)


def _bare_markers(
    text: str, found: list[tuple[int, str | None, str]]
) -> list[tuple[int, str | None, str]]:
    """Markers named without a code, only when the notice prints no marker after 标识
    (a printed marker says which one the funds carry; the bare name then only describes them)."""
    if found:
        return []
    out: list[tuple[int, str | None, str]] = []
    for sentence_start, sentence in _sentences(text):
        out.extend((sentence_start + m.start("name"), None, m.group("name")) for m in BARE_MARKER.finditer(sentence))
    return out


def _sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) of each sentence between 。；;."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in re.finditer(r"[。；;]", text):
        out.append((start, text[start : m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return out


def parse_budget_codes(body: str, prov: Provenance) -> tuple[Field[str], ...]:
    """Codes of the 政府收支分类科目 (收支科目, 经济分类).

    Every code of a sentence that speaks of 科目; elsewhere a code printed as
    a subject is: a number right before the subject's name inside quotes
    (``“2130599其他扶贫支出”``) or right before it in quotes (``科506“对事业单位资本性补助”``),
    after 列/列入/列报 (``支出列207“…”``), or in brackets after the subject's name
    (``…转移支付收入（1100230）``). Never a
    year, an amount, a count or a 文号's number.
    """
    text = clean_text(body)
    out: list[Field[str]] = []
    for sentence in re.split(r"[。；;]", text):
        speaks_of_subjects = "科目" in sentence
        for m in SUBJECT_CODE.finditer(sentence):
            code = m.group(1)
            if not _code_shape(sentence, m.start(1), m.end(1)):
                continue
            subject = speaks_of_subjects or _printed_as_subject(sentence, m.start(1), m.end(1))
            if subject and code not in [f.value for f in out]:
                out.append(Field(code, code, prov))
    return tuple(out)


def _code_shape(text: str, start: int, end: int) -> bool:
    """Not a bracketed year nor a decimal number; a code may be bracketed or end in ``.`` before its name."""
    code = text[start:end]
    before, after = text[start - 1 : start], text[end : end + 1]
    if before in "（(" and after in "）)" and before and after:
        return not YEAR_LIKE.fullmatch(code)
    return after != "." or bool(re.match(r"\.\p{Han}", text[end : end + 2]))


def _printed_as_subject(text: str, start: int, end: int) -> bool:
    before, after = text[:start], text[end:]
    if MARKER_LEAD.search(before):
        return False  # a 直达资金 marker's code (标识为“02001参照直达资金”)
    # “2130599其他扶贫支出”, “2130321-大中型水库移民后期扶持专项支出”
    quoted_name = bool(re.search(r"[“\"「]$", before) and re.match(r"[.．\-－—]?\p{Han}", after))
    after_verb = bool(re.search(r"列(?:入|报|为|支)?\s*$", before))
    bracketed = bool(re.search(r"(?:收入|支出|[”\"」])[（(]$", before) and re.match(r"[）)]", after))
    # 经济分类科506“对事业单位资本性补助”: the code right before its name in quotes
    name_after = bool(re.match(r"[“\"「]\p{Han}[^”\"」]{0,30}[”\"」]", after))
    return quoted_name or after_verb or bracketed or name_after
