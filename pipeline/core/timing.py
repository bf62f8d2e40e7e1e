"""Where the time goes: nested, exclusive stage timers for benchmarks and summaries.

    with recording() as times:          # in a benchmark or a worker
        with stage("rasterise"):
            ...
        with stage("ocr"):
            with stage("detect"): ...   # "ocr/detect"; its time is not also "ocr"'s
    times.wall["ocr/detect"], times.cpu[...], times.by_leaf()

Outside ``recording()`` a ``stage`` costs one context-variable lookup, so the
stages stay in production code. A stage's time is *exclusive*: time spent in
nested stages is booked to them, never twice. ``add(name, wall)`` books time
measured elsewhere (an engine's own elapsed-time report) to a child stage and
takes it out of the enclosing one. CPU time is the process's (user + system,
all threads: onnxruntime's intra-op threads count).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class StageTimes:
    """Exclusive wall and CPU seconds per stage path ("prepare/orient/detect")."""

    wall: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    _stack: list[list[float]] = field(default_factory=list, repr=False)
    _path: list[str] = field(default_factory=list, repr=False)

    def book(self, path: str, wall: float, cpu: float) -> None:
        self.wall[path] = self.wall.get(path, 0.0) + wall
        self.cpu[path] = self.cpu.get(path, 0.0) + cpu

    def merge(self, other: StageTimes) -> None:
        for k, v in other.wall.items():
            self.book(k, v, other.cpu.get(k, 0.0))

    def by_leaf(self) -> dict[str, float]:
        """Wall seconds per last path element: every "detect" together (zeros left out)."""
        out: dict[str, float] = {}
        for k, v in self.wall.items():
            if v <= 0:
                continue
            leaf = k.rsplit("/", 1)[-1]
            out[leaf] = out.get(leaf, 0.0) + v
        return out

    def total(self) -> float:
        return sum(self.wall.values())


_CURRENT: ContextVar[StageTimes | None] = ContextVar("notices_stage_times", default=None)


def _cpu() -> float:
    return time.process_time()


@contextmanager
def recording(times: StageTimes | None = None) -> Iterator[StageTimes]:
    """Collect the stages run inside this block (nestable: the inner one wins)."""
    times = times if times is not None else StageTimes()
    token = _CURRENT.set(times)
    try:
        yield times
    finally:
        _CURRENT.reset(token)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time the block as ``name`` under the enclosing stage, if anyone is recording."""
    times = _CURRENT.get()
    if times is None:
        yield
        return
    times._path.append(name)
    # [start wall, start cpu, wall booked to children, cpu booked to children]
    frame = [time.perf_counter(), _cpu(), 0.0, 0.0]
    times._stack.append(frame)
    try:
        yield
    finally:
        wall = time.perf_counter() - frame[0]
        cpu = _cpu() - frame[1]
        times._stack.pop()
        path = "/".join(times._path)
        times._path.pop()
        times.book(path, max(0.0, wall - frame[2]), max(0.0, cpu - frame[3]))
        if times._stack:
            times._stack[-1][2] += wall
            times._stack[-1][3] += cpu


def add(name: str, wall: float, cpu: float | None = None) -> None:
    """Book ``wall`` seconds (measured elsewhere) to child stage ``name`` of the current one.

    With no ``cpu`` given, CPU is not split off the parent (it stays there).
    """
    times = _CURRENT.get()
    if times is None or wall <= 0:
        return
    path = "/".join([*times._path, name])
    times.book(path, wall, cpu or 0.0)
    if times._stack:
        times._stack[-1][2] += wall
        times._stack[-1][3] += cpu or 0.0
