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


# --- budgets and dead workers (issue 18) ------------------------------------------

SCAN = SAMPLES / "v01_luanchuan_employment" / "scan.pdf"  # needs OCR on every page
DIGITAL = [SAMPLES / s / "notice.pdf" for s in ("seed000", "v02_zhaojue_medical", "v03_baise_education")]


def _run(paths: list[Path], settings: Settings, workers: int = 2) -> dict[str, ParseResult]:
    got: list[ParseResult] = []
    parse_many([str(p) for p in paths], settings, workers, got.append)
    assert sorted(r.path for r in got) == sorted(str(p) for p in paths)  # every file, once
    return {r.path: r for r in got}


def _hanging(tmp_path: Path, **budgets: float) -> Settings:
    from pipeline.read.budget import Budgets

    return Settings(
        ocr_engine="hanging", ocr_cache="", engine_options=(("pid_dir", str(tmp_path)),),
        budgets=Budgets(**budgets),  # type: ignore[arg-type]
    )


def test_a_killed_worker_fails_only_its_file_and_the_pool_goes_on(tmp_path: Path) -> None:
    import os
    import signal
    import threading
    import time

    killed: list[int] = []

    def killer() -> None:  # waits for the worker stuck on the scan, then kills it for real
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed:
            for f in tmp_path.iterdir():
                os.kill(int(f.name), signal.SIGKILL)
                killed.append(int(f.name))
            time.sleep(0.05)

    t = threading.Thread(target=killer, daemon=True)
    t.start()
    results = _run([SCAN, *DIGITAL], _hanging(tmp_path, doc_timeout=120))
    t.join()
    assert len(killed) == 1
    assert results[str(SCAN)].notice is None
    assert results[str(SCAN)].error == "worker died: signal 9 (out of memory?)"
    assert all(results[str(p)].notice is not None for p in DIGITAL)  # 3 files on 2 workers: replenished


def test_a_hanging_engine_hits_the_page_limit_and_fails_only_its_file(tmp_path: Path) -> None:
    results = _run([SCAN, DIGITAL[0]], _hanging(tmp_path, page_timeout=1.5, doc_timeout=60))
    assert results[str(SCAN)].error == "OCR of page 1 took longer than 1.5 s (budget --page-timeout)"
    assert results[str(DIGITAL[0])].notice is not None


def test_an_engine_stuck_in_native_code_is_ended_by_the_watchdog(tmp_path: Path) -> None:
    from pipeline.read.budget import Budgets

    settings = Settings(
        ocr_engine="hanging", ocr_cache="", budgets=Budgets(page_timeout=5.0, doc_timeout=60),
        engine_options=(("block_signals", True),),  # SIGALRM cannot reach it (5 s: rendering comes first)
    )
    results = _run([SCAN, DIGITAL[0]], settings)
    error = results[str(SCAN)].error or ""
    assert "took longer than 5 s (budget --page-timeout)" in error and "worker was stopped" in error
    assert results[str(DIGITAL[0])].notice is not None


def test_the_document_budget_stops_a_worker(tmp_path: Path) -> None:
    results = _run([SCAN, DIGITAL[0]], _hanging(tmp_path, page_timeout=0, doc_timeout=2))
    assert results[str(SCAN)].error == "took longer than 2 s (budget --doc-timeout); the worker was stopped"
    assert results[str(DIGITAL[0])].notice is not None


def test_the_memory_budget_fails_the_file_not_the_worker() -> None:
    from pipeline.read.budget import Budgets

    vm_mb = _vm_size_mb()  # workers are forked from this process: their start size
    budgets = Budgets(worker_memory_mb=vm_mb + 400, doc_timeout=60)
    settings = Settings(ocr_engine="hogging", ocr_cache="", budgets=budgets, engine_options=(("mb", 1024),))
    results = _run([SCAN, DIGITAL[0]], settings)
    assert results[str(SCAN)].error == (
        f"out of memory: needs more than {vm_mb + 400} MB (budget --worker-memory-mb)"
    )
    assert results[str(DIGITAL[0])].notice is not None


def _vm_size_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmSize")


@pytest.mark.parametrize(
    ("code", "reason"),
    [(-9, "worker died: signal 9 (out of memory?)"), (-11, "worker died: signal 11 (SIGSEGV)"),
     (3, "worker died: exit code 3")],
)
def test_died_reasons_are_for_people(code: int, reason: str) -> None:
    from pipeline.workers.executor import died_reason

    assert died_reason(code, Settings()) == reason


def test_workers_1_is_serial_and_0_is_the_pool() -> None:
    from pipeline.workers.executor import PoolExecutor, SerialExecutor, make_executor

    assert isinstance(make_executor(Settings(), 1, 5), SerialExecutor)
    assert isinstance(make_executor(Settings(), 0, 1), PoolExecutor)  # budgets hold for one file too
    assert make_executor(Settings(), 3, 5) == PoolExecutor(Settings(), 3)


def test_the_serial_path_keeps_the_page_limit(tmp_path: Path) -> None:
    results = _run([SCAN, DIGITAL[0]], _hanging(tmp_path, page_timeout=3), workers=1)
    assert results[str(SCAN)].error == "OCR of page 1 took longer than 3 s (budget --page-timeout)"
    assert results[str(DIGITAL[0])].notice is not None


def test_the_serial_path_keeps_the_document_budget(tmp_path: Path) -> None:
    results = _run([SCAN, DIGITAL[0]], _hanging(tmp_path, page_timeout=0, doc_timeout=2), workers=1)
    assert results[str(SCAN)].error == "took longer than 2 s (budget --doc-timeout); its parse was stopped"
    assert results[str(DIGITAL[0])].notice is not None


def test_time_limits_nest_the_sooner_one_rings() -> None:
    """A page's limit inside a document's: whichever ends first names the reason, and the outer
    limit still holds after an inner one is left."""
    import signal
    import time

    from pipeline.core.errors import OverBudgetError
    from pipeline.workers.deadline import time_limit

    armed_before = signal.getitimer(signal.ITIMER_REAL)[0]  # e.g. pytest-timeout's own timer
    with pytest.raises(OverBudgetError, match="page"), time_limit(30, "document"), time_limit(0.2, "page"):
        time.sleep(5)
    with pytest.raises(OverBudgetError, match="document"), time_limit(0.2, "document"), time_limit(30, "page"):
        time.sleep(5)
    with pytest.raises(OverBudgetError, match="document"), time_limit(0.5, "document"):
        with time_limit(10, "page"):  # left without ringing; the document's limit goes on
            pass
        time.sleep(5)
    left = signal.getitimer(signal.ITIMER_REAL)[0]  # an enclosing timer is given back, no other
    assert left == 0.0 if armed_before == 0.0 else armed_before - 10 < left <= armed_before


def test_no_python_repr_in_a_reason(tmp_path: Path) -> None:
    from tests.hostile import page_tree_loop

    data = page_tree_loop((SAMPLES / "seed000" / "notice.pdf").read_bytes(), __import__("random").Random(0))
    damaged = tmp_path / "loop.pdf"
    damaged.write_bytes(data[:-400] + b"garbage" * 50 + b"\n%%EOF\n")  # no xref either
    r = safe_parse(str(damaged), Settings())
    assert r.error and "object at 0x" not in r.error and "<_io" not in r.error


def test_reason_text_drops_reprs_and_newlines() -> None:
    from pipeline.core.errors import reason_text

    raw = "stream <_io.BytesIO object at 0x7fa562be5760> (offset 12): xref\nnot found"
    assert reason_text(raw) == "stream (offset 12): xref not found"
    assert len(reason_text("x" * 1000)) == 240


def test_a_pool_executor_keeps_its_workers_between_runs(tmp_path: Path) -> None:
    """The ingest's rounds of claims share one pool: the same worker processes parse every
    round (their OCR models stay loaded), and close() ends them."""
    from pipeline.workers.executor import PoolExecutor

    pdf = SAMPLES / "seed000" / "notice.pdf"
    got: list[ParseResult] = []
    with PoolExecutor(Settings(), 2) as executor:
        executor.run([str(pdf)], got.append)
        pool = executor._pool
        assert pool is not None and pool.active
        executor.run([str(pdf), str(pdf)], got.append)
        assert executor._pool is pool  # not restarted
    assert executor._pool is None and not pool.active
    assert [r.error for r in got] == [None, None, None]


def test_a_failing_consumer_stops_the_pool(tmp_path: Path) -> None:
    from pipeline.workers.executor import PoolExecutor

    pdf = str(SAMPLES / "seed000" / "notice.pdf")
    executor = PoolExecutor(Settings(), 2)

    def boom(result: ParseResult) -> None:
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        executor.run([pdf, pdf, pdf], boom)
    assert executor._pool is None  # nothing left running
