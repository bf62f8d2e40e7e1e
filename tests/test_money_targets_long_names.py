"""The long money-and-targets table whose indicator block prints no level column: a name that
reads as a level label (服务对象满意度) is still the name, and a broad header right before the
value column (绩效指标 | 指标值, 指标 | 指标值) heads the names (parsers/target_columns.py,
parsers/target_hierarchy.py, parsers/money_targets.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parsers.money_targets import is_money_targets, parse_money_targets
from parsers.tablegrid import build_grid
from parsers.target_columns import name_spans, unlevelled_name_column
from tests.tablebuilder import table

D = Decimal
TITLE = ("附件", "2023年某某补助资金安排及绩效目标表", "单位：万元")


def _rows(name_header: str) -> list[list[str]]:
    return [
        ["地区", "金额", "主要任务", name_header, "指标值"],
        ["甲县", "60", "技能培训", "培训人次", "≥120人次"],
        ["^", "^", "^", "资金下达时限", "2023年6月30日前"],
        ["^", "^", "^", "服务对象满意度", "≥90%"],
        ["乙县", "40", "技能培训", "培训人次", "≥80人次"],
        ["^", "^", "^", "服务对象满意度", "≥85%"],
        ["合计", "100", "", "", ""],
    ]


@pytest.mark.parametrize("name_header", ["指标名称", "三级指标", "绩效指标", "指标"])
def test_a_satisfaction_name_in_a_block_without_levels_is_a_name(name_header: str) -> None:
    t = table(_rows(name_header))
    assert is_money_targets(t, TITLE)
    allocation, targets = parse_money_targets(t, TITLE, None)
    assert [(r.region_as_printed, r.values, dict(r.notes)) for r in allocation.rows][:2] == [
        ("甲县", (D(60),), {"主要任务": "技能培训"}), ("乙县", (D(40),), {"主要任务": "技能培训"}),
    ]
    assert [(tt.region, tt.funds.total) for tt in targets] == [("甲县", D(60)), ("乙县", D(40))]
    assert [(i.level1, i.level2, i.name, i.value) for i in targets[0].indicators] == [
        ("产出指标", "数量指标", "培训人次", "≥120人次"),
        ("产出指标", "时效指标", "资金下达时限", "2023年6月30日前"),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%"),
    ]


def test_a_broad_word_heads_the_names_only_right_before_the_values() -> None:
    assert name_spans([("绩效指标", range(0, 1)), ("指标值", range(1, 2))]) == [range(0, 1)]
    assert name_spans([("绩效指标", range(0, 1)), ("金额", range(1, 2)), ("指标值", range(2, 3))]) == []
    assert name_spans([("绩效指标", range(0, 1)), ("三级指标", range(1, 2)), ("指标值", range(2, 3))]) == [
        range(1, 2)
    ]


def test_a_block_printing_level_columns_keeps_its_labels() -> None:
    grid = build_grid(table([["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "培训人次", "≥1人"]]))
    assert unlevelled_name_column(grid, 0) is None
    grid = build_grid(table([["指标名称", "指标值"], ["培训人次", "≥1人"]]))
    assert unlevelled_name_column(grid, 0) == range(0, 1)


def test_a_label_line_alone_stays_a_label() -> None:
    """A section line (产出指标 across the block, no value) in a names-and-values block is no
    indicator; the rows under it are."""
    rows = [
        ["地区", "金额", "指标名称", "指标值"],
        ["甲县", "60", "产出指标", "<"],
        ["^", "^", "培训人次", "≥120人次"],
        ["^", "^", "满意度指标", "<"],
        ["^", "^", "服务对象满意度", "≥90%"],
        ["合计", "60", "", ""],
    ]
    _, targets = parse_money_targets(table(rows), TITLE, None)
    (only,) = targets
    assert [(i.name, i.value) for i in only.indicators] == [("培训人次", "≥120人次"), ("服务对象满意度", "≥90%")]
