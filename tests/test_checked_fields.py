"""Fields a person checked against the source notices, guarded apart from the golden files.

The golden expected.json files come from the sample generator; these values
were read off the seed transcriptions by hand (samples/checked_fields.yaml), so
a generator bug cannot silently move both the PDF and its expectation.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.core.render import render_notice
from pipeline.run import Settings, parse_document
from pipeline.tools.evaluate import flatten, same

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
CHECKED: dict[str, Any] = yaml.safe_load((SAMPLES / "checked_fields.yaml").read_text(encoding="utf-8"))


def _get(doc: dict[str, Any], path: str) -> Any:
    flat = flatten({"root": doc})
    key = "root." + path
    if key in flat:
        return flat[key]
    # a list or dict value: rebuild it from the flattened leaves
    obj: Any = doc
    for part in path.replace("[", ".[").split("."):
        obj = obj[int(part[1:-1])] if part.startswith("[") else obj[part]
    return obj


@pytest.fixture(scope="module", params=sorted(CHECKED))
def parsed(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    sample = request.param
    pdf = SAMPLES / sample / "notice.pdf"
    if not pdf.exists():
        pytest.skip(f"{sample} not generated")
    return sample, render_notice(parse_document(pdf, Settings(ocr_engine="fake")))


def test_checked_fields(parsed: tuple[str, dict[str, Any]]) -> None:
    sample, doc = parsed
    wrong = []
    for path, want in CHECKED[sample].get("fields", {}).items():
        got = _get(doc, path)
        ok = same(want, got) if not isinstance(want, list) else [*map(str, want)] == [*map(str, got)]
        if not ok:
            wrong.append(f"{path}: checked {want!r}, parsed {got!r}")
    assert not wrong, "\n".join(wrong)


def test_checked_counts(parsed: tuple[str, dict[str, Any]]) -> None:
    sample, doc = parsed
    for path, n in CHECKED[sample].get("counts", {}).items():
        assert len(_get(doc, path)) == n, path


def test_indicator_hierarchy(parsed: tuple[str, dict[str, Any]]) -> None:
    sample, doc = parsed
    levels = CHECKED[sample].get("indicator_levels")
    if not levels:
        pytest.skip("no hierarchy checked for this sample")
    for table in doc["target_tables"]:
        counts = Counter(f"{i['level1']}/{i['level2']}" for i in table["indicators"])
        for key, want in levels.items():
            allowed = want if isinstance(want, list) else [want]
            assert counts[key] in allowed, f"{table['region_as_printed']}: {key} has {counts[key]}"
        assert sum(counts.values()) in (16, 17)
