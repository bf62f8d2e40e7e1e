"""Scan sweep: development samples re-scanned with OTHER draws of damage, read by the real OCR.

    python -m samples.scan_sweep --seed 1 --max 40 [--only ID] [--jobs 1] [--out sweep.jsonl]
                                 [--keep DIR]
    python -m samples.scan_sweep --report sweep.jsonl   # the lines and table of a (partial) run

Every committed scanned twin (``samples/<id>/scan.pdf``) is one fixed draw of damage, and the
scan fixes were tuned on those draws. This is the scan path's twin of ``samples.mutate``: for
``--max`` development samples (chosen by ``--seed``; never a sealed split such as
``samples/blind/``) it scans ``notice.pdf`` again with a plan drawn from (sample id, seed)
(``samples.scanmaker.plan_for(..., variant=seed)``: dpi, JPEG quality, skew, turns, grey or
colour, photographed) into a temporary folder, reads it with the default OCR engine (no cache,
no replay) through the normal pipeline, and compares the notice with the digital twin's
(``pipeline.tools.evaluate.twin_diffs``, as tests/test_golden_scanned.py does).

One line per case: id, plan, wrong fields (``[read]``: the digital value is in the OCR text, so
layout or parsing lost it; ``[unread]``: the OCR did not read it), error flags the digital twin
lacks (FALSE ERRORS), LOW_CONFIDENCE count; then a table by kind of damage and the totals.
``--keep DIR`` keeps each failing case's scan.pdf (``DIR/<id>-s<seed>.pdf``) for debugging.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from samples.corpus import SAMPLES, folders
from samples.scanmaker import ScanPlan, make_scan

SKIP_FIELDS = frozenset({"schema", "source.sha256", "source.file", "source.text_source"})


@dataclass(frozen=True)
class PlanInfo:
    """What a case's scan went through (the kinds of damage the summary groups by)."""

    dpi: int
    mode: str
    quality: int
    photographed: bool
    max_skew: float
    turned: bool

    @staticmethod
    def of(plan: ScanPlan) -> PlanInfo:
        return PlanInfo(plan.dpi, plan.mode, plan.quality, plan.photographed,
                        max((abs(s) for s in plan.skews), default=0.0), any(plan.turns))

    def kinds(self) -> list[str]:
        """The rows of the damage table this case counts in."""
        jpeg = "60-69" if self.quality < 70 else "70-79" if self.quality < 80 else "80-85"
        skew = "<1.0" if self.max_skew < 1.0 else "1.0-1.5" if self.max_skew < 1.5 else "1.5-2.0"
        return [f"mode {self.mode}", "photographed" if self.photographed else "scanned",
                f"dpi {self.dpi}", f"jpeg {jpeg}", f"skew {skew}",
                "page turned" if self.turned else "upright"]

    def short(self) -> str:
        return (f"{self.dpi}dpi {self.mode} q{self.quality}{' photo' if self.photographed else ''}"
                f" skew{self.max_skew:.2f}{' turned' if self.turned else ''}")


@dataclass(frozen=True)
class Outcome:
    sample: str
    seed: int
    plan: PlanInfo | None
    fields: int  # fields of the digital twin's notice
    wrong: tuple[str, ...]  # "path: digital -> scanned [read|unread]"
    false_errors: tuple[str, ...]  # "CODE@page": error flags the digital twin lacks
    lost_errors: tuple[str, ...]  # error flags only the digital twin has
    other_flags: tuple[str, ...]  # warnings/info either side lacks (LOW_CONFIDENCE aside)
    low_confidence: int
    known_gap: bool  # the committed twin is already a known scanned gap
    seconds: float = 0.0
    error: str | None = None

    @property
    def exact(self) -> bool:
        return self.error is None and not self.wrong and not self.false_errors and not self.lost_errors


# ---------------------------------------------------------------- choosing and comparing

def dev_folders(root: Path = SAMPLES) -> list[Path]:
    """Development samples with a digital notice (never a sealed split, never samples/blind/)."""
    return [f for f in folders("notice.pdf", root=root) if "blind" not in f.relative_to(root).parts]


def choose(candidates: list[Path], seed: int, limit: int, only: Iterable[str] = ()) -> list[Path]:
    """``limit`` samples drawn by ``seed`` (sorted by name), or the ``only`` ids."""
    wanted = set(only)
    if wanted:
        return [c for c in candidates if c.name in wanted]
    pool = sorted(candidates, key=lambda p: p.name)
    return sorted(random.Random(seed).sample(pool, min(limit, len(pool))), key=lambda p: p.name)


def _compact(text: str) -> str:
    return "".join(text.split()).replace(",", "").replace("，", "")


def _shown(value: Any) -> str | None:
    """How a digital value would look in the OCR text (None: nothing to look for)."""
    if isinstance(value, bool) or value is None or value in ("", [], {}, "<missing>"):
        return None
    if isinstance(value, int | float):
        try:
            return format(Decimal(str(value)).normalize(), "f")
        except InvalidOperation:
            return None
    return _compact(str(value))


def read_tag(value: Any, ocr_text: str) -> str:
    """``read`` when the digital value appears in the (compacted) OCR text, else ``unread``."""
    shown = _shown(value)
    if shown is None:
        return "extra"
    return "read" if shown in ocr_text else "unread"


def _fields(n: dict[str, Any]) -> dict[str, Any]:
    from pipeline.tools.evaluate import flatten

    return {k: v for k, v in flatten({k: v for k, v in n.items() if k != "flags"}).items()
            if k not in SKIP_FIELDS}


def count_fields(notice: dict[str, Any]) -> int:
    return len(_fields(notice))


def field_diffs(digital: dict[str, Any], scanned: dict[str, Any], ocr_text: str) -> list[str]:
    """Every field the two notices disagree on, tagged by whether the OCR read the digital value."""
    from pipeline.tools.evaluate import same

    fd, fs = _fields(digital), _fields(scanned)
    out = []
    for path in dict.fromkeys([*fd, *fs]):
        want, got = fd.get(path, "<missing>"), fs.get(path, "<missing>")
        if path not in fd or path not in fs or not same(want, got):
            out.append(f"{path}: {want!r} -> {got!r} [{read_tag(want, ocr_text)}]")
    return out


def flag_delta(digital: dict[str, Any], scanned: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
    """(error flags only the scan has, error flags only the digital twin has, other flag changes)."""
    def flags(n: dict[str, Any], errors: bool) -> Counter[str]:
        return Counter(f"{f['code']}@{f.get('page') or 0}" for f in n.get("flags", [])
                       if (f.get("severity") == "error") == errors and f["code"] != "LOW_CONFIDENCE")

    de, se = flags(digital, True), flags(scanned, True)
    dw, sw = flags(digital, False), flags(scanned, False)
    other = [f"+{k}" for k in sorted((sw - dw).elements())] + [f"-{k}" for k in sorted((dw - sw).elements())]
    return sorted((se - de).elements()), sorted((de - se).elements()), other


def _known_gaps() -> set[str]:
    gaps: dict[str, dict[str, object]] = yaml.safe_load(
        (SAMPLES / "known_gaps.yaml").read_text(encoding="utf-8")) or {}
    return {Path(name).name for name, gap in gaps.items() if gap.get("scanned")}


# ---------------------------------------------------------------- running a case

def run_case(folder: Path, seed: int, keep: Path | None = None, known: frozenset[str] = frozenset()) -> Outcome:
    from pipeline.core.render import render_notice
    from pipeline.layout import reconstruct
    from pipeline.run import Settings, extract_document, parse_document, parse_layout

    t0 = time.perf_counter()
    sample = folder.name
    plan: PlanInfo | None = None
    try:
        digital = render_notice(parse_document(folder / "notice.pdf", Settings(ocr_engine="fake")))
        with tempfile.TemporaryDirectory(prefix="scan-sweep-") as tmp:
            scan = Path(tmp) / "scan.pdf"
            plan = PlanInfo.of(make_scan(folder / "notice.pdf", scan, sample, variant=seed))
            document, _ = extract_document(scan, Settings(ocr_cache=""))  # the default engine, no cache
            ocr_text = _compact("".join(b.text for p in document.pages for b in p.boxes))
            scanned = render_notice(parse_layout(reconstruct(document)))
            wrong = field_diffs(digital, scanned, ocr_text)
            false_errors, lost, other = flag_delta(digital, scanned)
            if keep is not None and (wrong or false_errors or lost):
                keep.mkdir(parents=True, exist_ok=True)
                (keep / f"{sample}-s{seed}.pdf").write_bytes(scan.read_bytes())
    except Exception as err:  # noqa: BLE001 - a case that fails to parse is a result, not a crash
        return Outcome(sample, seed, plan, 0, (), (), (), (), 0, sample in known,
                       time.perf_counter() - t0, f"{type(err).__name__}: {err}")
    low = sum(1 for f in scanned.get("flags", []) if f["code"] == "LOW_CONFIDENCE")
    return Outcome(sample, seed, plan, count_fields(digital), tuple(wrong), tuple(false_errors), tuple(lost),
                   tuple(other), low, sample in known, time.perf_counter() - t0)


# ---------------------------------------------------------------- reporting

def case_line(o: Outcome) -> str:
    head = f"{o.sample} s{o.seed} [{o.plan.short() if o.plan else '?'}]{' (known gap)' if o.known_gap else ''}"
    if o.error:
        return f"{head}: ERROR {o.error}"
    parts = [f"wrong {len(o.wrong)}/{o.fields}", f"LOW_CONFIDENCE {o.low_confidence}"]
    if o.false_errors:
        parts.append("FALSE ERRORS " + " ".join(o.false_errors))
    if o.lost_errors:
        parts.append("lost errors " + " ".join(o.lost_errors))
    lines = [f"{head}: " + ", ".join(parts)]
    lines += [f"    {d}" for d in o.wrong[:12]]
    if len(o.wrong) > 12:
        lines.append(f"    ... {len(o.wrong) - 12} more")
    return "\n".join(lines)


@dataclass
class Tally:
    cases: int = 0
    exact: int = 0
    fields: int = 0
    wrong: int = 0
    false_error_cases: int = 0
    low_confidence: int = 0
    failed: int = 0

    def add(self, o: Outcome) -> None:
        self.cases += 1
        self.exact += o.exact
        self.fields += o.fields
        self.wrong += len(o.wrong)
        self.false_error_cases += bool(o.false_errors)
        self.low_confidence += o.low_confidence
        self.failed += o.error is not None

    def row(self, name: str) -> str:
        acc = 1 - self.wrong / self.fields if self.fields else 0.0
        return (f"{name:<18}{self.cases:>6}{self.exact:>7}{self.wrong:>7}{acc:>9.1%}"
                f"{self.false_error_cases:>8}{self.low_confidence:>6}{self.failed:>7}")


def summary(outcomes: list[Outcome]) -> str:
    by_kind: dict[str, Tally] = {}
    total = Tally()
    for o in outcomes:
        total.add(o)
        for kind in o.plan.kinds() if o.plan else ["(no plan)"]:
            by_kind.setdefault(kind, Tally()).add(o)
    head = f"{'damage':<18}{'cases':>6}{'exact':>7}{'wrong':>7}{'fields':>9}{'falseE':>8}{'lowC':>6}{'failed':>7}"
    rows = [by_kind[k].row(k) for k in sorted(by_kind)]
    return "\n".join([head, *rows, total.row("TOTAL")])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.scan_sweep", description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1, help="draw of damage (and of samples)")
    ap.add_argument("--max", type=int, default=40, help="samples to scan")
    ap.add_argument("--only", action="append", default=[], help="sample id (repeatable)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--out", type=Path, help="JSON lines, one per case")
    ap.add_argument("--keep", type=Path, help="keep failing cases' scans here")
    ap.add_argument("--report", type=Path, help="no run: print the cases and table of an --out file")
    args = ap.parse_args(argv)
    if args.report:
        done = load(args.report)
        for o in done:
            print(case_line(o))
        print(summary(done))
        return 0
    cases = choose(dev_folders(), args.seed, args.max, args.only)
    known = frozenset(_known_gaps())
    print(f"scan sweep: seed {args.seed}, {len(cases)} samples", file=sys.stderr)
    outcomes: list[Outcome] = []
    out = args.out.open("w", encoding="utf-8") if args.out else None
    try:
        if args.jobs > 1:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(args.jobs) as ex:
                results: Iterable[Outcome] = ex.map(run_case, cases, [args.seed] * len(cases),
                                                    [args.keep] * len(cases), [known] * len(cases))
                for o in results:
                    outcomes.append(_emit(o, out))
        else:
            for c in cases:
                outcomes.append(_emit(run_case(c, args.seed, args.keep, known), out))
    finally:
        if out:
            out.close()
    print(summary(outcomes))
    return 0


def load(path: Path) -> list[Outcome]:
    """The outcomes of an ``--out`` file (a run cut short still gives its finished cases)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        plan = PlanInfo(**d.pop("plan")) if d.get("plan") else None
        d.pop("plan", None)
        tuples = {k: tuple(v) for k, v in d.items() if isinstance(v, list)}
        out.append(Outcome(plan=plan, **{**d, **tuples}))
    return out


def _emit(o: Outcome, out: Any) -> Outcome:
    print(case_line(o), flush=True)
    if out is not None:
        out.write(json.dumps(asdict(o), ensure_ascii=False) + "\n")
        out.flush()
    return o


if __name__ == "__main__":
    raise SystemExit(main())
