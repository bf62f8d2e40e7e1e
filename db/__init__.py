"""Storage of parsed notices: SQLAlchemy 2 models, Alembic migrations, auditor views.

    db.store      connect(url) -> Engine (migrated); save_notice, replace_notice,
                  find_by_sha256, find_by_doc_number, record_file_name, list_flags
    db.checks     check_database(session, doc_ids) -> tuple[Flag, ...]
                  (REFERENCE_NOT_FOUND, DUPLICATE_DOC_NUMBER, CROSS_DOC_AMOUNT,
                  LATE_DISBURSEMENT; stored with origin 'database')
    db.export     export_views(engine, "csv" | "xlsx", out_dir)
    db.fund_flow  fund_notices rows (fund, year, batch, issuing division, total passed on)
                  behind v_fund_flow / v_region_ledger; db.fund_keys parses them (pure)
    db.grants     grant_readonly(engine, role): a PostgreSQL login that never writes
    db.migrate    upgrade(engine_or_url), downgrade, current_revision
    db.models     the tables (documents, source_files, allocation_values, …)
    db.values     units to yuan, printed precision, deadline parsing (pure)

SQLite by default (``sqlite:///notices.db``), PostgreSQL through psycopg 3
(``postgresql+psycopg://…``).  The views v_notices, v_allocations,
v_indicators, v_flags, v_fund_flow, v_region_ledger (and v_references) are the
stable SQL interface,
documented in docs/sql.md.
"""

from __future__ import annotations
