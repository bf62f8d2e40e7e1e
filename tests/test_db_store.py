"""db.store and the migrations, on SQLite and (with $NOTICES_TEST_PG_URL) PostgreSQL."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.orm import Session

from db.migrate import HEAD, current_revision, downgrade, upgrade
from db.models import (
    AllocationValueRow,
    Base,
    DocumentFieldRow,
    DocumentRow,
    FlagRow,
    IndicatorRow,
    SourceFileRow,
)
from db.store import (
    StoreError,
    file_paths,
    find_all_by_doc_number,
    find_by_doc_number,
    find_by_sha256,
    list_flags,
    record_file_name,
    replace_notice,
    resolve_url,
    save_notice,
    stored_rendered_json,
)
from pipeline.core.model import Flag, Notice
from tests.db_helpers import (
    D,
    alloc,
    indicator,
    make_notice,
    save,
    sha_of,
    targets,
)

CONTRACT_VIEWS = {
    "v_notices": ["doc_number", "issuers", "title", "recipients", "issue_date", "source_file",
                  "sha256", "pages", "text_source"],
    "v_allocations": ["doc_number", "table_title", "region", "region_as_printed", "column_name",
                      "amount", "unit", "amount_yuan"],
    "v_indicators": ["doc_number", "region", "level1", "level2", "name", "value", "op",
                     "number", "unit", "period"],
    "v_flags": ["doc_number", "code", "severity", "message", "page"],
}


def full_notice() -> Notice:
    return make_notice(
        references=["新财社〔2022〕71号", None],
        allocation_tables=[alloc([
            ("昌吉回族自治州", [11438, 7828, 3610], True),
            ("昌吉市", [1485, 1275, 210], False),
            ("阜康市", [831, 851, -20], False),
            ("木垒哈萨克自治县", ["2030.5", None, "9.2128"], False),
        ], printed={"昌吉回族自治州": "昌吉州", "木垒哈萨克自治县": "木垒县"})],
        target_tables=[targets(
            "木垒哈萨克自治县", "2030",
            indicator("低保对象人数", "应保尽保"),
            indicator("资金到位率", "≥90%", ">=", "90", "%", level2="质量指标"),
            indicator("资金下达时限", "收到补助资金后30日内", level2="时效指标"),
        )],
        body_amounts=[("8", "万元")],
        flags=[Flag("NEGATIVE_ALLOCATION", "info", "阜康市 此次下达资金 is -20万元 (a claw-back).",
                    page=3, subject="allocation_tables[0].rows[2].values[2]")],
    )


def test_schema_is_at_head_with_contract_views(db_engine: Engine) -> None:
    assert current_revision(db_engine) == HEAD
    names = set(inspect(db_engine).get_view_names())
    assert set(CONTRACT_VIEWS) <= names
    with db_engine.connect() as conn:
        for view, columns in CONTRACT_VIEWS.items():
            keys = list(conn.execute(text(f"SELECT * FROM {view}")).keys())
            assert keys[: len(columns)] == columns, view


def test_models_match_migrations(db_engine: Engine) -> None:
    with db_engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = [d for d in compare_metadata(ctx, Base.metadata)
                 if not (isinstance(d, tuple) and d[0] == "remove_table"
                         and d[1].name == "alembic_version")]
    assert diffs == []


def test_downgrade_to_base_and_back(db_url: str) -> None:
    upgrade(db_url)
    downgrade(db_url, "base")
    upgrade(db_url, "0001_tables")
    upgrade(db_url)
    from db.migrate import make_engine

    engine = make_engine(db_url)
    try:
        assert current_revision(engine) == HEAD
    finally:
        engine.dispose()


def test_save_notice_stores_every_part(db_engine: Engine) -> None:
    with Session(db_engine) as s, s.begin():
        doc_id = save(s, full_notice())
    with Session(db_engine) as s:
        doc = s.get(DocumentRow, doc_id)
        assert doc is not None
        assert doc.doc_number == "昌州财社〔2022〕11号"
        assert doc.doc_number_as_printed == "昌州财社[2022]11号"
        assert doc.issuers == "昌吉回族自治州财政局、昌吉回族自治州民政局"
        assert json.loads(doc.issuers_json) == ["昌吉回族自治州财政局", "昌吉回族自治州民政局"]
        assert str(doc.issue_date) == "2022-06-07"
        assert doc.rendered_json == '{"schema": "notice/1"}'
        assert doc.pages == 5 and doc.text_source == "text-layer"
        n_values = s.scalar(select(func.count()).select_from(AllocationValueRow))
        assert n_values == 4 * 3
        fields = {r.field for r in s.scalars(select(DocumentFieldRow))}
        assert {"doc_number", "title", "issuers", "issue_date", "cc"} <= fields
        dn = s.scalars(select(DocumentFieldRow).where(DocumentFieldRow.field == "doc_number")).one()
        assert (dn.page, dn.bbox_x0, dn.bbox_top, dn.bbox_x1, dn.bbox_bottom) == (
            1, 100.0, 200.0, 300.0, 220.0)
        deadline = s.scalars(select(IndicatorRow).where(IndicatorRow.name == "资金下达时限")).one()
        assert deadline.deadline_days == 30 and deadline.op is None
        rate = s.scalars(select(IndicatorRow).where(IndicatorRow.name == "资金到位率")).one()
        assert (rate.op, rate.number, rate.unit) == (">=", Decimal(90), "%")
        flag = s.scalars(select(FlagRow)).one()
        assert (flag.origin, flag.code, flag.page) == ("document", "NEGATIVE_ALLOCATION", 3)


def test_money_is_exact_decimal_and_null_stays_null(db_engine: Engine) -> None:
    with Session(db_engine) as s, s.begin():
        save(s, full_notice())
    with db_engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT column_name, amount, amount_yuan FROM v_allocations "
            "WHERE region = '木垒哈萨克自治县' ORDER BY column_index")).all()
    with Session(db_engine) as s:
        orm = s.scalars(select(AllocationValueRow).where(
            AllocationValueRow.region == "木垒哈萨克自治县").order_by(
            AllocationValueRow.id)).all()
    assert [v.amount for v in orm] == [D("2030.5"), None, D("9.2128")]
    assert [v.amount_yuan for v in orm] == [D(20305000), None, D(92128)]
    assert all(isinstance(v.amount, Decimal) for v in orm if v.amount is not None)
    assert rows[1][1] is None and rows[1][2] is None  # empty cell: NULL, never 0
    assert Decimal(str(rows[2][1])) == D("9.2128")
    assert Decimal(str(rows[2][2])) == D(92128)


def test_views_show_the_notice(db_engine: Engine) -> None:
    with Session(db_engine) as s, s.begin():
        save(s, full_notice(), file_name="昌州财社11号.pdf")
    with db_engine.connect() as conn:
        notice = conn.execute(text("SELECT * FROM v_notices")).mappings().one()
        assert notice["source_file"] == "昌州财社11号.pdf"
        assert notice["issuers"] == "昌吉回族自治州财政局、昌吉回族自治州民政局"
        assert str(notice["issue_date"]) == "2022-06-07"
        total = conn.execute(text(
            "SELECT amount FROM v_allocations WHERE is_total = :t AND column_name LIKE '%此次%'"),
            {"t": True}).scalar_one()
        assert Decimal(str(total)) == 3610
        printed = conn.execute(text(
            "SELECT region_as_printed FROM v_allocations WHERE region = '昌吉回族自治州'"
        )).scalars().all()
        assert set(printed) == {"昌吉州"}
        ind = conn.execute(text(
            'SELECT region, level1, level2, "value", op, "number", unit, period '
            "FROM v_indicators WHERE name = '资金到位率'")).one()
        assert ind[:6] == ("木垒哈萨克自治县", "产出指标", "质量指标", "≥90%", ">=", 90)
        assert ind[6:] == ("%", "annual")
        flag = conn.execute(text("SELECT doc_number, code, severity, page FROM v_flags")).one()
        assert tuple(flag) == ("昌州财社〔2022〕11号", "NEGATIVE_ALLOCATION", "info", 3)


def test_same_bytes_are_stored_once_with_every_name(db_engine: Engine) -> None:
    notice = full_notice()
    with Session(db_engine) as s, s.begin():
        doc_id = save(s, notice, file_name="a.pdf")
    with Session(db_engine) as s, s.begin():
        assert find_by_sha256(s, notice.source.sha256) == doc_id
        with pytest.raises(StoreError, match="already stored"):
            save(s, notice, file_name="b.pdf")
    with Session(db_engine) as s, s.begin():
        assert record_file_name(s, notice.source.sha256, "b.pdf", "/elsewhere/b.pdf") is True
        assert record_file_name(s, notice.source.sha256, "b.pdf", "/elsewhere/b.pdf") is False
    with Session(db_engine) as s:
        assert s.scalar(select(func.count()).select_from(DocumentRow)) == 1
        names = s.scalars(select(SourceFileRow.file_name).order_by(SourceFileRow.id)).all()
        assert names == ["a.pdf", "b.pdf"]
        assert file_paths(s, doc_id) == ("/in/a.pdf", "/elsewhere/b.pdf")
        with pytest.raises(StoreError):
            record_file_name(s, sha_of("unknown"), "c.pdf")
    with db_engine.connect() as conn:
        row = conn.execute(text("SELECT source_file, file_count FROM v_notices")).one()
    assert tuple(row) == ("a.pdf", 2)


def test_failed_transaction_leaves_nothing(db_engine: Engine) -> None:
    with pytest.raises(RuntimeError), Session(db_engine) as s, s.begin():
        save(s, full_notice())
        raise RuntimeError("parser crashed after the insert")
    with Session(db_engine) as s:
        assert s.scalar(select(func.count()).select_from(DocumentRow)) == 0
        assert s.scalar(select(func.count()).select_from(AllocationValueRow)) == 0


def test_replace_notice_keeps_id_and_returns_old_json(db_engine: Engine) -> None:
    with Session(db_engine) as s, s.begin():
        doc_id = save(s, full_notice())
    changed = make_notice(
        allocation_tables=[alloc([("昌吉回族自治州", [100], True)], columns=["金额"])],
    )
    with Session(db_engine) as s, s.begin():
        old = replace_notice(s, doc_id, changed, rendered_json='{"v": 2}')
        assert old == '{"schema": "notice/1"}'
    with Session(db_engine) as s:
        assert s.scalar(select(func.count()).select_from(DocumentRow)) == 1
        assert stored_rendered_json(s, doc_id) == '{"v": 2}'
        assert s.scalar(select(func.count()).select_from(AllocationValueRow)) == 1
        assert s.scalar(select(func.count()).select_from(IndicatorRow)) == 0
        assert s.scalar(select(func.count()).select_from(FlagRow)) == 0
        assert file_paths(s, doc_id) == ("/in/a.pdf",)
        with pytest.raises(StoreError):
            replace_notice(s, doc_id + 100, changed, rendered_json="{}")


def test_find_by_doc_number_lists_duplicates(db_engine: Engine) -> None:
    with Session(db_engine) as s, s.begin():
        a = save(s, make_notice(label="first"))
        b = save(s, make_notice(label="second"))
        save(s, make_notice("新财社〔2022〕71号"))
    with Session(db_engine) as s:
        assert find_all_by_doc_number(s, "昌州财社〔2022〕11号") == (a, b)
        assert find_all_by_doc_number(s, "无此文号") == ()
        assert find_by_doc_number(s, "昌州财社〔2022〕11号") == (a, "/in/a.pdf")
        assert find_by_doc_number(s, "无此文号") is None


def test_notice_without_optional_parts(db_engine: Engine) -> None:
    bare = make_notice(None, issuers=(), issue_date=None, title="无文号的通知")
    with Session(db_engine) as s, s.begin():
        doc_id = save(s, bare)
    with Session(db_engine) as s:
        doc = s.get(DocumentRow, doc_id)
        assert doc is not None and doc.doc_number is None and doc.issue_date is None
        assert doc.issuers is None and doc.issuers_json == "[]"


def test_list_flags_puts_errors_first(db_engine: Engine) -> None:
    notice = make_notice(flags=[
        Flag("REGION_ALIAS", "info", "昌吉州 is printed for 昌吉回族自治州.", page=3),
        Flag("ALLOCATION_ROW_SUM", "error", "Row 阜康市: 831 ≠ 851 + -20.", page=3),
    ])
    with Session(db_engine) as s, s.begin():
        save(s, notice)
    with Session(db_engine) as s:
        flags = list_flags(s)
    assert [f.code for f in flags] == ["ALLOCATION_ROW_SUM", "REGION_ALIAS"]
    assert flags[0].doc_number == "昌州财社〔2022〕11号" and flags[0].source_file == "a.pdf"


def test_resolve_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTICES_DB", raising=False)
    assert resolve_url() == "sqlite:///notices.db"
    monkeypatch.setenv("NOTICES_DB", "sqlite:///x.db")
    assert resolve_url() == "sqlite:///x.db"
    assert resolve_url("postgresql+psycopg://h/db") == "postgresql+psycopg://h/db"


def test_save_notice_in_memory_sqlite() -> None:
    from db.store import connect

    engine = connect("sqlite://")
    with Session(engine) as s, s.begin():
        save_notice(s, full_notice(), file_name="m.pdf", rendered_json="{}")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM v_allocations")).scalar_one() == 12


def test_replace_notice_with_bytes_of_another_document(db_engine: Engine) -> None:
    with Session(db_engine) as s, s.begin():
        a = save(s, make_notice(label="a"))
        save(s, make_notice(label="b"))
    with Session(db_engine) as s, s.begin(), pytest.raises(StoreError, match="already stored"):
        replace_notice(s, a, make_notice(label="b"), rendered_json="{}")


def test_replace_notice_with_new_bytes_moves_the_file_names(db_engine: Engine) -> None:
    with Session(db_engine) as s, s.begin():
        a = save(s, make_notice(label="old bytes"), "a.pdf")
    with Session(db_engine) as s, s.begin():
        replace_notice(s, a, make_notice(label="new bytes"), rendered_json="{}",
                       file_name="a.pdf", file_path="/in/a.pdf")
    with Session(db_engine) as s:
        assert find_by_sha256(s, sha_of("old bytes")) is None
        assert find_by_sha256(s, sha_of("new bytes")) == a
        assert s.scalars(select(SourceFileRow.sha256)).all() == [sha_of("new bytes")]


def test_every_notice_field_has_a_home() -> None:
    """A new field on the model must be stored (or listed here as deliberately not)."""
    import dataclasses

    from pipeline.core.model import AllocationRow, AllocationTable, Indicator, TargetTable

    def names(cls: type) -> set[str]:
        return {f.name for f in dataclasses.fields(cls)}

    assert names(Notice) == {
        "source", "text_source", "doc_number", "issuers", "title", "recipients", "copy_number",
        "classification", "urgency", "signer", "issue_date", "annotation", "signatories", "cc",
        "printed_by", "print_date", "references", "fund_markers", "budget_codes",
        "body_amounts", "attachments_listed", "attachment_headings", "allocation_tables",
        "target_tables", "forms", "body", "flags",
        "raw_tables",  # db/raw_tables.py
    }
    # row_parts / uncertain are the checks' reading of the structure (the flags are stored);
    # headers_read: what OCR read of a column name put back, kept in its LOW_CONFIDENCE flag
    assert names(AllocationTable) == {"attachment", "title", "unit", "columns", "rows",
                                      "column_parts", "page", "row_parts", "uncertain",
                                      "headers_read"}
    # notes_read: what OCR read of a repaired note, kept in its LOW_CONFIDENCE flag (stored)
    assert names(AllocationRow) == {"region", "region_as_printed", "values", "is_total",
                                    "notes", "region_code", "prov", "value_provs", "notes_read"}
    # work: the long-shape row's work (its 主要建设内容, stored among that row's notes) that
    # INDICATOR_SET_DIFFERS compares by (the flags are stored); region_read: what OCR read of
    # a region put back, kept in its LOW_CONFIDENCE flag
    assert names(TargetTable) == {"attachment", "kind", "year", "region", "region_as_printed",
                                  "project", "unit", "funds", "indicators", "layout_repaired",
                                  "funds_midterm", "options", "page", "option_provs", "work",
                                  "region_read"}
    # label_misplaced is the parser's own repair signal, not stored
    assert names(Indicator) == {"level1", "level2", "name", "value", "target", "period",
                                "level1_as_printed", "level2_as_printed", "prov",
                                "label_misplaced"}
