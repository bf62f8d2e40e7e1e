"""Executors: files in, ParseResults out; the writer never sees how.

    make_executor(settings, workers, files) -> ParseExecutor
    executor.run(paths, on_result)          on_result(ParseResult) per file, in
                                            the calling thread, as each finishes
    executor.close()                        (or ``with executor:``) ends its workers

An executor may ``run`` many times (the ingest's rounds of claims): the pool,
and the OCR models its workers loaded, stay up between runs until ``close``.

``PoolExecutor`` (the default) runs ``safe_parse`` in a pebble ProcessPool:
each document has a wall-clock budget (``--doc-timeout``; the worker is
killed and replaced when it runs over), each worker an address-space limit
(``--worker-memory-mb``, RLIMIT_AS set in the initializer), and a worker that
dies (killed by a signal, the OOM killer, a crash in native code) fails only
the file it held: pebble replaces it and the batch goes on.
``SerialExecutor`` (``--workers 1``) parses in this process, for debugging;
size guards, the per-page limit and the document budget (a SIGALRM timer:
Python code is interrupted, native code only when it returns) hold there, the
memory limit does not. Another executor (Ray, issue 15) implements ``run``.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import Future, as_completed
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Protocol, Self

from pebble import ProcessExpired, ProcessPool

from pipeline.core.errors import OverBudgetError, reason_text
from pipeline.run import (
    ParseResult,
    Settings,
    default_workers,
    file_size,
    safe_parse,
    threads_per_worker,
)
from pipeline.workers.deadline import PAGE_TIMEOUT_EXIT, mark_worker, time_limit

OnResult = Callable[[ParseResult], None]


class ParseExecutor(Protocol):
    def run(self, paths: Sequence[str], on_result: OnResult) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


class Closing:
    """What every executor shares: ``with executor:`` closes it (nothing to close here)."""

    __slots__ = ()

    def close(self) -> None:
        return None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True, slots=True)
class SerialExecutor(Closing):
    settings: Settings

    def run(self, paths: Sequence[str], on_result: OnResult) -> None:
        limit = self.settings.budgets.doc_timeout
        for p in paths:
            try:
                with time_limit(limit, serial_timeout_reason(limit)):
                    result = safe_parse(p, self.settings)  # over the budget: its error says so
            except OverBudgetError as e:  # the alarm rang after the parse had returned
                result = ParseResult(p, error=reason_text(str(e)))
            on_result(result)


TASKS_PER_WORKER = 500
"""A worker is replaced after this many documents (pebble's max_tasks), so that
whatever a long night leaks in native code is given back; reloading the OCR
models once per 500 documents costs nothing measurable."""


@dataclass(slots=True)
class PoolExecutor(Closing):
    settings: Settings
    workers: int
    _pool: ProcessPool | None = field(default=None, compare=False, repr=False)

    def _started(self) -> ProcessPool:
        if self._pool is None:
            budgets = self.settings.budgets
            self._pool = ProcessPool(
                max_workers=self.workers,
                max_tasks=TASKS_PER_WORKER,
                initializer=init_worker,
                initargs=(threads_per_worker(self.workers), budgets.worker_memory_mb),
            )
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.stop()  # type: ignore[no-untyped-call]  # nothing is left running
            pool.join()

    def run(self, paths: Sequence[str], on_result: OnResult) -> None:
        budgets = self.settings.budgets
        timeout = budgets.doc_timeout if budgets.doc_timeout > 0 else None
        pool = self._started()
        try:
            # biggest files first, so that no worker is left with a long one at the end
            futures: dict[Future[ParseResult], str] = {
                pool.schedule(safe_parse, args=(p, self.settings), timeout=timeout): p
                for p in sorted(paths, key=file_size, reverse=True)
            }
            for fut in as_completed(futures):
                path = futures[fut]
                try:
                    result: ParseResult = fut.result()
                except FutureTimeout:
                    result = ParseResult(path, error=doc_timeout_reason(budgets.doc_timeout))
                except ProcessExpired as e:
                    result = ParseResult(path, error=died_reason(e.exitcode, self.settings))
                except Exception as e:  # noqa: BLE001 - e.g. a result that cannot be pickled
                    result = ParseResult(path, error=reason_text(f"internal error: {type(e).__name__}: {e}"))
                on_result(result)
        except BaseException:
            self.close()  # on_result raised (or ^C): stop what is still running, then tell
            raise


def make_executor(settings: Settings, workers: int, files: int) -> ParseExecutor:
    """``workers`` 1 = serial in this process; 0 = one per core (never more than files)."""
    if settings.ray_address is not None:  # --ray: actors on a Ray cluster (issue 15)
        from pipeline.workers.ray_executor import RayExecutor

        return RayExecutor(settings, workers)
    if workers == 1:
        return SerialExecutor(settings)
    return PoolExecutor(settings, workers if workers > 1 else default_workers(files))


def serial_timeout_reason(seconds: float) -> str:
    return f"took longer than {seconds:g} s (budget --doc-timeout); its parse was stopped"


def doc_timeout_reason(seconds: float) -> str:
    return f"took longer than {seconds:g} s (budget --doc-timeout); the worker was stopped"


def died_reason(exitcode: int | None, settings: Settings) -> str:
    """Why a worker ended, for people: a signal (9 is what the OOM killer sends) or an exit code."""
    if exitcode == PAGE_TIMEOUT_EXIT:
        return (
            f"OCR of a page took longer than {settings.budgets.page_timeout:g} s "
            "(budget --page-timeout); the worker was stopped"
        )
    if exitcode is not None and exitcode < 0:
        number = -exitcode
        if number == signal.SIGKILL:
            return f"worker died: signal {number} (out of memory?)"
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = "unknown signal"
        return f"worker died: signal {number} ({name})"
    return f"worker died: exit code {exitcode}"


def init_worker(threads: int, memory_mb: int) -> None:
    """Pool worker set-up: thread counts before any engine loads, the address-space limit."""
    os.environ.setdefault("NOTICES_OCR_THREADS", str(threads))
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    mark_worker()
    if memory_mb > 0:
        set_memory_limit(memory_mb)


def set_memory_limit(memory_mb: int) -> None:
    import resource

    limit = memory_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
