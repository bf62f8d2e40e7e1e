"""Money units have one source (pipeline/core/units.py): every reader of a unit knows every unit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parsers.amounts import parse_body_amounts
from parsers.column_measures import money_per_unit, unit_measure
from parsers.normalize.numbers import unit_from_text
from parsers.normalize.ocr_repair import MAX_DECIMALS as REPAIR_MAX_DECIMALS
from parsers.tablegrid import strip_unit_parens, title_from_context, unit_in
from pipeline.core.model import Provenance
from pipeline.core.units import MAX_DECIMALS, MONEY_UNIT_RE, MONEY_UNITS, YUAN_PER_UNIT

P = Provenance(page=1)


def test_the_units_are_the_factor_table_longest_first() -> None:
    assert set(MONEY_UNITS) == set(YUAN_PER_UNIT)
    assert MONEY_UNITS.index("千万元") < MONEY_UNITS.index("万元") < MONEY_UNITS.index("元")
    assert MONEY_UNIT_RE.split("|") == list(MONEY_UNITS)


def test_an_amount_carries_decimals_down_to_the_fen() -> None:
    assert {u: MAX_DECIMALS[u] for u in ("元", "千元", "万元", "百万元", "亿元")} == {
        "元": 2, "千元": 5, "万元": 6, "百万元": 8, "亿元": 10}
    assert MAX_DECIMALS["十万元"] == 7 and REPAIR_MAX_DECIMALS is MAX_DECIMALS
    assert all(Decimal(1).scaleb(-MAX_DECIMALS[u]) * YUAN_PER_UNIT[u] == Decimal("0.01") for u in MONEY_UNITS)


@pytest.mark.parametrize("unit", MONEY_UNITS)
def test_every_reader_knows_every_money_unit(unit: str) -> None:
    assert unit_from_text(f"单位：{unit}") == unit and unit_in(["", f"（{unit}）"]) == unit
    assert strip_unit_parens(f"补助资金（{unit}）") == "补助资金"
    assert strip_unit_parens(f"补助资金{unit}）") == "补助资金"  # a scan lost the opening bracket
    assert title_from_context([f"2024年资金分配表（单位：{unit}）"]) == "2024年资金分配表"
    assert unit_measure(unit) == "money" and money_per_unit(f"补助标准（{unit}/人）")
    found = parse_body_amounts(f"现下达你单位2024年补助资金8{unit}，请及时拨付。", P)
    assert [(a.value, a.unit) for a in found] == [(Decimal(8), unit)]


def test_a_count_or_a_bare_wan_is_no_money_unit() -> None:
    assert unit_measure("万人") != "money" and unit_from_text("单位：人") is None
    assert [a.unit for a in parse_body_amounts("资金20万，惠及3万人。", P)] == ["万元"]
