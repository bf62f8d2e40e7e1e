"""The title of a table among the lines printed above it (parsers/tablegrid.title_from_context)."""

from __future__ import annotations

import pytest

from parsers.tablegrid import title_from_context


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        # a centred title filling its first line, then a tail longer than a short wrap
        (["附件", "某某区农业绿色发展试点项目2023年清算", "及2024年预拨补贴资金拨付明细表", "单位：元"],
         "某某区农业绿色发展试点项目2023年清算及2024年预拨补贴资金拨付明细表"),
        (["2017年上半年市级福利彩票公益金资助社区", "居家养老服务项目养老服务补贴资金分配表"],
         "2017年上半年市级福利彩票公益金资助社区居家养老服务项目养老服务补贴资金分配表"),
        # a sentence above the title is no part of it
        (["根据有关规定分配如下。", "2023年农业生产发展资金分配明细表"], "2023年农业生产发展资金分配明细表"),
        # a short line above a longer title is no part of it
        (["某某县财政局", "2023年农业生产发展资金分配明细表"], "2023年农业生产发展资金分配明细表"),
    ],
)
def test_a_title_wrapped_over_two_full_lines(lines: list[str], title: str) -> None:
    assert title_from_context(lines) == title


def test_a_numbered_section_heading_is_no_part_of_the_title() -> None:
    assert title_from_context(["三、分配结果", "2018年扶贫资金分配情况表"]) == "2018年扶贫资金分配情况表"
    assert title_from_context(["（二）", "资金分配表"]) == "资金分配表"
    assert title_from_context(["2018年扶贫资金", "分配情况表"]) == "2018年扶贫资金分配情况表"


def test_a_numbered_section_heading_naming_the_table_gives_way_to_its_own_title() -> None:
    lines = ["四、扶贫补助资金分配情况表", "2022年扶贫补助资金分配情况表", "单位：万元"]
    assert title_from_context(lines) == "2022年扶贫补助资金分配情况表"
    # with no title of its own under it, the heading still names the table
    assert title_from_context(["四、扶贫补助资金分配情况表", "单位：万元"]) == "四、扶贫补助资金分配情况表"


def test_a_form_title_ending_in_a_roster_word_wrapped_alone() -> None:
    from parsers.tablegrid import title_from_context

    lines = ["莆田市某区残疾人家庭生活困难补助发放", "花名册", "镇（街）（盖章）：", "单位：元"]
    assert title_from_context(lines) == "莆田市某区残疾人家庭生活困难补助发放花名册"
