"""The fund chain province -> prefecture -> two counties, ingested through the CLI code path.

Database checks must raise exactly the planted flags of samples/chain/expected_db_flags.json
(one county passes on a different amount, one passes it on too late, the province cites a
notice that is not in the database), whatever order the notices arrive in, and a
REFERENCE_NOT_FOUND disappears when the cited notice arrives.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from db.store import connect
from pipeline.ingest import ingest
from pipeline.run import Settings

CHAIN = Path(__file__).resolve().parents[1] / "samples" / "chain"
DB_CODES = {"REFERENCE_NOT_FOUND", "CROSS_DOC_AMOUNT", "LATE_DISBURSEMENT", "DUPLICATE_DOC_NUMBER"}
SETTINGS = Settings(ocr_engine="fake")

pytestmark = pytest.mark.skipif(not (CHAIN / "expected_db_flags.json").exists(), reason="chain samples not generated")


def _db_flags(url: str) -> set[tuple[str, str]]:
    engine = connect(url)
    with engine.connect() as c:
        rows = c.execute(text("SELECT doc_number, code FROM v_flags")).all()
    engine.dispose()
    return {(r[0], r[1]) for r in rows if r[1] in DB_CODES}


def _expected() -> set[tuple[str, str]]:
    data = json.loads((CHAIN / "expected_db_flags.json").read_text(encoding="utf-8"))
    return {(f["doc_number"], f["code"]) for f in data}


def _pdfs() -> list[Path]:
    return sorted(CHAIN.glob("*/notice.pdf"))


def test_chain_flags_all_at_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'chain.db'}"
    report = ingest([str(p) for p in _pdfs()], url, SETTINGS)
    assert not report.failed
    assert _db_flags(url) == _expected()


def test_chain_flags_arriving_bottom_up(tmp_path: Path) -> None:
    """Counties first: their references are missing until the prefecture arrives."""
    url = f"sqlite:///{tmp_path / 'chain.db'}"
    for pdf in reversed(_pdfs()):
        assert not ingest([str(pdf)], url, SETTINGS).failed
    assert _db_flags(url) == _expected()


def test_reference_not_found_disappears_when_cited_notice_arrives(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'chain.db'}"
    counties = [p for p in _pdfs() if p.parent.name.startswith(("c2", "c3"))]
    ingest([str(p) for p in counties], url, SETTINGS)
    before = {c for _, c in _db_flags(url)}
    assert "REFERENCE_NOT_FOUND" in before
    prefecture = [p for p in _pdfs() if p.parent.name.startswith("c1")]
    ingest([str(p) for p in prefecture], url, SETTINGS)
    county_numbers = {dn for dn, code in _db_flags(url) if code == "REFERENCE_NOT_FOUND"}
    # the counties cite only the prefecture notice: their REFERENCE_NOT_FOUND is gone
    assert all(not dn.startswith(("章", "于")) for dn in county_numbers)
