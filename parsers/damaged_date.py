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
"""

from __future__ import annotations

import datetime as dt

import regex as re

from pipeline.core.textnorm import fold_width, one_edit_apart, strip_spaces

LOOKALIKE = str.maketrans({"O": "0", "o": "0", "〇": "0", "○": "0", "l": "1", "I": "1", "|": "1", "S": "5", "s": "5"})
DAMAGED = re.compile(r"([0-9]{3,5})年([0-9]{1,2})([月日])([0-9]{1,2})日?")
MAX_DAYS_BEFORE_PRINT = 366
PLAUSIBLE_YEARS = (1949, 2100)


def repair_issue_date(text: str, print_iso: str) -> str | None:
    m = DAMAGED.fullmatch(strip_spaces(fold_width(text)).translate(LOOKALIKE))
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


__all__ = ["repair_issue_date"]
