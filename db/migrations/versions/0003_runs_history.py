"""Runs, failures, claims and notice versions (issue 12).

runs / failures: what each ingest or reparse did (db/runs.py);
claims: files being parsed by an ingester, with a lease (db/claims.py);
notice_versions: every rendered JSON a document has had (db/history.py),
seeded with the version each stored document holds now.

Revision ID: 0003_runs_history
Revises: 0002_views
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_runs_history"
down_revision = "0002_views"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("started", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended", sa.DateTime(timezone=True), nullable=True),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("parser_version", sa.String(length=50), nullable=True),
        sa.Column("engine", sa.String(length=100), nullable=True),
        sa.Column("command", sa.Text(), nullable=True),
        sa.Column("seen", sa.Integer(), nullable=False),
        sa.Column("stored", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("exit_code", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
    )
    op.create_index(op.f("ix_runs_started"), "runs", ["started"])

    op.create_table(
        "failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_failures_run_id_runs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failures")),
    )
    op.create_index(op.f("ix_failures_run_id"), "failures", ["run_id"])

    op.create_table(
        "claims",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file", sa.Text(), nullable=True),
        sa.Column("holder", sa.String(length=100), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_claims")),
    )
    op.create_index(op.f("ix_claims_holder"), "claims", ["holder"])

    op.create_table(
        "notice_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("parser_version", sa.String(length=50), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rendered_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"],
            name=op.f("fk_notice_versions_document_id_documents"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_notice_versions_run_id_runs"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_versions")),
    )
    op.create_index(op.f("ix_notice_versions_document_id"), "notice_versions", ["document_id"])
    op.execute(
        "INSERT INTO notice_versions (document_id, run_id, parser_version, created_at, rendered_json)"
        " SELECT id, NULL, parser_version, updated_at, rendered_json FROM documents"
        " WHERE rendered_json IS NOT NULL ORDER BY id"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_notice_versions_document_id"), table_name="notice_versions")
    op.drop_table("notice_versions")
    op.drop_index(op.f("ix_claims_holder"), table_name="claims")
    op.drop_table("claims")
    op.drop_index(op.f("ix_failures_run_id"), table_name="failures")
    op.drop_table("failures")
    op.drop_index(op.f("ix_runs_started"), table_name="runs")
    op.drop_table("runs")
