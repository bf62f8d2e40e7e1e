"""Text notes under a group header are named by their leaves, as amount columns are."""

from __future__ import annotations

from parsers.allocation import parse_allocation_table
from tests.tablebuilder import table


def test_text_leaves_under_a_remarks_group_keep_their_own_names() -> None:
    grid = [["乡镇", "本次拨付", "备注", "备注"], ["", "", "考核等次", "上次拨付明细"],
            ["甲镇", "10", "一等村：甲村", "预拨5万元"], ["合计", "10", "", ""]]
    t = parse_allocation_table(table(grid), ("单位：万元",), 1)
    assert dict(t.rows[0].notes) == {"考核等次": "一等村：甲村", "上次拨付明细": "预拨5万元"}

