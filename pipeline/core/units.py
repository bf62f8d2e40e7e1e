"""Money units as printed in notices and their worth in 元: the one table every stage uses."""

from __future__ import annotations

from decimal import Decimal

YUAN_PER_UNIT: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "十万元": Decimal(100000),
    "百万元": Decimal(1000000),
    "千万元": Decimal(10000000),
    "亿元": Decimal(100000000),
}


def yuan_factor(unit: str | None) -> Decimal | None:
    """Yuan per ``unit`` (万元 -> 10000; ``人民币万元`` too), None for a unit that is not money."""
    if unit is None:
        return None
    return YUAN_PER_UNIT.get("".join(unit.split()).replace("人民币", ""))


__all__ = ["YUAN_PER_UNIT", "yuan_factor"]
