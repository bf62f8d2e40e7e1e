"""Golden tests: `notices parse` on every samples/<id>/notice.pdf against its expected.json.

Runs exactly what `notices parse` runs and prints a per-path diff on mismatch
(`allocation_tables[0].rows[3].values[2]: 851 -> 831`). Flags are compared as
sets of codes. The expected files come from the generator's truth, not from
the parser.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from pipeline.core.render import render_notice
from pipeline.run import Settings, parse_document
from pipeline.tools.evaluate import compare, flag_codes
from samples.corpus import folders

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
# Sealed splits (a SEALED file above the folder: samples/blind/ until the closing eval) are never parsed.
CASES = folders("expected.json", "notice.pdf")
# samples/known_gaps.yaml: {folder: {fields: [...], flags: "..."}} -> strict xfail, so a fix shows up.
KNOWN_GAPS: dict[str, dict[str, object]] = yaml.safe_load((SAMPLES / "known_gaps.yaml").read_text(encoding="utf-8")) or {}


def _cases(key: str) -> list[object]:
    out = []
    for folder in CASES:
        name = str(folder.relative_to(SAMPLES))
        gap = KNOWN_GAPS.get(name, {}).get(key)
        marks = [pytest.mark.xfail(reason=f"known gap: {gap}", strict=True)] if gap else []
        out.append(pytest.param(folder, marks=marks, id=name))
    return out


def _parse(folder: Path) -> dict[str, object]:
    # A digital sample must never need OCR: the 'fake' engine would return nothing.
    return render_notice(parse_document(folder / "notice.pdf", Settings(ocr_engine="fake")))


@pytest.mark.parametrize("folder", _cases("fields"))
def test_fields_match_expected(folder: Path) -> None:
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    actual = _parse(folder)
    scores = compare(expected, actual)
    assert not scores.diffs, f"{len(scores.diffs)} field(s) differ:\n" + "\n".join(scores.diffs[:60])


@pytest.mark.parametrize("folder", _cases("flags"))
def test_flag_codes_match_expected(folder: Path) -> None:
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    actual = _parse(folder)
    want, got = flag_codes(expected), flag_codes(actual)
    assert got == want, f"missing {sorted(want - got)}, unexpected {sorted(got - want)}"


def test_there_are_samples() -> None:
    assert len(CASES) >= 2
