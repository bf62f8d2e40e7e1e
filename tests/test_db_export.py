"""db.export: the auditor views as CSV and XLSX files, on each backend."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db.checks import check_database
from db.export import VIEWS, export_views, read_view
from tests.db_helpers import (
    alloc,
    indicator,
    make_notice,
    save,
    targets,
)


def fill(engine: Engine) -> None:
    notice = make_notice(
        references=["新财社〔2022〕71号"],
        allocation_tables=[alloc([
            ("昌吉回族自治州", [11438, 7828, 3610], True),
            ("木垒哈萨克自治县", ["2030.5", None, "9.2128"], False),
        ])],
        target_tables=[targets("木垒哈萨克自治县", "2030",
                               indicator("资金到位率", "≥90%", ">=", "90", "%"))],
    )
    with Session(engine) as s, s.begin():
        doc = save(s, notice, "昌州财社11号.pdf")
        check_database(s, [doc])


def test_csv_export(db_engine: Engine, tmp_path: Path) -> None:
    fill(db_engine)
    paths = export_views(db_engine, "csv", tmp_path / "out")
    assert [p.name for p in paths] == [f"{v}.csv" for v in VIEWS]
    assert paths[0].read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    alloc_csv = pd.read_csv(tmp_path / "out" / "v_allocations.csv", dtype=str,
                            encoding="utf-8-sig", keep_default_na=False)
    assert len(alloc_csv) == 6
    muilei = alloc_csv[alloc_csv.region == "木垒哈萨克自治县"]
    assert list(muilei.amount) == ["2030.5", "", "9.2128"]  # exact decimals, empty stays empty
    assert list(muilei.amount_yuan) == ["20305000", "", "92128"]
    assert set(alloc_csv.is_total) == {"True", "False"}  # same text from both databases
    assert set(alloc_csv.issue_date) == {"2022-06-07"}
    flags = pd.read_csv(tmp_path / "out" / "v_flags.csv", encoding="utf-8-sig")
    assert list(flags.code) == ["REFERENCE_NOT_FOUND"]
    notices = pd.read_csv(tmp_path / "out" / "v_notices.csv", encoding="utf-8-sig")
    assert list(notices.source_file) == ["昌州财社11号.pdf"]


def test_xlsx_export(db_engine: Engine, tmp_path: Path) -> None:
    fill(db_engine)
    (path,) = export_views(db_engine, "xlsx", tmp_path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == list(VIEWS)
    sheet = book["v_allocations"]
    header = [c.value for c in sheet[1]]
    assert header[:8] == ["doc_number", "table_title", "region", "region_as_printed",
                          "column_name", "amount", "unit", "amount_yuan"]
    amounts = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert 3610 in amounts and None in amounts
    dates = {row[header.index("issue_date")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {d.date() if hasattr(d, "date") else d for d in dates} == {dt.date(2022, 6, 7)}
    indicators = book["v_indicators"]
    assert [c.value for c in indicators[2]][:5] == [
        "昌州财社〔2022〕11号", "木垒哈萨克自治县", "产出指标", "数量指标", "资金到位率"]


def test_empty_database_exports_headers(db_engine: Engine, tmp_path: Path) -> None:
    export_views(db_engine, "csv", tmp_path)
    frame = pd.read_csv(tmp_path / "v_flags.csv", encoding="utf-8-sig")
    assert list(frame.columns)[:5] == ["doc_number", "code", "severity", "message", "page"]
    assert frame.empty


def test_unknown_format_or_view(db_engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="csv or xlsx"):
        export_views(db_engine, "pdf", tmp_path)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown view"):
        read_view(db_engine, "documents")
