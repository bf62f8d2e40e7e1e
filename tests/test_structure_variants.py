"""Variations real notices print that the mutation harness (samples/mutate.py) found misread."""

from __future__ import annotations

import pytest

from parsers.amounts import parse_budget_codes
from pipeline.core.model import Provenance

P = Provenance()


@pytest.mark.parametrize("amount", ["36,000,000元", "1,234,567.89元", "36,000,000.00元"])
def test_an_amount_with_thousands_separators_is_no_budget_code(amount: str) -> None:
    text = (f"一、预拨你旗奖励资金{amount}，收入列2018年产粮大县奖励资金收入（科目编码：1100225），"
            "支出列入“230转移性支出”。")
    assert [f.value for f in parse_budget_codes(text, P)] == ["1100225", "230"]


def test_codes_listed_with_commas_in_a_subject_sentence_stay() -> None:
    text = "支出列入2080101、2080102，2080199科目。"
    assert [f.value for f in parse_budget_codes(text, P)] == ["2080101", "2080102", "2080199"]
