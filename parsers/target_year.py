"""The year of a target table that prints none (a money-and-targets table whose title has no
year, a 绩效目标表 without a （2023年度） subtitle).

It is the funds' year the notice's title names (``关于下达2023年…资金的通知``). When the title
names none either, the year stays null: the 成文日期's year would be a guess (a notice issued in
December often 提前下达 next year's funds), and the contract says absent means null.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.core.model import Field, TargetTable

_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def notice_year(title: Field[str] | None) -> int | None:
    """The year a notice's funds are for: its title's first ``YYYY年``."""
    if title is not None and (m := _TITLE_YEAR.search(title.value)) is not None:
        return int(m.group(1))
    return None


def with_notice_year(targets: tuple[TargetTable, ...], title: Field[str] | None) -> tuple[TargetTable, ...]:
    year = notice_year(title)
    if year is None:
        return targets
    return tuple(t if t.year is not None else replace(t, year=year) for t in targets)
