"""The eval split: `notices eval FOLDER --exclude SUB` leaves sub-folders out, skips a SEALED split,
names the flags raised that a notice's expected.json does not hold, and counts the clean
notices that got a false error flag."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.cli import main as cli_main
from pipeline.tools.eval_cli import excluded, false_flags


def main(args: list[str]) -> int:
    return cli_main(["eval", *args])

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "flags" / "f10_missing_doc_number"


def test_excluded_matches_whole_sub_folders_only(tmp_path: Path) -> None:
    assert excluded(tmp_path / "blind" / "r01" / "expected.json", tmp_path, ["blind"])
    assert not excluded(tmp_path / "blindness" / "expected.json", tmp_path, ["blind"])
    assert not excluded(tmp_path / "v01" / "expected.json", tmp_path, ["blind"])
    assert excluded(tmp_path / "a" / "b" / "expected.json", tmp_path, ["a/b"])
    assert not excluded(tmp_path / "a" / "expected.json", tmp_path, [])


def test_false_flags_are_the_unexpected_codes_with_severity() -> None:
    expected = {"flags": [{"code": "NEGATIVE_ALLOCATION", "severity": "info", "page": 3}]}
    actual = {"flags": [
        {"code": "NEGATIVE_ALLOCATION", "severity": "info", "page": 3},
        {"code": "ALLOCATION_ROW_SUM", "severity": "error", "page": 3},
        {"code": "ALLOCATION_ROW_SUM", "severity": "error", "page": 4},
        {"code": "REGION_ALIAS", "severity": "info", "page": 3},
    ]}
    assert false_flags(expected, actual) == ["ALLOCATION_ROW_SUM(error)", "REGION_ALIAS(info)"]
    assert false_flags(expected, {"flags": []}) == []


def test_exclude_leaves_the_blind_folder_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(SAMPLE, tmp_path / "dev_one")
    shutil.copytree(SAMPLE, tmp_path / "blind" / "held_out")
    assert main([str(tmp_path), "--exclude", "blind", "--ocr-engine", "fake"]) == 0
    out = capsys.readouterr().out
    assert "dev_one" in out and "held_out" not in out
    assert "1 notices," in out
    assert main([str(tmp_path / "blind"), "--ocr-engine", "fake"]) == 0
    out = capsys.readouterr().out
    assert "held_out" in out and "dev_one" not in out


def test_a_planted_error_is_not_a_clean_notice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(SAMPLE, tmp_path / "f10")  # expects MISSING_FIELD (error): not clean
    assert main([str(tmp_path), "--ocr-engine", "fake"]) == 0
    assert "with a false error flag: 0 of 0" in capsys.readouterr().out


def test_a_sealed_split_is_held_out_until_unsealed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(SAMPLE, tmp_path / "dev_one")
    shutil.copytree(SAMPLE, tmp_path / "blind" / "held_out")
    (tmp_path / "blind" / "SEALED").write_text("held out\n", encoding="utf-8")
    assert main([str(tmp_path), "--ocr-engine", "fake"]) == 0
    out = capsys.readouterr().out
    assert "1 notices held out" in out and "held_out" not in out and "dev_one" in out
    assert main([str(tmp_path / "blind"), "--ocr-engine", "fake"]) == 0
    out = capsys.readouterr().out
    assert "1 notices held out" in out and "held_out " not in out and "ALL FIELDS" not in out
    assert main([str(tmp_path), "--ocr-engine", "fake", "--unseal"]) == 0
    out = capsys.readouterr().out
    assert "held_out" in out and "held out:" not in out
