"""Small pure helpers for stored values: units to yuan, printed precision, deadlines."""

from __future__ import annotations

import re
from decimal import Decimal

from pipeline.core.units import plain, to_yuan, yuan_factor

__all__ = ["deadline_days", "fmt", "last_digit_yuan", "plain", "to_yuan"]


def last_digit_yuan(amount: Decimal, unit: str | None) -> Decimal:
    """The value in yuan of one step of the last printed digit (3610 万元 -> 10000)."""
    factor = yuan_factor(unit) or Decimal(1)
    exponent = plain(amount).as_tuple().exponent
    step = Decimal(1).scaleb(exponent) if isinstance(exponent, int) else Decimal(1)
    return step * factor


def fmt(value: Decimal) -> str:
    """A money figure for a message: thousands separators, no trailing zeros."""
    return f"{plain(value):,f}"


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}


def _cn_number(text: str) -> int | None:
    """Chinese numerals up to 999 (三十, 十五, 一百二十) -> int."""
    if not text:
        return None
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


_DEADLINE = re.compile(
    r"(?:收到|下达|拨付|接到)[^，。；]{0,12}?后\s*(\d+|[零〇一二两三四五六七八九十百]+)\s*(?:个)?\s*"
    r"(工作日|自然日|日|天)\s*内"
)


def deadline_days(value: str) -> int | None:
    """Calendar days of a deadline relative to receipt (``收到补助资金后30日内`` -> 30).

    Working-day deadlines (``10个工作日内``) and absolute dates are not
    converted: None.
    """
    m = _DEADLINE.search(value.replace(" ", ""))
    if m is None or m.group(2) == "工作日":
        return None
    raw = m.group(1)
    return int(raw) if raw.isdigit() else _cn_number(raw)
