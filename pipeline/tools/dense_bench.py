"""The scanned half of `make bench`: dense pages, the whole pipeline against the bare engine.

    bench_dense(scans, *, limit_pages=30, workers=2) -> dict
    python -m pipeline.tools.dense_bench [--pages N] [--workers N] [--out FILE]

Pages as dense as real notices: whole scanned documents, densest first (the
mean number of text lines their recorded OCR holds per page), until
``limit_pages`` pages. In one run, one after the other, each with ``workers``
processes x 1 onnxruntime thread, models loaded and run once before the clock
starts, no OCR cache:

- ``pipeline``: every file through the whole pipeline (open, rasterise,
  prepare, OCR, layout, parse, checks), fields compared with ``expected.json``;
- ``bare 1280``: RapidOCR alone on the same raw page images at the pipeline's
  detection size (long side 1280) with the angle classifier off;
- ``bare defaults``: RapidOCR alone at its own defaults (whole page at up to
  2000 px), classifier off.

Reported per run: wall, pages/s, s/page, CPU-s/page (all workers), peak RSS
per worker; for the pipeline also CPU per stage, the share of pages read a
second time (only a page whose first reading is doubtful), lines recognised
and the share of recognition input that was padding; and the pipeline's wall
as a ratio of each bare run's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
from pathlib import Path
from typing import Any

from pipeline.tools.evaluate import sealed
from pipeline.tools.ocr_bench import bare_texts, field_accuracy, timed_map, whole_documents

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
DPI = 200


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def density(scan: Path) -> float:
    """Mean text lines per page in the recorded OCR beside ``scan`` (0 without any)."""
    counts = []
    for page in sorted((scan.parent / "ocr").glob("page-*.json")):
        counts.append(len(json.loads(page.read_text(encoding="utf-8")).get("boxes", ())))
    return sum(counts) / len(counts) if counts else 0.0


def pick_dense(scans: list[Path], limit_pages: int) -> list[Path]:
    """Whole documents, densest first, until ``limit_pages`` pages (at least one)."""
    from pipeline.read.ocr.run import page_count

    ranked = sorted(
        (s for s in scans if not sealed(s, Path(s.resolve().anchor)) and (s.parent / "expected.json").is_file()),
        key=lambda s: (-density(s), str(s)),
    )
    return whole_documents(((s, page_count(s.read_bytes())) for s in ranked), limit_pages)


# --- workers -------------------------------------------------------------------

_STATE: dict[str, Any] = {}


def _settings() -> Any:
    from pipeline.run import Settings

    return Settings(ocr_engine="rapidocr", dpi=DPI, ocr_cache="", force_ocr=True)


def _init(kind: str, warm: str) -> None:
    os.environ["NOTICES_OCR_THREADS"] = "1"
    os.environ["OMP_NUM_THREADS"] = "1"
    if kind == "pipeline":
        from pipeline.run import _engine, parse_document

        _engine(_settings())
        parse_document(warm, _settings())  # models loaded and run once
        return
    from rapidocr import RapidOCR

    params: dict[str, Any] = {
        "Global.log_level": "error",
        "Global.use_cls": False,
        "EngineConfig.onnxruntime.intra_op_num_threads": 1,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    }
    if kind == "bare 1280":
        params.update({"Det.limit_side_len": 1280, "Det.limit_type": "max", "Global.max_side_len": 4000})
    _STATE["bare"] = RapidOCR(params=params)
    bare_texts(_STATE["bare"], Path(warm).read_bytes(), DPI, pages=1)  # warm up


def _run_bare(path: str) -> dict[str, Any]:
    c0 = _cpu()
    pages = len(bare_texts(_STATE["bare"], Path(path).read_bytes(), DPI))
    return {"pages": pages, "cpu": _cpu() - c0, "rss": _rss_mb()}


def _run_pipeline(path: str) -> dict[str, Any]:
    from pipeline.core import timing
    from pipeline.core.errors import NoticesError
    from pipeline.read.ocr.run import page_count
    from pipeline.run import parse_document

    error = ""
    stats = _read_stats()
    before = dict(stats)
    pad0 = list(_padding())
    times = timing.StageTimes()
    c0 = _cpu()
    notice = None
    with timing.recording(times):
        try:
            notice = parse_document(path, _settings())
        except NoticesError as err:  # counted, not fatal: the bench goes on
            error = str(err)
    cpu = _cpu() - c0
    pad1 = _padding()
    out: dict[str, Any] = {
        "doc": Path(path).parent.name,
        "pages": notice.source.pages if notice else page_count(Path(path).read_bytes()),
        "cpu": cpu,
        "rss": _rss_mb(),
        "stage_cpu": dict(times.cpu),
        "reads": {k: stats[k] - before.get(k, 0) for k in stats},
        "padding": [pad1[0] - pad0[0], pad1[1] - pad0[1]],
    }
    if notice is None:
        out["error"] = error
        return out
    acc = field_accuracy(Path(path), notice)
    if acc is not None:
        out["fields"] = acc[:2]
    return out


def _read_stats() -> dict[str, int]:
    """Pages read and read twice so far in this process (``pipeline.read.ocr.parts.STATS``)."""
    from pipeline.read.ocr.parts import STATS

    return STATS


def _padding() -> tuple[int, int]:
    """(columns recognised, columns fed incl. padding) so far in this process."""
    from pipeline.read.ocr import rapid

    got = [p.padding for k, p in rapid._MODELS.items() if k and k[0] == "parts" and hasattr(p, "padding")]
    return (sum(p[0] for p in got), sum(p[1] for p in got))


def run(kind: str, docs: list[str], workers: int) -> dict[str, Any]:
    """One kind of run over ``docs`` with ``workers`` processes (spawned, so RSS is their own)."""
    task = _run_pipeline if kind == "pipeline" else _run_bare
    big_first = sorted(docs, key=lambda d: -Path(d).stat().st_size)
    results, wall = timed_map(task, big_first, workers, _init, (kind, docs[-1]))
    pages = sum(r["pages"] for r in results)
    out: dict[str, Any] = {
        "run": kind,
        "workers": workers,
        "pages": pages,
        "wall_s": round(wall, 2),
        "pages_per_s": round(pages / wall, 3),
        "s_per_page": round(wall / pages, 3),
        "cpu_s_per_page": round(sum(r["cpu"] for r in results) / pages, 3),
        "peak_rss_mb_per_worker": round(max(r["rss"] for r in results)),
    }
    if kind == "pipeline":
        out.update(_pipeline_extras(results, pages))
    return out


def _pipeline_extras(results: list[dict[str, Any]], pages: int) -> dict[str, Any]:
    stage: dict[str, float] = {}
    for r in results:
        for k, v in r["stage_cpu"].items():
            stage[k] = stage.get(k, 0.0) + v
    reads = {k: sum(r["reads"].get(k, 0) for r in results) for k in results[0]["reads"]} if results else {}
    real = sum(r["padding"][0] for r in results)
    fed = sum(r["padding"][1] for r in results)
    ok = sum(r["fields"][0] for r in results if "fields" in r)
    total = sum(r["fields"][1] for r in results if "fields" in r)
    return {
        "stage_cpu_s_per_page": {k: round(v / pages, 4) for k, v in sorted(stage.items(), key=lambda kv: -kv[1])},
        "second_reads": reads.get("second_reads", 0),
        "second_read_share": round(reads.get("second_reads", 0) / pages, 3),
        "lines_per_page": round(reads.get("lines", 0) / pages, 1),
        "cell_lines_per_page": round(reads.get("cell_lines", 0) / pages, 1),
        "padding_share": round(1 - real / fed, 3) if fed else None,
        "fields_ok": ok,
        "fields_total": total,
        "docs": {r["doc"]: r.get("fields") for r in results},
    }


RUNS = ("pipeline", "bare 1280", "bare defaults")


def bench_dense(
    scans: list[Path], *, limit_pages: int = 30, workers: int = 2, kinds: tuple[str, ...] = RUNS
) -> dict[str, Any]:
    docs = [str(d) for d in pick_dense(scans, limit_pages)]
    runs = [run(kind, docs, workers) for kind in kinds]
    pipe = runs[0]
    ratios = {r["run"]: round(pipe["wall_s"] / r["wall_s"], 3) for r in runs[1:]}
    cpu_ratios = {r["run"]: round(pipe["cpu_s_per_page"] / r["cpu_s_per_page"], 3) for r in runs[1:]}
    report: dict[str, Any] = {
        "docs": [Path(d).parent.name for d in docs], "dpi": DPI, "runs": runs,
        "pipeline_vs_bare_wall": ratios, "pipeline_vs_bare_cpu": cpu_ratios,
    }
    report["report_lines"] = report_lines(report)
    return report


def report_lines(report: dict[str, Any]) -> list[str]:
    runs = report["runs"]
    pipe = runs[0]
    lines = [
        f"{pipe['pages']} dense scanned pages at {report['dpi']} dpi ({len(report['docs'])} documents), "
        f"{pipe['workers']} workers x 1 thread, models loaded, no OCR cache:",
        f"{'run':<16} {'wall s':>7} {'pages/s':>8} {'s/page':>7} {'CPU-s/p':>8} {'MB/worker':>10} {'x bare':>7}",
    ]
    for r in runs:
        ratio = "-" if r is pipe else f"{pipe['wall_s'] / r['wall_s']:.2f}"
        lines.append(
            f"{r['run']:<16} {r['wall_s']:>7.1f} {r['pages_per_s']:>8.3f} {r['s_per_page']:>7.3f} "
            f"{r['cpu_s_per_page']:>8.3f} {r['peak_rss_mb_per_worker']:>10} {ratio:>7}"
        )
    lines.append(
        "  x bare: the pipeline's wall over that run's; as CPU: "
        + ", ".join(f"{k} {v:.2f}" for k, v in report["pipeline_vs_bare_cpu"].items())
    )
    if "second_reads" in pipe:
        lines.append(
            f"pipeline: {pipe['second_reads']} of {pipe['pages']} pages read twice "
            f"({100 * pipe['second_read_share']:.1f}%: first reading doubtful); "
            f"{pipe['lines_per_page']} lines/page recognised, {pipe['cell_lines_per_page']} of them "
            f"table cells' (no detection); padding {100 * (pipe['padding_share'] or 0):.1f}% of recognition input; "
            f"fields {pipe['fields_ok']}/{pipe['fields_total']}"
        )
        top = [(k, v) for k, v in pipe["stage_cpu_s_per_page"].items() if v >= 0.002][:12]
        lines.append("pipeline CPU-s/page by stage: " + ", ".join(f"{k} {v:.3f}" for k, v in top))
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.tools.dense_bench")
    ap.add_argument("--pages", type=int, default=int(os.environ.get("BENCH_SCAN_PAGES", "30")))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--samples", type=Path, default=SAMPLES)
    ap.add_argument("--runs", default=",".join(RUNS), help="which runs, the first is compared (default: all)")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    kinds = tuple(k.strip() for k in args.runs.split(",") if k.strip())
    report = bench_dense(
        sorted(args.samples.rglob("scan.pdf")), limit_pages=args.pages, workers=args.workers, kinds=kinds
    )
    for line in report["report_lines"]:
        print(line, flush=True)
    if args.out:
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
