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
        rows = [tuple(_cell(v) for v in row) for row in result]
    # object dtype: an int column with a NULL must not turn into floats (3610 -> 3610.0)
    return pd.DataFrame(rows, columns=columns, dtype=object)


def _cell(value: object) -> object:
    """Exact numbers (SQLite hands back NUMERIC as float); Excel has no time zones."""
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
