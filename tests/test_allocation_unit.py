"""A 分配表 that prints no unit takes the unit its totals have in the body (parsers/allocation_unit.py)."""

from __future__ import annotations

from decimal import Decimal

from parsers.allocation_unit import unit_from_body, with_body_units
from pipeline.core.model import AllocationRow, AllocationTable, BodyAmount

D = Decimal


def _table(rows: list[tuple[str, list[str], bool]], unit: str | None = None) -> AllocationTable:
    return AllocationTable(
        attachment=None,
        title=None,
        unit=unit,
        columns=("资金合计", "中央资金", "省级资金"),
        rows=tuple(AllocationRow(r, r, tuple(D(v) for v in vals), tot) for r, vals, tot in rows),
    )


def _amounts(*pairs: tuple[str, str]) -> tuple[BodyAmount, ...]:
    return tuple(BodyAmount(D(v), u, f"{v}{u}") for v, u in pairs)


ROWS = [("修武县", ["1116.7", "10", "1106.7"], False), ("博爱县", ["5373.3", "45", "5328.3"], False),
        ("合计", ["6490", "55", "6435"], True)]


def test_the_body_stating_the_total_in_wan_gives_wan() -> None:
    assert unit_from_body(_table(ROWS), _amounts(("55", "万元"), ("6435", "万元"), ("6490", "万元"))) == "万元"


def test_a_table_in_yuan_matches_the_body_in_wan() -> None:
    rows = [(r, [str(D(v) * 10000) for v in vals], t) for r, vals, t in ROWS]
    assert unit_from_body(_table(rows), _amounts(("6490", "万元"))) == "元"


def test_without_a_total_row_the_column_sums_are_the_totals() -> None:
    assert unit_from_body(_table(ROWS[:2]), _amounts(("6490", "万元"))) == "万元"


def test_a_table_of_one_row_has_that_row_for_its_totals() -> None:
    # ag02: one row naming the county itself, no unit line, no 合计; the body says 58万元
    one = _table([("临武县", ["58"], False)])
    assert unit_from_body(one, _amounts(("58", "万元"))) == "万元"
    assert unit_from_body(one, _amounts(("60", "万元"))) is None


def test_no_amount_of_the_body_matching_gives_no_unit() -> None:
    assert unit_from_body(_table(ROWS), _amounts(("6500", "万元"), ("12", "万元"))) is None


def test_a_stated_unit_is_kept() -> None:
    (t,) = with_body_units((_table(ROWS, unit="元"),), _amounts(("6490", "万元")))
    assert t.unit == "元"
    (u,) = with_body_units((_table(ROWS),), _amounts(("6490", "万元")))
    assert u.unit == "万元"
