"""Allocation rows naming a town OCR read one look-alike character off a place
the notice prints elsewhere (parsers/normalize/notice_places.py)."""

from __future__ import annotations

from decimal import Decimal

from parsers.normalize.notice_places import contexts_from_rows, places_from_notice
from pipeline.checks.confidence import check_confidence
from pipeline.core.model import (
    AllocationRow,
    AllocationTable,
    BodyAmount,
    Field,
    Funds,
    Notice,
    Provenance,
    SourceFile,
    TargetTable,
)

RECIPIENTS = ["柳林镇、洪山镇、均川镇、三里岗镇、殷店镇人民政府：", "现下达救灾资金100万元。"]


def _row(name: str, confidence: float | None = 0.98, *, total: bool = False) -> AllocationRow:
    return AllocationRow(
        region=name, region_as_printed=name, values=(Decimal(10),), is_total=total,
        prov=Provenance(page=3, confidence=confidence),
        value_provs=(Provenance(page=3, confidence=confidence),),
    )


def _table(*rows: AllocationRow) -> AllocationTable:
    return AllocationTable(attachment=1, title=None, unit="万元", columns=("金额",), rows=rows)


def _target(region: str) -> TargetTable:
    return TargetTable(
        attachment=1, kind="regional", year=2021, region=region, region_as_printed=region,
        project=None, unit=None, funds=Funds(total=None), indicators=(),
    )


def test_a_town_read_one_lookalike_off_the_recipients_is_put_back_and_marked() -> None:
    tables, targets = places_from_notice(
        [_table(_row("柳林镇"), _row("股店镇"), _row("合计", total=True))], [_target("股店镇")], RECIPIENTS
    )
    row = tables[0].rows[1]
    assert (row.region, row.region_as_printed) == ("殷店镇", "殷店镇")
    assert row.prov.repaired_from == "股店镇"
    assert row.prov.confidence is not None and row.prov.confidence < 0.9
    assert targets[0].region == targets[0].region_as_printed == "殷店镇"
    assert tables[0].rows[0] == _row("柳林镇")


def test_a_town_another_row_prints_is_no_repair() -> None:
    # 股店镇 and 殷店镇 both rows of the table: two towns, none misread
    table = _table(_row("股店镇"), _row("殷店镇"))
    tables, _ = places_from_notice([table], [], RECIPIENTS)
    assert tables[0] == table


def test_a_town_printed_nowhere_else_is_left_as_read() -> None:
    table = _table(_row("股店镇"))
    tables, _ = places_from_notice([table], [], ["现下达救灾资金100万元。"])
    assert tables[0] == table


def test_text_layer_rows_and_total_rows_are_never_touched() -> None:
    table = _table(_row("股店镇", None), _row("殷计镇", total=True))
    tables, _ = places_from_notice([table], [], RECIPIENTS)
    assert tables[0] == table


def test_the_repair_is_reported_as_a_place_the_notice_prints() -> None:
    tables, _ = places_from_notice([_table(_row("柳林镇"), _row("股店镇"))], [], RECIPIENTS)
    notice = Notice(
        source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 3), text_source="ocr", allocation_tables=tables,
        recipients=Field(RECIPIENTS[0], RECIPIENTS[0], Provenance(page=1, confidence=0.99)),
    )
    low = [f for f in check_confidence(notice) if f.subject == "allocation_tables[0].rows[1].region"]
    assert len(low) == 1 and low[0].code == "LOW_CONFIDENCE"
    assert "'股店镇', repaired to '殷店镇'" in low[0].message and "prints elsewhere" in low[0].message


def test_a_row_name_never_gains_or_loses_a_character() -> None:
    # the body cuts 东钱湖旅游度假区 at a line end and prints 县农业农村局 whole
    table = _table(_row("东钱湖旅游度假区"), _row("农业农村局"))
    tables, _ = places_from_notice([table], [], ["宁波市东", "钱湖旅游度假区管委会：", "县农业农村局："])
    assert tables[0] == table


def test_a_rare_character_read_right_in_the_row_is_kept() -> None:
    table = _table(_row("大佘太镇"))
    tables, _ = places_from_notice([table], [], ["现下达大余太镇资金10万元。"])
    assert tables[0] == table


def _amount(context: str, confidence: float | None = 0.97) -> BodyAmount:
    return BodyAmount(Decimal(85), "万元", context, prov=Provenance(page=1, confidence=confidence))


def test_a_body_clause_takes_a_rows_place_back() -> None:
    tables = [_table(_row("大佘太镇"), _row("小佘太镇"))]
    (got,) = contexts_from_rows([_amount("大余太镇85万元")], tables)
    assert got.context == "大佘太镇85万元" and got.context_read == "大余太镇85万元"


def test_a_body_clause_read_right_or_from_a_text_layer_stays() -> None:
    tables = [_table(_row("大佘太镇"))]
    for a in (_amount("大佘太镇85万元"), _amount("大余太镇85万元", None), _amount("县大余太镇85万元")):
        assert contexts_from_rows([a], tables) == (a,)
    # the common character read in the row, the rare one in the body: the body is kept
    a = _amount("大佘太镇85万元")
    assert contexts_from_rows([a], [_table(_row("大余太镇"))]) == (a,)


def test_a_target_table_repeating_a_row_the_region_vocabulary_put_back_takes_its_name() -> None:
    """A row read 孟县 was put back to 盂县 by the prefecture's counties (ocr_rows.region_repairs);
    the target table of that row, read 孟县 too, is 盂县, marked (LOW_CONFIDENCE names both)."""
    from dataclasses import replace

    read = _row("盂县")
    row = replace(read, region_code="140322", prov=replace(read.prov, repaired_from="孟县", confidence=0.5))
    _, targets = places_from_notice([_table(row)], [_target("孟县"), _target("平定县")], [])
    assert (targets[0].region, targets[0].region_as_printed, targets[0].region_read) == ("盂县", "盂县", "孟县")
    assert targets[1] == _target("平定县")
    n = Notice(source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 3), text_source="ocr", target_tables=targets)
    assert [f.subject for f in check_confidence(n)] == ["target_tables[0].region"]
    unmarked = replace(row, prov=replace(row.prov, repaired_from=None))  # read right: nothing to follow
    _, same = places_from_notice([_table(unmarked)], [_target("孟县")], [])
    assert same == (_target("孟县"),)
    layer = replace(row, prov=Provenance(page=3), value_provs=(Provenance(page=3),))  # a text layer
    _, kept = places_from_notice([_table(layer)], [_target("孟县")], [])
    assert kept == (_target("孟县"),)


def test_a_recipients_town_one_lookalike_off_a_rows_rarer_reading_takes_the_rows() -> None:
    """钤山镇 printed in the 主送 and the table; OCR read the 主送's 铃山镇 (a common character for
    the rare one): the row's reading wins, marked. Never the other way round (the rarity rule)."""
    from parsers.normalize.notice_places import recipients_from_rows

    listed = "分宜镇、杨桥镇、铃山镇、洋江镇人民政府"
    read = Field(listed, listed, Provenance(page=1, confidence=0.97))
    table = _table(_row("杨桥镇"), _row("钤山镇"), _row("合计", total=True))
    fixed = recipients_from_rows(read, [table])
    assert fixed is not None and fixed.value == "分宜镇、杨桥镇、钤山镇、洋江镇人民政府"
    assert fixed.prov.repaired_from == listed and fixed.prov.confidence is not None and fixed.prov.confidence < 0.9
    n = Notice(source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 3), text_source="ocr", recipients=fixed)
    assert [f.subject for f in check_confidence(n)] == ["recipients"]
    rare = Field("分宜镇、钤山镇人民政府", "分宜镇、钤山镇人民政府", Provenance(page=1, confidence=0.97))
    assert recipients_from_rows(rare, [_table(_row("铃山镇"))]) is rare  # a rare character read right stays
    plain = Field(listed, listed, Provenance(page=1))
    assert recipients_from_rows(plain, [table]) is plain  # a text layer
    assert recipients_from_rows(None, [table]) is None


def test_a_recipients_town_as_common_as_a_rows_is_another_town() -> None:
    """黎里镇 in the 主送, 同里镇 a row: two common characters, two towns; nothing is changed."""
    from parsers.normalize.notice_places import recipients_from_rows

    listed = "汾湖高新区（黎里镇）城乡发展局、七都镇、同里镇农村工作办公室"
    read = Field(listed, listed, Provenance(page=1, confidence=0.97))
    assert recipients_from_rows(read, [_table(_row("同里镇"), _row("七都镇"))]) is read


def test_a_place_after_a_verb_in_a_body_clause_takes_a_rows_place_back() -> None:
    tables = [_table(_row("峄城区"), _row("薛城区"), _row("滕州市"))]  # 峰/薛 alike less than 峰/峄
    (got,) = contexts_from_rows([_amount("市级财政奖励峰城区100万元、滕州市50万元")], tables)
    assert got.context == "市级财政奖励峄城区100万元、滕州市50万元"
    a = _amount("枣庄市峰城区100万元")  # after a division's name: maybe the tail of another name
    assert contexts_from_rows([a], tables) == (a,)
    text = _amount("现拨付2022年8月份城镇低保对象生活补助经费")  # running text: 份城镇 is no misread 梅城镇
    assert contexts_from_rows([text], [_table(_row("梅城镇"), _row("东坪镇"))]) == (text,)
