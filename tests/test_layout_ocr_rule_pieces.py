"""OCR: a piece of a table's rule read as a dash (``一``) is no cell text (pipeline/layout/ocr_rule_pieces.py);
a dash printed in a cell stays. Boxes and rules of a target table's 续表 row on a levelled photographed page."""

from __future__ import annotations

import pytest

from pipeline.core.model import BBox, TextBox
from pipeline.layout.ocr_rule_pieces import is_rule_piece
from pipeline.layout.tables import Segment, reconstruct_tables
from tests.pagebuilder import hline, page, vline

XS = (72.5, 94.5, 152.8, 197.1, 283.5)
TOP, BOTTOM = 87.4, 130.8  # the 续表's last row, its closing rule at 130.8 pt
CLOSING = (Segment(BOTTOM, 72.0, 514.1),)


def _row(speck: TextBox) -> list[TextBox]:
    return [
        TextBox("满意度指标", BBox(100.9, 94.4, 148.2, 109.9), 0.9999),
        TextBox("受益群众满意度", BBox(199.2, 95.0, 266.7, 110.9), 0.9995),
        speck,
    ]


SPECK = TextBox("一", BBox(83.52, 127.17, 93.24, 131.49), 0.5371)  # straddles the closing rule


@pytest.mark.parametrize(
    ("box", "piece"),
    [
        (SPECK, True),
        (TextBox("一", BBox(102.96, 735.48, 113.32, 739.08), 0.969), True),  # 1.3 pt under a rule at 734.2
        (TextBox("一", BBox(104.76, 114.0, 119.44, 121.2), 0.9871), False),  # a printed dash: 9.6 pt above the rule
        (TextBox("一", BBox(83.52, 127.17, 93.24, 131.49), None), False),  # a text layer's word
        (TextBox("一卡通", BBox(83.52, 127.17, 120.0, 131.49), 0.9), False),  # text, not a dash
    ],
)
def test_a_dash_on_a_rule_is_a_piece_of_it(box: TextBox, piece: bool) -> None:
    rules = CLOSING if box.bbox.top < 200 else (Segment(734.2, 102.6, 525.6),)
    assert is_rule_piece(box, rules) is piece


def test_the_rule_piece_leaves_the_cell_empty() -> None:
    rulings = [hline(BOTTOM, 72.0, 514.1), *(vline(x, TOP, BOTTOM) for x in XS)]
    (table,), _ = reconstruct_tables(page(_row(SPECK), rulings, ocr=True))
    first = table.cell_at(0, 0)
    assert first is not None and first.text == ""
    assert [c.text for c in table.cells if c.text] == ["满意度指标", "受益群众满意度"]
