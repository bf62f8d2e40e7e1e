"""db.export: the auditor views as CSV and XLSX files, on each backend."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db.checks import check_database
from db.export import VIEWS, export_views, number_format, read_view
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


CONTRACT_FLOW = ["fund", "year", "batch", "from_doc_number", "from_region", "to_region",
                 "allocated_yuan", "to_doc_number", "passed_on_yuan", "difference_yuan",
                 "from_date", "to_date", "lag_days", "match_rule"]


def fill_flow(engine: Engine) -> None:
    """A parent allocating to two counties (one claw-back) and one onward notice."""
    import dataclasses

    from pipeline.core.divisions import resolve_region

    table = alloc([("合计", ["2030.5", "-12.5"], True), ("阜康市", ["2030.5", None], False),
                   ("木垒哈萨克自治县", [None, "-12.5"], False)],
                  columns=("年初提前下达资金", "此次下达资金"))
    rows = tuple(dataclasses.replace(r, region_code=m.code if (m := resolve_region(r.region))
                                     else None) for r in table.rows)
    parent = make_notice("昌州财社〔2022〕12号",
                         allocation_tables=[dataclasses.replace(table, rows=rows)])
    child = make_notice("木财社〔2022〕3号", issuers=("木垒哈萨克自治县财政局",),
                        issue_date="2022-07-01", references=["昌州财社〔2022〕12号"],
                        body_amounts=[("-12.5", "万元")])
    with Session(engine) as s, s.begin():
        check_database(s, [save(s, parent), save(s, child)])


def test_number_format_keeps_the_digits() -> None:
    assert number_format(Decimal("3610")) == "#,##0"
    assert number_format(Decimal("9.2128")) == "#,##0.0000"
    assert number_format(Decimal("-125000")) == "#,##0"
    assert number_format(Decimal("2030.5")) == "#,##0.0"


def test_xlsx_sheets_are_ready_for_an_auditor(db_engine: Engine, tmp_path: Path) -> None:
    fill_flow(db_engine)
    (path,) = export_views(db_engine, "xlsx", tmp_path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == list(VIEWS)
    for name in VIEWS:
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        assert sheet["A1"].font.b, name
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}" \
            f"{sheet.max_row}", name
    flow = book["v_fund_flow"]
    header = [c.value for c in flow[1]]
    assert header[: len(CONTRACT_FLOW)] == CONTRACT_FLOW
    (row,) = list(flow.iter_rows(min_row=2))
    cells = dict(zip(header, row, strict=True))
    assert cells["to_region"].value == "木垒哈萨克自治县"
    assert cells["allocated_yuan"].data_type == "n" and cells["allocated_yuan"].value == -125000
    assert cells["allocated_yuan"].number_format == "#,##0"
    assert cells["difference_yuan"].value == 0
    assert cells["from_date"].is_date and cells["from_date"].number_format == "yyyy-mm-dd"
    assert cells["lag_days"].value == 24 and cells["match_rule"].value == "reference"
    allocations = book["v_allocations"]
    head = [c.value for c in allocations[1]]
    decimals = [r[head.index("amount")] for r in allocations.iter_rows(min_row=2)
                if r[head.index("amount")].value == Decimal("2030.5")]
    assert decimals and all(c.number_format == "#,##0.0" and c.data_type == "n" for c in decimals)


def test_csv_fund_flow_and_ledger(db_engine: Engine, tmp_path: Path) -> None:
    fill_flow(db_engine)
    export_views(db_engine, "csv", tmp_path)
    raw = (tmp_path / "v_region_ledger.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "木垒哈萨克自治县".encode() in raw
    with (tmp_path / "v_region_ledger.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["region"], r["amount_yuan"], r["running_total_yuan"], r["issue_date"])
            for r in rows] == [("木垒哈萨克自治县", "-125000", "-125000", "2022-06-07")]


def _soffice(tmp_path: Path, target: str, path: Path, out: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: bash scripts/sysdeps.sh")
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", target, "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)


def test_xlsx_opens_in_libreoffice(db_engine: Engine, tmp_path: Path) -> None:
    """LibreOffice reads the cells as numbers and dates and shows them with their formats."""
    fill(db_engine)
    fill_flow(db_engine)
    (path,) = export_views(db_engine, "xlsx", tmp_path)
    # every sheet as shown on screen (formatted), one CSV per sheet
    _soffice(tmp_path, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,"
             "false,-1", path, tmp_path / "shown")
    with (tmp_path / "shown" / "notices-v_allocations.csv").open(encoding="utf-8") as handle:
        shown = list(csv.DictReader(handle))
    amounts = {r["amount"] for r in shown if r["region"] == "木垒哈萨克自治县"}
    assert amounts >= {"2,030.5", "9.2128", "-12.5", ""}  # an empty cell stays empty
    assert {r["issue_date"] for r in shown} == {"2022-06-07"}
    assert {r["region_as_printed"] for r in shown} >= {"木垒哈萨克自治县", "昌吉回族自治州"}
    with (tmp_path / "shown" / "notices-v_fund_flow.csv").open(encoding="utf-8") as handle:
        (flow,) = list(csv.DictReader(handle))
    assert (flow["allocated_yuan"], flow["from_date"], flow["to_date"], flow["lag_days"]) == (
        "-125,000", "2022-06-07", "2022-07-01", "24")
    # saved again by LibreOffice: still numbers, dates and a filter (a headless LibreOffice
    # has no window, so it writes no view settings: the frozen header is checked above)
    _soffice(tmp_path, "xlsx", path, tmp_path / "resaved")
    book = openpyxl.load_workbook(tmp_path / "resaved" / "notices.xlsx")
    sheet = book["v_fund_flow"]
    header = [c.value for c in sheet[1]]
    cells = dict(zip(header, next(sheet.iter_rows(min_row=2)), strict=True))
    assert cells["allocated_yuan"].data_type == "n" and cells["allocated_yuan"].value == -125000
    assert cells["from_date"].is_date
    assert cells["from_date"].value.date() == dt.date(2022, 6, 7)
    assert sheet.auto_filter.ref == "A1:AA2"  # 25 columns of v_fund_flow + corrected, value_as_parsed
