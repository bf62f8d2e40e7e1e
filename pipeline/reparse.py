"""Re-parse stored notices: one (``notices reparse TARGET``) or many (``--all``), keeping history.

    reparse(target, url, settings)                        one notice, prints a unified diff
    reparse_all(url, settings, Selection(...), workers=)  many, in workers (``pipeline.run.parse_many``,
                                                          the OCR cache makes it cheap), one line each
    history(target, url)                                  its versions and per-field diffs

Each notice is replaced in its own transaction (``db.store.replace_notice``),
which also appends the new version to ``notice_versions``: a failure inside
it rolls back to the old rows and the old version, and is recorded in
``failures``.  A re-parse that changes nothing adds no version; it only
records the parser version that confirmed it.  Each command is a ``runs`` row
of kind ``reparse``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.checks import check_database
from db.history import versions
from db.models import DocumentRow, FlagRow
from db.rows import Versions
from db.runs import RunCounts, finish_run, record_failure, start_run
from db.store import (
    connect,
    file_paths,
    find_by_doc_number,
    find_by_sha256,
    replace_notice,
    save_notice,
    set_versions,
    stored_rendered_json,
)
from pipeline.core.errors import NoticesError
from pipeline.core.model import Notice
from pipeline.core.render import dumps
from pipeline.events import Events, event_json
from pipeline.ingest import ocr_progress, recorded_run, run_start, versions_for
from pipeline.operator import field_diffs, format_history
from pipeline.run import ParseResult, Settings, parse_document, parse_many, sha256_file


@dataclass(frozen=True, slots=True)
class Selection:
    """Which stored notices ``reparse --all`` takes (all of them when nothing is set)."""

    since: dt.date | None = None  # stored or re-parsed on or after this day (UTC)
    code: str | None = None  # carrying an open flag with this code
    parser_older_than: str | None = None  # parsed by an older parser version (or an unknown one)


@dataclass(frozen=True, slots=True)
class Target:
    doc_id: int
    path: str | None  # the first of its file paths that still exists
    label: str  # 文号, else the file name


def older(version: str | None, than: str) -> bool:
    """``version < than`` as PEP 440 versions (plain strings when not); None is older than all."""
    if version is None:
        return True
    from packaging.version import InvalidVersion, Version

    try:
        return Version(version) < Version(than)
    except InvalidVersion:
        return version < than


def select_targets(session: Session, sel: Selection) -> list[Target]:
    q = select(DocumentRow.id, DocumentRow.doc_number, DocumentRow.parser_version).order_by(DocumentRow.id)
    if sel.since is not None:
        q = q.where(DocumentRow.updated_at >= dt.datetime.combine(sel.since, dt.time(), dt.UTC))
    if sel.code:
        q = q.where(DocumentRow.id.in_(select(FlagRow.document_id).where(FlagRow.code == sel.code.upper())))
    out: list[Target] = []
    for doc_id, doc_number, parser_version in session.execute(q):
        if sel.parser_older_than and not older(parser_version, sel.parser_older_than):
            continue
        paths = file_paths(session, doc_id)
        existing = next((p for p in paths if Path(p).is_file()), None)
        label = doc_number or (Path(paths[0]).name if paths else f"document {doc_id}")
        out.append(Target(doc_id, existing, label))
    return out


def replace_changed(
    s: Session, doc_id: int, notice: Notice, *, new_json: str, versions: Versions,
    run_id: int, old_json: str | None = None,
) -> list[str]:
    """Replace the stored rows when a field changed (a new version), else record only the
    versions that confirmed them; the changed fields (``field_diffs``)."""
    if old_json is None:
        old_json = stored_rendered_json(s, doc_id) or "{}"
    diffs = field_diffs(old_json, new_json)
    if diffs:
        replace_notice(s, doc_id, notice, rendered_json=new_json, versions=versions, run_id=run_id)
    else:
        set_versions(s, doc_id, versions)
    return diffs


def reparse_all(
    url: str, settings: Settings, sel: Selection, *, workers: int = 0, log_format: str = "text",
    command: str | None = None,
) -> int:
    """Re-parse every selected notice; 0 when all went well, 1 when some failed."""
    t0 = time.perf_counter()
    engine = connect(url)
    counts = {"changed": 0, "unchanged": 0, "failed": 0}
    start = run_start("reparse", settings, command)
    with Session(engine) as s:
        with s.begin():
            run_id = start_run(s, start)
            targets = select_targets(s, sel)
        by_path: dict[str, Target] = {}
        events = Events(log_format, len(targets))
        events.emit("run_started", run=run_id, kind="reparse", to_parse=len(targets), host=start.host,
                    pid=start.pid, parser_version=start.parser_version, engine=start.engine)
        touched: list[int] = []

        def fail(t: Target, path: str | None, reason: str) -> None:
            counts["failed"] += 1
            s.rollback()
            with s.begin():
                record_failure(s, run_id, path or t.label, None, reason)
            events.file("failed", f"FAILED {t.label} ({path}): {reason}", file=path, doc_number=t.label,
                        reason=reason)

        def store(result: ParseResult) -> None:
            t = by_path[result.path]
            if result.notice is None:
                fail(t, result.path, result.error or "unknown error")
                return
            n = result.notice
            new_json = dumps(n)
            try:
                with s.begin():
                    if find_by_sha256(s, n.source.sha256) != t.doc_id:
                        raise ValueError("the file changed since it was ingested (other bytes): ingest it")
                    diffs = replace_changed(s, t.doc_id, n, new_json=new_json,
                                            versions=versions_for(n, start.engine), run_id=run_id)
            except Exception as e:  # noqa: BLE001 - the old version stays; the batch goes on
                fail(t, result.path, f"{type(e).__name__}: {e}" if not isinstance(e, ValueError) else str(e))
                return
            kind = "changed" if diffs else "unchanged"
            counts[kind] += 1
            if diffs:
                touched.append(t.doc_id)
            line = f"{t.label} ({result.path}): " + (f"{len(diffs)} field(s) changed" if diffs else "no change")
            events.file("replaced" if diffs else "unchanged", line, file=result.path, doc_number=t.label,
                        changed=len(diffs), seconds=round(result.seconds, 2))

        def run_counts() -> RunCounts:
            return RunCounts(seen=len(targets), stored=counts["changed"],
                             skipped=counts["unchanged"], failed=counts["failed"])

        with recorded_run(s, run_id, run_counts) as end:
            try:
                for t in targets:
                    if t.path is None:
                        fail(t, None, "its file is no longer there (re-ingest it to re-parse)")
                    else:
                        by_path[t.path] = t
                parse_many(list(by_path), settings, workers, store)
                if touched:
                    with s.begin():
                        check_database(s, touched)
                end.exit_code = 1 if counts["failed"] else 0
            finally:
                events.close()
        exit_code = end.exit_code
    engine.dispose()
    secs = time.perf_counter() - t0
    if log_format == "json":
        print(event_json("run_finished", run=run_id, kind="reparse", seen=len(targets), **counts,
                         exit_code=exit_code, seconds=round(secs, 2)), file=sys.stderr)
    else:
        print(f"\nRe-parsed {len(targets)} notice(s) in {secs:.1f}s: {counts['changed']} changed, "
              f"{counts['unchanged']} unchanged, {counts['failed']} failed. Recorded as run {run_id}; "
              "a notice's versions: notices history TARGET", file=sys.stderr)
    return exit_code


def resolve(session: Session, target: str) -> tuple[int | None, str | None, str]:
    """A file path or a 文号 -> (document id or None, a path to read, a label)."""
    path = Path(target)
    if path.is_file():
        doc_id = find_by_sha256(session, sha256_file(path))
        dn = session.scalar(select(DocumentRow.doc_number).where(DocumentRow.id == doc_id)) if doc_id else None
        return doc_id, str(path), dn or path.name
    from parsers.normalize.doc_number import normalize_doc_number

    dn = normalize_doc_number(target) or target
    found = find_by_doc_number(session, dn)
    if found is None:
        return None, None, dn
    doc_id, found_path = found
    existing = next((p for p in file_paths(session, doc_id) if Path(p).is_file()), None)
    return doc_id, existing or found_path, dn


def page_events(path: str, log_format: str) -> Callable[[int, int], None] | None:
    """OCR page progress: a terminal line in text mode, ``ocr_page`` events in json mode."""
    if log_format != "json":
        return ocr_progress(path)

    def emit(done: int, total: int) -> None:
        if done < total:
            print(event_json("ocr_page", file=path, page=done + 1, pages=total), file=sys.stderr, flush=True)

    return emit


def reparse(
    target: str, url: str, settings: Settings, *, command: str | None = None, log_format: str = "text"
) -> int:
    """Re-parse one notice (a file path or a 文号), replace its rows atomically, print the diff."""
    engine = connect(url)
    with Session(engine) as s:
        doc_id, file_path, label = resolve(s, target)
        s.rollback()
        if file_path is None:
            print(f"notices: {target}: no such file, and no notice with that 文号 in {url}", file=sys.stderr)
            return 1
        if not Path(file_path).is_file():
            print(f"notices: {target}: its file {file_path} is no longer there", file=sys.stderr)
            return 1
        start = run_start("reparse", settings, command)
        with s.begin():
            run_id = start_run(s, start)
        exit_code, counts = 1, RunCounts(seen=1, failed=1)
        try:
            notice = parse_document(file_path, settings, progress=page_events(file_path, log_format))
            new_json = dumps(notice)
            versions_ = versions_for(notice, start.engine)
            with s.begin():
                old_json = "{}" if doc_id is None else (stored_rendered_json(s, doc_id) or "{}")
                if doc_id is None:
                    changed = bool(field_diffs(old_json, new_json))
                    doc_id = save_notice(s, notice, file_name=file_path, rendered_json=new_json,
                                         versions=versions_, run_id=run_id)
                else:
                    changed = bool(replace_changed(s, doc_id, notice, new_json=new_json,
                                                   versions=versions_, run_id=run_id,
                                                   old_json=old_json))
                check_database(s, [doc_id])
            exit_code, counts = 0, RunCounts(seen=1, stored=int(changed), skipped=int(not changed))
        except Exception as e:
            s.rollback()
            with s.begin():
                record_failure(s, run_id, file_path, None, str(e) or type(e).__name__)
            if not isinstance(e, NoticesError):
                raise
            Events(log_format).say("failed", f"notices: {file_path}: {e}", file=file_path,
                                   reason=str(e))
            return 1
        finally:
            s.rollback()
            with s.begin():
                finish_run(s, run_id, counts, exit_code)
    engine.dispose()
    diff = list(difflib.unified_diff(_pretty(old_json).splitlines(), _pretty(new_json).splitlines(),
                                     "before", "after", lineterm="", n=1))
    print("\n".join(diff) if diff else "No change.")
    return 0


def _pretty(js: str) -> str:
    """The notice JSON for a diff: the name it arrived under is not content."""
    try:
        data = json.loads(js)
    except ValueError:
        return js
    if isinstance(data.get("source"), dict):
        data["source"].pop("file", None)
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


def history(target: str, url: str) -> int:
    """Print the versions of one notice and what changed between them."""
    engine = connect(url)
    with Session(engine) as s:
        doc_id, _path, label = resolve(s, target)
        if doc_id is None:
            print(f"notices: {target}: no notice with that 文号 or file in {url}", file=sys.stderr)
            engine.dispose()
            return 1
        vs = versions(s, doc_id)
        paths = file_paths(s, doc_id)
    engine.dispose()
    print(format_history(f"{label} (document {doc_id}, {paths[0] if paths else 'no file'})", vs))
    return 0
