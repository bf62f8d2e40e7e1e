"""The auditor views: the stable SQL interface (identical on SQLite and PostgreSQL).

v_notices, v_allocations, v_indicators and v_flags are the contract's;
v_references (who cites whom) is an extra.  Contract columns come first in
the order CONTRACT.md lists them; the extra
columns after them (document_id, provenance, …) may grow but never change
meaning.  Plain SQL-92 plus a scalar subquery with LIMIT, which both
databases accept.  Documented with example queries in docs/sql.md.

Revision ID: 0002_views
Revises: 0001_tables
"""

from __future__ import annotations

from alembic import op

revision = "0002_views"
down_revision = "0001_tables"
branch_labels = None
depends_on = None

FIRST_FILE = (
    "(SELECT sf.file_name FROM source_files sf WHERE sf.document_id = d.id"
    " ORDER BY sf.id LIMIT 1)"
)

VIEWS: dict[str, str] = {
    "v_notices": f"""
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
""",
    "v_allocations": """
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
""",
    "v_indicators": """
SELECT
    d.doc_number, t.region, i.level1, i.level2, i.name, i."value", i.op,
    i."number", i.unit, i.period,
    i.level1_as_printed, i.level2_as_printed, t.project, t.kind AS table_kind,
    t.year, t.region_as_printed, i.deadline_days, i.page, i.confidence,
    d.id AS document_id
FROM indicators i
JOIN target_tables t ON t.id = i.target_table_id
JOIN documents d ON d.id = i.document_id
""",
    "v_references": """
SELECT
    d.doc_number, r.doc_number AS cited_doc_number, r.title AS cited_title, r.page,
    (SELECT MIN(u.id) FROM documents u WHERE u.doc_number = r.doc_number)
        AS cited_document_id,
    r.position AS reference_index, d.id AS document_id
FROM doc_references r
JOIN documents d ON d.id = r.document_id
""",
    "v_flags": f"""
SELECT
    d.doc_number, f.code, f.severity, f.message, f.page,
    f.subject, f.expected, f.actual, f.origin,
    {FIRST_FILE} AS source_file,
    d.id AS document_id
FROM flags f
JOIN documents d ON d.id = f.document_id
""",
}


def upgrade() -> None:
    for name, sql in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {sql.strip()}")


def downgrade() -> None:
    for name in reversed(VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {name}")
