"""reparse --all, notice versions and `notices history` (issue 12 item 4), on SQLite and PostgreSQL.

An "older parse" is made by storing a notice with one allocation amount
changed under parser version 0.9; re-parsing brings the real value back and
the history shows exactly that amount, old -> new.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

import db.store
from db.rows import Versions
from db.store import connect, find_by_sha256, replace_notice
from pipeline.core.model import Notice
from pipeline.core.render import dumps
from pipeline.ingest import ingest
from pipeline.operator import field_diffs
from pipeline.reparse import Selection, older, reparse_all, select_targets
from pipeline.run import Settings, parse_document
from tests.db_helpers import rows

ROOT = Path(__file__).resolve().parents[1]
DIGITAL = Settings(ocr_engine="replay", ocr_cache="")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NOTICES_DB"}
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


def test_field_diffs_name_each_changed_leaf() -> None:
    old = {"doc_number": "某财〔2022〕1号", "source": {"file": "a.pdf"},
           "allocation_tables": [{"rows": [{"values": [1, 2]}, {"values": [3, 851]}]}], "flags": []}
    new = {"doc_number": "某财〔2022〕1号", "source": {"file": "b.pdf"},
           "allocation_tables": [{"rows": [{"values": [1, 2.0]}, {"values": [3, 831]}]}],
           "title": "关于…的通知", "flags": []}
    assert field_diffs(json.dumps(old), json.dumps(new)) == [
        "allocation_tables[0].rows[1].values[1]: 851 -> 831",
        'title: (absent) -> "关于…的通知"',
    ]
    assert field_diffs(json.dumps(new), json.dumps(old))[-1] == 'title: "关于…的通知" -> (absent)'
    assert field_diffs(json.dumps(old), json.dumps(old)) == []


def test_parser_version_order() -> None:
    assert older(None, "1") and older("0.9", "1") and older("1.2", "1.10")
    assert not older("1", "1") and not older("2", "1.5")


def a_notice_with_a_table() -> tuple[Path, Notice, int, int]:
    for pdf in sorted(ROOT.glob("samples/[vw]*/notice.pdf")):
        n = parse_document(pdf, DIGITAL)
        for t in n.allocation_tables:
            for i, row in enumerate(t.rows):
                for j, v in enumerate(row.values):
                    if v is not None and v > 10 and n.allocation_tables.index(t) == 0:
                        return pdf, n, i, j
    pytest.skip("samples not generated")


def tamper(url: str, n: Notice, i: int, j: int) -> tuple[Decimal, Decimal]:
    """Store ``n`` with rows[i].values[j] off by 20, as an older parser version would have."""
    table = n.allocation_tables[0]
    row = table.rows[i]
    good = row.values[j]
    assert good is not None
    bad = good + 20
    rows_ = list(table.rows)
    rows_[i] = replace(row, values=tuple(bad if k == j else v for k, v in enumerate(row.values)))
    wrong = replace(n, allocation_tables=(replace(table, rows=tuple(rows_)), *n.allocation_tables[1:]))
    engine = connect(url)
    with Session(engine) as s, s.begin():
        doc_id = find_by_sha256(s, n.source.sha256)
        assert doc_id is not None
        replace_notice(s, doc_id, wrong, rendered_json=dumps(wrong), versions=Versions(parser="0.9"))
    engine.dispose()
    return bad, good



def dumps_number(d: Decimal) -> str:
    return str(int(d)) if d == d.to_integral_value() else str(d)


def test_reparse_all_brings_back_the_value_and_history_shows_it(db_url: str, tmp_path: Path) -> None:
    pdf, n, i, j = a_notice_with_a_table()
    other = next(p for p in sorted(ROOT.glob("samples/[vw]*/notice.pdf")) if p != pdf)
    report = ingest([str(pdf), str(other)], db_url, DIGITAL, workers=1)
    assert report.exit_code == 0 and len(report.ingested) == 2
    bad, good = tamper(db_url, n, i, j)

    r = cli("reparse", "--all", "--parser-older-than", "1", "--db", db_url, "--workers", "1",
            "--ocr-engine", "replay", "--ocr-cache", "")
    assert r.returncode == 0, r.stderr
    assert "1 field(s) changed" in r.stderr and "Re-parsed 1 notice(s)" in r.stderr, r.stderr
    assert rows(db_url, "SELECT kind, seen, stored, skipped, failed, exit_code FROM runs ORDER BY id DESC LIMIT 1") \
        == [("reparse", 1, 1, 0, 0, 0)]

    dn = n.doc_number.value if n.doc_number else str(pdf)
    h = cli("history", dn, "--db", db_url)
    assert h.returncode == 0, h.stderr
    lines = h.stdout.splitlines()
    assert "3 version(s)" in lines[0]
    assert lines[1].startswith("v1 ") and "run 1 (ingest), parser 1" in lines[1]
    assert lines[2].startswith("v2 ") and "no run recorded, parser 0.9" in lines[2]
    path = f"allocation_tables[0].rows[{i}].values[{j}]"
    assert lines[3] == f"    {path}: {dumps_number(good)} -> {dumps_number(bad)}"
    assert lines[4].startswith("v3 ") and "(reparse), parser 1" in lines[4] and "(current)" in lines[4]
    assert lines[5:] == [f"    {path}: {dumps_number(bad)} -> {dumps_number(good)}"]

    # nothing older than 1 is left; everything re-parsed again changes nothing and adds no version
    r = cli("reparse", "--all", "--parser-older-than", "1", "--db", db_url, "--ocr-engine", "replay")
    assert r.returncode == 0 and "Re-parsed 0 notice(s)" in r.stderr, r.stderr
    r = cli("reparse", "--all", "--db", db_url, "--workers", "1", "--ocr-engine", "replay", "--ocr-cache", "")
    assert r.returncode == 0 and "2 unchanged" in r.stderr, r.stderr
    assert rows(db_url, "SELECT COUNT(*) FROM notice_versions") == [(4,)]


def test_failure_mid_replace_keeps_the_old_version(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf, n, i, j = a_notice_with_a_table()
    assert ingest([str(pdf)], db_url, DIGITAL, workers=1).exit_code == 0
    tamper(db_url, n, i, j)
    before = {
        "doc": rows(db_url, "SELECT rendered_json, parser_version, updated_at FROM documents"),
        "values": rows(db_url, "SELECT id, row_index, region, amount FROM allocation_values ORDER BY id"),
        "flags": rows(db_url, "SELECT code, message FROM flags ORDER BY id"),
        "versions": rows(db_url, "SELECT id, rendered_json FROM notice_versions ORDER BY id"),
    }
    assert before["values"]

    real = db.store.insert_children

    def fails_after_the_deletes(session, doc_id, notice):  # type: ignore[no-untyped-def]
        real(session, doc_id, notice)  # the new rows are written…
        raise RuntimeError("injected failure mid-replace")  # …and the transaction dies

    monkeypatch.setattr(db.store, "insert_children", fails_after_the_deletes)
    code = reparse_all(db_url, DIGITAL, Selection(), workers=1)
    assert code == 1
    assert "injected failure mid-replace" in capsys.readouterr().err
    after = {
        "doc": rows(db_url, "SELECT rendered_json, parser_version, updated_at FROM documents"),
        "values": rows(db_url, "SELECT id, row_index, region, amount FROM allocation_values ORDER BY id"),
        "flags": rows(db_url, "SELECT code, message FROM flags ORDER BY id"),
        "versions": rows(db_url, "SELECT id, rendered_json FROM notice_versions ORDER BY id"),
    }
    assert after == before
    assert rows(db_url, "SELECT kind, failed, exit_code FROM runs ORDER BY id DESC LIMIT 1") == [("reparse", 1, 1)]
    [(reason,)] = rows(db_url, "SELECT reason FROM failures")
    assert "RuntimeError: injected failure mid-replace" in str(reason)

    monkeypatch.setattr(db.store, "insert_children", real)  # the next run succeeds
    assert reparse_all(db_url, DIGITAL, Selection(), workers=1) == 0
    assert rows(db_url, "SELECT COUNT(*) FROM notice_versions") == [(3,)]


def test_selection_by_flag_code_and_date(db_url: str) -> None:
    pdfs = sorted(ROOT.glob("samples/[vw]*/notice.pdf"))[:3]
    if len(pdfs) < 3:
        pytest.skip("samples not generated")
    assert ingest([str(p) for p in pdfs], db_url, DIGITAL, workers=1).exit_code == 0
    engine = connect(db_url)
    with Session(engine) as s:
        every = select_targets(s, Selection())
        assert len(every) == 3 and all(t.path for t in every)
        codes = dict(s.execute(text("SELECT code, COUNT(DISTINCT document_id) FROM flags GROUP BY code")).all())
        for code, docs in codes.items():
            assert len(select_targets(s, Selection(code=code.lower()))) == docs
        assert select_targets(s, Selection(code="NO_SUCH_CODE")) == []
        today = dt.datetime.now(dt.UTC).date()
        assert len(select_targets(s, Selection(since=today))) == 3
        assert select_targets(s, Selection(since=today + dt.timedelta(days=1))) == []
        assert select_targets(s, Selection(parser_older_than="1")) == []
    engine.dispose()


def test_reparse_usage_errors(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'n.db'}"
    assert cli("reparse", "--db", url).returncode == 2
    assert cli("reparse", "x.pdf", "--all", "--db", url).returncode == 2
    assert cli("reparse", "x.pdf", "--code", "MISSING_FIELD", "--db", url).returncode == 2
    assert cli("reparse", "--all", "--since", "yesterday", "--db", url).returncode == 2


def test_a_list_filled_or_emptied_shows_its_items_only() -> None:
    old = json.dumps({"budget_codes": [], "x": 1})
    new = json.dumps({"budget_codes": ["1100248", "208"], "x": 1})
    assert field_diffs(old, new) == ['budget_codes[0]: (absent) -> "1100248"', 'budget_codes[1]: (absent) -> "208"']
    assert field_diffs(new, old) == ['budget_codes[0]: "1100248" -> (absent)', 'budget_codes[1]: "208" -> (absent)']


def test_an_error_that_ends_the_run_is_recorded(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf, _n, _i, _j = a_notice_with_a_table()
    assert ingest([str(pdf)], db_url, DIGITAL, workers=1).exit_code == 0
    import pipeline.reparse

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("database checks broke")

    monkeypatch.setattr(pipeline.reparse, "parse_many", broken)
    with pytest.raises(RuntimeError):
        reparse_all(db_url, DIGITAL, Selection(), workers=1)
    assert rows(db_url, "SELECT kind, exit_code FROM runs ORDER BY id DESC LIMIT 1") == [("reparse", 1)]
    assert rows(db_url, "SELECT file, reason FROM failures") == [
        ("(the run itself)", "internal error: RuntimeError: database checks broke")
    ]
