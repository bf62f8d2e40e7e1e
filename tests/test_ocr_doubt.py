"""A check never raises an error from a value OCR marked doubtful (a low confidence or a
repair): LOW_CONFIDENCE reports the value instead. One planted inconsistency per error check,
read once as printed (the error) and once doubtful (no error, a warning)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from pipeline.checks.notice import check_notice
from pipeline.core.model import (
    AllocationRow,
    AllocationTable,
    BodyAmount,
    Field,
    Funds,
    Indicator,
    Notice,
    Provenance,
    SourceFile,
    Target,
    TargetTable,
)

D = Decimal
READ = Provenance(page=3, confidence=0.99)
DOUBT = Provenance(page=3, confidence=0.99, repaired_from="。22")


def _row(name: str, *vals: str, total: bool = False, doubt: int | None = None) -> AllocationRow:
    provs = tuple(DOUBT if i == doubt else READ for i in range(len(vals)))
    return AllocationRow(name, name, tuple(D(v) for v in vals), total, region_code="5134", prov=READ, value_provs=provs)


def _notice(rows: tuple[AllocationRow, ...], **kw: object) -> Notice:
    table = AllocationTable(1, "分配表", "万元", ("合计", "提前下达", "此次下达"), rows, column_parts=((0, (1, 2)),), page=3)
    n = Notice(
        source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 3), text_source="ocr",
        doc_number=Field("凉财社〔2021〕8号", "凉财社〔2021〕8号"), issuers=(Field("凉山彝族自治州财政局", ""),),
        title=Field("关于下达医疗救助补助资金的通知", ""), issue_date=Field("2021-04-02", ""),
        allocation_tables=(table,),
    )
    return replace(n, **kw)  # type: ignore[arg-type]


def _errors(n: Notice) -> list[str]:
    return sorted(f.code for f in check_notice(n) if f.severity == "error")


def _target(total: str, prov: Provenance) -> TargetTable:
    ind = (Indicator("产出指标", "数量指标", "救助人数", "≥1人", Target(">=", D(1), "人")),)
    return TargetTable(3, "regional", 2021, "昭觉县", "昭觉县", "医疗救助", "万元", Funds(D(total), (), (prov,)), ind, page=5)


def _cases(doubt: bool) -> dict[str, Notice]:
    d = 0 if doubt else None
    return {
        # 昭觉县 120 read for 100: its column and its row fail
        "ALLOCATION_COLUMN_SUM": _notice((_row("凉山彝族自治州", "300", "200", "100", total=True),
                                          _row("昭觉县", "120", "80", "20", doubt=d), _row("布拖县", "200", "120", "80"))),
        # the total 310 read for 300
        "ALLOCATION_ROW_SUM": _notice((_row("凉山彝族自治州", "310", "200", "100", total=True, doubt=d),
                                       _row("昭觉县", "100", "80", "20"), _row("布拖县", "200", "120", "80"))),
        "BODY_AMOUNT_MISMATCH": _notice(
            (_row("凉山彝族自治州", "300", "200", "100", total=True),
             _row("昭觉县", "100", "80", "20"), _row("布拖县", "200", "120", "80")),
            body_amounts=(BodyAmount(D("310"), "万元", "现下达你州资金310万元", prov=DOUBT if doubt else READ),),
        ),
        "TARGET_FUNDS_MISMATCH": _notice(
            (_row("凉山彝族自治州", "300", "200", "100", total=True),
             _row("昭觉县", "100", "80", "20"), _row("布拖县", "200", "120", "80")),
            target_tables=(_target("130", DOUBT if doubt else READ),),
        ),
    }


@pytest.mark.parametrize("code", sorted(_cases(False)))
def test_an_error_check_raises_nothing_from_a_doubtful_value(code: str) -> None:
    assert code in _errors(_cases(False)[code])  # read as printed: the error
    doubtful = _cases(True)[code]
    assert code not in _errors(doubtful)
    assert any(f.code == "LOW_CONFIDENCE" for f in check_notice(doubtful))
