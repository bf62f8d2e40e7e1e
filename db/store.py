"""Store a :class:`~pipeline.core.model.Notice` as rows, in the caller's transaction.

    engine = connect("sqlite:///notices.db")          # creates / migrates
    with Session(engine) as session, session.begin():  # one notice, one transaction
        doc_id = find_by_sha256(session, sha)
        if doc_id is None:
            doc_id = save_notice(session, notice, file_name="a.pdf", rendered_json=js)
        else:
            record_file_name(session, sha, "copy of a.pdf")
        check_database(session, [doc_id])              # db.checks

``replace_notice`` re-parses in place (same id) and returns the old rendered
JSON so the caller can print a diff.  Nothing here commits: the caller owns
the transaction, so a failure leaves no half-written notice.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from sqlalchemy import Engine, delete, select, text
from sqlalchemy.orm import Session

from db.corrections import reapply_corrections
from db.history import add_version, latest_json
from db.migrate import make_engine, upgrade
from db.models import (
    AllocationColumnRow,
    AllocationTableRow,
    AllocationValueRow,
    AttachmentRow,
    BodyAmountRow,
    BudgetCodeRow,
    DocumentFieldRow,
    DocumentRow,
    FlagRow,
    FundMarkerRow,
    IndicatorRow,
    ReferenceRow,
    SourceFileRow,
    TargetTableRow,
)
from db.raw_tables import delete_raw_tables
from db.rows import Versions, document_columns, insert_children
from pipeline.core.errors import NoticesError
from pipeline.core.model import (
    Notice,
)

DEFAULT_URL = "sqlite:///notices.db"


class StoreError(NoticesError):
    """A storage request that cannot be met (unknown document, duplicate file)."""


class AlreadyStoredError(StoreError):
    """These bytes are already stored (another ingester may have stored them meanwhile)."""


def resolve_url(url: str | None = None) -> str:
    """``--db URL``, else ``$NOTICES_DB``, else ``sqlite:///notices.db``."""
    return url or os.environ.get("NOTICES_DB") or DEFAULT_URL


def connect(url: str | None = None) -> Engine:
    """An Engine for ``url`` (see :func:`resolve_url`) with the schema migrated to head."""
    engine = make_engine(resolve_url(url))
    upgrade(engine)
    return engine


# --- lookups ------------------------------------------------------------------


def find_by_sha256(session: Session, sha256: str) -> int | None:
    """The id of the document with these bytes, or None."""
    return session.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == sha256))


def find_by_doc_number(session: Session, doc_number: str) -> tuple[int, str] | None:
    """The oldest document carrying this 文号 and the first path its file arrived
    under (what ``notices reparse 文号`` re-reads), or None."""
    ids = find_all_by_doc_number(session, doc_number)
    if not ids:
        return None
    paths = file_paths(session, ids[0])
    return ids[0], paths[0] if paths else ""


def find_all_by_doc_number(session: Session, doc_number: str) -> tuple[int, ...]:
    """Ids of every document carrying this 文号 (several when it is duplicated), oldest first."""
    rows = session.scalars(
        select(DocumentRow.id).where(DocumentRow.doc_number == doc_number).order_by(DocumentRow.id)
    )
    return tuple(rows)


def file_paths(session: Session, doc_id: int) -> tuple[str, ...]:
    """Every path (or name, when no path was given) the document's bytes arrived under."""
    rows = session.execute(
        select(SourceFileRow.file_path, SourceFileRow.file_name)
        .where(SourceFileRow.document_id == doc_id)
        .order_by(SourceFileRow.id)
    )
    return tuple(path or name for path, name in rows)


def stored_rendered_json(session: Session, doc_id: int) -> str | None:
    """The rendered notice JSON stored with the document."""
    return session.scalar(select(DocumentRow.rendered_json).where(DocumentRow.id == doc_id))


def record_file_name(
    session: Session, sha256: str, file_name: str, file_path: str | None = None
) -> bool:
    """Record that already-stored bytes arrived under another name; False if known."""
    doc_id = find_by_sha256(session, sha256)
    if doc_id is None:
        raise StoreError(f"no stored document has sha256 {sha256}")
    path = file_path or ""
    known = session.scalar(
        select(SourceFileRow.id).where(
            SourceFileRow.sha256 == sha256,
            SourceFileRow.file_name == file_name,
            SourceFileRow.file_path == path,
        )
    )
    if known is not None:
        return False
    session.add(
        SourceFileRow(document_id=doc_id, sha256=sha256, file_name=file_name, file_path=path)
    )
    session.flush()
    return True


# --- writing ------------------------------------------------------------------


def save_notice(
    session: Session,
    notice: Notice,
    *,
    file_name: str,
    rendered_json: str,
    file_path: str | None = None,
    versions: Versions | None = None,
    run_id: int | None = None,
) -> int:
    """Insert ``notice`` and all its parts and its first version; return the new document id.

    Raises :class:`AlreadyStoredError` if these bytes (sha256) are already
    stored: use :func:`record_file_name` or :func:`replace_notice` for those.
    ``run_id`` is the ``runs`` row that produced it (``db.runs``), if any.
    """
    if find_by_sha256(session, notice.source.sha256) is not None:
        raise AlreadyStoredError(f"{file_name}: already stored (sha256 {notice.source.sha256})")
    versions = versions or Versions()
    doc = DocumentRow(**document_columns(notice, rendered_json, versions))
    session.add(doc)
    session.flush()
    session.add(
        SourceFileRow(
            document_id=doc.id,
            sha256=notice.source.sha256,
            file_name=file_name,
            file_path=file_path if file_path is not None else notice.source.path,
        )
    )
    insert_children(session, doc.id, notice)
    add_version(session, doc.id, rendered_json, run_id=run_id, parser_version=versions.parser)
    return doc.id


def replace_notice(
    session: Session,
    doc_id: int,
    notice: Notice,
    *,
    rendered_json: str,
    file_name: str | None = None,
    file_path: str | None = None,
    versions: Versions | None = None,
    run_id: int | None = None,
) -> str | None:
    """Replace a document's rows with ``notice`` (same id); return the old rendered JSON.

    The new rendered JSON becomes the document's newest version in
    ``notice_versions`` (``db.history``); the old one stays there, so nothing
    a re-parse replaces is lost.  All in the caller's transaction.

    Every flag of the document is removed too: run ``db.checks.check_database``
    afterwards to rebuild the database flags (the old 文号 is remembered in the
    session, so the notices citing it are re-checked as well).
    """
    doc = session.get(DocumentRow, doc_id)
    if doc is None:
        raise StoreError(f"no stored document has id {doc_id}")
    other = find_by_sha256(session, notice.source.sha256)
    if other is not None and other != doc_id:
        raise StoreError(
            f"{notice.source.name}: these bytes are already stored as document {other}"
        )
    old = doc.rendered_json
    if old is not None and latest_json(session, doc_id) != old:
        # stored before versions were kept, or by a path that did not record one
        add_version(session, doc_id, old, run_id=None, parser_version=doc.parser_version,
                    created_at=doc.updated_at)
    versions = versions or Versions()
    _remember_doc_number(session, doc.doc_number)
    _delete_children(session, doc_id)
    for key, value in document_columns(notice, rendered_json, versions).items():
        setattr(doc, key, value)
    doc.updated_at = dt.datetime.now(dt.UTC)
    session.execute(
        delete(SourceFileRow).where(
            SourceFileRow.document_id == doc_id, SourceFileRow.sha256 != notice.source.sha256
        )
    )
    session.flush()
    if file_name is not None:
        record_file_name(session, notice.source.sha256, file_name, file_path)
    elif not file_paths(session, doc_id):
        record_file_name(session, notice.source.sha256, notice.source.name, notice.source.path)
    insert_children(session, doc_id, notice)
    add_version(session, doc_id, rendered_json, run_id=run_id, parser_version=versions.parser)
    reapply_corrections(session, doc_id, rendered_json)  # reviewers' corrections (db.corrections)
    return old


def delete_notice(session: Session, doc_id: int) -> None:
    """Remove a document and everything stored with it."""
    _remember_doc_number(
        session, session.scalar(select(DocumentRow.doc_number).where(DocumentRow.id == doc_id))
    )
    _delete_children(session, doc_id)
    session.execute(delete(SourceFileRow).where(SourceFileRow.document_id == doc_id))
    session.execute(delete(DocumentRow).where(DocumentRow.id == doc_id))


STALE_DOC_NUMBERS = "notices.stale_doc_numbers"
"""``session.info`` key: 文号 replaced or deleted in this session, whose citers
``db.checks.check_database`` must re-check even if the caller does not name them."""


def _remember_doc_number(session: Session, doc_number: str | None) -> None:
    if doc_number:
        session.info.setdefault(STALE_DOC_NUMBERS, set()).add(doc_number)


def _delete_children(session: Session, doc_id: int) -> None:
    tables = select(AllocationTableRow.id).where(AllocationTableRow.document_id == doc_id)
    session.execute(delete(AllocationValueRow).where(AllocationValueRow.document_id == doc_id))
    session.execute(delete(AllocationColumnRow).where(AllocationColumnRow.table_id.in_(tables)))
    for model in (
        AllocationTableRow,
        IndicatorRow,
        TargetTableRow,
        DocumentFieldRow,
        ReferenceRow,
        FundMarkerRow,
        BudgetCodeRow,
        BodyAmountRow,
        AttachmentRow,
        FlagRow,
    ):
        column = model.__table__.c.document_id
        session.execute(delete(model).where(column == doc_id))
    delete_raw_tables(session, doc_id)


# --- reading flags ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FlagRecord:
    """One open flag as auditors see it (a row of ``v_flags``)."""

    doc_number: str | None
    code: str
    severity: str
    message: str
    page: int | None
    subject: str | None
    expected: str | None
    actual: str | None
    origin: str
    source_file: str | None
    document_id: int


def list_flags(session: Session) -> tuple[FlagRecord, ...]:
    """Every open flag, errors first, then by 文号 and page (``notices flags``)."""
    rows = session.execute(text(
        "SELECT doc_number, code, severity, message, page, subject, expected, actual, origin,"
        " source_file, document_id FROM v_flags"
        " ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,"
        " doc_number, page, code"
    ))
    return tuple(FlagRecord(*row) for row in rows)


def set_versions(session: Session, doc_id: int, versions: Versions) -> None:
    """Record that a re-parse under ``versions`` gave the same notice (no new version)."""
    doc = session.get(DocumentRow, doc_id)
    if doc is None:
        raise StoreError(f"no stored document has id {doc_id}")
    doc.parser_version, doc.rules_version = versions.parser, versions.rules
    doc.engine_name, doc.engine_version = versions.engine_name, versions.engine_version
    session.flush()
