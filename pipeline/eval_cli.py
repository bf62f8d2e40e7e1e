"""`notices eval FOLDER`: per-field accuracy of `notices parse` over labelled notices.

Every ``expected.json`` under FOLDER is compared with the parse of the PDF
beside it (``notice.pdf`` unless --pdf-name; with ``--pdf-name scan.pdf`` the
scanned twins, whose expected ``source.text_source`` is then "ocr"). Prints a per-field table and
the flag-code precision/recall to stdout; exits 1 when any file fails to parse.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from pipeline.errors import InputError
from pipeline.evaluate import FieldScores, compare, flag_codes, top_level
from pipeline.render import render_notice
from pipeline.run import Settings, parse_document


def run_eval(folder: Path, settings: Settings, *, pdf_name: str = "notice.pdf", show_diffs: bool = False) -> int:
    expected_files = sorted(folder.rglob("expected.json"))
    if not expected_files:
        print(f"notices: no expected.json under {folder}", file=sys.stderr)
        return 2
    total = FieldScores({}, {}, [])
    failures = 0
    pages = 0
    seconds = 0.0
    tp = fp = fn = 0
    per_code: dict[str, list[int]] = {}
    per_doc: list[tuple[str, float]] = []
    for exp_path in expected_files:
        pdf = exp_path.parent / pdf_name
        if not pdf.exists():
            continue
        expected = json.loads(exp_path.read_text(encoding="utf-8"))
        if pdf_name != "notice.pdf" and isinstance(expected.get("source"), dict):
            expected["source"]["text_source"] = "ocr"  # a scanned twin is read by OCR
        t0 = time.perf_counter()
        try:
            actual = render_notice(parse_document(pdf, settings))
        except InputError as e:
            print(f"{pdf}: FAILED: {e}", file=sys.stderr)
            failures += 1
            continue
        seconds += time.perf_counter() - t0
        pages += int(actual["source"]["pages"])
        scores = compare(expected, actual)
        per_doc.append((str(exp_path.parent.name), scores.accuracy()))
        total = total.merge(scores)
        want, got = flag_codes(expected), flag_codes(actual)
        tp += len(want & got)
        fp += len(got - want)
        fn += len(want - got)
        for code in want | got:
            counts = per_code.setdefault(code, [0, 0, 0])
            counts[0 if code in want and code in got else 1 if code in got else 2] += 1
        if show_diffs:
            for d in scores.diffs:
                print(f"{exp_path.parent.name}: {d}")
            for c in sorted(want - got):
                print(f"{exp_path.parent.name}: flag {c} expected, not raised")
            for c in sorted(got - want):
                print(f"{exp_path.parent.name}: flag {c} raised, not expected")
    print(f"{'field':<28} {'correct':>8} {'total':>6} {'accuracy':>9}")
    for key, (ok, n) in top_level(total).items():
        print(f"{key:<28} {ok:>8} {n:>6} {ok / n:>9.1%}")
    print(f"{'ALL FIELDS':<28} {sum(total.correct.values()):>8} {sum(total.total.values()):>6} {total.accuracy():>9.1%}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"flag codes: precision {precision:.1%}, recall {recall:.1%} (tp {tp}, fp {fp}, fn {fn})")
    print(f"{'flag code':<28} {'tp':>4} {'fp':>4} {'fn':>4}  (per notice)")
    for code, (t, f, n) in sorted(per_code.items()):
        print(f"{code:<28} {t:>4} {f:>4} {n:>4}")
    for name, acc in per_doc:
        print(f"  {name:<40} {acc:.1%}")
    if pages:
        print(f"{len(per_doc)} notices, {pages} pages, {1000 * seconds / pages:.0f} ms/page")
    return 1 if failures else 0
