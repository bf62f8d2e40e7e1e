"""Amounts stated in the 正文, 直达资金 markers and budget (收支分类科目) codes."""

from __future__ import annotations

import regex as re

from parsers.normalize.numbers import parse_amount
from parsers.normalize.text import clean_text
from pipeline.model import BodyAmount, Field, FundMarker, Provenance

AMOUNT = re.compile(r"(?<![0-9.,，])(-?[0-9][0-9,]*(?:\.[0-9]+)?)\s*(亿元|万元|千元|元)")
CLAUSE_SPLIT = re.compile(r"[，。；;！!？?\n]")
PART_WORDS = re.compile(r"其中")
ALLOCATE_WORDS = re.compile(r"下达|拨付|安排|分配|补助|预算|资金")
MARKER = re.compile(
    r"(?:标识|标记|代码)\s*(?:为|是)?\s*[:：]?\s*[“\"'‘「]?\s*"
    r"(?P<code>[0-9]{2,6})?\s*(?P<name>[\p{Han}]{0,10}?直达资金)"
)
BUDGET_CODE = re.compile(r"(?<![0-9.〔\[（(])([0-9]{3,9})(?![0-9.〕\]）)%％年月日号万元个人户次])")


def parse_body_amounts(body: str, prov: Provenance) -> tuple[BodyAmount, ...]:
    text = clean_text(body)
    out: list[BodyAmount] = []
    for m in AMOUNT.finditer(text):
        value = parse_amount(m.group(1))
        if value is None:
            continue
        start = _clause_start(text, m.start())
        end = _clause_end(text, m.end())
        context = text[start:end]
        # 其中 makes every later amount of its sentence a part, not a total.
        sentence_start = max(text.rfind(ch, 0, m.start()) for ch in "。；;") + 1
        is_part = bool(PART_WORDS.search(text[sentence_start : m.start()]))
        out.append(BodyAmount(value=value, unit=m.group(2), context=context, is_total=not is_part, prov=prov))
    return tuple(out)


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
    for m in MARKER.finditer(text):
        name = m.group("name")
        code = m.group("code")
        if not name or (code, name) in seen:
            continue
        seen.add((code, name))
        out.append(FundMarker(code=code, name=name, prov=prov))
    return tuple(out)


def parse_budget_codes(body: str, prov: Provenance) -> tuple[Field[str], ...]:
    """Codes of the 政府收支分类科目 printed in sentences that speak of 科目."""
    text = clean_text(body)
    out: list[Field[str]] = []
    for sentence in re.split(r"[。；;]", text):
        if "科目" not in sentence:
            continue
        for m in BUDGET_CODE.finditer(sentence):
            code = m.group(1)
            if code not in [f.value for f in out]:
                out.append(Field(code, code, prov))
    return tuple(out)
