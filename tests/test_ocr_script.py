"""A traditional character OCR read for a simplified one (parsers/ocr_script.py):
folded in row labels and notes, marked and reported; a variant that is a
character of its own, and a text layer, never touched."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from parsers.ocr_rows import total_label
from parsers.ocr_script import simplified
from parsers.ocr_text import repair_table_notes
from pipeline.checks.notice import check_notice
from pipeline.core.model import (
    AllocationRow,
    AllocationTable,
    BBox,
    Cell,
    Notice,
    Provenance,
    SourceFile,
)


@pytest.mark.parametrize(
    ("read", "text"),
    [
        ("黃田街道", "黄田街道"),
        ("越秀區", "越秀区"),
        ("鎮政府", "镇政府"),
        ("红昇农场", "红昇农场"),  # 昇: a name's character of its own (merged into 升 only by traditional text)
        ("乾坤", "乾坤"),  # 乾 stays: simplified text prints it too
        ("临安区於潜镇光明村", "临安区於潜镇光明村"),  # 於潜: a place name's 於, not 于
        ("岞曲镇", "岞曲镇"),  # a rare character, in no script table: as read
        ("黄田街道（1）", "黄田街道（1）"),
        ("", ""),
    ],
)
def test_only_the_one_traditional_form_of_a_character_is_folded(read: str, text: str) -> None:
    assert simplified(read) == text


def _cell(text: str, confidence: float | None) -> Cell:
    return Cell(1, 0, text, BBox(0, 0, 10, 10), 1, confidence=confidence)


def test_a_row_label_read_in_traditional_characters_is_folded_and_marked() -> None:
    assert total_label("黃田街道", _cell("黃田街道", 0.97)) == ("黄田街道", "黃田街道")
    assert total_label("红昇农场", _cell("红昇农场", 0.97)) == ("红昇农场", None)
    assert total_label("黃田街道", _cell("黃田街道", None)) == ("黃田街道", None)  # a text layer
    assert total_label("合計", _cell("合計", 0.97)) == ("合计", "合計")


def test_a_note_read_in_traditional_characters_is_folded_and_reported() -> None:
    ocr = Provenance(page=2, confidence=0.98)
    row = AllocationRow("瓯北街道", "瓯北街道", (Decimal(5),), False, notes=(("乡镇（街道）", "黃田街道"),), prov=ocr)
    (t,) = repair_table_notes((AllocationTable(1, "分配表", "万元", ("金额",), (row,), page=2),))
    assert t.rows[0].notes == (("乡镇（街道）", "黄田街道"),)
    assert t.rows[0].notes_read == (("乡镇（街道）", "黃田街道"),)
    n = Notice(source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 2), text_source="ocr", allocation_tables=(t,))
    (low,) = [f for f in check_notice(n) if f.code == "LOW_CONFIDENCE"]
    assert "traditional character" in low.message and low.actual == "黃田街道"
    layer = replace(row, prov=Provenance(page=2))
    (kept,) = repair_table_notes((AllocationTable(1, "分配表", "万元", ("金额",), (layer,), page=2),))
    assert kept.rows[0].notes == (("乡镇（街道）", "黃田街道"),)


def test_a_circle_beside_a_han_numeral_is_the_han_zero() -> None:
    from parsers.ocr_script import han_zero

    assert simplified("一五○团") == "一五〇团"
    assert han_zero("○一团") == "〇一团"
    assert han_zero("农场○") == "农场○"  # no numeral beside it: left as read
