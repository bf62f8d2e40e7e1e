"""`notices` for analysts in Python: the auditor views as pandas DataFrames.

    import notices
    flow = notices.read_view("v_fund_flow", db="postgresql+psycopg://auditor@host/notices")
    flow[flow.match_rule == "not_in_database"]
    flow.allocated_yuan.sum()          # Decimal('52000000'), exact

Dtypes, the same from SQLite and PostgreSQL:

- money and other exact decimals (``amount``, ``*_yuan``, ``allocated``,
  ``passed_on``, ``number``): ``object`` columns of ``decimal.Decimal``
  (``None`` where empty), never float: sums stay exact;
- dates (``issue_date``, ``print_date``, ``from_date``, ``to_date``):
  ``datetime64[ns]``; timestamps (``updated_at``): ``datetime64[ns, UTC]``;
- booleans (``is_total``): pandas ``boolean``; whole numbers (``year``,
  ``lag_days``, ``page`` …): ``Int64``; other numbers (``confidence``):
  ``Float64``; text: ``string``.  Missing values are ``<NA>`` / ``NaT``.

``db`` is any SQLAlchemy URL or an Engine; without it ``$NOTICES_DB``, else
``sqlite:///notices.db`` (as the command line).  Nothing is written: the
database is read as it is (run ``notices ingest`` or ``db.store.connect``
to create or migrate it).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
from sqlalchemy import Engine

from db.export import BOOL_COLUMNS, DATE_COLUMNS, VIEWS, is_money, view_rows
from db.migrate import make_engine
from db.store import resolve_url

__all__ = ["VIEWS", "read_view"]

INT_COLUMNS = frozenset({"year", "lag_days", "page", "pages", "from_page", "attachment",
                         "deadline_days", "file_count", "row_index", "column_index"})
FLOAT_COLUMNS = frozenset({"confidence"})
TIMESTAMP_COLUMNS = frozenset({"updated_at", "created_at"})


def read_view(name: str, db: str | Engine | None = None) -> pd.DataFrame:
    """The auditor view ``name`` (``v_fund_flow``, ``v_allocations`` …) as a typed DataFrame."""
    engine = db if isinstance(db, Engine) else make_engine(resolve_url(db))
    try:
        columns, rows = view_rows(engine, name)
        data = list(rows)
    finally:
        if not isinstance(db, Engine):
            engine.dispose()
    frame = pd.DataFrame(data, columns=columns, dtype=object)
    for column in columns:
        frame[column] = _typed(column, frame[column])
    return frame


def _typed(column: str, values: pd.Series) -> pd.Series:
    present = [v for v in values if v is not None]
    if column in TIMESTAMP_COLUMNS:
        return pd.to_datetime(values, utc=True).astype("datetime64[ns, UTC]")
    if column in INT_COLUMNS or column.endswith(("_id", "_index")):
        return values.astype("Int64")
    if column in FLOAT_COLUMNS:
        return values.map(lambda v: None if v is None else float(v)).astype("Float64")
    if is_money(column) or any(isinstance(v, Decimal) for v in present):
        return pd.Series([v if v is None or isinstance(v, Decimal) else Decimal(str(v))
                          for v in values], index=values.index, dtype=object, name=column)
    if column in DATE_COLUMNS or (present and all(
            isinstance(v, dt.date) and not isinstance(v, dt.datetime) for v in present)):
        return pd.to_datetime(values, errors="coerce").astype("datetime64[ns]")
    if present and all(isinstance(v, dt.datetime) for v in present):
        return pd.to_datetime(values, utc=True).astype("datetime64[ns, UTC]")
    if column in BOOL_COLUMNS or (present and all(isinstance(v, bool) for v in present)):
        return values.astype("boolean")
    if present and all(isinstance(v, int) for v in present):
        return values.astype("Int64")
    if present and all(isinstance(v, int | float) for v in present):
        return values.astype("Float64")
    if all(isinstance(v, str) for v in present):
        return values.astype("string")
    return values
