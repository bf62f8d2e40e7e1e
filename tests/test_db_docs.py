"""Every example query of docs/sql.md runs on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from db.checks import check_database
from tests.db_helpers import (
    alloc,
    indicator,
    make_notice,
    save,
    targets,
)

DOC = Path(__file__).resolve().parents[1] / "docs" / "sql.md"
QUERIES = re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def fill(engine: Engine) -> None:
    upstream = make_notice(
        "新财社〔2022〕71号", issuers=("新疆维吾尔自治区财政厅",), issue_date="2022-05-01",
        allocation_tables=[alloc([("合计", [20000, 12000, 8000], True),
                                  ("昌吉回族自治州", [11438, 7828, 3610], False)],
                                 printed={"昌吉回族自治州": "昌吉州"})],
        target_tables=[targets("昌吉回族自治州", "11438",
                               indicator("资金下达时限", "收到补助资金后30日内",
                                         level2="时效指标"),
                               indicator("到位率", "≥95%", ">=", "95", "%", level2="质量指标",
                                         level1_as_printed="项目完成指标"))],
    )
    lower = make_notice(
        references=["新财社〔2022〕71号", "新财社〔2017〕160号"],
        allocation_tables=[alloc([("昌吉回族自治州", [11438, 7828, 3600], True),
                                  ("阜康市", [831, 851, -20], False),
                                  ("木垒哈萨克自治县", [2030, 1159, 871], False)],
                                 printed={"木垒哈萨克自治县": "木垒县"})],
    )
    with Session(engine) as s, s.begin():
        ids = [save(s, upstream), save(s, lower)]
        check_database(s, ids)


def test_the_doc_has_queries() -> None:
    assert len(QUERIES) >= 10


@pytest.mark.parametrize("index", range(len(QUERIES)))
def test_example_query_runs(db_engine: Engine, index: int) -> None:
    fill(db_engine)
    with db_engine.connect() as conn:
        rows = conn.execute(text(QUERIES[index])).all()
    assert rows, f"example query {index} returned nothing:\n{QUERIES[index]}"
