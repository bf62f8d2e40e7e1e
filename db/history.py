"""Notice versions: every rendered JSON a document has had, with the run and parser.

    notice_versions  document_id, run_id (NULL before runs were recorded),
                     parser_version, created_at, rendered_json

``db.store.save_notice`` and ``replace_notice`` add a version in the
caller's transaction, so a replace that fails leaves neither the new rows
nor a new version. ``versions(session, doc_id)`` lists them oldest first;
the last one is what the document holds now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from db.models import Base


class NoticeVersionRow(Base):
    """One version of a document's parse (the rendered notice JSON)."""

    __tablename__ = "notice_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True, nullable=False
    )
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    parser_version: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    rendered_json: Mapped[str] = mapped_column(Text, nullable=False)


@dataclass(frozen=True, slots=True)
class NoticeVersion:
    id: int
    document_id: int
    run_id: int | None
    run_kind: str | None
    parser_version: str | None
    created_at: dt.datetime
    rendered_json: str


def add_version(
    session: Session, doc_id: int, rendered_json: str, *, run_id: int | None,
    parser_version: str | None, created_at: dt.datetime | None = None,
) -> None:
    session.add(
        NoticeVersionRow(
            document_id=doc_id, run_id=run_id, parser_version=parser_version,
            created_at=created_at or dt.datetime.now(dt.UTC), rendered_json=rendered_json,
        )
    )
    session.flush()


def latest_json(session: Session, doc_id: int) -> str | None:
    return session.scalar(
        select(NoticeVersionRow.rendered_json)
        .where(NoticeVersionRow.document_id == doc_id)
        .order_by(NoticeVersionRow.id.desc())
        .limit(1)
    )


def versions(session: Session, doc_id: int) -> tuple[NoticeVersion, ...]:
    from db.runs import RunRow

    rows = session.execute(
        select(NoticeVersionRow, RunRow.kind)
        .outerjoin(RunRow, RunRow.id == NoticeVersionRow.run_id)
        .where(NoticeVersionRow.document_id == doc_id)
        .order_by(NoticeVersionRow.id)
    ).all()
    return tuple(
        NoticeVersion(
            v.id, v.document_id, v.run_id, kind, v.parser_version,
            v.created_at if v.created_at.tzinfo else v.created_at.replace(tzinfo=dt.UTC),
            v.rendered_json,
        )
        for v, kind in rows
    )
