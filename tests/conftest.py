"""Shared fixtures: ``db_url`` / ``db_engine`` for the db tests.

Both are parametrised over SQLite and PostgreSQL; the PostgreSQL case needs
``$NOTICES_TEST_PG_URL`` (``export NOTICES_TEST_PG_URL=$(scripts/pg.sh)``) and
runs in a schema of its own that is dropped afterwards, so tests can run in
parallel. Builders of small notices are in tests/db_helpers.py.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import Engine, create_engine, text

from db.store import connect

# CI (.ci/run sets HYPOTHESIS_PROFILE=ci) draws the same examples on every run, so a red build
# is reproducible and never a new random draw; local runs keep exploring (the default profile).
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

PG_ENV = "NOTICES_TEST_PG_URL"
PG_SKIP = (
    f"${PG_ENV} is not set: start a server with `export {PG_ENV}=$(scripts/pg.sh)` "
    "to run the PostgreSQL variant"
)
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _pg_schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


@contextmanager
def pg_schema_urls(base: str, count: int = 1) -> Iterator[list[str]]:
    """``count`` fresh schemas on the server at ``base``: their URLs; dropped afterwards."""
    names = [f"t_{uuid.uuid4().hex[:12]}" for _ in range(count)]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f"CREATE SCHEMA {name}"))
    try:
        yield [_pg_schema_url(base, name) for name in names]
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f"DROP SCHEMA {name} CASCADE"))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/notices.db"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(PG_SKIP)
    with pg_schema_urls(base) as (url,):
        yield url


@pytest.fixture
def db_engine(db_url: str) -> Iterator[Engine]:
    """A migrated database (``db.store.connect``) on each backend."""
    engine = connect(db_url)
    try:
        yield engine
    finally:
        engine.dispose()
