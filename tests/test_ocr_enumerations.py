"""OCR: a bracketed list of division levels read without its 、 (parsers/ocr_enumerations.py)."""

from __future__ import annotations

from parsers.ocr_enumerations import enumeration_repairs, indicators_from_notice
from pipeline.core.model import Funds, Indicator, Provenance, Target, TargetTable

EVIDENCE = ("关于下达2023年民族发展专项资金的通知", "相关县（市、区）财政局、民族与宗教事务局")


def test_a_list_the_notice_prints_with_its_marks_is_put_back() -> None:
    assert enumeration_repairs("补助县（市区）数量", EVIDENCE) == "补助县（市、区）数量"
    assert enumeration_repairs("补助县(市区)数量", EVIDENCE) == "补助县(市、区)数量"


def test_a_bracket_the_notice_prints_as_read_or_nowhere_stays() -> None:
    assert enumeration_repairs("补助县（市区）数量", ("各县（市区）",)) == "补助县（市区）数量"  # printed so
    assert enumeration_repairs("补助县（市区）数量", ("关于下达资金的通知",)) == "补助县（市区）数量"  # no evidence
    assert enumeration_repairs("补助县（市、区）数量", EVIDENCE) == "补助县（市、区）数量"


def _table(name: str, conf: float | None) -> TargetTable:
    ind = Indicator("产出指标", "数量指标", name, "10个", Target(), prov=Provenance(page=3, confidence=conf))
    return TargetTable(1, "regional", 2023, None, None, None, "万元", Funds(None), (ind,))


def test_an_ocr_read_indicator_name_is_put_back_marked_and_a_text_layer_left() -> None:
    (read,) = indicators_from_notice((_table("补助县（市区）数量", 0.95),), EVIDENCE)
    assert read.indicators[0].name == "补助县（市、区）数量"
    assert read.indicators[0].prov.repaired_from == "补助县（市区）数量"
    (printed,) = indicators_from_notice((_table("补助县（市区）数量", None),), EVIDENCE)
    assert printed.indicators[0].name == "补助县（市区）数量"
