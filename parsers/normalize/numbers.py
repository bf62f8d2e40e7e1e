"""Amounts (金额) as Decimal, with their unit (元, 万元, 亿元, 千元).

``parse_amount`` reads one table cell or number as printed:

- ``11438``, ``-20`` (also ``－20``, ``−20``, ``–20``), ``+5``, ``9.2128``,
  ``0.00`` (scale kept: ``Decimal('0.00')``), full-width digits;
- thousands separators in groups of three (``200,000``, ``200，000``); a
  comma anywhere else makes the text no amount (None), it is not guessed;
- ``(20)`` / ``（20）`` is an accounting negative: -20;
- empty, ``—``, ``-``, ``——``, ``/``, ``无`` and any other text: None. An em
  dash before digits (``—20``) is None too: a dash cell or a minus sign,
  the scan cannot tell.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from pipeline.core.textnorm import fold_width, strip_spaces
from pipeline.core.units import MONEY_UNIT_RE, YUAN_PER_UNIT, to_yuan

__all__ = ["UNITS", "parse_amount", "parse_amount_with_unit", "to_yuan", "unit_from_text"]

UNITS: dict[str, Decimal] = YUAN_PER_UNIT

_MINUS = "-－−–‐﹣"
_NUMBER = re.compile(
    rf"(?P<sign>[+＋{re.escape(_MINUS)}])?(?P<int>\d{{1,3}}(?:[,，]\d{{3}})+|\d+)(?:[.．](?P<frac>\d+))?"
)
_UNIT_ALT = MONEY_UNIT_RE


def _prepare(raw: str) -> str:
    return strip_spaces(fold_width(raw))


def _number(s: str) -> Decimal | None:
    m = _NUMBER.fullmatch(s)
    if m is None:
        return None
    text = re.sub("[,，]", "", m.group("int"))
    if m.group("frac") is not None:
        text += "." + m.group("frac")
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex admits digits only
        return None
    sign = m.group("sign")
    return -value if sign and sign in _MINUS else value


def cn_number(s: str, mode: str = "smart") -> Decimal | None:
    """A number written in Chinese numerals (二十一, 伍万, 二〇二二 with ``mode`` "direct"), via
    cn2an; None when it is no number."""
    import cn2an  # lazy: 0.15 s to import, only Chinese numerals need it

    try:
        return Decimal(str(cn2an.cn2an(s, mode)))
    except (ValueError, KeyError, TypeError):
        return None


def parse_amount(raw: str) -> Decimal | None:
    """The amount in one cell/number as printed, or None (see module docstring)."""
    s = _prepare(raw)
    if not s:
        return None
    m = re.fullmatch(r"[(（](?P<inner>[^()（）]+)[)）]", s)
    if m:
        inner = _number(m.group("inner"))
        if inner is None or inner < 0 or m.group("inner")[0] in "+＋":
            return None
        return -inner
    return _number(s)


def parse_amount_with_unit(raw: str) -> tuple[Decimal, str] | None:
    """``8万元`` -> (Decimal('8'), '万元'); ``200,000元``; ``3.5亿元``; else None.

    A leading ``人民币`` and a trailing ``整`` are allowed; the unit must be
    one of ``UNITS`` (``万`` alone is not money: 万人).
    """
    s = _prepare(raw)
    m = re.fullmatch(rf"(?:人民币)?(?P<num>.+?)(?P<unit>{_UNIT_ALT})整?", s)
    if m is None:
        return None
    value = parse_amount(m.group("num"))
    if value is None:
        return None
    return value, m.group("unit")


# A count unit may come first (单位：户、万元; 单位：人，元): the money unit is the table's. OCR may
# lose the separator after a one-character count unit (单位：人万元): tried only when the money
# unit does not start right after the label (lazy), so 单位：万元 never reads as 万 + 元.
_UNIT_LABEL = re.compile(
    rf"(?:单位|金额单位|计量单位)[:：]?(?:人民币)?(?:[^、，,：:0-9]{{1,4}}[、，,/])*[一-鿿]??(?P<unit>{_UNIT_ALT})"
)
_UNIT_BRACKET = re.compile(rf"[(（](?:单位[:：]?)?(?:人民币)?(?P<unit>{_UNIT_ALT})[)）]")


def unit_from_text(s: str) -> str | None:
    """The money unit a caption or header states: ``单位：万元``, ``（万元）``.

    ``单位：…`` wins over a bracketed unit; None when no unit is stated.
    """
    t = _prepare(s)
    m = _UNIT_LABEL.search(t) or _UNIT_BRACKET.search(t)
    return m.group("unit") if m else None
