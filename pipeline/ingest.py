"""Nightly ingestion, ad-hoc reparse and the flag listing (the database side of the CLI).

Workers parse, the main process writes: each notice is committed in its own
transaction, a failed file is reported with its reason and the batch goes on.
"""

from __future__ import annotations

import difflib
import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from db.checks import check_database
from db.store import (
    connect,
    find_by_doc_number,
    find_by_sha256,
    record_file_name,
    replace_notice,
    save_notice,
)
from pipeline.render import dumps
from pipeline.run import (
    ParseResult,
    Settings,
    iter_pdf_paths,
    parse_document,
    parse_many,
    sha256_file,
)


@dataclass
class IngestReport:
    ingested: list[tuple[str, str | None]] = field(default_factory=list)  # (file, 文号)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    flags: int = 0
    pages: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)  # summed over workers

    def add_stages(self, stages: Iterable[tuple[str, float]]) -> None:
        for name, secs in stages:
            self.stage_seconds[name] = self.stage_seconds.get(name, 0.0) + secs


class Progress:
    """A rich progress bar on a terminal, plain lines otherwise (cron, CI)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.bar: Any = None
        if sys.stderr.isatty() and total > 1:
            from rich.progress import BarColumn, MofNCompleteColumn, TimeRemainingColumn
            from rich.progress import Progress as RichProgress

            self.bar = RichProgress(
                "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                TimeRemainingColumn(), transient=True,
            )
            self.task = self.bar.add_task("parsing", total=total)
            self.bar.start()

    def step(self, line: str) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(self.task, advance=1)
            self.bar.console.print(line, highlight=False)
        else:
            print(f"[{self.done}/{self.total}] {line}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


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


def ingest(paths: list[str], url: str, settings: Settings, *, workers: int = 0) -> IngestReport:
    t0 = time.perf_counter()
    report = IngestReport()
    by_sha: dict[str, list[Path]] = {}
    with _session(url) as s:
        for p in iter_pdf_paths(paths):
            if not p.exists():
                report.failed.append((str(p), "no such file"))
                continue
            try:
                sha = sha256_file(p)
            except OSError as e:
                report.failed.append((str(p), f"cannot read: {e.strerror}"))
                continue
            if sha in by_sha:
                by_sha[sha].append(p)
                continue
            with s.begin():
                known = find_by_sha256(s, sha)
                if known is not None:
                    record_file_name(s, sha, str(p))
            if known is not None:
                report.skipped.append(str(p))
                continue
            by_sha[sha] = [p]
        touched: list[int] = []
        progress = Progress(len(by_sha))
        first_names = {str(ps[0]): ps for ps in by_sha.values()}

        def store(result: ParseResult) -> None:
            report.add_stages(result.stage_seconds)
            if result.notice is None:
                report.failed.append((result.path, result.error or "unknown error"))
                progress.step(f"FAILED {result.path}: {result.error}")
                return
            n = result.notice
            t_store = time.perf_counter()
            try:
                with s.begin():
                    doc_id = save_notice(s, n, file_name=result.path, rendered_json=dumps(n))
                    for other in first_names[result.path][1:]:
                        record_file_name(s, n.source.sha256, str(other))
                report.add_stages([("store", time.perf_counter() - t_store)])
            except Exception as e:  # noqa: BLE001 - one bad notice must not stop the batch
                report.failed.append((result.path, f"database error: {type(e).__name__}: {e}"))
                progress.step(f"FAILED {result.path}: database error")
                return
            touched.append(doc_id)
            dn = n.doc_number.value if n.doc_number else None
            report.ingested.append((result.path, dn))
            report.pages += n.source.pages
            report.flags += len(n.flags)
            progress.step(
                f"{result.path}: {dn or '(no 文号)'}, {n.source.pages} pages, {n.text_source}, "
                f"{len(n.flags)} flags, {result.seconds:.1f}s"
            )

        try:
            parse_many(list(first_names), settings, workers, store)
        finally:
            progress.close()
            if touched:
                with s.begin():
                    db_flags = check_database(s, touched)
                report.flags += len(db_flags)
    report.seconds = time.perf_counter() - t0
    _summary(report, url)
    return report


def _summary(r: IngestReport, url: str) -> None:
    out = sys.stderr
    pps = r.pages / r.seconds if r.seconds else 0.0
    print(
        f"\nIngested {len(r.ingested)} notice(s) ({r.pages} pages, {pps:.1f} pages/s), "
        f"skipped {len(r.skipped)} already ingested, {len(r.failed)} failed; "
        f"{r.flags} flag(s) raised. Database: {url}",
        file=out,
    )
    if r.stage_seconds and r.pages:
        print("  time per page by stage: " + format_stages(r.stage_seconds, r.pages), file=out)
    for path, reason in r.failed:
        print(f"  failed: {path}: {reason}", file=out)
    if r.ingested:
        print("  see them with: notices flags" + ("" if url.endswith("notices.db") else f" --db {url}"), file=out)


def format_stages(stage_seconds: dict[str, float], pages: int, top: int = 6) -> str:
    """The costliest stages, per page: "detect 1.21s, recognise 0.40s, ..."."""
    ranked = sorted(stage_seconds.items(), key=lambda kv: -kv[1])[:top]
    return ", ".join(f"{name} {secs / pages:.3f}s" for name, secs in ranked if secs > 0)


def reparse(target: str, url: str, settings: Settings) -> int:
    """Re-parse one notice (a file path or a 文号) and replace its rows atomically."""
    with _session(url) as s:
        path = Path(target)
        doc_id: int | None = None
        if path.exists():
            sha = sha256_file(path)
            doc_id = find_by_sha256(s, sha)
            file_path = str(path)
        else:
            from parsers.normalize.doc_number import normalize_doc_number

            dn = normalize_doc_number(target) or target
            found = find_by_doc_number(s, dn)
            if found is None:
                print(f"notices: {target}: no such file, and no notice with that 文号 in {url}", file=sys.stderr)
                return 1
            doc_id, found_path = found
            file_path = str(found_path)
            if not Path(file_path).exists():
                print(f"notices: {target}: its file {file_path} is no longer there", file=sys.stderr)
                return 1
        s.rollback()  # end the read-only lookup before the write transaction
        notice = parse_document(file_path, settings, progress=ocr_progress(file_path))
        new_json = dumps(notice)
        with s.begin():
            if doc_id is None:
                doc_id = save_notice(s, notice, file_name=file_path, rendered_json=new_json)
                old_json = "{}"
            else:
                old_json = replace_notice(s, doc_id, notice, rendered_json=new_json) or "{}"
            check_database(s, [doc_id])
    diff = list(
        difflib.unified_diff(
            _pretty(old_json).splitlines(), _pretty(new_json).splitlines(), "before", "after", lineterm="", n=1
        )
    )
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
