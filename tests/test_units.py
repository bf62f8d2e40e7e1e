"""The one table of money units (pipeline.core.units) every stage converts with."""

from __future__ import annotations

from decimal import Decimal

from db.values import to_yuan
from parsers.normalize.numbers import UNITS, parse_amount_with_unit
from pipeline.core.units import YUAN_PER_UNIT, yuan_factor


def test_one_table_for_parsers_and_storage() -> None:
    assert UNITS is YUAN_PER_UNIT
    assert yuan_factor("人民币 万元") == Decimal(10000)
    assert yuan_factor("户") is None and yuan_factor(None) is None
    assert to_yuan(Decimal("1.5"), "千万元") == Decimal(15000000)


def test_every_money_unit_is_read_by_the_amount_parser() -> None:
    for unit, factor in YUAN_PER_UNIT.items():
        got = parse_amount_with_unit(f"12{unit}")
        assert got is not None and got[1] == unit, unit
        assert factor > 0
