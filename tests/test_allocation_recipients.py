"""Who receives a 分配表 row's money (parsers/allocation_header.py): an institution column
(学校, 医院) merged over its projects names the rows; the projects are notes."""

from __future__ import annotations

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

