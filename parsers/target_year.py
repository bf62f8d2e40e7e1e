"""The year of a target table that prints none (a money-and-targets table whose title has no
year, a 绩效目标表 without a （2023年度） subtitle): the year of the notice's 成文日期."""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.core.model import Field, TargetTable

_ISO_YEAR = re.compile(r"^(\d{4})-\d{2}-\d{2}$")


def with_notice_year(targets: tuple[TargetTable, ...], issue_date: Field[str] | None) -> tuple[TargetTable, ...]:
    m = _ISO_YEAR.match(issue_date.value) if issue_date is not None else None
    if m is None:
        return targets
    year = int(m.group(1))
    return tuple(t if t.year is not None else replace(t, year=year) for t in targets)
