"""Budget codes (政府收支分类科目) and 直达资金 markers in the body, as real notices print them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.amounts import parse_budget_codes, parse_fund_markers
from pipeline.core.model import Provenance

P = Provenance()


def codes(text: str) -> list[str]:
    return [f.value for f in parse_budget_codes(text, P)]


def test_code_in_brackets_after_the_subject_name() -> None:
    text = "该项资金收入列入2021年度“一般性转移支付收入——边境地区转移支付收入（1100230）”一般公共预算收入科目。"
    assert codes(text) == ["1100230"]


def test_code_with_a_dot_before_its_name() -> None:
    text = "支出科目列入2023年“2101301.城乡医疗救助”一般公共财政预算支出科目（政府预算支出经济分类为“50901.社会福利和救助”科目；部门预算支出经济分类为“30307.医疗费补助”科目）。"
    assert codes(text) == ["2101301", "50901", "30307"]


def test_code_quoted_with_its_name_without_the_word_subject() -> None:
    text = "现下达资金合计650万元，并相应增加你们“2130599其他扶贫支出”预算指标。"
    assert codes(text) == ["2130599"]
    text = "各市、县（市）收入列“1100299其他一般性转移支付收入”，支出时列报“2081107残疾人生活和护理补贴”。"
    assert codes(text) == ["1100299", "2081107"]


def test_code_after_the_verb_lie() -> None:
    assert codes("现下达2021年度保护资金57万元（支出列207“文化旅游体育与传媒支出”），具体金额详见附件。") == ["207"]


def test_code_in_brackets_with_a_label_and_a_bare_class() -> None:
    text = "收入列2018年产粮（油）大县奖励资金收入（科目编码：1100225），支出列入“230转移性支出”。"
    assert codes(text) == ["1100225", "230"]


def test_ocr_comma_read_as_a_dot_between_two_codes() -> None:
    text = "请按项目分别列入2100201“综合医院”.2100299“其他公立医院支出”科目。"
    assert codes(text) == ["2100201", "2100299"]


def test_marker_code_is_not_a_budget_code() -> None:
    text = "此次下达资金为直达资金，标识为“02001参照直达资金”。直达资金标识为“01002正常转移支付”。"
    assert codes(text) == []


def test_marker_quoted_whatever_its_name() -> None:
    text = "此项资金为中央直达资金，纳入直达资金监控系统全程监测，直达资金标识为“01002正常转移支付”，贯穿资金分配。"
    got = parse_fund_markers(text, P)
    assert [(m.code, m.name) for m in got] == [("01002", "正常转移支付")]


def test_quoted_marker_needs_a_sentence_about_direct_funds() -> None:
    assert parse_fund_markers("项目标识为“A类项目”。", P) == ()


def test_markers_in_printed_order_without_duplicates() -> None:
    text = "标识为“02001参照直达资金”；另一部分资金标识为“01中央直达资金”。直达资金标识为“01中央直达资金”。"
    got = parse_fund_markers(text, P)
    assert [(m.code, m.name) for m in got] == [("02001", "参照直达资金"), ("01", "中央直达资金")]


@given(
    year=st.integers(min_value=1990, max_value=2035),
    amount=st.integers(min_value=100, max_value=999999),
    serial=st.integers(min_value=100, max_value=9999),
    count=st.integers(min_value=100, max_value=99999),
)
@settings(max_examples=60, deadline=None)
def test_years_amounts_doc_numbers_and_counts_are_never_codes(year: int, amount: int, serial: int, count: int) -> None:
    text = (
        f"根据（财社〔{year}〕{serial}号）文件，现下达{year}年资金{amount}万元（{year}），"
        f"惠及{count}人，资金{amount}.5万元列入“{year}年度预算”科目。"
    )
    assert codes(text) == []


def test_body_amount_clause_ends_at_a_colon() -> None:
    from parsers.amounts import parse_body_amounts

    text = "现将有关事项通知如下：一、预拨你旗资金3600万元。其中：挂钩帮扶资金按每位10万元测算，共安排360万元。"
    got = [(a.context, a.is_total) for a in parse_body_amounts(text, P)]
    assert got == [
        ("一、预拨你旗资金3600万元", True),
        ("挂钩帮扶资金按每位10万元测算", False),
        ("共安排360万元", False),
    ]


def test_bare_marker_without_a_code() -> None:
    text = "该项补助资金为中央直达资金，在资金分配、拨付、使用各环节保持标识不变。"
    got = parse_fund_markers(text, P)
    assert [(m.code, m.name) for m in got] == [(None, "中央直达资金")]


def test_bare_marker_yields_to_the_coded_marker_of_its_sentence_or_notice() -> None:
    same_sentence = "此项资金为中央直达资金，直达资金标识为“01002正常转移支付”。"
    assert [(m.code, m.name) for m in parse_fund_markers(same_sentence, P)] == [("01002", "正常转移支付")]
    later = "此次资金为中央直达资金。请在系统中登录，标识为“01 中央直达资金”。"
    assert [(m.code, m.name) for m in parse_fund_markers(later, P)] == [("01", "中央直达资金")]


def test_direct_fund_management_words_are_no_marker() -> None:
    assert parse_fund_markers("此次下达资金为直达资金，纳入直达资金管理。", P) == ()
    assert parse_fund_markers("其中直达资金3850.1万元，具体分配见附件。", P) == ()
    assert parse_fund_markers("该资金为中央直达资金监控系统管理的资金。", P) == ()


def test_bare_marker_yields_to_a_marker_printed_in_another_sentence() -> None:
    text = "此项资金为中央直达资金。请纳入监控系统，直达资金标识为“01002正常转移支付”。"
    assert [(m.code, m.name) for m in parse_fund_markers(text, P)] == [("01002", "正常转移支付")]


def test_bare_marker_of_any_level_of_government() -> None:
    for level in ("自治区", "省级", "市级"):
        got = parse_fund_markers(f"一、本次资金为{level}直达资金，现将指标分配到乡镇。", P)
        assert [(m.code, m.name) for m in got] == [(None, f"{level}直达资金")]


def test_a_rate_is_never_a_total() -> None:
    from parsers.amounts import parse_body_amounts

    text = "按45元/亩的标准下达到各区，每人每月200元发放；现下达补助资金300万元。"
    got = [(str(a.value), a.unit, a.is_total) for a in parse_body_amounts(text, P)]
    assert got == [("45", "元", False), ("200", "元", False), ("300", "万元", True)]


def test_the_monitoring_system_is_no_marker() -> None:
    text = "该项资金纳入直达资金管理，并及时将有关指标和直达标识导入直达资金监控系统。"
    assert parse_fund_markers(text, P) == ()


def test_an_amount_right_after_a_clause_comma() -> None:
    from parsers.amounts import parse_body_amounts

    text = "其中961万元列甲科目，39万元列乙科目；另有1，000万元另行下达。"
    got = [(str(a.value), a.context) for a in parse_body_amounts(text, P)]
    assert got[:2] == [("961", "其中961万元列甲科目"), ("39", "39万元列乙科目")]
    assert ("000", "另有1，000万元另行下达") not in got  # never the tail of a number
