"""Lines above a table: a title wrapped inside the bracket of its unit is read whole."""

from __future__ import annotations

import pytest

from parsers.allocation import parse_allocation_table
from parsers.context_lines import join_bracket_wraps
from tests.tablebuilder import table

GRID = [["地区", "金额"], ["甲市", "10"], ["乙市", "20"], ["合计", "30"]]


@pytest.mark.parametrize(
    "wrapped",
    [
        ("2020年某某转移支付资金（第三批）分配表（", "单位：万元）"),
        ("2020年某某转移支付资金（第三批）分配表（", "万元）"),
        ("2020年某某转移支付资金（第三批）分配表（万", "元）"),
    ],
)
def test_a_title_wrapped_inside_its_unit_bracket(wrapped: tuple[str, str]) -> None:
    context = join_bracket_wraps(("附件", *wrapped))
    assert len(context) == 2
    t = parse_allocation_table(table(GRID), context, 1)
    assert (t.title, t.unit) == ("2020年某某转移支付资金（第三批）分配表", "万元")


def test_lines_that_do_not_continue_a_bracket_stay_apart() -> None:
    lines = ("某某资金分配表", "（第二批）", "单位：元")
    assert join_bracket_wraps(lines) == lines
    # an open bracket followed by a line that opens its own bracket first is not a wrap
    assert join_bracket_wraps(("甲（乙", "（丙）")) == ("甲（乙", "（丙）")


def test_a_title_wrapped_inside_a_remark_bracket_joins() -> None:
    assert join_bracket_wraps(("某某资金安排表（", "第二批）", "单位：万元")) == (
        "某某资金安排表（第二批）", "单位：万元")
