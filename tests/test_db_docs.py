"""docs/sql.md cannot go stale: every example query, run over the sample notices on SQLite
(through the sqlite3 shell a user pastes into, and through SQLAlchemy) and on PostgreSQL,
returns exactly the output the guide prints; docs/schema.md is the diagram the models draw.

Regenerate both after a deliberate change: `.venv/bin/python -m tests.sqldoc --update`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from db.store import connect
from samples.corpus import files
from tests.conftest import PG_ENV, PG_SKIP, pg_schema_urls
from tests.sqldoc import (
    DOC,
    FIRST,
    ROOT,
    SAMPLES,
    SCHEMA,
    UPDATE,
    build_example_sqlite,
    differences,
    examples,
    ingest_examples,
    run_shell,
    schema_markdown,
    sql_blocks,
    sqlite_shell,
)

TEXT = DOC.read_text(encoding="utf-8")
EXAMPLES = examples(TEXT)
STALE = f"docs/sql.md is stale: if the change is deliberate, run {UPDATE}"

needs_shell = pytest.mark.skipif(sqlite_shell() is None,
                                 reason="the sqlite3 shell is missing: bash scripts/sysdeps.sh")


def test_the_guide_shows_every_query_with_its_output() -> None:
    assert len(EXAMPLES) >= 12
    assert len(EXAMPLES) == len(sql_blocks(TEXT)), "a ```sql block without its ```text output"
    assert all(e.output.strip() for e in EXAMPLES), "an example with no output shows nothing"
    views = {"v_fund_flow", "v_region_ledger", "v_allocations", "v_flags", "v_indicators",
             "v_notices", "v_references"}
    assert all(any(v in e.sql for e in EXAMPLES) for v in views)
    assert all("v_fund_flow" in e.sql or "v_region_ledger" in e.sql or "v_notices" in e.sql
               for e in EXAMPLES[:FIRST])


@pytest.fixture(scope="module")
def sqlite_examples(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield build_example_sqlite(tmp_path_factory.mktemp("docs"))


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres",
                                                                 marks=pytest.mark.postgres)])
def example_engine(request: pytest.FixtureRequest, sqlite_examples: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = connect(f"sqlite:///{sqlite_examples}")
        yield engine
        engine.dispose()
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(PG_SKIP)
    with pg_schema_urls(base) as (url,):
        engine = connect(url)
        try:
            ingest_examples(engine)
            yield engine
        finally:
            engine.dispose()


@needs_shell
@pytest.mark.parametrize("index", range(len(EXAMPLES)))
def test_output_is_what_sqlite3_prints(sqlite_examples: Path, index: int) -> None:
    example = EXAMPLES[index]
    assert run_shell(sqlite_examples, example.sql) == example.output, \
        f"{STALE}\n{example.sql}"


@pytest.mark.parametrize("index", range(len(EXAMPLES)))
def test_output_is_what_the_database_returns(example_engine: Engine, index: int) -> None:
    example = EXAMPLES[index]
    with example_engine.connect() as conn:
        result = conn.execute(text(example.sql))
        columns, rows = list(result.keys()), result.all()
    diff = differences(example.output, columns, rows)
    assert diff == [], f"{example_engine.dialect.name}: {STALE}\n{example.sql}\n" + "\n".join(diff)


def test_differences_are_seen() -> None:
    """The comparison itself: numbers by value, NULL as empty, everything else as text."""
    import datetime as dt
    from decimal import Decimal

    printed = "a|b|c|d\n赣州市|14800000||2023-05-10\n"
    assert differences(printed, ["a", "b", "c", "d"],
                       [("赣州市", Decimal("14800000.0000"), None, dt.date(2023, 5, 10))]) == []
    assert differences(printed, ["a", "b", "c", "d"],
                       [("赣州市", 14800001, None, dt.date(2023, 5, 10))])
    assert differences(printed, ["a", "b", "c", "d"], [("赣州", 14800000, None, "2023-05-10")])
    assert differences(printed, ["a", "b", "c", "x"], [("赣州市", 14800000, None, "2023-05-10")])
    assert differences(printed, ["a", "b", "c", "d"], [])


def test_schema_diagram_is_drawn_from_the_models() -> None:
    text_now = SCHEMA.read_text(encoding="utf-8")
    assert text_now == schema_markdown(), f"docs/schema.md is stale: run {UPDATE}"
    assert "documents ||--o| fund_notices" in text_now
    assert "allocation_values {" in text_now


@pytest.mark.slow
@needs_shell
def test_first_queries_after_make_demo(tmp_path: Path) -> None:
    """As a new user: `make demo` ingests every sample into notices.db, then the guide's
    first queries pasted into sqlite3 print what the guide shows.  (The held-out
    samples/blind/ split is never parsed by tests.)"""
    pdfs = [str(p.relative_to(ROOT)) for p in files("notice.pdf", SAMPLES)]
    db_file = tmp_path / "notices.db"
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "ingest", *pdfs, "--db", f"sqlite:///{db_file}",
         "--workers", "1"], cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    for example in EXAMPLES[:FIRST]:
        assert run_shell(db_file, example.sql) == example.output, example.sql
