"""OCR: a 文号's 代字 whose region character is one look-alike off the notice's own region
(parsers/normalize/ocr_doc_heads.py)."""

from __future__ import annotations

import pytest

from parsers.normalize.ocr_doc_heads import own_regions, repaired_head, with_region_heads
from pipeline.core.model import Field, Provenance, Reference

LIXIN = ("利辛县人力资源和社会保障局", "利辛县财政局")


def test_the_notices_own_regions_are_its_county_and_prefecture() -> None:
    assert own_regions(LIXIN) == ("利辛县", "亳州市")
    assert own_regions(("湖南省财政厅",)) == ()  # a province's 文号 open with its 简称 (湘), no initial
    assert own_regions(("Northwind Ltd.",)) == ()


@pytest.mark.parametrize(
    ("read", "fixed"),
    [
        ("毫财社〔2023〕95号", "亳财社〔2023〕95号"),  # 亳 (亳州) read as the commoner 毫
        ("亳财社〔2023〕95号", None),  # read right
        ("利人社〔2023〕86号", None),  # the county's own
        ("皖财社〔2023〕412号", None),  # the province's 简称
        ("财社〔2023〕181号", None),  # a ministry's
        ("湘财预〔2021〕356号", None),  # another province's 简称
    ],
)
def test_a_region_character_one_lookalike_off_is_put_back(read: str, fixed: str | None) -> None:
    assert repaired_head(read, own_regions(LIXIN)) == fixed


def test_only_ocr_values_are_repaired_and_marked() -> None:
    ocr = Provenance(page=1, confidence=0.99)
    ref = Reference("毫财社〔2023〕95号", "关于转下达2023年就业补助资金的通知", raw="（毫财社〔2023〕95号）", prov=ocr)
    own = Field("利人社〔2023〕86号", "利人社〔2023〕86号", ocr)
    doc, (fixed,) = with_region_heads(own, (ref,), LIXIN)
    assert doc == own
    assert fixed.doc_number == "亳财社〔2023〕95号" and fixed.prov.repaired_from == "（毫财社〔2023〕95号）"
    printed = Reference("毫财社〔2023〕95号", None, prov=Provenance(page=1))
    assert with_region_heads(None, (printed,), LIXIN)[1] == (printed,)  # a text layer prints what it prints
    doc, _ = with_region_heads(Field("毫人社〔2023〕1号", "毫人社〔2023〕1号", ocr), (), LIXIN)
    assert doc is not None and doc.value == "亳人社〔2023〕1号" and doc.prov.repaired_from == "毫人社〔2023〕1号"
    assert doc.prov.confidence is not None and doc.prov.confidence < 0.8
