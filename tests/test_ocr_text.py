"""OCR repairs of quoted free text (parsers/ocr_text.py): notes and body contexts,
marked and reported, a text layer never touched."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.ocr_text import (
    mend_body_contexts,
    mend_doc_brackets,
    repair_row_notes,
    repair_table_notes,
)
from pipeline.checks.notice import check_notice
from pipeline.core.model import (
    AllocationRow,
    AllocationTable,
    BodyAmount,
    Notice,
    Provenance,
    SourceFile,
)

OCR = Provenance(page=3, confidence=0.98)


@pytest.mark.parametrize(
    ("read", "mended"),
    [
        ("现收回原奉节财农〔2024]98号下达", "现收回原奉节财农〔2024〕98号下达"),
        ("奉节财农[2024〕98号", "奉节财农〔2024〕98号"),
        ("奉节财农 〔 2024 ] 98号", "奉节财农 〔2024〕 98号"),  # spaces outside the pair kept
        # pairs as printed, a mismatch without 〔〕, no 文号 around: kept
        ("财农[2024]98号", "财农[2024]98号"),
        ("财农（2024）98号", "财农（2024）98号"),
        ("财农(2024]98号", "财农(2024]98号"),
        ("（2024]98号", "（2024]98号"),
        ("附表[2024〕", "附表[2024〕"),
        # the closing bracket lost after the four-digit year (CONTRACT: 〔2021280号)
        ("（豫财农〔2017197号）", "（豫财农〔2017〕197号）"),
        ("2017197号", "2017197号"),  # no bracket opened, no 代字: nothing to mend
    ],
)
def test_doc_number_brackets(read: str, mended: str) -> None:
    assert mend_doc_brackets(read) == mended


_OPEN, _CLOSE = "〔[［【(（﹝", "〕]］】)）﹞"


@settings(deadline=None)
@given(st.integers(0, len(_OPEN) - 1), st.integers(0, len(_CLOSE) - 1), st.integers(1990, 2039),
       st.integers(1, 999))
def test_brackets_pair_or_take_the_standard_pair(o: int, c: int, year: int, serial: int) -> None:
    text = f"财社{_OPEN[o]}{year}{_CLOSE[c]}{serial}号"
    got = mend_doc_brackets(text)
    if o == c or "〔" not in _OPEN[o] + _CLOSE[c] and "〕" not in _OPEN[o] + _CLOSE[c]:
        assert got == text  # printed so, or nothing to decide by
    else:
        assert got == f"财社〔{year}〕{serial}号"


def _table(prov: Provenance) -> AllocationTable:
    row = AllocationRow("临安区青山湖街道泉口村", "临安区青山湖街道泉口村", (Decimal(5),), False,
                        notes=(("备注", "剩余3.6万2022年补.助"),), prov=prov)
    return AllocationTable(1, "分配表", "万元", ("金额",), (row,), page=3)


def test_note_speck_dropped_marked_and_reported() -> None:
    (t,) = repair_table_notes((_table(OCR),))
    row = t.rows[0]
    assert row.notes == (("备注", "剩余3.6万2022年补助"),)  # the decimal point stays
    assert row.notes_read == (("备注", "剩余3.6万2022年补.助"),)
    n = Notice(source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 3), text_source="ocr", allocation_tables=(t,))
    # only a speck dropped (no note prints a dot between two Han characters): kept in notes_read,
    # no character in doubt, no warning (session 10, flag precision)
    assert [f for f in check_notice(n) if f.code == "LOW_CONFIDENCE"] == []
    plain = _table(Provenance(page=3))
    assert repair_table_notes((plain,)) == (plain,)  # a text layer is read as printed


def test_body_context_mended_marked_and_reported() -> None:
    a = BodyAmount(Decimal(200), "万元", "现收回原奉节财农〔2024]98号下达的资金200万元", prov=OCR)
    (fixed,) = mend_body_contexts((a,))
    assert fixed.context == "现收回原奉节财农〔2024〕98号下达的资金200万元"
    assert fixed.context_read == a.context and fixed.value == a.value
    n = Notice(source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 3), text_source="ocr", body_amounts=(fixed,))
    # 〔2024] and 〔2024〕 have one canonical form: the bracket glyph leaves no doubt, no warning (session 10)
    assert [f.subject for f in check_notice(n) if f.code == "LOW_CONFIDENCE"] == []
    speck = BodyAmount(Decimal(200), "万元", "按文件精神，.现将资金200万元下达", prov=OCR)
    (cut,) = mend_body_contexts((speck,))
    assert cut.context == "按文件精神，现将资金200万元下达"
    n = replace(n, body_amounts=(cut,))
    assert [f.subject for f in check_notice(n) if f.code == "LOW_CONFIDENCE"] == []  # a speck opening a clause
    lost = BodyAmount(Decimal(200), "万元", "按豫财农〔2017197号文件下达资金200万元", prov=OCR)
    (closed,) = mend_body_contexts((lost,))
    assert closed.context == "按豫财农〔2017〕197号文件下达资金200万元"  # the year bracket put back: the grammar's
    n = replace(n, body_amounts=(closed,))
    assert [f.subject for f in check_notice(n) if f.code == "LOW_CONFIDENCE"] == []
    doubtful = replace(lost, prov=replace(OCR, confidence=0.6))  # the same on a line read with doubt: reported
    n = replace(n, body_amounts=mend_body_contexts((doubtful,)))
    assert [f.subject for f in check_notice(n) if f.code == "LOW_CONFIDENCE"] == ["body_amounts[0].context"]
    run_on = BodyAmount(Decimal(610), "万元", "安排资金610万元（中央资金610万元）03、安排监测帮扶资金1698.52万元", prov=OCR)
    n = replace(n, body_amounts=mend_body_contexts((run_on,)))  # a clause cut at a full stop read as 0: reported
    assert n.body_amounts[0].context == "安排资金610万元（中央资金610万元）"
    assert [f.subject for f in check_notice(n) if f.code == "LOW_CONFIDENCE"] == ["body_amounts[0].context"]
    plain = BodyAmount(Decimal(200), "万元", "现收回原奉节财农〔2024〕98号下达的资金200万元", prov=Provenance(page=1))
    assert mend_body_contexts((plain,)) == (plain,)  # a text layer is not repaired


def test_a_dash_read_as_one_between_two_years_in_a_body_clause_is_put_back() -> None:
    a = BodyAmount(Decimal("244.35"), "万元", "现下达你们2023一2024年冬春临时生活困难救助资金244.35万元", prov=OCR)
    (fixed,) = mend_body_contexts((a,))
    assert fixed.context == "现下达你们2023—2024年冬春临时生活困难救助资金244.35万元"
    assert fixed.context_read == a.context and fixed.value == a.value
    run_on = BodyAmount(Decimal(19), "万元", "市级资金19万元）请你单位收到拨款后规范管理和使用", prov=OCR)
    (cut,) = mend_body_contexts((run_on,))  # the full stop before an instruction lost
    assert cut.context == "市级资金19万元）" and cut.context_read == run_on.context
    after_unit = BodyAmount(Decimal(19), "万元", "下达资金19万元请各县及时拨付", prov=OCR)
    assert mend_body_contexts((after_unit,))[0].context == "下达资金19万元"
    inside = BodyAmount(Decimal(19), "万元", "请你单位收到资金19万元后及时拨付", prov=OCR)
    assert mend_body_contexts((inside,)) == (inside,)  # 请 opening the clause itself: nothing lost
    word = BodyAmount(Decimal(5), "万元", "统一安排第一批资金5万元", prov=OCR)
    assert mend_body_contexts((word,)) == (word,)  # a 一 beside Han characters is the numeral: kept
    plain = replace(a, prov=Provenance(page=1))
    assert mend_body_contexts((plain,)) == (plain,)  # a text layer is not repaired


def test_quoted_doc_numbers_take_canonical_brackets_on_every_path() -> None:
    """﹝﹞ (outside the recogniser's alphabet: read as （〔〕）) and the other bracket
    styles of a quoted 文号 become 〔〕 in a body context: canonical, not a repair."""
    printed = "（豫财农﹝2017﹞191号）（郑财预［2017］814号）24万"
    canonical = "（豫财农〔2017〕191号）（郑财预〔2017〕814号）24万"
    (digital,) = mend_body_contexts((BodyAmount(Decimal(24), "万元", printed, prov=Provenance(page=1)),))
    assert digital.context == canonical and digital.context_read is None
    read = "（豫财农（2017）191号）（郑财预〔2017〕814号）24万"  # a pair read as （）: as printed, canonical
    (scanned,) = mend_body_contexts((BodyAmount(Decimal(24), "万元", read, prov=OCR),))
    assert scanned.context == canonical and scanned.context_read is None
    mixed = "（豫财农（2017〕191号）（郑财预〔2017〕814号）24万"  # a mismatched pair: mended, reported
    (mended,) = mend_body_contexts((BodyAmount(Decimal(24), "万元", mixed, prov=OCR),))
    assert mended.context == canonical and mended.context_read == mixed
    assert mend_body_contexts((BodyAmount(Decimal(1), "万元", "2017年（2017）共1万", prov=OCR),))[0].context == (
        "2017年（2017）共1万"  # a year in brackets with no 文号 around it stays
    )


def test_note_naming_two_counties_gets_its_lost_separator_back() -> None:
    row = AllocationRow("晋中市", "晋中市", (Decimal(1210),), False, notes=(("备注", "含昔阳县和顺县"),), prov=OCR)
    (t,) = repair_table_notes((AllocationTable(1, "分配表", "万元", ("合计",), (row,), page=3),))
    assert t.rows[0].notes == (("备注", "含昔阳县、和顺县"),)
    assert t.rows[0].notes_read == (("备注", "含昔阳县和顺县"),)
    n = Notice(source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 3), text_source="ocr", allocation_tables=(t,))
    (low,) = [f for f in check_notice(n) if f.code == "LOW_CONFIDENCE"]
    assert "lost between two list items" in low.message
    whole = replace(row, notes=(("备注", "晋中市昔阳县"),))  # a parent and its child: one name
    assert repair_row_notes(whole) == whole
    printed = replace(row, prov=Provenance(page=3))  # a text layer prints what it prints
    assert repair_row_notes(printed) == printed


def test_quoted_text_specks_between_brackets_dropped() -> None:
    from parsers.ocr_text import mend_quoted_text

    read = "（豫财农〔2017〕192号）.（郑财预〔2017〕833号）1903万元"
    assert mend_quoted_text(read) == "（豫财农〔2017〕192号）（郑财预〔2017〕833号）1903万元"
    assert mend_quoted_text("（一）1.5万元") == "（一）1.5万元"  # a decimal point stays
    # a dot opening a clause (after a comma, or the context's start) is a speck
    assert mend_quoted_text("文件精神，.现将补助资金1680万元下达") == "文件精神，现将补助资金1680万元下达"
    assert mend_quoted_text(".现将补助资金1680万元下达") == "现将补助资金1680万元下达"


def test_a_doc_numbers_bracket_left_open_at_the_clause_end_is_closed() -> None:
    """A 文号 broken over two lines: OCR loses the lone ``）`` that starts the second (``号。``)."""
    from parsers.ocr_text import mend_quoted_text

    read = "补助资金（巩固脱贫攻坚成果和乡村振兴任务）2960万元（平财预〔2022]376号"
    assert mend_quoted_text(read) == "补助资金（巩固脱贫攻坚成果和乡村振兴任务）2960万元（平财预〔2022〕376号）"
    assert mend_quoted_text("2960万元（平财预〔2022〕376号。下达") == "2960万元（平财预〔2022〕376号）。下达"
    closed = "2960万元（平财预〔2022〕376号）"
    assert mend_quoted_text(closed) == closed  # closed as printed
    cited = "按照平财预〔2022〕376号，下达2960万元"
    assert mend_quoted_text(cited) == cited  # no bracket opened before it
    going_on = "2960万元（平财预〔2022〕376号文件下达"
    assert mend_quoted_text(going_on) == going_on  # the clause goes on: where to close is unknown


def test_amounts_of_one_clause_share_one_warning() -> None:
    ctx = "来源（豫财农〔2017197号）24万元（郑财预〔2017〕814号）10万元"
    doubt = replace(OCR, confidence=0.6)  # read with doubt: the mended bracket is reported
    amounts = tuple(BodyAmount(Decimal(v), "万元", ctx, prov=doubt) for v in (24, 10))
    fixed = mend_body_contexts(amounts)
    assert {a.context for a in fixed} == {"来源（豫财农〔2017〕197号）24万元（郑财预〔2017〕814号）10万元"}
    n = Notice(source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 3), text_source="ocr", body_amounts=fixed)
    assert [f.subject for f in check_notice(n) if f.code == "LOW_CONFIDENCE"] == ["body_amounts[0].context"]


def test_a_full_stop_read_as_o_ends_the_amounts_clause() -> None:
    read = "取消药品加成省级补助资金76.97万元）o该项资金纳入直达资金管理"
    (a,) = mend_body_contexts((BodyAmount(Decimal("76.97"), "万元", read, prov=OCR),))
    assert a.context == "取消药品加成省级补助资金76.97万元）" and a.context_read == read
    before = "该项资金纳入直达资金管理o下达补助资金76.97万元"  # the amount after the stop: that side
    assert mend_body_contexts((BodyAmount(Decimal("76.97"), "万元", before, prov=OCR),))[0].context == "下达补助资金76.97万元"
    word = "下达O2O项目资金5万元"  # a Latin O beside a digit is no stop
    assert mend_body_contexts((BodyAmount(Decimal(5), "万元", word, prov=OCR),))[0].context == word
    # a stop read as 0 before the next item's number (3、): no item is numbered 03
    items = "2、安排雨露计划资金610万元（中央资金610万元）03、安排监测帮扶资金1698.52万元"
    got = mend_body_contexts((BodyAmount(Decimal(610), "万元", items, prov=OCR),
                              BodyAmount(Decimal("1698.52"), "万元", items, prov=OCR)))
    assert [a.context for a in got] == ["2、安排雨露计划资金610万元（中央资金610万元）", "3、安排监测帮扶资金1698.52万元"]
    kept = "安排资金10万元，共10、11两项"  # a number's own 0 before 、 stays
    assert mend_body_contexts((BodyAmount(Decimal(10), "万元", kept, prov=OCR),))[0].context == kept


def _counts(*cells: str, prov: Provenance = OCR) -> AllocationTable:
    rows = tuple(
        AllocationRow(f"区{i}", f"区{i}", (Decimal(i),), False, notes=(("数量（所）", c), ("备注", "O")), prov=prov)
        for i, c in enumerate(cells)
    )
    return AllocationTable(1, "分配表", "万元", ("金额",), rows, page=3)


def test_a_lone_zero_read_as_a_letter_in_a_column_of_counts() -> None:
    (t,) = repair_table_notes((_counts("2", "12", "O", "0"),))
    assert [dict(r.notes)["数量（所）"] for r in t.rows] == ["2", "12", "0", "0"]
    assert t.rows[2].notes_read == (("数量（所）", "O"),)  # what OCR read, for LOW_CONFIDENCE
    assert dict(t.rows[0].notes)["备注"] == "O"  # a column of text is not a column of counts
    (t,) = repair_table_notes((_counts("2", "甲", "O"),))
    assert dict(t.rows[2].notes)["数量（所）"] == "O"  # a column holding text: no counts
    plain = _counts("2", "12", "O", prov=Provenance(page=3))
    assert repair_table_notes((plain,)) == (plain,)  # a text layer is read as printed
    (t,) = repair_table_notes((_counts("2", "O.", "12", "O"),))  # a speck beside the lone letter
    assert [dict(r.notes)["数量（所）"] for r in t.rows] == ["2", "0", "12", "0"]
    assert t.rows[1].notes_read == (("数量（所）", "O."),)


def test_a_speck_after_a_lone_figure_in_a_note_is_dropped() -> None:
    row = AllocationRow("甲镇", "甲镇", (Decimal(1),), False, notes=(("人数", "29."), ("时间", "2019.04."), ("说明", "见附表.")), prov=OCR)
    fixed = repair_row_notes(row)
    assert dict(fixed.notes) == {"人数": "29", "时间": "2019.04.", "说明": "见附表."}
    assert fixed.notes_read == (("人数", "29."),)


def test_a_speck_between_two_han_characters_of_a_column_name_is_dropped_on_ocr_tables() -> None:
    row = AllocationRow("城关镇", "城关镇", (Decimal(12),), False, notes=(("小学.人数", "3310"),), prov=OCR)
    table = AllocationTable(1, "分配表", "万元", ("小学.金额", "初中金额"), (row,), page=3)
    (t,) = repair_table_notes((table,))
    assert t.columns == ("小学金额", "初中金额")
    assert t.rows[0].notes == (("小学人数", "3310"),)
    n = Notice(source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 3), text_source="ocr", allocation_tables=(t,))
    assert [f for f in check_notice(n) if f.code == "LOW_CONFIDENCE"] == []  # no doubt about any character
    printed = replace(table, rows=(replace(row, prov=Provenance(page=3)),))
    assert repair_table_notes((printed,))[0].columns == ("小学.金额", "初中金额")  # a text layer as printed


@pytest.mark.parametrize(
    ("read", "mended"),
    [
        ("·以上合计下达补助资金791.7万元（具体见附件）", "以上合计下达补助资金791.7万元（具体见附件）"),
        ("文件精神，•现将资金下达", "文件精神，现将资金下达"),
        ("阿卜杜拉·买买提村补助10万元", "阿卜杜拉·买买提村补助10万元"),  # a name's joining dot stays
    ],
)
def test_a_dot_opening_a_clause_is_a_speck(read: str, mended: str) -> None:
    from parsers.ocr_text import mend_quoted_text

    assert mend_quoted_text(read) == mended


def test_a_body_amounts_decimal_point_read_as_a_colon_is_read_and_marked() -> None:
    from parsers.amounts import parse_body_amounts

    body = "其中90—99周岁老年人54:36万元，会议定于14:30召开。"
    (a,) = mend_body_contexts(parse_body_amounts(body, OCR))  # 14:30 is a time: no money
    (after_colon,) = parse_body_amounts("其中：400万元", OCR)  # a colon after a word opens no number
    assert (after_colon.value, after_colon.prov.repaired_from) == (Decimal(400), None)
    assert (a.value, a.unit, a.context) == (Decimal("54.36"), "万元", "其中90—99周岁老年人54.36万元")
    assert a.prov.repaired_from == "54:36" and a.context_read == "其中90—99周岁老年人54:36万元"
    n = Notice(source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 3), text_source="ocr", body_amounts=(a,))
    flags = [f for f in check_notice(n) if f.code == "LOW_CONFIDENCE"]
    assert [f.subject for f in flags] == ["body_amounts[0]"] and "decimal point read as a colon" in flags[0].message
    plain = mend_body_contexts(parse_body_amounts(body, Provenance(page=1)))
    assert [a.context_read for a in plain] == [None]  # a text layer is read as printed, never mended


def test_a_figures_doubled_point_in_a_note_is_one_point_without_a_warning() -> None:
    row = AllocationRow(
        region="新化县", region_as_printed="新化县", values=(Decimal(1),), is_total=False,
        prov=Provenance(page=3, confidence=0.97), notes=(("补贴面积（亩）", "47,111..87"),),
    )
    fixed = repair_row_notes(row)
    assert fixed.notes == (("补贴面积（亩）", "47,111.87"),) and fixed.notes_read == (("补贴面积（亩）", "47,111..87"),)
    n = Notice(source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 3), text_source="ocr",
               allocation_tables=(AllocationTable(1, None, "元", ("金额",), (fixed,)),))
    assert [f for f in check_notice(n) if f.code == "LOW_CONFIDENCE"] == []  # a speck beside the point
    assert repair_row_notes(replace(row, notes=(("备注", "见1..2节"),))).notes == (("备注", "见1.2节"),)


def test_a_note_cell_glued_like_its_columns_other_rows_is_cut_and_marked() -> None:
    from decimal import Decimal

    from parsers.ocr_text import repair_table_notes
    from pipeline.core.model import AllocationRow, AllocationTable, Provenance

    def row(name: str, note: str, conf: float | None = 0.98) -> AllocationRow:
        return AllocationRow(
            region=name, region_as_printed=name, values=(Decimal(1),), is_total=False,
            notes=(("责任单位", note),), prov=Provenance(page=3, confidence=conf),
        )

    rows = [row("a", "洛克乡、水利局"), row("b", "宗朗乡、水利局"), row("c", "伯西热克乡水利局")]
    (t,) = repair_table_notes([AllocationTable(1, None, "万元", ("金额",), tuple(rows), 3)])
    assert dict(t.rows[2].notes)["责任单位"] == "伯西热克乡、水利局"
    assert t.rows[2].notes_read == (("责任单位", "伯西热克乡水利局"),)
    layer = [row(r.region, dict(r.notes)["责任单位"], None) for r in rows]
    (kept,) = repair_table_notes([AllocationTable(1, None, "万元", ("金额",), tuple(layer), 3)])
    assert kept.rows == tuple(layer)

