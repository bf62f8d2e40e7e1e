"""A funds row's amount printed 〇 (or read O off a scan) is a zero, not a label of its own; a rate's middle
dot read as a full stop is the dot (parsers/targets.py, parsers/target_hierarchy.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parsers.targets import parse_target_table
from pipeline.core.model import Funds
from tests.tablebuilder import table

D = Decimal


@pytest.mark.parametrize("zero", ["0", "O", "〇"])
def test_a_round_letter_for_the_amount_is_zero(zero: str) -> None:
    rows = [
        ["项目名称", "某某资金"],
        ["资金情况（万元）", "年度资金总额", "960", "其中：中央补助", "960", "地方资金", zero],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "受益人数", "≥50人"],
    ]
    tt = parse_target_table(table(rows), ("中央对地方转移支付区域绩效目标表",), 1)
    assert tt.funds == Funds(D(960), (("中央补助", D(960)), ("地方资金", D(0))))


def test_a_label_is_still_a_label() -> None:
    rows = [
        ["项目名称", "某某资金"],
        ["资金情况（万元）", "年度资金总额", "120", "其中：中央补助", "100", "地方资金", ""],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "受益人数", "≥50人"],
    ]
    tt = parse_target_table(table(rows), ("中央对地方转移支付区域绩效目标表",), 1)
    assert tt.funds == Funds(D(120), (("中央补助", D(100)), ("地方资金", None)))


def test_a_full_stop_inside_a_rate_is_its_middle_dot() -> None:
    from parsers.target_hierarchy import rate_dots

    assert rate_dots("1800元/人.月") == "1800元/人·月"
    assert rate_dots("500元/生．学期") == "500元/生·学期"
    assert rate_dots("≥2.4万亩") == "≥2.4万亩"  # a decimal point stays
