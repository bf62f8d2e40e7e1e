"""OCR: a photographed page whose table has column rules only, slanted, is levelled before its rows
are grouped (pipeline/layout/ocr_slant.py)."""

from __future__ import annotations

import pytest

from pipeline.core.model import BBox, Page, Ruling, TextBox
from pipeline.layout.ocr_slant import rule_slope, unslanted

XS = (70.0, 103.0, 243.0, 294.0, 358.0, 435.0, 512.0)
SLOPE = -0.044


def _columns(slope: float, *, tops: tuple[float, ...] | None = None) -> tuple[Ruling, ...]:
    return tuple(
        Ruling(x, (tops[i] if tops else 96.0) + slope * (x - XS[0]), x, 230.0 + slope * (x - XS[0]))
        for i, x in enumerate(XS)
    )


def test_slanted_column_rules_give_their_slope() -> None:
    found = rule_slope(_columns(SLOPE))
    assert found is not None and found[0] == pytest.approx(SLOPE)


@pytest.mark.parametrize(
    "rulings",
    [
        _columns(0.0),  # level: nothing to do
        _columns(0.004),  # under the slope worth levelling
        _columns(SLOPE)[:3],  # too few rules to tell
        _columns(0.0, tops=(96, 96, 120, 120, 120, 96, 96)),  # rules under a merged header: steps, no line
        (*_columns(SLOPE), Ruling(70.0, 150.0, 512.0, 150.0)),  # a row rule across: levelled by the reader
    ],
)
def test_no_slope_without_one_slanted_table_edge(rulings: tuple[Ruling, ...]) -> None:
    assert rule_slope(rulings) is None


def test_a_scanner_edge_line_does_not_hide_the_slope() -> None:
    assert rule_slope((*_columns(SLOPE), Ruling(586.0, 0.0, 586.0, 108.0))) is not None


def _row(y: float) -> tuple[TextBox, ...]:
    """One table row as OCR boxes on the slanted page: each cell higher than the one to its left."""
    return tuple(
        TextBox(t, BBox(x, y + SLOPE * (x - XS[0]), x + 40, y + 20 + SLOPE * (x - XS[0])), 0.99)
        for t, x in (("曹庄乡中心小学", 113.0), ("116", 260.0), ("32750.00", 389.0), ("16375.00", 465.0))
    )


def test_a_slanted_row_comes_out_level_and_the_text_layer_untouched() -> None:
    page = Page(1, 595.8, 842.0, _row(127.0), _columns(SLOPE), text_source="ocr")
    level = unslanted(page)
    tops = [b.bbox.top for b in level.boxes]
    assert max(tops) - min(tops) < 0.5 and [b.text for b in level.boxes] == [b.text for b in page.boxes]
    rule_tops = [r.top for r in level.rulings]
    assert max(rule_tops) - min(rule_tops) < 0.5
    assert unslanted(Page(1, 595.8, 842.0, _row(127.0), _columns(SLOPE))) == Page(1, 595.8, 842.0, _row(127.0), _columns(SLOPE))


def test_the_slanted_bottom_edge_read_as_one_level_rule_is_no_row_rule() -> None:
    """The closing rule of a 续表's last row, slanted like the column rules' ends but read as one
    level rule through its middle: it is that edge, and the page is levelled."""
    columns = _columns(SLOPE)
    mid = (XS[0] + XS[-1]) / 2
    edge = Ruling(XS[0], 230.0 + SLOPE * (mid - XS[0]), XS[-1], 230.0 + SLOPE * (mid - XS[0]))
    found = rule_slope((*columns, edge))
    assert found is not None and found[0] == pytest.approx(SLOPE)
    below = Ruling(XS[0], 230.0 + SLOPE * (mid - XS[0]) - 12.0, XS[-1], 230.0 + SLOPE * (mid - XS[0]) - 12.0)
    assert rule_slope((*columns, below)) is None  # a row rule inside the table: not the edge
