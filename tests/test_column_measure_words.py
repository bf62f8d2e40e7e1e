"""Count and rate words of a 分配表 header (parsers/column_measures.cell_measure): a count of
children or staff and an average per head or area as the head word are quantities (notes), not
money; a money word after the average (人均补助金额) keeps the column money."""

from __future__ import annotations

import pytest

from parsers.allocation import parse_allocation_table
from parsers.column_measures import cell_measure
from tests.tablebuilder import table


@pytest.mark.parametrize("head", ["在园幼儿数", "儿童数", "在校生数", "救助对象数", "教师数", "亩均财政投入（元）",
                                  "户均投入（元）"])
def test_counts_and_averages_are_quantities(head: str) -> None:
    assert cell_measure(head) == "quantity"


@pytest.mark.parametrize("head", ["生均公用经费（元）", "补助资金（元）", "下达数", "调整数", "项目财政总投资", "人均补助金额"])
def test_money_stays_money(head: str) -> None:
    assert cell_measure(head) in ("money", None)


def test_a_count_beside_the_money_is_a_note() -> None:
    grid = [
        ["幼儿园", "在园幼儿数", "金额"],
        ["甲幼儿园", "4128", "1238400"],
        ["乙幼儿园", "390", "117000"],
    ]
    t = parse_allocation_table(table(grid), ("单位：人、元",), 1)
    assert t.columns == ("金额",)
    assert t.rows[0].notes == (("在园幼儿数", "4128"),)
