"""The unit of a 分配表 that prints none, from the body that states its totals.

A table set inside the body (or an attachment) without a unit line, a unit in its title or in
its header still has one: the body says what it lists (…中央资金55万元，…省级资金6435万元，以上合计
6490万元) and the table's total row prints the same figures bare (合计 6490 | 55 | 6435). A money
unit in which a printed total of the table equals an amount of the body is the table's unit;
none is guessed when no such unit or more than one is found.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal

from pipeline.core.model import AllocationTable, BodyAmount
from pipeline.core.units import yuan_factor

_UNITS = ("万元", "元", "亿元")


def _printed_totals(table: AllocationTable) -> set[Decimal]:
    """The table's totals as printed: its total rows' values, else each column's sum of rows (a
    table of one row: that row's values)."""
    totals = [r for r in table.rows if r.is_total]
    if totals:
        return {v for r in totals for v in r.values if v is not None and v != 0}
    sums: set[Decimal] = set()
    for k in range(len(table.columns)):
        vals = [v for r in table.rows if k < len(r.values) and (v := r.values[k]) is not None]
        if len(vals) >= 2 or len(table.rows) == 1:  # a table of one row: its values are its totals
            sums.add(sum(vals, Decimal(0)))
    return {s for s in sums if s != 0}


def _in_unit(amounts: Iterable[BodyAmount], unit: str) -> set[Decimal]:
    per = yuan_factor(unit)
    out: set[Decimal] = set()
    for a in amounts:
        own = yuan_factor(a.unit)
        if per and own:
            out.add((a.value * own / per).normalize())
    return out


def unit_from_body(table: AllocationTable, amounts: Sequence[BodyAmount]) -> str | None:
    """The one money unit in which a printed total of ``table`` is an amount of the body."""
    totals = {t.normalize() for t in _printed_totals(table)}
    found = [u for u in _UNITS if totals & _in_unit(amounts, u)]
    return found[0] if len(found) == 1 else None


def with_body_units(tables: Sequence[AllocationTable], amounts: Sequence[BodyAmount]) -> tuple[AllocationTable, ...]:
    """Each table that states no unit given the unit its totals have in the body, where one does."""
    out = []
    for t in tables:
        unit = unit_from_body(t, amounts) if t.unit is None else None
        out.append(replace(t, unit=unit) if unit else t)
    return tuple(out)
