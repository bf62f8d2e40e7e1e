"""指标值 with a unit that names one classifier or another (台（套）): parsers/normalize/targets.py."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parsers.normalize.targets import parse_target


@pytest.mark.parametrize("value", ["≥5台（套）", "≥5台(套)"])
def test_an_alternative_classifier_in_brackets(value: str) -> None:
    t = parse_target(value)
    assert (t.op, t.number, t.unit) == (">=", Decimal(5), value[2:])


@pytest.mark.parametrize("value", ["≥3个（含）", "≥3个（以上）"])
def test_a_bracketed_qualifier_is_no_classifier(value: str) -> None:
    assert parse_target(value).unit != value[2:]


def test_a_standard_per_student_without_an_operator() -> None:
    t = parse_target("2000元/生·年")
    assert (t.op, t.number, t.unit) == ("=", Decimal(2000), "元/生·年")
