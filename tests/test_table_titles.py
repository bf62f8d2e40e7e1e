"""Text of a table read from its grid (parsers/tablegrid.py): the title among the lines above it,
bracket pairs."""

from __future__ import annotations

from parsers.tablegrid import title_from_context


def test_a_title_wrapped_inside_its_last_word() -> None:
    # a full first line breaks 清单 after its 清: the lone 单 ends the title
    lines = ["附件1", "补充2019年防御台风应急救灾物资经费清", "单", "单位：个、万元"]
    assert title_from_context(lines) == "补充2019年防御台风应急救灾物资经费清单"


def test_a_line_under_the_title_that_ends_no_word_is_no_part_of_it() -> None:
    lines = ["某某资金分配明细", "（第二批）"]
    assert title_from_context(lines) == "某某资金分配明细"


def test_a_bracket_pair_of_mixed_widths_is_made_full_width() -> None:
    from parsers.tablegrid import paired_brackets

    assert paired_brackets("19（镇级1、村级18)") == "19（镇级1、村级18）"
    assert paired_brackets("补贴资金余缺情况(+/-）") == "补贴资金余缺情况（+/-）"
    assert paired_brackets("(a)（b）") == "(a)（b）"  # pairs of one width stay as printed
    assert paired_brackets("3)") == "3)"


def test_a_scanned_note_with_mixed_brackets_reads_as_printed() -> None:
    from parsers.allocation import parse_allocation_table
    from tests.tablebuilder import table

    rows = [["单位", "场所（个）", "金额"], ["甲镇", "19（镇级1、村级18)", "10"]]
    t = parse_allocation_table(table(rows, confidence=0.9), ("单位：万元",), 1)
    assert dict(t.rows[0].notes) == {"场所（个）": "19（镇级1、村级18）"}


def test_an_attachment_label_on_the_title_line_is_no_part_of_the_title() -> None:
    for label in ("附件：", "附件1：", "附表2:", "附件 ："):
        lines = [f"{label}2022年第四季度城乡居民基本养老保险基础养老金及高龄补贴分配表", "单位：元"]
        assert title_from_context(lines) == "2022年第四季度城乡居民基本养老保险基础养老金及高龄补贴分配表"
    # a title that only begins with the word 附件 keeps it
    assert title_from_context(["附件材料报送情况表"]) == "附件材料报送情况表"


def test_a_short_tail_under_a_title_line_after_the_body_completes_it() -> None:
    # a table printed in the body: the paragraph's last line, then the title over two lines
    lines = ["资金", "2024年中央义务教育薄弱环节改善与能力提升补助资金", "安排表", "单位：万元"]
    assert title_from_context(lines) == "2024年中央义务教育薄弱环节改善与能力提升补助资金安排表"
    # a line of running text (sentence marks) is no first line of the title
    assert title_from_context(["请各地按规定使用。", "现将资金下达你们，请按规定使用", "分配表"]) == "分配表"


def test_a_title_naming_no_table_wrapped_before_its_last_word() -> None:
    # …考核 / 奖惩情况: no line ends in 表, the short tail ends the way such titles end
    lines = ["附件1", "2024年9月各区（市）、枣庄高新区环境空气质量考核", "奖惩情况", "单位：万元"]
    assert title_from_context(lines) == "2024年9月各区（市）、枣庄高新区环境空气质量考核奖惩情况"
    # a line that ends no such title stays out (a remark, a date)
    assert title_from_context(["某某资金考核奖惩情况", "2024年9月"]) == "某某资金考核奖惩情况"
