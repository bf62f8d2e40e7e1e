from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.normalize.numbers import (
    UNITS,
    parse_amount,
    parse_amount_with_unit,
    to_yuan,
    unit_from_text,
)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("11438", Decimal("11438")),
        ("-20", Decimal("-20")),
        ("－20", Decimal("-20")),
        ("−20", Decimal("-20")),
        ("+5", Decimal("5")),
        ("200,000", Decimal("200000")),
        ("200，000", Decimal("200000")),
        ("1,234,567.89", Decimal("1234567.89")),
        ("9.2128", Decimal("9.2128")),
        ("0.00", Decimal("0.00")),
        ("１２３", Decimal("123")),
        ("1 485", Decimal("1485")),
        ("(20)", Decimal("-20")),
        ("（20）", Decimal("-20")),
        (" 831 ", Decimal("831")),
    ],
)
def test_parse_amount(raw: str, value: Decimal) -> None:
    result = parse_amount(raw)
    assert result == value
    assert result is not None and result.as_tuple().exponent == value.as_tuple().exponent


def test_zero_keeps_its_scale() -> None:
    assert str(parse_amount("0.00")) == "0.00"


@pytest.mark.parametrize(
    "raw", ["", " ", "—", "——", "-", "/", "无", "—20", "1,2345", "12,34", "8万元", "90%", "abc", "1.", ".5", "(-20)", "1-2"]
)
def test_parse_amount_none(raw: str) -> None:
    assert parse_amount(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("8万元", (Decimal("8"), "万元")),
        ("105 万元", (Decimal("105"), "万元")),
        ("200,000元", (Decimal("200000"), "元")),
        ("9.2128万元", (Decimal("9.2128"), "万元")),
        ("3.5亿元", (Decimal("3.5"), "亿元")),
        ("12千元", (Decimal("12"), "千元")),
        ("人民币8万元整", (Decimal("8"), "万元")),
        ("-20万元", (Decimal("-20"), "万元")),
    ],
)
def test_parse_amount_with_unit(raw: str, expected: tuple[Decimal, str]) -> None:
    assert parse_amount_with_unit(raw) == expected


@pytest.mark.parametrize("raw", ["8", "8万人", "万元", "", "八万元", "8美元"])
def test_parse_amount_with_unit_none(raw: str) -> None:
    assert parse_amount_with_unit(raw) is None


@pytest.mark.parametrize(
    ("value", "unit", "yuan"),
    [
        (Decimal("9.2128"), "万元", Decimal("92128")),
        (Decimal("8"), "万元", Decimal("80000")),
        (Decimal("3.5"), "亿元", Decimal("350000000")),
        (Decimal("12"), "千元", Decimal("12000")),
        (Decimal("200000"), "元", Decimal("200000")),
        (Decimal("1.5"), "元", Decimal("1.5")),
        (Decimal("0.00"), "万元", Decimal("0")),
        (Decimal("-20"), "万元", Decimal("-200000")),
        (Decimal("0.00001"), "万元", Decimal("0.1")),
    ],
)
def test_to_yuan(value: Decimal, unit: str, yuan: Decimal) -> None:
    result = to_yuan(value, unit)
    assert result == yuan
    assert result is not None and "E" not in str(result)


@pytest.mark.parametrize("unit", [None, "", "美元", "人"])
def test_to_yuan_unknown_unit(unit: str | None) -> None:
    assert to_yuan(Decimal(1), unit) is None


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("单位：万元", "万元"),
        ("单位:元", "元"),
        ("单位 ： 万 元", "万元"),
        ("（万元）", "万元"),
        ("资金情况(万元)", "万元"),
        ("项目资金（万元）", "万元"),
        ("金额单位：人民币元", "元"),
        ("单位：亿元", "亿元"),
        ("(2022年昌吉州)", None),
        ("2022年困难群众救助补助资金分配表", None),
        ("", None),
    ],
)
def test_unit_from_text(text: str, unit: str | None) -> None:
    assert unit_from_text(text) == unit


# --- properties ---------------------------------------------------------------

amounts = st.decimals(min_value=-10**9, max_value=10**9, places=4, allow_nan=False)
whitespace = st.sampled_from([" ", "\t", "\n", "\u3000"])
units = st.sampled_from(sorted(UNITS))


@settings(deadline=None)  # the first call builds caches
@given(st.text(max_size=30))
def test_never_raises(s: str) -> None:
    parse_amount(s)
    parse_amount_with_unit(s)
    unit_from_text(s)


@settings(deadline=None)  # the first call builds caches
@given(amounts)
def test_parse_amount_idempotent(d: Decimal) -> None:
    once = parse_amount(str(d))
    assert once == d
    assert parse_amount(str(once)) == once


@settings(deadline=None)  # the first call builds caches
@given(amounts, units)
def test_amount_with_unit_idempotent(d: Decimal, unit: str) -> None:
    once = parse_amount_with_unit(f"{d}{unit}")
    assert once == (d, unit)
    assert parse_amount_with_unit(f"{once[0]}{once[1]}") == once


@settings(deadline=None)  # the first call builds caches
@given(amounts, units, st.data())
def test_whitespace_insensitive(d: Decimal, unit: str, data: st.DataObject) -> None:
    printed = f"{d}{unit}"
    i = data.draw(st.integers(min_value=0, max_value=len(printed)))
    spaced = printed[:i] + data.draw(whitespace) + printed[i:]
    assert parse_amount_with_unit(spaced) == (d, unit)
    caption = f"单位：{unit}"
    j = data.draw(st.integers(min_value=0, max_value=len(caption)))
    assert unit_from_text(caption[:j] + data.draw(whitespace) + caption[j:]) == unit


@settings(deadline=None)  # the first call builds caches
@given(amounts, units)
def test_to_yuan_scales_exactly(d: Decimal, unit: str) -> None:
    yuan = to_yuan(d, unit)
    assert yuan == d * UNITS[unit]
