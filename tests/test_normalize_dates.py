from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.normalize.dates import find_dates, normalize_date

CN = "〇一二三四五六七八九"


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2022年6月7日", "2022-06-07"),
        ("2020年07月03日", "2020-07-03"),
        ("2022 年 6 月 22 日", "2022-06-22"),
        ("２０２２年６月７日", "2022-06-07"),
        ("二〇二二年六月七日", "2022-06-07"),
        ("二○○九年十月三十日", "2009-10-30"),
        ("二OO九年十月三十日", "2009-10-30"),
        ("二oo九年十月三十日", "2009-10-30"),
        ("二ＯＯ九年十月三十日", "2009-10-30"),
        ("二00九年十月三十日", "2009-10-30"),
        ("二〇二二年六月二十一日", "2022-06-21"),
        ("二〇二二年十二月十日", "2022-12-10"),
        ("2022年六月七日", "2022-06-07"),
        ("2022.6.7", "2022-06-07"),
        ("2022-06-07", "2022-06-07"),
        ("2022/6/7", "2022-06-07"),
        ("20220607", "2022-06-07"),
        ("2022622", "2022-06-22"),
        ("2022年6月7日印发", "2022-06-07"),
        ("2022年6月7号", "2022-06-07"),
        ("2O22年6月7日", "2022-06-07"),  # OCR: letter O for 0
        ("2o2o年1月1日", "2020-01-01"),
    ],
)
def test_normalize_date(raw: str, iso: str) -> None:
    assert normalize_date(raw) == iso


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "2022年2月30日",
        "2022年13月1日",
        "2022年6月",
        "1899年1月1日",
        "2022112",  # 1月12日 or 11月2日: ambiguous
        "20221",
        "2022.6-7",
        "长期",
        "2020年12月1日前",
        "1100248",
    ],
)
def test_normalize_date_rejects(raw: str) -> None:
    assert normalize_date(raw) is None


def test_find_dates_in_text() -> None:
    text = (
        "项目起止年限 2020-01-01-2020-12-31 开发区2016年6月13日颁发的《办法》"
        " 昌吉回族自治州财政局 2022年6月7日印发 2022622印发 科目1100248 2022112"
    )
    found = find_dates(text)
    assert [d.iso for d in found] == [
        "2020-01-01", "2020-12-31", "2016-06-13", "2022-06-07", "2022-06-22",
    ]
    for d in found:
        assert text[d.start : d.end] == d.raw


def test_find_dates_chinese_numerals() -> None:
    found = find_dates("财政局\n二○○九年十月三十日\n")
    assert [(d.iso, d.raw) for d in found] == [("2009-10-30", "二○○九年十月三十日")]


# --- properties ---------------------------------------------------------------

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))
whitespace = st.sampled_from([" ", "\t", "\n", "\u3000"])


def _cn(n: int) -> str:
    if n < 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


@st.composite
def printed_dates(draw: st.DrawFn) -> tuple[str, str]:
    d = draw(dates)
    style = draw(st.sampled_from(["arabic", "padded", "chinese", "dot", "dash", "slash"]))
    printed = {
        "arabic": f"{d.year}年{d.month}月{d.day}日",
        "padded": f"{d.year}年{d.month:02d}月{d.day:02d}日",
        "chinese": "".join(CN[int(c)] for c in str(d.year)) + f"年{_cn(d.month)}月{_cn(d.day)}日",
        "dot": f"{d.year}.{d.month}.{d.day}",
        "dash": d.isoformat(),
        "slash": f"{d.year}/{d.month}/{d.day}",
    }[style]
    return printed, d.isoformat()


@settings(deadline=None)  # the first call builds caches
@given(printed_dates())
def test_every_style_round_trips(pair: tuple[str, str]) -> None:
    printed, iso = pair
    assert normalize_date(printed) == iso
    assert [d.iso for d in find_dates(f"于{printed}印发")] == [iso]


@settings(deadline=None)  # the first call builds caches
@given(st.text(max_size=40))
def test_never_raises(s: str) -> None:
    result = normalize_date(s)
    assert result is None or dt.date.fromisoformat(result)
    for d in find_dates(s):
        assert s[d.start : d.end] == d.raw


@settings(deadline=None)  # the first call builds caches
@given(st.text(alphabet="2019年月日〇一二三十.-/0123456789 ", max_size=20))
def test_idempotent(s: str) -> None:
    once = normalize_date(s)
    if once is not None:
        assert normalize_date(once) == once


@settings(deadline=None)  # the first call builds caches
@given(printed_dates(), st.data())
def test_whitespace_insensitive(pair: tuple[str, str], data: st.DataObject) -> None:
    printed, iso = pair
    i = data.draw(st.integers(min_value=0, max_value=len(printed)))
    assert normalize_date(printed[:i] + data.draw(whitespace) + printed[i:]) == iso


@settings(deadline=None)  # the first call builds caches
@given(printed_dates(), st.data())
def test_find_dates_whitespace_insensitive(pair: tuple[str, str], data: st.DataObject) -> None:
    printed, iso = pair
    sentence = f"财政局{printed}印发"
    spots = [
        i
        for i in range(len(sentence) + 1)
        if not (0 < i < len(sentence) and sentence[i - 1].isdigit() and sentence[i].isdigit())
    ]
    i = data.draw(st.sampled_from(spots))
    spaced = sentence[:i] + data.draw(whitespace) + sentence[i:]
    assert [d.iso for d in find_dates(spaced)] == [iso]
    assert [d.iso for d in find_dates(iso)] == [iso]
