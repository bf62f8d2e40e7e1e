"""`notices ingest --ray` on a real local Ray cluster (issue 15), into the real PostgreSQL.

The cluster is two `ray start` processes on this machine (a head and a second
node, one CPU each, 127.0.0.1 only, token auth), started in sessions of their
own so that teardown ends exactly their processes (SIGTERM, then SIGKILL, to
each session's process group). The ingester is the `notices` command in a
subprocess, as an operator runs it.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from samples.corpus import files
from tests.conftest import PG_ENV, pg_schema_urls

pytest.importorskip("ray")

pytestmark = [pytest.mark.ray, pytest.mark.postgres, pytest.mark.xdist_group("ray")]

ROOT = Path(__file__).resolve().parent.parent
RAY_BIN = Path(sys.executable).parent / "ray"
OBJECT_STORE = str(80 * 1024 * 1024)
PARSING = "ray::ParseWorker.parse"  # a ParseWorker actor's process title while it parses a file


def digital_samples() -> list[str]:
    return [str(p.relative_to(ROOT)) for p in files("notice.pdf")]  # sealed splits never parsed


@dataclass
class Cluster:
    address: str
    env: dict[str, str]
    sessions: list[int]  # the `ray start` processes' session ids: every process of the cluster

    def processes(self) -> list[tuple[int, str]]:
        """(pid, title) of every process in the cluster's sessions."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if os.getsid(int(entry.name)) not in self.sessions:
                    continue
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except (OSError, ProcessLookupError):
                continue
            found.append((int(entry.name), title.strip()))
        return found


def listening(pids: set[int]) -> list[str]:
    """The local addresses (ip:port) of the TCP sockets these processes listen on."""
    inodes: set[str] = set()
    for pid in pids:
        try:
            fds = list(Path(f"/proc/{pid}/fd").iterdir())
        except OSError:
            continue
        for fd in fds:
            with contextlib.suppress(OSError):
                target = str(fd.readlink())
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
    found = []
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            cols = line.split()
            if cols[3] == "0A" and cols[9] in inodes:  # 0A: LISTEN
                found.append(_address(cols[1]))
    return found


def _address(hex_address: str) -> str:
    """/proc/net/tcp{,6} notation (little-endian words) -> ip:port."""
    import ipaddress

    ip_hex, port_hex = hex_address.split(":")
    raw = bytes.fromhex(ip_hex)
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
    ip = ipaddress.ip_address(words)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return f"{ip}:{int(port_hex, 16)}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ray_start(cmd: list[str], env: dict[str, str], sessions: list[int]) -> None:
    """Run a command that starts Ray daemons, in a session of its own (noted before it runs)."""
    proc = subprocess.Popen(cmd, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sessions.append(proc.pid)  # = the session id its daemons keep
    try:
        out, _ = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    assert proc.returncode == 0, out


def _stop(sessions: list[int]) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for sid in sessions:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(sid, sig)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(sid) for sid in sessions):
            time.sleep(0.2)


def _alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def pg_base() -> str:
    """The test server's URL; every test here needs it, so no cluster starts without it."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"${PG_ENV} is not set: export {PG_ENV}=$(bash scripts/pg.sh start)")
    return base


@pytest.fixture(scope="module")
def cluster(pg_base: str) -> Iterator[Cluster]:
    port = _free_port()
    temp = tempfile.mkdtemp(prefix="nray", dir="/tmp")  # short: unix socket paths are limited
    env = {
        **os.environ,
        "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(16),
        "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",  # node address 127.0.0.1, not the outward one
        "RAY_USAGE_STATS_ENABLED": "0",
    }
    common = ["--num-cpus=1", f"--object-store-memory={OBJECT_STORE}"]
    sessions: list[int] = []
    try:
        _ray_start([str(RAY_BIN), "start", "--head", "--node-ip-address=127.0.0.1", f"--port={port}",
                    "--dashboard-host=127.0.0.1", "--include-dashboard=false", "--disable-usage-stats",
                    f"--temp-dir={temp}", *common], env, sessions)
        # `ray start --address=127.0.0.1:PORT` cannot join on loopback (Ray turns it into the
        # outward address): the second node is started by the project's script instead
        _ray_start([sys.executable, str(ROOT / "scripts" / "ray_local_node.py"), f"127.0.0.1:{port}",
                    *common], env, sessions)
        yield Cluster(f"127.0.0.1:{port}", env, sessions)
    finally:
        _stop(sessions)
        shutil.rmtree(temp, ignore_errors=True)


@pytest.fixture
def pg_schemas(pg_base: str) -> Iterator[list[str]]:
    """Three empty schemas on the test server: their database URLs."""
    with pg_schema_urls(pg_base, 3) as urls:
        yield urls


def notices_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", *args]


def stored(url: str) -> dict[str, str]:
    """sha256 -> the stored notice JSON, for every document."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT sha256, rendered_json FROM documents")).all()
    finally:
        engine.dispose()
    assert len(rows) == len({sha for sha, _ in rows})
    return {sha: js for sha, js in rows}


def count(url: str, sql: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(sql)).scalar_one())
    finally:
        engine.dispose()


def _watch_workers(cluster: Cluster, seen: set[int], stop: threading.Event) -> None:
    """The sessions (= nodes) in which a ParseWorker actor process ran."""
    while not stop.is_set():
        for pid, title in cluster.processes():
            if title.startswith("ray::ParseWorker"):
                with contextlib.suppress(OSError):
                    seen.add(os.getsid(pid))
        time.sleep(0.2)


def test_ray_ingest_equals_local_ingest(pg_schemas: list[str], cluster: Cluster) -> None:
    files = digital_samples()
    assert len(files) >= 20
    local_db, ray_db, _ = pg_schemas
    local = subprocess.run(notices_cmd("ingest", *files, "--db", local_db, "--workers", "2"),
                           cwd=ROOT, env=cluster.env, capture_output=True, text=True, timeout=300)
    assert local.returncode == 0, local.stderr[-2000:]
    nodes: set[int] = set()
    stop = threading.Event()
    watcher = threading.Thread(target=_watch_workers, args=(cluster, nodes, stop), daemon=True)
    watcher.start()
    try:
        remote = subprocess.run(notices_cmd("ingest", *files, "--db", ray_db, "--ray", cluster.address),
                                cwd=ROOT, env=cluster.env, capture_output=True, text=True, timeout=300)
    finally:
        stop.set()
        watcher.join()
    assert remote.returncode == 0, remote.stderr[-2000:]
    assert nodes == set(cluster.sessions)  # actors on both nodes: bytes crossed the object store

    assert stored(ray_db) == stored(local_db)
    assert len(stored(ray_db)) == len(files)
    names = "SELECT count(*) FROM source_files"
    assert count(ray_db, names) == count(local_db, names)
    # progress and summary as in a local run
    assert f"[{len(files)}/{len(files)}]" in remote.stdout + remote.stderr
    assert f"Ingested {len(files)} notice(s)" in remote.stdout + remote.stderr

    again = subprocess.run(notices_cmd("ingest", *files, "--db", ray_db, "--ray", cluster.address),
                           cwd=ROOT, env=cluster.env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    assert f"skipped {len(files)} already ingested" in again.stdout + again.stderr
    assert len(stored(ray_db)) == len(files)


def _kill_parsing(cluster: Cluster, killed: list[int], stop: threading.Event, limit: int) -> None:
    """Kill (SIGKILL, by pid) a ParseWorker of the cluster while it parses, ``limit`` times."""
    while not stop.is_set() and len(killed) < limit:
        for pid, title in cluster.processes():
            if title.startswith(PARSING) and pid not in killed:
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                break
        time.sleep(0.01)


def _ingest_while_killing(cluster: Cluster, files: list[str], db: str, kills: int, *extra: str
                          ) -> tuple[subprocess.CompletedProcess[str], list[int]]:
    killed: list[int] = []
    stop = threading.Event()
    killer = threading.Thread(target=_kill_parsing, args=(cluster, killed, stop, kills), daemon=True)
    killer.start()
    try:
        done = subprocess.run(notices_cmd("ingest", *files, "--db", db, "--ray", cluster.address,
                                          *extra),
                              cwd=ROOT, env=cluster.env, capture_output=True, text=True, timeout=300)
    finally:
        stop.set()
        killer.join()
    return done, killed


def test_worker_killed_mid_file_is_retried_nothing_lost_or_doubled(
    pg_schemas: list[str], cluster: Cluster
) -> None:
    files = digital_samples()[:12]
    db = pg_schemas[0]
    done, killed = _ingest_while_killing(cluster, files, db, 1, "--log-format", "json")
    assert len(killed) == 1, "no worker was caught parsing"
    assert done.returncode == 0, done.stderr[-3000:]
    assert len(stored(db)) == len(files)  # nothing lost, nothing stored twice
    assert count(db, "SELECT count(*) FROM failures") == 0
    events = [json.loads(line) for line in done.stderr.splitlines()]  # JSON only, Ray's too
    assert [e["stored"] for e in events if e["event"] == "run_finished"] == [len(files)]
    assert sum(e["event"] == "stored" for e in events) == len(files)
    assert any("Ray worker lost" in e.get("message", "") for e in events if e["event"] == "log")


def test_a_file_whose_worker_dies_twice_is_that_files_failure(
    pg_schemas: list[str], cluster: Cluster, tmp_path: Path
) -> None:
    # one file, so one actor: the retry waits for Ray to restart it (a call made while it restarts
    # fails at once and counted as a second death on a loaded machine). The longest scan, read by
    # real OCR with an empty cache, parses for many seconds, so the retry is caught as surely as the
    # first try (a text-layer notice's retry can end between two polls)
    files = [str(max(ROOT.glob("samples/*/scan.pdf"), key=lambda f: f.stat().st_size))]
    db = pg_schemas[0]
    done, killed = _ingest_while_killing(cluster, files, db, 2, "--ocr-cache", str(tmp_path / "ocr"))
    assert len(killed) == 2, (done.stdout + done.stderr)[-3000:]
    assert done.returncode == 1
    assert "worker died twice" in done.stdout + done.stderr
    assert stored(db) == {}
    assert count(db, "SELECT count(*) FROM failures") == 1


def test_cluster_listens_on_loopback_only(cluster: Cluster) -> None:
    addresses = listening({pid for pid, _ in cluster.processes()})
    assert any(a.endswith(cluster.address.rsplit(":", 1)[1]) for a in addresses)  # the GCS
    assert addresses and all(a.startswith(("127.0.0.1:", "::1:")) for a in addresses), addresses


def test_a_file_over_doc_timeout_fails_and_the_cluster_goes_on(
    pg_schemas: list[str], cluster: Cluster, tmp_path: Path
) -> None:
    scan = sorted(ROOT.glob("samples/*/scan.pdf"))[0]  # real OCR, an empty cache: seconds a page
    db = pg_schemas[0]
    slow = subprocess.run(
        notices_cmd("ingest", str(scan), "--db", db, "--doc-timeout", "1",
                    "--ocr-cache", str(tmp_path / "ocr"), "--ray", cluster.address),
        cwd=ROOT, env=cluster.env, capture_output=True, text=True, timeout=300)
    assert slow.returncode == 1, slow.stderr[-2000:]
    assert "took longer than 1 s (budget --doc-timeout)" in slow.stdout + slow.stderr
    assert stored(db) == {}
    # the stopped worker took nothing down: the next run parses on the same cluster
    files = digital_samples()[:3]
    after = subprocess.run(notices_cmd("ingest", *files, "--db", db, "--ray", cluster.address),
                           cwd=ROOT, env=cluster.env, capture_output=True, text=True, timeout=300)
    assert after.returncode == 0, after.stderr[-2000:]
    assert len(stored(db)) == len(files)
