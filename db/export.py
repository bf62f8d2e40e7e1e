"""Write the auditor views as files an auditor opens in Excel or LibreOffice.

    export_views(engine, "xlsx", "out/")  ->  (Path("out/notices.xlsx"),)
    export_views(engine, "csv", "out/")   ->  (out/v_notices.csv, out/v_allocations.csv, …)

XLSX: one sheet per view; the header row frozen and an autofilter over the
data; money as numbers (not text) with a number format showing the digits
the value has (``3,610``, ``9.2128``, ``-125,000``), dates as dates
(``yyyy-mm-dd``), booleans as TRUE/FALSE; Chinese text as is.  Rows are
streamed (openpyxl write-only), so a large database does not sit in memory
twice.

CSV: UTF-8 with a BOM (Excel reads the Chinese text), money as its exact
decimal text, dates ISO, booleans True/False; the same text from both
databases.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import Engine, text

from db.values import plain

VIEWS = ("v_notices", "v_allocations", "v_indicators", "v_flags", "v_references",
         "v_fund_flow", "v_region_ledger")
Format = Literal["csv", "xlsx"]

MONEY_COLUMNS = frozenset({"amount", "allocated", "passed_on", "number", "value_as_parsed"})
DATE_COLUMNS = frozenset({"issue_date", "print_date", "from_date", "to_date"})
BOOL_COLUMNS = frozenset({"is_total", "corrected"})
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


def is_money(column: str) -> bool:
    """Money (and other exact decimal) columns: NUMERIC in the database."""
    return column in MONEY_COLUMNS or column.endswith("_yuan")


def view_rows(engine: Engine, view: str) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    """The columns of one auditor view and its rows, cells made alike on both databases."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; expected one of {', '.join(VIEWS)}")

    def rows() -> Iterator[tuple[Any, ...]]:
        with engine.connect() as conn:
            result = conn.execution_options(stream_results=True).execute(
                text(f"SELECT * FROM {view}"))
            for row in result:
                yield tuple(_cell(c, v) for c, v in zip(columns, row, strict=True))

    with engine.connect() as conn:
        columns = list(conn.execute(text(f"SELECT * FROM {view} WHERE 1 = 0")).keys())
    return columns, rows()


def read_view(engine: Engine, view: str) -> pd.DataFrame:
    """One auditor view as a DataFrame of Python values (object columns, in view order).

    ``notices.read_view`` gives the typed frame analysts want.
    """
    columns, rows = view_rows(engine, view)
    # object dtype: an int column with a NULL must not turn into floats (3610 -> 3610.0)
    return pd.DataFrame(list(rows), columns=columns, dtype=object)


def _cell(column: str, value: object) -> object:
    """The same cells from both databases: SQLite hands back NUMERIC as int or
    float, DATE as ISO text and booleans as 0/1; Excel has no time zones."""
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
    if isinstance(value, Decimal):
        return plain(value)
    if is_money(column) and isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def export_views(engine: Engine, fmt: Format, out_dir: str | Path) -> tuple[Path, ...]:
    """Write every auditor view to ``out_dir``; return the files written."""
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"unknown export format {fmt!r}; expected csv or xlsx")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        paths = []
        for view in VIEWS:
            path = out / f"{view}.csv"
            write_csv(path, *view_rows(engine, view))
            paths.append(path)
        return tuple(paths)
    path = out / "notices.xlsx"
    book = Workbook(write_only=True)
    for view in VIEWS:
        write_sheet(book, view, *view_rows(engine, view))
    book.save(path)
    return (path,)


# --- CSV ------------------------------------------------------------------------------


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv(path: Path, columns: Sequence[str], rows: Iterator[tuple[Any, ...]]) -> None:
    """UTF-8 with BOM, a header line, exact decimals, empty for NULL."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_text(v) for v in row])


# --- XLSX -----------------------------------------------------------------------------


def number_format(value: Decimal) -> str:
    """Thousands separators and exactly the decimals the value has."""
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _width(value: object) -> int:
    """Display width: a CJK character is two columns wide."""
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return len(f"{value:,f}")
    if isinstance(value, dt.date):
        return 10
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value))


WIDTH_SAMPLE = 200  # rows looked at to size the columns
MAX_WIDTH = 60


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: object) -> object:
    """A formatted cell for money and dates; other values go in as they are (faster)."""
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = number_format(value)
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT if isinstance(value, dt.datetime) else DATE_FORMAT
        return cell
    return value


def write_sheet(book: Workbook, view: str, columns: Sequence[str],
                rows: Iterator[tuple[Any, ...]]) -> None:
    """One sheet: frozen bold header, autofilter over every row, sized columns."""
    sheet = book.create_sheet(view)
    head: list[tuple[Any, ...]] = []
    for row in rows:
        head.append(row)
        if len(head) >= WIDTH_SAMPLE:
            break
    for index, column in enumerate(columns, start=1):
        width = max([_width(column), *(_width(r[index - 1]) for r in head)])
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, width + 2)
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in itertools.chain(head, rows):
        sheet.append([_xlsx_cell(sheet, v) for v in row])
        count += 1
    last = get_column_letter(max(1, len(columns)))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
