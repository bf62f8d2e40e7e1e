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
