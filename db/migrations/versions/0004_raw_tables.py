"""Raw tables: tables the parsers could not understand, kept as printed (issue 10).

raw_tables: one row per table (attachment, title, page, pages, grid size, reason);
raw_table_cells: each cell with grid position, spans, text and provenance.

Revision ID: 0004_raw_tables
Revises: 0005_fund_flow
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_raw_tables"
down_revision = "0005_fund_flow"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "raw_tables",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("attachment", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("pages", sa.Text(), nullable=False),
        sa.Column("n_rows", sa.Integer(), nullable=False),
        sa.Column("n_cols", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"],
            name=op.f("fk_raw_tables_document_id_documents"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_raw_tables")),
    )
    op.create_index(op.f("ix_raw_tables_document_id"), "raw_tables", ["document_id"])
    op.create_table(
        "raw_table_cells",
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("bbox_x0", sa.Float(), nullable=True),
        sa.Column("bbox_top", sa.Float(), nullable=True),
        sa.Column("bbox_x1", sa.Float(), nullable=True),
        sa.Column("bbox_bottom", sa.Float(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("raw_table_id", sa.Integer(), nullable=False),
        sa.Column("grid_row", sa.Integer(), nullable=False),
        sa.Column("grid_col", sa.Integer(), nullable=False),
        sa.Column("rowspan", sa.Integer(), nullable=False),
        sa.Column("colspan", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"],
            name=op.f("fk_raw_table_cells_document_id_documents"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["raw_table_id"], ["raw_tables.id"],
            name=op.f("fk_raw_table_cells_raw_table_id_raw_tables"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_raw_table_cells")),
    )
    op.create_index(op.f("ix_raw_table_cells_document_id"), "raw_table_cells", ["document_id"])
    op.create_index(op.f("ix_raw_table_cells_raw_table_id"), "raw_table_cells", ["raw_table_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_raw_table_cells_raw_table_id"), table_name="raw_table_cells")
    op.drop_index(op.f("ix_raw_table_cells_document_id"), table_name="raw_table_cells")
    op.drop_table("raw_table_cells")
    op.drop_index(op.f("ix_raw_tables_document_id"), table_name="raw_tables")
    op.drop_table("raw_tables")
