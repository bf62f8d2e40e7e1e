"""A body clause's character OCR read as a look-alike of the one the notice prints in the same
phrase elsewhere (parsers/ocr_context_phrases.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parsers.ocr_context_phrases import phrase_repairs, phrases_from_notice
from pipeline.core.model import BodyAmount, Provenance

TITLE = "关于下达2020年第二批地质灾害治理项目治理资金的通知"


@pytest.mark.parametrize(
    ("read", "evidence", "fixed"),
    [
        # 目 read 自: the title prints the phrase around it with 目
        ("现下达地质灾害治理项自治理资金200.247万元", [TITLE], "现下达地质灾害治理项目治理资金200.247万元"),
        # the phrase as read printed elsewhere too: a real phrase, kept
        ("现下达地质灾害治理项自治理资金", [TITLE, "地质灾害治理项自治理资金", "已拨付治理项自治理资金"], None),
        # numerals are real batches, never a slip (第一批 beside 第二批)
        ("下达本年度第一批补助资金", ["关于下达本年度第二批补助资金的通知"], None),
        # one side of the phrase differs: no evidence
        ("现下达地质灾害整治项自治理资金", [TITLE], None),
        # no look-alike (目 for 名): kept
        ("现下达地质灾害治理项名治理资金", [TITLE], None),
    ],
)
def test_phrase_repairs(read: str, evidence: list[str], fixed: str | None) -> None:
    assert phrase_repairs(read, evidence) == (fixed or read)


def test_only_ocr_clauses_are_repaired_and_what_was_read_is_kept() -> None:
    read = "现下达地质灾害治理项自治理资金200.247万元"
    ocr = BodyAmount(value=Decimal("200.247"), unit="万元", context=read, prov=Provenance(page=1, confidence=0.97))
    (got,) = phrases_from_notice([ocr], [TITLE, read])
    assert got.context == "现下达地质灾害治理项目治理资金200.247万元" and got.context_read == read
    text = BodyAmount(value=Decimal("200.247"), unit="万元", context=read, prov=Provenance(page=1))
    assert phrases_from_notice([text], [TITLE, read]) == (text,)
