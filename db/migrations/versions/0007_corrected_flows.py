"""v_fund_flow and v_region_ledger show reviewers' corrections, as the other views do.

An allocation amount a reviewer corrected (``corrections``, status ``applied``)
is the amount the two views follow and total; each row adds ``corrected``
(boolean) and ``value_as_parsed`` (the amount as parsed) after the columns
it had.  The matching of notices is unchanged (``0005_fund_flow``).

Revision ID: 0007_corrected_flows
Revises: 0006_corrections
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from alembic import op

revision = "0007_corrected_flows"
down_revision = "0006_corrections"
branch_labels = None
depends_on = None


def _fund_flow_migration() -> ModuleType:
    """``0005_fund_flow`` (its name starts with a digit: loaded from its file)."""
    spec = importlib.util.spec_from_file_location("_m0005_fund_flow", Path(__file__).with_name("0005_fund_flow.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


APPLIED = "k.status = 'applied'"
AMOUNT = f"CASE WHEN {APPLIED} THEN k.corrected_amount ELSE v.amount END"
AMOUNT_YUAN = f"CASE WHEN {APPLIED} THEN k.corrected_yuan ELSE v.amount_yuan END"


def received(best_column: str) -> str:
    """One row per allocation to a division, this batch's column, corrections applied."""
    return f"""
    SELECT v.id AS allocation_id, v.region, v.region_code,
           {AMOUNT} AS amount, v.unit, {AMOUNT_YUAN} AS amount_yuan,
           col.name AS column_name, v.page,
           d.id AS document_id, d.doc_number, d.issue_date,
           fn.fund, fn.year, fn.batch, fn.own_region,
           CASE WHEN {APPLIED} THEN TRUE ELSE FALSE END AS corrected,
           v.amount AS value_as_parsed
    FROM allocation_values v
    JOIN allocation_columns col ON col.id = v.column_id
    JOIN allocation_tables t ON t.id = v.table_id
    JOIN documents d ON d.id = v.document_id
    JOIN fund_notices fn ON fn.document_id = d.id
    LEFT JOIN corrections k
      ON k.document_id = v.document_id AND k.table_index = t.position
     AND k.row_index = v.row_index AND k.column_index = col.position
    WHERE v.is_total = FALSE AND v.region_code IS NOT NULL AND {AMOUNT} IS NOT NULL
      AND {best_column}
"""


EXTRA = ",\n    p.corrected, p.value_as_parsed"


def _recreate(views: dict[str, str]) -> None:
    for name in ("v_region_ledger", "v_fund_flow"):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    for name, sql in views.items():
        op.execute(f"CREATE VIEW {name} AS {sql.strip()}")


def upgrade() -> None:
    m = _fund_flow_migration()
    dialect = op.get_bind().dialect.name
    lag = m.LAG.get(dialect, m.LAG["postgresql"])
    inline = "" if dialect == "sqlite" else "NOT MATERIALIZED"
    rows = received(m.BEST_COLUMN)
    _recreate({
        "v_fund_flow": m.fund_flow_sql(lag, inline, received=rows, extra=EXTRA),
        "v_region_ledger": m.region_ledger_sql(received=rows, extra=EXTRA),
    })


def downgrade() -> None:
    _recreate(_fund_flow_migration().views(op.get_bind().dialect.name))
