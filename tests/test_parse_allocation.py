"""分配表 parsing (parsers/allocation.py) and table classification (parsers/forms.py)."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from parsers.allocation import parse_allocation_table
from parsers.forms import classify_table, parse_form
from parsers.targets import classify_table as classify_from_targets
from tests.tablebuilder import table

D = Decimal

SEED002 = [
    ["单位名称", "中央全年实际下 达资金合计", "其中：", "<"],
    ["^", "^", "年初提前 下达资金", "此次下达资 金"],
    ["1", "2", "3", "4"],
    ["昌吉州", "11438", "7828", "3610"],
    ["昌吉市", "1485", "1275", "210"],
    ["阜康市", "831", "851", "-20"],
    ["呼图壁县", "1825", "968", "857"],
    ["玛纳斯县", "1271", "855", "416"],
    ["奇台县", "2295", "1478", "817"],
    ["吉木萨尔县", "1701", "1242", "459"],
    ["木垒哈萨克自治县", "2030", "1159", "871"],
]
SEED002_CONTEXT = ("2022年困难群众救助补助资金（第二批）分配表", "单位：万元")


def test_seed002_allocation_table() -> None:
    t = parse_allocation_table(table(SEED002), SEED002_CONTEXT, 1)
    assert t.attachment == 1
    assert t.title == "2022年困难群众救助补助资金（第二批）分配表"
    assert t.unit == "万元"
    assert t.columns == ("中央全年实际下达资金合计", "年初提前下达资金", "此次下达资金")
    assert t.column_parts == ((0, (1, 2)),)
    assert len(t.rows) == 8  # the column-number row is skipped
    first = t.rows[0]
    assert (first.region, first.region_as_printed, first.is_total) == (
        "昌吉回族自治州",
        "昌吉州",
        True,
    )
    assert first.values == (D(11438), D(7828), D(3610))
    fukang = t.rows[2]
    assert (fukang.region, fukang.values, fukang.is_total) == (
        "阜康市",
        (D(831), D(851), D(-20)),
        False,
    )
    assert [r.is_total for r in t.rows[1:]] == [False] * 7
    assert t.rows[-1].region == "木垒哈萨克自治县"
    assert t.rows[-1].region_code == "652328"


def test_provenance_per_row_and_value() -> None:
    t = parse_allocation_table(table(SEED002, page=4, confidence=0.9), SEED002_CONTEXT, 1)
    row = t.rows[1]
    assert row.prov.page == 4
    assert row.prov.confidence == pytest.approx(0.9)
    assert row.prov.bbox is not None
    assert len(row.value_provs) == 3
    assert row.value_provs[2].page == 4
    right, left = row.value_provs[2].bbox, row.value_provs[1].bbox
    assert right is not None and left is not None
    assert right.x0 > left.x0
    assert t.page == 4


def test_serial_column_notes_empty_cells_and_total_row() -> None:
    grid = [
        ["序号", "地区", "合计", "一般预算", "彩票公益金", "备注"],
        ["合计", "<", "150", "100", "50", ""],
        ["1", "乌鲁木齐市", "60", "60", "", "含上年结转"],
        ["2", "克拉玛依市", "40", "", "40", ""],
        ["3", "吐鲁番市", "50", "40", "10", ""],
    ]
    t = parse_allocation_table(table(grid), ("单位：万元",), 2)
    assert t.columns == ("合计", "一般预算", "彩票公益金")
    assert t.rows[0].is_total and t.rows[0].region_as_printed == "合计"
    urumqi, karamay = t.rows[1], t.rows[2]
    assert urumqi.values == (D(60), D(60), None)  # empty is None, never 0
    assert karamay.values == (D(40), None, D(40))  # never shifted left
    assert urumqi.notes == (("备注", "含上年结转"),)
    assert karamay.notes == (("备注", ""),)  # every text column, '' when empty
    assert urumqi.value_provs[2].bbox is None
    assert not any(r.is_total for r in t.rows[1:])


def test_single_amount_column_in_yuan_with_separators_and_units_as_recipients() -> None:
    grid = [
        ["项目单位", "金额（元）"],
        ["县卫健委", "200,000"],
        ["县民政局", "1,350.50"],
        ["其中：某某乡", "-3,000"],
        ["合计", "197,350.50"],
    ]
    t = parse_allocation_table(table(grid), ("附件2", "某某项目资金分配表"), 2)
    assert t.unit == "元"
    assert t.columns == ("金额",)
    assert t.title == "某某项目资金分配表"
    assert [r.region for r in t.rows] == ["县卫健委", "县民政局", "某某乡", "合计"]
    assert t.rows[2].region_as_printed == "其中：某某乡"
    assert t.rows[0].values == (D("200000"),)
    assert t.rows[2].values == (D("-3000"),)
    assert [r.is_total for r in t.rows] == [False, False, False, True]
    assert t.column_parts == ()


def test_prefecture_rows_over_their_counties_are_totals_by_numbers() -> None:
    grid = [
        ["地区", "资金"],
        ["合计", "100"],
        ["湘西州", "30"],
        ["吉首市", "10"],
        ["泸溪县", "20"],
        ["张家界市", "70"],
        ["永定区", "30"],
        ["慈利县", "40"],
    ]
    t = parse_allocation_table(table(grid), ("单位：万元",), 1)
    assert [(r.region, r.is_total) for r in t.rows] == [
        ("合计", True),
        ("湘西土家族苗族自治州", True),
        ("吉首市", False),
        ("泸溪县", False),
        ("张家界市", True),
        ("永定区", False),
        ("慈利县", False),
    ]


def test_a_county_equal_to_the_sum_of_others_is_not_a_total() -> None:
    # 吉首市 = 泸溪县 + 凤凰县 by coincidence, but counties do not sum counties
    grid = [
        ["县市区", "资金"],
        ["吉首市", "30"],
        ["泸溪县", "10"],
        ["凤凰县", "20"],
    ]
    t = parse_allocation_table(table(grid), (), 1)
    assert [r.is_total for r in t.rows] == [False, False, False]


def test_unresolved_first_row_summing_the_rest_is_a_total() -> None:
    grid = [
        ["单位", "本次分配"],
        ["全区", "60"],
        ["甲单位", "10"],
        ["乙单位", "20"],
        ["丙单位", "30"],
    ]
    t = parse_allocation_table(table(grid), (), 1)
    assert [r.is_total for r in t.rows] == [True, False, False, False]


def test_subtotal_rows_and_member_rows() -> None:
    grid = [
        ["单位名称", "金额"],
        ["总计", "100"],
        ["州本级小计", "40"],
        ["其中：州民政局", "25"],
        ["州残联", "15"],
        ["县市小计", "60"],
        ["昌吉市", "60"],
    ]
    t = parse_allocation_table(table(grid), ("单位：万元",), 1)
    totals = [r.region_as_printed for r in t.rows if r.is_total]
    assert totals == ["总计", "州本级小计", "县市小计"]
    assert t.rows[2].region == "州民政局"


def test_subset_column_is_not_a_part() -> None:
    grid = [
        ["县（市）", "下达资金", "其中：参照直达资金"],
        ["阜康市", "100", "40"],
        ["昌吉市", "50", "50"],
    ]
    t = parse_allocation_table(table(grid), ("单位：万元",), 1)
    assert t.columns == ("下达资金", "其中：参照直达资金")
    assert t.column_parts == ()


def test_two_parents_with_same_children_join_names_and_parts() -> None:
    grid = [
        ["地区", "合计", "中央资金", "<", "<", "自治区资金", "<"],
        ["^", "^", "小计", "提前下达", "此次下达", "提前下达", "此次下达"],
        ["阜康市", "100", "80", "50", "30", "15", "5"],
    ]
    t = parse_allocation_table(table(grid), (), 1)
    assert t.columns == (
        "合计",
        "中央资金小计",
        "中央资金提前下达",
        "中央资金此次下达",
        "自治区资金提前下达",
        "自治区资金此次下达",
    )
    assert (1, (2, 3)) in t.column_parts
    assert t.rows[0].values == (D(100), D(80), D(50), D(30), D(15), D(5))


def test_leaf_qizhong_columns_are_parts_when_they_add_up() -> None:
    grid = [
        ["地区", "合计", "其中:提前下达", "此次下达", "其中:参照直达"],
        ["阜康市", "100", "60", "40", "30"],
        ["昌吉市", "80", "50", "30", ""],
    ]
    t = parse_allocation_table(table(grid), (), 1)
    assert t.columns == ("合计", "提前下达", "此次下达", "其中：参照直达")
    assert t.column_parts == ((0, (1, 2)),)


def test_ocr_halfwidth_header_and_title_over_two_lines() -> None:
    grid = [
        ["单位名称", "全年合计", "其中:", "<"],
        ["^", "^", "已下达", "本次下达"],
        ["昌吉州", "30", "10", "20"],
        ["昌吉市", "10", "5", "5"],
        ["阜康市", "20", "5", "15"],
    ]
    context = ("附件1:", "2023年某某补助资金分配", "表", "单位:万元")
    t = parse_allocation_table(table(grid), context, 1)
    assert t.title == "2023年某某补助资金分配表"
    assert t.unit == "万元"
    assert t.column_parts == ((0, (1, 2)),)
    assert [r.is_total for r in t.rows] == [True, False, False]


def test_note_rows_are_skipped() -> None:
    grid = [
        ["地区", "金额"],
        ["阜康市", "10"],
        ["说明：以上资金从某某科目列支。", "<"],
    ]
    t = parse_allocation_table(table(grid), (), 1)
    assert [r.region for r in t.rows] == ["阜康市"]


# --- classify_table / parse_form ---------------------------------------------------

FORM = [
    ["序号", "收到的财政专项资金名称", "文 号", "资金金额", "实际支出金额", "未支出金额", "整改措施及整改时间"],
    ["合计", "", "", "", "", "", ""],
    ["1", "", "", "", "", "", ""],
    ["2", "", "", "", "", "", ""],
    ["...", "", "", "", "", "", ""],
]
FORM_CONTEXT = ("自治区财政资金使用跟踪反馈表", "地、州、市（单位）名称：", "单位：万元")


def test_classify_allocation_form_targets_other() -> None:
    assert classify_table(table(SEED002), SEED002_CONTEXT) == "allocation"
    assert classify_table(table(FORM), FORM_CONTEXT) == "form"
    targets = [
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
        ["^", "产出指标", "数量指标", "受益人数", "≥50人"],
    ]
    assert classify_table(table(targets), ()) == "targets"
    assert classify_from_targets(table(targets), ()) == "targets"
    prose = [["说明", "这是一段文字"], ["另一行", "没有数字"]]
    assert classify_table(table(prose), ()) == "other"


def test_blank_form_header_only() -> None:
    only_header = [["序号", "项目名称", "资金金额", "支出进度"], ["", "", "", ""]]
    assert classify_table(table(only_header), ("某某资金使用情况表",)) == "form"


def test_parse_form() -> None:
    f = parse_form(table(FORM, page=7), FORM_CONTEXT, 4)
    assert (f.attachment, f.title, f.page) == (4, "自治区财政资金使用跟踪反馈表", 7)


def test_caption_rows_repeated_header_and_dash_cells() -> None:
    grid = [
        ["2021年某某资金分配表", "<", "<"],
        ["单位：元", "<", "<"],
        ["地区", "中央资金", "省级资金"],
        ["吉首市", "12,000", "—"],
        ["泸溪县", "8,000", "-"],
        ["地区", "中央资金", "省级资金"],  # the header again after a page break
        ["凤凰县", "5,000", "1,000"],
    ]
    t = parse_allocation_table(table(grid), (), 1)
    assert t.title == "2021年某某资金分配表"
    assert t.unit == "元"
    assert t.columns == ("中央资金", "省级资金")
    assert [r.region for r in t.rows] == ["吉首市", "泸溪县", "凤凰县"]
    assert t.rows[0].values == (D(12000), None)
    assert t.rows[2].values == (D(5000), D(1000))


def test_ocr_fullwidth_digits_and_accounting_negative() -> None:
    grid = [
        ["县市", "此次下达"],
        ["阜康市", "（20）"],
        ["昌吉市", "８３１"],
    ]
    t = parse_allocation_table(table(grid), ("单位:万元",), 1)
    assert [r.values for r in t.rows] == [(D(-20),), (D(831),)]
    assert t.unit == "万元"


@pytest.mark.parametrize(
    "quantity", ["补贴面积（亩）", "受益人数", "补助标准（元/人）", "数量(个)"]
)
def test_quantity_and_rate_columns_go_to_notes(quantity: str) -> None:
    grid = [
        ["乡镇（街道）", quantity, "补贴资金"],
        ["那吾镇", "10104", "96.80"],
        ["勒秀镇", "5653", "54.16"],
    ]
    t = parse_allocation_table(table(grid), ("单位：万元",), 1)
    assert t.columns == ("补贴资金",)
    assert t.rows[0].values == (D("96.80"),)
    # the header is the note's name, unit and all (brackets folded to full width)
    assert t.rows[0].notes == ((quantity.replace("(", "（").replace(")", "）"), "10104"),)


def test_money_columns_are_not_quantities() -> None:
    grid = [
        ["地区", "补助资金（万元）", "此次下达资金", "人均补助金额"],
        ["阜康市", "10", "5", "2"],
    ]
    t = parse_allocation_table(table(grid), (), 1)
    assert t.columns == ("补助资金", "此次下达资金", "人均补助金额")
    assert t.unit == "万元"


def test_region_merged_over_project_rows_with_subtotal() -> None:
    grid = [
        ["地区", "项目名称", "金额"],
        ["阜康市", "项目甲", "10"],
        ["^", "项目乙", "20"],
        ["^", "小计", "30"],
        ["昌吉市", "项目丙", "5"],
    ]
    t = parse_allocation_table(table(grid), ("单位：万元",), 1)
    assert [(r.region, r.notes, r.is_total) for r in t.rows] == [
        ("阜康市", (("项目名称", "项目甲"),), False),
        ("阜康市", (("项目名称", "项目乙"),), False),
        ("阜康市", (("项目名称", ""),), True),  # the 小计 label is the row's, not a note
        ("昌吉市", (("项目名称", "项目丙"),), False),
    ]


def test_serial_column_under_an_unknown_header_with_a_spanning_total() -> None:
    grid = [
        ["选号", "单位", "补助项目", "经费（万元）"],
        ["1", "甲社区", "健身房", "2.4"],
        ["2", "乙村", "健身房", "3"],
        ["合计", "<", "", "5.4"],
    ]
    t = parse_allocation_table(table(grid), (), 1)
    assert t.columns == ("经费",)
    assert [(r.region, r.values) for r in t.rows] == [
        ("甲社区", (D("2.4"),)), ("乙村", (D(3),)), ("合计", (D("5.4"),)),
    ]


@pytest.mark.parametrize(
    "caption",
    ["2018年某某补助资金预算表（单位：万元）", "2018年某某补助资金预算表(万元)", "2018年某某补助资金预算表  单位：万元",
     "2018年某某补助资金预算表（金额单位：万元）", "2018年某某补助资金预算表 资金单位:万元",
     "2018年某某补助资金预算表（单位：万元、户）"],
)
def test_unit_printed_inside_the_table_title(caption: str) -> None:
    grid = [["地区", "金额"], ["甲市", "10"], ["乙市", "20"], ["合计", "30"]]
    t = parse_allocation_table(table(grid), (caption,), 1)
    assert (t.title, t.unit) == ("2018年某某补助资金预算表", "万元")


def test_a_remark_in_brackets_after_the_title_is_kept() -> None:
    grid = [["地区", "金额"], ["甲市", "10"], ["合计", "10"]]
    t = parse_allocation_table(table(grid), ("某某资金分配表（第二批）", "单位：元"), 1)
    assert (t.title, t.unit) == ("某某资金分配表（第二批）", "元")


def test_project_rows_with_an_implementing_unit_and_no_region_column() -> None:
    grid = [
        ["序号", "项目名称", "实施单位", "调整金额"],
        ["", "合计", "", "0"],
        ["1", "甲镇产业帮扶车间项目", "甲镇人民政府", "-200"],
        ["2", "企业科技创新能力提升项目", "县科技局", "-100"],
        ["3", "乙镇蒸馏设备加工项目", "乙镇人民政府", "300"],
    ]
    t = parse_allocation_table(table(grid), ("单位：万元",), 1)
    assert t.columns == ("调整金额",)
    assert [(r.region, dict(r.notes).get("实施单位"), r.values[0]) for r in t.rows] == [
        ("合计", "", D(0)),
        ("甲镇产业帮扶车间项目", "甲镇人民政府", D(-200)),
        ("企业科技创新能力提升项目", "县科技局", D(-100)),
        ("乙镇蒸馏设备加工项目", "乙镇人民政府", D(300)),
    ]


@pytest.mark.parametrize("head", ["实施单位", "建设单位", "项目主管部门"])
def test_an_implementing_unit_alone_is_the_recipient(head: str) -> None:
    grid = [[head, "金额"], ["甲镇人民政府", "10"], ["县科技局", "5"], ["合计", "15"]]
    t = parse_allocation_table(table(grid), ("单位：万元",), 1)
    assert [r.region for r in t.rows] == ["甲镇人民政府", "县科技局", "合计"]


@pytest.mark.parametrize("merged", [False, True])
def test_a_column_grouping_the_rows_is_a_note_of_the_finer_one(merged: bool) -> None:
    grid = [
        ["辖市（区）", "补贴单位", "补贴金额", "备注"],
        ["甲市", "东镇", "6", "污水管网"],
        ["^" if merged else "甲市", "西镇", "4", "道路改造"],
        ["乙区", "南镇", "5", ""],
        ["", "合计", "15", ""],
    ]
    t = parse_allocation_table(table(grid), ("单位：万元",), 1)
    assert [(r.region, dict(r.notes).get("辖市（区）")) for r in t.rows] == [
        ("东镇", "甲市"), ("西镇", "甲市"), ("南镇", "乙区"), ("合计", ""),
    ]


def test_of_two_region_columns_the_one_grouping_the_rows_is_a_note() -> None:
    grid = [
        ["乡镇", "县区", "金额"],
        ["东镇", "甲区", "6"],
        ["西镇", "甲区", "4"],
        ["南镇", "乙区", "5"],
        ["合计", "", "15"],
    ]
    t = parse_allocation_table(table(grid), ("单位：万元",), 1)
    assert [(r.region, dict(r.notes).get("县区")) for r in t.rows] == [
        ("东镇", "甲区"), ("西镇", "甲区"), ("南镇", "乙区"), ("合计", ""),
    ]


@pytest.mark.parametrize(("other", "values"), [
    ("建设规模", ["道路3公里", "水池2座"]), ("实施单位", ["甲镇人民政府", "县水利局"]), ("建设内容", ["硬化道路", "新建水池"]),
])
def test_project_rows_keep_the_project_as_the_row_whatever_describes_it(other: str, values: list[str]) -> None:
    grid = [["序号", "项目名称", other, "金额"], ["1", "甲村道路硬化", values[0], "20"],
            ["2", "乙村饮水工程", values[1], "15"], ["", "合计", "", "35"]]
    t = parse_allocation_table(table(grid), ("单位：万元",), 1)
    assert [(r.region, dict(r.notes).get(other)) for r in t.rows] == [
        ("甲村道路硬化", values[0]), ("乙村饮水工程", values[1]), ("合计", ""),
    ]


def test_a_column_of_places_after_the_projects_says_where_they_are_built() -> None:
    # project rows with nothing printed before the project: the project names the row (l13: 实施地点
    # 对竹镇 after 项目名称), on a table of one project as on one of many (r71)
    grid = [["序号", "项目名称", "建设地点", "建设内容", "投资规模", "责任单位"],
            ["1", "义务教育经费保障", "甲乡", "校舍维修", "241.3", "社会事务局"],
            ["2", "村道硬化", "乙镇东村", "道路3公里", "20", "交通局"]]
    t = parse_allocation_table(table(grid), ("单位：万元",), 1)
    assert [(r.region, dict(r.notes)["建设地点"]) for r in t.rows] == [("义务教育经费保障", "甲乡"), ("村道硬化", "乙镇东村")]
    t = parse_allocation_table(table(grid[:2]), ("单位：万元",), 1)
    assert [(r.region, dict(r.notes)["建设地点"]) for r in t.rows] == [("义务教育经费保障", "甲乡")]


def test_the_receiving_unit_names_the_row_when_no_value_repeats() -> None:
    """One town per city: nothing groups the rows, the header words decide (补贴单位 receives)."""
    grid = [["辖市（区）", "补贴单位", "补贴金额"], ["甲市", "东镇", "6"], ["乙区", "西镇", "4"], ["", "合计", "10"]]
    t = parse_allocation_table(table(grid), ("单位：万元",), 1)
    assert [(r.region, dict(r.notes).get("辖市（区）")) for r in t.rows] == [
        ("东镇", "甲市"), ("西镇", "乙区"), ("合计", ""),
    ]


@pytest.mark.parametrize(
    "caption_rows",
    [
        [["2020年某某资金分配表", "<", "单位：万元"]],  # the unit in the title row's last cell
        [["2020年某某资金分配表", "<", "<"], ["", "", "单位：万元"]],  # the unit alone on its row
        [["2020年某某资金分配表", "<", "单位：万元、户"]],  # a count unit beside the money one
    ],
)
def test_title_and_unit_rows_printed_inside_the_table(caption_rows: list[list[str]]) -> None:
    grid = [*caption_rows, ["地区", "合计", "此次下达"], ["甲县", "10", "10"], ["合计", "10", "10"]]
    t = parse_allocation_table(table(grid), (), 1)
    assert (t.title, t.unit, t.columns) == ("2020年某某资金分配表", "万元", ("合计", "此次下达"))
    assert [r.region for r in t.rows] == ["甲县", "合计"]


_TOWNS = {"辖市（区）": ["甲市", "甲市", "乙区", "乙区", ""], "补贴单位": ["甲镇", "乙镇", "丙镇", "丁镇", "合计"],
          "补贴金额": ["6", "4", "5", "5", "20"], "备注": ["污水", "道路", "", "规划", ""]}


@pytest.mark.parametrize("order", list(itertools.permutations(_TOWNS)))
def test_the_recipient_column_whatever_the_column_order(order: tuple[str, ...]) -> None:
    grid = [list(order)] + [[_TOWNS[c][i] for c in order] for i in range(5)]
    t = parse_allocation_table(table(grid), ("单位：万元",), 1)
    assert [r.region_as_printed for r in t.rows] == ["甲镇", "乙镇", "丙镇", "丁镇", "合计"]
    assert [dict(r.notes)["辖市（区）"] for r in t.rows] == ["甲市", "甲市", "乙区", "乙区", ""]


@pytest.mark.parametrize(("rows", "codes"), [
    # districts of a municipality: 宝山区 and 普陀区 have namesakes elsewhere (包头, 舟山)
    ([("青浦区", "10"), ("宝山区", "20"), ("奉贤区", "30"), ("普陀区", "40")],
     ["310118", "310113", "310120", "310107"]),
    # 和平区, 河东区 (天津 and elsewhere) read within the division the other rows share
    ([("和平区", "5"), ("河东区", "6"), ("南开区", "7"), ("红桥区", "8")],
     ["120101", "120102", "120104", "120106"]),
])
def test_an_ambiguous_district_is_read_within_the_division_its_neighbours_share(
    rows: list[tuple[str, str]], codes: list[str]
) -> None:
    grid = [["区", "金额"], *[[name, amount] for name, amount in rows]]
    t = parse_allocation_table(table(grid), (), 1)
    assert [r.region_code for r in t.rows] == codes


def test_a_name_ambiguous_everywhere_stays_unresolved() -> None:
    grid = [["区", "金额"], ["宝山区", "1"], ["普陀区", "2"]]  # nothing says which 宝山区
    t = parse_allocation_table(table(grid), (), 1)
    assert [r.region_code for r in t.rows] == [None, None]


def test_a_total_label_padded_over_the_serial_and_name_columns_is_one_label() -> None:
    # a table without column rules cuts 合　计 between its characters: 合 under 序号, 计 under 乡镇
    grid = [
        ["序号", "乡镇", "补助金额"],
        ["1", "甲镇", "10"],
        ["2", "乙镇", "20"],
        ["合", "计", "30"],
    ]
    t = parse_allocation_table(table(grid), ("单位：万元",), 1)
    assert [(r.region_as_printed, r.is_total) for r in t.rows] == [("甲镇", False), ("乙镇", False), ("合计", True)]
