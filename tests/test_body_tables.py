"""Tables printed inside the main document (parsers/body_tables.py): the context a table takes
from the lines above it, the unit the sentence leading into it states included."""

from __future__ import annotations

from dataclasses import replace

from parsers.body_tables import _caption_lines
from parsers.tablegrid import title_from_context, unit_in
from pipeline.core.model import BBox, Line, Table
from tests.layoutbuilder import line
from tests.tablebuilder import table


def _body_table() -> Table:
    grid = table([["区", "金额", "区", "金额"], ["东区", "98000", "西区", "112000"]])
    return replace(grid, bbox=BBox(80, 300, 500, 360))


def _context(main: tuple[Line, ...]) -> list[str]:
    return [ln.text for ln in _caption_lines(main, _body_table())]


def test_the_unit_stated_by_the_sentence_leading_into_the_table_is_its_unit() -> None:
    main = (
        line("财政部下达我市某某资金338亿元。按照规定由市级预", 180, indent=0),
        line("留20%后，现将其余270.4亿元全部分配下达各区（单位：万元）", 210, indent=0),
        line("，具体如下：", 240, indent=0),
        line("2020年某某资金分配表", 270, align="centre"),
    )
    context = _context(main)
    assert unit_in(context) == "万元"
    assert title_from_context(context) == "2020年某某资金分配表"


def test_a_unit_line_above_the_table_wins() -> None:
    main = (
        line("现将资金分配下达各区（单位：万元），具体如下：", 210, indent=0),
        line("某某资金分配表", 250, align="centre"),
        line("单位：元", 275, align="right"),
    )
    assert unit_in(_context(main)) == "元"


def test_a_unit_in_an_earlier_sentence_is_not_the_tables() -> None:
    main = (
        line("上年下达资金（单位：万元）已拨付。现将今年资金分配如下：", 210, indent=0),
        line("某某资金分配表", 250, align="centre"),
    )
    assert unit_in(_context(main)) is None


def test_a_sentence_that_introduces_nothing_gives_no_unit() -> None:
    main = (
        line("资金已分配下达各区（单位：万元）。", 210, indent=0),
        line("某某资金分配表", 250, align="centre"),
    )
    assert unit_in(_context(main)) is None
