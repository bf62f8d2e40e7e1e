"""End-to-end tests of the `notices` command line on real databases (SQLite, PostgreSQL)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    e = {**os.environ, **(env or {})}
    e.pop("NOTICES_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        capture_output=True, text=True, cwd=cwd or ROOT, env=e, timeout=600, check=False,
    )


def sample_pdfs() -> list[Path]:
    return sorted(p for p in SAMPLES.glob("*/notice.pdf"))


@pytest.fixture
def two_samples(tmp_path: Path) -> Path:
    pdfs = sample_pdfs()
    if len(pdfs) < 2:
        pytest.skip("samples not generated")
    d = tmp_path / "in box" / "子目录"
    d.mkdir(parents=True)
    for p in pdfs[:2]:
        shutil.copy(p, d / f"{p.parent.name}.pdf")
    return tmp_path / "in box"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"hello, this is not a pdf at all\n" * 10, "not a PDF"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "truncated"),
    ],
)
def test_parse_bad_input_one_line_exit_1(tmp_path: Path, content: bytes, reason: str) -> None:
    f = tmp_path / "bad.pdf"
    f.write_bytes(content)
    r = run("parse", str(f))
    assert r.returncode == 1
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "bad.pdf" in lines[0] and reason.lower() in lines[0].lower()
    assert "Traceback" not in r.stderr


def test_parse_encrypted_pdf(tmp_path: Path) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    pdfs = sample_pdfs()
    if not pdfs:
        pytest.skip("samples not generated")
    out = tmp_path / "locked.pdf"
    with pikepdf.open(pdfs[0]) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="secret"))
    r = run("parse", str(out))
    assert r.returncode == 1 and "encrypted" in r.stderr.lower() and "Traceback" not in r.stderr


def test_usage_error_exit_2() -> None:
    assert run("frobnicate").returncode == 2
    assert run("export", "--format", "pdf", "--out", "x").returncode == 2


def test_parse_prints_contract_json() -> None:
    pdfs = sample_pdfs()
    if not pdfs:
        pytest.skip("samples not generated")
    r = run("parse", str(pdfs[0]))
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["schema"] == "notice/1"
    for key in ("doc_number", "issuers", "title", "issue_date", "allocation_tables", "target_tables", "flags"):
        assert key in doc


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'notices.db'}"
        return
    base = os.environ.get("NOTICES_TEST_PG_URL")
    if not base:
        pytest.skip("NOTICES_TEST_PG_URL not set (make test starts PostgreSQL)")
    sqlalchemy = pytest.importorskip("sqlalchemy")
    name = f"cli_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f"CREATE DATABASE {name}")
    yield base.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as c:
        c.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


def test_ingest_flags_export_reparse(db_url: str, two_samples: Path, tmp_path: Path) -> None:
    # a byte-identical copy under another name is stored once
    first = sorted(two_samples.rglob("*.pdf"))[0]
    shutil.copy(first, two_samples / "copy of first.pdf")
    bad = two_samples / "broken.pdf"
    bad.write_bytes(b"not a pdf")

    r = run("ingest", str(two_samples), "--db", db_url)
    assert r.returncode == 1, r.stderr  # broken.pdf failed, the rest committed
    assert "broken.pdf" in r.stderr and "not a PDF" in r.stderr
    assert "Ingested 2 notice(s)" in r.stderr, r.stderr
    assert "time per page by stage:" in r.stderr and "layout" in r.stderr, r.stderr

    r = run("ingest", str(two_samples / "子目录"), "--db", db_url)
    assert r.returncode == 0 and "skipped 2" in r.stderr, r.stderr

    r = run("flags", "--db", db_url, "--json")
    assert r.returncode == 0, r.stderr
    flags = json.loads(r.stdout)
    assert isinstance(flags, list)
    for f in flags:
        assert {"doc_number", "code", "severity", "message", "page"} <= set(f)

    r = run("flags", "--db", db_url)
    assert r.returncode == 0

    out = tmp_path / "export"
    r = run("export", "--format", "csv", "--out", str(out), "--db", db_url)
    assert r.returncode == 0, r.stderr
    assert {p.name for p in out.iterdir()} >= {"v_notices.csv", "v_allocations.csv", "v_indicators.csv", "v_flags.csv"}

    r = run("reparse", str(first), "--db", db_url)
    assert r.returncode == 0, r.stderr
    assert "No change." in r.stdout
