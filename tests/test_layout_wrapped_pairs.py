"""OCR: the wrapped second lines of two header labels read as one box (``数（人）月数`` under ``在岗人`` |
``补贴``, a table with row rules only) go to their two columns: the cut between the columns is placed
by the labels over it, a box over the whole gap telling no side (pipeline/layout/text_columns.py), the
box is split there (``split_wrapped_pairs``), and the split keeps the bracket pair whole
(pipeline/layout/ocr_glued.bracket_cut). Boxes and gaps of page 3 of a public-jobs allocation scan."""

from __future__ import annotations

import pytest

from pipeline.core.model import BBox, TextBox
from pipeline.layout.ocr_glued import bracket_cut
from pipeline.layout.tables import split_box
from pipeline.layout.text_columns import cut_in, split_wrapped_pairs

UPPER = [TextBox("在岗人", BBox(203.84, 194.04, 233.28, 211.68), 0.9996), TextBox("补贴", BBox(244.88, 194.04, 263.16, 211.68), 0.9996)]
GLUED = TextBox("数（人）月数", BBox(199.52, 207.72, 262.36, 223.56), 0.9861)
GAP = (221.4, 237.68)  # between the counts (46 | 6)


@pytest.mark.parametrize(
    ("text", "k", "cut"),
    [
        ("数（人）月数", 3, 4),  # the closing bracket goes with its pair
        ("补贴标准（元", 5, 4),  # an opening bracket goes with what follows it
        ("数（人）月数", 4, 4),
        ("在岗人数", 2, 2),
    ],
)
def test_a_cut_keeps_a_bracket_pair_whole(text: str, k: int, cut: int) -> None:
    assert bracket_cut(text, k) == cut


def test_the_cut_goes_between_the_labels_over_the_gap() -> None:
    leaves = [(203.84, 233.28), (244.88, 263.16), (199.52, 262.36)]
    # the left column's text centre lies far left (a long unit name fills the gap before it)
    assert cut_in(GAP, leaves, 163.12, 243.58) == pytest.approx((233.28 + 237.68) / 2)


def test_a_box_under_two_labels_is_split_between_their_columns() -> None:
    cut = (233.28 + 237.68) / 2
    (_, lower) = split_wrapped_pairs([UPPER, [GLUED]], [199.08, cut, 266.8])
    assert [b.text for b in lower] == ["数（人）", "月数"]
    assert split_wrapped_pairs([UPPER[:1], [GLUED]], [cut]) == [UPPER[:1], [GLUED]]  # under one label: whole
    printed = TextBox(GLUED.text, GLUED.bbox, None)
    assert split_wrapped_pairs([UPPER, [printed]], [cut]) == [UPPER, [printed]]  # a text layer's word


def test_split_box_keeps_the_pair_at_a_rule() -> None:
    assert [b.text for b in split_box(GLUED, [235.48])] == ["数（人）", "月数"]
