"""Ingesters that meet each other, and what a run records (issue 12 items 2 and 3).

Real processes on real databases: two ``notices ingest`` at once on
PostgreSQL, an ingester killed with SIGKILL whose claim then expires, a file
stored by another ingester while this one parsed it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

import pipeline.ingest as ingest_mod
from db.claims import Holder, claim
from db.store import connect, save_notice
from pipeline.core.render import dumps
from pipeline.ingest import ingest
from pipeline.run import ParseResult, Settings
from tests.db_helpers import rows

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(ROOT.glob("samples/[vw]*/notice.pdf"))
DIGITAL = Settings(ocr_engine="replay", ocr_cache="")


def cli(*args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "NOTICES_DB"}
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", *args], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def inbox(tmp_path: Path, n: int) -> Path:
    if len(SAMPLES) < n:
        pytest.skip("samples not generated")
    d = tmp_path / "in"
    d.mkdir()
    for p in SAMPLES[:n]:
        shutil.copy(p, d / f"{p.parent.name}.pdf")
    return d


def test_two_ingesters_at_once_store_each_file_once(db_url: str, tmp_path: Path) -> None:
    """On PostgreSQL (the case of several machines) and on one SQLite file, from an empty database."""
    folder = inbox(tmp_path, 12)
    args = ("ingest", str(folder), "--db", db_url, "--workers", "1", "--log-format", "json")
    procs = [cli(*args), cli(*args)]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        assert "StoreError" not in err and "failed" not in {json.loads(x)["event"] for x in err.splitlines()}
    assert rows(db_url, "SELECT COUNT(*), COUNT(DISTINCT sha256) FROM documents") == [(12, 12)]
    assert rows(db_url, "SELECT COUNT(*) FROM source_files") == [(12,)]
    assert rows(db_url, "SELECT COUNT(*) FROM failures") == [(0,)]
    assert rows(db_url, "SELECT COUNT(*) FROM claims") == [(0,)]  # all released
    runs = rows(db_url, "SELECT stored, skipped, failed, exit_code FROM runs ORDER BY id")
    assert len(runs) == 2 and sum(int(str(r[0])) for r in runs) == 12
    assert all(r[2] == 0 and r[3] == 0 for r in runs)
    # each file once: stored by one run, skipped (already ingested) by the other
    assert all(int(str(r[0])) + int(str(r[1])) == 12 for r in runs), runs
    print("split of the 12 files between the two ingesters:", [r[0] for r in runs])


def test_a_file_stored_by_another_ingester_meanwhile_is_skipped(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = inbox(tmp_path, 2)
    real_parse_many = ingest_mod.parse_many
    other = connect(db_url)

    def parse_then_other_stores_first(paths, settings, workers, on_result, **kw):  # type: ignore[no-untyped-def]
        def racing(result: ParseResult) -> None:
            if result.notice is not None and result.path.endswith(SAMPLES[0].parent.name + ".pdf"):
                with Session(other) as s, s.begin():  # the other ingester commits first
                    save_notice(s, result.notice, file_name="elsewhere/a.pdf", rendered_json=dumps(result.notice))
            on_result(result)

        real_parse_many(paths, settings, workers, racing, **kw)

    monkeypatch.setattr(ingest_mod, "parse_many", parse_then_other_stores_first)
    report = ingest([str(folder)], db_url, DIGITAL, workers=1)
    other.dispose()
    assert not report.failed and report.exit_code == 0
    assert len(report.ingested) == 1
    assert [why for _, why in report.skipped] == ["already ingested (stored by another ingester meanwhile)"]
    assert rows(db_url, "SELECT COUNT(*) FROM documents") == [(2,)]
    names = {Path(str(r[0])).name for r in rows(db_url, "SELECT file_name FROM source_files")}
    assert f"{SAMPLES[0].parent.name}.pdf" in names  # its name here is recorded too
    assert rows(db_url, "SELECT stored, skipped, failed, exit_code FROM runs") == [(1, 1, 0, 0)]


def test_a_live_claim_is_left_alone_an_expired_one_is_taken(db_url: str, tmp_path: Path) -> None:
    folder = inbox(tmp_path, 2)
    first = sorted(folder.iterdir())[0]
    from pipeline.run import sha256_file

    engine = connect(db_url)
    busy = Holder("other-host:4242:x", "other-host", 4242)
    with Session(engine) as s, s.begin():
        assert claim(s, sha256_file(first), busy, file=str(first), lease=3600) is None
    report = ingest([str(folder)], db_url, DIGITAL, workers=1)
    assert report.exit_code == 0 and len(report.ingested) == 1
    assert len(report.skipped) == 1 and "being ingested by other-host pid 4242" in report.skipped[0][1]

    with Session(engine) as s, s.begin():  # that ingester died: its lease runs out
        s.execute(text("UPDATE claims SET expires = :t"), {"t": "2000-01-01 00:00:00+00:00"})
    engine.dispose()
    report = ingest([str(folder)], db_url, DIGITAL, workers=1)
    assert report.exit_code == 0 and [Path(p).name for p, _ in report.ingested] == [first.name]
    assert rows(db_url, "SELECT COUNT(*) FROM documents") == [(2,)]


def test_killed_ingester_claim_expires_and_next_run_takes_the_file(db_url: str, tmp_path: Path) -> None:
    scan = next((p.parent for p in SAMPLES if (p.parent / "scan.pdf").exists()), None)
    if scan is None:
        pytest.skip("scanned samples not generated")
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(scan / "scan.pdf", folder / "scan.pdf")
    shutil.copytree(scan / "ocr", folder / "ocr")
    hung = cli("ingest", str(folder), "--db", db_url, "--workers", "1", "--ocr-engine", "hanging",
               "--ocr-cache", "", "--claim-lease", "15")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if rows(db_url, "SELECT COUNT(*) FROM claims") == [(1,)]:
                break
        except Exception:  # noqa: BLE001 - tables not created yet
            pass
        time.sleep(0.2)
    else:
        hung.kill()
        pytest.fail("the ingester never claimed the file")
    time.sleep(0.5)
    hung.send_signal(signal.SIGKILL)
    hung.communicate(timeout=30)
    assert rows(db_url, "SELECT pid FROM claims") == [(hung.pid,)]

    r = cli("ingest", str(folder), "--db", db_url, "--workers", "1", "--ocr-engine", "replay", "--ocr-cache", "")
    _, err = r.communicate(timeout=300)
    assert r.returncode == 0, err  # the claim is still live: someone else's work, not a failure
    assert "being ingested by" in err and f"pid {hung.pid}" in err
    assert rows(db_url, "SELECT COUNT(*) FROM documents") == [(0,)]

    while rows(db_url, "SELECT COUNT(*) FROM claims WHERE expires > CURRENT_TIMESTAMP") != [(0,)]:
        time.sleep(0.5)  # the killed ingester renews nothing: its lease ends
    time.sleep(1)
    r = cli("ingest", str(folder), "--db", db_url, "--workers", "1", "--ocr-engine", "replay", "--ocr-cache", "")
    _, err = r.communicate(timeout=300)
    assert r.returncode == 0, err
    assert rows(db_url, "SELECT COUNT(*) FROM documents") == [(1,)]
    assert rows(db_url, "SELECT COUNT(*) FROM claims") == [(0,)]
    runs = cli("runs", "--db", db_url)
    out, err = runs.communicate(timeout=60)
    assert runs.returncode == 0, err
    first_run = [line for line in out.splitlines() if line.strip().startswith("1 ")]
    assert first_run and "killed" in first_run[0], out


def test_runs_and_failures_recorded_and_shown(db_url: str, tmp_path: Path) -> None:
    folder = inbox(tmp_path, 2)
    (folder / "broken.pdf").write_bytes(b"not a pdf at all")
    p = cli("ingest", str(folder), "--db", db_url, "--workers", "1", "--log-format", "json")
    _, err = p.communicate(timeout=300)
    assert p.returncode == 1
    events = [json.loads(line) for line in err.splitlines()]  # every line is one JSON object
    kinds = [e["event"] for e in events]
    assert kinds[0] == "run_started" and kinds[-1] == "run_finished"
    assert kinds.count("stored") == 2 and kinds.count("failed") == 1
    failed = next(e for e in events if e["event"] == "failed")
    assert failed["file"].endswith("broken.pdf") and "not a PDF" in failed["reason"]
    assert events[-1]["exit_code"] == 1 and events[-1]["stored"] == 2 and events[-1]["failed"] == 1

    p = cli("ingest", str(folder), "--db", db_url, "--workers", "1")
    p.communicate(timeout=300)
    assert p.returncode == 1  # broken.pdf still fails; the two notices are skipped

    p = cli("runs", "--db", db_url, "--json", "--last", "1")
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    [last] = json.loads(out)
    assert last["kind"] == "ingest" and last["exit_code"] == 1 and last["state"] == "failures"
    assert (last["seen"], last["stored"], last["skipped"], last["failed"]) == (3, 0, 2, 1)
    assert last["parser_version"] and last["host"] and last["ended"]
    assert [f["file"].endswith("broken.pdf") for f in last["failures"]] == [True]

    p = cli("runs", "--db", db_url)
    out, _ = p.communicate(timeout=60)
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["run", "kind", "started"]
    assert lines[1].split()[:2] == ["2", "ingest"] and "failures" in lines[1]
    assert any("failed:" in line and "broken.pdf" in line and "not a PDF" in line for line in lines)


def test_round_size_aims_at_a_minute_of_work() -> None:
    from pipeline.ingest import round_size

    assert round_size(2, 0, 0.0) == 4  # nothing measured yet: two files per worker
    assert round_size(2, 10, 300.0) == 4  # 30 s a file (scans): still two per worker
    assert round_size(2, 10, 50.0) == 24  # 5 s a file: twelve per worker
    assert round_size(1, 10, 1.0) == 64  # 0.1 s a file: capped


def test_export_and_parse_speak_json_too(tmp_path: Path) -> None:
    folder = inbox(tmp_path, 1)
    url = f"sqlite:///{tmp_path / 'n.db'}"
    assert ingest([str(folder)], url, DIGITAL, workers=1).exit_code == 0
    p = cli("export", "--format", "csv", "--out", str(tmp_path / "ex"), "--db", url, "--log-format", "json")
    _, err = p.communicate(timeout=300)
    assert p.returncode == 0, err
    events = [json.loads(line) for line in err.splitlines()]
    assert events and {e["event"] for e in events} == {"wrote"} and all(Path(e["file"]).exists() for e in events)
    (tmp_path / "bad.pdf").write_bytes(b"no pdf here")
    p = cli("parse", str(tmp_path / "bad.pdf"), "--log-format", "json")
    out, err = p.communicate(timeout=300)
    assert p.returncode == 1 and out == ""
    [event] = [json.loads(line) for line in err.splitlines()]
    assert event["event"] == "failed" and event["file"].endswith("bad.pdf") and "not a PDF" in event["reason"]
