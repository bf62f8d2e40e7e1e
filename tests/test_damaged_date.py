"""A 成文日期 damaged under a seal, read back from the 印发日期 (parsers/damaged_date.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from parsers.damaged_date import dated_by_body, repair_issue_date, repair_issue_year
from parsers.signature import DATE_LIKE
from pipeline.core.model import BBox, Line


def test_a_lost_digit_that_fits_two_years_takes_the_one_nearer_the_print_date() -> None:
    # `202` is one edit from 2022 and from 2021; both dates fall within a year of the 印发日期
    assert repair_issue_date("202年10月11日", "2022-10-11") == "2022-10-11"
    assert repair_issue_date("202年10月11日", "2022-11-02") == "2022-10-11"
    # only the year before fits when the day is after the print date in the print year
    assert repair_issue_date("202年12月30日", "2022-01-05") == "2021-12-30"


@pytest.mark.parametrize(
    ("text", "printed", "want"),
    [
        ("2022年7日29日", "2022-07-29", "2022-07-29"),  # 月 read 日 under the seal
        ("2022年7日29日", "2022-08-03", "2022-07-29"),
        ("2022年7日29日", "2022-07-28", None),  # after the 印发日期: no date
        ("2022年7日29日", "2024-07-29", None),  # two years before it: no date
        ("2022年7月29日", "2022-07-29", None),  # nothing damaged: the date parser's, not a repair
        ("2022年13日29日", "2022-12-29", None),  # no such month
    ],
)
def test_a_month_mark_read_as_day_is_repaired_only_when_the_print_date_allows(
    text: str, printed: str, want: str | None
) -> None:
    assert repair_issue_date(text, printed) == want


def test_a_month_mark_read_as_day_still_ends_the_signature_block() -> None:
    assert DATE_LIKE.match("2022年7日29日")
    assert not DATE_LIKE.match("汾西县乡村振兴局")


@pytest.mark.parametrize("read", ["2023年3日9日", "202年3月9日"])
def test_a_damaged_date_under_the_seal_is_the_issue_date_not_a_signatory(read: str) -> None:
    from tests.test_closing_layout import head_and_body, imprint_lines, line, parse

    n = parse(
        *head_and_body(),
        line("某某市财政局", 420, align="right", conf=0.95),
        line(read, 446, align="right", conf=0.9),
        *imprint_lines(),
    )
    assert n.issue_date is not None and n.issue_date.value == "2023-03-09"
    assert n.issue_date.prov.repaired_from == read
    assert len(n.signatories) == 1 and "年" not in n.signatories[0].value


@pytest.mark.parametrize(
    ("text", "body", "want"),
    [
        ("024年1月31日", ["2024年1月30日，专家组进行验收。"], "2024-01-31"),  # the first digit lost under the seal
        ("024年12月30日", ["资金15587万元（皖财农〔2024]1179号）"], "2024-12-30"),  # a cited 文号's year
        ("024年1月31日", ["2019年3月1日起施行"], None),  # 2024 is not the body's year or the next
        ("024年1月31日", ["专家组进行了验收。"], None),  # the body prints no year
        ("202年1月31日", ["2024年1月30日"], None),  # 2024 and 2025 both one edit from 202
        ("202年1月31日", ["某财预〔2019〕5号"], "2020-01-31"),  # of 2019 and 2020 only 2020 is one edit from 202
        ("2024年1月31日", ["2024年1月30日"], None),  # a real year: the date parser's, no repair
        ("2024年1日31日", ["2024年1月30日"], None),  # 月 read 日 needs the 印发日期
        ("024年2月30日", ["2024年1月30日"], None),  # no such day
    ],
)
def test_without_a_print_date_the_body_settles_a_lost_year_digit(text: str, body: list[str], want: str | None) -> None:
    assert repair_issue_year(text, body) == want


def test_a_text_layer_date_is_never_repaired_by_the_body() -> None:
    damaged = Line("024年1月31日", BBox(300, 180, 460, 200), 2)
    assert dated_by_body(damaged, damaged.text, ["2024年1月30日"]) is None
    read = dated_by_body(replace(damaged, confidence=0.97), damaged.text, ["2024年1月30日"])
    assert read is not None and read.value == "2024-01-31"
    assert read.prov.repaired_from == "024年1月31日" and read.prov.confidence is not None and read.prov.confidence < 0.8


@pytest.mark.parametrize(
    ("text", "printed", "want"),
    [
        ("二〇二年四月二十六日", "2012-04-26", "2012-04-26"),  # the 一 of 二〇一二 lost under the seal
        ("二〇八年五月十二日", "2008-05-13", "2008-05-12"),  # one 〇 of 二〇〇八 lost
        ("二○一年十二月三十日", "2012-01-05", "2011-12-30"),  # the year before the 印发日期
        ("二〇一二年四月二十六日", "2012-04-26", None),  # nothing damaged: the date parser's
        ("二〇二年四月二十六日", "2015-04-26", None),  # 202 is not one edit from 2015 or 2014
        ("二〇二年二月三十日", "2012-04-26", None),  # no such day
    ],
)
def test_a_chinese_numeral_date_damaged_in_its_year_is_read_back_from_the_print_date(
    text: str, printed: str, want: str | None
) -> None:
    assert DATE_LIKE.match(text)
    assert repair_issue_date(text, printed) == want


def test_a_chinese_numeral_date_damaged_in_its_year_is_settled_by_the_body_without_a_print_date() -> None:
    assert repair_issue_year("二〇八年五月十二日", ["（琼财建〔2008〕563号）"]) == "2008-05-12"
    assert repair_issue_year("二〇二年五月十二日", ["2024年1月30日"]) is None  # 2024 and 2025 both fit


def test_without_a_print_date_or_a_dated_body_the_notices_own_doc_number_settles_the_year() -> None:
    """The scan sweep's case (seed 6, a grey scan): the 成文日期 under the seal read
    ``023年3月13日``, no 版记, a body that prints years but no date; the notice's own
    文号 (龙财行〔2023〕12号) says the year it is signed in."""
    from parsers.closing import parse_closing
    from parsers.geometry import estimate_frame
    from tests.scan_w07 import HEAD_AND_BODY, ocr_line

    lines = (
        *HEAD_AND_BODY,
        ocr_line("龙岩市财政局 龙岩市民族与宗教事务局", (141.6, 132.8, 498.2, 159.1), 2),
        ocr_line("023年3月13日", (360.4, 162.0, 452.1, 183.6), 2),
    )
    closing = parse_closing(lines, 3, estimate_frame(lines[:5], 595.8))
    assert closing.issue_date is not None and closing.issue_date.value == "2023-03-13"
    assert closing.issue_date.prov.repaired_from == "023年3月13日"
    assert repair_issue_year("023年3月13日", ["为促进少数民族地区经济社会事业发展，经研究，现下达"]) is None
