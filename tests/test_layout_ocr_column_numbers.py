"""OCR: a 三线表's row of column numbers (栏次 ``1=2+3 | 2 | 3``) set tight under its labels is a
header row of its own, not the labels' wrapped second lines (pipeline/layout/text_grid.py)."""

from __future__ import annotations

from pipeline.core.model import BBox, TextBox
from pipeline.layout.lines import cluster_rows
from pipeline.layout.text_grid import wrapped_lines


def _box(text: str, x0: float, top: float, x1: float, bottom: float) -> TextBox:
    return TextBox(text, BBox(x0, top, x1, bottom), 0.99)


def _header(numbers: tuple[str, str, str]) -> list[list[TextBox]]:
    """OCR boxes (padded, 20 pt tall) of the labels and, 2.5 pt under them, their second line."""
    return cluster_rows([
        _box("合计", 265.8, 161.3, 288.6, 182.2), _box("中央资金", 350.0, 161.3, 401.3, 181.4),
        _box("省级资金", 450.8, 161.3, 499.2, 182.2), _box("县(市、区)", 117.8, 171.7, 184.7, 192.2),
        _box(numbers[0], 261.4, 184.7, 292.2, 202.0), _box(numbers[1], 367.6, 185.4, 380.9, 202.0),
        _box(numbers[2], 466.2, 185.4, 480.2, 201.2),
    ])


def test_column_numbers_tight_under_the_labels_are_no_wrapped_lines() -> None:
    assert wrapped_lines(_header(("1=2+3", "2", "3"))) == set()


def test_a_labels_second_line_tight_under_it_is_wrapped() -> None:
    lines = _header(("（万元）", "（万元）", "（万元）"))
    assert {b.text for line in lines for b in line if id(b) in wrapped_lines(lines)} == {"（万元）"}
