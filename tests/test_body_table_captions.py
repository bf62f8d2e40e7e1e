"""A table printed inside a sentence of the body (…现将某某补助资金 [title, unit, table] 共计960万元
安排如下表，…): its caption is the title and unit line only, the paragraph's short last line above
them is body text, and the body reads on across the table (parsers/body_tables.py, parsers/notice.py)."""

from __future__ import annotations

from dataclasses import replace

from parsers.body_tables import _caption_lines, main_captions
from parsers.sections import Sections
from parsers.tablegrid import title_from_context, unit_in
from pipeline.core.model import BBox, Line
from tests.layoutbuilder import line
from tests.tablebuilder import table


def _main() -> tuple[Line, ...]:
    return (
        line("根据上级文件精神，经县教育和体育局审核、县财政局复核，现将", 180, align="full", indent=28),
        line("2024年中央某某补助资金的分配方案报经县政府同意，现将该补助", 210, align="full"),
        line("资金", 240),
        line("2024年中央某某补助资金", 270, align="centre"),
        line("安排表", 295, align="centre"),
        line("单位：万元", 320, align="right"),
    )


def test_the_short_last_line_of_a_paragraph_ends_the_caption() -> None:
    grid = replace(table([["学校", "金额"], ["甲校", "960"]]), bbox=BBox(80, 350, 500, 400))
    context = [ln.text for ln in _caption_lines(_main(), grid)]
    assert context == ["2024年中央某某补助资金", "安排表", "单位：万元"]
    assert title_from_context(context) == "2024年中央某某补助资金安排表"
    assert unit_in(context) == "万元"


def test_a_short_title_line_under_a_full_one_is_no_paragraph_end() -> None:
    """A title broken over two lines (the second short and centred) stays the caption's."""
    main = (
        line("现将资金分配如下：", 180),
        line("2024年中央某某补助资金分配及绩效目标情况表（第一批）", 210, align="full"),
        line("明细", 240, align="centre"),
    )
    grid = replace(table([["学校", "金额"], ["甲校", "960"]]), bbox=BBox(80, 280, 500, 330))
    assert [ln.text for ln in _caption_lines(main, grid)] == [ln.text for ln in main[1:]]


def test_a_labelled_caption_set_flush_left_and_wrapped_is_no_paragraph_end() -> None:
    """ag05: 表1：… / …明细表 set flush left like the body: the label and the 表 tail say caption."""
    main = (
        line("现将项目资金安排公示如下：", 180),
        line("表1：2023年小型农业水利设施建设（畅通“中梗阻”渠道）项", 210, align="full"),
        line("目资金明细表", 240),
    )
    grid = replace(table([["乡镇", "金额"], ["甲镇", "960"]]), bbox=BBox(80, 280, 500, 330))
    context = [ln.text for ln in _caption_lines(main, grid)]
    assert context == [ln.text for ln in main[1:]]
    assert title_from_context(context) == "2023年小型农业水利设施建设（畅通“中梗阻”渠道）项目资金明细表"


def _ids(main: tuple[Line, ...], kept: frozenset[int]) -> list[str]:
    return [ln.text for ln in main if id(ln) in kept]


def test_only_the_title_and_unit_line_leave_the_body() -> None:
    main = (*_main()[:3], replace(_main()[3], font_size=18.0), replace(_main()[4], font_size=18.0), _main()[5])
    grid = replace(table([["学校", "金额"], ["甲校", "960"]]), bbox=BBox(80, 350, 500, 400))
    sections = Sections(main=main, main_tables=(grid,), attachments=(), page_width=595)
    assert _ids(main, main_captions(sections)) == ["2024年中央某某补助资金", "安排表", "单位：万元"]


def test_a_lead_in_printed_like_the_body_stays_body_text() -> None:
    """现将资金分配如下 (no colon) right above the table: the walk takes it as context, but it is printed
    as the body is (its size, from the left edge), so its words stay in the body."""
    main = (
        line("经研究，下达你单位某某资金100万元。", 180, align="full", indent=28),
        line("现将资金分配如下", 210, indent=28),
        line("某某资金分配表", 240, align="centre"),
    )
    grid = replace(table([["学校", "金额"], ["甲校", "100"]]), bbox=BBox(80, 280, 500, 330))
    sections = Sections(main=main, main_tables=(grid,), attachments=(), page_width=595)
    assert _ids(main, main_captions(sections)) == ["某某资金分配表"]
