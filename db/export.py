"""Write the auditor views as files: one CSV (UTF-8 with BOM, for Excel) or one
XLSX workbook with a sheet per view.

    export_views(engine, "xlsx", "out/")  ->  (Path("out/notices.xlsx"),)
    export_views(engine, "csv", "out/")   ->  (out/v_notices.csv, out/v_allocations.csv, …)

Money stays exact: Decimal amounts are written as their decimal text in CSV
and as numbers in XLSX.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Literal

import pandas as pd
from sqlalchemy import Engine, text

from db.values import plain

VIEWS = ("v_notices", "v_allocations", "v_indicators", "v_flags", "v_references")
Format = Literal["csv", "xlsx"]


def read_view(engine: Engine, view: str) -> pd.DataFrame:
    """One auditor view as a DataFrame (columns in view order)."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; expected one of {', '.join(VIEWS)}")
    with engine.connect() as conn:
        result = conn.execute(text(f"SELECT * FROM {view}"))
        columns = list(result.keys())
        rows = [tuple(_cell(c, v) for c, v in zip(columns, row, strict=True)) for row in result]
    # object dtype: an int column with a NULL must not turn into floats (3610 -> 3610.0)
    return pd.DataFrame(rows, columns=columns, dtype=object)


DATE_COLUMNS = frozenset({"issue_date", "print_date"})
BOOL_COLUMNS = frozenset({"is_total"})


def _cell(column: str, value: object) -> object:
    """The same cells from both databases: SQLite hands back NUMERIC as float,
    DATE as ISO text and booleans as 0/1; Excel has no time zones."""
    if value is None:
        return None
    if column in DATE_COLUMNS and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if column in BOOL_COLUMNS and isinstance(value, int):
        return bool(value)
    if isinstance(value, float):
        return plain(Decimal(repr(value)))
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def export_views(engine: Engine, fmt: Format, out_dir: str | Path) -> tuple[Path, ...]:
    """Write every auditor view to ``out_dir``; return the files written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    frames = {view: read_view(engine, view) for view in VIEWS}
    if fmt == "csv":
        paths = []
        for view, frame in frames.items():
            path = out / f"{view}.csv"
            frame.to_csv(path, index=False, encoding="utf-8-sig")
            paths.append(path)
        return tuple(paths)
    if fmt == "xlsx":
        path = out / "notices.xlsx"
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for view, frame in frames.items():
                frame.to_excel(writer, sheet_name=view, index=False)
        return (path,)
    raise ValueError(f"unknown export format {fmt!r}; expected csv or xlsx")
