"""The region a 区域绩效目标表 names only by its finance body (parsers/target_region.py): a whole city's
or county's own form with the subtitle ``（2021年度）`` whose ``市级财政部门`` cell reads ``邯郸市财政局``
(session 7's blind notices z03, z12, z23, z29, z30, z32 came out with no region)."""

from __future__ import annotations

from parsers.target_region import is_finance_label, is_regional_title, region_of_finance_body
from parsers.targets import parse_target_table
from tests.tablebuilder import table


def test_a_finance_body_of_one_division_names_it() -> None:
    assert region_of_finance_body("邯郸市财政局") == "邯郸市"
    assert region_of_finance_body("大理白族自治州财政局") == "大理白族自治州"
    assert region_of_finance_body("澧县财政局") == "澧县"
    assert region_of_finance_body("浙江省财政厅") == "浙江省"
    assert region_of_finance_body("襄阳市襄州区财政局") == "襄州区"  # the parent's name qualifies it


def test_a_finance_body_of_no_single_division_names_none() -> None:
    assert region_of_finance_body("各县（市、区）财政局") is None
    assert region_of_finance_body("区财政局") is None
    assert region_of_finance_body("相关市县财政局") is None
    assert region_of_finance_body("各地(州、市)财政部门") is None
    assert region_of_finance_body("邯郸市民政局") is None  # not a finance body


def test_labels_and_titles() -> None:
    assert is_finance_label("市级财政部门") and is_finance_label("区县财政部门") and is_finance_label("财政部门")
    assert is_finance_label("林区财政部门")  # 神农架林区 names its own level so (bc11)
    assert not is_finance_label("森林财政部门")
    assert not is_finance_label("市级主管部门") and not is_finance_label("实施单位")
    assert is_regional_title(["2023年省级冬季清洁取暖专项资金区域", "绩效目标表"])  # wrapped
    assert not is_regional_title(["2021年基本药物制度补助资金绩效目标表"])


def _rows(fin_label: str, fin: str) -> list[list[str]]:
    return [
        ["项目名称", "<", "困难群众救助补助资金", "<"],
        ["省级主管部门", "<", "河北省民政厅", "<"],
        [fin_label, fin, "市级主管部门", "邯郸市民政局"],
        ["资金情况（万元）", "<", "下达资金总额：", "44970"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "城乡低保对象人数", "≥128000人"],
    ]


def test_a_regional_form_takes_its_finance_bodys_region() -> None:
    title = ("附件2", "2021年困难群众救助补助资金区域绩效目标表", "（2021年度）")
    t = parse_target_table(table(_rows("市级财政部门", "邯郸市财政局")), title, 2)
    assert (t.region, t.region_as_printed, t.year) == ("邯郸市", "邯郸市", 2021)
    alias = parse_target_table(table(_rows("县级财政部门", "互助县财政局")), title, 2)
    assert (alias.region, alias.region_as_printed) == ("互助土族自治县", "互助县")


def test_no_region_from_a_finance_body_of_many_or_on_a_project_form() -> None:
    title = ("附件2", "2021年困难群众救助补助资金区域绩效目标表", "（2021年度）")
    many = parse_target_table(table(_rows("县级财政部门", "各县（市、区）财政局")), title, 2)
    assert many.region is None
    project = ("附件2", "2021年困难群众救助补助资金绩效目标表", "（2021年度）")
    rows = _rows("市级财政部门", "邯郸市财政局")
    rows[2] = ["市级财政部门", "邯郸市财政局", "实施单位", "各县（市、区）民政局"]
    assert parse_target_table(table(rows), project, 2).region is None


def test_a_printed_region_wins_over_the_finance_body() -> None:
    title = ("附件2", "2021年困难群众救助补助资金区域绩效目标表", "（2021年丛台区）")
    t = parse_target_table(table(_rows("市级财政部门", "邯郸市财政局")), title, 2)
    assert t.region == "丛台区"


def _area_rows(label: str, value: str) -> list[list[str]]:
    return [
        ["项目名称", "<", "民族教育专项补助资金", "<"],
        ["主管部门", "<", "乌兰察布市教育局", "<"],
        [label, value, "资金单位", "元"],
        ["资金情况", "<", "年度资金总额：", "1200000"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "受助学校数", "≥3所"],
    ]


def test_a_field_saying_where_the_money_goes_names_the_region() -> None:
    title = ("附件2", "2018年民族教育专项补助资金绩效目标表", "（2018年度）")
    t = parse_target_table(table(_area_rows("补助区域", "乌兰察布市")), title, 2)
    assert (t.region, t.region_as_printed) == ("乌兰察布市", "乌兰察布市")
    assert parse_target_table(table(_area_rows("实施区域", "光山县")), title, 2).region == "光山县"
    assert parse_target_table(table(_area_rows("补助区域", "市本级")), title, 2).region is None  # no division


def test_a_unit_field_gives_the_funds_unit() -> None:
    title = ("附件2", "2018年民族教育专项补助资金绩效目标表", "（2018年度）")
    t = parse_target_table(table(_area_rows("补助区域", "乌兰察布市")), title, 2)
    assert t.unit == "元" and t.funds.total == 1200000


def test_townships_as_columns_give_one_target_table_each() -> None:
    """Townships under 区域目标值 (below GB/T 2260's county table: named by their shape); j08 read the
    header field 区域 | 保基乡、淤泥乡… as one region and the name row as an indicator."""
    from parsers.target_matrix import split_target_matrix

    rows = [
        ["项目名称", "<", "洪涝灾害应急救灾资金", "<", "<", "<"],
        ["区域", "<", "保基乡、淤泥乡、城关镇", "<", "<", "<"],
        ["一级指标", "二级指标", "三级指标", "指标解释", "区域目标值", "<", "<"],
        ["^", "^", "^", "^", "保基乡", "淤泥乡", "城关镇"],
        ["产出指标", "数量指标", "紧急转移安置人数", "反映人数", "≥600人", "≥520人", "≥430人"],
    ]
    split = split_target_matrix(table(rows), ("绩效目标表", "（2021年度）"), None)
    assert [(t.region, t.region_as_printed) for t in split] == [
        ("保基乡", "保基乡"), ("淤泥乡", "淤泥乡"), ("城关镇", "城关镇"),
    ]
    assert [i.value for i in split[2].indicators] == ["≥430人"]
    periods = [["一级指标", "二级指标", "三级指标", "指标值", "<"], ["^", "^", "^", "中期目标", "年度目标"],
               ["产出指标", "数量指标", "人数", "5人", "3人"]]
    assert split_target_matrix(table(periods), (), 1) == ()


def test_a_form_beside_its_own_department_needs_no_regional_title() -> None:
    """``县级财政部门 | 汉阴县财政局 | 县级主管部门 | 汉阴县人社局``: the region's own two bodies on the
    regional form's row, under a title without 区域; a project's 实施单位 there names no region."""
    title = ("附件", "2022年普惠金融发展专项资金绩效目标表", "（2022年度）")
    rows = _rows("市级财政部门", "邯郸市财政局")
    t = parse_target_table(table(rows), title, None)
    assert (t.region, t.region_as_printed) == ("邯郸市", "邯郸市")
    rows[2] = ["市级财政部门", "邯郸市财政局", "实施单位", "邯郸市民政局"]
    assert parse_target_table(table(rows), title, None).region is None
    rows[2] = ["市级财政部门", "邯郸市财政局", "市级主管部门", "河北省民政厅"]  # another division's
    assert parse_target_table(table(rows), title, None).region is None


def test_a_bracket_of_a_year_and_a_fund_in_the_title_names_no_region() -> None:
    title = ("附件3", "学生资助补助经费（2019年中等职业教育国家助学金", "和免学费补助资金）区域绩效目标表", "（2019年度）")
    t = parse_target_table(table(_rows("市级财政部门", "潮州市财政局")), title, 3)
    assert (t.year, t.region) == (2019, "潮州市")
