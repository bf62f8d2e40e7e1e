"""notices.read_view: the auditor views as typed DataFrames, Decimal-exact money."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

import notices
from db.checks import check_database
from db.store import connect
from tests.db_helpers import alloc, make_notice, save
from tests.test_db_export import fill_flow


def test_fund_flow_frame(db_engine: Engine, db_url: str) -> None:
    fill_flow(db_engine)
    flow = notices.read_view("v_fund_flow", db=db_url)
    assert list(flow.columns[:4]) == ["fund", "year", "batch", "from_doc_number"]
    assert len(flow) == 1
    row = flow.iloc[0]
    assert row.allocated_yuan == Decimal("-125000") and isinstance(row.allocated_yuan, Decimal)
    assert row.difference_yuan == Decimal(0)
    assert str(flow.dtypes["allocated_yuan"]) == "object"
    assert str(flow.dtypes["from_date"]) == "datetime64[ns]"
    assert row.from_date == pd.Timestamp("2022-06-07")
    assert str(flow.dtypes["lag_days"]) == "Int64" and row.lag_days == 24
    assert str(flow.dtypes["year"]) == "Int64" and row.year == 2022
    assert str(flow.dtypes["match_rule"]) == "string"
    assert str(flow.dtypes["to_document_id"]) == "Int64"


def test_money_stays_exact_and_empty_stays_missing(db_engine: Engine) -> None:
    table = alloc([("合计", ["0.1", "0.2", "0.3"], True), ("阜康市", ["0.1", None, "9.2128"], False)])
    with Session(db_engine) as s, s.begin():
        check_database(s, [save(s, make_notice(allocation_tables=[table]))])
    frame = notices.read_view("v_allocations", db=db_engine)
    totals = frame[frame.is_total]
    assert totals.amount.sum() == Decimal("0.6")  # 0.1 + 0.2 + 0.3, not 0.6000000000000001
    assert frame.amount_yuan.sum() == Decimal("6000") + Decimal("1000") + Decimal("92128")
    assert str(frame.dtypes["is_total"]) == "boolean"
    assert frame.amount.isna().sum() == 1  # the empty cell, not 0
    assert str(frame.dtypes["page"]) == "Int64" and str(frame.dtypes["confidence"]) == "Float64"
    notices_frame = notices.read_view("v_notices", db=db_engine)
    assert str(notices_frame.dtypes["updated_at"]) == "datetime64[ns, UTC]"
    assert str(notices_frame.dtypes["issue_date"]) == "datetime64[ns]"


def test_all_null_columns_keep_their_type(db_engine: Engine) -> None:
    table = alloc([("阜康市", [1, 2, 3], False)])  # no region code: no fund flow rows at all
    with Session(db_engine) as s, s.begin():
        check_database(s, [save(s, make_notice(allocation_tables=[table]))])
    flow = notices.read_view("v_fund_flow", db=db_engine)
    assert flow.empty
    assert str(flow.dtypes["lag_days"]) == "Int64"
    assert str(flow.dtypes["from_date"]) == "datetime64[ns]"


def test_default_database_and_bad_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    connect(url).dispose()
    monkeypatch.setenv("NOTICES_DB", url)
    assert notices.read_view("v_flags").empty
    with pytest.raises(ValueError, match="unknown view"):
        notices.read_view("documents")
