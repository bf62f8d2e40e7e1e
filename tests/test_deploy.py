"""deploy/: the systemd units, the cron line, the logrotate snippet and nightly.sh are valid and work.

systemd-analyze (Debian package systemd) and logrotate are in
scripts/system-packages.txt; without them those two tests skip.
"""

from __future__ import annotations

import fcntl
import grp
import os
import pwd
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
NOTICES = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin" / "notices"
LOCK = "/run/lock/notices-nightly.lock"


def installed(tmp: Path) -> Path:
    """The deploy files with /opt/notices pointing at this checkout."""
    out = tmp / "deploy"
    out.mkdir()
    for f in DEPLOY.iterdir():
        body = f.read_text(encoding="utf-8").replace("/opt/notices", str(ROOT))
        (out / f.name).write_text(body, encoding="utf-8")
        (out / f.name).chmod(f.stat().st_mode)
    return out


def test_systemd_units_verify(tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze missing: bash scripts/sysdeps.sh")
    d = installed(tmp_path)
    r = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(d / "notices-nightly.service"), str(d / "notices-nightly.timer")],
        capture_output=True, text=True, check=False, timeout=120,
    )
    problems = [line for line in r.stderr.splitlines() if "notices-nightly" in line]
    assert r.returncode == 0 and not problems, r.stderr
    service = (d / "notices-nightly.service").read_text(encoding="utf-8")
    assert re.search(rf"^ExecStart=/usr/bin/flock --nonblock --conflict-exit-code 75 {LOCK} ", service, re.M)
    assert "OnCalendar=" in (d / "notices-nightly.timer").read_text(encoding="utf-8")


def test_verify_catches_a_broken_unit(tmp_path: Path) -> None:
    """The check above can fail: a typo in a key is reported."""
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze missing: bash scripts/sysdeps.sh")
    d = installed(tmp_path)
    unit = d / "notices-nightly.service"
    unit.write_text(unit.read_text(encoding="utf-8").replace("TimeoutStartSec=", "TimeoutStrtSec="), encoding="utf-8")
    r = subprocess.run(["systemd-analyze", "verify", "--man=no", str(unit)],
                       capture_output=True, text=True, check=False, timeout=120)
    assert "TimeoutStrtSec" in r.stderr


FIELD_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))


def cron_field_ok(field: str, low: int, high: int) -> bool:
    """One crontab(5) time field: *, N, N-M, lists, /step."""
    for part in field.split(","):
        base, _, step = part.partition("/")
        if step and not step.isdigit():
            return False
        if base == "*":
            continue
        lo, _, hi = base.partition("-")
        if not lo.isdigit() or (hi and not hi.isdigit()):
            return False
        if not low <= int(lo) <= high or (hi and not int(lo) <= int(hi) <= high):
            return False
    return True


def cron_entries(path: Path) -> list[tuple[list[str], str, str]]:
    """(time fields, user, command) of each job line of a /etc/cron.d file."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        s = line.strip()
        if not s or s.startswith("#") or re.match(r"^[A-Z_]+=", s):
            continue
        parts = s.split(None, 6)
        assert len(parts) == 7, f"a cron.d job needs 5 time fields, a user and a command: {line!r}"
        out.append((parts[:5], parts[5], parts[6]))
    return out


def test_cron_line_is_valid_and_uses_the_same_lock() -> None:
    [(fields, user, command)] = cron_entries(DEPLOY / "notices.cron")
    assert all(cron_field_ok(f, lo, hi) for f, (lo, hi) in zip(fields, FIELD_RANGES, strict=True)), fields
    assert user == "notices"
    assert command.startswith(f"/usr/bin/flock -n -E 75 {LOCK} /opt/notices/deploy/nightly.sh")
    assert ">>/var/log/notices/nightly.log 2>&1" in command
    assert not cron_field_ok("61", 0, 59) and not cron_field_ok("1-x", 0, 23) and cron_field_ok("*/15", 0, 59)


def test_logrotate_snippet_rotates(tmp_path: Path) -> None:
    if shutil.which("logrotate") is None:
        pytest.skip("logrotate missing: bash scripts/sysdeps.sh")
    logs = tmp_path / "log"
    logs.mkdir()
    (logs / "nightly.log").write_text("night 1\n", encoding="utf-8")
    me, group = pwd.getpwuid(os.getuid()).pw_name, grp.getgrgid(os.getgid()).gr_name
    conf = (DEPLOY / "notices.logrotate").read_text(encoding="utf-8")
    conf = conf.replace("/var/log/notices", str(logs)).replace("notices adm", f"{me} {group}")
    (tmp_path / "conf").write_text(conf, encoding="utf-8")
    r = subprocess.run(["logrotate", "-v", "-f", "-s", str(tmp_path / "state"), str(tmp_path / "conf")],
                       capture_output=True, text=True, check=False, timeout=60)
    assert r.returncode == 0 and "error:" not in r.stderr, r.stderr
    assert (logs / "nightly.log.1").read_text(encoding="utf-8") == "night 1\n"
    assert (logs / "nightly.log").exists()  # created afresh for the next night


def nightly_env(tmp_path: Path) -> tuple[dict[str, str], str]:
    samples = sorted(ROOT.glob("samples/v*/notice.pdf"))[:2]
    if len(samples) < 2:
        pytest.skip("samples not generated")
    for folder, sample in zip(("in box", "more"), samples, strict=True):
        (tmp_path / folder).mkdir()
        shutil.copy(sample, tmp_path / folder / "a.pdf")
    url = f"sqlite:///{tmp_path / 'n.db'}"
    env_file = tmp_path / "notices.env"
    env_file.write_text(  # two folders, one with a space in its name
        f"NOTICES_DB={url}\nNOTICES_INBOX='{tmp_path}/in box:{tmp_path}/more'\nNOTICES_LOG_FORMAT=json\n"
        "NOTICES_INGEST_OPTIONS='--workers 1 --ocr-cache='\n",
        encoding="utf-8",
    )
    env = {**os.environ, "NOTICES_ENV_FILE": str(env_file), "NOTICES_BIN": str(NOTICES)}
    env.pop("NOTICES_DB", None)
    return env, url


def test_cron_command_runs_the_night_and_a_second_night_waits_for_none(tmp_path: Path) -> None:
    if shutil.which("flock") is None:
        pytest.skip("flock (util-linux) missing")
    env, url = nightly_env(tmp_path)
    lock = tmp_path / "nightly.lock"
    [(_, _, command)] = cron_entries(installed(tmp_path) / "notices.cron")
    command = command.replace(LOCK, str(lock)).split(">>")[0]

    with lock.open("w") as held:  # last night's run still going
        fcntl.flock(held, fcntl.LOCK_EX)
        r = subprocess.run(["sh", "-c", command], env=env, capture_output=True, text=True, timeout=60, check=False)
        assert r.returncode == 75, r.stderr
    assert not (tmp_path / "n.db").exists()  # nothing ran

    r = subprocess.run(["sh", "-c", command], env=env, capture_output=True, text=True, timeout=600, check=False)
    assert r.returncode == 0, r.stderr
    assert '"event": "run_finished"' in r.stderr.splitlines()[-1]
    engine = create_engine(url)
    with engine.connect() as c:
        assert c.execute(text("SELECT COUNT(*) FROM documents")).scalar() == 2
        assert c.execute(text("SELECT exit_code FROM runs")).scalar() == 0
    engine.dispose()


def test_nightly_sh_without_inbox_is_a_usage_error(tmp_path: Path) -> None:
    env_file = tmp_path / "empty.env"
    env_file.write_text("# nothing\n", encoding="utf-8")
    env = {**os.environ, "NOTICES_ENV_FILE": str(env_file), "NOTICES_BIN": str(NOTICES)}
    env.pop("NOTICES_INBOX", None)
    r = subprocess.run([str(DEPLOY / "nightly.sh")], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 2 and "NOTICES_INBOX" in r.stderr
