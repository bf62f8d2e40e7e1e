"""Per-field accuracy of parsed notice JSON against labelled expected.json files.

    flatten(json) -> {path: leaf}; compare(expected, actual) -> FieldScores

A field is the path with list indices replaced by ``[]`` (for example
``allocation_tables[].rows[].values[]``); its accuracy is the share of the
expected leaves that the parse reproduces exactly (numbers compared as
Decimals). Keys that only the parse has are not errors; missing ones are.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

IGNORED = {"schema", "source.sha256", "source.file"}
INDEX = re.compile(r"\[\d+\]")
# Fields a scanned twin must reproduce exactly (not only at 99%): 文号, dates, cited 文号, amounts.
EXACT_FIELDS = re.compile(
    r"(^doc_number$|date$|^references\[\d+\]\.doc_number$|^allocation_tables\[\d+\]\.rows\[\d+\]\.values)"
)


def exact_misses(diffs: Iterable[str]) -> list[str]:
    """The diffs (``path: expected -> actual``) of fields in EXACT_FIELDS."""
    return [d for d in diffs if EXACT_FIELDS.search(d.split(":")[0])]


def flatten(obj: Any, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(obj, dict):
        if not obj and prefix:
            out[prefix] = {}
        for k, v in obj.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(obj, list):
        if not obj:
            out[prefix] = []
        for i, v in enumerate(obj):
            out.update(flatten(v, f"{prefix}[{i}]"))
    else:
        out[prefix] = obj
    return out


def same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return Decimal(str(a)) == Decimal(str(b))
    return bool(a == b)


def field_of(path: str) -> str:
    return INDEX.sub("[]", path)


@dataclass
class FieldScores:
    total: dict[str, int]
    correct: dict[str, int]
    diffs: list[str]

    def accuracy(self) -> float:
        t = sum(self.total.values())
        return sum(self.correct.values()) / t if t else 1.0

    def merge(self, other: FieldScores) -> FieldScores:
        total = defaultdict(int, self.total)
        correct = defaultdict(int, self.correct)
        for k, v in other.total.items():
            total[k] += v
        for k, v in other.correct.items():
            correct[k] += v
        return FieldScores(dict(total), dict(correct), self.diffs + other.diffs)


def compare(expected: dict[str, Any], actual: dict[str, Any], *, with_flags: bool = False) -> FieldScores:
    """Score ``actual`` against ``expected``; flags are compared as a set of codes."""
    exp = {k: v for k, v in expected.items() if with_flags or k != "flags"}
    act = {k: v for k, v in actual.items() if with_flags or k != "flags"}
    fe, fa = flatten(exp), flatten(act)
    total: dict[str, int] = defaultdict(int)
    correct: dict[str, int] = defaultdict(int)
    diffs = []
    for path, want in fe.items():
        if path in IGNORED:
            continue
        f = field_of(path)
        total[f] += 1
        got = fa.get(path, "<missing>")
        if same(want, got):
            correct[f] += 1
        else:
            diffs.append(f"{path}: {want!r} -> {got!r}")
    return FieldScores(dict(total), dict(correct), diffs)


# what a scanned twin may add to its digital twin's parse: warnings of doubt (OCR confidence, repairs)
TWIN_DOUBT_FLAGS = frozenset({"LOW_CONFIDENCE"})


def twin_diffs(digital: dict[str, Any], scanned: dict[str, Any]) -> list[str]:
    """Where a scanned twin's parse differs from its digital twin's (both rendered notice
    JSON): every field, either way (``source.text_source`` and the file aside), and every
    flag (code, page) but the doubt warnings OCR adds (``TWIN_DOUBT_FLAGS``). Empty when
    the scan gives the notice the digital twin gives."""
    skip = IGNORED | {"source.text_source"}

    def fields(n: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in flatten({k: v for k, v in n.items() if k != "flags"}).items() if k not in skip}

    fd, fs = fields(digital), fields(scanned)
    diffs = [
        f"{path}: {fd.get(path, '<missing>')!r} -> {fs.get(path, '<missing>')!r}"
        for path in dict.fromkeys([*fd, *fs])  # the digital twin's order, then what only the scan has
        if path not in fd or path not in fs or not same(fd[path], fs[path])
    ]

    def flags(n: dict[str, Any]) -> list[tuple[str, int]]:
        return sorted((f["code"], f.get("page") or 0) for f in n.get("flags", []) if f["code"] not in TWIN_DOUBT_FLAGS)

    if flags(digital) != flags(scanned):
        diffs.append(f"flags: {flags(digital)!r} -> {flags(scanned)!r}")
    return diffs


def flag_codes(notice_json: dict[str, Any]) -> set[str]:
    return {f["code"] for f in notice_json.get("flags", [])}


def top_level(scores: FieldScores) -> dict[str, tuple[int, int]]:
    """Scores grouped by the first path component (doc_number, allocation_tables, …)."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for f, t in scores.total.items():
        key = re.split(r"[.\[]", f, maxsplit=1)[0]
        out[key][0] += scores.correct.get(f, 0)
        out[key][1] += t
    return {k: (v[0], v[1]) for k, v in sorted(out.items())}


def scan_scores(scan: Path, notice: Any) -> FieldScores | None:
    """A scanned twin's parse (``samples/<id>/scan.pdf``) against the ``expected.json`` beside it,
    read as OCR; None when there is none."""
    from pipeline.core.render import render_notice

    expected_path = scan.parent / "expected.json"
    if not expected_path.is_file():
        return None
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    expected["source"]["text_source"] = "ocr"
    return compare(expected, render_notice(notice))


def sealed(path: Path, root: Path) -> bool:
    """Is ``path`` (a file or folder under ``root``) in a held-out split: a directory on the
    way up to ``root`` holds a ``SEALED`` file?"""
    root = root.resolve()
    here = path.resolve()
    here = here if here.is_dir() else here.parent
    while True:
        if (here / "SEALED").is_file():
            return True
        if here == root or here.parent == here or root not in here.parents:
            return False
        here = here.parent
