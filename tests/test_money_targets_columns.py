"""The 二级 of a money-and-targets table's target columns read from their names, and the fund a
plain 分配表 title names (parsers/money_targets.py, rules/table_structure.yaml)."""

from __future__ import annotations

import pytest

from parsers.money_targets import _project
from parsers.target_levels import level2_of


@pytest.mark.parametrize(
    ("name", "level2"),
    [
        ("建设规模", "数量指标"),
        ("完工时间", "时效指标"),
        ("受益脱贫（监测）人口", "社会效益指标"),
        ("受益农户数", "社会效益指标"),
        ("培训人数", "数量指标"),
        ("资金发放时效", "时效指标"),
        ("项目区耕地质量等级提升", "质量指标"),
        ("耕地质量等级", "质量指标"),
        ("补助标准", "成本指标"),
        ("人均救助标准", "成本指标"),
        ("单位建设成本", "成本指标"),
    ],
)
def test_a_target_column_named_by_what_it_measures(name: str, level2: str) -> None:
    assert level2_of(["绩效目标", name]) == level2


def test_the_fund_of_a_plain_allocation_table_title() -> None:
    assert _project("2024年省级财政衔接推进乡村振兴补助资金分配表") == "省级财政衔接推进乡村振兴补助资金"
    assert _project("省级财政某某资金分配及绩效目标表") == "省级财政某某资金"
    # the month after the year dates the event the money is for; it names no fund
    assert _project("2020年7月洪涝灾害救灾资金安排及绩效目标表") == "洪涝灾害救灾资金"
    assert _project("2021年度10月份某某救灾资金安排及绩效目标表") == "某某救灾资金"


@pytest.mark.parametrize(
    "title",
    [
        "2022年某某补助经费分项安排及绩效目标表",
        "2022年某某补助经费分地区分配及绩效目标表",
        "2022年某某补助经费分县区安排表",
        "2022年某某补助经费分项目分配明细表",
    ],
)
def test_the_split_a_title_names_is_no_part_of_the_fund(title: str) -> None:
    assert _project(title) == "某某补助经费"


def test_a_column_of_time_limits_is_timeliness() -> None:
    assert level2_of(["绩效目标", "资金发放"], ["每月10日前", "审批后5个工作日内"]) == "时效指标"
    assert level2_of(["绩效目标", "资金发放"], ["每月10日前", "≥90%"]) is None  # not all limits
    assert level2_of(["绩效目标", "综合效益"], ["年底前"]) is None  # a 效益 name: not 产出
    assert level2_of(["绩效目标", "群众增收效益"], ["年底前"]) == "经济效益指标"  # its words say which 效益


def test_the_quality_of_air_or_water_is_no_quality_indicator_by_its_name() -> None:
    assert level2_of(["绩效目标", "水环境质量提升"]) is None  # 生态: the name alone is not certain
    assert level2_of(["绩效目标", "生态环境质量等级"]) is None


def test_a_standard_of_acceptance_is_no_cost() -> None:
    assert level2_of(["绩效目标", "验收标准"]) is None  # no payment named: not certain


def test_a_regional_form_title_names_the_fund_without_its_kind() -> None:
    """A money-and-targets table titled as a 区域绩效目标表: 区域 is the form's kind, not the fund's."""
    assert _project("2023年义务教育阶段学生“三包”经费区域绩效目标表") == "义务教育阶段学生“三包”经费"
    assert _project("2023年农村公路建设项目绩效目标表") == "农村公路建设项目"
