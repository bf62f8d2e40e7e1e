"""Measure `notices ingest` on a bigger fuzz set of damaged and hostile files (issue 18).

    .venv/bin/python scripts/fuzz_hostile.py [--per-kind 12] [--seed 1818] [--workers 2]
                                             [--ocr-engine rapidocr] [--keep DIR]

Builds the set with tests/hostile.py (the fuzz test's makers, a different
seed and more files per kind), runs the real CLI twice on a fresh SQLite
database, samples the memory of the whole process tree (main process and
workers, RSS summed) every 0.2 s, and prints a table: files per kind, stored,
refused by reason; wall time, peak memory, tracebacks, and what the re-run
stored. Not a test: it takes minutes.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile import build_fuzz_set, failures, row_counts, stored_shas  # noqa: E402


def tree_rss(pid: int) -> int:
    """RSS in bytes of ``pid`` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = collections.defaultdict(list)
    rss: dict[int, int] = {}
    for proc in Path("/proc").iterdir():
        entry = proc.name
        if not entry.isdigit():
            continue
        try:
            status = (proc / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        ppid = int(fields.get("PPid", "0").strip())
        children[ppid].append(int(entry))
        rss[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, []))
    return total


def run(cmd: list[str]) -> tuple[subprocess.CompletedProcess[str], float, int]:
    """Run ``cmd``; (result, seconds, peak RSS of its process tree)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss(proc.pid))
            time.sleep(0.2)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    out, err = proc.communicate()
    done.set()
    t.join()
    result = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    return result, time.perf_counter() - t0, peak[0]


def reason_class(reason: str) -> str:
    """A reason without its numbers and file names, to count alike reasons together."""
    reason = re.sub(r"duplicate of refused file .*", "duplicate of refused file X", reason)
    reason = re.sub(r"\(object \d+ \d+\)|object \d+", "object N", reason)
    reason = re.sub(r"\d+(\.\d+)?", "N", reason)
    reason = re.sub(r"\((offset|file|stream).*", "(...)", reason)
    return reason[:90]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-kind", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1818)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--ocr-engine", default="rapidocr")
    ap.add_argument("--keep", help="build the set and the database here (kept)")
    args = ap.parse_args()

    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="fuzz-"))
    folder = base / "incoming"
    folder.mkdir(parents=True)
    made = build_fuzz_set(folder, random.Random(args.seed), per_kind=args.per_kind)
    db = base / "fuzz.db"
    cmd = [
        sys.executable, "-m", "pipeline.cli", "ingest", str(folder), "--db", f"sqlite:///{db}",
        "--workers", str(args.workers), "--ocr-engine", args.ocr_engine, "--ocr-cache", str(base / "ocr-cache"),
    ]
    first, seconds, peak = run(cmd)
    failed = failures(first.stderr)
    stored = stored_shas(db)
    counts = row_counts(db)
    second, seconds2, _ = run(cmd)

    per_kind: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    reasons: collections.Counter[str] = collections.Counter()
    unaccounted: list[str] = []
    for path, kind in made.items():
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        c = per_kind[kind]
        c["files"] += 1
        if sha in stored and str(path) not in failed:
            c["stored"] += 1
        elif str(path) in failed and sha not in stored:
            c["refused"] += 1
            reasons[reason_class(failed[str(path)])] += 1
        else:
            unaccounted.append(f"{path.name}: stored={sha in stored} refused={str(path) in failed}")

    print("| kind | files | stored | refused |\n|---|---:|---:|---:|")
    for kind, c in sorted(per_kind.items()):
        print(f"| {kind} | {c['files']} | {c['stored']} | {c['refused']} |")
    total = sum((c for c in per_kind.values()), collections.Counter())
    print(f"| **all** | {total['files']} | {total['stored']} | {total['refused']} |\n")
    print("| refused because | files |\n|---|---:|")
    for reason, n in reasons.most_common():
        print(f"| {reason} | {n} |")
    tracebacks = first.stderr.count("Traceback") + second.stderr.count("Traceback")
    print(
        f"\nworkers {args.workers}, engine {args.ocr_engine}: wall {seconds:.0f} s, peak memory of the "
        f"whole run {peak / 2**30:.2f} GB, exit {first.returncode}; tracebacks {tracebacks}; "
        f"internal errors {first.stderr.count('internal error')}; unaccounted {len(unaccounted)}"
    )
    again = re.findall(r"Ingested \d+ notice", second.stderr)
    tail = second.stderr.strip().splitlines()[-1:] or ["(no output)"]
    print(f"re-run: {seconds2:.0f} s, exit {second.returncode}, rows unchanged: "
          f"{row_counts(db) == counts}, {again[0] if again else 'no summary: ' + tail[0]}")
    for line in unaccounted:
        print("  unaccounted:", line)
    print(f"set and database in {base}")
    return 0 if not unaccounted and not tracebacks else 1


if __name__ == "__main__":
    sys.exit(main())
