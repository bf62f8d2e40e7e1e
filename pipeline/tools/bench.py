"""`make bench`: where every second and every megabyte goes.

Prints, side by side:
- digital samples: pages/s and CPU-s/page of the whole pipeline, per-stage
  times (open, text layer, layout, parse, store), peak RSS, 1 vs 2 workers;
- scanned samples (``pipeline.tools.dense_bench``): the densest whole
  scanned documents (BENCH_SCAN_PAGES pages, default 30) through the whole
  pipeline with 2 workers x 1 thread and no OCR cache, then the bare OCR
  engine on the same pages at the pipeline's detection size and at its own
  defaults, in the same run: pages/s, CPU-s/page, peak memory per worker,
  the ratios, how often a page was read twice, recognition padding, CPU per
  stage and field accuracy.
Results also go to bench-results/<timestamp>.json for comparison across commits.

`python -m pipeline.tools.dense_bench --help` runs the scanned half alone;
`python -m pipeline.tools.ocr_bench --help` compares detection sizes,
recognition batches and other engines.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from pipeline.tools.evaluate import sealed

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def parse_and_store(path: Path, settings: Any, db: Any) -> tuple[Any, Any]:
    """The whole pipeline on one file, into database ``db``, stage by stage:
    (Document, Notice). Call inside ``timing.recording()`` to see the stages."""
    from sqlalchemy.orm import Session

    from db.store import save_notice
    from pipeline.core import timing
    from pipeline.core.render import dumps
    from pipeline.layout import reconstruct
    from pipeline.run import extract_document, parse_layout

    document, _ = extract_document(path, settings)
    with timing.stage("layout"):
        layout = reconstruct(document)
    notice = parse_layout(layout)
    with timing.stage("store"), Session(db) as s, s.begin():
        save_notice(s, notice, file_name=str(path), rendered_json=dumps(notice))
    return document, notice


def digital_pipeline(pdfs: list[Path]) -> dict[str, Any]:
    """Every stage of the text-layer path, one process, stored into a scratch SQLite."""
    from db.store import connect
    from pipeline.core import timing
    from pipeline.run import Settings

    settings = Settings(ocr_engine="fake")  # a page without a text layer would be an error here
    times = timing.StageTimes()
    pages = 0
    with tempfile.TemporaryDirectory() as tmp:
        engine = connect(f"sqlite:///{tmp}/bench.db")
        w0, c0 = time.perf_counter(), time.process_time()
        with timing.recording(times):
            for pdf in pdfs:
                document, _ = parse_and_store(pdf, settings, engine)
                pages += document.source.pages
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        engine.dispose()
    return {
        "files": len(pdfs), "pages": pages, "wall_s": wall, "cpu_s": cpu,
        "pages_per_s": pages / wall if wall else 0.0, "ms_per_page": 1000 * wall / pages if pages else 0.0,
        "cpu_s_per_page": cpu / pages if pages else 0.0,
        "stages_ms_per_page": {
            k: 1000 * v / pages for k, v in sorted(times.wall.items(), key=lambda kv: -kv[1])
        },
        "peak_rss_mb": peak_rss_mb(),
    }


def _parse_one(path: str) -> tuple[int, float]:
    from pipeline.run import Settings, parse_document

    n = parse_document(path, Settings(ocr_engine="fake"))
    return n.source.pages, peak_rss_mb()


def workers_scaling(pdfs: list[Path], repeat: int = 3) -> dict[str, Any]:
    """Whole-pipeline throughput with 1 and 2 worker processes (no database)."""
    jobs = [str(p) for p in pdfs] * repeat
    out: dict[str, Any] = {}
    for workers in (1, 2):
        with ProcessPoolExecutor(max_workers=workers) as pool:
            list(pool.map(_parse_one, jobs[:workers]))  # warm-up: imports, fonts
            t0 = time.perf_counter()
            results = list(pool.map(_parse_one, jobs))
            wall = time.perf_counter() - t0
        pages = sum(r[0] for r in results)
        out[f"{workers}_workers"] = {
            "pages": pages, "wall_s": wall, "pages_per_s": pages / wall,
            "peak_rss_mb_per_worker": max(r[1] for r in results),
        }
    one, two = out["1_workers"]["pages_per_s"], out["2_workers"]["pages_per_s"]
    out["speedup_2_vs_1"] = two / one if one else 0.0
    return out


def scanned(limit_pages: int) -> dict[str, Any]:
    """The dense scanned pages: whole pipeline against the bare engine (``dense_bench``)."""
    from pipeline.tools.dense_bench import bench_dense

    scans = sorted(p for p in SAMPLES.rglob("scan.pdf") if not sealed(p, SAMPLES))
    if not scans:
        return {"skipped": "no scanned samples (make scans)"}
    return bench_dense(scans, limit_pages=limit_pages)


def print_report(r: dict[str, Any]) -> None:
    d = r["digital"]
    print("== digital (text layer) ==")
    print(f"  {d['files']} files, {d['pages']} pages: {d['pages_per_s']:.1f} pages/s, "
          f"{d['ms_per_page']:.1f} ms/page, {d['cpu_s_per_page'] * 1000:.1f} CPU-ms/page, peak RSS {d['peak_rss_mb']:.0f} MB")
    print("  per stage (ms/page): " + ", ".join(f"{k} {v:.1f}" for k, v in d["stages_ms_per_page"].items()))
    w = r["workers"]
    print(f"  workers: 1 -> {w['1_workers']['pages_per_s']:.1f} pages/s, 2 -> {w['2_workers']['pages_per_s']:.1f} pages/s "
          f"(x{w['speedup_2_vs_1']:.2f}); peak RSS/worker {w['2_workers']['peak_rss_mb_per_worker']:.0f} MB")
    s = r["scanned"]
    print("== scanned (OCR) ==")
    if "skipped" in s:
        print(f"  skipped: {s['skipped']}")
        return
    for line in s.get("report_lines", []):
        print("  " + line)


def main() -> int:
    pdfs = sorted(p for p in SAMPLES.rglob("notice.pdf") if "generator" not in p.parts and not sealed(p, SAMPLES))
    if not pdfs:
        print("no samples: run `make samples`", file=sys.stderr)
        return 1
    limit = int(os.environ.get("BENCH_SCAN_PAGES", "30"))
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "digital": digital_pipeline(pdfs),
        "workers": workers_scaling(pdfs),
        "scanned": scanned(limit),
    }
    print_report(report)
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    path = out / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    print(f"results written to {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())


