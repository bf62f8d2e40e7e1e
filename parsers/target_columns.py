"""The columns of a 绩效目标表's indicator block beside 三级指标 and 指标值.

Real tables add columns to the ministry's form: the unit apart from the value (`三级指标 | 单位 |
指标值`, `指标值 | 度量单位`), a score (`分值`, `权重`), a self-evaluation's actual value and score
(`全年实际值 | 得分`), an explanation (`指标解释`) or a remark (`备注`). Read by position (the name
is the first text of a row, the value the next) such a row gives the unit or the score as the
value. When the indicator header names such a column, each body cell is read by the header
above it: the value from the 指标值 column, a unit cell joined to a value printed without its unit
(`≥95` | `%` -> `≥95%`), the other columns left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.tablegrid import Grid, compact, text_of
from pipeline.core.textnorm import clean_text, strip_spaces

# The header of an indicator's value (指标值, 目标值, 年度指标值, 区域目标值 …), compacted: the one
# copy the block finder (target_blocks), these columns and the regions-as-columns split
# (target_matrix) all read.
# A qualifier may follow, bracketed or compacted (指标值（年度）, 目标值(2023年)): a period or a year.
_VALUE = re.compile(r"(区域|地区|分地区|各地|年度|中期|预期|计划|指标|年度绩效|绩效)?(目标值|指标值)"
                    r"([（(]?(年度|中期|全年|(?:19|20)\d{2}年度?)[)）]?)?")


def is_value_header(word: str) -> bool:
    """``word`` (compacted) names the value column of an indicator block."""
    return _VALUE.fullmatch(word) is not None


# The header of an indicator's name: 三级指标, or the name column of a block without level columns.
_NAME = frozenset({"三级指标", "指标名称", "指标内容", "三级指标名称", "绩效指标名称", "具体指标"})


def is_name_header(word: str) -> bool:
    """``word`` (compacted) names the name column of an indicator block."""
    return word in _NAME


# A broader word over the names, read as their column only right beside (left of) the one value
# column of a header naming no name column: 绩效指标 | 指标值, 指标 | 指标值.
_NAME_BESIDE_VALUE = frozenset({"绩效指标", "指标", "绩效目标", "目标", "指标内容及名称"})


def is_name_beside_value(word: str) -> bool:
    """``word`` (compacted) names the indicators when printed just left of the value column."""
    return word in _NAME_BESIDE_VALUE


def name_spans(words: list[tuple[str, range]]) -> list[range]:
    """The name columns of an indicator header's (word, columns) cells: those a name header heads
    (三级指标, 指标名称), else the one cell right before the single value column when its word names
    indicators (绩效指标 | 指标值)."""
    named = [span for word, span in words if not is_value_header(word) and is_name_header(word)]
    if named:
        return named
    values = [span for word, span in words if is_value_header(word)]
    if len(values) != 1:
        return []
    return [span for word, span in words if span.stop == values[0].start and is_name_beside_value(word)]


def header_cells(grid: Grid, header_row: int) -> list[tuple[str, range]]:
    """Each cell of a header row: its word (brackets and spaces gone) and its columns."""
    return _header_words(grid, header_row)


# The header of an indicator level's column: 一级指标 / 二级指标, short (一级, 二级) or named (一级指标名称).
_LEVEL = re.compile(r"[一二]级(指标)?(名称)?")


def is_level_header(word: str) -> bool:
    """``word`` (compacted) names the 一级 or 二级 column of an indicator block."""
    return _LEVEL.fullmatch(word) is not None


# Header words of the indicator block's other columns (compacted, a bracketed unit or note stripped).
_UNIT = frozenset({"单位", "度量单位", "计量单位", "指标单位", "指标值单位"})
_OTHER = frozenset({"分值", "权重", "分数", "指标分值", "全年实际值", "实际完成值", "实际值", "完成值", "得分",
                    "评分", "备注", "指标解释", "指标说明", "评分标准", "计算方法", "完成情况",
                    "偏差原因分析", "未完成原因及改进措施", "偏差原因"})
_BRACKETED = re.compile(r"[（(][^（）()]*[)）]$")


@dataclass(frozen=True, slots=True)
class ValueColumns:
    """Grid columns (as spans of the header cells) of the value, the unit and the columns left out."""

    value: range
    unit: range | None
    other: tuple[range, ...]

    def role(self, col: int) -> str | None:
        """'value' | 'unit' | 'other' for a body cell starting in ``col``, None elsewhere."""
        if col in self.value:
            return "value"
        if self.unit is not None and col in self.unit:
            return "unit"
        if any(col in span for span in self.other):
            return "other"
        return None


def _word(text: str) -> str:
    return compact(_BRACKETED.sub("", strip_spaces(clean_text(text))))


def _header_words(grid: Grid, header_row: int) -> list[tuple[str, range]]:
    """Each cell of the indicator header: its word (brackets and spaces gone) and its columns."""
    return [
        (_word(text_of(cell)), range(cell.col, cell.col + max(cell.colspan, 1)))
        for cell in grid.starting_cells(header_row)
    ]


def value_columns(grid: Grid, header_row: int | None) -> ValueColumns | None:
    """The indicator header's value, unit and other columns, when it names a unit or another
    column beside a single value column (the ministry's plain form needs no roles: None)."""
    if header_row is None:
        return None
    values: list[range] = []
    unit: range | None = None
    other: list[range] = []
    for word, span in _header_words(grid, header_row):
        if is_value_header(word):
            values.append(span)
        elif word in _UNIT:
            unit = span
        elif word in _OTHER:
            other.append(span)
    if len(values) != 1 or (unit is None and not other):
        return None
    return ValueColumns(values[0], unit, tuple(other))


def value_before_name(grid: Grid, header_row: int | None) -> tuple[range, range] | None:
    """(value columns, name columns) when the indicator header prints its one value column LEFT of
    its one name column (指标值 | 三级指标): each row's value is read after its name. Else None."""
    if header_row is None:
        return None
    words = _header_words(grid, header_row)
    values = [span for word, span in words if is_value_header(word)]
    names = [span for word, span in words if not is_value_header(word) and is_name_header(word)]
    if len(values) == 1 and len(names) == 1 and values[0].start < names[0].start:
        return values[0], names[0]
    return None


def unlevelled_name_column(grid: Grid, header_row: int | None) -> range | None:
    """The name column of an indicator header printing no level column (指标名称 | 指标值, 三级指标 |
    目标值: no 一级/二级 column): there a name cell is never a level label, even one reading as one
    (服务对象满意度 | ≥90%). None when the header prints a level column or not one name column."""
    if header_row is None:
        return None
    words = _header_words(grid, header_row)
    if any(is_level_header(word) for word, _ in words):
        return None
    names = name_spans(words)
    if len(names) != 1 or not any(is_value_header(word) for word, _ in words):
        return None
    return names[0]


_ENDS_IN_NUMBER = re.compile(r"\d$")


def with_unit(value: str, unit: str) -> str:
    """A value printed without its unit takes the unit column's (`≥95` + `%`); a value that
    already ends in a unit or words (`≥95%`, `有所提升`) stays as printed."""
    unit = strip_spaces(clean_text(unit))
    if not unit or not _ENDS_IN_NUMBER.search(strip_spaces(value)):
        return value
    return value + unit
