"""A 成文日期 OCR damaged in its year (``3019年8月16日``, ``20201年07月03日``),
read back from the notice's own 印发日期.

    repair_issue_date(text, print_iso) -> ISO date | None

Only an impossible year is ever changed (3019, 20201; a real year is kept),
and only to the 印发 year or the year before it, when the printed year is
one edit away from it (a digit misread, added
or lost) and the result is a real date on or before the 印发日期, less than
a year before it. Month and day are read as printed (look-alikes folded).
The caller marks the value as repaired and doubtful.
"""

from __future__ import annotations

import datetime as dt

import regex as re

from pipeline.core.textnorm import fold_width, one_edit_apart, strip_spaces

LOOKALIKE = str.maketrans({"O": "0", "o": "0", "〇": "0", "○": "0", "l": "1", "I": "1", "|": "1", "S": "5", "s": "5"})
DAMAGED = re.compile(r"([0-9]{3,5})年([0-9]{1,2})月([0-9]{1,2})日?")
MAX_DAYS_BEFORE_PRINT = 366
PLAUSIBLE_YEARS = (1949, 2100)


def repair_issue_date(text: str, print_iso: str) -> str | None:
    m = DAMAGED.fullmatch(strip_spaces(fold_width(text)).translate(LOOKALIKE))
    if m is None:
        return None
    read_year = m.group(1)
    if len(read_year) == 4 and PLAUSIBLE_YEARS[0] <= int(read_year) <= PLAUSIBLE_YEARS[1]:
        return None  # a real year is never changed, only an impossible one
    printed = dt.date.fromisoformat(print_iso)
    found: list[dt.date] = []
    for year in (printed.year, printed.year - 1):
        if not one_edit_apart(m.group(1), str(year)):
            continue
        try:
            day = dt.date(year, int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
        if dt.timedelta(0) <= printed - day <= dt.timedelta(days=MAX_DAYS_BEFORE_PRINT):
            found.append(day)
    return found[0].isoformat() if len(found) == 1 else None


__all__ = ["repair_issue_date"]
