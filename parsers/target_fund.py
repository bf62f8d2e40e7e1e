"""The fund of a target table whose own title names none: a money-and-targets table titled only
``资金分配绩效目标表`` leaves ``资金`` once its year and tail are stripped. Such a table is about the
fund the notice is (``关于下达2023年民族地区卫生发展十年行动计划专项资金的通知`` ->
``民族地区卫生发展十年行动计划专项资金``); a project the table names itself is never replaced.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.core.fund_keys import fund_key
from pipeline.core.model import Field, TargetTable

__all__ = ["notice_fund", "with_notice_fund"]

# A project that is only a word for money: what a title that names no fund leaves.
_GENERIC = re.compile(r"(?:专项|补助|转移支付|项目|财政)?(?:资金|经费)")


def notice_fund(title: Field[str] | None) -> str | None:
    """The fund the notice's title names (:func:`pipeline.core.fund_keys.fund_key`), or None."""
    key = fund_key(title.value) if title is not None else None
    return key.fund if key is not None and not _GENERIC.fullmatch(key.fund) else None


def with_notice_fund(targets: tuple[TargetTable, ...], title: Field[str] | None) -> tuple[TargetTable, ...]:
    """Tables whose project is only a word for money take the notice's fund."""
    fund = notice_fund(title)
    if fund is None:
        return targets
    return tuple(replace(t, project=fund) if t.project and _GENERIC.fullmatch(t.project) else t for t in targets)
