"""The 一级/二级 of an indicator a table prints no level label for, read from what it says.

A money-and-targets table's target columns (parsers/money_targets.py) and a 绩效目标表 printing no
二级 (三级指标 | 指标值: parsers/targets.py) both name their indicators without placing them in the
ministry's hierarchy. The 二级 comes from a level label in a column's header path, else from the
indicator's name where its vocabulary is certain (``…人数`` -> 数量指标, ``…满意度`` -> 服务对象满意度
指标, ``…时效`` -> 时效指标: ``indicator_name_levels`` in ``parsers/rules/table_structure.yaml``),
else from its values (all counts under an 产出 name: 数量指标; all time limits: 时效指标; income or
output words under a 效益 name: 经济效益指标), else it stays None. The 一级 follows the 二级, else a
level-1 label or the name's 一级 vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from parsers.normalize.hierarchy import classify_label
from parsers.normalize.targets import is_time_limit
from parsers.table_vocab import figure_in_unit, label_key, structure_rules
from parsers.target_hierarchy import level1_of
from pipeline.core.model import TargetTable
from pipeline.core.textnorm import clean_text

__all__ = ["level1_for", "level2_of", "levels_from_names", "named_level2"]


@cache
def _level_patterns(key: str) -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    table: dict[str, list[str]] = getattr(structure_rules(), key)
    return tuple((label, tuple(re.compile(p) for p in patterns)) for label, patterns in table.items())


def _first_level(key: str, text: str) -> str | None:
    k = label_key(text)
    return next((label for label, ps in _level_patterns(key) if any(p.fullmatch(k) for p in ps)), None)


@cache
def _count_re() -> re.Pattern[str]:
    # a count (120人, 3个) or an amount of a physical measure (1800万立方米, 2.5万吨): output in numbers
    return re.compile(rf"^[≥≤><=＞＜]?\s*{figure_in_unit()}$")


def _counted_in_header(name: str) -> bool:
    """A header ending in a bracketed count unit: 示范基地（个）, 培训人数（人次）."""
    m = re.search(r"[（(]\s*([^（）()]{1,3})\s*[)）]$", clean_text(name).strip())
    return m is not None and m.group(1).strip() in structure_rules().count_units


def _counts(values: Sequence[str]) -> bool:
    count = _count_re()
    return bool(values) and all(count.match(v) for v in values)


def named_level2(name: str) -> str | None:
    """The 二级 an indicator's name alone makes certain (the national 指标体系's words), or None."""
    return _first_level("indicator_name_levels", name)


def level2_of(path: Sequence[str], values: Sequence[str] = ()) -> str | None:
    """The 二级 of an indicator column: a level label in its header path, else
    the name's certain vocabulary, else the column's values (all counts: 数量指标;
    all time limits: 时效指标; a 效益 name or 一级 label over income or output words: 经济效益指标),
    else None."""
    for text in reversed(path[:-1]):
        match = classify_label(text)
        if match is not None and match.level == 2:
            return match.canonical
    name = path[-1] if path else ""
    printed = _printed_level1(path)
    found = _first_level("indicator_name_levels", name)
    if found is not None and printed in (None, level1_of(found)):
        return found  # a name's 二级 the printed 一级 (效益指标 over 带动就业人数) contradicts is no certainty
    if _counted_in_header(name) and printed in (None, "产出指标"):
        return "数量指标"  # 建设示范基地（个）: the header counts the values in a count unit
    level1 = printed or _first_level("indicator_name_level1", name)
    if level1 in (None, "产出指标") and _counts(values):
        return "数量指标"
    if level1 in (None, "产出指标") and values and all(is_time_limit(v) for v in values):
        return "时效指标"  # every value a time limit (每月10日前, 5个工作日内): the column is timeliness
    if level1 == "效益指标":
        readings = {_first_level("benefit_value_levels", v) for v in values}
        if len(readings) == 1 and None not in readings:
            return readings.pop()
    return None


def _printed_level1(path: Sequence[str]) -> str | None:
    """A 一级 label printed over the column (产出指标 over 实施项目数 | 验收合格率)."""
    for text in reversed(path[:-1]):
        match = classify_label(text)
        if match is not None and match.level == 1:
            return match.canonical
    return None


def level1_for(path: Sequence[str], level2: str | None) -> str | None:
    """The 一级: from the 二级, else a level label in the path, else the name."""
    if level2 is not None:
        return level1_of(level2)
    printed = _printed_level1(path)
    if printed is not None:
        return printed
    return _first_level("indicator_name_level1", path[-1]) if path else None


def levels_from_names(table: TargetTable) -> TargetTable:
    """A table printing no 二级 label (三级指标 | 指标值, or 一级指标 | 三级指标 | 指标值): each
    indicator's 二级 from its name where the vocabulary is certain (…满意度 -> 服务对象满意度指标,
    …合格率 -> 质量指标, as for a money-and-targets column) or from its value (a time limit:
    时效指标) and agrees with a printed 一级, else None. Nothing was misplaced: no repair."""
    inds = table.indicators
    if not inds or any(i.level2_as_printed or i.level2 for i in inds):
        return table
    new = []
    for ind in inds:
        level2 = level2_of([ind.name], [ind.value])
        level1 = level1_for([ind.name], level2)
        if ind.level1 is not None and level1 != ind.level1:
            level2, level1 = None, ind.level1  # the printed 一级 says otherwise: not certain
        new.append(replace(ind, level2=level2, level1=level1))
    return replace(table, indicators=tuple(new))
