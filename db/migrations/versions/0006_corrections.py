"""Reviewers' corrections, reviewers and the review page's secret (issue 14).

corrections: one row per (document, field path) with who, when, reason, the
value as parsed, the corrected value and a status (applied, confirmed,
conflict).  users: reviewers (argon2 hashes).  app_secrets: the session
key, generated on first use.  v_allocations shows a corrected amount where a
correction applies, with ``corrected`` and ``value_as_parsed`` (the amount
the parser read) and ``correction_status``, appended after its old columns;
v_notices shows a corrected 文号, title or 主送 (field paths ``doc_number``,
``title``, ``recipients``) with ``corrected`` and ``value_as_parsed`` (the
parsed value of the first corrected of those, in that order); v_indicators
shows a corrected 指标值 (``target_tables[T].indicators[I].value``; ``op``,
``number`` and ``unit`` stay as parsed) with the same three columns.

Revision ID: 0006_corrections
Revises: 0004_raw_tables
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_corrections"
down_revision = "0004_raw_tables"
branch_labels = None
depends_on = None

OLD_ALLOCATIONS = """
SELECT
    d.doc_number, t.title AS table_title, v.region, v.region_as_printed,
    c.name AS column_name, v.amount, v.unit, v.amount_yuan,
    v.is_total, v.region_code, t.attachment, t.position AS table_index,
    v.row_index, c.position AS column_index, v.notes, v.page, v.confidence,
    d.issue_date, d.id AS document_id
FROM allocation_values v
JOIN allocation_tables t ON t.id = v.table_id
JOIN documents d ON d.id = v.document_id
LEFT JOIN allocation_columns c ON c.id = v.column_id
"""

FIRST_FILE = (
    "(SELECT sf.file_name FROM source_files sf WHERE sf.document_id = d.id"
    " ORDER BY sf.id LIMIT 1)"
)
OLD_NOTICES = f"""
SELECT
    d.doc_number, d.issuers, d.title, d.recipients, d.issue_date,
    {FIRST_FILE} AS source_file,
    d.sha256, d.pages, d.text_source,
    d.id AS document_id,
    d.doc_number_as_printed, d.print_date, d.printed_by, d.signatories, d.cc,
    d.annotation,
    (SELECT COUNT(*) FROM source_files sf WHERE sf.document_id = d.id) AS file_count,
    d.parser_version, d.rules_version, d.engine_name, d.engine_version, d.updated_at
FROM documents d
"""
# notice-level text fields a correction may change in v_notices (field path = column name)
NOTICE_FIELDS = ("doc_number", "title", "recipients")


def _notice_column(name: str) -> str:
    return f"CASE WHEN k_{name}.id IS NOT NULL THEN k_{name}.corrected_value ELSE d.{name} END"


def _notice_join(name: str) -> str:
    return (f"LEFT JOIN corrections k_{name} ON k_{name}.document_id = d.id"
            f" AND k_{name}.field_path = '{name}' AND k_{name}.status = 'applied'")


NOTICES = f"""
SELECT
    {_notice_column("doc_number")} AS doc_number, d.issuers,
    {_notice_column("title")} AS title, {_notice_column("recipients")} AS recipients,
    d.issue_date,
    {FIRST_FILE} AS source_file,
    d.sha256, d.pages, d.text_source,
    d.id AS document_id,
    d.doc_number_as_printed, d.print_date, d.printed_by, d.signatories, d.cc,
    d.annotation,
    (SELECT COUNT(*) FROM source_files sf WHERE sf.document_id = d.id) AS file_count,
    d.parser_version, d.rules_version, d.engine_name, d.engine_version, d.updated_at,
    CASE WHEN {" OR ".join(f"k_{n}.id IS NOT NULL" for n in NOTICE_FIELDS)}
         THEN TRUE ELSE FALSE END AS corrected,
    CASE {" ".join(f"WHEN k_{n}.id IS NOT NULL THEN d.{n}" for n in NOTICE_FIELDS)}
         END AS value_as_parsed
FROM documents d
{chr(10).join(_notice_join(n) for n in NOTICE_FIELDS)}
"""

OLD_INDICATORS = """
SELECT
    d.doc_number, t.region, i.level1, i.level2, i.name, i."value", i.op,
    i."number", i.unit, i.period,
    i.level1_as_printed, i.level2_as_printed, t.project, t.kind AS table_kind,
    t.year, t.region_as_printed, i.deadline_days, i.page, i.confidence,
    d.id AS document_id
FROM indicators i
JOIN target_tables t ON t.id = i.target_table_id
JOIN documents d ON d.id = i.document_id
"""
INDICATOR_PATH = (
    "'target_tables[' || CAST(t.position AS VARCHAR(10)) || '].indicators['"
    " || CAST(i.position AS VARCHAR(10)) || '].value'"
)
INDICATORS = f"""
SELECT
    d.doc_number, t.region, i.level1, i.level2, i.name,
    CASE WHEN k.status = 'applied' THEN k.corrected_value ELSE i."value" END AS "value",
    i.op, i."number", i.unit, i.period,
    i.level1_as_printed, i.level2_as_printed, t.project, t.kind AS table_kind,
    t.year, t.region_as_printed, i.deadline_days, i.page, i.confidence,
    d.id AS document_id,
    CASE WHEN k.status = 'applied' THEN TRUE ELSE FALSE END AS corrected,
    i."value" AS value_as_parsed,
    k.status AS correction_status
FROM indicators i
JOIN target_tables t ON t.id = i.target_table_id
JOIN documents d ON d.id = i.document_id
LEFT JOIN corrections k ON k.document_id = i.document_id AND k.field_path = {INDICATOR_PATH}
"""

APPLIED = "k.status = 'applied'"
ALLOCATIONS = f"""
SELECT
    d.doc_number, t.title AS table_title, v.region, v.region_as_printed,
    c.name AS column_name,
    CASE WHEN {APPLIED} THEN k.corrected_amount ELSE v.amount END AS amount,
    v.unit,
    CASE WHEN {APPLIED} THEN k.corrected_yuan ELSE v.amount_yuan END AS amount_yuan,
    v.is_total, v.region_code, t.attachment, t.position AS table_index,
    v.row_index, c.position AS column_index, v.notes, v.page, v.confidence,
    d.issue_date, d.id AS document_id,
    CASE WHEN {APPLIED} THEN TRUE ELSE FALSE END AS corrected,
    v.amount AS value_as_parsed,
    k.status AS correction_status
FROM allocation_values v
JOIN allocation_tables t ON t.id = v.table_id
JOIN documents d ON d.id = v.document_id
LEFT JOIN allocation_columns c ON c.id = v.column_id
LEFT JOIN corrections k
  ON k.document_id = v.document_id AND k.table_index = t.position
 AND k.row_index = v.row_index AND k.column_index = c.position
"""


def upgrade() -> None:
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("field_path", sa.Text(), nullable=False),
        sa.Column("table_index", sa.Integer(), nullable=True),
        sa.Column("row_index", sa.Integer(), nullable=True),
        sa.Column("column_index", sa.Integer(), nullable=True),
        sa.Column("value_as_parsed", sa.Text(), nullable=True),
        sa.Column("corrected_value", sa.Text(), nullable=False),
        sa.Column("corrected_amount", sa.Numeric(), nullable=True),
        sa.Column("corrected_yuan", sa.Numeric(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("parsed_now", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"],
            name=op.f("fk_corrections_document_id_documents"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections")),
        sa.UniqueConstraint("document_id", "field_path",
                            name=op.f("uq_corrections_document_id")),
    )
    op.create_index(op.f("ix_corrections_document_id"), "corrections", ["document_id"])
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "app_secrets",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("secret", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_app_secrets")),
    )
    op.execute("DROP VIEW IF EXISTS v_allocations")
    op.execute(f"CREATE VIEW v_allocations AS {ALLOCATIONS.strip()}")
    op.execute("DROP VIEW IF EXISTS v_notices")
    op.execute(f"CREATE VIEW v_notices AS {NOTICES.strip()}")
    op.execute("DROP VIEW IF EXISTS v_indicators")
    op.execute(f"CREATE VIEW v_indicators AS {INDICATORS.strip()}")


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_indicators")
    op.execute(f"CREATE VIEW v_indicators AS {OLD_INDICATORS.strip()}")
    op.execute("DROP VIEW IF EXISTS v_notices")
    op.execute(f"CREATE VIEW v_notices AS {OLD_NOTICES.strip()}")
    op.execute("DROP VIEW IF EXISTS v_allocations")
    op.execute(f"CREATE VIEW v_allocations AS {OLD_ALLOCATIONS.strip()}")
    op.drop_table("app_secrets")
    op.drop_table("users")
    op.drop_index(op.f("ix_corrections_document_id"), table_name="corrections")
    op.drop_table("corrections")
