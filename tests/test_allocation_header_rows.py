"""Where a 分配表's header ends (parsers/allocation_header.find_header): at the first row holding
a number, or earlier at a first body row that holds none (its amount left blank)."""

from __future__ import annotations

from parsers.allocation import parse_allocation_table
from tests.tablebuilder import table

UNIT = ("单位：元",)


def test_a_first_row_without_a_number_is_a_body_row_under_a_flat_header() -> None:
    rows = [
        ["资金名称", "分配依据", "拨付金额", "备注"],
        ["学前教育资助资金", "每生每年1000元，由教育局申请拨付。", "", "因免收保教费给予补助。"],
        ["寄宿生生活费补助", "小学每生每年1000元，初中1250元。", "14375", ""],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert t.columns == ("拨付金额",)
    assert [r.region for r in t.rows] == ["学前教育资助资金", "寄宿生生活费补助"]
    assert [r.values for r in t.rows] == [(None,), (14375,)]


def test_a_second_header_row_under_a_group_stays_header() -> None:
    rows = [
        ["地区", "补助资金", "<", "说明"],
        ["^", "中央，省级合计", "其中：中央", "^"],  # a label with a comma, under a group
        ["东县", "10", "6", "按人数分配。"],
    ]
    t = parse_allocation_table(table(rows), ("单位：万元",), 1)
    assert [r.region for r in t.rows] == ["东县"]


def test_a_generic_leaf_standing_alone_joins_the_one_column_group_beside_it() -> None:
    # a borderless sheet: 小学 and 初中, centred over 人数 | 金额, were set over 金额 alone
    rows = [
        ["学校名称", "人数", "小学", "人数", "初中", "寄宿生", "<", "合计"],
        ["^", "^", "金额", "^", "金额", "人数", "金额", "^"],
        ["甲中学", "", "", "1650", "660000", "980", "98000", "758000"],
        ["乙小学", "2318", "695400", "", "", "", "", "695400"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert t.columns == ("小学金额", "初中金额", "寄宿生金额", "合计")
    assert dict(t.rows[0].notes) == {"小学人数": "", "初中人数": "1650", "寄宿生人数": "980"}
    assert dict(t.column_parts) == {3: (0, 1, 2)}


def test_a_full_height_label_that_names_something_stays_alone() -> None:
    rows = [
        ["学校名称", "学生人数", "小学", "合计"],
        ["^", "^", "金额", "^"],
        ["甲小学", "2318", "695400", "695400"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert dict(t.rows[0].notes) == {"学生人数": "2318"}


def test_a_row_of_column_letters_and_formulas_is_no_header_label() -> None:
    rows = [
        ["单位", "在校生（人）", "补助标准（元/人）", "应下达金额（万元）", "本次下达金额（万元）"],
        ["", "A", "B", "C=A*B/10000", "D"],
        ["甲教育局", "51820", "1150", "5959.3", "5959.3"],
    ]
    t = parse_allocation_table(table(rows), (), 1)
    assert t.columns == ("应下达金额", "本次下达金额")
    assert dict(t.rows[0].notes) == {"在校生（人）": "51820", "补助标准（元/人）": "1150"}
    assert [r.region for r in t.rows] == ["甲教育局"]


def test_a_row_of_words_is_no_letter_row() -> None:
    from parsers.tablegrid import is_column_number_row

    assert is_column_number_row(["", "A", "B", "L=J*100-K", "M"])
    assert not is_column_number_row(["", "A", "C", "B"])  # out of order
    assert not is_column_number_row(["甲县", "A", "B", "C"])


def test_a_letter_a_scan_reads_as_its_look_alike_digit_still_letters_the_columns() -> None:
    from parsers.tablegrid import is_column_number_row

    assert is_column_number_row(["", "M", "N", "0=L*M", "P", "Q"])  # O read as 0
    assert is_column_number_row(["", "G", "H", "1", "J"])  # I read as 1
    assert not is_column_number_row(["", "A", "1", "5"])  # mostly digits: no letter row
    assert not is_column_number_row(["", "M", "N", "0=L*M", "A"])  # out of order once read


def test_a_scanned_letter_row_under_a_two_level_header_names_no_column() -> None:
    rows = [
        ["单位", "在校生（人）", "<", "补助资金（万元）", "<"],
        ["^", "小学", "初中", "合计", "其中：中央资金"],
        ["", "M", "N", "0=M+N", "P"],
        ["甲教育局", "100", "50", "30", "20"],
    ]
    t = parse_allocation_table(table(rows, confidence=0.95), (), 1)
    assert t.columns == ("补助资金合计", "其中：中央资金")  # a generic leaf takes its group, even one over every amount
    assert dict(t.rows[0].notes) == {"小学（人）": "100", "初中（人）": "50"}  # the counts with their group's unit, no letter
    assert [r.region for r in t.rows] == ["甲教育局"]


def test_a_row_of_project_codes_under_the_header_is_no_body_row() -> None:
    rows = [
        ["单位", "中央资金", "省级资金"],
        ["", "z175080010001", "2018209001016"],
        ["合计", "30", "12"],
        ["甲区", "10", "5"],
        ["乙区", "20", "7"],
    ]
    t = parse_allocation_table(table(rows), ("单位：万元",), 1)
    assert t.columns == ("中央资金", "省级资金")
    assert [r.region for r in t.rows] == ["合计", "甲区", "乙区"]


def test_a_row_of_large_amounts_is_no_code_row() -> None:
    from parsers.tablegrid import is_column_number_row

    assert is_column_number_row(["", "z175080010001", "2018209001016"])
    assert not is_column_number_row(["合计", "2018209001", "2018209001"])  # labelled: a body row
    assert not is_column_number_row(["", "12345678.50", "2018209001016"])  # an amount among them
