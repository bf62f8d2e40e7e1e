"""What a 分配表 column measures (parsers/column_measures.py): money columns are amounts, count,
area, rate and share columns are notes named by their header path, and no sum check reads them."""

from __future__ import annotations

import pytest

from parsers.allocation import parse_allocation_table
from parsers.column_measures import cell_measure, path_measure
from pipeline.checks.allocation import check_table_sums
from pipeline.core.model import AllocationTable
from tests.tablebuilder import table

UNIT = ("单位：万元",)


def _codes(t: AllocationTable) -> list[str]:
    return sorted(f.code for f in check_table_sums(0, t))


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("补助人数", "quantity"),  # the head of the compound is 人数
        ("人数补助", "money"),  # ... and here 补助
        ("占总补贴人数比例", "quantity"),
        ("受益户数（户）", "quantity"),
        ("折合重量（吨）", "quantity"),
        ("2021年户籍人口", "quantity"),  # a population, no unit printed
        ("补贴月数", "quantity"),
        ("在校学生数", "quantity"),
        ("补助标准（元/人）", "quantity"),
        ("补助标准（元）", "quantity"),  # a rate in 元 is no amount
        ("单价（元）", "quantity"),
        ("标准化建设资金（万元）", "money"),  # 标准 is no head here
        ("完成率%", "quantity"),
        ("建设面积（平方米）", "quantity"),
        ("参保人月（人月）", "quantity"),  # person-months insured: a count (af13), though no word of it says so
        ("下达资金（万元）", "money"),
        ("省级资金", "money"),
        ("小计", None),
        ("合计", None),
        ("2021年下达", "money"),
        ("产业发展（到户）", None),  # a qualifier, not a unit
        ("第一批", None),
        ("应下达公用经费总额（万元）（按2017年学生人数）", "money"),  # 人数 only in a remark
        ("改造任务数", "quantity"),  # a count of tasks, no unit printed
        ("补助名额", "quantity"),  # places to be subsidised, not money
        ("任务数（万元）", "money"),  # the unit has the last word
        ("环境空气质量分值", "quantity"),  # a score (bb20), no money
        ("间数", "quantity"),  # rooms: a count unit + 数 (bb19)
        ("建设规模", "quantity"),  # 45000 (平方米 in the next column) (bb12)
        ("社区(25个)", "quantity"),  # the communities counted, 25 in all (ag03)
        ("山塘清淤(处数)", "quantity"),  # how many 处 (ag05)
        ("村卫生室数", "quantity"),  # how many clinics (ag14)
        ("乡村医生数", "quantity"),
        ("本次下达数", "money"),  # the amount paid now
        ("预算数", "money"),
        ("合计(万元)", "money"),
        ("资金规模", "money"),  # the longer word is the head
        ("项目投资规模（万元）", "money"),
        ("考核得分", "quantity"),
        ("得分奖励", "money"),  # money paid for the score
        ("死亡牲畜（头只匹）", "quantity"),  # head of livestock: a run of count units (bc15)
        ("牲畜（头只）", "quantity"),
        ("救灾资金（万元）", "money"),
    ],
)
def test_a_header_cell_says_what_its_columns_measure(text: str, measure: str | None) -> None:
    assert cell_measure(text) == measure


def test_a_cell_that_says_nothing_defers_to_its_group() -> None:
    assert path_measure(["2020年受益人数", "小计"]) == "quantity"
    assert path_measure(["省级资金", "第二批"]) == "money"
    assert path_measure(["地区", "第二批"]) is None
    assert path_measure(["补助资金（万元）", "受益户数"]) == "quantity"  # the leaf is nearest


# A header tree with a group of people counts (小计 = 常规 + 新增) beside the money by source and year.
COUNTS_AND_MONEY = [
    ["县区", "2020年受益人数", "<", "<", "拨付资金（万元）", "<", "<"],
    ["^", "小计", "常规人数", "新增人数", "省级资金", "县级资金", "<"],
    ["^", "^", "^", "^", "^", "第一批", "第二批"],
    ["东县", "120", "100", "20", "12.5", "3.5", "1"],
    ["西县", "80", "70", "10", "8.25", "2", ""],
    ["合计", "200", "170", "30", "20.75", "5.5", "1"],
]


def test_a_count_group_in_a_header_tree_goes_to_the_notes() -> None:
    t = parse_allocation_table(table(COUNTS_AND_MONEY), (), 1)
    assert t.unit == "万元"
    assert t.columns == ("省级资金", "第一批", "第二批")
    assert [r.values for r in t.rows][0] == (12.5, 3.5, 1)
    assert t.rows[1].values[2] is None
    assert dict(t.rows[0].notes) == {"2020年受益人数小计": "120", "常规人数": "100", "新增人数": "20"}
    assert t.column_parts == ()
    assert [r.is_total for r in t.rows] == [False, False, True]
    assert _codes(t) == []


def test_a_count_column_is_never_summed_as_money() -> None:
    rows = [
        ["地区", "合计", "受益户数（户）", "中央资金", "省级资金"],
        ["东县", "30", "412", "20", "10"],
        ["西县", "25", "365", "15", "10"],
        ["合计", "55", "777", "35", "20"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert t.columns == ("合计", "中央资金", "省级资金")
    assert dict(t.column_parts) == {0: (1, 2)}
    assert dict(t.rows[0].notes) == {"受益户数（户）": "412"}
    assert _codes(t) == []


def test_count_and_percent_columns_beside_the_money() -> None:
    rows = [
        ["区", "年底补助人数（人）", "占全部人数比例", "分配资金（万元）"],
        ["东区", "300", "60.00%", "12"],
        ["西区", "200", "40.00%", "8"],
        ["合计", "500", "100%", "20"],
    ]
    t = parse_allocation_table(table(rows), (), 1)
    assert t.unit == "万元"
    assert t.columns == ("分配资金",)
    assert dict(t.rows[1].notes) == {"年底补助人数（人）": "200", "占全部人数比例": "40.00%"}
    assert _codes(t) == []


def test_a_generic_count_leaf_is_named_after_its_group() -> None:
    rows = [
        ["市", "合计", "示范项目补助", "<"],
        ["^", "^", "项目数（个）", "金额"],
        ["东市", "50", "3", "50"],
        ["西市", "40", "2", "40"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert t.columns == ("合计", "示范项目补助金额")
    assert dict(t.rows[0].notes) == {"示范项目补助项目数（个）": "3"}


def test_quantity_words_that_add_up_to_the_money_total_are_money() -> None:
    # 因素法: money shared by headcount and by area; the words alone would say counts
    rows = [
        ["地区", "合计", "按人数分配", "按面积分配"],
        ["东县", "30", "18", "12"],
        ["西县", "25", "10", "15"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert t.columns == ("合计", "按人数分配", "按面积分配")
    assert dict(t.column_parts) == {0: (1, 2)}
    assert _codes(t) == []


def test_quantity_columns_that_do_not_add_up_stay_notes() -> None:
    rows = [
        ["地区", "合计", "补助人数", "补助面积"],
        ["东县", "30", "180", "1200"],
        ["西县", "25", "100", "1500"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert t.columns == ("合计",)
    assert dict(t.rows[0].notes) == {"补助人数": "180", "补助面积": "1200"}


def test_a_column_of_budget_codes_is_a_note() -> None:
    rows = [
        ["学校", "人数", "标准（元/生）", "金额（元）", "功能分类"],
        ["第一中学", "12", "500", "6000", "2050203"],
        ["第二中学", "3", "800", "2400", "2050203"],
    ]
    t = parse_allocation_table(table(rows), (), 1)
    assert t.columns == ("金额",)
    assert dict(t.rows[1].notes) == {"人数": "3", "标准（元/生）": "800", "功能分类": "2050203"}


def test_a_rate_in_yuan_beside_the_money_is_no_amount() -> None:
    rows = [
        ["乡镇", "补助人数", "补助标准（元）", "补助资金（元）"],
        ["东镇", "10", "300", "3000"],
        ["西镇", "4", "500", "2000"],
        ["合计", "14", "", "5000"],
    ]
    t = parse_allocation_table(table(rows), (), 1)
    assert t.unit == "元"
    assert t.columns == ("补助资金",)
    assert dict(t.rows[0].notes) == {"补助人数": "10", "补助标准（元）": "300"}
    assert _codes(t) == []


def test_a_subtotal_of_counts_is_a_count_though_its_group_says_nothing() -> None:
    rows = [
        ["地区", "2023年核定", "<", "<", "补助资金"],
        ["^", "小计", "常规人数", "新增人数", "^"],
        ["东县", "120", "100", "20", "12"],
        ["西县", "80", "70", "10", "8"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert t.columns == ("补助资金",)
    assert dict(t.rows[0].notes) == {"2023年核定小计": "120", "常规人数": "100", "新增人数": "20"}


def test_units_printed_in_a_header_row_of_their_own() -> None:
    rows = [
        ["地区", "补助人数", "补助资金"],
        ["^", "（人）", "（万元）"],
        ["东县", "120", "12"],
        ["西县", "80", "8"],
    ]
    t = parse_allocation_table(table(rows), (), 1)
    assert t.unit == "万元"
    assert t.columns == ("补助资金",)
    assert dict(t.rows[0].notes) == {"补助人数（人）": "120"}


# A row hierarchy (合计, ××市小计 over its city and counties) beside a count of places (民族乡).
PLACES_COUNTED = [
    ["地区", "民族乡", "分配金额"],
    ["合计", "7", "1000"],
    ["甲市小计", "5", "700"],
    ["甲市", "2", "300"],
    ["乙县", "3", "400"],
    ["丙市", "2", "300"],
]


def test_a_column_counting_places_beside_the_money_is_a_note() -> None:
    t = parse_allocation_table(table(PLACES_COUNTED), UNIT, 1)
    assert t.columns == ("分配金额",)
    assert [r.values for r in t.rows] == [(1000,), (700,), (300,), (400,), (300,)]
    assert [dict(r.notes) for r in t.rows][:2] == [{"民族乡": "7"}, {"民族乡": "5"}]
    assert [r.is_total for r in t.rows] == [True, True, False, False, False]
    assert _codes(t) == []


@pytest.mark.parametrize(
    ("head", "values"),
    [
        ("市县", ["4", "3"]),  # a bare level: money may be split that way
        ("直补到户", ["4", "3"]),  # a destination
        ("民族乡", ["4.5", "3"]),  # not whole numbers: no count
    ],
)
def test_a_place_header_that_counts_nothing_stays_money(head: str, values: list[str]) -> None:
    rows = [["地区", head, "省级资金"], ["东县", values[0], "10"], ["西县", values[1], "8"]]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert t.columns == (head, "省级资金")
    assert dict(t.rows[0].notes) == {}


def test_a_place_count_alone_is_no_note() -> None:
    # no money column beside it: the table's only number column is its amount
    rows = [["地区", "贫困村"], ["东县", "4"], ["西县", "3"]]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert t.columns == ("贫困村",)


def test_a_place_header_under_a_money_group_is_money() -> None:
    rows = [
        ["地区", "补助资金", "<"],
        ["^", "民族乡", "民族村"],
        ["东县", "40", "12"],
        ["西县", "30", "8"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert t.columns == ("民族乡", "民族村")


# Two benefit groups each printing 户数, 人数, a monthly standard and the money: the second group's
# money column carries a per-person unit in its header although it holds each town's total.
PER_PERSON_HEADER = [
    ["乡镇", "保障人数（人）", "月保障金（元/人/月）", "月发放金额（元）", "特困人数（人）",
     "特困月保障金额（元/人/月）", "特困月发放金额（元/人）"],
    ["东镇", "94", "386", "36284", "2", "780", "1560"],
    ["西镇", "100", "386", "38600", "1", "780", "780"],
    ["南镇", "10", "386", "3860", "0", "780", "0"],
    ["合计", "204", "", "78744", "3", "", "2340"],
]


def test_a_money_per_person_column_that_is_count_times_standard_is_money() -> None:
    t = parse_allocation_table(table(PER_PERSON_HEADER), (), 1)
    assert t.unit == "元"
    assert t.columns == ("月发放金额", "特困月发放金额")
    assert [r.values for r in t.rows][0] == (36284, 1560)
    assert dict(t.rows[0].notes) == {
        "保障人数（人）": "94", "月保障金（元/人/月）": "386", "特困人数（人）": "2", "特困月保障金额（元/人/月）": "780"}
    assert _codes(t) == []


def test_a_money_per_person_column_that_is_no_product_stays_a_standard() -> None:
    rows = [row[:4] + row[5:6] for row in PER_PERSON_HEADER]  # the 特困 money column left out
    rows[0][4] = "特困月发放金额（元/人）"
    t = parse_allocation_table(table(rows), (), 1)
    assert t.columns == ("月发放金额",)
    assert dict(t.rows[0].notes)["特困月发放金额（元/人）"] == "780"


def test_a_unit_in_a_header_row_of_units_goes_with_the_label_above_it() -> None:
    rows = [
        ["乡镇", "户数", "补贴面积", "<", "补贴资金"],
        ["^", "^", "小计", "确权面积", "^"],
        ["^", "（户）", "（亩）", "（亩）", "（元）"],
        ["东镇", "12", "30.5", "30.5", "3416"],
        ["西镇", "8", "20", "18", "2240"],
    ]
    t = parse_allocation_table(table(rows), (), 1)
    assert t.unit == "元"
    assert t.columns == ("补贴资金",)
    assert dict(t.rows[0].notes) == {"户数（户）": "12", "补贴面积小计（亩）": "30.5", "确权面积（亩）": "30.5"}


def test_place_columns_that_add_up_to_the_money_total_are_money() -> None:
    # money split by kind of village: the words would say counts, the sums say money
    rows = [
        ["地区", "合计", "贫困村", "非贫困村"],
        ["东县", "30", "18", "12"],
        ["西县", "25", "10", "15"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert t.columns == ("合计", "贫困村", "非贫困村")
    assert dict(t.column_parts) == {0: (1, 2)}


def test_a_subset_of_the_money_headed_by_a_place_kind_is_money() -> None:
    rows = [["设区市", "下达金额", "其中：脱贫县"], ["甲市", "9800", ""], ["乙市", "8600", "4100"]]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert t.columns == ("下达金额", "其中：脱贫县")
    assert [r.values for r in t.rows] == [(9800, None), (8600, 4100)]


def test_a_money_group_beside_a_count_group_names_its_generic_leaf() -> None:
    rows = [
        ["区镇", "保障人数", "<", "<", "保障经费", "<", "<"],
        ["^", "孤儿", "其他儿童", "合计", "合计", "上级补助", "区本级"],
        ["甲镇", "2", "21", "23", "158171", "72432.70", "85738.30"],
    ]
    t = parse_allocation_table(table(rows), ("单位：元",), 1)
    assert t.columns == ("保障经费合计", "上级补助", "区本级")
    assert dict(t.rows[0].notes) == {"孤儿": "2", "其他儿童": "21", "保障人数合计": "23"}


def test_a_count_group_printing_its_unit_gives_it_to_each_leaf() -> None:
    """生态公益林面积（亩） over 合计 | 省级以上 | 县级 beside 补偿资金（元） over the same leaves: the
    counts end with the group's unit and so clash with no amount; the amounts keep their leaves."""
    rows = [
        ["单位", "生态公益林面积（亩）", "<", "<", "补偿资金（元）", "<", "<"],
        ["^", "合计", "省级以上", "县级", "合计", "省级以上", "县级"],
        ["甲镇", "69670", "61250", "8420", "1393400", "1225000", "168400"],
    ]
    t = parse_allocation_table(table(rows), (), 1)
    assert t.columns == ("补偿资金合计", "省级以上", "县级")
    assert dict(t.rows[0].notes) == {"生态公益林面积合计（亩）": "69670", "省级以上（亩）": "61250", "县级（亩）": "8420"}


def test_a_leaf_qualified_in_brackets_is_no_clash_with_the_bare_one() -> None:
    """备注（其他资金名称） under 资金规模 beside a 备注 of its own: two names, neither takes its group."""
    rows = [
        ["项目名称", "资金规模", "<", "<", "备注"],
        ["^", "小计", "中央资金", "备注（其他资金名称）", "^"],
        ["甲项目", "49", "49", "结余资金", ""],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert set(dict(t.rows[0].notes)) == {"备注（其他资金名称）", "备注"}


def test_a_standard_printed_on_a_group_is_no_unit_of_its_leaves() -> None:
    rows = [
        ["县", "奖补金额合计", "森林城镇奖补（10万元/个）", "<"],
        ["^", "^", "城镇个数", "奖补金额"],
        ["甲县", "30", "3", "30"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert dict(t.rows[0].notes) == {"城镇个数": "3"}


def test_a_group_over_the_money_names_its_generic_total() -> None:
    """补助资金 over 合计 | 低保家庭 | 其他对象 beside count columns: the 合计 is 补助资金合计 (a generic
    leaf is named after its group, even one over every amount column; samples/README.md)."""
    rows = [
        ["区市县", "补助对象", "<", "补助资金", "<", "<"],
        ["^", "低保户数", "其他对象人数", "合计", "低保家庭", "其他对象"],
        ["甲区", "2322", "410", "2185600", "1857600", "328000"],
    ]
    t = parse_allocation_table(table(rows), ("单位：元",), 1)
    assert t.columns == ("补助资金合计", "低保家庭", "其他对象")
    assert dict(t.rows[0].notes) == {"低保户数": "2322", "其他对象人数": "410"}


def test_a_group_label_keeps_its_bracket_of_standards_in_the_names_under_it() -> None:
    # a standard per thing (10万元/个) is a remark on the money, no unit of the table: part of the name
    rows = [
        ["县（市、区）", "奖补金额合计", "城镇奖补（10万元/个）", "<", "村庄奖补（8万元/个）", "<"],
        ["^", "^", "城镇个数", "金额", "村庄个数", "金额"],
        ["甲县", "26", "1", "10", "2", "16"],
    ]
    t = parse_allocation_table(table(rows), ("单位：个、万元",), 1)
    assert t.columns == ("奖补金额合计", "城镇奖补（10万元/个）金额", "村庄奖补（8万元/个）金额")
    assert dict(t.rows[0].notes) == {"城镇个数": "1", "村庄个数": "2"}


_UNIT_LEAVES = [
    ["序号", "镇别", "保障对象", "<", "其中", "<", "<", "<", "<", "<", "月补金额合计"],
    ["^", "^", "^", "^", "集中供养", "<", "<", "分散供养", "<", "<", "^"],
    ["^", "^", "户", "人", "户", "人", "月补金额", "户", "人", "月补金额", "^"],
    ["1", "甲街道", "6", "7", "5", "5", "7767.5", "1", "2", "1516", "9283.5"],
]


def test_a_leaf_that_is_a_unit_alone_is_a_count_note() -> None:
    t = parse_allocation_table(table(_UNIT_LEAVES), ("单位：元",), 1)
    assert t.columns == ("集中供养月补金额", "分散供养月补金额", "月补金额合计")
    assert dict(t.rows[0].notes) == {"保障对象户": "6", "保障对象人": "7", "集中供养户": "5",
                                     "集中供养人": "5", "分散供养户": "1", "分散供养人": "2"}


def test_a_qizhong_group_breaks_down_the_total_printed_after_it() -> None:
    t = parse_allocation_table(table(_UNIT_LEAVES), ("单位：元",), 1)
    assert t.column_parts == ((2, (0, 1)),)
    wrong = [*_UNIT_LEAVES[:3], [*_UNIT_LEAVES[3][:10], "9300"]]
    flags = check_table_sums(0, parse_allocation_table(table(wrong), ("单位：元",), 1))
    assert [f.code for f in flags] == ["ALLOCATION_ROW_SUM"]


@pytest.mark.parametrize(("text", "measure"), [("户", "quantity"), ("（人）", "quantity"), ("亩", "quantity"),
                                               ("万元", "money"), ("村", None), ("小计", None)])
def test_a_unit_alone_says_what_its_column_measures(text: str, measure: str | None) -> None:
    assert cell_measure(text) == measure


def test_a_leaf_stating_a_standard_per_pupil_counts_the_pupils() -> None:
    rows = [
        ["序号", "乡镇名称", "小学", "<", "合计"],
        ["^", "^", "走读生（每生每学期250元）", "寄宿生（每生每学期500元）", "补助资金合计"],
        ["1", "甲乡", "4", "2", "2000"],
    ]
    t = parse_allocation_table(table(rows), ("单位：人、元",), 1)
    assert t.columns == ("补助资金合计",)
    assert dict(t.rows[0].notes) == {"走读生（每生每学期250元）": "4", "寄宿生（每生每学期500元）": "2"}


@pytest.mark.parametrize(("text", "measure"), [("走读生（每生每学期312.5元）", "quantity"), ("城镇（10万元/个）", "quantity"),
                                               ("走读生", None), ("寄宿生（四类学生）", None),
                                               ("调整数", None)])  # 调整数, 扣减数: money as often as a count
def test_a_bracketed_standard_beside_no_money_word_is_a_count(text: str, measure: str | None) -> None:
    assert cell_measure(text) == measure


def test_a_score_is_a_note_and_a_rank_orders_the_rows() -> None:
    # bb20: rewards and payments beside a score, the rank first like a 序号
    rows = [
        ["排名", "区（市）", "环境空气质量分值", "市级财政奖励", "上缴市级财政"],
        ["1", "峄城区", "2.45", "100", ""],
        ["2", "滕州市", "2.55", "50", ""],
        ["3", "台儿庄区", "6.45", "", "200"],
        ["", "合计", "", "150", "200"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert t.columns == ("市级财政奖励", "上缴市级财政")
    assert dict(t.rows[0].notes) == {"环境空气质量分值": "2.45"}
    assert [r.values for r in t.rows][-1] == (150, 200)
