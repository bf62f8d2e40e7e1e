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


@pytest.mark.parametrize(
    ("after", "values"),
    [
        ("实施地点", ["对竹镇", "永安镇"]),  # a town where each project is built
        ("项目编号", ["ycssmz202601", "ycssmz202602"]),  # a code of the project
        ("实施进度", ["基础已完成，正在安装模板", "冷库已封顶"]),  # its progress
        ("所属乡镇（街道）", ["北城区", "南城区"]),
    ],
)
def test_a_column_after_the_projects_describes_them(after: str, values: list[str]) -> None:
    # nothing printed before the projects receives their money: each project names its row,
    # whatever the column after it says (a place, a code, a progress report)
    rows = [
        ["序号", "项目名称", after, "资金额度"],
        ["", "合计", "<", "1700"],
        ["1", "设施农业大棚提质增效项目", values[0], "900"],
        ["2", "红色教育基地配套设施建设项目", values[1], "800"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert [r.region for r in t.rows] == ["合计", "设施农业大棚提质增效项目", "红色教育基地配套设施建设项目"]
    assert dict(t.rows[1].notes) == {after: values[0]}


def test_a_place_before_the_projects_still_receives_their_money() -> None:
    rows = [
        ["序号", "乡镇", "项目名称", "实施地点", "金额"],
        ["1", "甲镇", "道路硬化", "东村", "10"],
        ["2", "乙乡", "水渠维修", "西村", "5"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert [r.region for r in t.rows] == ["甲镇", "乙乡"]
    assert dict(t.rows[0].notes) == {"项目名称": "道路硬化", "实施地点": "东村"}


def test_one_project_row_with_its_place_after_it_is_named_by_the_project() -> None:
    # a table of one project reads as one of many: the project names the row, the place is a note
    rows = [
        ["序号", "项目名称", "建设地点", "建设内容", "投资规模"],
        ["1", "城乡义务教育经费保障机制", "关堤乡", "城乡义务教育经费保障机制", "241.3"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert [(r.region, dict(r.notes)["建设地点"]) for r in t.rows] == [("城乡义务教育经费保障机制", "关堤乡")]


def test_a_numbered_project_code_is_a_note_not_money() -> None:
    # 项目编号 of fourteen digits under a text header: a code, never an amount column
    rows = [
        ["序号", "项目名称", "项目编号", "资助总额", "本期拨付"],
        ["1", "鼻咽癌早期筛查研究", "20211800900012", "30", "15"],
        ["2", "儿童哮喘规范化管理", "20211800900025", "20", "10"],
        ["合计", "<", "", "50", "25"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert t.columns == ("资助总额", "本期拨付")
    assert [r.region for r in t.rows] == ["鼻咽癌早期筛查研究", "儿童哮喘规范化管理", "合计"]
    assert dict(t.rows[0].notes) == {"项目编号": "20211800900012"}


def test_a_code_column_before_the_projects_names_no_row() -> None:
    rows = [
        ["序号", "项目编码", "项目名称", "实施地点", "总投资", "本次安排"],
        ["1", "510521-24-JY-001", "嘉明镇中心学校学生宿舍改造项目", "嘉明镇", "260", "180"],
        ["2", "510521-24-JY-002", "得胜镇中学食堂提升项目", "得胜镇", "150", "120"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert [r.region for r in t.rows] == ["嘉明镇中心学校学生宿舍改造项目", "得胜镇中学食堂提升项目"]
    assert dict(t.rows[1].notes) == {"项目编码": "510521-24-JY-002", "实施地点": "得胜镇"}


def test_a_qizhong_column_after_a_count_counts_too() -> None:
    # 资助人数 | 其中：脱贫家庭学生: a part of the count before it (never more in any row), a note
    rows = [
        ["序号", "学校", "资助人数", "其中：脱贫家庭学生", "资助金额", "其中：中央资金"],
        ["1", "实验小学", "104", "53", "30750.00", "15375.00"],
        ["2", "第一初级中学", "213", "66", "84687.50", "42343.75"],
    ]
    t = parse_allocation_table(table(rows), ("单位：元",), 1)
    assert t.columns == ("资助金额", "其中：中央资金")
    assert dict(t.rows[0].notes) == {"资助人数": "104", "其中：脱贫家庭学生": "53"}
    # a 其中 column larger than the count before it is no part of it: money
    rows[1][3] = "530"
    t = parse_allocation_table(table(rows), ("单位：元",), 1)
    assert t.columns[0] == "其中：脱贫家庭学生"


def test_a_column_of_figures_in_units_of_measure_names_no_row() -> None:
    # bb14: 建设内容 | 建设规模 (25万平方米, 15公里) | money: the works name the rows
    rows = [
        ["建设内容", "建设规模", "计划投资", "本次拨付资金"],
        ["道路", "25万平方米", "7500", "1800"],
        ["给排水管线", "15公里", "3000", "700"],
        ["合计", "", "10500", "2500"],
    ]
    t = parse_allocation_table(table(rows), ("单位：万元",), 1)
    assert [r.region_as_printed for r in t.rows] == ["道路", "给排水管线", "合计"]
    assert dict(t.rows[0].notes) == {"建设规模": "25万平方米"}


def test_a_row_whose_name_cell_is_empty_is_the_row_of_the_place_printed_left_of_it() -> None:
    # ag05: 市州 | (市、区) | 乡镇 with 乡镇 empty on the first row: the 区's own row over its towns
    rows = [
        ["市州", "区", "乡镇", "总投资"],
        ["益阳市", "资阳区", "", "300"],
        ["益阳市", "资阳区", "茈湖口镇", "100"],
        ["益阳市", "资阳区", "张家塞乡", "200"],
    ]
    t = parse_allocation_table(table(rows), ("单位：万元",), 1)
    assert [(r.region_as_printed, r.is_total) for r in t.rows] == [
        ("资阳区", True), ("茈湖口镇", False), ("张家塞乡", False)
    ]


def test_a_unit_carrying_out_two_projects_still_receives_their_money() -> None:
    rows = [
        ["序号", "项目单位", "项目名称", "建设内容", "补助资金"],
        ["1", "甲县渔港管理所", "中心渔港清淤工程", "港池清淤42万立方米", "2650"],
        ["2", "甲县城市投资建设有限公司", "冷链物流中心建设", "新建冷库5000吨", "1480"],
        ["3", "乙镇人民政府", "水产品交易市场建设", "新建交易大厅", "860"],
        ["4", "甲县城市投资建设有限公司", "综合服务中心建设", "综合楼4500平方米", "520"],
        ["合计", "<", "<", "<", "5510"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert [r.region for r in t.rows][:4] == [
        "甲县渔港管理所", "甲县城市投资建设有限公司", "乙镇人民政府", "甲县城市投资建设有限公司"]
    assert dict(t.rows[1].notes)["项目名称"] == "冷链物流中心建设"


def test_one_unit_printed_over_every_project_only_carries_them_out() -> None:
    rows = [
        ["序号", "实施单位", "项目名称", "补助资金"],
        ["1", "县水利局", "甲村饮水工程", "30"],
        ["2", "县水利局", "乙村饮水工程", "20"],
        ["合计", "<", "<", "50"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert [r.region for r in t.rows][:2] == ["甲村饮水工程", "乙村饮水工程"]


@pytest.mark.parametrize("belongs", ["所属乡镇", "所在镇", "隶属乡镇（街道）"])
def test_the_place_a_village_belongs_to_is_a_note(belongs: str) -> None:
    rows = [
        ["村委会", belongs, "种植户数（户）", "补贴金额"],
        ["光明村", "甲镇", "12", "3.5"],
        ["武山村", "甲镇", "8", "2.1"],
        ["新村", "乙镇", "5", "1.2"],
        ["合计", "", "25", "6.8"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert [r.region for r in t.rows] == ["光明村", "武山村", "新村", "合计"]
    assert dict(t.rows[2].notes)[belongs] == "乙镇"
