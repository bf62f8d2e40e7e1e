"""A 成文日期 damaged under a seal, read back from the 印发日期 (parsers/damaged_date.py)."""

from __future__ import annotations

import pytest

from parsers.damaged_date import repair_issue_date
from parsers.signature import DATE_LIKE


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
