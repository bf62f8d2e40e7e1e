"""The parse stage on a Ray cluster (issue 15): ``notices ingest PATH... --ray [ADDRESS]``.

    connect(address) -> cluster CPUs      ray.init once per process ("" = a local instance)
    RayExecutor(settings, workers).run(paths, on_result)   the ParseExecutor interface

Each worker is a Ray actor (``ParseWorker``, one CPU): its process keeps the
OCR engine it loaded (``pipeline.run``'s per-process engine cache) for every
file it parses. The driver reads each file and hands its bytes to Ray's
object store (``ray.put``), so the nodes need no shared filesystem; a worker
parses from those bytes (``safe_parse(path, settings, data)``) and the
ParseResult comes back to the driver as soon as it is done, where the
writer stores it in its own transaction (``on_result``), exactly as with
local workers: progress, summary, claims and re-runs are the same.

Each actor holds one file at a time, so a budget and a death are the file's:

- a worker process that dies mid-file (killed, OOM, a node lost) is
  restarted by Ray (``max_restarts=-1``) and the file is given again, to
  another actor when there is one; a file whose worker died twice is that
  file's failure (``worker died twice``);
- a file over ``--doc-timeout`` has its actor killed and restarted and fails
  with the same reason as in the local pool.

The address-space limit (``--worker-memory-mb``) is not set in Ray workers:
they map the object store's shared memory, and Ray's own memory monitor
ends a worker that takes too much (seen here as a death, retried once).
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from pipeline.core.errors import reason_text
from pipeline.run import ParseResult, Settings, file_size, safe_parse
from pipeline.workers.executor import Closing, OnResult, doc_timeout_reason

log = logging.getLogger("notices")

INSTALL_HINT = (
    "--ray needs Ray, an optional extra: pip install 'notices[ray]' "
    "(or: pip install 'ray>=2.60,<3')"
)
MAX_ATTEMPTS = 2  # a file whose worker died this many times is that file's failure
POLL_SECONDS = 1.0  # how often the driver looks at the time budgets of running files
RESTART_SECONDS = 120.0  # how long a retry waits for Ray to restart the one actor its file died in
LOOPBACK = ("127.0.0.1", "localhost")


class RayMissingError(RuntimeError):
    """Ray is not installed; the message says how to install it."""


class RayUnreachableError(ConnectionError):
    """Nothing answers at the cluster address given (Ray itself would retry for minutes)."""


CONNECT_SECONDS = 10.0


def require_ray() -> ModuleType:
    try:
        import ray
    except ImportError as err:
        raise RayMissingError(INSTALL_HINT) from err
    return ray


def connect(address: str) -> int:
    """Join (``auto``, ``host:port``, ``ray://host:port``) or start ("") Ray; the cluster's CPUs.

    A local instance, or a cluster on this machine's loopback address, is
    told to use 127.0.0.1 as its node address (Ray otherwise picks the
    machine's outward address), so nothing listens beyond this machine.
    """
    if address == "" or address.split("://")[-1].split(":")[0] in LOOPBACK:
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # read when ray is imported
    ray = require_ray()
    if not ray.is_initialized():
        check_reachable(address)
        common: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.ERROR}
        if address == "":
            ray.init(address="local", include_dashboard=False, **common)
        else:
            ray.init(address=address, **common)
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def check_reachable(address: str, seconds: float = CONNECT_SECONDS) -> None:
    """A ``host:port`` or ``ray://host:port`` that accepts no TCP connection: RayUnreachableError."""
    host, sep, port = address.split("://")[-1].rpartition(":")
    if not sep or not port.isdigit() or not host:
        return  # "" (a local instance) or "auto": Ray finds the cluster itself
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=seconds).close()
    except OSError as e:
        raise RayUnreachableError(
            f"no Ray cluster answers at {address} ({e.strerror or type(e).__name__})"
        ) from e


class ParseWorker:
    """One Ray actor: parses files from their bytes, one at a time; the OCR engine stays loaded."""

    def __init__(self, threads: int) -> None:
        os.environ["NOTICES_OCR_THREADS"] = str(threads)
        os.environ["OMP_NUM_THREADS"] = str(threads)

    def parse(self, path: str, data: bytes, settings: Settings) -> ParseResult:
        return safe_parse(path, settings, data)

    def pid(self) -> int:
        return os.getpid()


_actors: list[Any] = []  # this process's actors, kept from one batch (round of claims) to the next
_actor_class: list[Any] = []  # ParseWorker as a Ray actor class, made once


def actors(count: int) -> list[Any]:
    """``count`` ParseWorker actors, reusing the ones earlier batches started."""
    if not _actor_class:
        ray = require_ray()
        _actor_class.append(ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=0)(ParseWorker))
    while len(_actors) < count:
        _actors.append(_actor_class[0].remote(1))
    return _actors[:count]


@dataclass
class _Running:
    path: str
    data: Any  # the ObjectRef of the file's bytes, kept for a second attempt
    actor: int
    started: float


@dataclass
class _Schedule:
    """The driver's loop: one file per actor, results handed on as they finish."""

    settings: Settings
    pool: list[Any]
    on_result: OnResult
    pending: deque[tuple[str, Any]] = field(default_factory=deque)
    running: dict[Any, _Running] = field(default_factory=dict)
    idle: list[int] = field(default_factory=list)
    died_on: dict[str, list[int]] = field(default_factory=dict)

    def run(self, paths: Sequence[str]) -> None:
        ray = require_ray()
        self.idle = list(range(len(self.pool)))
        # biggest files first, so that no worker is left with a long one at the end
        self.pending.extend((p, None) for p in sorted(paths, key=file_size, reverse=True))
        try:
            while self.pending or self.running:
                self._submit(ray)
                if not self.running:
                    continue
                ready, _ = ray.wait(list(self.running), num_returns=1, timeout=POLL_SECONDS)
                for ref in ready:
                    self._finish(ray, ref)
                self._enforce_budget(ray)
        finally:
            for job in self.running.values():  # on_result raised: nothing is left parsing for nobody
                ray.kill(self.pool[job.actor], no_restart=False)

    def _submit(self, ray: ModuleType) -> None:
        deferred: list[tuple[str, Any]] = []  # retries waiting for another actor than the one they died in
        while self.idle and self.pending:
            path, data = self.pending.popleft()
            actor = self._pick(path)
            if actor is None:
                deferred.append((path, data))
                continue
            if actor in self.died_on.get(path, ()):
                self._await_restart(ray, actor)
            if data is None:
                try:
                    data = ray.put(Path(path).read_bytes())
                except OSError as e:
                    self.idle.append(actor)
                    self.on_result(ParseResult(path, error=f"cannot read: {e.strerror or e}"))
                    continue
            ref = self.pool[actor].parse.remote(path, data, self.settings)
            self.running[ref] = _Running(path, data, actor, time.monotonic())
        self.pending.extendleft(reversed(deferred))

    def _await_restart(self, ray: ModuleType, actor: int) -> None:
        """Wait until the actor a file died in answers again (the only one left to retry it on): a
        call made while Ray restarts it fails at once, unavailable, and would count as the file's
        second death though no parse ran."""
        deadline = time.monotonic() + RESTART_SECONDS
        while time.monotonic() < deadline:
            try:
                ray.get(self.pool[actor].pid.remote(), timeout=max(0.1, deadline - time.monotonic()))
                return
            except ray.exceptions.RayError:  # still restarting (or gone: the retry will say so)
                time.sleep(POLL_SECONDS / 2)

    def _pick(self, path: str) -> int | None:
        """An idle actor this file's worker did not die in; None: wait for one (a restarting
        actor would fail it again) unless it died in every actor there is."""
        died = self.died_on.get(path, [])
        for i, actor in enumerate(self.idle):
            if actor not in died:
                return self.idle.pop(i)
        if set(range(len(self.pool))) <= set(died):
            return self.idle.pop(0)
        return None

    def _finish(self, ray: ModuleType, ref: Any) -> None:
        job = self.running.pop(ref)
        self.idle.append(job.actor)  # a dead actor is restarted by Ray; calls wait for it
        try:
            result: ParseResult = ray.get(ref)
        except ray.exceptions.RayTaskError as e:  # raised inside parse: safe_parse reports all else
            result = ParseResult(job.path, error=reason_text(f"internal error: {_first_line(e)}"))
        except ray.exceptions.RayError as e:  # the worker process or its node was lost
            died = self.died_on.setdefault(job.path, [])
            died.append(job.actor)
            log.warning("%s: Ray worker lost (%s)", job.path, type(e).__name__)
            if len(died) < MAX_ATTEMPTS:
                self.pending.appendleft((job.path, job.data))
                return
            result = ParseResult(job.path, error=f"worker died twice ({type(e).__name__})")
        self.on_result(result)

    def _enforce_budget(self, ray: ModuleType) -> None:
        limit = self.settings.budgets.doc_timeout
        if limit <= 0:
            return
        now = time.monotonic()
        for ref, job in list(self.running.items()):
            if now - job.started > limit:
                del self.running[ref]
                ray.kill(self.pool[job.actor], no_restart=False)  # a fresh process takes its place
                self.idle.append(job.actor)
                self.on_result(ParseResult(job.path, error=doc_timeout_reason(limit)))


@dataclass(frozen=True, slots=True)
class RayExecutor(Closing):
    """``ParseExecutor`` on Ray: ``workers`` actors (0 = one per CPU of the cluster)."""

    settings: Settings
    workers: int = 0

    def run(self, paths: Sequence[str], on_result: OnResult) -> None:
        if not paths:
            return
        cpus = connect(self.settings.ray_address or "")
        count = min(len(paths), self.workers if self.workers > 0 else cpus)
        _Schedule(self.settings, actors(count), on_result).run(paths)


def _first_line(err: BaseException) -> str:
    cause = getattr(err, "cause", None) or err
    text = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {text[-1] if text else ''}"
