"""A :class:`~pipeline.core.model.Notice` as rows: the mapping behind ``db.store``.

Pure mapping plus bulk INSERTs (one executemany per table; the ORM unit of
work is several times slower for the hundreds of values of a notice).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import insert
from sqlalchemy.orm import Session

from db.models import (
    AllocationColumnRow,
    AllocationTableRow,
    AllocationValueRow,
    AttachmentRow,
    Base,
    BodyAmountRow,
    BudgetCodeRow,
    DocumentFieldRow,
    FlagRow,
    FundMarkerRow,
    IndicatorRow,
    ReferenceRow,
    TargetTableRow,
)
from db.raw_tables import insert_raw_tables
from db.values import deadline_days, to_yuan
from pipeline.core.model import AttachmentItem, Field, Funds, Notice, Provenance


@dataclass(frozen=True, slots=True)
class Versions:
    """What produced the rows (stored on the document for reparse decisions)."""

    parser: str | None = None
    rules: str | None = None
    engine_name: str | None = None
    engine_version: str | None = None



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


def document_columns(notice: Notice, rendered_json: str, versions: Versions) -> dict[str, object]:
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


def insert_children(session: Session, doc_id: int, notice: Notice) -> None:
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
    insert_raw_tables(session, doc_id, notice)  # tables not understood, as printed


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


