"""What the operator reads in the morning: ``notices runs`` and ``notices history``.

    format_runs(last_runs(session, 10), live_claims(session))   -> text
    field_diffs(old_json, new_json)  -> ["allocation_tables[0].rows[3].values[2]: 851 -> 831", ...]
    format_history(label, versions)  -> text: each version, then what changed from the one before

The per-field diff walks both notice JSONs with ``pipeline.tools.evaluate.flatten``
and compares leaves with ``pipeline.tools.evaluate.same`` (numbers as Decimals); a
path only one side has shows ``(absent)`` on the other.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from collections.abc import Sequence
from typing import Any

from db.claims import ClaimInfo
from db.history import NoticeVersion
from db.runs import RunRecord
from pipeline.tools.evaluate import flatten, same

NOT_CONTENT = frozenset({"source.file"})
"""Paths that are not the notice's content: the name the bytes arrived under."""


def _leaf(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def field_diffs(old_json: str, new_json: str) -> list[str]:
    """One line per changed leaf, in document order of the new version."""
    old, new = flatten(json.loads(old_json or "{}")), flatten(json.loads(new_json or "{}"))
    lines: list[str] = []
    for path in [*new, *(p for p in old if p not in new)]:
        if path in NOT_CONTENT or _emptied_or_filled(path, old, new):
            continue
        if path not in old:
            lines.append(f"{path}: (absent) -> {_leaf(new[path])}")
        elif path not in new:
            lines.append(f"{path}: {_leaf(old[path])} -> (absent)")
        elif not same(old[path], new[path]):
            lines.append(f"{path}: {_leaf(old[path])} -> {_leaf(new[path])}")
    return lines


def _emptied_or_filled(path: str, old: dict[str, Any], new: dict[str, Any]) -> bool:
    """``x: []`` on one side, ``x[0]…`` on the other: the items' own lines say it all."""
    for a, b in ((old, new), (new, old)):
        if a.get(path, None) in ([], {}) and path not in b and any(p.startswith((path + "[", path + ".")) for p in b):
            return True
    return False


def _when(t: dt.datetime | None) -> str:
    return t.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S") if t else "-"


def _duration(r: RunRecord) -> str:
    if r.ended is None:
        return "-"
    secs = int((r.ended - r.started).total_seconds())
    return f"{secs // 3600}:{secs % 3600 // 60:02d}:{secs % 60:02d}"


def run_state(r: RunRecord, host: str | None = None) -> str:
    """ok / failures (exit 1) / running / killed: what the exit code means for the operator."""
    if r.exit_code is not None:
        return {0: "ok", 1: "failures", 2: "usage error", 130: "interrupted"}.get(r.exit_code, "error")
    if r.host == (host or socket.gethostname()):
        try:
            os.kill(r.pid, 0)
        except ProcessLookupError:
            return "killed"
        except PermissionError:
            return "running"
        return "running"
    return "running?"  # another machine: cannot tell a live run from a killed one


def format_runs(runs: Sequence[RunRecord], claims: Sequence[ClaimInfo] = ()) -> str:
    if not runs:
        return "No runs recorded yet."
    header = (f"{'run':>4}  {'kind':7} {'started (UTC)':19}  {'took':>8}  {'state':9} {'exit':>4}  "
              f"{'seen':>5} {'stored':>6} {'skipped':>7} {'failed':>6}  host/pid, parser, engine")
    lines = [header]
    for r in runs:
        c = r.counts
        exit_code = "-" if r.exit_code is None else str(r.exit_code)
        lines.append(
            f"{r.id:>4}  {r.kind:7} {_when(r.started):19}  {_duration(r):>8}  {run_state(r):9} {exit_code:>4}  "
            f"{c.seen:>5} {c.stored:>6} {c.skipped:>7} {c.failed:>6}  "
            f"{r.host}/{r.pid}, parser {r.parser_version or '?'}, {r.engine or '?'}"
        )
        for f in r.failures:
            lines.append(f"        failed: {f.file}: {f.reason}")
        if len(r.failures) < c.failed:
            lines.append(f"        … and {c.failed - len(r.failures)} more (notices runs --json)")
    if any(r.kind == "reparse" for r in runs):
        lines.append("(reparse runs: stored = notices that changed, skipped = re-parsed without change)")
    if claims:
        lines.append("")
        lines.append(f"{len(claims)} file(s) being parsed now:")
        lines += [f"  {c.file or '?'}: {c.host} pid {c.pid}, claim until {_when(c.expires)} UTC" for c in claims]
    return "\n".join(lines)


def runs_json(runs: Sequence[RunRecord]) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id, "kind": r.kind, "started": r.started.isoformat(),
            "ended": r.ended.isoformat() if r.ended else None, "state": run_state(r),
            "host": r.host, "pid": r.pid, "parser_version": r.parser_version, "engine": r.engine,
            "command": r.command, "seen": r.counts.seen, "stored": r.counts.stored,
            "skipped": r.counts.skipped, "failed": r.counts.failed, "exit_code": r.exit_code,
            "failures": [{"file": f.file, "sha256": f.sha256, "reason": f.reason} for f in r.failures],
        }
        for r in runs
    ]


def format_history(label: str, versions: Sequence[NoticeVersion], *, max_lines: int = 200) -> str:
    """Every version (run, parser, time), each followed by what changed from the previous one."""
    if not versions:
        return f"{label}: no versions recorded."
    lines = [f"{label}: {len(versions)} version(s), newest last"]
    previous: NoticeVersion | None = None
    for i, v in enumerate(versions, start=1):
        run = f"run {v.run_id} ({v.run_kind})" if v.run_id else "no run recorded"
        now = "  (current)" if i == len(versions) else ""
        lines.append(f"v{i}  {_when(v.created_at)} UTC  {run}, parser {v.parser_version or '?'}{now}")
        if previous is not None:
            diffs = field_diffs(previous.rendered_json, v.rendered_json)
            if not diffs:
                lines.append("    no change")
            for d in diffs[:max_lines]:
                lines.append(f"    {d}")
            if len(diffs) > max_lines:
                lines.append(f"    … and {len(diffs) - max_lines} more changed field(s)")
        previous = v
    return "\n".join(lines)
