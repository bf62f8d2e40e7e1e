"""The region a 绩效目标表's TITLE names, when no subtitle does: ``百色市2019年城乡义务教育补助经费
区域绩效目标表`` or ``2019年百色市城乡…绩效目标表`` (a county's own copy of the form, titled with its
name instead of a ``（2019年百色市）`` line under the title).

The name is a division's (it resolves, or it is an official name) and sits next to the year: right
after a leading ``2019年``, or right before a ``2019年`` that follows it. A place that only begins a
project's name (``天津市教育强国…专项2024年…绩效目标表``) is no such region: no year beside it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.core.divisions import DIVISION_END, is_official_name, resolve_region
from pipeline.core.textnorm import clean_text, strip_spaces

__all__ = ["is_division", "is_official_name", "region_in_title"]

_YEAR = re.compile(r"(?:19|20)\d{2}年度?")
_MAX_NAME = 14


def is_division(name: str) -> bool:
    """An official name, or one that resolves to a single division."""
    return is_official_name(name) or resolve_region(name) is not None


def _leading_region(text: str) -> str | None:
    year = _YEAR.match(text)
    rest = text[year.end() :] if year else text
    for k in range(2, min(len(rest), _MAX_NAME) + 1):
        name = rest[:k]
        if name[-1] not in DIVISION_END:
            continue
        if (year is not None or _YEAR.match(rest, k)) and is_division(name):
            return name
    return None


def region_in_title(lines: Sequence[str]) -> str | None:
    """The region named at the start of a title line of a 绩效目标表 (the title, possibly wrapped
    over the next lines, says 绩效目标), or None."""
    texts = [strip_spaces(clean_text(line)) for line in lines]
    for i, text in enumerate(texts):
        if "绩效目标" not in "".join(texts[i : i + 3]):
            continue
        name = _leading_region(text)
        if name is not None:
            return name
    return None
