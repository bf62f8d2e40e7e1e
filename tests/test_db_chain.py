"""The sample chain (江西省 -> 赣州市 -> 章贡区, 于都县) through parse + store + checks.

samples/chain/expected_db_flags.json lists the database flags a person
expects; this runs exactly what ``notices ingest`` runs on the four PDFs
(text layer, no OCR) and compares (doc_number, code, severity), plus the
figures the expectation names.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from db.checks import check_database
from db.store import save_notice

CHAIN = Path(__file__).resolve().parents[1] / "samples" / "chain"
PDFS = sorted(CHAIN.glob("c*/notice.pdf"))

pytestmark = pytest.mark.skipif(not PDFS, reason="samples/chain is not there")


def test_chain_database_flags(db_engine: Engine) -> None:
    from pipeline.core.render import dumps
    from pipeline.run import Settings, parse_document

    settings = Settings(ocr_cache="")
    notices = [parse_document(p, settings) for p in PDFS]
    with Session(db_engine) as s, s.begin():
        ids = [save_notice(s, n, file_name=str(p), rendered_json=dumps(n))
               for p, n in zip(PDFS, notices, strict=True)]
        check_database(s, ids)
    with db_engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT doc_number, code, severity, message FROM v_flags WHERE origin = 'database'"
        )).all()
    expected = json.loads((CHAIN / "expected_db_flags.json").read_text(encoding="utf-8"))
    assert sorted((r[0], r[1], r[2]) for r in rows) == sorted(
        (e["doc_number"], e["code"], e["severity"]) for e in expected)
    messages = {(r[0], r[1]): r[3] for r in rows}
    for e in expected:
        message = messages[(e["doc_number"], e["code"])]
        if "upstream" in e:
            assert e["upstream"] in message
        if "region" in e:
            assert f"to {e['region']}" in message
        if "amount" in e:
            assert f"passes on {e['amount']}{e['unit']}" in message
            assert f"allocates {e['upstream_amount']}{e['unit']}" in message
        if "deadline_days" in e:
            assert f"({e['deadline_days']} days" in message and e["issue_date"] in message
