"""Claims: ingesters that share a database divide the files between them.

Before parsing a file an ingester claims its bytes (sha256) in the ``claims``
table; a claim held by a live ingester makes every other one pass the file
by. A claim carries a lease (``expires``) that its holder renews while it
parses; the claim of a killed ingester simply runs out and the file is
claimed again by the next ingester that meets it.

    holder = Holder.here()                           # host, pid, a random tag
    with session.begin():
        other = claim(session, sha, holder, file="a.pdf", lease=600)
    if other is None:   ... parse, then save and release(session, sha, holder) in one transaction
    else:               ... someone else (other.holder, other.host, other.pid) has it

One statement does it on both databases: ``INSERT … ON CONFLICT (sha256) DO
UPDATE … WHERE claims.expires < now OR claims.holder = me RETURNING holder``.
On PostgreSQL a second inserter of the same key waits for the first
transaction and then sees its row, so two claims never both succeed; SQLite
serialises writers, which gives the same answer on one machine. Times come
from the PostgreSQL server clock (one clock for several machines), on SQLite
from this machine.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import DateTime, Engine, Integer, String, Text, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from db.models import Base
from db.runs import db_now

DEFAULT_LEASE = 600.0
"""Seconds a claim lasts without renewal (renewed every third of it while parsing)."""


class ClaimRow(Base):
    """A file being parsed by one ingester (keyed by its bytes)."""

    __tablename__ = "claims"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    file: Mapped[str | None] = mapped_column(Text)
    holder: Mapped[str] = mapped_column(String(100), nullable=False, index=True)
    host: Mapped[str] = mapped_column(String(255), nullable=False)
    pid: Mapped[int] = mapped_column(Integer, nullable=False)
    claimed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    expires: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)


@dataclass(frozen=True, slots=True)
class Holder:
    """Who claims: unique per ingester process and run."""

    tag: str
    host: str
    pid: int

    @classmethod
    def here(cls) -> Holder:
        host, pid = socket.gethostname(), os.getpid()
        return cls(f"{host}:{pid}:{uuid.uuid4().hex[:8]}", host, pid)


@dataclass(frozen=True, slots=True)
class ClaimInfo:
    """The holder of a claim someone else has."""

    holder: str
    host: str
    pid: int
    file: str | None
    claimed_at: dt.datetime
    expires: dt.datetime

    def describe(self) -> str:
        return f"being ingested by {self.host} pid {self.pid} (claim until {self.expires:%H:%M:%S} UTC)"


def claim(
    session: Session, sha256: str, holder: Holder, *, file: str | None = None,
    lease: float = DEFAULT_LEASE,
) -> ClaimInfo | None:
    """Claim ``sha256`` for ``holder``; None when it is ours now, else who has it."""
    now = db_now(session)
    values = {
        "sha256": sha256, "file": file, "holder": holder.tag, "host": holder.host,
        "pid": holder.pid, "claimed_at": now, "expires": now + dt.timedelta(seconds=lease),
    }
    dialect = session.get_bind().dialect.name
    ins = postgresql.insert(ClaimRow) if dialect == "postgresql" else sqlite.insert(ClaimRow)
    stmt = ins.values(**values).on_conflict_do_update(
        index_elements=[ClaimRow.sha256],
        set_={k: v for k, v in values.items() if k != "sha256"},
        where=(ClaimRow.expires < now) | (ClaimRow.holder == holder.tag),
    ).returning(ClaimRow.holder)
    got = session.execute(stmt).scalar_one_or_none()
    if got == holder.tag:
        return None
    row = session.get(ClaimRow, sha256, populate_existing=True)
    if row is None:  # released between the two statements: try once more
        return claim(session, sha256, holder, file=file, lease=lease)
    return ClaimInfo(row.holder, row.host, row.pid, row.file, _aware(row.claimed_at), _aware(row.expires))


def renew(session: Session, holder: Holder, lease: float = DEFAULT_LEASE) -> int:
    """Push back the expiry of every claim ``holder`` has; how many it has."""
    expires = db_now(session) + dt.timedelta(seconds=lease)
    result = session.execute(
        update(ClaimRow).where(ClaimRow.holder == holder.tag).values(expires=expires)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def release(session: Session, sha256s: Iterable[str], holder: Holder) -> None:
    """Drop ``holder``'s claims on these files (after storing or failing them)."""
    shas = list(sha256s)
    if shas:
        session.execute(
            delete(ClaimRow).where(ClaimRow.holder == holder.tag, ClaimRow.sha256.in_(shas))
        )


def release_all(session: Session, holder: Holder) -> None:
    session.execute(delete(ClaimRow).where(ClaimRow.holder == holder.tag))


def live_claims(session: Session) -> tuple[ClaimInfo, ...]:
    """Claims not yet expired (for ``notices runs``)."""
    now = db_now(session)
    rows = session.scalars(select(ClaimRow).where(ClaimRow.expires >= now).order_by(ClaimRow.claimed_at))
    return tuple(
        ClaimInfo(r.holder, r.host, r.pid, r.file, _aware(r.claimed_at), _aware(r.expires)) for r in rows
    )


class LeaseKeeper:
    """Renews a holder's claims every third of the lease, in a thread, while parsing.

        with LeaseKeeper(engine, holder, lease):
            parse_many(...)
    """

    def __init__(self, engine: Engine, holder: Holder, lease: float = DEFAULT_LEASE) -> None:
        self.engine, self.holder, self.lease = engine, holder, lease
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="claim-lease", daemon=True)
        self.renewals = 0

    def __enter__(self) -> LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self.lease / 3):
            try:
                with Session(self.engine) as s, s.begin():
                    renew(s, self.holder, self.lease)
                self.renewals += 1
            except Exception:  # noqa: BLE001, S110 - a missed renewal is retried next tick
                continue


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
