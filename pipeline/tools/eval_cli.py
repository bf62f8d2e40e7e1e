"""`notices eval FOLDER`: per-field accuracy of `notices parse` over labelled notices.

Every ``expected.json`` under FOLDER is compared with the parse of the PDF
beside it (``notice.pdf`` unless --pdf-name; with ``--pdf-name scan.pdf`` the
scanned twins, whose expected ``source.text_source`` is then "ocr"). Prints a per-field table and
the flag-code precision/recall to stdout; exits 1 when any file fails to parse.

``--exclude SUB`` leaves sub-folders of FOLDER out (``make eval``: the development split is
``samples`` minus ``samples/blind``, the blind split ``samples/blind`` on its own). A folder
under a directory holding a ``SEALED`` file is a held-out split whose results nobody may see
before its closing evaluation: it is skipped and counted, unless ``--unseal``. Each notice's
line also names the flags raised that its expected.json does not hold (with their severity),
and the summary counts the clean notices (no planted error flag) that got a false error flag.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.errors import InputError
from pipeline.core.render import render_notice
from pipeline.run import Settings, parse_document
from pipeline.tools.evaluate import FieldScores, compare, flag_codes, sealed, top_level


def excluded(path: Path, folder: Path, exclude: Sequence[str]) -> bool:
    """Is ``path`` (under ``folder``) inside one of the ``exclude`` sub-folders of ``folder``?"""
    rel = path.relative_to(folder)
    return any(rel.is_relative_to(Path(e)) for e in exclude)


def false_flags(expected: dict[str, object], actual: dict[str, object]) -> list[str]:
    """Codes raised that the expected notice does not hold, as ``CODE(severity)``."""
    want = flag_codes(expected)
    flags = actual.get("flags")
    got = sorted({(f["code"], f["severity"]) for f in flags if f["code"] not in want}) if isinstance(flags, list) else []
    return [f"{code}({severity})" for code, severity in got]


@dataclass(frozen=True)
class SampleEval:
    """One labelled notice parsed and compared: its expected and actual JSON, field scores, the
    flags raised that it does not hold, and the parse's seconds."""

    expected: dict[str, Any]
    actual: dict[str, Any]
    scores: FieldScores
    false: tuple[str, ...]
    seconds: float

    @property
    def clean(self) -> bool:
        """No error flag planted in the expected notice."""
        return not any(f.get("severity") == "error" for f in self.expected.get("flags", []))

    @property
    def false_error(self) -> bool:
        """A clean notice that got an error flag it should not have."""
        return self.clean and any(f.endswith("(error)") for f in self.false)


def eval_sample(exp_path: Path, settings: Settings, pdf_name: str = "notice.pdf") -> SampleEval | None:
    """Parse the PDF ``pdf_name`` beside ``exp_path`` and compare it with that expected.json (a
    scanned twin's expected ``source.text_source`` is then "ocr"); None when there is no such PDF.
    Raises InputError when the PDF cannot be parsed."""
    pdf = exp_path.parent / pdf_name
    if not pdf.exists():
        return None
    expected = json.loads(exp_path.read_text(encoding="utf-8"))
    if pdf_name != "notice.pdf" and isinstance(expected.get("source"), dict):
        expected["source"]["text_source"] = "ocr"  # a scanned twin is read by OCR
    t0 = time.perf_counter()
    actual = render_notice(parse_document(pdf, settings))
    seconds = time.perf_counter() - t0
    return SampleEval(expected, actual, compare(expected, actual), tuple(false_flags(expected, actual)),
                      seconds)


def run_eval(folder: Path, settings: Settings, *, pdf_name: str = "notice.pdf", show_diffs: bool = False,
             exclude: Sequence[str] = (), unseal: bool = False) -> int:
    expected_files = sorted(p for p in folder.rglob("expected.json") if not excluded(p, folder, exclude))
    held_out = [] if unseal else [p for p in expected_files if sealed(p, folder)]
    if held_out:
        print(f"{len(held_out)} notices held out: their split is SEALED (its results are read only at the "
              "closing evaluation, with --unseal)")
        expected_files = [p for p in expected_files if p not in held_out]
        if not expected_files:
            return 0
    if not expected_files:
        print(f"notices: no expected.json under {folder}", file=sys.stderr)
        return 2
    total = FieldScores({}, {}, [])
    failures = 0
    pages = 0
    seconds = 0.0
    tp = fp = fn = 0
    per_code: dict[str, list[int]] = {}
    per_doc: list[tuple[str, float, list[str]]] = []
    clean = clean_with_error = 0
    for exp_path in expected_files:
        try:
            sample = eval_sample(exp_path, settings, pdf_name)
        except InputError as e:
            print(f"{exp_path.parent / pdf_name}: FAILED: {e}", file=sys.stderr)
            failures += 1
            continue
        if sample is None:
            continue
        expected, actual, scores = sample.expected, sample.actual, sample.scores
        seconds += sample.seconds
        pages += int(actual["source"]["pages"])
        per_doc.append((str(exp_path.parent.relative_to(folder)), scores.accuracy(), list(sample.false)))
        clean += sample.clean
        clean_with_error += sample.false_error
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
    for name, acc, false in per_doc:
        extra = f"  false flags: {' '.join(false)}" if false else ""
        print(f"  {name:<40} {acc:.1%}{extra}")
    print(f"clean notices (no planted error flag) with a false error flag: {clean_with_error} of {clean}")
    if pages:
        print(f"{len(per_doc)} notices, {pages} pages, {1000 * seconds / pages:.0f} ms/page")
    return 1 if failures else 0
