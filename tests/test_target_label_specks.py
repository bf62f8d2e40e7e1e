"""OCR: a 二级 label read with a piece of its cell's rule glued on (``数量指标-``) is that label, and
the notice-wide repair does not count it as a level repaired (parsers/target_hierarchy.py)."""

from __future__ import annotations

from parsers.targets import parse_target_table, repair_target_tables
from tests.tablebuilder import table

ROWS = [
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标-", "享受公用经费补助幼儿数", "≥10000人"],
    ["^", "质量指标", "公用经费补助标准", "≥600元/生·年"],
]


def test_a_label_with_a_rule_piece_keeps_its_level_and_no_repair_is_reported() -> None:
    (t,) = repair_target_tables((parse_target_table(table(ROWS, confidence=0.97), ("区域绩效目标表",), 2),))
    assert [(i.level1, i.level2) for i in t.indicators] == [("产出指标", "数量指标"), ("产出指标", "质量指标")]
    assert not t.layout_repaired
