"""Column names under a header tree (parsers/allocation_header.name_columns): a generic leaf
(合计, 小计) is named after its group, even a group over every amount column; a header cell
reaching past the amounts (over the name column too) is a caption and names nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parsers.allocation import parse_allocation_table
from parsers.tablegrid import strip_unit_parens
from tests.tablebuilder import table

D = Decimal


@pytest.mark.parametrize("group", ["补助资金", "计划投资", "资金安排", "下达资金（万元）"])
def test_a_group_over_every_amount_names_its_first_total(group: str) -> None:
    grid = [
        ["单位", group, "<", "<"],
        ["^", "合计", "中央资金", "省级资金"],
        ["合计", "30", "20", "10"],
        ["甲县", "18", "12", "6"],
        ["乙县", "12", "8", "4"],
    ]
    t = parse_allocation_table(table(grid), ("单位：万元",), 1)
    bare = group.removesuffix("（万元）")
    assert t.columns == (f"{bare}合计", "中央资金", "省级资金")
    assert t.column_parts == ((0, (1, 2)),)
    assert t.rows[1].values == (D(18), D(12), D(6))


def test_a_group_names_its_last_subtotal_beside_a_count_column() -> None:
    grid = [
        ["单位", "服务人口（人）", "项目金额", "<", "<"],
        ["^", "^", "设备购置", "人才培养", "小计"],
        ["甲卫生院", "61240", "20", "10", "30"],
        ["乙卫生院", "33815", "12", "6", "18"],
    ]
    t = parse_allocation_table(table(grid), ("单位：万元",), 1)
    assert t.columns == ("设备购置", "人才培养", "项目金额小计")
    assert t.rows[0].notes == (("服务人口（人）", "61240"),)


def test_named_parts_keep_their_own_leaf_under_the_group() -> None:
    grid = [
        ["县（市）", "补助资金", "<", "<"],
        ["^", "合计", "低保家庭", "其他对象"],
        ["甲县", "30", "20", "10"],
    ]
    t = parse_allocation_table(table(grid), (), 1)
    assert t.columns[1:] == ("低保家庭", "其他对象")


def test_a_cell_over_the_name_column_too_is_a_caption_not_a_group() -> None:
    grid = [
        ["序号", "资金分配情况", "<", "<", "<"],
        ["^", "单位", "合计", "中央资金", "省级资金"],
        ["1", "甲县", "30", "20", "10"],
        ["2", "乙县", "12", "8", "4"],
    ]
    t = parse_allocation_table(table(grid), ("单位：万元",), 1)
    assert t.columns == ("合计", "中央资金", "省级资金")


@pytest.mark.parametrize("printed", ["财政衔接资金万元）", "财政衔接资金（万元", "财政衔接资金(万元)"])
def test_a_money_unit_with_one_bracket_lost_by_a_scan_leaves_the_name(printed: str) -> None:
    grid = [
        ["乡镇", "项目总投资（万元）", printed, "其他资金（万元）"],
        ["甲镇", "50", "40", "10"],
    ]
    t = parse_allocation_table(table(grid), (), 1)
    assert t.columns == ("项目总投资", "财政衔接资金", "其他资金")


@pytest.mark.parametrize("printed", ["补助标准（元/人）", "奖补（10万元/个）"])
def test_a_unit_inside_a_rate_stays(printed: str) -> None:
    assert strip_unit_parens(printed) == printed


def test_count_leaves_under_one_group_are_all_named_after_it() -> None:
    # 村数 says no more than 户数 or 人数 what is counted: each takes its group (bd02)
    grid = [
        ["迁出乡镇", "迁建任务", "<", "<", "补助资金"],
        ["^", "村数（个）", "户数（户）", "人数（人）", "^"],
        ["甲镇", "9", "2130", "7160", "5210"],
        ["乙镇", "7", "1680", "5640", "4110"],
    ]
    t = parse_allocation_table(table(grid), ("单位：万元",), 1)
    assert [k for k, _ in t.rows[0].notes] == ["迁建任务村数（个）", "迁建任务户数（户）", "迁建任务人数（人）"]
