"""Run the Alembic migrations shipped in ``db/migrations`` (no alembic.ini needed).

    upgrade("sqlite:///notices.db")      # or an Engine
    current_revision(engine)             # "0002_views"
"""

from __future__ import annotations

import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _head() -> str:
    """The newest revision in ``db/migrations/versions``; with several heads (two
    migrations naming the same down_revision) a string no database is at, so
    the schema test fails instead of every import."""
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    heads = sorted(ScriptDirectory.from_config(cfg).get_heads())
    return heads[0] if len(heads) == 1 else "several heads: " + ", ".join(heads)


HEAD = _head()


def alembic_config() -> Config:
    """An in-memory Alembic config pointing at the packaged migrations."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    """Foreign keys on; a file database in WAL mode (readers never block the
    nightly writer, and a commit costs one fsync less; synchronous=NORMAL is
    crash-safe in WAL mode)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()
    if mode is not None and str(mode[0]).lower() not in {"memory", "wal"}:
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An Engine for ``url``; SQLite connections enforce foreign keys."""
    if url.startswith("sqlite") and (url.rstrip("/") in {"sqlite:", "sqlite+pysqlite:"}
                                     or ":memory:" in url):
        engine = create_engine(url, poolclass=StaticPool,
                               connect_args={"check_same_thread": False})
    elif url.startswith("sqlite"):
        # several processes on one file (two ingesters): wait for a writer up to 30 s
        engine = create_engine(url, connect_args={"timeout": 30})
    else:
        engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def upgrade(engine_or_url: Engine | str, revision: str = "head") -> None:
    """Bring the database up to ``revision`` (default: the newest)."""
    engine = make_engine(engine_or_url) if isinstance(engine_or_url, str) else engine_or_url
    cfg = alembic_config()
    for attempt in range(1, 6):
        try:
            with engine.begin() as conn:
                if conn.dialect.name == "postgresql":
                    # two processes started at once on a new database (two ingesters, two
                    # machines): the second waits here, then finds the schema at head
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
            break
        except OperationalError:
            # SQLite: another process created the tables first ("already exists",
            # "locked"); its migration is one transaction, so try again after it
            if engine.dialect.name != "sqlite" or attempt == 5:
                raise
            time.sleep(0.5 * attempt)
    if isinstance(engine_or_url, str):
        engine.dispose()


MIGRATION_LOCK = 0x6E6F7469  # "noti": the advisory lock key of schema upgrades


def downgrade(engine_or_url: Engine | str, revision: str) -> None:
    """Step the database back to ``revision`` ("base" drops everything)."""
    engine = make_engine(engine_or_url) if isinstance(engine_or_url, str) else engine_or_url
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
    if isinstance(engine_or_url, str):
        engine.dispose()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
