"""Helpers of the OCR benchmark (the measuring itself runs the real engine)."""

from __future__ import annotations

from pipeline.ocr.bench import bag_error, levenshtein, norm


def test_norm_folds_widths_brackets_and_space() -> None:
    assert norm("昌州财社〔2022〕11 号：（一）") == norm("昌州财社[2022]11号:(一)")
    assert norm("【2022】") == "[2022]"
    assert norm("a b\nc\t") == "abc"


def test_levenshtein() -> None:
    assert levenshtein("", "abc") == 3
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("昌吉州", "昌吉州") == 0


def test_bag_error_ignores_order() -> None:
    assert bag_error("abc", "cba") == 0
    assert bag_error("abcd", "abc") == 1
    assert bag_error("ab", "xy") == 4
