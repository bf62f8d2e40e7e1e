"""Reviewers' corrections, reviewers and the review page's secret (issue 14).

corrections: one row per (document, field path) with who, when, reason, the
value as parsed, the corrected value and a status (applied, confirmed,
conflict).  users: reviewers (argon2 hashes).  app_secrets: the session
key, generated on first use.  v_allocations shows a corrected amount where a
correction applies, with ``corrected`` and ``value_as_parsed`` (the amount
the parser read) and ``correction_status``, appended after its old columns.

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


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_allocations")
    op.execute(f"CREATE VIEW v_allocations AS {OLD_ALLOCATIONS.strip()}")
    op.drop_table("app_secrets")
    op.drop_table("users")
    op.drop_index(op.f("ix_corrections_document_id"), table_name="corrections")
    op.drop_table("corrections")
