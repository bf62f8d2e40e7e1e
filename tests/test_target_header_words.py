"""A 绩效目标表's indicator block under other header words (一级 / 指标名称 / 年度指标值 /
指标值（年度）): still a target table, its indicators read (found by samples.mutate's
target_header_synonyms: such a form was read as an allocation table)."""

from __future__ import annotations

from parsers.forms import classify_table
from parsers.target_columns import is_value_header
from parsers.targets import parse_target_table
from tests.tablebuilder import table

HEAD = [
    ["项目名称", "<", "某某产业项目", "<", "<"],
    ["资金情况（万元）", "<", "年度资金总额：", "40", "<"],
    ["年度总体目标", "<", "新建蔬菜大棚20个", "<", "<"],
]


def block(name: str, value: str) -> list[list[str]]:
    return [
        ["年度绩效目标", "一级", "二级指标", name, value],
        ["^", "产出指标", "数量指标", "新建蔬菜大棚数量", "20个"],
        ["^", "^", "时效指标", "项目完成时间", "2023年12月底前"],
        ["^", "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"],
    ]


def test_value_header_with_a_period_qualifier() -> None:
    for word in ("指标值", "年度指标值", "指标值（年度）", "目标值(2023年)", "指标值年度", "目标值（2023年度）"):
        assert is_value_header(word), word
    for word in ("指标值（万元）", "金额", "目标", "指标值说明"):
        assert not is_value_header(word), word


def test_form_with_header_synonyms_is_a_target_table() -> None:
    for name, value in (("指标名称", "年度指标值"), ("指标名称", "指标值（年度）"), ("指标内容", "目标值")):
        t = table(HEAD + block(name, value))
        assert classify_table(t, ()) == "targets", (name, value)
        read = parse_target_table(t, ("某某项目绩效目标表",), 1)
        assert [(i.level1, i.level2, i.name, i.value) for i in read.indicators] == [
            ("产出指标", "数量指标", "新建蔬菜大棚数量", "20个"),
            ("产出指标", "时效指标", "项目完成时间", "2023年12月底前"),
            ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
        ], (name, value)


def test_an_allocation_table_stays_an_allocation_table() -> None:
    rows = [["地区", "金额"], ["甲县", "10"], ["乙县", "20"], ["合计", "30"]]
    assert classify_table(table(rows), ("单位：万元",)) == "allocation"


def test_long_money_and_targets_table_under_short_level_headers() -> None:
    """学校 | 金额 | 一级 | 二级 | 指标内容 | 目标值: the short level words are the indicator block's
    columns too (read as text columns, the 一级 labels became a second recipient column)."""
    from decimal import Decimal

    from parsers.money_targets import is_money_targets, parse_money_targets

    rows = [
        ["学校", "金额", "一级", "二级", "指标内容", "目标值"],
        ["甲校", "16", "产出指标", "数量指标", "改造校舍面积", "≥500平方米"],
        ["^", "^", "^", "质量指标", "验收合格率", "100%"],
        ["^", "^", "满意度指标", "服务对象满意度指标", "学生满意度", "≥90%"],
        ["合计", "16", "", "", "", ""],
    ]
    t = table(rows)
    title = ("2020年某某补助资金安排及绩效目标表", "单位：万元")
    assert is_money_targets(t, title)
    allocation, targets = parse_money_targets(t, title, 1)
    assert [(r.region_as_printed, r.values, r.is_total) for r in allocation.rows] == [
        ("甲校", (Decimal(16),), False), ("合计", (Decimal(16),), True),
    ]
    (only,) = targets
    assert [(i.level1, i.level2, i.name) for i in only.indicators] == [
        ("产出指标", "数量指标", "改造校舍面积"),
        ("产出指标", "质量指标", "验收合格率"),
        ("满意度指标", "服务对象满意度指标", "学生满意度"),
    ]


def test_value_column_printed_before_the_name_column() -> None:
    """指标值 | 三级指标: each row's value is the cell under 指标值, its name the cell under 三级指标
    (read by position, every name and value came out swapped: target_value_before_name)."""
    rows = [
        ["项目名称", "<", "某某产业项目", "<", "<"],
        ["资金情况（万元）", "<", "年度资金总额：", "40", "<"],
        ["绩效指标", "一级指标", "二级指标", "指标值", "三级指标"],
        ["^", "产出指标", "数量指标", "20个", "新建蔬菜大棚数量"],
        ["^", "^", "时效指标", "2023年12月底前", "项目完成时间"],
        ["^", "满意度指标", "服务对象满意度指标", "≥90%", "满意度"],
    ]
    read = parse_target_table(table(rows), ("某某项目绩效目标表",), 1)
    assert [(i.level1, i.level2, i.name, i.value) for i in read.indicators] == [
        ("产出指标", "数量指标", "新建蔬菜大棚数量", "20个"),
        ("产出指标", "时效指标", "项目完成时间", "2023年12月底前"),
        ("满意度指标", "服务对象满意度指标", "满意度", "≥90%"),
    ]
