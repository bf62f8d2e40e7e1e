"""Fuzz: damaged and hostile copies of the samples through the real `notices ingest`.

A fixed seed picks samples and damage (tests/hostile.py: truncation, random
bytes, chunks deleted or doubled, xref garbled, header damaged, JPEG data
corrupted, image sizes inflated, page-tree loops, scrambled font maps, deep
nesting, two decompression bombs), plus odd file names, a deep folder, a
symlink loop and a byte-identical copy of a refused file. Per file: stored or
refused with a reason, never both; no traceback; nothing half-written; the
run within its budget; a re-run stores nothing new.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile import build_fuzz_set, failures, row_counts, stored_shas

ROOT = Path(__file__).resolve().parents[1]
SEED = 18
RUN_BUDGET_S = 150.0  # the whole ingest on 2 workers (measured ~30-60 s on a shared 2-core box)


def run_ingest(folder: Path, db: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    cmd = [
        sys.executable, "-m", "pipeline.cli", "ingest", str(folder), "--db", f"sqlite:///{db}",
        "--workers", "2", "--ocr-engine", "fake", "--ocr-cache", "", "--dpi", "72",
        "--doc-timeout", "90", "--page-timeout", "30",
    ]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=RUN_BUDGET_S * 2, env=env, cwd=ROOT)
    return proc, time.perf_counter() - t0


def orphans(db: Path) -> list[str]:
    """Rows of any table whose document_id names no document (a half-written notice)."""
    bad: list[str] = []
    with sqlite3.connect(db) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for t in tables:
            cols = [r[1] for r in con.execute(f"PRAGMA table_info({t})")]
            if "document_id" in cols and t != "documents":
                n = con.execute(
                    f"SELECT count(*) FROM {t} WHERE document_id NOT IN (SELECT id FROM documents)"
                ).fetchone()[0]
                if n:
                    bad.append(f"{t}: {n}")
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return bad


@pytest.mark.slow
def test_hostile_files_are_each_stored_or_refused_and_never_stop_the_batch(tmp_path: Path) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    made = build_fuzz_set(folder, random.Random(SEED))
    db = tmp_path / "n.db"

    first, seconds = run_ingest(folder, db)
    assert "Traceback" not in first.stderr and "internal error" not in first.stderr, first.stderr[-3000:]
    assert seconds < RUN_BUDGET_S
    assert first.returncode == 1  # some inputs failed, none crashed the run
    failed = failures(first.stderr)
    stored = stored_shas(db)
    for path, kind in made.items():
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        is_stored = sha in stored
        is_refused = str(path) in failed
        assert is_stored != is_refused, (kind, path.name, failed.get(str(path)))  # one, never both
        if is_refused:
            reason = failed[str(path)]
            assert reason and "object at 0x" not in reason and "\n" not in reason, (kind, reason)
    bombs = [p for p, k in made.items() if "bomb" in k]
    assert bombs and all("(budget --max-" in failed[str(p)] for p in bombs)
    twin = next(p for p, k in made.items() if k == "copy of a refused file")
    assert failed[str(twin)].startswith("duplicate of refused file ")
    assert not [p for p in failed if "/loop/" in p]  # the symlink loop is not walked
    assert failed[str(folder / "self.pdf")] == "broken or looping symbolic link"
    assert orphans(db) == []
    assert stored, "nothing stored: the fuzz set lost its readable files"

    counts = row_counts(db)
    second, _ = run_ingest(folder, db)
    assert "Traceback" not in second.stderr
    assert row_counts(db) == counts  # a re-run stores nothing new
    assert re.search(r"Ingested 0 notice", second.stderr)
