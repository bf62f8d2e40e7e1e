"""The region a 区域绩效目标表 names by its finance body, when no subtitle, region cell or title does.

A regional target form (区域绩效目标表: the targets of one region's transfer) fills in who administers
it: ``市级财政部门 | 邯郸市财政局 | 市级主管部门 | 邯郸市民政局``. A whole city's or county's own form
often prints its region nowhere else (subtitle ``（2021年度）``): the division whose finance body the
form names IS the form's region. The rule holds only for a form titled 区域绩效目标 (a project's form
names its finance body as the payer, not as the region of its targets) or for a form whose 主管部门 is
the same division's (``县级财政部门 | 汉阴县财政局 | 县级主管部门 | 汉阴县人力资源和社会保障局``: the regional
form's row of the region's own two bodies, whatever the title), and only when the body belongs to one
division: ``各县（市、区）财政局``, ``区财政局`` or ``相关市县财政局`` name none.

A parent's name before the division (``襄阳市襄州区财政局``) qualifies it and is left out of the name as
printed when the rest is the division's own name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from pipeline.core.divisions import official_names, resolve_region
from pipeline.core.textnorm import clean_text, strip_spaces

__all__ = [
    "DEPARTMENT_LABEL",
    "FINANCE_LABEL",
    "finance_place",
    "is_finance_label",
    "is_regional_title",
    "own_department",
    "region_of_finance_body",
]

# 财政部门 with an optional level before it: 市级财政部门, 区县财政部门, 地方财政部门, 州级财政部门
FINANCE_LABEL = re.compile(r"^(?:[省市县区州地盟旗乡镇]{1,2}级?|地方|本级|同级)?财政部门[：:]?$")
# the body's own name after its division: 财政局, 财政厅, 财政委员会, 财政和金融工作局 …
# 主管部门 with an optional level before it: 市级主管部门, 区县主管部门, 省级主管部门
DEPARTMENT_LABEL = re.compile(r"^(?:[省市县区州地盟旗乡镇]{1,2}级?|地方|本级)?主管部门[：:]?$")
_FINANCE_BODY = re.compile(r"^(?P<place>.+?)(?:人民政府)?财政(?:局|厅|委员会|委|部门|和[\u4e00-\u9fff]{2,6}局)$")
_REGIONAL_TITLE = re.compile(r"区域(?:整体)?绩效目标")
_DIVISION_END = "省市县区州旗盟"


@cache
def _official() -> frozenset[str]:
    return frozenset(official_names())


def _is_division(name: str) -> bool:
    return name in _official() or resolve_region(name) is not None


def is_finance_label(text: str) -> bool:
    """``市级财政部门``, ``区县财政部门``, ``财政部门``: the form's finance-body field."""
    return FINANCE_LABEL.match(strip_spaces(clean_text(text))) is not None


def is_regional_title(lines: Sequence[str]) -> bool:
    """The form's title (possibly wrapped over lines) says 区域绩效目标."""
    return _REGIONAL_TITLE.search("".join(strip_spaces(clean_text(t)) for t in lines)) is not None


def _own_name(place: str) -> str:
    """``襄阳市襄州区`` -> ``襄州区`` (a parent's name before a division's own); else as printed."""
    for k in range(1, len(place) - 1):
        head, rest = place[:k], place[k:]
        if head[-1] in _DIVISION_END and _is_division(head) and rest in _official():
            return rest
    return place


def finance_place(body: str) -> str | None:
    """The division a finance body's name begins with, as printed (``襄阳市襄州区财政局`` ->
    ``襄阳市襄州区``), or None when the name is no single division's (``各县（市、区）财政局``)."""
    m = _FINANCE_BODY.match(strip_spaces(clean_text(body)))
    if m is None:
        return None
    place = m.group("place")
    if len(place) < 2 or place[-1] not in _DIVISION_END or not _is_division(place):
        return None
    return place


def region_of_finance_body(body: str) -> str | None:
    """The division a finance body's name belongs to (``邯郸市财政局`` -> ``邯郸市``), or None when the
    name is no single division's (``各县（市、区）财政局``, ``区财政局``)."""
    place = finance_place(body)
    return _own_name(place) if place is not None else None


def own_department(place: str, departments: Sequence[str]) -> bool:
    """One of the form's 主管部门 is the same division's (``汉阴县财政局`` beside ``县级主管部门 |
    汉阴县人力资源和社会保障局``): the regional form's row of that region's own two bodies."""
    return any(strip_spaces(clean_text(d)).startswith(place) for d in departments)
