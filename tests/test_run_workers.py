"""Worker layout and stage reporting of the composition root and ingest."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import IngestReport, format_stages
from pipeline.run import ParseResult, Settings, parse_many, safe_parse, threads_per_worker

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.mark.parametrize(
    ("workers", "cpus", "threads"),
    [(1, 2, 2), (2, 2, 1), (3, 2, 1), (2, 8, 4), (0, 4, 4), (1, 1, 1)],
)
def test_threads_per_worker_shares_the_cores(workers: int, cpus: int, threads: int) -> None:
    assert threads_per_worker(workers, cpus) == threads


def test_safe_parse_reports_stage_times() -> None:
    r = safe_parse(str(SAMPLES / "seed000" / "notice.pdf"), Settings())
    assert r.notice is not None and r.error is None
    stages = dict(r.stage_seconds)
    assert {"open", "text layer", "layout", "parse", "checks"} <= set(stages)
    assert all(v >= 0 for v in stages.values())


def test_safe_parse_turns_bad_input_into_a_reason(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    r = safe_parse(str(bad), Settings())
    assert r.notice is None and r.error and "not a PDF" in r.error and r.path == str(bad)


def test_parse_many_in_two_workers_returns_every_file() -> None:
    paths = [str(SAMPLES / s / "notice.pdf") for s in ("seed000", "v01_luanchuan_employment")]
    got: list[ParseResult] = []
    parse_many(paths, Settings(), 2, got.append)
    assert sorted(r.path for r in got) == sorted(paths)
    assert all(r.notice is not None and r.stage_seconds for r in got)


def test_format_stages_ranks_and_divides() -> None:
    report = IngestReport()
    report.add_stages([("detect", 6.0), ("layout", 0.5)])
    report.add_stages([("detect", 2.0), ("recognise", 4.0), ("idle", 0.0)])
    assert report.stage_seconds["detect"] == 8.0
    assert format_stages(report.stage_seconds, 4) == "detect 2.000s, recognise 1.000s, layout 0.125s"


@pytest.mark.parametrize(("files", "cpus", "workers"), [(10, 2, 2), (1, 2, 1), (0, 2, 1), (3, 8, 3)])
def test_default_workers_one_per_core_at_most_one_per_file(files: int, cpus: int, workers: int) -> None:
    from pipeline.run import default_workers

    assert default_workers(files, cpus) == workers


def test_progress_hears_of_every_page_that_needs_ocr() -> None:
    from pipeline.run import parse_document

    calls: list[tuple[int, int]] = []
    folder = SAMPLES / "v01_luanchuan_employment"
    parse_document(folder / "scan.pdf", Settings(ocr_engine="replay"), progress=lambda d, t: calls.append((d, t)))
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]
    calls.clear()
    parse_document(folder / "notice.pdf", Settings(), progress=lambda d, t: calls.append((d, t)))
    assert calls == []  # a text layer needs no OCR and no progress
