"""OCR: strokes of the text line printed right under a scanned table, taken for short column rules
hanging off its bottom rule, open no row (pipeline/layout/tables.py, ``_hanging``)."""

from __future__ import annotations

import pytest

from pipeline.core.model import Ruling
from pipeline.layout.tables import find_grids

XS = (79.0, 154.3, 237.4, 321.1, 412.9, 521.5)
YS = (85.5, 107.1, 129.1, 150.7, 172.3)


def _table() -> list[Ruling]:
    return [*(Ruling(78.1, y, 522.4, y) for y in YS), *(Ruling(x, 85.0, x, 173.5) for x in XS)]


def test_strokes_under_the_table_open_no_row() -> None:
    strokes = [Ruling(x, 172.1, x, 190.1) for x in (260.3, 284.8, 387.5, 391.9, 482.6)]
    (grid,) = find_grids([*_table(), *strokes])
    assert grid.xs == pytest.approx(XS) and grid.ys == pytest.approx(YS)


def test_a_row_left_open_along_the_tables_own_rules_is_kept() -> None:
    """The last row, its bottom rule lost, drawn by pieces of the table's own column rules."""
    pieces = [Ruling(x, 172.3, x, 194.0) for x in XS]
    (grid,) = find_grids([*_table(), *pieces])
    assert grid.ys[-1] > 190.0


def test_a_column_rule_run_on_into_the_text_under_the_table_opens_no_row() -> None:
    """One column rule joined by the scan to a stroke of the line printed right under the table
    (it reaches 9 pt past the bottom rule, the others stop at it): no sliver row."""
    rulings = [*_table()[: len(YS)], *(Ruling(x, 85.0, x, 183.0 if x == 321.1 else 173.5) for x in XS)]
    (grid,) = find_grids(rulings)
    assert grid.ys == pytest.approx(YS)
