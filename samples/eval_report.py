"""``python -m samples.eval_report``: field accuracy and false flags grouped by what the samples are.

Every sample folder (``samples/<…>/expected.json`` beside its PDF) is parsed as ``notices eval``
does; the results are grouped by the metadata of the sample's generator spec - ``province``,
``level`` (issuer: province, prefecture, county, district), ``fund`` and ``layouts`` (the
real-world layout kinds of issue 10; a sample with none counts as ``plain``) - and by split
(``blind`` = under samples/blind/, else ``dev``). Samples whose spec has no such key are grouped
under their id's series (``v``, ``w``, ``seed``, ``f``, ``c``).

    python -m samples.eval_report                     # both splits, digital PDFs
    python -m samples.eval_report --split blind       # the held-out split only
    python -m samples.eval_report --pdf-name scan.pdf --ocr-engine replay   # scanned twins

A notice is *clean* when its expected.json plants no error flag; ``false err`` counts the clean
notices that got an error flag they should not have.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.errors import InputError
from pipeline.run import Settings
from pipeline.tools.eval_cli import eval_sample
from pipeline.tools.evaluate import sealed

from .generator import __main__ as gen

SAMPLES = Path(__file__).resolve().parent
KEYS = ("split", "province", "level", "fund", "layouts")


@dataclass(frozen=True)
class Result:
    """One parsed sample: its folder (relative to samples/), field counts and false flags."""

    name: str
    correct: int
    total: int
    clean: bool
    false: tuple[str, ...]

    @property
    def false_error(self) -> bool:
        return self.clean and any(f.endswith("(error)") for f in self.false)


def series(sample_id: str) -> str:
    """``v07_leishan`` -> ``v``, ``seed000`` -> ``seed``, ``f01_…`` -> ``f``."""
    m = re.match(r"[a-z]+", sample_id)
    return m[0] if m else sample_id


def metadata() -> dict[str, dict[str, Any]]:
    """Sample folder (relative to samples/) -> its spec."""
    out: dict[str, dict[str, Any]] = {}
    for path in gen.spec_paths():
        spec = gen.load(path)
        out[str(spec.get("folder", spec["id"]))] = spec
    return out


def groups(name: str, spec: dict[str, Any] | None, key: str) -> list[str]:
    """The group(s) a sample belongs to under ``key`` (a sample can have several layouts)."""
    if key == "split":
        return ["blind" if name.startswith("blind/") else "dev"]
    sample_id = name.rsplit("/", 1)[-1]
    if spec is None or key not in spec:
        return [f"({series(sample_id)} series)"]
    value = spec[key]
    if key == "layouts":
        return [str(v) for v in value] or ["plain"]
    return [str(value)]


def tabulate(results: Iterable[Result], specs: dict[str, dict[str, Any]], key: str) -> list[str]:
    """Lines of a per-group table: notices, fields correct/total, accuracy, clean notices with a false error."""
    acc: dict[str, list[int]] = {}
    for r in results:
        for g in groups(r.name, specs.get(r.name), key):
            row = acc.setdefault(g, [0, 0, 0, 0, 0])
            row[0] += 1
            row[1] += r.correct
            row[2] += r.total
            row[3] += r.clean
            row[4] += r.false_error
    lines = [f"{key:<26} {'notices':>7} {'fields':>13} {'accuracy':>9} {'false err':>10}"]
    for g, (n, ok, tot, clean, ferr) in sorted(acc.items()):
        share = ok / tot if tot else 1.0
        lines.append(f"{g:<26} {n:>7} {f'{ok}/{tot}':>13} {share:>9.1%} {f'{ferr}/{clean}':>10}")
    return lines


def evaluate(folder: Path, settings: Settings, pdf_name: str) -> Result | None:
    try:
        sample = eval_sample(folder / "expected.json", settings, pdf_name)
    except InputError as e:
        print(f"{folder / pdf_name}: FAILED: {e}", file=sys.stderr)
        return None
    if sample is None:
        return None
    scores = sample.scores
    return Result(str(folder.relative_to(SAMPLES)), sum(scores.correct.values()), sum(scores.total.values()),
                  sample.clean, sample.false)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.eval_report", description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=["dev", "blind", "all"], default="all")
    ap.add_argument("--pdf-name", default="notice.pdf")
    ap.add_argument("--ocr-engine", default="fake", help="fake (digital PDFs, the default) or replay for scans")
    ap.add_argument("--by", default=",".join(KEYS), help=f"comma-separated keys (default {','.join(KEYS)})")
    ap.add_argument("--only-series", help="only samples whose id starts with this (e.g. r)")
    ap.add_argument("--unseal", action="store_true",
                    help="also sealed splits (a folder under a SEALED file): the closing evaluation only")
    args = ap.parse_args(argv)
    specs = metadata()
    settings = Settings(ocr_engine=args.ocr_engine)
    results: list[Result] = []
    held_out = 0
    for exp in sorted(SAMPLES.rglob("expected.json")):
        name = str(exp.parent.relative_to(SAMPLES))
        if "generator" in exp.parts:
            continue
        if not args.unseal and sealed(exp, SAMPLES):
            held_out += 1
            continue
        split = groups(name, None, "split")[0]
        if args.split != "all" and split != args.split:
            continue
        if args.only_series and not name.rsplit("/", 1)[-1].startswith(args.only_series):
            continue
        r = evaluate(exp.parent, settings, args.pdf_name)
        if r is not None:
            results.append(r)
    for key in args.by.split(","):
        print("\n".join(tabulate(results, specs, key.strip())))
        print()
    for r in results:
        extra = f"  false flags: {' '.join(r.false)}" if r.false else ""
        print(f"  {r.name:<46} {r.correct / r.total if r.total else 1.0:.1%}{extra}")
    if held_out:
        print(f"{held_out} notices held out: their split is SEALED (read only at the closing evaluation, --unseal)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
