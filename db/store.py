"""Store a :class:`~pipeline.model.Notice` as rows, in the caller's transaction.

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
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Engine, delete, insert, select, text
from sqlalchemy.orm import Session

from db.migrate import make_engine, upgrade
from db.models import (
    AllocationColumnRow,
    AllocationTableRow,
    AllocationValueRow,
    AttachmentRow,
    Base,
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
from db.values import deadline_days, to_yuan
from pipeline.errors import NoticesError
from pipeline.model import (
    AttachmentItem,
    Field,
    Funds,
    Notice,
    Provenance,
)

DEFAULT_URL = "sqlite:///notices.db"


class StoreError(NoticesError):
    """A storage request that cannot be met (unknown document, duplicate file)."""


def resolve_url(url: str | None = None) -> str:
    """``--db URL``, else ``$NOTICES_DB``, else ``sqlite:///notices.db``."""
    return url or os.environ.get("NOTICES_DB") or DEFAULT_URL


def connect(url: str | None = None) -> Engine:
    """An Engine for ``url`` (see :func:`resolve_url`) with the schema migrated to head."""
    engine = make_engine(resolve_url(url))
    upgrade(engine)
    return engine


@dataclass(frozen=True, slots=True)
class Versions:
    """What produced the rows (stored on the document for reparse decisions)."""

    parser: str | None = None
    rules: str | None = None
    engine_name: str | None = None
    engine_version: str | None = None


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
) -> int:
    """Insert ``notice`` and all its parts; return the new document id.

    Raises :class:`StoreError` if these bytes (sha256) are already stored:
    use :func:`record_file_name` or :func:`replace_notice` for those.
    """
    if find_by_sha256(session, notice.source.sha256) is not None:
        raise StoreError(f"{file_name}: already stored (sha256 {notice.source.sha256})")
    doc = DocumentRow(**_document_columns(notice, rendered_json, versions or Versions()))
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
    _insert_children(session, doc.id, notice)
    session.flush()
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
) -> str | None:
    """Replace a document's rows with ``notice`` (same id); return the old rendered JSON.

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
    _remember_doc_number(session, doc.doc_number)
    _delete_children(session, doc_id)
    for key, value in _document_columns(notice, rendered_json, versions or Versions()).items():
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
    _insert_children(session, doc_id, notice)
    session.flush()
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


# --- mapping a Notice to rows -----------------------------------------------------


def _value(f: Field[str] | None) -> str | None:
    return f.value if f is not None else None


def _date(f: Field[str] | None) -> dt.date | None:
    if f is None:
        return None
    try:
        return dt.date.fromisoformat(f.value)
    except ValueError:
        return None


def _joined(fields: Sequence[Field[str]]) -> str | None:
    return "、".join(f.value for f in fields) if fields else None


def _json_list(fields: Sequence[Field[str]]) -> str:
    return json.dumps([f.value for f in fields], ensure_ascii=False)


def _json_amounts(items: Iterable[tuple[str, Decimal | None]]) -> str:
    return json.dumps(
        {k: (None if v is None else str(v)) for k, v in items}, ensure_ascii=False
    )


def _prov(p: Provenance) -> dict[str, object]:
    b = p.bbox
    return {
        "page": p.page,
        "bbox_x0": b.x0 if b else None,
        "bbox_top": b.top if b else None,
        "bbox_x1": b.x1 if b else None,
        "bbox_bottom": b.bottom if b else None,
        "confidence": p.confidence,
    }


def _document_columns(notice: Notice, rendered_json: str, versions: Versions) -> dict[str, object]:
    src = notice.source
    return {
        "doc_number": _value(notice.doc_number),
        "doc_number_as_printed": notice.doc_number.raw if notice.doc_number else None,
        "issuers": _joined(notice.issuers),
        "issuers_json": _json_list(notice.issuers),
        "title": _value(notice.title),
        "recipients": _value(notice.recipients),
        "issue_date": _date(notice.issue_date),
        "print_date": _date(notice.print_date),
        "cc": _value(notice.cc),
        "printed_by": _value(notice.printed_by),
        "signatories": _joined(notice.signatories),
        "signatories_json": _json_list(notice.signatories),
        "copy_number": _value(notice.copy_number),
        "classification": _value(notice.classification),
        "urgency": _value(notice.urgency),
        "signer": _value(notice.signer),
        "annotation": _value(notice.annotation),
        "body": notice.body,
        "sha256": src.sha256,
        "file_size": src.size,
        "pages": src.pages,
        "text_source": notice.text_source,
        "parser_version": versions.parser,
        "rules_version": versions.rules,
        "engine_name": versions.engine_name,
        "engine_version": versions.engine_version,
        "rendered_json": rendered_json,
    }


_SCALAR_FIELDS = (
    "doc_number", "title", "recipients", "copy_number", "classification", "urgency",
    "signer", "issue_date", "annotation", "cc", "printed_by", "print_date",
)
_LIST_FIELDS = ("issuers", "signatories")


Row = dict[str, object]


def _bulk(session: Session, model: type[Base], rows: list[Row]) -> None:
    """One executemany INSERT (the ORM unit of work is ten times slower here)."""
    if rows:
        session.execute(insert(model), rows)


def _bulk_ids(session: Session, model: type[Base], rows: list[Row]) -> list[int]:
    """INSERT … RETURNING id, ids in the order of ``rows``."""
    if not rows:
        return []
    id_column = model.__table__.c.id
    result = session.execute(
        insert(model).returning(id_column, sort_by_parameter_order=True), rows
    )
    return [int(i) for i in result.scalars()]


def _insert_children(session: Session, doc_id: int, notice: Notice) -> None:
    fields: list[Row] = []
    for name in _SCALAR_FIELDS:
        f: Field[str] | None = getattr(notice, name)
        if f is not None:
            fields.append(_field_row(doc_id, name, 0, f))
    for name in _LIST_FIELDS:
        fields.extend(_field_row(doc_id, name, i, f) for i, f in enumerate(getattr(notice, name)))
    _bulk(session, DocumentFieldRow, fields)
    _bulk(session, ReferenceRow, [
        {"document_id": doc_id, "position": i, "doc_number": ref.doc_number, "title": ref.title,
         "as_printed": ref.raw or None, **_prov(ref.prov)}
        for i, ref in enumerate(notice.references)
    ])
    _bulk(session, FundMarkerRow, [
        {"document_id": doc_id, "position": i, "code": m.code, "name": m.name, **_prov(m.prov)}
        for i, m in enumerate(notice.fund_markers)
    ])
    _bulk(session, BudgetCodeRow, [
        {"document_id": doc_id, "position": i, "code": c.value, "as_printed": c.raw,
         **_prov(c.prov)}
        for i, c in enumerate(notice.budget_codes)
    ])
    _bulk(session, BodyAmountRow, [
        {"document_id": doc_id, "position": i, "amount": a.value, "unit": a.unit,
         "amount_yuan": to_yuan(a.value, a.unit), "context": a.context,
         "is_total": a.is_total, **_prov(a.prov)}
        for i, a in enumerate(notice.body_amounts)
    ])
    attachments = _attachment_rows(doc_id, "listed", notice.attachments_listed)
    attachments += _attachment_rows(doc_id, "heading", notice.attachment_headings)
    attachments += [
        {"document_id": doc_id, "kind": "form", "position": i, "number": form.attachment,
         "title": form.title, **_prov(Provenance(page=form.page))}
        for i, form in enumerate(notice.forms)
    ]
    _bulk(session, AttachmentRow, attachments)
    _bulk(session, FlagRow, [
        {"document_id": doc_id, "origin": "document", "code": flag.code,
         "severity": flag.severity, "message": flag.message, "page": flag.page,
         "subject": flag.subject, "expected": flag.expected, "actual": flag.actual}
        for flag in notice.flags
    ])
    _insert_allocations(session, doc_id, notice)
    _insert_targets(session, doc_id, notice)


def _field_row(doc_id: int, name: str, position: int, f: Field[str]) -> Row:
    return {"document_id": doc_id, "field": name, "position": position, "value": f.value,
            "as_printed": f.raw, **_prov(f.prov)}


def _attachment_rows(doc_id: int, kind: str, items: Sequence[AttachmentItem]) -> list[Row]:
    return [
        {"document_id": doc_id, "kind": kind, "position": i, "number": a.number,
         "title": a.title, **_prov(a.prov)}
        for i, a in enumerate(items)
    ]


def _insert_allocations(session: Session, doc_id: int, notice: Notice) -> None:
    tables = notice.allocation_tables
    table_ids = _bulk_ids(session, AllocationTableRow, [
        {"document_id": doc_id, "position": t, "attachment": table.attachment,
         "title": table.title, "unit": table.unit, "page": table.page, "n_rows": len(table.rows)}
        for t, table in enumerate(tables)
    ])
    column_rows: list[Row] = []
    for table_id, table in zip(table_ids, tables, strict=True):
        part_of = {part: total for total, parts in table.column_parts for part in parts}
        column_rows.extend(
            {"table_id": table_id, "position": c, "name": name, "part_of": part_of.get(c)}
            for c, name in enumerate(table.columns)
        )
    column_ids = iter(_bulk_ids(session, AllocationColumnRow, column_rows))
    values: list[Row] = []
    for table_id, table in zip(table_ids, tables, strict=True):
        columns = [next(column_ids) for _ in table.columns]
        for r_index, row in enumerate(table.rows):
            notes = json.dumps(dict(row.notes), ensure_ascii=False) if row.notes else None
            common: Row = {
                "document_id": doc_id, "table_id": table_id, "row_index": r_index,
                "region": row.region, "region_as_printed": row.region_as_printed,
                "region_code": row.region_code, "is_total": row.is_total, "notes": notes,
                "unit": table.unit,
            }
            if not columns:  # a table whose amount columns were not recognised: keep the rows
                values.append({**common, "column_id": None, "amount": None,
                               "amount_yuan": None, **_prov(row.prov)})
                continue
            for c, column_id in enumerate(columns):
                amount = row.values[c] if c < len(row.values) else None
                prov = row.value_provs[c] if c < len(row.value_provs) else row.prov
                if prov.page is None:
                    prov = row.prov
                values.append({**common, "column_id": column_id, "amount": amount,
                               "amount_yuan": to_yuan(amount, table.unit), **_prov(prov)})
    _bulk(session, AllocationValueRow, values)


def _funds_total(funds: Funds | None) -> Decimal | None:
    return funds.total if funds is not None else None


def _insert_targets(session: Session, doc_id: int, notice: Notice) -> None:
    tables = notice.target_tables
    table_ids = _bulk_ids(session, TargetTableRow, [
        {
            "document_id": doc_id, "position": t, "attachment": table.attachment,
            "kind": table.kind, "year": table.year, "region": table.region,
            "region_as_printed": table.region_as_printed, "project": table.project,
            "unit": table.unit, "funds_total": table.funds.total,
            "funds_total_yuan": to_yuan(table.funds.total, table.unit),
            "funds_breakdown": _json_amounts(table.funds.breakdown),
            "funds_midterm_total": _funds_total(table.funds_midterm),
            "funds_midterm_breakdown": (_json_amounts(table.funds_midterm.breakdown)
                                        if table.funds_midterm is not None else None),
            "options": json.dumps(dict(table.options), ensure_ascii=False),
            "layout_repaired": table.layout_repaired, "page": table.page,
        }
        for t, table in enumerate(tables)
    ])
    _bulk(session, IndicatorRow, [
        {
            "document_id": doc_id, "target_table_id": table_id, "position": i,
            "period": ind.period, "level1": ind.level1, "level2": ind.level2,
            "level1_as_printed": ind.level1_as_printed,
            "level2_as_printed": ind.level2_as_printed, "name": ind.name, "value": ind.value,
            "op": ind.target.op, "number": ind.target.number, "unit": ind.target.unit,
            "deadline_days": deadline_days(ind.value), **_prov(ind.prov),
        }
        for table_id, table in zip(table_ids, tables, strict=True)
        for i, ind in enumerate(table.indicators)
    ])


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
