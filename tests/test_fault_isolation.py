"""Issue 12 item 5: one file's fault fails that notice only; the rest of the batch is committed.

A file that vanishes after it was listed, an OCR engine that crashes or
hangs on a page, a worker killed by the OS: each is recorded as a failure
with its reason, and every other notice is in the database afterwards.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from pipeline import ingest as ingest_module
from pipeline.read.budget import Budgets
from pipeline.run import Settings

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
DIGITAL = ("seed000", "v02_zhaojue_medical", "v03_baise_education")


def _batch(tmp_path: Path) -> tuple[Path, list[Path], Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    digital = []
    for name in DIGITAL:
        digital.append(folder / f"{name}.pdf")
        shutil.copy(SAMPLES / name / "notice.pdf", digital[-1])
    scan = folder / "scan.pdf"  # needs OCR
    shutil.copy(SAMPLES / "v01_luanchuan_employment" / "scan.pdf", scan)
    return folder, digital, scan


def _stored_files(db: Path) -> set[str]:
    with sqlite3.connect(db) as con:
        return {r[0] for r in con.execute("SELECT file_path FROM source_files")}


def _recorded_failures(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as con:
        return {r[0]: r[1] for r in con.execute("SELECT file, reason FROM failures")}


def _ingest(folder: Path, db: Path, settings: Settings) -> Any:
    return ingest_module.ingest([str(folder)], f"sqlite:///{db}", settings, workers=2)


def test_vanished_file_and_crashing_engine_fail_only_their_notices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, digital, scan = _batch(tmp_path)
    real = ingest_module.parse_many

    def vanish_then_parse(paths: list[str], *args: Any, **kw: Any) -> None:
        digital[1].unlink()  # listed and hashed, gone before a worker opens it
        real(paths, *args, **kw)

    monkeypatch.setattr(ingest_module, "parse_many", vanish_then_parse)
    db = tmp_path / "n.db"
    report = _ingest(folder, db, Settings(ocr_engine="crashing", ocr_cache=""))
    failed = dict(report.failed)
    assert failed == {
        str(digital[1]): "file not found",
        str(scan): "OCR engine 'crashing' failed on page 1: simulated engine crash",
    }
    assert _stored_files(db) == {str(digital[0]), str(digital[2])}
    assert _recorded_failures(db) == failed


def test_hanging_engine_and_killed_worker_fail_only_their_notices(tmp_path: Path) -> None:
    folder, digital, scan = _batch(tmp_path)
    hang = tmp_path / "pids"
    hang.mkdir()
    second = folder / "scan2.pdf"
    shutil.copy(SAMPLES / "v04_xiangxi_agriculture" / "scan.pdf", second)
    killed: list[int] = []

    def kill_the_first_hanging_worker() -> None:  # the other one meets the page limit
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not killed:
            for pid in hang.iterdir():
                os.kill(int(pid.name), signal.SIGKILL)
                killed.append(int(pid.name))
                break
            time.sleep(0.05)

    threading.Thread(target=kill_the_first_hanging_worker, daemon=True).start()
    settings = Settings(
        ocr_engine="hanging", ocr_cache="", engine_options=(("pid_dir", str(hang)),),
        budgets=Budgets(page_timeout=15, doc_timeout=120),  # 15 s: rendering comes first
    )
    db = tmp_path / "n.db"
    report = _ingest(folder, db, settings)
    failed = dict(report.failed)
    assert len(killed) == 1 and set(failed) == {str(scan), str(second)}
    reasons = sorted(failed.values())
    assert reasons == [
        "OCR of page 1 took longer than 15 s (budget --page-timeout)",
        "worker died: signal 9 (out of memory?)",
    ]
    assert _stored_files(db) == {str(p) for p in digital}
    assert _recorded_failures(db) == failed
