"""Mutation harness: realistic, truth-preserving variations of the development sample specs.

    python -m samples.mutate [--max 300] [--seed 1] [--only MUTATION] [--spec ID] [--jobs 1]

Each mutation is a small pure function ``(spec, rng) -> spec | None`` (``None``: it does not
apply to that spec).  It changes how the notice is PRINTED the way real notices vary (header
vocabulary, units, 元 vs 万元, title line breaks, 文号 brackets, 序号/备注 columns, 合计 first
or last, signature layout and date, body wording) and keeps the truth consistent, so the
exporter's expected.json stays right.  Every case is typeset into a temporary folder (never
committed) and parsed exactly as tests/test_golden.py does; the report is one line per
mutation: cases, field accuracy, false error flags, and the paths that differ most.

Only development specs are used (``samples/generator/specs``, never a sealed split).
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from samples import (
    mutations_closing,  # noqa: F401  (registers the closing-block mutations)
    mutations_cost,  # noqa: F401  (registers the cost-item and payment-column mutations)
    mutations_headers,  # noqa: F401  (registers the header-tree mutations)
    mutations_money_targets,  # noqa: F401  (registers the money-and-targets table mutations)
    mutations_money_targets_forms,  # noqa: F401  (registers the money-and-targets forms of session 10)
    mutations_projects,  # noqa: F401  (registers the project-table mutations)
    mutations_refs,  # noqa: F401  (registers the citation and body-amount mutations)
    mutations_rules,  # noqa: F401  (registers the table-rule mutations)
    mutations_shapes,  # noqa: F401  (registers the text shapes the corpus lacked: session 10)
    mutations_table,  # noqa: F401  (registers the table mutations)
    mutations_targets,  # noqa: F401  (registers the target-table mutations)
    mutations_text,  # noqa: F401  (registers the text mutations)
)
from samples.generator import __main__ as gen
from samples.mutation_grid import MUTATIONS, Spec, hanging_cells

if TYPE_CHECKING:
    from pipeline.tools.eval_cli import SampleEval

SPECS = gen.HERE / "specs"


# ---------------------------------------------------------------- running

def dev_spec_paths() -> list[Path]:
    """Development specs: every spec outside a sealed split (never specs/blind/)."""
    out = []
    for p in gen.spec_paths():
        rel = p.relative_to(SPECS)
        if rel.parts[0] == "blind" or (SPECS / rel.parts[0] / "SEALED").exists():
            continue
        out.append(p)
    return out


@dataclass(frozen=True)
class Case:
    mutation: str
    spec_id: str
    seed: int


@dataclass(frozen=True)
class Outcome:
    case: Case
    total: int
    correct: int
    diffs: tuple[str, ...]
    false_errors: tuple[str, ...]
    error: str | None = None
    missed_flags: tuple[str, ...] = ()


def _unshared(spec: Spec) -> Spec:
    """A deep copy in which no two attachments share a part: a spec may write one table's layout
    once as a YAML anchor (``<<: *tbl``), and a mutation of one attachment's columns must not
    reach the other's."""
    out = copy.deepcopy(spec)
    if isinstance(out.get("attachments"), list):
        out["attachments"] = [copy.deepcopy(a) for a in out["attachments"]]
    return out


def mutate(spec: Spec, name: str, seed: int) -> Spec | None:
    """The spec mutated by ``name`` (a deep copy), or None when the mutation does not apply.

    ``a+b+c`` applies several mutations in turn (each must apply)."""
    out: Spec | None = _unshared(spec)
    for part in name.split("+"):
        m = next(x for x in MUTATIONS if x.name == part)
        out = m.fn(out, random.Random(f"{seed}:{part}:{spec['id']}")) if out is not None else None
    if out is not None and _new_hangs(spec, out):
        return None  # a typesetting artifact Word would not print, not a variation of the notice
    return out


def _new_hangs(before: Spec, after: Spec) -> bool:
    pairs = zip(before.get("attachments") or [], after.get("attachments") or [], strict=False)
    return any(hanging_cells(b) < hanging_cells(a) for b, a in pairs
               if a.get("kind") == "allocation" and "header" in a)


def compound_names(spec: Spec, names: list[str], k: int, seed: int, n: int) -> list[str]:
    """Up to ``n`` distinct combinations of ``k`` mutations that all apply to ``spec`` together."""
    rng = random.Random(f"{seed}:compound:{spec['id']}")
    out: list[str] = []
    for _ in range(n * 4):
        pool = list(names)
        rng.shuffle(pool)
        chosen: list[str] = []
        for name in pool:
            if len(chosen) == k:
                break
            if mutate(spec, "+".join([*chosen, name]), seed) is not None:
                chosen.append(name)
        combo = "+".join(chosen)
        if len(chosen) == k and combo not in out:
            out.append(combo)
        if len(out) == n:
            break
    return out


def parse_spec(spec: Spec, work: Path, typeset: bool = True) -> SampleEval:
    """Typeset ``spec`` into ``work`` (unless done) and parse and compare it as ``notices eval``
    does (the digital PDF, as tests/test_golden.py)."""
    from pipeline.run import Settings
    from pipeline.tools.eval_cli import eval_sample

    if typeset:
        gen.generate(spec, work)
    sample = eval_sample(work / "expected.json", Settings(ocr_engine="fake"))
    if sample is None:
        raise FileNotFoundError(work / "notice.pdf")
    return sample


def run_case(spec: Spec, case: Case, baseline: frozenset[str] = frozenset(),
             base_flags: frozenset[str] = frozenset()) -> Outcome:
    """Mutate, typeset, parse and score one case (``baseline``: diffs the unmutated spec has,
    ``base_flags``: planted flags its parse misses already)."""
    from pipeline.tools.evaluate import flag_codes

    mutated = mutate(spec, case.mutation, case.seed)
    assert mutated is not None
    with tempfile.TemporaryDirectory(prefix="mutate-") as tmp:
        try:
            gen.generate(mutated, Path(tmp))
        except Exception as exc:  # noqa: BLE001 - the generator cannot typeset it: no case
            return Outcome(case, 0, 0, (), (), f"generator: {type(exc).__name__}: {exc}")
        try:
            sample = parse_spec(mutated, Path(tmp), typeset=False)
        except Exception as exc:  # noqa: BLE001 - a crash of the parser is a result, reported
            return Outcome(case, 1, 0, (), (), f"{type(exc).__name__}: {exc}")
    expected, actual, scores = sample.expected, sample.actual, sample.scores
    diffs = tuple(d for d in scores.diffs if d not in baseline)
    total = sum(scores.total.values())
    want = flag_codes(expected)
    false_err = tuple(sorted({f["code"] for f in actual.get("flags", [])
                              if f.get("severity") == "error" and f["code"] not in want}))
    missed = tuple(sorted(want - flag_codes(actual) - base_flags))
    return Outcome(case, total, total - len(diffs), diffs, false_err, missed_flags=missed)


def plan(specs: list[Spec], names: list[str], seed: int, limit: int,
         compound: int = 1) -> list[tuple[Spec, Case]]:
    """Every (mutation, spec) pair that applies, spread over the mutations, at most ``limit``.

    ``compound`` > 1: combinations of that many mutations per spec instead (reported together)."""
    per: dict[str, list[tuple[Spec, Case]]] = {}
    if compound > 1:
        key = f"compound×{compound}"
        for spec in specs:
            for combo in compound_names(spec, names, compound, seed, 3):
                per.setdefault(key, []).append((spec, Case(combo, spec["id"], seed)))
        rng = random.Random(seed)
        rng.shuffle(per.get(key, []))
        return per.get(key, [])[:limit]
    for name in names:
        for spec in specs:
            if mutate(spec, name, seed) is not None:
                per.setdefault(name, []).append((spec, Case(name, spec["id"], seed)))
    rng = random.Random(seed)
    for v in per.values():
        rng.shuffle(v)
    out: list[tuple[Spec, Case]] = []
    while len(out) < limit and any(per.values()):
        for name in names:
            if per.get(name) and len(out) < limit:
                out.append(per[name].pop())
    return out


def report(outcomes: list[Outcome], top: int = 3) -> str:
    rows = ["| mutation | cases | failing | field acc | false errors | missed flags | top differing paths |",
            "|---|---|---|---|---|---|---|"]
    from pipeline.tools.evaluate import field_of

    by: dict[str, list[Outcome]] = {}
    for o in outcomes:
        key = o.case.mutation if "+" not in o.case.mutation else f"compound×{o.case.mutation.count('+') + 1}"
        by.setdefault(key, []).append(o)
    for name, os_ in by.items():
        t = sum(o.total for o in os_)
        c = sum(o.correct for o in os_)
        failing = sum(1 for o in os_ if o.diffs or o.false_errors or o.missed_flags
                      or (o.error and not o.error.startswith("generator:")))
        missed = Counter(code for o in os_ for code in o.missed_flags)
        mfs = ", ".join(f"{k} ×{n}" for k, n in missed.most_common()) or "0"
        fe = Counter(code for o in os_ for code in o.false_errors)
        paths = Counter(field_of(d.split(":")[0]) for o in os_ for d in o.diffs)
        skipped = sum(1 for o in os_ if o.error and o.error.startswith("generator:"))
        crashes = sum(1 for o in os_ if o.error) - skipped
        tops = ", ".join(f"{p} ×{n}" for p, n in paths.most_common(top))
        if crashes:
            tops = f"CRASH ×{crashes}; " + tops
        if skipped:
            tops = f"(generator could not typeset ×{skipped}) " + tops
        fes = ", ".join(f"{k} ×{n}" for k, n in fe.most_common()) or "0"
        rows.append(f"| {name} | {len(os_)} | {failing} | {c / t if t else 1:.2%} | {fes} | {mfs} | {tops} |")
    return "\n".join(rows)


def _baseline(spec: Spec) -> tuple[frozenset[str], frozenset[str]]:
    """The unmutated spec's own diffs and the planted flags its parse misses."""
    from pipeline.tools.evaluate import flag_codes

    with tempfile.TemporaryDirectory(prefix="mutate-") as tmp:
        sample = parse_spec(spec, Path(tmp))
    return frozenset(sample.scores.diffs), frozenset(flag_codes(sample.expected) - flag_codes(sample.actual))


def _work(item: tuple[Spec, Case]) -> Outcome:
    spec, case = item
    diffs, flags = _BASE.get(spec["id"], (frozenset(), frozenset()))
    return run_case(spec, case, diffs, flags)


_BASE: dict[str, tuple[frozenset[str], frozenset[str]]] = {}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.mutate", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--max", type=int, default=300, help="at most this many cases (default 300)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", action="append", help="mutation name (repeatable)")
    ap.add_argument("--spec", action="append", help="spec id (repeatable)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--compound", type=int, default=1,
                    help="apply this many random mutations together per case (default 1)")
    ap.add_argument("--baseline", action="store_true",
                    help="parse each unmutated spec first and leave its own diffs out")
    ap.add_argument("--list", action="store_true", help="list the mutations")
    ap.add_argument("--diffs", action="store_true", help="print every differing path per case")
    ap.add_argument("--json", type=Path, help="write the outcomes as JSON here")
    ap.add_argument("--keep", type=Path, metavar="DIR",
                    help="only typeset each case into DIR/<spec>/ (notice.pdf, expected.json) to look into")
    args = ap.parse_args(argv)
    if args.list:
        for m in MUTATIONS:
            print(f"{m.name:28} {m.doc}")
        return 0
    names = [m.name for m in MUTATIONS if not args.only or m.name in args.only]
    names += [o for o in args.only or [] if "+" in o]  # a combination a+b+c, as reported
    specs = [gen.load(p) for p in dev_spec_paths()]
    if args.spec:
        specs = [s for s in specs if s["id"] in args.spec]
    cases = plan(specs, names, args.seed, args.max, args.compound)
    if args.keep:
        for spec, case in cases:
            work = args.keep / spec["id"]
            mutated = mutate(spec, case.mutation, case.seed)
            assert mutated is not None  # planned only where it applies
            gen.generate(mutated, work)
            print(f"{work}: {case.mutation} (seed {case.seed})")
        return 0
    if args.baseline:
        for sid in sorted({c.spec_id for _, c in cases}):
            _BASE[sid] = _baseline(next(s for s in specs if s["id"] == sid))
    print(f"{len(cases)} cases over {len({c.spec_id for _, c in cases})} specs", file=sys.stderr)
    outcomes: list[Outcome] = []
    if args.jobs > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(args.jobs) as ex:
            outcomes = list(ex.map(_work, cases, chunksize=4))
    else:
        outcomes = [_work(c) for c in cases]
    for o in outcomes:
        if args.diffs and (o.diffs or o.error or o.false_errors or o.missed_flags):
            print(f"## {o.case.mutation} {o.case.spec_id}: {o.error or ''} false errors {list(o.false_errors)}"
                  f" missed flags {list(o.missed_flags)}")
            for d in o.diffs[:12]:
                print("   ", d)
    print(report(outcomes))
    if args.json:
        args.json.write_text(json.dumps([{"mutation": o.case.mutation, "spec": o.case.spec_id,
                                          "total": o.total, "correct": o.correct,
                                          "diffs": list(o.diffs), "false_errors": list(o.false_errors),
                                          "missed_flags": list(o.missed_flags),
                                          "error": o.error} for o in outcomes],
                                         ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
