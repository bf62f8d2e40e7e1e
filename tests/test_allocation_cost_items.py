"""Rows that name no region: cost items beside a rate column, units beside the town they sit in
(session 10: aa06's 补助资金计算表, aa16's 实施主体 | 项目类别 | 所在镇（街） rows)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parsers.allocation import parse_allocation_table
from parsers.column_measures import cell_measure
from tests.tablebuilder import table


@pytest.mark.parametrize(("item", "rate"), [("投资内容", "补助比例"), ("支出项目", "补助比例（%）"), ("费用项目", "比例")])
def test_a_rate_column_is_a_note_and_the_items_name_the_rows(item: str, rate: str) -> None:
    pct = "%" not in rate
    grid = [
        ["序号", item, "计划投资", "审定投资额", rate, "补助资金", "备注"],
        ["1", "设备购置及安装", "1100.00", "1071.2385", "40%" if pct else "40", "428.4954", ""],
        ["2", "厂房改造", "350.00", "340.2220", "40%" if pct else "40", "136.0888", ""],
        ["3", "其他费用（设计、监理等）", "86.93", "86.8266", "", "", "不予补助"],
        ["合计", "", "1536.93", "1498.2871", "", "564.5842", ""],
    ]
    t = parse_allocation_table(table(grid), ("单位：万元",), None)
    assert [r.region for r in t.rows] == ["设备购置及安装", "厂房改造", "其他费用（设计、监理等）", "合计"]
    assert t.columns == ("计划投资", "审定投资额", "补助资金")
    assert dict(t.rows[0].notes)[rate] == ("40%" if pct else "40")
    assert dict(t.rows[2].notes) == {rate: "", "备注": "不予补助"}
    assert [r.is_total for r in t.rows] == [False, False, False, True]


@pytest.mark.parametrize("unit", ["实施主体", "项目单位", "实施单位"])
@pytest.mark.parametrize("town", ["所在镇（街）", "乡镇（街道）", "所在乡镇"])
def test_units_before_their_town_name_the_rows(unit: str, town: str) -> None:
    grid = [
        ["序号", unit, "项目类别", town, "核定补助资金", "扣减资金", "本次下达资金"],
        ["1", "溧水区芝山蔬菜种植家庭农场", "2021年市级蔬菜园艺类", "晶桥镇", "28.00", "", "28.00"],
        ["2", "溧水区明觉蔬菜专业合作社", "2022年市级蔬菜园艺类", "石湫街道", "35.00", "", "35.00"],
        ["3", "溧水区洪蓝绿野生态农业有限公司", "2022年市级蔬菜园艺类", "洪蓝街道", "42.00", "4.20", "37.80"],
        ["4", "溧水区农业技术推广中心", "2022年废旧农膜回收处置", "", "32.00", "", "32.00"],
        ["合计", "", "", "", "137.00", "4.20", "132.80"],
    ]
    t = parse_allocation_table(table(grid), ("单位：万元",), None)
    assert [r.region for r in t.rows][:2] == ["溧水区芝山蔬菜种植家庭农场", "溧水区明觉蔬菜专业合作社"]
    assert dict(t.rows[0].notes)[town] == "晶桥镇"
    assert dict(t.rows[3].notes)[town] == ""
    assert t.columns == ("核定补助资金", "扣减资金", "本次下达资金")
    assert t.rows[-1].is_total


def test_a_region_column_printed_before_the_unit_still_names_the_rows() -> None:
    grid = [
        ["序号", "区", "项目实施主体", "中央财政资金"],
        ["1", "浦东新区", "上海甲蔬菜专业合作社", "30"],
        ["2", "金山区", "上海乙果蔬专业合作社", "20"],
        ["合计", "", "", "50"],
    ]
    t = parse_allocation_table(table(grid), ("单位：万元",), None)
    assert [r.region for r in t.rows][:2] == ["浦东新区", "金山区"]
    assert dict(t.rows[0].notes) == {"项目实施主体": "上海甲蔬菜专业合作社"}


@pytest.mark.parametrize("head", ["所在镇（街）", "乡镇（场）", "镇（街道）", "县（市、区）"])
def test_other_kinds_of_place_in_brackets_are_no_unit(head: str) -> None:
    assert cell_measure(head) is None


@pytest.mark.parametrize("head", ["贫困村（村）", "补贴面积（亩）", "民族乡（个）"])
def test_a_unit_in_brackets_still_measures(head: str) -> None:
    assert cell_measure(head) == "quantity"


def test_a_serial_of_projects_and_a_money_group_over_a_note() -> None:
    # ad05: 项目序号 merged over two header rows is the 序号; 资金规模（万元） over 小计 | 中央 | 自治区 | 备注
    # still names its 小计 (a group reaching right over a note only is no caption)
    grid = [
        ["项目序号", "项目名称", "建设地点", "资金规模（万元）", "<", "<", "<"],
        ["^", "^", "^", "小计", "中央衔接资金", "自治区衔接资金", "备注（其他资金名称）"],
        ["合计2个", "<", "<", "50.2", "48.895579", "1.304421", "0"],
        ["1", "速冻库改造项目", "塔城市农产品集聚区", "49", "48.891626", "0.108374", "2025年结余资金"],
        ["2", "雨露计划补助项目", "阿不都拉乡", "1.2", "0.003953", "1.196047", "2025年结余资金"],
    ]
    t = parse_allocation_table(table(grid), ("单位：万元",), None)
    assert t.columns == ("资金规模小计", "中央衔接资金", "自治区衔接资金")
    assert [r.values[0] for r in t.rows] == [Decimal("50.2"), Decimal("49"), Decimal("1.2")]
    assert [r.region for r in t.rows][1:] == ["速冻库改造项目", "雨露计划补助项目"]
