from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.normalize.targets import (
    Deadline,
    format_target,
    is_time_limit,
    parse_deadline,
    parse_deadline_days,
    parse_target,
    read_comparison,
)
from pipeline.core.model import Target


@pytest.mark.parametrize(
    ("value", "op", "number", "unit"),
    [
        ("≥90%", ">=", "90", "%"),
        ("≥ 90%", ">=", "90", "%"),
        ("≥ 90 %", ">=", "90", "%"),
        (">=21933人", ">=", "21933", "人"),
        ("≥50人", ">=", "50", "人"),
        ("≧95%", ">=", "95", "%"),
        ("＞＝88％", ">=", "88", "%"),
        ("≤5", "<=", "5", None),
        ("<=5300元/户", "<=", "5300", "元/户"),
        (">5", ">", "5", None),
        ("<3天", "<", "3", "天"),
        ("=100%", "=", "100", "%"),
        ("8万元", "=", "8", "万元"),
        ("100%", "=", "100", "%"),
        ("≥1,000人", ">=", "1000", "人"),
        ("≥99.5%", ">=", "99.5", "%"),
        ("90%以上", ">=", "90", "%"),
        ("不低于90%", ">=", "90", "%"),
        ("不超过30天", "<=", "30", "天"),
        ("5300元/人·月", "=", "5300", "元/人·月"),
        ("１００％", "=", "100", "%"),
        ("≥90%，", ">=", "90", "%"),
        ("≥640元/人·月", ">=", "640", "元/人·月"),
        ("≥650元/生·年", ">=", "650", "元/生·年"),
        ("≤1个月", "<=", "1", "个月"),
        ("3500公斤", "=", "3500", "公斤"),  # yields, ponds, plants: bare counts in listed units
        ("4口", "=", "4", "口"),
        ("17600株", "=", "17600", "株"),
        ("≥1.2万立方米", ">=", "1.2", "万立方米"),
        ("2km", "=", "2", "km"),
        ("500元/生·学期", "=", "500", "元/生·学期"),  # a rate of a listed unit per anything short
        ("≥1000元/生·学期", ">=", "1000", "元/生·学期"),
        ("3次/年", "=", "3", "次/年"),
    ],
)
def test_parse_target(value: str, op: str, number: str, unit: str | None) -> None:
    assert parse_target(value) == Target(op, Decimal(number), unit)


@pytest.mark.parametrize(
    "value",
    [
        "应保尽保",
        "应救尽救",
        "不低于上年",
        "有所提升",
        "及时送返",
        "2020年12月1日前",
        "收到补助资金后30日内",
        "12月底到位",
        "长期",
        "90%-95%",
        "≥",
        "",
        "   ",
        "30日内",
        "≥10年",  # a number before a calendar part: a date or span, as the corpus writes them
        "2022年12月底前",
        "2022年",
        "每年12月",
        "10日",
        "5元/生学期以上说明",  # no rate: its per-part is no short word after a / or ·
    ],
)
def test_qualitative(value: str) -> None:
    assert parse_target(value) == Target(None, None, None)


@pytest.mark.parametrize(
    ("value", "days"),
    [
        ("收到补助资金后30日内", 30),
        ("收到补助资金后 30 日内", 30),
        ("收到资金后十五日内", 15),
        ("三十天内", 30),
        ("30天以内", 30),
        ("15个工作日内", None),  # working days are not calendar days
        ("一个月内", None),
        ("12月底到位", None),
        ("2020年12月1日前", None),
        ("", None),
    ],
)
def test_parse_deadline_days(value: str, days: int | None) -> None:
    assert parse_deadline_days(value) == days


def test_parse_deadline_working_days() -> None:
    assert parse_deadline("15个工作日内") == Deadline(15, business_days=True)
    assert parse_deadline("收到补助资金后30日内") == Deadline(30, business_days=False)


@pytest.mark.parametrize(
    ("value", "limit"),
    [
        ("每月10日前", True),
        ("审批后5个工作日内", True),
        ("收到资金后三十天内", True),
        ("一个月内", True),
        ("2022年12月底前", True),
        ("年底前", True),
        ("次月5号前", True),
        ("2023年底前完成", True),
        ("12月底拨付到位", True),
        ("每月10日前发放到位", True),
        ("≥90%", False),
        ("7200人", False),
        ("及时", False),
        ("2022年12月31日", False),  # a date alone may be a start: only a date to act BY is a limit
        ("不超过30天", False),
        ("3个月以上", False),
        ("30日内完成率高于往年水平", False),
    ],
)
def test_is_time_limit(value: str, limit: bool) -> None:
    assert is_time_limit(value) is limit


# --- properties ---------------------------------------------------------------

ops = st.sampled_from(["≥", "≤", ">", "<", "=", ">=", "<=", ""])
numbers = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False)
units = st.sampled_from(["%", "人", "人次", "元/户", "万元", "天", "个", ""])
whitespace = st.sampled_from([" ", "\t", "\n", "\u3000"])


@settings(deadline=None)  # the first call builds caches
@given(st.text(max_size=30))
def test_never_raises(s: str) -> None:
    t = parse_target(s)
    assert (t.op is None) == (t.number is None)
    parse_deadline_days(s)


@settings(deadline=None)  # the first call builds caches
@given(ops, numbers, units)
def test_idempotent_on_own_output(op: str, number: Decimal, unit: str) -> None:
    once = parse_target(f"{op}{number}{unit}")
    assert once.number == number
    assert parse_target(format_target(once)) == once


@settings(deadline=None)  # the first call builds caches
@given(ops, numbers, units, st.data())
def test_whitespace_insensitive(op: str, number: Decimal, unit: str, data: st.DataObject) -> None:
    printed = f"{op}{number}{unit}"
    i = data.draw(st.integers(min_value=0, max_value=len(printed)))
    spaced = printed[:i] + data.draw(whitespace) + printed[i:]
    assert parse_target(spaced) == parse_target(printed)


@settings(deadline=None)  # the first call builds caches
@given(st.integers(min_value=1, max_value=365), st.data())
def test_deadline_whitespace_insensitive(n: int, data: st.DataObject) -> None:
    printed = f"收到补助资金后{n}日内"
    i = data.draw(st.integers(min_value=0, max_value=len(printed)))
    assert parse_deadline_days(printed[:i] + data.draw(whitespace) + printed[i:]) == n


def test_read_comparison_reads_a_calendar_unit() -> None:
    """What OCR repair compares: the sign, number and unit as printed, a date's too."""
    assert read_comparison("≤30日") == Target("<=", Decimal(30), "日")
    assert parse_target("≤30日") == Target(None, None, None)
