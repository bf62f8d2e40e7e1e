"""`--ray` without a cluster: the install hint, the executor choice, the scheduling rules (issue 15).

The real cluster is tests/test_ray.py; these need neither Ray nor a server.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pipeline import cli
from pipeline.run import Settings
from pipeline.workers.executor import PoolExecutor, SerialExecutor, make_executor

ROOT = Path(__file__).resolve().parent.parent


def test_ray_flag_without_ray_says_how_to_install_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    pdf = next(ROOT.glob("samples/*/notice.pdf"))
    db = tmp_path / "n.db"
    rc = cli.main(["ingest", str(pdf), "--db", f"sqlite:///{db}", "--ray"])
    assert rc == 2
    err = capsys.readouterr().err
    assert "pip install 'notices[ray]'" in err
    assert not db.exists()  # nothing ran


def test_ray_address_argument_forms() -> None:
    parser = cli.build_parser()
    assert parser.parse_args(["ingest", "a.pdf"]).ray is None
    assert parser.parse_args(["ingest", "a.pdf", "--ray"]).ray == ""
    assert parser.parse_args(["ingest", "a.pdf", "--ray", "auto"]).ray == "auto"
    assert parser.parse_args(["ingest", "a.pdf", "--ray=ray://10.0.0.5:10001"]).ray == "ray://10.0.0.5:10001"


def test_make_executor_picks_ray_only_when_asked() -> None:
    from pipeline.workers.ray_executor import RayExecutor

    assert isinstance(make_executor(Settings(), 1, 5), SerialExecutor)
    assert isinstance(make_executor(Settings(), 2, 5), PoolExecutor)
    ray = make_executor(Settings(ray_address="auto"), 1, 5)  # 1 actor, not the serial path
    assert isinstance(ray, RayExecutor) and ray.workers == 1
    assert isinstance(make_executor(Settings(ray_address=""), 0, 5), RayExecutor)


def test_a_file_is_parsed_from_bytes_named_by_its_path(tmp_path: Path) -> None:
    """What a Ray worker does: the bytes came through the object store, the path only names them."""
    from pipeline.run import safe_parse

    pdf = next(ROOT.glob("samples/*/notice.pdf"))
    here = safe_parse(str(pdf), Settings(ocr_cache=""))
    elsewhere = safe_parse("/nowhere/on/this/node/" + pdf.name, Settings(ocr_cache=""),
                           pdf.read_bytes())
    assert here.notice is not None and elsewhere.notice is not None
    assert elsewhere.notice.source.path == "/nowhere/on/this/node/" + pdf.name
    assert elsewhere.notice.source.sha256 == here.notice.source.sha256
    from pipeline.core.render import dumps

    assert dumps(elsewhere.notice) == dumps(here.notice)


def test_ray_address_where_nothing_listens_fails_fast_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("ray")
    import socket

    with socket.socket() as s:  # a port that was free a moment ago: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    pdf = next(ROOT.glob("samples/*/notice.pdf"))
    db = tmp_path / "n.db"
    rc = cli.main(["ingest", str(pdf), "--db", f"sqlite:///{db}", f"--ray=127.0.0.1:{port}"])
    assert rc == 2
    assert f"no Ray cluster answers at 127.0.0.1:{port}" in capsys.readouterr().err
    assert not db.exists()


def test_a_file_whose_worker_died_goes_to_another_idle_worker_when_there_is_one() -> None:
    from pipeline.workers.ray_executor import _Schedule

    schedule = _Schedule(Settings(), pool=[object(), object(), object()], on_result=lambda r: None)
    schedule.idle = [0, 2]
    schedule.died_on = {"a.pdf": [0]}
    assert schedule._pick("a.pdf") == 2
    assert schedule.idle == [0]
    # only the actor it died in is free, and it may still be restarting (ActorUnavailableError):
    # wait for another one
    assert schedule._pick("a.pdf") is None
    assert schedule.idle == [0]
    schedule.idle = [1, 2]
    assert schedule._pick("b.pdf") == 1
    schedule.died_on = {"c.pdf": [0, 1, 2]}  # it died in every actor there is: any will do
    assert schedule._pick("c.pdf") == 2


def test_a_retry_waits_for_another_actor_while_new_files_go_to_the_restarted_one() -> None:
    from types import SimpleNamespace

    from pipeline.workers.ray_executor import _Schedule

    calls: list[tuple[int, str]] = []

    def actor(i: int) -> SimpleNamespace:
        return SimpleNamespace(parse=SimpleNamespace(remote=lambda path, data, settings: calls.append((i, path)) or f"ref-{path}"))

    schedule = _Schedule(Settings(), pool=[actor(0), actor(1)], on_result=lambda r: None)
    schedule.idle = [0]  # actor 1 is busy
    schedule.died_on = {"retry.pdf": [0]}
    schedule.pending.extend([("retry.pdf", "bytes-ref"), ("new.pdf", "bytes-ref")])
    schedule._submit(SimpleNamespace(put=lambda b: "bytes-ref"))
    assert calls == [(0, "new.pdf")]
    assert list(schedule.pending) == [("retry.pdf", "bytes-ref")]  # still first in line


def test_a_retry_on_the_only_actor_waits_until_ray_has_restarted_it() -> None:
    from types import SimpleNamespace

    from pipeline.workers.ray_executor import _Schedule

    class Unavailable(Exception):
        pass

    pings: list[str] = []
    calls: list[str] = []

    def get(ref: str, timeout: float) -> int:
        pings.append(ref)
        if len(pings) < 3:
            raise Unavailable  # still restarting
        return 4242

    actor = SimpleNamespace(pid=SimpleNamespace(remote=lambda: "ping"),
                            parse=SimpleNamespace(remote=lambda path, data, settings: calls.append(path) or "ref"))
    ray = SimpleNamespace(get=get, put=lambda b: "bytes-ref", exceptions=SimpleNamespace(RayError=Unavailable))
    schedule = _Schedule(Settings(), pool=[actor], on_result=lambda r: None)
    schedule.idle = [0]
    schedule.died_on = {"a.pdf": [0]}  # it died in the one actor there is
    schedule.pending.append(("a.pdf", "bytes-ref"))
    schedule._submit(ray)
    assert pings == ["ping"] * 3 and calls == ["a.pdf"]  # submitted once the actor answered
