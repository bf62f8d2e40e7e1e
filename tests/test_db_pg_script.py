"""scripts/pg.sh: syntax and its cheap subcommands (starting a server is left to CI)."""

from __future__ import annotations

import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "pg.sh"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True,
                          check=False, timeout=30)


def test_script_parses() -> None:
    assert subprocess.run(["bash", "-n", str(SCRIPT)], check=False).returncode == 0


def test_url_goes_to_stdout_alone() -> None:
    result = run("url")
    assert result.returncode == 0
    assert result.stdout == "postgresql+psycopg://postgres@127.0.0.1:55432/notices_test\n"


def test_unknown_command_is_a_usage_error() -> None:
    result = run("frobnicate")
    assert result.returncode == 2
    assert "usage" in result.stderr and result.stdout == ""
