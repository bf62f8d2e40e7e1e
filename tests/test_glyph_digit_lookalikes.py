"""One table of the characters OCR reads for a digit (parsers/normalize/glyphs.py), read alike by
文号 (doc_number), amounts (ocr_repair) and dates (damaged_date)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from parsers.damaged_date import LOOKALIKE as DATE_LOOKALIKE
from parsers.normalize.doc_number import normalize_doc_number
from parsers.normalize.glyphs import DIGIT_LOOKALIKES, digit_class
from parsers.normalize.ocr_repair import readings


def test_the_table_maps_non_digits_to_digits() -> None:
    assert all(not k.isdigit() and v.isdigit() and len(v) == 1 for k, v in DIGIT_LOOKALIKES.items())
    assert DIGIT_LOOKALIKES["〇"] == "0" and DIGIT_LOOKALIKES["|"] == "1" and DIGIT_LOOKALIKES["∞"] == "8"


def test_digit_class_is_the_digit_and_what_ocr_reads_for_it() -> None:
    assert digit_class("1") == "[1lI|]"
    assert re.fullmatch(digit_class("0"), "○") and not re.fullmatch(digit_class("0"), "l")
    assert all(re.fullmatch(digit_class(), ch) for ch in "0123456789" + "".join(DIGIT_LOOKALIKES))
    assert not re.fullmatch(digit_class(), "S")


@pytest.mark.parametrize(("read", "digit"), sorted(DIGIT_LOOKALIKES.items()))
def test_every_reader_takes_each_look_alike_for_its_digit(read: str, digit: str) -> None:
    assert normalize_doc_number(f"湘财预〔2021〕1{read}号") == f"湘财预〔2021〕1{digit}号"
    found = readings(f"1{read}5")
    assert found and found[0].value == Decimal(f"1{digit}5")
    assert read.translate(DATE_LOOKALIKE) == digit


def test_a_date_also_reads_s_for_5_but_a_serial_does_not() -> None:
    assert "S".translate(DATE_LOOKALIKE) == "5"
    assert normalize_doc_number("湘财预〔2021〕1S号") != "湘财预〔2021〕15号"
