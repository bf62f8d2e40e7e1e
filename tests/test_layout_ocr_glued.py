"""OCR: two amounts of neighbouring columns read as one box are cut where one amount ends
(pipeline/layout/ocr_glued.py, used by pipeline/layout/tables.split_box)."""

from __future__ import annotations

import pytest

from pipeline.core.model import BBox, TextBox
from pipeline.layout.ocr_glued import amount_cut
from pipeline.layout.tables import split_box


@pytest.mark.parametrize(
    ("text", "k", "cut"),
    [
        ("54,126,921.001,537,050.00", 14, 13),  # one character too far: moved back
        ("54,126,921.001,537,050.00", 13, 13),  # already between the amounts
        ("1,934,973.00 79,350.00", 13, 13),  # a space between them
        ("12.501,000.00", 6, 5),
        ("入园企业满意度>90%", 7, 7),  # no amounts: where the widths put it
        ("123456", 3, 3),  # two whole numbers could part anywhere: left alone
    ],
)
def test_the_cut_where_one_amount_ends(text: str, k: int, cut: int) -> None:
    assert amount_cut(text, k) == cut


def test_a_glued_box_split_at_a_column_rule() -> None:
    box = TextBox("54,126,921.001,537,050.00", BBox(268.0, 180.0, 408.0, 196.0), 0.99)
    # equal shares put 14 characters left of x=346.4 (the digits are wider than the marks)
    assert [p.text for p in split_box(box, [346.4])] == ["54,126,921.00", "1,537,050.00"]
