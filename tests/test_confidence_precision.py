"""LOW_CONFIDENCE precision on scans (pipeline/checks/confidence.py, session 10): a repair that
leaves no character in doubt (a speck beside a name the vocabulary confirms, a 文号's year bracket
the grammar puts back, a dot after a count) raises no warning; one that chose a character does."""

from __future__ import annotations

from decimal import Decimal

from pipeline.checks.notice import check_notice
from pipeline.core.model import (
    AllocationRow,
    AllocationTable,
    Field,
    Notice,
    Provenance,
    Reference,
    SourceFile,
)

SOURCE = SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 3)
LOWERED = Provenance(page=3, confidence=0.5)  # a repaired row label's confidence is lowered by its caller
READ = Provenance(page=1, confidence=0.97)


def _low(n: Notice) -> list[str]:
    return [f.subject or "" for f in check_notice(n) if f.code == "LOW_CONFIDENCE"]


def _row(label: str, read: str, code: str | None, *, total: bool = False) -> AllocationRow:
    prov = Provenance(page=3, confidence=LOWERED.confidence, repaired_from=read)
    return AllocationRow(label, label, (Decimal(1),), total, region_code=code, prov=prov, value_provs=(READ,))


def _table(*rows: AllocationRow) -> Notice:
    t = AllocationTable(1, "分配表", "万元", ("金额",), rows, page=3)
    return Notice(source=SOURCE, text_source="ocr", allocation_tables=(t,))


def test_a_speck_beside_a_region_or_a_total_word_is_no_doubt() -> None:
    assert _low(_table(_row("安次区", "·安次区", "131002"), _row("合计", "合计.", None, total=True))) == []


def test_a_label_chosen_by_vocabulary_is_still_reported() -> None:
    assert _low(_table(_row("浈江区", "渍江区", "440203"))) == ["allocation_tables[0].rows[0].region"]
    # a speck beside a name no vocabulary confirms: its characters were read with doubt
    assert _low(_table(_row("某某项目部", "·某某项目部", None))) == ["allocation_tables[0].rows[0].region"]


def test_a_cited_documents_lost_year_bracket_is_no_doubt_a_lost_digit_is() -> None:
    def ref(read: str, number: str, prov: Provenance = READ) -> Notice:
        p = Provenance(page=1, confidence=prov.confidence, repaired_from=read)
        return Notice(source=SOURCE, text_source="ocr", references=(Reference(number, "关于下达资金的通知", prov=p),))

    assert _low(ref("《关于下达资金的通知》（皖绿〔20201号）", "皖绿〔2020〕1号")) == []
    assert _low(ref("《关于下达资金的通知》（皖绿〔20201号）", "皖绿〔2020〕1号", LOWERED)) == ["references[0]"]
    assert _low(ref("《关于下达资金的通知》（新教函〔：2021〕137号）", "新教函〔2021〕137号")) == ["references[0]"]


def test_the_notices_own_doc_number_with_its_bracket_put_back() -> None:
    dn = Field("东财发〔2024〕156号", "东财发〔2024156号", Provenance(page=1, confidence=0.97, repaired_from="东财发〔2024156号"))
    assert _low(Notice(source=SOURCE, text_source="ocr", doc_number=dn)) == []
    slip = Field("亳人社〔2023〕1号", "毫人社〔2023〕1号", Provenance(page=1, confidence=0.5, repaired_from="毫人社〔2023〕1号"))
    assert _low(Notice(source=SOURCE, text_source="ocr", doc_number=slip)) == ["doc_number"]
