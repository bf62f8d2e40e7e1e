"""`notices db grant-readonly ROLE`: against the real PostgreSQL server, the role reads
every view and table, now and after a later migration, and every write or DDL fails."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from db.checks import check_database
from db.grants import GrantError, grant_readonly
from db.store import connect
from pipeline.cli import main
from tests.db_helpers import alloc, make_notice, save

PG = [pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture
def role(db_url: str) -> Iterator[str]:
    name = f"auditor_{uuid.uuid4().hex[:10]}"
    yield name
    admin = create_engine(db_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": name}).first():
            conn.execute(text(f"DROP OWNED BY {name}"))
            conn.execute(text(f"DROP ROLE {name}"))
    admin.dispose()


def _as(db_url: str, role: str, password: str | None = None) -> Engine:
    url = make_url(db_url).set(username=role, password=password)
    return create_engine(url)


def _fill(engine: Engine) -> None:
    with Session(engine) as s, s.begin():
        doc = save(s, make_notice(allocation_tables=[alloc([("阜康市", [831, 851, -20], False)])]))
        check_database(s, [doc])


def _fails(engine: Engine, statement: str) -> str:
    with pytest.raises(DBAPIError) as info, engine.begin() as conn:
        conn.execute(text(statement))
    return str(info.value.orig)


@pytest.mark.parametrize("db_url", PG, indirect=True)
def test_readonly_role_reads_and_cannot_write(db_url: str, role: str) -> None:
    engine = connect(db_url)
    _fill(engine)
    assert main(["db", "grant-readonly", role, "--db", db_url]) == 0
    auditor = _as(db_url, role)
    try:
        with auditor.connect() as conn:
            for view in ("v_notices", "v_allocations", "v_flags", "v_fund_flow",
                         "v_region_ledger", "documents", "allocation_values"):
                conn.execute(text(f"SELECT * FROM {view}")).all()
            assert conn.execute(text("SELECT COUNT(*) FROM v_allocations")).scalar() == 3
        for statement in (
            "INSERT INTO flags (document_id, origin, code, severity, message, created_at)"
            " SELECT id, 'document', 'X', 'info', 'x', now() FROM documents",
            "UPDATE allocation_values SET amount = 0",
            "DELETE FROM documents",
            "TRUNCATE documents CASCADE",
            "CREATE TABLE mine (x int)",
            "DROP VIEW v_flags",
            "ALTER TABLE documents ADD COLUMN x int",
            "CREATE VIEW v_mine AS SELECT 1 AS one",
        ):
            message = _fails(auditor, statement)
            assert "permission denied" in message or "must be owner" in message \
                or "read-only transaction" in message, (statement, message)
        # even with the read-only default switched off, the privileges say no
        with pytest.raises(DBAPIError, match="permission denied"), auditor.begin() as conn:
            conn.execute(text("SET transaction_read_only = off"))
            conn.execute(text("DELETE FROM documents"))
        # a later migration (as the owner) adds a view: the auditor reads it, cannot write it
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE later_table (x int)"))
            conn.execute(text("CREATE VIEW v_later AS SELECT doc_number FROM documents"))
        with auditor.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM v_later")).scalar() == 1
            assert conn.execute(text("SELECT COUNT(*) FROM later_table")).scalar() == 0
        with pytest.raises(DBAPIError, match="permission denied"), auditor.begin() as conn:
            conn.execute(text("SET transaction_read_only = off"))
            conn.execute(text("INSERT INTO later_table VALUES (1)"))
    finally:
        auditor.dispose()
        engine.dispose()


@pytest.mark.parametrize("db_url", PG, indirect=True)
def test_grant_again_updates_and_takes_back_writes(db_url: str, role: str) -> None:
    engine = connect(db_url)
    try:
        first = grant_readonly(engine, role, password="s3cret'pw:x")
        with engine.begin() as conn:  # someone gave the auditor too much
            conn.execute(text(f"GRANT INSERT, DELETE ON flags TO {role}"))
            conn.execute(text(f"ALTER ROLE {role} CREATEDB"))
        second = grant_readonly(engine, role)
        with engine.connect() as conn:
            privileges = conn.execute(text(
                "SELECT has_table_privilege(:r, 'flags', 'INSERT'),"
                " has_table_privilege(:r, 'flags', 'DELETE'),"
                " has_table_privilege(:r, 'v_fund_flow', 'SELECT'),"
                " (SELECT rolcreatedb FROM pg_roles WHERE rolname = :r),"
                " (SELECT rolcanlogin FROM pg_roles WHERE rolname = :r)"), {"r": role}).one()
    finally:
        engine.dispose()
    assert (first.created, second.created) == (True, False)
    assert second.relations == first.relations > 10
    assert tuple(privileges) == (False, False, True, False, True)


def test_sqlite_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "grant-readonly", "auditor", "--db",
                 f"sqlite:///{tmp_path / 'n.db'}"]) == 2
    assert "needs a PostgreSQL database" in capsys.readouterr().err
    assert not (tmp_path / "n.db").exists()


def test_bad_role_names_are_refused() -> None:
    url = os.environ.get("NOTICES_TEST_PG_URL", "postgresql+psycopg://u@127.0.0.1:1/x")
    engine = create_engine(url)
    for name in ("1abc", "a; DROP TABLE documents", 'x"y', ""):
        with pytest.raises(GrantError, match="role name"):
            grant_readonly(engine, name)
    engine.dispose()
