"""A 成文日期 OCR damaged in its year (``3019年8月16日``, ``20201年07月03日``)
or in its month mark (``2022年7日29日``: 月 read as 日 under a seal), read back
from the notice's own 印发日期.

    repair_issue_date(text, print_iso) -> ISO date | None

Only an impossible year is ever changed (3019, 20201; a real year is kept),
and only to the 印发 year or the year before it, when the printed year is
one edit away from it (a digit misread, added
or lost) and the result is a real date on or before the 印发日期, less than
a year before it; when both years fit (``202`` is one edit from 2022 and
from 2021), the one nearer the 印发日期 (a notice is printed days after it
is signed, not a year). Month and day are read as printed (look-alikes
folded); a 日 in the month's place is read as 月 under the same conditions.
The caller marks the value as repaired and doubtful.

Without a 印发日期 (a 公示, a notice whose 版记 is not printed), the year of a
damaged 成文日期 is settled by the dates the notice prints above it instead
(its head and body: the caller passes the lines above the date):

    repair_issue_year(text, body_texts) -> ISO date | None

Only an impossible year is changed, and only when exactly one real year is
one edit from it and is the year of a date, or of a 文号 (〔2024〕: one the body
cites, or the notice's own, whose year is the year it is signed in), in those
lines or the year after it (a notice is signed after what it cites and reports);
``024年1月31日`` beside a body dated 2024 is 2024-01-31, ``202年…`` (2020-2029)
is left alone unless the body's years leave one of them.

A date written in Chinese numerals is read the same way, its year digit by
digit: ``二〇二年四月二十六日`` (the 一 of 二〇一二 lost under the seal) is
``202年4月26日``, and ``二〇八年五月十二日`` is ``208年5月12日``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace

import regex as re

from parsers.geometry import prov_of
from parsers.normalize.dates import cn_small, find_dates
from parsers.normalize.glyphs import DIGIT_LOOKALIKES
from parsers.normalize.ocr_repair import lowered_confidence
from pipeline.core.model import Field, Line
from pipeline.core.textnorm import fold_width, one_edit_apart, strip_spaces

LOOKALIKE = str.maketrans({**DIGIT_LOOKALIKES, "S": "5", "s": "5"})  # a date's 5 read as S too
DAMAGED = re.compile(r"([0-9]{3,5})年([0-9]{1,2})([月日])([0-9]{1,2})日?")
DOC_YEAR = re.compile(r"[〔\[［【(（﹝]((?:19|20)[0-9]{2})[〕\]］】)）﹞]")  # a cited 文号's year: 某财预〔2024〕11号
MAX_DAYS_BEFORE_PRINT = 366
PLAUSIBLE_YEARS = (1949, 2100)
_CN_FIGURE = "〇○零一二三四五六七八九"
CN_YEAR_DIGITS = str.maketrans({"〇": "0", "○": "0", "零": "0"} | {c: str(n) for n, c in enumerate("一二三四五六七八九", 1)})
_CN_SMALL = "〇零一二三四五六七八九十"
CN_DATE = re.compile(rf"([{_CN_FIGURE}]{{2,5}})年([{_CN_SMALL}]{{1,3}})([月日])([{_CN_SMALL}]{{1,3}})日?")


def _arabic(text: str) -> str:
    """A date read in Chinese numerals in Arabic figures, its year digit by digit
    (``二〇二年四月二十六日`` -> ``202年4月26日``); any other text as it is."""
    m = CN_DATE.fullmatch(text)
    if m is None:
        return text
    year, month, mark, day = m.groups()
    month_n, day_n = cn_small(month), cn_small(day)
    if month_n is None or day_n is None:
        return text
    return f"{year.translate(CN_YEAR_DIGITS)}年{month_n}{mark}{day_n}日"


def _read(text: str) -> re.Match[str] | None:
    """The year, month, month mark and day of a damaged date's reading (Arabic or Chinese)."""
    return DAMAGED.fullmatch(_arabic(strip_spaces(fold_width(text))).translate(LOOKALIKE))


def repair_issue_date(text: str, print_iso: str) -> str | None:
    m = _read(text)
    if m is None:
        return None
    read_year, month, mark, day = m.groups()
    real_year = len(read_year) == 4 and PLAUSIBLE_YEARS[0] <= int(read_year) <= PLAUSIBLE_YEARS[1]
    if real_year and mark == "月":
        return None  # nothing damaged: a real year is never changed, only an impossible one
    printed = dt.date.fromisoformat(print_iso)
    years = (int(read_year),) if real_year else (printed.year, printed.year - 1)
    found: list[dt.date] = []
    for year in years:
        if not real_year and not one_edit_apart(read_year, str(year)):
            continue
        try:
            when = dt.date(year, int(month), int(day))
        except ValueError:
            continue
        if dt.timedelta(0) <= printed - when <= dt.timedelta(days=MAX_DAYS_BEFORE_PRINT):
            found.append(when)
    return max(found).isoformat() if found else None


def repair_issue_year(text: str, body_texts: Iterable[str]) -> str | None:
    """A 成文日期 whose read year is impossible, its year settled by the body's dates
    (see the module docstring); None when nothing or more than one year fits."""
    m = _read(text)
    if m is None:
        return None
    read_year, month, mark, day = m.groups()
    if mark != "月" or (len(read_year) == 4 and PLAUSIBLE_YEARS[0] <= int(read_year) <= PLAUSIBLE_YEARS[1]):
        return None  # a real year is never changed; a 日 in the month's place needs the 印发日期
    body_years = {int(d.iso[:4]) for t in body_texts for d in find_dates(t)}
    body_years |= {int(y) for t in body_texts for y in DOC_YEAR.findall(fold_width(t))}
    fitting = {
        year for base in body_years for year in (base, base + 1)
        if PLAUSIBLE_YEARS[0] <= year <= PLAUSIBLE_YEARS[1] and one_edit_apart(read_year, str(year))
    }
    if len(fitting) != 1:
        return None
    try:
        return dt.date(fitting.pop(), int(month), int(day)).isoformat()
    except ValueError:
        return None


def dated_by_body(line: Line, text: str, body_texts: Sequence[str]) -> Field[str] | None:
    """The 成文日期 of OCR'd ``line`` (read ``text``) with its year settled by the body
    (``repair_issue_year``), marked repaired and doubtful; None for a text-layer line."""
    if line.confidence is None:
        return None
    iso = repair_issue_year(text, body_texts)
    if iso is None:
        return None
    prov = prov_of([line])
    return Field(iso, text, replace(prov, confidence=lowered_confidence(prov.confidence), repaired_from=text))


__all__ = ["dated_by_body", "repair_issue_date", "repair_issue_year"]
