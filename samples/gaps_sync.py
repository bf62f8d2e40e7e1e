"""``python -m samples.gaps_sync``: re-write a series' entries of samples/known_gaps.yaml from what
the parsers do now, so the strict known-gaps list neither hides a fix (XPASS) nor misses a failure.

    python -m samples.gaps_sync --series r --dry-run   # show the entries it would write
    python -m samples.gaps_sync --series r             # rewrite corpus B's entries (r*, blind/r*)
    python -m samples.gaps_sync --series w             # corpus A's entries, likewise

For each sample folder whose id starts with the series it runs what the golden tests run: the
digital parse (``fields``: the differing paths; ``flags``: the code sets) and, when the sample has a
scanned twin with recorded OCR, the replay parse (``scanned``: the test's rule - the scan gives what
the digital twin gives, every field and every flag but LOW_CONFIDENCE: ``evaluate.twin_diffs``). A sealed split
(``samples/blind/`` while SEALED is there) is skipped: its results stay unread until the closing
evaluation (``--reveal-blind``, only after it, parses it and writes its paths). Lines of other series are kept verbatim, and so is a
kept entry's trailing ``# note``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.core.errors import NotANoticeError
from pipeline.core.render import render_notice
from pipeline.run import Settings, parse_document
from pipeline.tools.evaluate import compare, flag_codes, twin_diffs
from samples.corpus import is_sealed

SAMPLES = Path(__file__).resolve().parent
GAPS = SAMPLES / "known_gaps.yaml"
LINE = re.compile(r"^(?P<name>[\w/]+): (?P<entry>\{.*\})(?:\s*#\s*(?P<note>.*))?$")


def in_series(name: str, series: str) -> bool:
    """``blind/r03_x`` and ``r15_x`` are in series ``r``; ``w02_x`` is not."""
    return re.match(rf"^(?:blind/)?{re.escape(series)}\d", name) is not None


def entry_for(name: str, expected: dict[str, Any], digital: dict[str, Any],
              scanned: dict[str, Any] | str | None, *, reveal_blind: bool = False) -> dict[str, Any]:
    """The known-gaps entry of one sample (empty when it passes everything); ``scanned`` is the
    scan's parse, or why the scan was refused."""
    blind = name.startswith("blind/") and not reveal_blind
    out: dict[str, Any] = {}
    scores = compare(expected, digital)
    if scores.diffs:
        out["fields"] = "blind" if blind else [d.split(": ", 1)[0] for d in scores.diffs]
    want, got = flag_codes(expected), flag_codes(digital)
    if want != got:
        out["flags"] = "blind" if blind else f"missing {sorted(want - got)}, unexpected {sorted(got - want)}"
    if isinstance(scanned, str):
        out["scanned"] = "blind" if blind else f"scan refused: {scanned}"
    elif scanned is not None:
        twin = twin_diffs(digital, scanned)
        if twin:
            paths = ", ".join(d.split(": ", 1)[0] for d in twin[:4])
            out["scanned"] = "blind" if blind else f"scan differs from digital in {len(twin)}: {paths}"
    return out


def merge(lines: list[str], series: str, entries: dict[str, dict[str, Any]]) -> list[str]:
    """Other series' lines verbatim, then the series' new entries (a kept entry keeps its note;
    blind entries carry no note)."""
    notes: dict[str, str] = {}
    kept: list[str] = []
    for line in lines:
        m = LINE.match(line)
        if m and in_series(m["name"], series):
            notes[m["name"]] = m["note"] or ""
        else:
            kept.append(line)
    out = []
    for name, entry in sorted(entries.items()):
        if not entry:
            continue
        note = notes.get(name, "")
        out.append(f"{name}: {json.dumps(entry, ensure_ascii=False)}" + (f"  # {note}" if note else ""))
    return kept + out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.gaps_sync", description=__doc__.split("\n\n")[0])
    ap.add_argument("--series", default="r", help="id prefix of the samples to re-sync (default r)")
    ap.add_argument("--dry-run", action="store_true", help="print the entries, do not write")
    ap.add_argument("--reveal-blind", action="store_true",
                    help="write the blind split's failing paths too (only after the closing evaluation)")
    args = ap.parse_args(argv)
    entries: dict[str, dict[str, Any]] = {}
    for exp in sorted(SAMPLES.rglob("expected.json")):
        name = str(exp.parent.relative_to(SAMPLES))
        if not in_series(name, args.series) or not (exp.parent / "notice.pdf").exists():
            continue
        if is_sealed(exp.parent) and not args.reveal_blind:
            continue  # a sealed split is not parsed at all before its closing evaluation: not even pass/fail
        expected = json.loads(exp.read_text(encoding="utf-8"))
        digital = render_notice(parse_document(exp.parent / "notice.pdf", Settings(ocr_engine="fake")))
        scanned: dict[str, Any] | str | None = None
        if (exp.parent / "scan.pdf").exists() and (exp.parent / "ocr").is_dir():
            try:
                scanned = render_notice(parse_document(exp.parent / "scan.pdf", Settings(ocr_engine="replay")))
            except NotANoticeError as err:
                scanned = str(err)
        entries[name] = entry_for(name, expected, digital, scanned, reveal_blind=args.reveal_blind)
        print(f"{name}: {', '.join(entries[name]) or 'passes'}", file=sys.stderr)
    lines = merge(GAPS.read_text(encoding="utf-8").rstrip("\n").split("\n"), args.series, entries)
    if args.dry_run:
        print("\n".join(line for line in lines if (m := LINE.match(line)) and in_series(m["name"], args.series)))
    else:
        GAPS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
