"""Dates (日期) to ISO ``YYYY-MM-DD``.

Accepted spellings (whitespace anywhere is ignored):

- ``2022年6月7日``, ``2020年07月03日`` (also ``2O22年``, OCR's O for 0); Chinese numerals ``二〇二二年六月七日``,
  ``二○○九年十月三十日`` (OCR confuses 〇 ○ O o Ｏ 0 in the year: all are read
  as 〇), mixed ``2022年六月七日``;
- ``2022.6.7``, ``2022-06-07``, ``2022/6/7`` (one separator throughout);
- ``20220607`` (eight digits) and damaged copies where the 年月日 were lost,
  ``2022622``: a run of 6-8 digits is split into year (1900-2099) + month +
  day only when exactly one split gives a valid date (``2022622`` ->
  2022-06-22; ``2022112`` could be 1月12日 or 11月2日 -> None). In running
  text (``find_dates``) such a run counts only right before ``印发``.

Impossible dates (``2022年2月30日``) and years outside 1900-2099 are None.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from parsers.normalize.numbers import cn_number
from pipeline.core.textnorm import fold_width

__all__ = ["DateMatch", "cn_small", "find_dates", "normalize_date"]

_ZERO = "〇○OoＯ0零◯"
_CN_DIGITS = "一二三四五六七八九"
_CN_NUM = f"[{_CN_DIGITS}十{_ZERO}]"
_YEAR_CN = f"[{_CN_DIGITS}{_ZERO}]"


@dataclass(frozen=True, slots=True)
class DateMatch:
    iso: str
    raw: str
    start: int
    end: int


def _cn_year(s: str) -> int | None:
    if s[:1].isdigit():  # Arabic, with OCR'd O for 0
        t = re.sub("[OoＯ]", "0", s)
        return int(t) if t.isdigit() else None
    digits = re.sub(f"[{_ZERO}]", "〇", s)
    if not re.fullmatch(f"[{_CN_DIGITS}〇\\d]{{4}}", digits):
        return None
    if digits.isdigit():
        return int(digits)
    n = cn_number(digits.replace("〇", "零"), "direct")
    return int(n) if n is not None else None


def cn_small(s: str) -> int | None:
    """Month or day: Arabic or Chinese (七, 十, 三十, 二十一, 〇七)."""
    if s.isdigit():
        return int(s)
    t = re.sub(f"[{_ZERO}]", "零", s).lstrip("零")
    if not t:
        return None
    n = cn_number(t, "strict")
    return int(n) if n is not None else None


def _iso(year: int | None, month: int | None, day: int | None) -> str | None:
    if year is None or month is None or day is None or not 1900 <= year <= 2099:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _compact(digits: str) -> str | None:
    """A 6-8 digit run as YYYY + month + day when exactly one split is valid."""
    if not 6 <= len(digits) <= 8 or not digits.isdigit():
        return None
    year, rest = int(digits[:4]), digits[4:]
    found = set()
    for cut in range(1, len(rest)):
        m, d = rest[:cut], rest[cut:]
        if len(m) > 2 or len(d) > 2:
            continue
        iso = _iso(year, int(m), int(d))
        if iso:
            found.add(iso)
    return found.pop() if len(found) == 1 else None


_W = r"\s*"


def _spaced(cls: str, lo: int, hi: int) -> str:
    """``cls`` repeated lo..hi times with optional whitespace between."""
    return f"{cls}(?:{_W}{cls}){{{lo - 1},{hi - 1}}}"


_DIGIT = r"\d"
# an Arabic year; OCR reads 0 as O/o now and then (2O22年)
_Y4 = rf"[12]{_W}[\dOoＯ](?:{_W}[\dOoＯ]){{2}}"
_YCN = _spaced(_YEAR_CN, 4, 4)
_MD = _spaced(_DIGIT, 1, 2)
_MDCN = _spaced(_CN_NUM, 1, 3)
_YMD = re.compile(
    rf"(?<![\d{_CN_DIGITS}])(?P<y>{_Y4}|{_YCN}){_W}年{_W}"
    rf"(?P<m>{_MD}|{_MDCN}){_W}月{_W}"
    rf"(?P<d>{_MD}|{_MDCN}){_W}[日号]"
)
_SEP = re.compile(
    rf"(?<![\d.])(?P<y>(?:19|20)\d\d){_W}(?P<sep>[.\-/．]){_W}(?P<m>\d{{1,2}}){_W}"
    rf"(?P=sep){_W}(?P<d>\d{{1,2}})(?![\d]|\.\d)"
)
_COMPACT = re.compile(r"(?<![\d.])(?P<digits>(?:19|20)\d{4,6})(?!\d)")


def _match_ymd(m: re.Match[str]) -> str | None:
    y = "".join(m.group("y").split())
    mo = "".join(m.group("m").split())
    d = "".join(m.group("d").split())
    return _iso(_cn_year(y), cn_small(mo), cn_small(d))


def _match_sep(m: re.Match[str]) -> str | None:
    return _iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))


def normalize_date(raw: str) -> str | None:
    """ISO date of a string that is one date (``2022年6月7日`` -> 2022-06-07)."""
    s = "".join(fold_width(raw).split())
    s = re.sub(r"(印发|印制|发布|成文)$", "", s)
    if not s:
        return None
    m = _YMD.fullmatch(s)
    if m:
        return _match_ymd(m)
    m = _SEP.fullmatch(s)
    if m:
        return _match_sep(m)
    m = _COMPACT.fullmatch(s)
    if m:
        return _compact(m.group("digits"))
    return None


def find_dates(text: str) -> list[DateMatch]:
    """Every full date in running text, in order (see module docstring)."""
    folded = fold_width(text)  # same length: offsets stay valid
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, iso: str | None) -> None:
        if iso is None or any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(DateMatch(iso, text[start:end], start, end))

    for m in _YMD.finditer(folded):
        add(m.start(), m.end(), _match_ymd(m))
    for m in _SEP.finditer(folded):
        add(m.start(), m.end(), _match_sep(m))
    for m in _COMPACT.finditer(folded):
        if re.match(r"\s*印发", folded[m.end() :]):
            add(m.start(), m.end(), _compact(m.group("digits")))
    found.sort(key=lambda d: d.start)
    return found
