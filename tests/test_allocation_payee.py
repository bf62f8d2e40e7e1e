"""A column saying who is paid (拨付对象) names the rows wherever it is printed; a table's own label
(表1) is no part of its title."""

from __future__ import annotations

import pytest

from parsers.allocation import parse_allocation_table
from parsers.tablegrid import title_from_context
from tests.tablebuilder import table


@pytest.mark.parametrize("payee", ["拨付对象", "收款单位", "受益单位"])
def test_the_payee_after_the_project_names_the_rows(payee: str) -> None:
    grid = [
        ["序号", "项目名称", payee, "投资金额", "预拨款金额"],
        ["1", "池塘尾水治理项目", "东阳市甲水产养殖场", "120", "30"],
        ["2", "养殖设施改造项目", "东阳市乙渔业合作社", "80", "20"],
    ]
    t = parse_allocation_table(table(grid), ("单位：万元",), 1)
    assert [r.region for r in t.rows] == ["东阳市甲水产养殖场", "东阳市乙渔业合作社"]
    assert t.rows[0].notes == (("项目名称", "池塘尾水治理项目"),)


@pytest.mark.parametrize("printed", ["表1　省级试点培育区预拨款明细表", "表二：省级试点培育区预拨款明细表"])
def test_a_table_label_is_no_part_of_the_title(printed: str) -> None:
    assert title_from_context([printed, "单位：万元"]) == "省级试点培育区预拨款明细表"


def test_a_title_beginning_with_the_character_stays() -> None:
    assert title_from_context(["表彰奖励资金分配表"]) == "表彰奖励资金分配表"
