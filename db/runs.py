"""Runs and their failures: what each ``ingest`` / ``reparse`` did, for the operator.

    runs      one row per run: kind, start, end, host, pid, parser and engine
              versions, counts (seen, stored, skipped, failed), exit code
    failures  one row per file that failed in a run: file, sha256, reason

    run_id = start_run(session, RunStart("ingest", host, pid, "1", "rapidocr 3.4.0", "ingest in/"))
    record_failure(session, run_id, "in/a.pdf", sha, "not a notice: …")
    finish_run(session, run_id, RunCounts(seen=3, stored=2, skipped=0, failed=1), exit_code=1)
    last_runs(session, 10) -> tuple[RunRecord, ...]      # newest first

A run that has ``ended IS NULL`` is still going, or was killed (``notices
runs`` says which by asking whether its pid is alive on this host).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from db.models import Base


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class RunRow(Base):
    """One ``notices ingest`` or ``notices reparse`` run."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # ingest | reparse
    started: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False, index=True)
    ended: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    host: Mapped[str] = mapped_column(String(255), nullable=False)
    pid: Mapped[int] = mapped_column(Integer, nullable=False)
    parser_version: Mapped[str | None] = mapped_column(String(50))
    engine: Mapped[str | None] = mapped_column(String(100))
    command: Mapped[str | None] = mapped_column(Text)
    seen: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    stored: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    skipped: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    failed: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    exit_code: Mapped[int | None] = mapped_column(Integer)


class FailureRow(Base):
    """A file that failed in a run, with its one-line reason."""

    __tablename__ = "failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("runs.id", ondelete="CASCADE"), index=True, nullable=False
    )
    file: Mapped[str] = mapped_column(Text, nullable=False)
    sha256: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)


@dataclass(frozen=True, slots=True)
class RunStart:
    kind: str
    host: str
    pid: int
    parser_version: str | None = None
    engine: str | None = None
    command: str | None = None


@dataclass(frozen=True, slots=True)
class RunCounts:
    seen: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0


@dataclass(frozen=True, slots=True)
class FailureRecord:
    file: str
    sha256: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class RunRecord:
    id: int
    kind: str
    started: dt.datetime
    ended: dt.datetime | None
    host: str
    pid: int
    parser_version: str | None
    engine: str | None
    command: str | None
    counts: RunCounts
    exit_code: int | None
    failures: tuple[FailureRecord, ...]


def db_now(session: Session) -> dt.datetime:
    """The database's clock (PostgreSQL: one clock for several machines), else this machine's, UTC."""
    if session.get_bind().dialect.name == "postgresql":
        value = session.scalar(select(func.now()))
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.UTC)
    return utcnow()


def start_run(session: Session, start: RunStart) -> int:
    row = RunRow(
        kind=start.kind, started=utcnow(), host=start.host, pid=start.pid,
        parser_version=start.parser_version, engine=start.engine, command=start.command,
    )
    session.add(row)
    session.flush()
    return row.id


def record_failure(
    session: Session, run_id: int, file: str, sha256: str | None, reason: str
) -> None:
    session.add(FailureRow(run_id=run_id, file=file, sha256=sha256, reason=reason, at=db_now(session)))
    session.flush()


def finish_run(session: Session, run_id: int, counts: RunCounts, exit_code: int) -> None:
    row = session.get(RunRow, run_id)
    if row is None:
        return
    row.ended = utcnow()
    row.seen, row.stored = counts.seen, counts.stored
    row.skipped, row.failed = counts.skipped, counts.failed
    row.exit_code = exit_code
    session.flush()


def last_runs(session: Session, limit: int = 10, *, failures_per_run: int = 20) -> tuple[RunRecord, ...]:
    """The newest ``limit`` runs, newest first, each with up to ``failures_per_run`` failures."""
    rows = session.scalars(select(RunRow).order_by(RunRow.id.desc()).limit(limit)).all()
    out: list[RunRecord] = []
    for r in rows:
        fails = session.execute(
            select(FailureRow.file, FailureRow.sha256, FailureRow.reason)
            .where(FailureRow.run_id == r.id)
            .order_by(FailureRow.id)
            .limit(failures_per_run)
        ).all()
        out.append(
            RunRecord(
                id=r.id, kind=r.kind, started=_aware(r.started), ended=_aware(r.ended) if r.ended else None,
                host=r.host, pid=r.pid, parser_version=r.parser_version, engine=r.engine,
                command=r.command, counts=RunCounts(r.seen, r.stored, r.skipped, r.failed),
                exit_code=r.exit_code, failures=tuple(FailureRecord(*f) for f in fails),
            )
        )
    return tuple(out)


def failure_count(session: Session, run_id: int) -> int:
    return int(session.scalar(select(func.count()).where(FailureRow.run_id == run_id)) or 0)


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes: they were written in UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def failed_since(session: Session, sha256: str, since: dt.datetime) -> tuple[int, str] | None:
    """(run id, reason) of a failure of these bytes recorded at or after ``since``, if any."""
    row = session.execute(
        select(FailureRow.run_id, FailureRow.reason)
        .where(FailureRow.sha256 == sha256, FailureRow.at >= since)
        .order_by(FailureRow.id.desc())
        .limit(1)
    ).first()
    return (int(row[0]), str(row[1])) if row is not None else None
