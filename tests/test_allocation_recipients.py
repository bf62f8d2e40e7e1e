"""Who receives a 分配表 row's money (parsers/allocation_header.py): an institution column
(学校, 医院) merged over its projects names the rows; the projects are notes."""

from __future__ import annotations

import pytest

from parsers.allocation import parse_allocation_table
from tests.tablebuilder import table

UNIT = ("单位：万元",)

# Two schools, each over two projects; the same project names recur from school to school.
SCHOOLS_OVER_PROJECTS = [
    ["序号", "学校", "项目名称", "本次拨付金额", "原批复文号"],
    ["1", "甲大学", "思想政治工作提升项目", "186.0", "某财〔2021〕9号"],
    ["2", "^", "辅导员队伍建设项目", "104.5", "^"],
    ["3", "乙大学", "思想政治工作提升项目", "192.0", "某财〔2021〕10号"],
    ["4", "丙学院", "思想政治工作提升项目", "139.0", "某财〔2021〕11号"],
    ["合计", "<", "<", "621.5", ""],
]


def test_an_institution_column_over_repeated_projects_names_the_rows() -> None:
    t = parse_allocation_table(table(SCHOOLS_OVER_PROJECTS), UNIT, 1)
    assert t.columns == ("本次拨付金额",)
    assert [r.region for r in t.rows] == ["甲大学", "甲大学", "乙大学", "丙学院", "合计"]
    assert dict(t.rows[1].notes) == {"项目名称": "辅导员队伍建设项目", "原批复文号": "某财〔2021〕9号"}
    assert [r.is_total for r in t.rows] == [False, False, False, False, True]



def test_a_unit_printed_before_its_project_on_every_row_receives_the_money() -> None:
    rows = [
        ["序号", "实施单位", "项目名称", "计划总投资", "已拨付资金"],
        ["1", "甲中学", "教学楼消防改造", "86.40", "81.20"],
        ["2", "乙小学", "应急照明维修", "55.30", "51.85"],
        ["合计", "<", "<", "141.70", "133.05"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert [r.region for r in t.rows] == ["甲中学", "乙小学", "合计"]
    assert dict(t.rows[0].notes) == {"项目名称": "教学楼消防改造"}


def test_one_unit_repeated_over_every_project_only_carries_them_out() -> None:
    rows = [
        ["序号", "实施单位", "项目名称", "金额"],
        ["1", "县教育局", "教学楼消防改造", "86"],
        ["2", "县教育局", "应急照明维修", "55"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert [r.region for r in t.rows] == ["教学楼消防改造", "应急照明维修"]
    assert dict(t.rows[0].notes) == {"实施单位": "县教育局"}


def test_a_unit_printed_after_its_project_only_carries_it_out() -> None:
    rows = [
        ["序号", "项目名称", "实施单位", "金额"],
        ["1", "教学楼消防改造", "甲中学", "86"],
        ["2", "应急照明维修", "乙小学", "55"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert [r.region for r in t.rows] == ["教学楼消防改造", "应急照明维修"]
    assert dict(t.rows[1].notes) == {"实施单位": "乙小学"}


def test_a_header_repeated_after_a_page_break_with_one_label_misread_is_no_row() -> None:
    rows = [
        ["地区", "合计", "测试设备补助资金", "多媒体教室装备补助资金"],
        ["东县", "30", "10", "20"],
        ["地区", "合计", "测试设备补助资金", "多媒体教至装奋补助资金"],  # a scan's misreading
        ["西县", "25", "5", "20"],
    ]
    t = parse_allocation_table(table(rows, confidence=0.9), UNIT, 1)
    assert [r.region for r in t.rows] == ["东县", "西县"]



@pytest.mark.parametrize(
    ("coarse", "fine"), [("乡镇", "村"), ("苏木（乡镇）", "嘎查村"), ("旗县（市、区）", "苏木乡镇"), ("师（市）", "团场")]
)
def test_division_kinds_of_every_province_head_region_columns(coarse: str, fine: str) -> None:
    # a coarse division printed over its finer ones, projects beside them: the finer names the rows
    rows = [
        [coarse, fine, "项目名称", "金额"],
        ["甲", "子", "道路硬化", "10"],
        ["^", "丑", "水渠维修", "5"],
        ["乙", "寅", "路灯安装", "8"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert [r.region for r in t.rows] == ["子", "丑", "寅"]
    assert dict(t.rows[0].notes) == {coarse: "甲", "项目名称": "道路硬化"}
