"""Where a 绩效目标表 prints its year and region (``year_and_region``): a bracketed subtitle
(``（2022年木垒县）``), a 地区/区域 cell, a 补助区域 field, the title (``parsers.target_title``), or the
finance body it names.

The finance body, when nothing else names the region: a regional target form (区域绩效目标表, the
targets of one region's transfer) fills in who administers it:
``市级财政部门 | 邯郸市财政局 | 市级主管部门 | 邯郸市民政局``. A whole city's or county's own form
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

from parsers.tablegrid import Grid, compact, text_of
from parsers.target_title import is_division, is_official_name, region_in_title
from pipeline.core.divisions import DIVISION_END
from pipeline.core.textnorm import clean_text, strip_spaces

__all__ = [
    "finance_place",
    "is_finance_label",
    "is_regional_title",
    "own_department",
    "region_of_finance_body",
    "value_right_of",
    "year_and_region",
]

# the level a form's field names (市级, 区县, 林区: 神农架林区's own word for its level)
_LEVEL = r"(?:(?:[省市县区州地盟旗乡镇]{1,2}|林区)级?)"
# 财政部门 with an optional level before it: 市级财政部门, 区县财政部门, 地方财政部门, 林区财政部门
_FINANCE_LABEL = re.compile(rf"^(?:{_LEVEL}|地方|本级|同级)?财政部门[：:]?$")
# 主管部门 with an optional level before it: 市级主管部门, 区县主管部门, 省级主管部门
_DEPARTMENT_LABEL = re.compile(rf"^(?:{_LEVEL}|地方|本级)?主管部门[：:]?$")
# the body's own name after its division: 财政局, 财政厅, 财政委员会, 财政和金融工作局 …
_FINANCE_BODY = re.compile(r"^(?P<place>.+?)(?:人民政府)?财政(?:局|厅|委员会|委|部门|和[\u4e00-\u9fff]{2,6}局)$")
_REGIONAL_TITLE = re.compile(r"区域(?:整体)?绩效目标")


def is_finance_label(text: str) -> bool:
    """``市级财政部门``, ``区县财政部门``, ``财政部门``: the form's finance-body field."""
    return _FINANCE_LABEL.match(strip_spaces(clean_text(text))) is not None


def is_regional_title(lines: Sequence[str]) -> bool:
    """The form's title (possibly wrapped over lines) says 区域绩效目标."""
    return _REGIONAL_TITLE.search("".join(strip_spaces(clean_text(t)) for t in lines)) is not None


def _own_name(place: str) -> str:
    """``襄阳市襄州区`` -> ``襄州区`` (a parent's name before a division's own); else as printed."""
    for k in range(1, len(place) - 1):
        head, rest = place[:k], place[k:]
        if head[-1] in DIVISION_END and is_division(head) and is_official_name(rest):
            return rest
    return place


def finance_place(body: str) -> str | None:
    """The division a finance body's name begins with, as printed (``襄阳市襄州区财政局`` ->
    ``襄阳市襄州区``), or None when the name is no single division's (``各县（市、区）财政局``)."""
    m = _FINANCE_BODY.match(strip_spaces(clean_text(body)))
    if m is None:
        return None
    place = m.group("place")
    if len(place) < 2 or place[-1] not in DIVISION_END or not is_division(place):
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


_SUBTITLE_RE = re.compile(r"[（(]\s*((?:19|20)\d{2})\s*年度?\s*([^（）()]*?)\s*[)）]")

_REGION_LABEL_RE = re.compile(r"^(地区|区域|实施地区|地区名称|县市区|县（市、区）)$")
# a field saying where the money goes (补助区域 | 乌兰察布市, 实施区域 | 光山县): the region when its value
# names a division (补助区域 | 市本级 names none)
_AREA_LABEL_RE = re.compile(r"^(?:补助|实施|项目|资金|受益|所属)(?:地区|区域)$")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年度?")
_PLACE_END = DIVISION_END + "乡镇级"
_MAX_PLACE = 12


def _subtitle(lines: Sequence[str]) -> tuple[int | None, str | None]:
    """Year and region from a bracketed subtitle: (2022年木垒县), (2020年度),
    (木垒县2022年); or a region alone in brackets on its own line (（利州区）: one table per
    county under one title)."""
    region_alone: str | None = None
    for line in lines:
        text = clean_text(line)
        m = _SUBTITLE_RE.search(text)
        if m:
            return int(m.group(1)), (_place(m.group(2)) or region_alone)
        bracket = re.search(r"[（(]([^（）()]*)[)）]", text)
        inner = bracket.group(1) if bracket else ""
        year = _YEAR_RE.search(inner)
        if year is not None:
            rest = _YEAR_RE.sub("", inner).strip(" ，,、：:")
            return int(year.group(1)), _place(rest) or region_alone
        whole = re.fullmatch(r"[（(]\s*([^（）()]{2,20}?)\s*[)）]", text)
        if whole and region_alone is None and _names_a_division(whole.group(1)):
            region_alone = whole.group(1)
    return None, region_alone


def _place(text: str) -> str | None:
    """A subtitle's words after its year when they can name a place (木垒县, 昌吉州, 市本级 …); a
    bracket in a title holding a year and a fund's name (（2019年中等职业教育国家助学金和免学费补助资金）)
    names none."""
    name = strip_spaces(clean_text(text))
    if not name:
        return None
    if _names_a_division(name) or (len(name) <= _MAX_PLACE and name[-1] in _PLACE_END):
        return text
    return None


def _names_a_division(text: str) -> bool:
    """A name that resolves, or an official name several divisions bear (朝阳区: 北京 and
    长春 each have one): alone in brackets under a title it is the table's region either way."""
    return is_division(strip_spaces(clean_text(text)))


def _finance_row(grid: Grid) -> list[str]:
    """The texts of the row holding the finance-body field, from its label on (``市级财政部门 |
    邯郸市财政局 | 市级主管部门 | 邯郸市民政局``), or []."""
    for r in range(grid.n_rows):
        texts = [text_of(c) for c in grid.starting_cells(r)]
        texts = [t for t in texts if t]
        for i, text in enumerate(texts):
            if _FINANCE_LABEL.match(compact(text)):
                return texts[i:]
    return []


def _finance_region(grid: Grid, title: Sequence[str]) -> str | None:
    """The region of the finance body the form names: on a form titled
    区域, or beside a 主管部门 of the same division on its row."""
    row = _finance_row(grid)
    place = finance_place(row[1]) if len(row) > 1 else None
    if place is None:
        return None
    beside = [v for label, v in zip(row[2:], row[3:], strict=False) if _DEPARTMENT_LABEL.match(compact(label))]
    if is_regional_title(title) or own_department(place, beside):
        return _own_name(place)
    return None


def value_right_of(grid: Grid, label: re.Pattern[str]) -> str | None:
    """The first text right of a cell whose text matches ``label`` (a field's value), or None."""
    for r in range(grid.n_rows):
        cells = grid.starting_cells(r)
        for i, cell in enumerate(cells):
            if label.match(compact(text_of(cell))):
                for nxt in cells[i + 1 :]:
                    text = text_of(nxt)
                    if text:
                        return text
    return None


def year_and_region(grid: Grid, lines: Sequence[str], *, regional: bool) -> tuple[int | None, str | None]:
    """The form's year and its region as printed, from (in turn) a bracketed subtitle, a 地区/区域
    cell, a 补助区域 field naming a division, the title, and (a regional form only) the finance body
    its fields name. ``lines`` are the lines above the form and its first rows' texts."""
    year, printed = _subtitle(lines)
    if printed is None:
        printed = value_right_of(grid, _REGION_LABEL_RE)
    if printed is None:
        area = value_right_of(grid, _AREA_LABEL_RE)
        printed = area if area and _names_a_division(area) else None
    if printed is None:
        printed = region_in_title(lines)
    if printed is None and regional:
        printed = _finance_region(grid, lines)
    return year, printed
