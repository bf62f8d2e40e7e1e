"""A ``≥``/``≤`` read without its bar, put back by its table's other values
(parsers/normalize/ocr_signs.py)."""

from __future__ import annotations

import pytest

from parsers.normalize.ocr_signs import column_sign


@pytest.mark.parametrize(
    ("value", "column", "fixed"),
    [
        (">2个", ["3所", ">2个", "100%", "≥90%"], "≥2个"),
        (">10%", ["6个", "≥120座", "≥8公里", ">10%", "≥300人", ">95%"], "≥10%"),  # 3 barred, 1 other bare
        ("<5天", ["≤3天", "<5天"], "≤5天"),
        (">2个", [">=90%", ">2个"], ">=2个"),  # spelled as the table spells it
        ("＞2个", ["≥90%"], "≥2个"),  # a full-width bare sign
    ],
)
def test_a_bare_sign_is_the_barred_sign_its_table_prints(value: str, column: list[str], fixed: str) -> None:
    assert column_sign(value, column) == fixed


@pytest.mark.parametrize(
    ("value", "column"),
    [
        (">2个", ["3所", "100%"]),  # no barred sign in the table: no evidence
        (">2个", [">5所", ">95%", "≥90%"]),  # read bare more often than barred
        (">2个", [">95%", "≥90%"]),  # as often: nothing says the bar was lost
        (">2个", ["≤3天"]),  # the other sign's bar
        ("≥2个", ["≥90%"]),  # barred already
        (">=2个", ["≥90%"]),
        (">好", ["≥90%"]),  # no number
        ("2个", ["≥90%"]),  # no sign at all (ocr_repair.repair_comparator's, by the same indicator elsewhere)
    ],
)
def test_a_bare_sign_stays_without_the_tables_evidence(value: str, column: list[str]) -> None:
    assert column_sign(value, column) is None
