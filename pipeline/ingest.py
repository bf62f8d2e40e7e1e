"""Nightly ingestion, ad-hoc reparse and the flag listing (the database side of the CLI).

Workers parse, the main process writes: each notice is committed in its own
transaction, a failed file is reported with its reason and the batch goes on.
"""

from __future__ import annotations

import os
import socket
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.checks import check_database
from db.claims import DEFAULT_LEASE, ClaimInfo, Holder, LeaseKeeper, claim, release, release_all
from db.rows import Versions
from db.runs import RunCounts, RunStart, failed_since, finish_run, record_failure, start_run
from db.store import (
    AlreadyStoredError,
    connect,
    find_by_sha256,
    record_file_name,
    save_notice,
)
from pipeline.core.model import Notice
from pipeline.core.render import dumps
from pipeline.events import Events, engine_label, event_json
from pipeline.run import (
    PARSER_VERSION,
    ParseResult,
    Settings,
    default_workers,
    file_size,
    iter_pdf_paths,
    parse_many,
    sha256_file,
)
from pipeline.workers.executor import ParseExecutor, make_executor


@dataclass
class IngestReport:
    ingested: list[tuple[str, str | None]] = field(default_factory=list)  # (file, 文号)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    flags: int = 0
    pages: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)  # summed over workers
    seen: int = 0  # PDF files met under the paths
    run_id: int = 0  # the ``runs`` row (db.runs)
    exit_code: int | None = None

    def counts(self) -> RunCounts:
        return RunCounts(seen=self.seen, stored=len(self.ingested), skipped=len(self.skipped),
                         failed=len(self.failed))

    def add_stages(self, stages: Iterable[tuple[str, float]]) -> None:
        for name, secs in stages:
            self.stage_seconds[name] = self.stage_seconds.get(name, 0.0) + secs


def ocr_progress(name: str) -> Callable[[int, int], None] | None:
    """A one-line "OCR page i/n" on a terminal's stderr (nothing in pipes and cron)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done == total else ""
        print(f"\r{name}: OCR page {min(done + 1, total)}/{total}" if done < total
              else f"\r{name}: OCR {total} page(s) done", end=end, file=sys.stderr, flush=True)

    return show


@contextmanager
def _session(url: str) -> Iterator[Session]:
    engine = connect(url)
    with Session(engine) as s:
        yield s
    engine.dispose()


ROUND_SECONDS = 60.0
"""Parse time one round of claims aims at: each round claims about this much
work (estimated from the files parsed so far), then parses it in one worker
pool. Short enough that ingesters sharing a database divide the work, long
enough that a pool (and its OCR models) is not started per file."""
FIRST_ROUND_PER_WORKER = 2
MAX_ROUND_PER_WORKER = 64


def round_size(workers: int, parsed: int, parse_seconds: float) -> int:
    """Files to claim in the next round for ``workers`` workers, from the mean parse time so far."""
    if parsed == 0 or parse_seconds <= 0:
        return FIRST_ROUND_PER_WORKER * workers
    per_worker = int(ROUND_SECONDS / (parse_seconds / parsed))
    return workers * max(FIRST_ROUND_PER_WORKER, min(MAX_ROUND_PER_WORKER, per_worker))


def run_start(kind: str, settings: Settings, command: str | None) -> RunStart:
    return RunStart(
        kind=kind, host=socket.gethostname(), pid=os.getpid(), parser_version=PARSER_VERSION,
        engine=engine_label(settings.ocr_engine), command=command,
    )


RUN_ERROR_FILE = "(the run itself)"


def record_run_error(s: Session, run_id: int, e: Exception) -> None:
    """An error that ended the run (not one file's): a ``failures`` row the operator sees."""
    s.rollback()
    with s.begin():
        record_failure(s, run_id, RUN_ERROR_FILE, None, f"internal error: {type(e).__name__}: {e}"[:2000])


@dataclass
class RunEnd:
    exit_code: int = 1  # until the run's body sets it: an error ended the run


@contextmanager
def recorded_run(
    s: Session, run_id: int, counts: Callable[[], RunCounts], release: Callable[[], None] | None = None,
) -> Iterator[RunEnd]:
    """The body of the ``runs`` row ``run_id``: an error that ends it is recorded
    (:func:`record_run_error`), Ctrl-C exits 130; whatever happens the row is finished
    with ``counts()`` and the exit code the body set (after ``release()``)."""
    end = RunEnd()
    try:
        yield end
    except KeyboardInterrupt:
        end.exit_code = 130
        raise
    except Exception as e:
        record_run_error(s, run_id, e)
        raise
    finally:
        s.rollback()
        with s.begin():
            if release is not None:
                release()
            finish_run(s, run_id, counts(), end.exit_code)


def versions_for(notice: Notice, engine: str | None) -> Versions:
    """What produced a notice's rows (the OCR engine only when OCR read a page)."""
    name, _, version = (engine or "").partition(" ")
    ocr = notice.text_source != "text-layer" and bool(name)
    return Versions(parser=PARSER_VERSION, engine_name=name if ocr else None,
                    engine_version=(version or None) if ocr else None)


def ingest(
    paths: list[str], url: str, settings: Settings, *, workers: int = 0, log_format: str = "text",
    lease: float = DEFAULT_LEASE, command: str | None = None,
) -> IngestReport:
    """Every PDF under ``paths`` into ``url``, recorded as one ``runs`` row.

    Each file is claimed (``db.claims``) before it is parsed, so ingesters
    sharing the database divide the files; a file another ingester stored
    meanwhile counts as already ingested.
    """
    t0 = time.perf_counter()
    engine = connect(url)
    try:
        with Session(engine) as s:
            report = _Ingest(s, engine, settings, workers, log_format, lease).run(paths, command)
    finally:
        engine.dispose()
    report.seconds = time.perf_counter() - t0
    _summary(report, url, log_format)
    return report


class _Ingest:
    """One ingest run: scan, then claim-parse-store rounds, then the database checks."""

    def __init__(self, s: Session, engine: Engine, settings: Settings, workers: int,
                 log_format: str, lease: float) -> None:
        self.s, self.engine, self.settings, self.workers = s, engine, settings, workers
        self.log_format, self.lease = log_format, lease
        self.holder = Holder.here()
        self.report = IngestReport()
        self.names: dict[str, list[Path]] = {}  # sha256 -> every path these bytes arrived under
        self.sha_of: dict[str, str] = {}  # first path -> sha256
        self.touched: list[int] = []
        self.events = Events("json")  # replaced in run() once the total is known
        self.engine_label: str | None = None
        self.parsed, self.parse_seconds = 0, 0.0  # for the size of the next round of claims

    def run(self, paths: list[str], command: str | None) -> IngestReport:
        r, s = self.report, self.s
        start = run_start("ingest", self.settings, command)
        self.engine_label = start.engine
        with s.begin():
            r.run_id = start_run(s, start)
        # release_all: failed files too, a later run retries them
        with recorded_run(s, r.run_id, r.counts, lambda: release_all(s, self.holder)) as end:
            queue = self._scan(paths)
            self.events = Events(self.log_format, len(queue))
            self.events.emit("run_started", run=r.run_id, kind="ingest", to_parse=len(queue),
                             seen=r.seen, host=start.host, pid=start.pid,
                             parser_version=start.parser_version, engine=start.engine)
            try:
                self._rounds(queue)
            finally:
                self.events.close()
                if self.touched:
                    with s.begin():
                        r.flags += len(check_database(s, self.touched))
            end.exit_code = 1 if r.failed else 0
        r.exit_code = end.exit_code
        return r

    def _fail(self, path: str, sha: str | None, reason: str) -> None:
        self.report.failed.append((path, reason))
        with self.s.begin():
            record_failure(self.s, self.report.run_id, path, sha, reason)

    def _scan(self, paths: list[str]) -> list[str]:
        """Hash every file; record new names of stored bytes; return the first path of each new content."""
        r, s = self.report, self.s
        for p in iter_pdf_paths(paths):
            r.seen += 1
            if not p.exists():
                self._fail(str(p), None, "broken or looping symbolic link" if p.is_symlink() else "no such file")
                continue
            try:
                sha = sha256_file(p)
            except OSError as e:
                self._fail(str(p), None, f"cannot read: {e.strerror}")
                continue
            if sha in self.names:
                self.names[sha].append(p)
                continue
            with s.begin():
                known = find_by_sha256(s, sha)
                if known is not None:
                    record_file_name(s, sha, str(p), str(p))  # as save_notice records it
            if known is not None:
                r.skipped.append((str(p), ALREADY))
                continue
            self.names[sha] = [p]
            self.sha_of[str(p)] = sha
        return sorted(self.sha_of, key=file_size, reverse=True)

    def _rounds(self, queue: list[str]) -> None:
        """Claim a batch, parse it in workers, store it; again until nothing is left to claim."""
        workers = self.workers if self.workers > 0 else default_workers(len(queue))
        held_elsewhere: dict[str, ClaimInfo] = {}
        # one pool for every round: its workers keep their OCR models loaded between rounds
        with make_executor(self.settings, workers, len(queue)) as executor:
            queue = self._claim_and_parse(queue, executor, workers, held_elsewhere)
        for path in queue:
            info = held_elsewhere.get(path)
            self._skip(path, info.describe() if info else ALREADY)

    def _claim_and_parse(self, queue: list[str], executor: ParseExecutor, workers: int,
                         held_elsewhere: dict[str, ClaimInfo]) -> list[str]:
        """Rounds of claim, parse, store until nothing is left to claim; the files left over."""
        while queue:
            batch_size = round_size(workers, self.parsed, self.parse_seconds)
            batch: list[str] = []
            rest: list[str] = []
            for path in queue:
                if len(batch) >= batch_size:
                    rest.append(path)
                    continue
                other = self._claim(path)
                if other is None:
                    batch.append(path)
                    held_elsewhere.pop(path, None)
                elif isinstance(other, ClaimInfo):
                    held_elsewhere[path] = other
                    rest.append(path)
                else:
                    held_elsewhere.pop(path, None)  # stored by another ingester, or failed there
            queue = rest
            if not batch:
                break  # what is left is being parsed by other ingesters
            with LeaseKeeper(self.engine, self.holder, self.lease):
                parse_many(batch, self.settings, self.workers, self._store, executor=executor)
        return queue

    def _claim(self, path: str) -> ClaimInfo | str | None:
        """None: ours to parse; a ClaimInfo: another ingester has it; a str: skipped for that reason."""
        s, sha = self.s, self.sha_of[path]
        with s.begin():
            other = claim(s, sha, self.holder, file=path, lease=self.lease)
            if other is None:
                if find_by_sha256(s, sha) is None:
                    return None
                release(s, [sha], self.holder)
                self._record_names(sha)
                reason = ALREADY
            else:
                failed = failed_since(s, sha, other.claimed_at)
                if failed is None:
                    return other
                reason = f"failed in another ingester's run {failed[0]}: {failed[1]}"
        self._skip(path, reason)
        return reason

    def _skip(self, path: str, reason: str) -> None:
        self.report.skipped.append((path, reason))
        self.events.file("skipped", f"skipped {path}: {reason}", file=path, reason=reason)

    def _record_names(self, sha: str) -> None:
        for p in self.names.get(sha, []):
            record_file_name(self.s, sha, str(p), str(p))  # as save_notice records it

    def _store(self, result: ParseResult) -> None:
        r, s, events = self.report, self.s, self.events
        r.add_stages(result.stage_seconds)
        self.parsed += 1
        self.parse_seconds += result.seconds
        sha = self.sha_of[result.path]
        if result.notice is None:
            reason = result.error or "unknown error"
            self._fail(result.path, sha, reason)  # claim kept till the run ends: others skip it
            events.file("failed", f"FAILED {result.path}: {reason}", file=result.path, sha256=sha, reason=reason)
            for other in self.names[sha][1:]:  # byte-identical copies
                self._fail(str(other), sha, f"duplicate of refused file {result.path}")
            return
        n = result.notice
        t_store = time.perf_counter()
        try:
            with s.begin():
                if find_by_sha256(s, sha) is not None:
                    raise AlreadyStoredError(result.path)
                doc_id = save_notice(s, n, file_name=result.path, rendered_json=dumps(n),
                                     versions=versions_for(n, self.engine_label), run_id=r.run_id)
                for other in self.names[sha][1:]:
                    record_file_name(s, sha, str(other), str(other))
                release(s, [sha], self.holder)
        except (AlreadyStoredError, IntegrityError):
            # another ingester stored these bytes while we parsed them (its claim had expired)
            s.rollback()
            with s.begin():
                self._record_names(sha)
                release(s, [sha], self.holder)
            self._skip(result.path, ALREADY + " (stored by another ingester meanwhile)")
            return
        except Exception as e:  # noqa: BLE001 - one bad notice must not stop the batch
            s.rollback()
            reason = f"database error: {type(e).__name__}: {e}"
            self._fail(result.path, sha, reason)
            events.file("failed", f"FAILED {result.path}: database error", file=result.path,
                        sha256=sha, reason=reason)
            return
        r.add_stages([("store", time.perf_counter() - t_store)])
        self.touched.append(doc_id)
        dn = n.doc_number.value if n.doc_number else None
        r.ingested.append((result.path, dn))
        r.pages += n.source.pages
        r.flags += len(n.flags)
        events.file(
            "stored",
            f"{result.path}: {dn or '(no 文号)'}, {n.source.pages} pages, {n.text_source}, "
            f"{len(n.flags)} flags, {result.seconds:.1f}s",
            file=result.path, sha256=sha, doc_number=dn, pages=n.source.pages,
            text_source=n.text_source, flags=len(n.flags), seconds=round(result.seconds, 2),
        )


ALREADY = "already ingested"


def _summary(r: IngestReport, url: str, log_format: str = "text") -> None:
    if log_format == "json":
        print(event_json("run_finished", run=r.run_id, kind="ingest", **asdict(r.counts()),
                         exit_code=r.exit_code, pages=r.pages, flags=r.flags,
                         seconds=round(r.seconds, 2), failures=[{"file": f, "reason": why} for f, why in r.failed]),
              file=sys.stderr, flush=True)
        return
    out = sys.stderr
    pps = r.pages / r.seconds if r.seconds else 0.0
    elsewhere = sum(1 for _, why in r.skipped if why != ALREADY)
    print(
        f"\nIngested {len(r.ingested)} notice(s) ({r.pages} pages, {pps:.1f} pages/s), "
        f"skipped {len(r.skipped)} already ingested"
        + (f" or handled by another ingester ({elsewhere})" if elsewhere else "")
        + f", {len(r.failed)} failed; {r.flags} flag(s) raised. Database: {url}",
        file=out,
    )
    if r.stage_seconds and r.pages:
        print("  time per page by stage: " + format_stages(r.stage_seconds, r.pages), file=out)
    for path, reason in r.failed:
        print(f"  failed: {path}: {reason}", file=out)
    db = "" if url.endswith("notices.db") else f" --db {url}"
    if r.ingested:
        print("  see them with: notices flags" + db, file=out)
    if r.run_id:
        print(f"  recorded as run {r.run_id}: notices runs{db}", file=out)


def format_stages(stage_seconds: dict[str, float], pages: int, top: int = 6) -> str:
    """The costliest stages, per page: "detect 1.21s, recognise 0.40s, ..."."""
    ranked = sorted(stage_seconds.items(), key=lambda kv: -kv[1])[:top]
    return ", ".join(f"{name} {secs / pages:.3f}s" for name, secs in ranked if secs > 0)


def list_flags(
    url: str, *, code: str | None = None, severity: str | None = None, doc_number: str | None = None
) -> list[dict[str, Any]]:
    from sqlalchemy import text

    sql = "SELECT doc_number, code, severity, message, page FROM v_flags WHERE 1=1"
    params: dict[str, Any] = {}
    if code:
        sql += " AND code = :code"
        params["code"] = code.upper()
    if severity:
        sql += " AND severity = :severity"
        params["severity"] = severity
    if doc_number:
        from parsers.normalize.doc_number import normalize_doc_number

        sql += " AND doc_number = :dn"
        params["dn"] = normalize_doc_number(doc_number) or doc_number
    sql += (
        " ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,"
        " doc_number, code, page"
    )
    with _session(url) as s:
        return [dict(r._mapping) for r in s.execute(text(sql), params)]


SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def format_flags(rows: list[dict[str, Any]]) -> str:
    """Flags grouped by notice (worst notices first), most severe first, one line each."""
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(r["doc_number"], []).append(r)
    lines: list[str] = []
    for dn, items in groups.items():
        items.sort(key=lambda r: (SEVERITY_ORDER.get(r["severity"], 3), r["page"] or 0, r["code"]))
        lines.append(f"\n{dn or '(notice without 文号)'}")
        for r in items:
            page = f"p.{r['page']}" if r["page"] else ""
            lines.append(f"  {r['severity'].upper():7} {page:>5}  {r['code']:<26} {r['message']}")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["severity"]] = counts.get(r["severity"], 0) + 1
    summary = ", ".join(f"{counts[k]} {k}" for k in SEVERITY_ORDER if k in counts)
    return "\n".join(lines).lstrip("\n") + f"\n\n{len(rows)} flag(s) in {len(groups)} notice(s): {summary}"
