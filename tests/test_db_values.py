"""db.values: units, printed precision and deadlines (pure)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from db.values import deadline_days, fmt, last_digit_yuan, plain, to_yuan


@pytest.mark.parametrize(
    ("amount", "unit", "yuan"),
    [("8", "万元", "80000"), ("9.2128", "万元", "92128"), ("200000", "元", "200000"),
     ("1.5", "亿元", "150000000"), ("3", "千元", "3000"), ("-20", "万元", "-200000")],
)
def test_to_yuan(amount: str, unit: str, yuan: str) -> None:
    result = to_yuan(Decimal(amount), unit)
    assert result == Decimal(yuan) and str(result) == yuan


def test_to_yuan_unknown() -> None:
    assert to_yuan(Decimal(1), "人") is None
    assert to_yuan(None, "万元") is None
    assert to_yuan(Decimal(1), None) is None


def test_plain_and_fmt() -> None:
    assert str(plain(Decimal("92128.0000"))) == "92128"
    assert str(plain(Decimal("100E+2"))) == "10000"
    assert str(plain(Decimal("9.2100"))) == "9.21"
    assert fmt(Decimal("36100000.00")) == "36,100,000"
    assert fmt(Decimal("-1234.5")) == "-1,234.5"


@pytest.mark.parametrize(
    ("amount", "unit", "step"),
    [("3610", "万元", "10000"), ("9.21", "万元", "100"), ("92128", "元", "1"),
     ("0.5", "元", "0.1"), ("3600", "万元", "10000")],
)
def test_last_digit_yuan(amount: str, unit: str, step: str) -> None:
    assert last_digit_yuan(Decimal(amount), unit) == Decimal(step)


@pytest.mark.parametrize(
    ("value", "days"),
    [("收到补助资金后30日内", 30), ("收到资金后 15 天内", 15), ("收到补助资金后三十日内", 30),
     ("下达后10个工作日内", None), ("2020年12月1日前", None), ("应保尽保", None),
     ("资金下达后二十日内", 20), ("收到上级资金后1个月内", None)],
)
def test_deadline_days(value: str, days: int | None) -> None:
    assert deadline_days(value) == days
