"""Wall-clock limits inside one process: ``with time_limit(seconds, reason): ...``.

A SIGALRM timer raises OverBudgetError(reason) in the main thread when the
time is up (a Python engine, a sleeping or looping one, is interrupted there).
Native code that never returns to Python cannot be interrupted that way, so
in a pool worker (``in_worker()``) a watchdog thread also ends the process a
few seconds later with PAGE_TIMEOUT_EXIT; the pool reports that exit code as
the budget's reason and starts a fresh worker. In the serial path (``--workers
1``, the operator's own process) only the signal is used.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from pipeline.core.errors import OverBudgetError

PAGE_TIMEOUT_EXIT = 86  # a worker's exit code: a page's OCR outlived --page-timeout
GRACE_SECONDS = 5.0

_state = {"worker": False}


def mark_worker() -> None:
    """Called by the pool's worker initializer: hard limits may end this process."""
    _state["worker"] = True


def in_worker() -> bool:
    return _state["worker"]


@contextmanager
def time_limit(seconds: float, reason: str, *, exit_code: int = PAGE_TIMEOUT_EXIT) -> Iterator[None]:
    """Raise OverBudgetError(reason) when the block outlives ``seconds`` (0 = no limit).

    Limits nest (a page's budget inside a document's): an inner limit that would end after the
    outer one changes nothing, and on leaving an inner limit the outer one's timer is set again
    with what is left of it.
    """
    main = threading.current_thread() is threading.main_thread()
    if seconds <= 0 or not main:
        yield
        return
    outer_left, _ = signal.getitimer(signal.ITIMER_REAL)
    if 0 < outer_left <= seconds:
        yield  # the enclosing limit ends first: it stays in charge
        return

    def on_alarm(_signum: int, _frame: FrameType | None) -> None:
        raise OverBudgetError(reason)

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    watchdog: threading.Timer | None = None
    if in_worker():
        watchdog = threading.Timer(seconds + GRACE_SECONDS, _hard_exit, args=(exit_code, reason))
        watchdog.daemon = True
        watchdog.start()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if watchdog is not None:
            watchdog.cancel()
        if outer_left > 0:  # give the enclosing limit back what is left of it (at once if none)
            signal.setitimer(signal.ITIMER_REAL, max(outer_left - (time.monotonic() - started), 1e-3))


def _hard_exit(code: int, reason: str) -> None:
    print(f"notices worker {os.getpid()}: {reason}; ending the worker", file=sys.stderr, flush=True)
    os._exit(code)
