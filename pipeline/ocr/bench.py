"""OCR benchmark on the scanned samples: speed, memory, text and field accuracy.

    bench_scanned(scans, *, limit_pages=6, det_sizes=[960, 1280, 1600]) -> dict
    python -m pipeline.ocr.bench [--pages N] [--det 960 --det 1280 ...] [--dpi 200]

Each setting runs in a fresh (spawned) process, so its peak RSS is its own:
whole scanned documents (up to ``limit_pages`` pages in all) go through
``extract_document`` with OCR forced and no cache, then layout and parsing.
Reported per setting: s/page (wall), CPU-s/page, peak RSS, model load time,
CER and order-free character error against the digital twin's text layer
(same page; whitespace removed, NFKC, 〔〕【】［］ -> [], “” -> "), and the
per-field accuracy of the parsed notice against ``expected.json``.
The ``baseline`` row is RapidOCR with its own defaults (angle classifier on,
whole image at 2000 px) on the raw page image: the naive floor.
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
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

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


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


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
    from pipeline.ocr.run import page_count

    return page_count(pdf.read_bytes())


def pick_documents(scans: list[Path], limit_pages: int) -> list[Path]:
    """Whole documents, smallest first, until ``limit_pages`` (at least one)."""
    sized = sorted((_pages(s), str(s)) for s in scans if (s.parent / "notice.pdf").is_file())
    out: list[Path] = []
    total = 0
    for n, s in sized:
        if out and total + n > limit_pages:
            continue
        out.append(Path(s))
        total += n
    return out


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def measure(setting: dict[str, Any], docs: list[str], dpi: int) -> dict[str, Any]:
    """One setting, in this process (call in a fresh process)."""
    from pipeline.ocr.base import get_engine
    from pipeline.ocr.run import OcrOptions, ocr_pages

    det = setting.get("det")
    baseline = setting.get("baseline", False)
    t0 = time.perf_counter()
    engine: Any = get_engine("rapidocr", **({} if det is None else {"det_limit_side_len": det}))
    if baseline:
        from rapidocr import RapidOCR

        raw = RapidOCR(params={"Global.log_level": "error"})
    else:
        engine.model()
    load = time.perf_counter() - t0
    wall = cpu = 0.0
    pages = errs = bags = chars = 0
    fields_total = fields_ok = 0
    per_doc = []
    for doc in map(Path, docs):
        data = doc.read_bytes()
        c0, w0 = _cpu(), time.perf_counter()
        if baseline:
            texts = _baseline_texts(raw, data, dpi)
        else:
            got = ocr_pages(data, engine=engine, options=OcrOptions(dpi=dpi))
            texts = ["".join(b.text for b in p.boxes) for p in got]
        wall += time.perf_counter() - w0
        cpu += _cpu() - c0
        for i, text in enumerate(texts):
            ref = norm(reference_text(doc.parent / "notice.pdf", i))
            ocr = norm(text)
            errs += levenshtein(ocr, ref)
            bags += bag_error(ocr, ref)
            chars += len(ref)
        pages += len(texts)
        entry: dict[str, Any] = {"doc": doc.parent.name, "pages": len(texts)}
        if not baseline:
            acc = _field_accuracy(doc, got)
            if acc is not None:
                fields_ok += acc[0]
                fields_total += acc[1]
                entry["fields"] = f"{acc[0]}/{acc[1]}"
                entry["diffs"] = acc[2][:10]
        per_doc.append(entry)
    n = max(1, pages)
    return {
        "setting": setting.get("name", f"det {det}"),
        "pages": pages,
        "model_load_s": round(load, 2),
        "s_per_page": round(wall / n, 2),
        "cpu_s_per_page": round(cpu / n, 2),
        "peak_rss_mb": round(_rss_mb()),
        "cer": round(errs / max(1, chars), 4),
        "bag_error": round(bags / max(1, chars), 4),
        "field_accuracy": round(fields_ok / fields_total, 4) if fields_total else None,
        "docs": per_doc,
    }


def _baseline_texts(raw: Any, data: bytes, dpi: int) -> list[str]:
    from pipeline import imageprep
    from pipeline.ocr.run import page_count

    out = []
    for i in range(page_count(data)):
        img = imageprep.rasterize(data, i, dpi).image
        res = raw(img[:, :, ::-1].copy())
        out.append("".join(res.txts or ()))
    return out


def _field_accuracy(doc: Path, pages: Any) -> tuple[int, int, list[str]] | None:
    expected_path = doc.parent / "expected.json"
    if not expected_path.is_file():
        return None
    try:
        from pipeline.evaluate import compare
        from pipeline.layout import reconstruct
        from pipeline.model import Document
        from pipeline.render import render_notice
        from pipeline.run import parse_layout
        from pipeline.source import load_source
    except ImportError:
        return None
    source, _ = load_source(doc)
    try:
        notice = parse_layout(reconstruct(Document(source, tuple(pages))))
    except Exception as err:  # a parse failure scores zero, with its reason
        return 0, 1, [f"parse failed: {err}"]
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    expected["source"]["text_source"] = "ocr"
    scores = compare(expected, render_notice(notice))
    return sum(scores.correct.values()), sum(scores.total.values()), scores.diffs


def bench_scanned(
    scans: list[Path],
    *,
    limit_pages: int = 6,
    det_sizes: list[int] | None = None,
    dpi: int = 200,
    baseline: bool = True,
) -> dict[str, Any]:
    """Measure each detection size (and the naive baseline) in its own process."""
    docs = [str(d) for d in pick_documents(scans, limit_pages)]
    settings: list[dict[str, Any]] = [
        {"name": f"det {d}", "det": d} for d in (det_sizes or [960, 1280, 1600])
    ]
    if baseline:
        settings.append({"name": "baseline: RapidOCR defaults, raw page", "baseline": True})
    results = []
    ctx = multiprocessing.get_context("spawn")
    for setting in settings:
        with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            results.append(pool.submit(measure, setting, docs, dpi).result())
    lines = [
        f"{r['setting']}: {r['s_per_page']} s/page, {r['cpu_s_per_page']} CPU-s/page, "
        f"peak {r['peak_rss_mb']} MB, load {r['model_load_s']} s, CER {r['cer']:.4f}, "
        f"bag {r['bag_error']:.4f}, fields {r['field_accuracy']} ({r['pages']} pages)"
        for r in results
    ]
    return {"docs": docs, "dpi": dpi, "results": results, "report_lines": lines}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.ocr.bench")
    ap.add_argument("--pages", type=int, default=6, help="page budget (whole documents)")
    ap.add_argument("--det", type=int, action="append", help="detection long side (repeatable)")
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--samples", type=Path, default=Path(__file__).resolve().parents[2] / "samples")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    scans = sorted(args.samples.glob("*/scan.pdf")) + sorted(args.samples.glob("scan/*/scan.pdf"))
    report = bench_scanned(
        scans,
        limit_pages=args.pages,
        det_sizes=args.det,
        dpi=args.dpi,
        baseline=not args.no_baseline,
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
