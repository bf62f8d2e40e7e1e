"""`notices serve` as an operator starts it: on 127.0.0.1, logging as asked (--log-format)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_json_log_format(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "NOTICES_DB": f"sqlite:///{tmp_path / 'n.db'}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "serve", "--port", str(port), "--log-format", "json"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env,
    )
    try:
        assert proc.stderr is not None
        first = json.loads(proc.stderr.readline())
        assert first["event"] == "serving" and first["host"] == "127.0.0.1" and first["port"] == port
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                    assert r.status == 200
                break
            except OSError:
                assert time.monotonic() < deadline, "serve did not answer"
                time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    rest = proc.stderr.read() if proc.stderr else ""
    for line in filter(None, rest.splitlines()):
        json.loads(line)  # every further line is a JSON object too: no plain text, no traceback
