"""Table-structure vocabulary from ``parsers/rules/table_structure.yaml``.

Row labels (grand total 合计/总计 versus subtotal ××市小计, a government's own
level 市本级), subset prefixes (其中), total column headers (合计, 小计 …), recipient
and code column headers, generic header leaves (小计, 项目数), the words and units
that say what a column measures (money or a quantity: parsers/column_measures.py),
and the words of a money-and-targets table (资金安排及绩效目标表). Validated with
pydantic at load; a bad pattern is a ConfigError before any document.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from pydantic import field_validator

from parsers.normalize.rules import RULES_DIR, load_rules
from pipeline.core.rulefiles import StrictRules
from pipeline.core.textnorm import clean_text

__all__ = [
    "TableStructureRules",
    "is_attribute_header",
    "is_category_header",
    "is_code_header",
    "is_counted_header",
    "is_explanation_header",
    "is_generic_leaf",
    "is_grand_total_label",
    "is_money_targets_title",
    "is_name_header",
    "is_own_level_label",
    "is_project_header",
    "is_recipient_header",
    "is_subset_label",
    "is_subtotal_label",
    "is_target_header",
    "is_task_header",
    "is_total_header",
    "label_key",
    "structure_rules",
]


class TableStructureRules(StrictRules):
    version: int
    grand_total_rows: list[str]
    subtotal_rows: list[str]
    subset_prefixes: list[str]
    own_level_rows: list[str]
    total_columns: list[str]
    name_columns: list[str]
    code_columns: list[str]
    category_columns: list[str]
    attribute_columns: list[str]
    recipient_columns: list[str]
    explanation_columns: list[str]
    project_columns: list[str]
    money_targets_titles: list[str]
    task_columns: list[str]
    target_columns: list[str]
    money_targets_title_tails: list[str]
    indicator_name_levels: dict[str, list[str]]
    indicator_name_level1: dict[str, list[str]]
    count_units: list[str]
    benefit_value_levels: dict[str, list[str]]
    quantity_words: list[str]
    rate_words: list[str]
    money_words: list[str]
    measure_units: list[str]
    generic_leaves: list[str]
    counted_headers: list[str]

    @field_validator(
        "grand_total_rows", "subtotal_rows", "subset_prefixes", "own_level_rows", "total_columns", "name_columns", "code_columns",
        "category_columns", "attribute_columns", "recipient_columns", "explanation_columns", "project_columns", "money_targets_titles", "task_columns",
        "target_columns", "money_targets_title_tails", "indicator_name_levels",
        "indicator_name_level1", "benefit_value_levels", "generic_leaves",
        "counted_headers",
    )
    @classmethod
    def _compiles(cls, v: object) -> object:
        lists = list(v.values()) if isinstance(v, dict) else [v] if isinstance(v, list) else []
        for patterns in lists:
            for p in patterns:
                try:
                    re.compile(p)
                except re.error as exc:
                    raise ValueError(f"bad regular expression {p!r}: {exc}") from exc
        return v


@lru_cache(maxsize=1)
def structure_rules() -> TableStructureRules:
    return load_rules(TableStructureRules, RULES_DIR / "table_structure.yaml")


@lru_cache(maxsize=1)
def figure_in_unit() -> str:
    """A pattern (no anchors) for a figure in a count or measure unit, maybe in 万: 120户, 15公里,
    25万平方米, 1800万立方米."""
    rules = structure_rules()
    units = "|".join(sorted(map(re.escape, {*rules.count_units, *rules.measure_units}), key=len, reverse=True))
    return rf"[0-9]+(?:\.[0-9]+)?\s*万?(?:{units})"


@cache
def _compiled(key: str) -> tuple[re.Pattern[str], ...]:
    patterns: list[str] = getattr(structure_rules(), key)
    return tuple(re.compile(p) for p in patterns)


def label_key(text: str) -> str:
    """A label without whitespace, punctuation or brackets (其中：市本级 -> 其中市本级)."""
    return re.sub(r"[\s\W_]+", "", clean_text(text))


def _full(key: str, text: str) -> bool:
    k = label_key(text)
    return bool(k) and any(p.fullmatch(k) for p in _compiled(key))


def is_subset_label(text: str) -> bool:
    """其中：市本级, 其中：参照直达资金: a subset of the row above / column left."""
    k = label_key(text)
    return any(p.match(k) for p in _compiled("subset_prefixes")) and not _full("grand_total_rows", text)


def is_grand_total_label(text: str) -> bool:
    return not is_subset_label(text) and _full("grand_total_rows", text)


def is_subtotal_label(text: str) -> bool:
    return not is_subset_label(text) and not is_grand_total_label(text) and _full("subtotal_rows", text)


def is_total_header(text: str) -> bool:
    return _full("total_columns", text)


def is_name_header(text: str) -> bool:
    return _full("name_columns", text)


def is_money_targets_title(text: str) -> bool:
    return _full("money_targets_titles", text)


def is_task_header(text: str) -> bool:
    return _full("task_columns", text)


def is_target_header(text: str) -> bool:
    return _full("target_columns", text)


def is_category_header(text: str) -> bool:
    return _full("category_columns", text)


def is_attribute_header(text: str) -> bool:
    """实施单位, 主管部门: a column describing the row's project, not its recipient."""
    return _full("attribute_columns", text)


def is_recipient_header(text: str) -> bool:
    """拨付对象, 收款单位: a column that says who is paid, wherever it is printed."""
    return _full("recipient_columns", text)


def is_project_header(text: str) -> bool:
    return _full("project_columns", text)


def is_explanation_header(text: str) -> bool:
    return _full("explanation_columns", text)


def is_generic_leaf(text: str) -> bool:
    """小计, 金额, 项目数: a header leaf that needs its group to name the column."""
    return _full("generic_leaves", text)


def is_code_header(text: str) -> bool:
    """支出功能分类科目, 项目代码: a column of codes, numbers that are no money."""
    return _full("code_columns", text)


def is_counted_header(text: str) -> bool:
    """民族乡, 贫困村, 脱贫户: a header naming things a column may count (no 县, no 到户)."""
    return _full("counted_headers", text)


def is_own_level_label(text: str) -> bool:
    """市本级, 其中：县本级: a government's own share, beside its divisions."""
    return _full("own_level_rows", text)
