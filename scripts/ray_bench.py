"""Pages/s of the parse stage: local worker pool vs Ray actors (issue 15; numbers in docs/scale.md).

    .venv/bin/python scripts/ray_bench.py [--scans N] [--workers 1,2]

Parses the digital samples (samples/**/notice.pdf, not samples/blind/) with
the local pebble pool and with RayExecutor on a local Ray instance (started
here, 127.0.0.1), 1 and 2 workers each, after a warm-up pass that starts the
workers (so model loading and imports are not counted; the Ray start-up is
printed apart). ``--scans N`` adds N scanned samples (scan.pdf) read by the
real OCR engine with the OCR cache off. No database: the parse stage only.

Overhead per notice = (wall time x workers - the sum of in-worker parse
seconds) / notices: what the executor adds around each file (scheduling,
moving bytes and results, idle tails).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.run import ParseResult, Settings  # noqa: E402
from pipeline.workers.executor import ParseExecutor, PoolExecutor  # noqa: E402
from samples.corpus import files  # noqa: E402


def run_once(executor: ParseExecutor, paths: list[str]) -> tuple[float, float, int, int]:
    """(wall seconds, sum of in-worker seconds, pages, failures)."""
    results: list[ParseResult] = []
    t0 = time.perf_counter()
    executor.run(paths, results.append)
    wall = time.perf_counter() - t0
    pages = sum(r.notice.source.pages for r in results if r.notice is not None)
    failed = sum(r.notice is None for r in results)
    return wall, sum(r.seconds for r in results), pages, failed


def row(label: str, workers: int, paths: list[str], executor: ParseExecutor) -> str:
    run_once(executor, paths[:workers * 2])  # warm-up: workers started, modules imported
    wall, busy, pages, failed = run_once(executor, paths)
    overhead_ms = (wall * workers - busy) / len(paths) * 1000
    return (f"| {label} | {workers} | {len(paths)} | {pages} | {wall:.1f} | {pages / wall:.2f} | "
            f"{busy / pages:.3f} | {overhead_ms:.0f} | {failed} |")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scans", type=int, default=0, help="also N scanned samples, real OCR, no cache")
    p.add_argument("--workers", default="1,2")
    args = p.parse_args()
    counts = [int(w) for w in args.workers.split(",")]
    digital = [str(q) for q in files("notice.pdf")]  # never a sealed split
    sets = [("digital", digital, Settings(ocr_cache=""))]
    if args.scans:
        scans = sorted(str(q) for q in ROOT.glob("samples/*/scan.pdf"))[: args.scans]
        sets.append(("scanned", scans, Settings(ocr_cache="")))

    header = ("| input | executor | workers | files | pages | wall s | pages/s | parse s/page "
              "| overhead ms/notice | failed |\n|---|---|---|---|---|---|---|---|---|---|")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n\n{header}")
    # the local pool first: its workers are forked, and must not inherit Ray's threads and mappings
    for name, paths, settings in sets:
        for w in counts:
            print(f"| {name} " + row("local pool", w, paths, PoolExecutor(settings, w)), flush=True)

    from pipeline.workers.ray_executor import RayExecutor, actors, connect, require_ray

    t0 = time.perf_counter()
    cpus = connect("")
    started = time.perf_counter() - t0
    ray = require_ray()
    t0 = time.perf_counter()
    ray.get([a.pid.remote() for a in actors(max(counts))])
    actors_up = time.perf_counter() - t0
    for name, paths, settings in sets:
        for w in counts:
            ray_settings = replace(settings, ray_address="")
            print(f"| {name} " + row("Ray actors", w, paths, RayExecutor(ray_settings, w)), flush=True)
    print(f"\nlocal Ray instance ({cpus} CPUs) started in {started:.1f} s, "
          f"{max(counts)} actors ready in {actors_up:.1f} s; load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
