"""OCR: a class's Roman numeral read as Latin capitals (``稳定保持I类``) is put back where the notice
prints the phrase with the numeral (parsers/normalize/ocr_numerals.py); a target table's value takes
it from the table's own 总体目标 (parsers/targets.py)."""

from __future__ import annotations

import pytest

from parsers.normalize.ocr_numerals import numerals_back
from parsers.targets import parse_target_table
from tests.tablebuilder import table

GOAL = "淳安特别生态功能区建设，确保千岛湖水质稳定保持Ⅰ类。"


@pytest.mark.parametrize(
    ("read", "evidence", "fixed"),
    [
        ("稳定保持I类", [GOAL], "稳定保持Ⅰ类"),
        ("稳定保持I类", ["确保水质稳定保持I类。"], "稳定保持I类"),  # the notice types the letter
        ("稳定保持I类", ["二级公路"], "稳定保持I类"),  # nothing printed: nothing to tell
        ("达到III类", ["水质达到Ⅲ类标准"], "达到Ⅲ类"),
        ("1类", [GOAL], "1类"),  # a digit is no numeral read as a letter
        ("PVC管", ["PVC管"], "PVC管"),
    ],
)
def test_a_class_number_read_as_letters_takes_the_numeral_the_notice_prints(
    read: str, evidence: list[str], fixed: str
) -> None:
    assert numerals_back(read, evidence) == fixed


ROWS = [
    ["项目名称", "<", "千岛湖生态保护项目", "<"],
    ["年度总体目标", "<", GOAL, "<"],
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["效益指标", "生态效益指标", "千岛湖水质", "稳定保持I类"],
]


def test_a_scanned_value_takes_the_numeral_its_table_prints() -> None:
    (ind,) = parse_target_table(table(ROWS, confidence=0.77), ("项目绩效目标表",), 2).indicators
    assert ind.value == "稳定保持Ⅰ类" and ind.prov.repaired_from == "稳定保持I类"
    (printed,) = parse_target_table(table(ROWS), ("项目绩效目标表",), 2).indicators
    assert printed.value == "稳定保持I类" and printed.prov.repaired_from is None
