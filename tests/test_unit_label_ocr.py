"""A table's 单位 line read by OCR without the separator after its count unit (单位：人万元)."""

from __future__ import annotations

import pytest

from parsers.normalize.numbers import unit_from_text


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("单位：人万元", "万元"),  # 单位：人、万元 with the 、 lost (a re-scan of r56's page 4)
        ("单位：户元", "元"),
        ("单位:个十万元", "十万元"),
        ("单位：人、万元", "万元"),
        ("（单位：人，元）", "元"),
        ("单位：万元", "万元"),  # never 万 taken as a count unit before 元
        ("单位：人民币万元", "万元"),
        ("单位：亿元", "亿元"),
        ("单位：万人", None),
        ("单位：人", None),
        ("单位名称", None),
    ],
)
def test_money_unit_of_a_unit_line(text: str, unit: str | None) -> None:
    assert unit_from_text(text) == unit
