"""samples.gaps_sync: known-gaps entries from parse results; blind entries never hold paths."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import yaml

from samples.gaps_sync import entry_for, in_series, merge

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "flags" / "f10_missing_doc_number"
EXPECTED = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))


def test_series_membership() -> None:
    assert in_series("r15_sichuan_guangyuan_medical", "r")
    assert in_series("blind/r03_chongqing_fengjie_adjustment", "r")
    assert not in_series("w02_fuqing_health", "r")
    assert not in_series("flags/r01_x", "r")


def test_a_passing_sample_has_no_entry() -> None:
    assert entry_for("r99_x", EXPECTED, copy.deepcopy(EXPECTED), None) == {}


def test_paths_and_flags_for_development_but_only_blind_for_the_held_out_split() -> None:
    wrong = copy.deepcopy(EXPECTED)
    wrong["title"] = "x"
    wrong["flags"] = []
    dev = entry_for("r99_x", EXPECTED, wrong, None)
    assert dev["fields"] == ["title"]
    assert dev["flags"] == "missing ['MISSING_FIELD'], unexpected []"
    assert entry_for("blind/r99_x", EXPECTED, wrong, None) == {"fields": "blind", "flags": "blind"}
    assert entry_for("blind/r99_x", EXPECTED, wrong, None, reveal_blind=True) == dev


def test_scanned_rule_is_the_golden_tests_rule() -> None:
    """The scan must give what the digital twin gives (test_golden_scanned.py), whatever expected says."""
    digital = copy.deepcopy(EXPECTED)
    digital["title"] = "x"  # a digital miss is a fields entry, not a scanned one
    ocr = copy.deepcopy(digital)
    ocr["source"]["text_source"] = "ocr"
    ocr["flags"] = [*ocr["flags"], {"code": "LOW_CONFIDENCE", "severity": "warning", "page": 1}]
    assert "scanned" not in entry_for("r99_x", EXPECTED, digital, ocr)
    ocr["cc"] = "y"  # any field
    assert entry_for("r99_x", EXPECTED, digital, ocr)["scanned"].endswith(": cc")
    ocr["cc"] = digital["cc"]
    ocr["flags"] = [*ocr["flags"], {"code": "ALLOCATION_COLUMN_SUM", "severity": "error", "page": 3}]
    assert entry_for("r99_x", EXPECTED, digital, ocr)["scanned"].endswith(": flags")


def test_merge_keeps_other_series_and_notes_and_drops_fixed_entries() -> None:
    lines = [
        "# header",
        'w02_fuqing_health: {fields: ["x"]}  # part A note',
        'r15_a: {"fields": ["title"]}  # why r15 fails',
        'r16_b: {"fields": ["title"]}  # fixed since',
        'blind/r01_c: {"fields": "blind"}',
    ]
    out = merge(lines, "r", {"r15_a": {"fields": ["title", "doc_number"]}, "r16_b": {},
                             "blind/r01_c": {"flags": "blind"}})
    assert out[:2] == lines[:2]
    assert 'r15_a: {"fields": ["title", "doc_number"]}  # why r15 fails' in out
    assert not any(line.startswith("r16_b") for line in out)
    assert yaml.safe_load("\n".join(out))["blind/r01_c"] == {"flags": "blind"}
