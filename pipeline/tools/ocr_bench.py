"""OCR benchmark on the scanned samples: speed, memory, text and field accuracy.

    bench_scanned(scans, *, limit_pages=6, det_sizes=[960, 1280, 1600]) -> dict
    python -m pipeline.tools.ocr_bench [--pages N] [--det 960 --det 1280 ...] [--dpi 200]

Each setting runs in a fresh (spawned) process, so its peak RSS is its own:
whole scanned documents (up to ``limit_pages`` pages in all) go through
``extract_document`` with OCR forced and no cache, then layout and parsing.
Reported per setting: s/page (wall), CPU-s/page, peak RSS, model load time,
CER and order-free character error against the digital twin's text layer
(same page; whitespace removed, NFKC, 〔〕【】［］ -> [], “” -> "), and the
per-field accuracy of the parsed notice against ``expected.json``.
Also per setting: time per stage (rasterise, prepare, orient, detect,
recognise, red pass, rulings, layout, parse, checks, store; exclusive times,
see ``pipeline.core.timing``) and the engine alone on the same prepared images
(the floor the pipeline adds to). The ``baseline`` row is RapidOCR with its
own defaults (angle classifier on, whole image at 2000 px) on the raw page
image: the naive way. Then pages/s with 1 worker x 1 thread, 1 x 2 and 2 x 1.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

from pipeline.tools.evaluate import scan_scores

FOLD = str.maketrans(
    {
        "〔": "[",
        "〕": "]",
        "【": "[",
        "】": "]",
        "﹝": "[",
        "﹞": "]",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "—": "-",
    }
)


def norm(text: str) -> str:
    """Text for character error: NFKC, brackets and quotes folded, no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).translate(FOLD).split())


def bag_error(ocr: str, ref: str) -> int:
    """Characters missing or extra, ignoring order."""
    a, b = Counter(ocr), Counter(ref)
    return sum(((a - b) + (b - a)).values())


def reference_text(pdf: Path, page_index: int) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return str(doc[page_index].get_textpage().get_text_range())
    finally:
        doc.close()


def _pages(pdf: Path) -> int:
    from pipeline.read.ocr.run import page_count

    return page_count(pdf.read_bytes())


def pick_documents(scans: list[Path], limit_pages: int) -> list[Path]:
    """Whole documents, smallest first, until ``limit_pages`` (at least one)."""
    sized = sorted((_pages(s), str(s)) for s in scans if (s.parent / "notice.pdf").is_file())
    return whole_documents(((Path(s), n) for n, s in sized), limit_pages)


def whole_documents(counted: Iterable[tuple[Path, int]], limit_pages: int) -> list[Path]:
    """Documents (with their page counts) in the order given, one that would
    pass ``limit_pages`` skipped, until ``limit_pages`` pages (at least one)."""
    out: list[Path] = []
    total = 0
    for doc, n in counted:
        if out and total + n > limit_pages:
            continue
        out.append(doc)
        total += n
        if total >= limit_pages:
            break
    return out


def _text_errors(scan: Path, texts: list[str]) -> tuple[int, int, int]:
    """(edit distance, order-free error, reference characters) against the digital twin."""
    errs = bags = chars = 0
    for i, text in enumerate(texts):
        ref = norm(reference_text(scan.parent / "notice.pdf", i))
        ocr = norm(text)
        errs += Levenshtein.distance(ocr, ref)
        bags += bag_error(ocr, ref)
        chars += len(ref)
    return errs, bags, chars


def _rss_mb() -> float:
    """Peak RSS of this process plus the largest child's (tesseract runs as one)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + child) / 1024.0


def _cpu() -> float:
    """CPU seconds of this process and its finished children (all threads)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _engine_options(setting: dict[str, Any]) -> tuple[tuple[str, object], ...]:
    opts: dict[str, object] = {}
    if setting.get("det") is not None:
        opts["det_limit_side_len"] = int(setting["det"])
    if setting.get("threads") is not None:
        opts["threads"] = int(setting["threads"])
    if setting.get("rec_batch") is not None:
        opts["rec_batch"] = int(setting["rec_batch"])
    return tuple(sorted(opts.items()))


def measure(setting: dict[str, Any], docs: list[str], dpi: int) -> dict[str, Any]:
    """One setting, in this process (call in a fresh process).

    The whole pipeline (open, OCR with preparation, layout, parse, checks,
    store into a scratch SQLite) per document, stage by stage; then, untimed
    preparation aside, the same engine alone on the same prepared page images
    (``floor``: what the pipeline adds on top of the engine). The baseline
    setting instead runs the bare engine with its own defaults on the raw
    page images.
    """
    if setting.get("baseline"):
        return _measure_baseline(setting, docs, dpi)
    import tempfile

    from db.store import connect
    from pipeline.core import timing
    from pipeline.run import Settings, _engine
    from pipeline.tools.bench import parse_and_store

    settings = Settings(
        ocr_engine=setting.get("engine", "rapidocr"),
        dpi=dpi,
        ocr_cache="",
        force_ocr=True,
        engine_options=_engine_options(setting),
    )
    t0 = time.perf_counter()
    engine: Any = _engine(settings)
    _warm_up(engine, docs[0], dpi)
    load = time.perf_counter() - t0
    times = timing.StageTimes()
    wall = cpu = 0.0
    pages = errs = bags = chars = 0
    fields_total = fields_ok = 0
    per_doc = []
    with tempfile.TemporaryDirectory() as tmp:
        db = connect(f"sqlite:///{tmp}/bench.db")
        for doc in map(Path, docs):
            c0, w0 = _cpu(), time.perf_counter()
            with timing.recording(times):
                document, notice = parse_and_store(doc, settings, db)
            wall += time.perf_counter() - w0
            cpu += _cpu() - c0
            texts = ["".join(b.text for b in p.boxes) for p in document.pages]
            errs, bags, chars = (a + b for a, b in zip((errs, bags, chars), _text_errors(doc, texts), strict=True))
            pages += len(texts)
            entry: dict[str, Any] = {"doc": doc.parent.name, "pages": len(texts)}
            acc = field_accuracy(doc, notice)
            if acc is not None:
                fields_ok += acc[0]
                fields_total += acc[1]
                entry["fields"] = f"{acc[0]}/{acc[1]}"
                entry["diffs"] = acc[2][:10]
            per_doc.append(entry)
        db.dispose()
    floor = _floor(engine, docs, dpi)
    n = max(1, pages)
    return {
        "setting": setting.get("name", f"det {setting.get('det')}"),
        "pages": pages,
        "model_load_s": round(load, 2),  # and one warm-up page
        "s_per_page": round(wall / n, 3),
        "cpu_s_per_page": round(cpu / n, 3),
        "engine_floor_s_per_page": round(floor / n, 3),
        "vs_floor": round(wall / floor, 3) if floor else None,
        "stages_s_per_page": {k: round(v / n, 4) for k, v in sorted(times.wall.items(), key=lambda kv: -kv[1])},
        "stage_cpu_s_per_page": {k: round(v / n, 4) for k, v in sorted(times.cpu.items(), key=lambda kv: -kv[1])},
        "peak_rss_mb": round(_rss_mb()),
        "cer": round(errs / max(1, chars), 4),
        "bag_error": round(bags / max(1, chars), 4),
        "fields_ok": fields_ok,
        "fields_total": fields_total,
        "field_accuracy": round(fields_ok / fields_total, 4) if fields_total else None,
        "docs": per_doc,
    }


def _warm_up(engine: Any, doc: str, dpi: int) -> None:
    """Load the model and run it once: onnxruntime's first run is ~0.8 s slower.

    Once per worker in production, so neither the pipeline nor the floor is
    charged for it (it is reported with the model load).
    """
    from pipeline.read import imageprep

    prepared = imageprep.prepare(imageprep.rasterize(Path(doc).read_bytes(), 0, dpi))
    engine.recognize(prepared.image, page=1, dpi=dpi)


def _floor(engine: Any, docs: list[str], dpi: int) -> float:
    """Seconds the engine alone spends on the prepared page images (main pass)."""
    from pipeline.read import imageprep
    from pipeline.read.ocr.run import page_count

    total = 0.0
    for doc in docs:
        data = Path(doc).read_bytes()
        for i in range(page_count(data)):
            prepared = imageprep.prepare(imageprep.rasterize(data, i, dpi))
            w0 = time.perf_counter()
            engine.recognize(prepared.image, page=i + 1, dpi=dpi)
            total += time.perf_counter() - w0
    return total


def _measure_baseline(setting: dict[str, Any], docs: list[str], dpi: int) -> dict[str, Any]:
    """RapidOCR with its own defaults on the raw page images: the naive way."""
    from rapidocr import RapidOCR

    t0 = time.perf_counter()
    raw = RapidOCR(params={"Global.log_level": "error"})
    bare_texts(raw, Path(docs[0]).read_bytes(), dpi, pages=1)  # warm up, as the others
    load = time.perf_counter() - t0
    wall = cpu = 0.0
    pages = errs = bags = chars = 0
    for doc in map(Path, docs):
        data = doc.read_bytes()
        c0, w0 = _cpu(), time.perf_counter()
        texts = bare_texts(raw, data, dpi)
        wall += time.perf_counter() - w0
        cpu += _cpu() - c0
        errs, bags, chars = (a + b for a, b in zip((errs, bags, chars), _text_errors(doc, texts), strict=True))
        pages += len(texts)
    n = max(1, pages)
    return {
        "setting": setting.get("name", "baseline"),
        "pages": pages,
        "model_load_s": round(load, 2),
        "s_per_page": round(wall / n, 3),
        "cpu_s_per_page": round(cpu / n, 3),
        "peak_rss_mb": round(_rss_mb()),
        "cer": round(errs / max(1, chars), 4),
        "bag_error": round(bags / max(1, chars), 4),
        "field_accuracy": None,
    }


def bare_texts(raw: Any, data: bytes, dpi: int, pages: int | None = None) -> list[str]:
    """Each page's text read by a bare RapidOCR ``raw`` on the raw page image (the first ``pages``)."""
    from pipeline.read import imageprep
    from pipeline.read.ocr.run import page_count

    out = []
    for i in range(pages if pages is not None else page_count(data)):
        img = imageprep.rasterize(data, i, dpi).image
        res = raw(img[:, :, ::-1].copy())
        out.append("".join(res.txts or ()))
    return out


def field_accuracy(doc: Path, notice: Any) -> tuple[int, int, list[str]] | None:
    scores = scan_scores(doc, notice)
    return None if scores is None else (sum(scores.correct.values()), sum(scores.total.values()), scores.diffs)


def _worker_init(
    threads: int, engine: str, options: tuple[tuple[str, object], ...], dpi: int, doc: str
) -> None:
    import os

    os.environ["NOTICES_OCR_THREADS"] = str(threads)
    os.environ["OMP_NUM_THREADS"] = str(threads)
    from pipeline.run import Settings, _engine

    e: Any = _engine(Settings(ocr_engine=engine, dpi=dpi, ocr_cache="", force_ocr=True, engine_options=options))
    _warm_up(e, doc, dpi)  # the model loads once per worker, before the clock starts


def _parse_pages(doc: str, engine: str, options: tuple[tuple[str, object], ...], dpi: int) -> tuple[int, float]:
    from pipeline.run import Settings, safe_parse

    r = safe_parse(doc, Settings(ocr_engine=engine, dpi=dpi, ocr_cache="", force_ocr=True, engine_options=options))
    return (r.notice.source.pages if r.notice else 0), _rss_mb()


def workers(docs: list[str], *, det: int | None, dpi: int, engine: str = "rapidocr",
            layouts: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1))) -> dict[str, Any]:
    """Scanned pages/s for (workers, onnxruntime threads per worker) layouts."""
    options = _engine_options({"det": det})
    out: dict[str, Any] = {}
    big_first = sorted(docs, key=lambda d: -_pages(Path(d)))
    for n_workers, threads in layouts:
        results, wall = timed_map(
            partial(_parse_pages, engine=engine, options=options, dpi=dpi), big_first, n_workers,
            _worker_init, (threads, engine, options, dpi, big_first[-1]),
        )
        pages = sum(r[0] for r in results)
        out[f"{n_workers}w x {threads}t"] = {
            "workers": n_workers, "threads": threads, "pages": pages, "wall_s": round(wall, 2),
            "pages_per_s": round(pages / wall, 3), "s_per_page": round(wall / max(1, pages), 3),
            "peak_rss_mb_per_worker": round(max(r[1] for r in results)),
        }
    return out


def _noop(_: int) -> None:
    time.sleep(1.0)  # long enough that every worker takes one: all initialised


def timed_map(
    task: Callable[[str], Any], docs: list[str], n_workers: int,
    initializer: Callable[..., None], initargs: tuple[Any, ...],
) -> tuple[list[Any], float]:
    """``task`` over ``docs`` in ``n_workers`` spawned processes (so each one's
    RSS is its own), and the wall seconds from when every worker is set up."""
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(n_workers, mp_context=ctx, initializer=initializer, initargs=initargs) as pool:
        list(pool.map(_noop, range(n_workers)))  # workers up, models loaded
        t0 = time.perf_counter()
        results = list(pool.map(task, docs))
        return results, time.perf_counter() - t0


def bench_scanned(
    scans: list[Path],
    *,
    limit_pages: int = 6,
    det_sizes: list[int] | None = None,
    dpi: int = 200,
    baseline: bool = True,
    engine: str = "rapidocr",
    scaling: bool = True,
    rec_batches: list[int] | None = None,
) -> dict[str, Any]:
    """Measure each detection size (and the naive baseline) in its own process."""
    docs = [str(d) for d in pick_documents(scans, limit_pages)]
    sizes: list[int | None] = list(det_sizes) if det_sizes else [None]
    settings: list[dict[str, Any]] = [
        {"name": f"{engine} det {d}" if d else engine, "det": d, "engine": engine} for d in sizes
    ]
    for batch in rec_batches or ():
        settings.append({"name": f"{engine} det {sizes[0]} rec batch {batch}", "det": sizes[0],
                         "engine": engine, "rec_batch": batch})
    if baseline and engine == "rapidocr":
        settings.append({"name": "baseline: RapidOCR defaults, raw page", "baseline": True})
    results = []
    ctx = multiprocessing.get_context("spawn")
    for setting in settings:
        with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            results.append(pool.submit(measure, setting, docs, dpi).result())
    report: dict[str, Any] = {"docs": docs, "dpi": dpi, "results": results}
    if scaling:
        report["workers"] = workers(docs, det=sizes[0], dpi=dpi, engine=engine)
    report["report_lines"] = report_lines(report)
    return report


def report_lines(report: dict[str, Any]) -> list[str]:
    """The scanned figures as a side-by-side table, then stages and workers."""
    results = report["results"]
    pages = max((r["pages"] for r in results), default=0)
    base = next((r for r in results if r["setting"].startswith("baseline")), None)
    lines = [
        f"{pages} scanned pages at {report['dpi']} dpi ({len(report['docs'])} documents), one worker:",
        f"{'setting':<38} {'s/page':>7} {'CPU-s/p':>8} {'peak MB':>8} {'fields':>8} {'CER':>7} "
        f"{'x engine':>9} {'x bare':>7}",
    ]
    for r in results:
        fields = f"{100 * r['field_accuracy']:.2f}%" if r.get("field_accuracy") is not None else "-"
        vs_floor = f"{r['vs_floor']:.2f}" if r.get("vs_floor") else "-"
        vs_bare = f"{r['s_per_page'] / base['s_per_page']:.2f}" if base and r is not base else "-"
        lines.append(
            f"{r['setting']:<38} {r['s_per_page']:>7.2f} {r['cpu_s_per_page']:>8.2f} "
            f"{r['peak_rss_mb']:>8} {fields:>8} {r['cer']:>7.4f} {vs_floor:>9} {vs_bare:>7}"
        )
    lines.append("  x engine: pipeline wall / the same engine alone on the same prepared images;")
    lines.append("  x bare: pipeline wall / bare RapidOCR with its defaults on the raw page images")
    for r in results:
        if r.get("stages_s_per_page"):
            top = [(k, v) for k, v in r["stages_s_per_page"].items() if v >= 0.001][:12]
            lines.append(f"stages, {r['setting']} (s/page): " + ", ".join(f"{k} {v:.3f}" for k, v in top))
    per_layout = report.get("workers") or {}
    for name, w in per_layout.items():
        lines.append(
            f"workers {name}: {w['pages_per_s']:.3f} pages/s = {w['s_per_page']:.2f} s/page wall, "
            f"peak {w['peak_rss_mb_per_worker']} MB/worker"
        )
    one, two, one2 = (per_layout.get(k) for k in ("1w x 1t", "2w x 1t", "1w x 2t"))
    if one and two:
        lines.append(f"2 workers vs 1 (1 thread each): x{two['pages_per_s'] / one['pages_per_s']:.2f}")
    if one2 and two:
        lines.append(
            f"2 workers x 1 thread vs 1 worker x 2 threads: x{two['pages_per_s'] / one2['pages_per_s']:.2f}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.tools.ocr_bench")
    ap.add_argument("--pages", type=int, default=6, help="page budget (whole documents)")
    ap.add_argument("--det", type=int, action="append", help="detection long side (repeatable)")
    ap.add_argument("--engine", default="rapidocr", help="OCR engine (rapidocr, paddleocr, tesseract)")
    ap.add_argument("--rec-batch", type=int, action="append", help="also try this recognition batch (repeatable)")
    ap.add_argument("--no-workers", action="store_true", help="skip the 1 vs 2 workers runs")
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--samples", type=Path, default=Path(__file__).resolve().parents[2] / "samples")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    scans = sorted(args.samples.rglob("scan.pdf"))
    report = bench_scanned(
        scans,
        limit_pages=args.pages,
        det_sizes=args.det,
        dpi=args.dpi,
        baseline=not args.no_baseline,
        engine=args.engine,
        scaling=not args.no_workers,
        rec_batches=args.rec_batch,
    )
    for line in report["report_lines"]:
        print(line, flush=True)
    if args.out:
        args.out.write_text(
            json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
