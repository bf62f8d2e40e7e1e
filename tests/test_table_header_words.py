"""OCR: an allocation table's column name one look-alike character off the words the notice
prints is put back and marked (parsers/table_header_words.py, pipeline/checks/ocr_headers.py)."""

from __future__ import annotations

from decimal import Decimal

from parsers.table_header_words import repair_header_name, repair_header_words
from pipeline.checks.ocr_headers import header_flags
from pipeline.core.model import AllocationRow, AllocationTable, Provenance

BODY = ["省对我市的扣罚资金由各县按照当月细颗粒物（PM2.5）平均浓度同比变化情况分担，现将扣缴金额通知如下"]


def test_a_misread_column_word_is_put_back_from_the_body() -> None:
    assert repair_header_name("司比变化（%）", BODY) == "同比变化（%）"


def test_a_name_the_notice_prints_or_a_sibling_word_is_kept() -> None:
    assert repair_header_name("同比变化（%）", BODY) is None  # printed as read
    assert repair_header_name("扣缴资金", BODY) is None  # 缴/罚 alike too little: two words
    assert repair_header_name("PM2.5平均浓度（微克/立方米）", BODY) is None
    assert repair_header_name("司比", BODY) is None  # too short a run to tell


def _table(confidence: float | None) -> AllocationTable:
    rows = tuple(
        AllocationRow(
            region=None, region_as_printed=name, region_code=None, values=(Decimal(v),), is_total=False,
            notes=(("司比变化（%）", note),), prov=Provenance(page=3, confidence=confidence),
        )
        for name, v, note in (("盐湖区", "10", "+16.4"), ("闻喜县", "5", "-2.0"))
    )
    return AllocationTable(attachment=1, title=None, unit="万元", columns=("扣缴资金",), rows=rows, page=3)


def test_an_ocr_table_is_repaired_and_marked_a_text_layer_kept() -> None:
    (fixed,) = repair_header_words([_table(0.99)], BODY)
    assert [dict(r.notes) for r in fixed.rows] == [{"同比变化（%）": "+16.4"}, {"同比变化（%）": "-2.0"}]
    assert fixed.columns == ("扣缴资金",) and fixed.headers_read == (("同比变化（%）", "司比变化（%）"),)
    assert repair_header_words([_table(None)], BODY) == (_table(None),)


def test_the_repair_is_a_low_confidence_warning() -> None:
    from pipeline.core.model import Notice, SourceFile

    (fixed,) = repair_header_words([_table(0.99)], BODY)
    notice = Notice(SourceFile("x.pdf", "x.pdf", "0" * 64, 1, 1), "ocr", allocation_tables=(fixed,))
    (flag,) = header_flags(notice)
    assert (flag.code, flag.expected, flag.actual) == ("LOW_CONFIDENCE", "同比变化（%）", "司比变化（%）")


def test_a_column_word_read_is_never_put_back_to_a_body_word_one_slip_off() -> None:
    body = ["上级下达我市补助资金2029万元。经研究，现将该项补助全额下达你区（县），其中："]
    assert repair_header_name("补助金额", body) is None  # 金额 is a money word; 全额 ("in full") is the body's


def test_a_checkbox_or_speck_read_before_a_column_name_is_dropped() -> None:
    assert repair_header_name("☑林业", BODY) == "林业"  # the cell's left rule and a speck
    assert repair_header_name("·（万元）", BODY) == "（万元）"
    assert repair_header_name("林业", BODY) is None
    assert repair_header_name("1.林业", BODY) is None  # a number is printed, no speck


def test_a_separator_lost_where_the_header_wrapped_is_put_back_from_the_body() -> None:
    body = ["州（市）配套资金2.23万元，县（市、区）配套资金1.14万元。"]
    assert repair_header_name("县（市区）配套资金", body) == "县（市、区）配套资金"
    assert repair_header_name("县（市、区）配套资金", body) is None  # as printed
    assert repair_header_name("县（市区）配套资金", ["县（市区）配套资金"]) is None  # printed so too
    assert repair_header_name("市区资金", ["市、区资金", "市区、资金"]) is None  # two ways: neither


def test_a_column_word_whose_characters_the_notice_prints_beside_each_other_is_kept() -> None:
    # the body prints 补助面积 (one look-alike off) but also 补种改种面积: 补种 and 种面 are its words
    body = ["补助资金按补种改种面积每亩60元的标准核定", "各镇要将补助面积和金额张榜公示"]
    assert repair_header_name("补种面积（亩）", body) is None
    # without the body's 补种…种面 the read word is one slip off the printed 补助面积
    assert repair_header_name("补种面积（亩）", body[1:]) == "补助面积（亩）"


def test_a_count_column_is_never_put_back_to_a_body_word_that_counts_nothing() -> None:
    body = ["村卫生室部分由乡镇卫生院根据村卫生室承担的服务任务量和考核结果拨付"]
    assert repair_header_name("村卫生室数", body) is None  # 数/部 alike, but 村卫生室数 counts the clinics


def test_a_traditional_character_read_in_a_column_name_is_folded() -> None:
    """``大櫻桃（亩）`` on a scan (the recogniser knows both scripts): the notice prints 大樱桃."""
    assert repair_header_name("大櫻桃（亩）", ["花椒1241亩、苹果79亩、大樱桃124亩"]) == "大樱桃（亩）"
    assert repair_header_name("大樱桃（亩）", ["大樱桃124亩"]) is None


def test_a_rate_dot_read_as_a_stop_takes_the_middle_dot_the_notice_prints() -> None:
    """``补贴标准（元/人.月）`` on a scan, its 绩效目标表 reads ``1800元/人·月``; a notice that prints the
    stop (``元/生.学年``) keeps it."""
    assert repair_header_name("补贴标准（元/人.月）", ["1800元/人·月"]) == "补贴标准（元/人·月）"
    assert repair_header_name("补贴标准（元/人.月）", ["1800元/人·月", "每人1800元/人.月"]) is None
    assert repair_header_name("补贴标准（元/人.月）", BODY) is None
