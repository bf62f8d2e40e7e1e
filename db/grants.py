"""A PostgreSQL login role for auditors: reads every table and view, never writes.

    grant_readonly(engine, "auditor")                 -> GrantReport
    grant_readonly(engine, "auditor", password="…")  # sets (or changes) its password

What it does, in one transaction, in the schema the notices live in
(``current_schema()`` of the connection, where the migrations put them):

- ``CREATE ROLE … LOGIN`` if missing, else ``ALTER ROLE … LOGIN``; either way
  ``NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`` and
  ``default_transaction_read_only = on`` (a second fence, not the first);
- ``CONNECT`` on the database, ``USAGE`` (not ``CREATE``) on the schema;
- ``SELECT`` on every table and view there, after revoking every other
  privilege a previous grant may have left (INSERT, UPDATE, DELETE,
  TRUNCATE, REFERENCES, TRIGGER);
- ``ALTER DEFAULT PRIVILEGES FOR ROLE <the role running this>``: tables and
  views that role creates later (the next migrations: run them as the same
  role) are readable by the auditor too, and nothing more.

On PostgreSQL before 15 every role may create tables in ``public`` through
``PUBLIC``; a role of its own cannot take that away, so the report says so
(``REVOKE CREATE ON SCHEMA public FROM PUBLIC`` closes it for everyone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, String, text

from pipeline.core.errors import NoticesError

__all__ = ["GrantReport", "grant_readonly"]

_ROLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
_WRITE_PRIVILEGES = "INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER"


class GrantError(NoticesError):
    """The role cannot be set up (not PostgreSQL, a bad name, no right to do it)."""


@dataclass(frozen=True, slots=True)
class GrantReport:
    role: str
    created: bool  # False: an existing role was updated
    database: str
    schema: str
    owner: str  # default privileges follow the objects this role creates
    relations: int  # tables and views the role can now read
    warnings: tuple[str, ...] = ()


def _quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def grant_readonly(engine: Engine, role: str, *, password: str | None = None) -> GrantReport:
    """Create or update ``role`` as a read-only login on this database (PostgreSQL only)."""
    if engine.dialect.name != "postgresql":
        raise GrantError(
            f"grant-readonly needs PostgreSQL (this database is {engine.dialect.name}); "
            "SQLite has no roles: give auditors a copy, or `sqlite3 -readonly notices.db`"
        )
    if not _ROLE.match(role):
        raise GrantError(f"role name {role!r}: letters, digits and _ only, not starting "
                         "with a digit, at most 63 characters")
    with engine.begin() as conn:
        database, schema, owner = conn.execute(
            text("SELECT current_database(), current_schema(), current_user")).one()
        if schema is None:
            raise GrantError("no schema on the search_path: nothing to grant")
        if role == owner:
            raise GrantError(f"{role} is the role that owns the notices; choose another name")
        exists = conn.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is not None
        r, s, d, o = (_quote(conn, x) for x in (role, schema, database, owner))
        attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
        conn.execute(text(f"{'ALTER' if exists else 'CREATE'} ROLE {r} {attributes}"))
        if password is not None:
            # ALTER ROLE takes no bind parameters: a quoted literal, never logged
            quote = String().literal_processor(conn.dialect)  # type: ignore[no-untyped-call]
            assert quote is not None
            conn.execute(text(f"ALTER ROLE {r} PASSWORD {quote(password)}".replace(":", r"\:")))
        for statement in (
            f"ALTER ROLE {r} SET default_transaction_read_only = on",
            f"GRANT CONNECT ON DATABASE {d} TO {r}",
            f"REVOKE CREATE ON SCHEMA {s} FROM {r}",
            f"GRANT USAGE ON SCHEMA {s} TO {r}",
            f"REVOKE {_WRITE_PRIVILEGES} ON ALL TABLES IN SCHEMA {s} FROM {r}",
            f"GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {r}",
            f"REVOKE USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA {s} FROM {r}",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {s} "
            f"REVOKE {_WRITE_PRIVILEGES} ON TABLES FROM {r}",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {s} GRANT SELECT ON TABLES TO {r}",
        ):
            conn.execute(text(statement))
        relations = conn.execute(text(
            "SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = :s AND c.relkind IN ('r', 'v', 'm', 'p')"
            " AND has_table_privilege(:r, c.oid, 'SELECT')"), {"s": schema, "r": role}).scalar_one()
        public_create = conn.execute(text(
            "SELECT has_schema_privilege('public', :s, 'CREATE')"), {"s": schema}).scalar()
    warnings: tuple[str, ...] = ()
    if public_create:
        warnings = (f"every role (PUBLIC) may create objects in schema {schema}, {role} too; "
                    f"close it with: REVOKE CREATE ON SCHEMA {s} FROM PUBLIC",)
    return GrantReport(role, not exists, database, schema, owner, int(relations), warnings)
