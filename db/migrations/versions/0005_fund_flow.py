"""Follow the money across levels: table fund_notices, views v_fund_flow and v_region_ledger.

``fund_notices`` holds per notice the fund, year and batch, the issuing
division and the total passed on (computed by ``db.fund_flow``; filled here
for the notices already stored).  The views match a parent's allocation
rows with the onward notices (see ``db/fund_flow.py``) and are the same on
both databases except the date difference (``julianday`` on SQLite, date
subtraction on PostgreSQL).  Columns: the contract's first, extras after.

Revision ID: 0005_fund_flow
Revises: 0003_runs_history
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0005_fund_flow"
down_revision = "0003_runs_history"
branch_labels = None
depends_on = None

# The allocation column that says what this notice gives: 此次/本次/本批下达, else the first.
# Written as "no better column in the table" (an anti-join the planner can estimate, not a
# correlated LIMIT 1 subquery).
def _rank(c: str) -> str:
    return (f"CASE WHEN {c}.name LIKE '%此次%' OR {c}.name LIKE '%本次%' "
            f"OR {c}.name LIKE '%本批%' THEN 0 ELSE 1 END")


BEST_COLUMN = f"""NOT EXISTS (
        SELECT 1 FROM allocation_columns o
        WHERE o.table_id = col.table_id
          AND ({_rank("o")} < {_rank("col")}
               OR ({_rank("o")} = {_rank("col")} AND o.position < col.position)))"""

# One row per allocation of a notice to an administrative division, this batch's column.
RECEIVED = f"""
    SELECT v.id AS allocation_id, v.region, v.region_code, v.amount, v.unit, v.amount_yuan,
           col.name AS column_name, v.page,
           d.id AS document_id, d.doc_number, d.issue_date,
           fn.fund, fn.year, fn.batch, fn.own_region
    FROM allocation_values v
    JOIN allocation_columns col ON col.id = v.column_id
    JOIN documents d ON d.id = v.document_id
    JOIN fund_notices fn ON fn.document_id = d.id
    WHERE v.is_total = FALSE AND v.region_code IS NOT NULL AND v.amount IS NOT NULL
      AND {BEST_COLUMN}
"""


def fund_flow_sql(lag: str, inline: str = "", received: str = RECEIVED, extra: str = "") -> str:
    """The onward notices: every candidate (by reference: priority 1; by fund, year and
    batch: 2), the best priority kept per allocation (a window, not an anti-join: the
    planner misjudges the fund join's size and an anti-join over it became a quadratic
    nested loop).  ``inline``: ``NOT MATERIALIZED`` on PostgreSQL, so that each CTE is
    planned with the statistics of its tables.  ``received``/``extra``: a later migration's
    allocation rows (corrected amounts) and the columns it appends."""
    return f"""
WITH received AS {inline} ({received}),
candidates AS {inline} (
    SELECT DISTINCT p.allocation_id, r.document_id AS to_document_id, 1 AS priority,
           'reference' AS match_rule
    FROM received p
    JOIN doc_references r ON r.doc_number = p.doc_number
    JOIN fund_notices fc ON fc.document_id = r.document_id
    WHERE fc.own_region_code = p.region_code AND r.document_id <> p.document_id
    UNION ALL
    SELECT p.allocation_id, fc.document_id AS to_document_id, 2 AS priority,
           'fund_year_batch' AS match_rule
    FROM received p
    JOIN fund_notices fc
      ON fc.fund = p.fund AND fc.year = p.year
     AND COALESCE(fc.batch, '') = COALESCE(p.batch, '') AND fc.own_region_code = p.region_code
    JOIN documents c ON c.id = fc.document_id
    WHERE c.id <> p.document_id
      AND (c.issue_date IS NULL OR p.issue_date IS NULL OR c.issue_date >= p.issue_date)
),
ranked AS {inline} (
    SELECT allocation_id, to_document_id, priority, match_rule,
           MIN(priority) OVER (PARTITION BY allocation_id) AS best
    FROM candidates
),
links AS {inline} (
    SELECT allocation_id, to_document_id, match_rule FROM ranked WHERE priority = best
)
SELECT
    p.fund, p.year, p.batch, p.doc_number AS from_doc_number, p.own_region AS from_region,
    p.region AS to_region, p.amount_yuan AS allocated_yuan,
    c.doc_number AS to_doc_number, fc.passed_on_yuan,
    fc.passed_on_yuan - p.amount_yuan AS difference_yuan,
    p.issue_date AS from_date, c.issue_date AS to_date,
    {lag} AS lag_days,
    COALESCE(l.match_rule, 'not_in_database') AS match_rule,
    p.region_code AS to_region_code, p.amount AS allocated, p.unit AS allocated_unit,
    p.column_name, p.page AS from_page, fc.passed_on, fc.passed_on_unit, fc.passed_on_source,
    p.document_id AS from_document_id, c.id AS to_document_id, p.allocation_id{extra}
FROM received p
LEFT JOIN links l ON l.allocation_id = p.allocation_id
LEFT JOIN documents c ON c.id = l.to_document_id
LEFT JOIN fund_notices fc ON fc.document_id = c.id
"""


def region_ledger_sql(received: str = RECEIVED, extra: str = "") -> str:
    return f"""
WITH received AS ({received})
SELECT
    p.region, p.fund, p.year, p.doc_number, p.issue_date, p.amount_yuan,
    SUM(p.amount_yuan) OVER (
        PARTITION BY p.region_code, p.fund, p.year
        ORDER BY CASE WHEN p.issue_date IS NULL THEN 1 ELSE 0 END, p.issue_date,
                 p.doc_number, p.allocation_id
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS running_total_yuan,
    p.batch, p.own_region AS from_region, p.amount, p.unit, p.column_name,
    p.region_code, p.page, p.document_id, p.allocation_id{extra}
FROM received p
WHERE p.amount_yuan IS NOT NULL
"""


REGION_LEDGER = region_ledger_sql()

LAG = {
    "sqlite": "CAST(julianday(c.issue_date) - julianday(p.issue_date) AS INTEGER)",
    "postgresql": "(c.issue_date - p.issue_date)",
}


def views(dialect: str) -> dict[str, str]:
    lag = LAG.get(dialect, LAG["postgresql"])
    inline = "" if dialect == "sqlite" else "NOT MATERIALIZED"
    return {"v_fund_flow": fund_flow_sql(lag, inline), "v_region_ledger": REGION_LEDGER}


def upgrade() -> None:
    op.create_table(
        "fund_notices",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("fund", sa.Text(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("batch", sa.Text(), nullable=True),
        sa.Column("own_region", sa.Text(), nullable=True),
        sa.Column("own_region_code", sa.Text(), nullable=True),
        sa.Column("passed_on", sa.Numeric(), nullable=True),
        sa.Column("passed_on_unit", sa.Text(), nullable=True),
        sa.Column("passed_on_yuan", sa.Numeric(), nullable=True),
        sa.Column("passed_on_source", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"],
            name=op.f("fk_fund_notices_document_id_documents"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_fund_notices")),
    )
    op.create_index(op.f("ix_fund_notices_own_region_code"), "fund_notices", ["own_region_code"])
    bind = op.get_bind()
    _backfill(bind)
    for name, sql in views(bind.dialect.name).items():
        op.execute(f"CREATE VIEW {name} AS {sql.strip()}")


def _backfill(bind: sa.Connection) -> None:
    """The notices stored before this migration get their row."""
    from db.fund_flow import refresh_fund_notices

    ids = [row[0] for row in bind.execute(sa.text("SELECT id FROM documents"))]
    if ids:
        with Session(bind=bind) as session:
            refresh_fund_notices(session, ids)
            session.flush()


def downgrade() -> None:
    for name in ("v_region_ledger", "v_fund_flow"):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    op.drop_index(op.f("ix_fund_notices_own_region_code"), table_name="fund_notices")
    op.drop_table("fund_notices")
