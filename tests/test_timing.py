"""pipeline.core.timing: nested stages book exclusive time (on a fake clock)."""

from __future__ import annotations

import pytest

from pipeline.core import timing


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(timing.time, "perf_counter", c)
    monkeypatch.setattr(timing.time, "process_time", c)
    return c


def test_nested_stages_are_exclusive(clock: Clock) -> None:
    with timing.recording() as t:
        with timing.stage("prepare"):
            clock.now += 1.0
            with timing.stage("orient"):
                clock.now += 2.0
            clock.now += 0.5
        with timing.stage("layout"):
            clock.now += 0.25
    assert t.wall == {"prepare/orient": 2.0, "prepare": 1.5, "layout": 0.25}
    assert t.cpu == t.wall
    assert t.total() == 3.75


def test_add_books_an_engine_split_and_takes_it_from_the_parent(clock: Clock) -> None:
    with timing.recording() as t, timing.stage("ocr"):
        clock.now += 3.0
        timing.add("detect", 2.0, 1.5)
        timing.add("recognise", 0.75)
    assert t.wall == {"ocr/detect": 2.0, "ocr/recognise": 0.75, "ocr": 0.25}
    assert t.cpu["ocr"] == 1.5 and t.cpu["ocr/recognise"] == 0.0
    assert t.by_leaf() == {"detect": 2.0, "recognise": 0.75, "ocr": 0.25}


def test_leaves_add_up_across_paths(clock: Clock) -> None:
    with timing.recording() as t:
        for parent in ("ocr", "red"):
            with timing.stage(parent), timing.stage("detect"):
                clock.now += 1.0
    assert t.by_leaf() == {"detect": 2.0}


def test_nothing_is_recorded_outside_recording(clock: Clock) -> None:
    with timing.stage("layout"):
        clock.now += 1.0
    timing.add("detect", 1.0)  # no error, nowhere booked
    with timing.recording() as t:
        pass
    assert t.wall == {}


def test_a_failing_stage_still_books_its_time(clock: Clock) -> None:
    with timing.recording() as t, pytest.raises(ValueError), timing.stage("parse"):
        clock.now += 1.0
        raise ValueError("boom")
    assert t.wall == {"parse": 1.0}


def test_merge_sums() -> None:
    a, b = timing.StageTimes(), timing.StageTimes()
    a.book("x", 1.0, 0.5)
    b.book("x", 2.0, 1.0)
    b.book("y", 1.0, 1.0)
    a.merge(b)
    assert a.wall == {"x": 3.0, "y": 1.0} and a.cpu == {"x": 1.5, "y": 1.0}
