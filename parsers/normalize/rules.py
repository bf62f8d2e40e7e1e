"""The YAML rules under ``parsers/rules/``, validated with pydantic at load.

A typo in a rules file (an unknown key, a wrong type, a regular expression
that does not compile, a 二级 label whose parent is no 一级 label) raises
``pipeline.core.errors.ConfigError`` naming the file, before any document is read.

Also the allocation-table vocabulary (分配表): ``is_total_label`` (合计,
总计, 小计 …; ``其中：市本级`` is a member row) and ``is_text_column`` (备注,
项目名称, 任务 go to a row's ``notes``), ``column_role``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, field_validator, model_validator

from pipeline.core.rulefiles import StrictRules, load_rules
from pipeline.core.textnorm import clean_text, strip_spaces

__all__ = [
    "AllocationRules",
    "ColumnRole",
    "DocNumberRules",
    "IndicatorRules",
    "TargetRules",
    "allocation_rules",
    "column_role",
    "doc_number_rules",
    "indicator_rules",
    "is_text_column",
    "is_total_label",
    "load_rules",
    "target_rules",
]

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"

ColumnRole = Literal["index", "region", "advance", "current", "total", "text", "amount"]
_ROLE_ORDER: tuple[ColumnRole, ...] = (
    "index", "region", "advance", "current", "total", "text", "amount",
)


def _check_patterns(cls: type[BaseModel], patterns: list[str]) -> list[str]:
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise ValueError(f"bad regular expression {p!r}: {exc}") from exc
    return patterns




class DocNumberRules(StrictRules):
    version: int
    open_brackets: str
    close_brackets: str
    preceding_words: list[str]
    # one-character prepositions read as a 代字's first character (从元财农〔2023〕83号), and the
    # organ marks that follow a place abbreviation in a 代字 (parsers/normalize/doc_number.py)
    lead_prepositions: list[str] = []
    organ_marks: list[str] = []

    check_preceding = field_validator("preceding_words")(classmethod(_check_patterns))


class Level1Label(StrictRules):
    canonical: str
    certain: list[str] = []
    uncertain: list[str] = []
    later: bool = False


class Level2Label(StrictRules):
    canonical: str
    parent: str
    certain: list[str] = []


class IndicatorRules(StrictRules):
    version: int
    level1: list[Level1Label]
    level2: list[Level2Label]
    decorations: list[str]

    check_decorations = field_validator("decorations")(classmethod(_check_patterns))

    @model_validator(mode="after")
    def _parents_exist(self) -> IndicatorRules:
        names = {item.canonical for item in self.level1}
        for item in self.level2:
            if item.parent not in names:
                raise ValueError(f"二级 {item.canonical!r}: unknown parent {item.parent!r}")
        return self


class ColumnRoles(StrictRules):
    index: list[str]
    region: list[str]
    advance: list[str]
    current: list[str]
    total: list[str]
    text: list[str]
    amount: list[str]

    check_all = field_validator("*")(classmethod(_check_patterns))


class AllocationRules(StrictRules):
    version: int
    total_patterns: list[str]
    not_total_patterns: list[str]
    column_roles: ColumnRoles

    check_totals = field_validator("total_patterns", "not_total_patterns")(
        classmethod(_check_patterns)
    )


class TargetRules(StrictRules):
    version: int
    prefix_ops: dict[Literal[">=", "<=", ">", "<", "="], list[str]]
    suffix_ops: dict[Literal[">=", "<="], list[str]]
    units: list[str]


@lru_cache(maxsize=1)
def doc_number_rules() -> DocNumberRules:
    return load_rules(DocNumberRules, RULES_DIR / "doc_numbers.yaml")


@lru_cache(maxsize=1)
def indicator_rules() -> IndicatorRules:
    return load_rules(IndicatorRules, RULES_DIR / "indicators.yaml")


@lru_cache(maxsize=1)
def allocation_rules() -> AllocationRules:
    return load_rules(AllocationRules, RULES_DIR / "allocation.yaml")


@lru_cache(maxsize=1)
def target_rules() -> TargetRules:
    return load_rules(TargetRules, RULES_DIR / "targets.yaml")


# --- allocation vocabulary --------------------------------------------------


@lru_cache(maxsize=1)
def _compiled_allocation() -> tuple[
    tuple[re.Pattern[str], ...],
    tuple[re.Pattern[str], ...],
    tuple[tuple[ColumnRole, tuple[re.Pattern[str], ...]], ...],
]:
    rules = allocation_rules()
    roles = tuple(
        (role, tuple(re.compile(p) for p in getattr(rules.column_roles, role)))
        for role in _ROLE_ORDER
    )
    return (
        tuple(re.compile(p) for p in rules.total_patterns),
        tuple(re.compile(p) for p in rules.not_total_patterns),
        roles,
    )


# how many members a total row counts, printed after its word (塔城市合计2个, 小计（3项）)
_MEMBER_COUNT = re.compile(r"(?<=合计|小计|总计)[：:]?[（(]?\d{1,3}(?:个|项|家|所|处|座|村|镇)[)）]?$")


def _label_key(text: str) -> str:
    s = strip_spaces(clean_text(text))
    s = re.sub(r"^[★☆*＊※\d.、．]+", "", s)
    return _MEMBER_COUNT.sub("", s.strip("：:★☆*＊※"))


def is_total_label(text: str) -> bool:
    """True for an aggregate-row label: 合计, 总计, 小计, 全州合计 …

    ``其中：市本级`` and other ``其中`` rows are members, not totals. A
    prefecture row that sums its counties is a total too, but that is
    decided by the parser from the numbers, not from the label.
    """
    key = _label_key(text)
    if not key:
        return False
    total, not_total, _ = _compiled_allocation()
    if any(p.fullmatch(key) for p in not_total):
        return False
    return any(p.fullmatch(key) for p in total)


def column_role(header: str) -> ColumnRole | None:
    """The role of an allocation-table column header, or None if unknown.

    ``年初提前下达资金`` -> 'advance', ``此次下达资金`` -> 'current',
    ``中央全年实际下达资金合计`` -> 'total', ``备注`` -> 'text', ``金额`` ->
    'amount', ``单位名称`` -> 'region', ``序号`` -> 'index'.
    """
    key = strip_spaces(clean_text(header)).replace("其中：", "").replace("其中", "")
    if not key:
        return None
    _, _, roles = _compiled_allocation()
    for role, patterns in roles:
        if any(p.fullmatch(key) for p in patterns):
            return role
    return None


def is_text_column(header: str) -> bool:
    """True for a text column (备注, 项目名称, 任务 …) whose cells go to ``notes``."""
    return column_role(header) == "text"
