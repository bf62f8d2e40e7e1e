"""Attachments split by their headings (parsers/sections.py): an attachment lasts until the
next 附件N heading, however many titled pages it prints."""

from __future__ import annotations

from parsers.sections import split_sections
from parsers.target_region import _subtitle
from pipeline.core.model import BBox, Table
from tests.layoutbuilder import layout, line


def _table(page: int, top: float = 200.0) -> Table:
    return Table(cells=(), n_rows=0, n_cols=0, bbox=BBox(60, top, 540, top + 300), page=page, pages=(page,))


def test_a_titled_page_without_a_heading_continues_the_attachment() -> None:
    blocks = (
        line("附件2", 80, page=2),
        line("某某资金绩效目标表", 110, align="centre", page=2),
        line("（甲县）", 140, align="centre", page=2),
        _table(2),
        line("某某资金绩效目标表", 110, align="centre", page=3),
        line("（乙县）", 140, align="centre", page=3),
        _table(3),
        line("附件3", 80, page=4),
        line("某某跟踪表", 110, align="centre", page=4),
        _table(4),
    )
    sections = split_sections(layout(*blocks, pages=4)).attachments
    assert [(s.number, s.page) for s in sections] == [(2, 2), (2, 3), (3, 4)]
    assert sections[1].heading is None and sections[1].lines[0].text == "某某资金绩效目标表"


def test_a_region_alone_in_brackets_under_the_title() -> None:
    assert _subtitle(["2020年某某资金绩效目标表", "（利州区）"]) == (None, "利州区")
    assert _subtitle(["某某资金绩效目标表", "（利州区）", "（2020年度）"]) == (2020, "利州区")
    assert _subtitle(["某某资金绩效目标表", "（试行）"]) == (None, None)
    assert _subtitle(["（2022年木垒县）"]) == (2022, "木垒县")


def test_an_unnumbered_attachment_after_a_closing_date_lost_on_the_scan() -> None:
    """The 成文日期 under the seal read ``202年10月11日`` (no date): the 版记's 印发 line tells the
    closing page, and the next page's titled table is the attachment."""
    blocks = (
        line("汉川市财政局", 600, align="right", page=2),
        line("202年10月11日", 630, align="right", page=2),
        line("抄送：孝感市财政局", 700, page=2),
        line("汉川市财政局办公室 2022年10月11日印发", 730, page=2),
        line("附件：2022年第四季度基础养老金分配表", 90, page=3),
        _table(3),
    )
    sections = split_sections(layout(*blocks, pages=3))
    assert [s.page for s in sections.attachments] == [3]
    assert all(ln.page == 2 for ln in sections.main)
