"""OCR: a half-width dot between a bracket and a Han character of a row name is a speck
(``县（市）.小计`` -> ``县（市）小计``: the row is then the 小计 it is) (parsers/ocr_rows.total_label)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from parsers.ocr_rows import total_label
from pipeline.core.model import BBox, Cell


def _cell(text: str, confidence: float | None = 0.99) -> Cell:
    return Cell(5, 0, text, BBox(80, 100, 200, 120), 3, confidence=confidence)


@pytest.mark.parametrize(
    ("read", "label"),
    [("县（市）.小计", "县（市）小计"), ("县（市）·小计", "县（市）小计"), ("城区.（含开发区）", "城区（含开发区）")],
)
def test_a_dot_beside_a_bracket_is_a_speck(read: str, label: str) -> None:
    assert total_label(read, _cell(read)) == (label, read)


def test_a_text_layer_and_a_decimal_point_are_kept() -> None:
    cell = _cell("县（市）.小计")
    assert total_label(cell.text, replace(cell, confidence=None)) == (cell.text, None)
    assert total_label("1.1（一）项目", _cell("1.1（一）项目")) == ("1.1（一）项目", None)
