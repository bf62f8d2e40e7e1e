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


# The money units, longest first: a regex alternation tries 千万元 before 万元 (``MONEY_UNIT_RE``).
MONEY_UNITS: tuple[str, ...] = tuple(sorted(YUAN_PER_UNIT, key=len, reverse=True))
MONEY_UNIT_RE = "|".join(MONEY_UNITS)  # ``(?:{MONEY_UNIT_RE})`` in a pattern: any money unit
FEN_DECIMALS = 2  # 分, 0.01 元, is the smallest coin
# The most decimals an amount in a money unit can carry: down to the 分 (元 2, 万元 6, 亿元 10).
MAX_DECIMALS: dict[str, int] = {unit: FEN_DECIMALS + f.adjusted() for unit, f in YUAN_PER_UNIT.items()}


def yuan_factor(unit: str | None) -> Decimal | None:
    """Yuan per ``unit`` (万元 -> 10000; ``人民币万元`` too), None for a unit that is not money."""
    if unit is None:
        return None
    return YUAN_PER_UNIT.get("".join(unit.split()).replace("人民币", ""))


def plain(value: Decimal) -> Decimal:
    """``value`` without trailing zeros and never in exponent form (92128.0000 -> 92128)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def to_yuan(amount: Decimal | None, unit: str | None) -> Decimal | None:
    """``amount`` in 元 (9.2128 万元 -> 92128), None when the amount or the unit is unknown."""
    factor = yuan_factor(unit)
    if amount is None or factor is None:
        return None
    return plain(amount * factor)


__all__ = [
    "FEN_DECIMALS",
    "MAX_DECIMALS",
    "MONEY_UNITS",
    "MONEY_UNIT_RE",
    "YUAN_PER_UNIT",
    "plain",
    "to_yuan",
    "yuan_factor",
]
