"""The region a 绩效目标表's title names beside its year (parsers/target_title.py), found by
samples.mutate's target_region_in_title: such tables came out with no region."""

from __future__ import annotations

from parsers.target_title import region_in_title
from parsers.targets import parse_target_table
from tests.tablebuilder import table


def test_region_after_the_year_or_before_it() -> None:
    assert region_in_title(["附件2", "2019年百色市城乡义务教育补助经费区域绩效目标表"]) == "百色市"
    assert region_in_title(["雷山县2021年城乡最低生活保障资金区域绩效目标表"]) == "雷山县"
    assert region_in_title(["2023年度章贡区困难残疾人两项补贴", "区域绩效目标表"]) == "章贡区"  # wrapped title


def test_no_region_where_none_is_named_beside_the_year() -> None:
    assert region_in_title(["2020年城乡义务教育补助经费区域绩效目标表"]) is None  # …经费区 is no division
    assert region_in_title(["天津市教育强国基础设施建设工程专项2024年中央预算内投资计划绩效目标表"]) is None
    assert region_in_title(["2023年市级农业产业强镇项目奖补资金绩效目标表", "（2023年度）"]) is None
    assert region_in_title(["2019年百色市城乡义务教育补助经费分配表"]) is None  # not a 绩效目标表


def test_a_form_titled_with_its_region_has_that_region() -> None:
    rows = [
        ["项目名称", "<", "城乡义务教育补助经费", "<"],
        ["资金情况（万元）", "<", "下达资金总额：", "3268.45"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "享受公用经费补助学生人数", "≥452000人"],
    ]
    t = parse_target_table(table(rows), ("附件2", "百色市2019年城乡义务教育补助经费区域绩效目标表"), 2)
    assert (t.region, t.region_as_printed) == ("百色市", "百色市")
    bare = parse_target_table(table(rows), ("附件2", "2019年城乡义务教育补助经费区域绩效目标表"), 2)
    assert bare.region is None
