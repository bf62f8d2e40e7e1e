"""Indicator targets (指标值) per CONTRACT: ``≥90%`` -> Target('>=', 90, '%').

- A comparison sign (``≥ ≤ > < =``, OCR spellings ``>=`` ``≧`` … folded) or
  a comparison word from ``parsers/rules/targets.yaml`` (不低于90% -> ``>=``,
  90%以上 -> ``>=``, 不超过30天 -> ``<=``) before/after a number and a unit.
- With a comparison the unit may be any short text without digits
  (``>=21933人``, ``<=5300元/户``); without one (``8万元``, ``100%``) the op
  is ``=`` and the unit must be made of the listed units (so ``12月底到位``
  stays qualitative).
- A rate of a listed unit per anything short (``500元/生·学期``) is a unit too.
- Everything else (应保尽保, 不低于上年, 有所提升, 2020年12月1日前,
  收到补助资金后30日内, 长期, ranges like 90%-95%) is qualitative: all None; so is a number
  followed by a calendar part (``≥10年``, ``12月``, ``10日``: a date or a span, as the corpus writes
  them) or by 前/后/底 (a deadline).

``parse_deadline_days`` reads a time limit: ``收到补助资金后30日内`` -> 30,
``三十天内`` -> 30. Working days (``15个工作日内``) are not calendar days and
give None there; ``parse_deadline`` returns them with ``business_days=True``.
Months (``一个月内``) give None: a month is not a fixed number of days.
``is_time_limit`` says whether a value is a time limit at all: a span (``30日内``,
``5个工作日内``, ``一个月内``) or a date to meet (``每月10日前``, ``2022年12月底前``, ``年底前``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from parsers.normalize.numbers import cn_number
from parsers.normalize.rules import target_rules
from pipeline.core.model import Target
from pipeline.core.textnorm import fold_ocr_punct, fold_width, strip_spaces

__all__ = [
    "Deadline",
    "format_target",
    "is_time_limit",
    "parse_deadline",
    "parse_deadline_days",
    "parse_target",
    "read_comparison",
]

_SIGNS = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", "=": "="}
_SYMBOL = {v: k for k, v in _SIGNS.items()}
_NUM = r"(?P<num>[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
_MAX_UNIT = 8


@dataclass(frozen=True, slots=True)
class _Vocab:
    prefix: tuple[tuple[str, str], ...]  # (word, op), longest word first
    suffix: tuple[tuple[str, str], ...]
    units: frozenset[str]


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    rules = target_rules()
    prefix = [(w, op) for op, words in rules.prefix_ops.items() for w in words]
    suffix = [(w, op) for op, words in rules.suffix_ops.items() for w in words]
    prefix.sort(key=lambda p: -len(p[0]))
    suffix.sort(key=lambda p: -len(p[0]))
    return _Vocab(tuple(prefix), tuple(suffix), frozenset(rules.units))


def _prepare(value: str) -> str:
    s = strip_spaces(fold_ocr_punct(fold_width(value))).rstrip("。，,；;、.")
    return s.replace("，", ",").replace("．", ".").replace("－", "-")


_PER_WHAT = re.compile(r"[\u4e00-\u9fff]{1,4}")  # what a rate is per: 生, 学期, 人·月


def _known_unit(unit: str, units: frozenset[str]) -> bool:
    """A listed unit, or a rate of one per something (``元/生·学期``, ``次/年``): its first part
    listed, each later part a short word."""
    if unit in units:
        return True
    parts = re.split(r"[/·]", unit)
    return len(parts) > 1 and parts[0] in units and all(_PER_WHAT.fullmatch(p) for p in parts[1:])


# a number followed by a calendar part is a date or a span to meet (2022年12月底前, 10日, ≥10年), and
# a 前/后/底 after the number makes a deadline (30日后, 月底前): qualitative either way
_CALENDAR = re.compile(r"^[年月日]|[前后底]")


_ALT_CLASSIFIER = re.compile(r"[（(][^含以上下内外\W\d]{1,3}[)）]$")  # 台（套）: one classifier or the other


def _loose_unit(unit: str) -> bool:
    bare = _ALT_CLASSIFIER.sub("", unit) if len(unit) > 3 else unit
    return (
        len(unit) <= _MAX_UNIT
        and not re.search(r"[\d~～\-—至到或、,，;；()（）≥≤<>=]", bare)
    )


def parse_target(value: str) -> Target:
    """Operator, number and unit of a 指标值, or all None when qualitative."""
    return _parse(value, calendar_qualitative=True)


def read_comparison(value: str) -> Target:
    """``parse_target`` that also reads a number before a calendar part (``≤30日`` -> ``<=`` 30 日):
    how a value is printed (its sign, number and unit), for repairing what OCR read of it."""
    return _parse(value, calendar_qualitative=False)


def _parse(value: str, *, calendar_qualitative: bool) -> Target:
    s = _prepare(value)
    vocab = _vocab()
    op: str | None = None
    if s[:1] in _SIGNS:
        op, s = _SIGNS[s[0]], s[1:]
    else:
        for word, word_op in vocab.prefix:
            if s.startswith(word):
                op, s = word_op, s[len(word) :]
                break
    m = re.fullmatch(rf"{_NUM}(?P<rest>.*)", s)
    if m is None:
        return Target()
    unit = m.group("rest")
    if calendar_qualitative and _CALENDAR.search(unit):
        return Target()
    for word, word_op in vocab.suffix:
        if unit.endswith(word):
            unit = unit[: -len(word)]
            op = op or word_op
            break
    if op is None:
        if unit and not _known_unit(unit, vocab.units):
            return Target()
        op = "="
    elif not _loose_unit(unit):
        return Target()
    try:
        number = Decimal(m.group("num").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits digits only
        return Target()
    return Target(op=op, number=number, unit=unit or None)


def format_target(target: Target) -> str:
    """``Target('>=', 90, '%')`` -> ``≥90%``; '' for a qualitative target."""
    if target.op is None or target.number is None:
        return ""
    sign = "" if target.op == "=" else _SYMBOL[target.op]
    return f"{sign}{target.number}{target.unit or ''}"


@dataclass(frozen=True, slots=True)
class Deadline:
    days: int
    business_days: bool = False


_CN_NUM = "〇零一二三四五六七八九十百两"
_DEADLINE = re.compile(
    rf"(?P<n>\d+|[{_CN_NUM}]+)个?(?P<kind>工作日|自然日|日|天)(?:之内|以内|内)"
)


def _small_number(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    n = cn_number(s.replace("两", "二"))
    return int(n) if n is not None else None


def parse_deadline(value: str) -> Deadline | None:
    """The time limit in a 时效 value: ``收到补助资金后30日内`` -> Deadline(30)."""
    s = _prepare(value)
    m = _DEADLINE.search(s)
    if m is None:
        return None
    n = _small_number(m.group("n"))
    if n is None or n <= 0:
        return None
    return Deadline(n, business_days=m.group("kind") == "工作日")


def parse_deadline_days(value: str) -> int | None:
    """Calendar days of a time limit (``收到补助资金后30日内`` -> 30), else None."""
    d = parse_deadline(value)
    return d.days if d is not None and not d.business_days else None


_TIME_LIMIT = re.compile(
    rf"(?:[\d{_CN_NUM}]+个?(?:工作日|自然日|日|天|周|星期|月|季度|年)(?:之内|以内|内|之前|以前|前)"
    rf"|(?:月|年|季|季度|月份|年度)(?:底|末)(?:之前|以前|前)?|(?:\d+|[{_CN_NUM}]+)(?:日|号)(?:之前|以前|前))"
    r"[\u4e00-\u9fff]{0,4}$"  # and what is done by then (完成, 拨付到位, 发放)
)


def is_time_limit(value: str) -> bool:
    """A 时效 value: a span to act within (``审批后5个工作日内``) or a date to act by (``每月10日前``,
    ``2022年12月底前``), perhaps with what is done by then (``年底前完成``, ``12月底拨付到位``); a rate,
    a count or words (``≥90%``, ``及时``) are not."""
    return _TIME_LIMIT.search(_prepare(value)) is not None
