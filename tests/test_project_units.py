"""Project rows under a unit cell merged over them (项目单位 | 项目名称 | 金额, a 小计 per unit):
the unit receives its projects' money and the 小计 is its total; a unit column that merges
nothing, or is printed after the projects, only says who carries each project out.
Small synthetic tables (tests/tablebuilder.py)."""

from __future__ import annotations

from decimal import Decimal

from parsers.allocation import parse_allocation_table
from pipeline.checks.allocation import check_table_sums
from pipeline.core.model import AllocationTable
from tests.tablebuilder import table

UNIT = ("单位：万元",)


def _codes(t: AllocationTable) -> list[str]:
    return [f.code for f in check_table_sums(0, t)]


def _grid(first_subtotal: str = "9") -> list[list[str]]:
    return [
        ["项目单位", "项目名称", "金额", "备注"],
        ["甲单位", "器材购置", "6", ""],
        ["^", "训练补助", "3", ""],
        ["^", "小计", first_subtotal, ""],
        ["乙单位", "路径更新", "16", "12个村"],
        ["^", "健身活动", "8", ""],
        ["^", "小计", "24", ""],
        ["合计", "<", "33", ""],
    ]


def test_a_unit_merged_over_its_projects_receives_their_money() -> None:
    t = parse_allocation_table(table(_grid()), UNIT, 1)
    assert [r.region for r in t.rows] == ["甲单位"] * 3 + ["乙单位"] * 3 + ["合计"]
    assert [r.is_total for r in t.rows] == [False, False, True, False, False, True, True]
    assert dict(t.rows[0].notes) == {"项目名称": "器材购置", "备注": ""}
    assert dict(t.rows[2].notes) == {"项目名称": "", "备注": ""}  # the 小计 is no project
    assert dict(t.rows[3].notes)["备注"] == "12个村"
    assert t.columns == ("金额",) and t.rows[-1].values == (Decimal(33),)
    assert _codes(t) == []


def test_a_unit_subtotal_is_checked_against_its_own_projects() -> None:
    t = parse_allocation_table(table(_grid(first_subtotal="19")), UNIT, 1)
    assert [r.region for r in t.rows][:3] == ["甲单位"] * 3
    flags = check_table_sums(0, t)
    assert [f.code for f in flags] == ["ALLOCATION_COLUMN_SUM"]  # the 小计, not the 合计 (its leaves add up)
    assert flags[0].subject == "allocation_tables[0].rows[2].values[0]"


def test_a_unit_column_before_the_projects_naming_one_unit_a_row_receives_their_money() -> None:
    """Merging nothing, a different unit on each row (实施单位 | 项目名称, m07): the units receive
    the money, each project is its row's note (session 5 left the projects as the rows)."""
    grid = [
        ["项目单位", "项目名称", "金额"],
        ["甲单位", "器材购置", "6"],
        ["乙单位", "训练补助", "3"],
        ["合计", "<", "9"],
    ]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [r.region for r in t.rows] == ["甲单位", "乙单位", "合计"]
    assert dict(t.rows[0].notes) == {"项目名称": "器材购置"}


def test_a_unit_merged_after_the_projects_only_carries_them_out() -> None:
    grid = [
        ["项目名称", "实施单位", "金额"],
        ["器材购置", "甲单位", "6"],
        ["训练补助", "^", "3"],
        ["合计", "<", "9"],
    ]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [r.region for r in t.rows] == ["器材购置", "训练补助", "合计"]
    assert dict(t.rows[1].notes) == {"实施单位": "甲单位"}


def test_a_region_before_the_unit_still_names_the_row() -> None:
    grid = [
        ["镇（街）", "项目单位", "项目名称", "补助金额"],
        ["甲镇", "甲镇人民政府", "道路工程", "18"],
        ["^", "^", "排水维修", "12"],
        ["^", "小计", "", "30"],
        ["合计", "<", "<", "30"],
    ]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [r.region for r in t.rows] == ["甲镇", "甲镇", "甲镇", "合计"]
    assert dict(t.rows[0].notes)["项目单位"] == "甲镇人民政府"


def test_a_unit_printed_again_on_each_project_with_a_subtotal_receives_their_money() -> None:
    grid = [
        ["实施单位", "项目名称", "金额"],
        ["甲单位", "器材购置", "6"],
        ["甲单位", "训练补助", "3"],
        ["甲单位", "小计", "9"],
        ["乙单位", "路径更新", "16"],
        ["合计", "<", "25"],
    ]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [r.region for r in t.rows] == ["甲单位"] * 3 + ["乙单位", "合计"]
    assert [r.is_total for r in t.rows] == [False, False, True, False, True]
    assert _codes(t) == []


def test_a_unit_printed_again_without_subtotals_leaves_the_projects_as_rows() -> None:
    grid = [
        ["实施单位", "项目名称", "金额"],
        ["甲单位", "器材购置", "6"],
        ["甲单位", "训练补助", "3"],
        ["合计", "<", "9"],
    ]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [r.region for r in t.rows] == ["器材购置", "训练补助", "合计"]
