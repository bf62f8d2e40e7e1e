"""Thin read queries behind the review page (``web/``): notices, provenance, flags, fund flow.

    list_notices(session, NoticeFilter(year=2023), limit=50) -> NoticePage
    notice_view(session, doc_id)   -> NoticeView | None   (fields, cells with boxes, flags)
    stored_files(session, doc_id)  -> the paths the document's bytes arrived under
    data_version(session)          -> a cache key that changes when a notice or correction does

The fund-flow view's queries are in ``db.flow_view``.

Every value is keyed by its path in the notice JSON of the contract
(``allocation_tables[0].rows[3].values[2]``), the same path the flags name in
``subject`` and corrections are keyed by, so the page can link a flag to the
values involved and to the region of the page they were read from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from db.corrections import CorrectionRecord, CorrectionRow, list_corrections
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
    FundNoticeRow,
    IndicatorRow,
    ReferenceRow,
    SourceFileRow,
    TargetTableRow,
)

LIST_FIELDS = frozenset({"issuers", "signatories"})
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Box:
    """Where a value was read: 1-based page and bbox in PDF points (top-left origin)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float

    def union(self, other: Box) -> Box:
        return Box(self.page, min(self.x0, other.x0), min(self.top, other.top),
                   max(self.x1, other.x1), max(self.bottom, other.bottom))


def box_of(row: Any) -> Box | None:
    """The provenance box of a row with ProvenanceMixin columns, None when incomplete."""
    values = (row.page, row.bbox_x0, row.bbox_top, row.bbox_x1, row.bbox_bottom)
    if any(v is None for v in values):
        return None
    return Box(int(row.page), float(row.bbox_x0), float(row.bbox_top), float(row.bbox_x1),
               float(row.bbox_bottom))


def region_of(boxes: dict[str, Box], subject: str | None, page: int | None) -> Box | None:
    """The union of the boxes of ``subject`` and everything under it, on ``page`` if given."""
    if not subject:
        return None
    found: Box | None = None
    for path, box in boxes.items():
        under = path == subject or path.startswith((subject + ".", subject + "["))
        if under and (page is None or box.page == page):
            found = box if found is None else found.union(box)
    return found


# --- the list ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoticeFilter:
    doc_number: str | None = None
    issuer: str | None = None
    year: int | None = None
    fund: str | None = None
    region: str | None = None
    severity: str | None = None


@dataclass(frozen=True, slots=True)
class NoticeSummary:
    document_id: int
    doc_number: str | None
    title: str | None
    issuers: str | None
    issue_date: dt.date | None
    fund: str | None
    flag_counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class NoticePage:
    notices: tuple[NoticeSummary, ...]
    total: int
    severity_counts: dict[str, int]


def _like(text_: str) -> str:
    escaped = text_.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _has(model: Any, *where: Any) -> Any:
    """EXISTS (a row of ``model`` for this document): correlated to documents only."""
    return select(1).select_from(model).where(*where).correlate(DocumentRow).exists()


def _conditions(f: NoticeFilter) -> list[Any]:
    d = DocumentRow
    cond: list[Any] = []
    if f.doc_number:
        cond.append(d.doc_number.like(_like(f.doc_number), escape="\\"))
    if f.issuer:
        cond.append(d.issuers.like(_like(f.issuer), escape="\\"))
    if f.year is not None:
        cond.append(or_(
            and_(d.issue_date >= dt.date(f.year, 1, 1), d.issue_date <= dt.date(f.year, 12, 31)),
            _has(FundNoticeRow, FundNoticeRow.document_id == d.id, FundNoticeRow.year == f.year),
        ))
    if f.fund:
        cond.append(_has(FundNoticeRow, FundNoticeRow.document_id == d.id,
                         FundNoticeRow.fund.like(_like(f.fund), escape="\\")))
    if f.region:  # the canonical name (GB/T 2260): an uncorrelated IN over the region index
        cond.append(or_(
            d.id.in_(select(AllocationValueRow.document_id)
                     .where(AllocationValueRow.region == f.region)),
            d.id.in_(select(FundNoticeRow.document_id).where(FundNoticeRow.own_region == f.region)),
        ))
    if f.severity:
        cond.append(_has(FlagRow, FlagRow.document_id == d.id, FlagRow.severity == f.severity))
    return cond


def list_notices(
    session: Session, f: NoticeFilter, *, limit: int = 50, offset: int = 0
) -> NoticePage:
    """One page of notices matching ``f`` (newest first), the total and flag counts by severity."""
    cond = _conditions(f)
    total = session.scalar(select(func.count()).select_from(DocumentRow).where(*cond)) or 0
    rows = session.execute(
        select(DocumentRow.id, DocumentRow.doc_number, DocumentRow.title, DocumentRow.issuers,
               DocumentRow.issue_date, FundNoticeRow.fund)
        .outerjoin(FundNoticeRow, FundNoticeRow.document_id == DocumentRow.id)
        .where(*cond)
        .order_by(DocumentRow.issue_date.desc(), DocumentRow.id.desc())
        .limit(limit).offset(offset)
    ).all()
    ids = [r.id for r in rows]
    counts: dict[int, dict[str, int]] = {i: {} for i in ids}
    if ids:
        for doc_id, severity, n in session.execute(
            select(FlagRow.document_id, FlagRow.severity, func.count())
            .where(FlagRow.document_id.in_(ids)).group_by(FlagRow.document_id, FlagRow.severity)
        ):
            counts[doc_id][severity] = n
    matching = select(DocumentRow.id).where(*cond)
    severity_counts = {
        sev: n for sev, n in session.execute(
            select(FlagRow.severity, func.count())
            .where(FlagRow.document_id.in_(matching)).group_by(FlagRow.severity)
        )
    }
    return NoticePage(
        notices=tuple(NoticeSummary(r.id, r.doc_number, r.title, r.issuers, r.issue_date,
                                    r.fund, counts[r.id]) for r in rows),
        total=int(total),
        severity_counts=severity_counts,
    )


# --- one notice -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldValue:
    path: str
    label: str
    value: str | None
    as_printed: str | None
    box: Box | None
    confidence: float | None


@dataclass(frozen=True, slots=True)
class Cell:
    path: str
    amount: Decimal | None
    box: Box | None
    confidence: float | None


@dataclass(frozen=True, slots=True)
class TableRowView:
    region: str
    region_as_printed: str
    is_total: bool
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class AllocationTableView:
    index: int
    title: str | None
    unit: str | None
    page: int | None
    columns: tuple[str, ...]
    rows: tuple[TableRowView, ...]


@dataclass(frozen=True, slots=True)
class IndicatorView:
    path: str  # of its 指标值: target_tables[T].indicators[I].value
    level1: str | None
    level2: str | None
    name: str
    value: str
    box: Box | None


@dataclass(frozen=True, slots=True)
class TargetTableView:
    index: int
    region: str | None
    project: str | None
    period_rows: tuple[tuple[str, tuple[IndicatorView, ...]], ...]


@dataclass(frozen=True, slots=True)
class FlagView:
    id: int
    code: str
    severity: str
    message: str
    page: int | None
    subject: str | None
    region: Box | None
    origin: str


@dataclass(frozen=True, slots=True)
class NoticeView:
    document_id: int
    doc_number: str | None
    title: str | None
    sha256: str
    pages: int | None
    text_source: str | None
    fields: tuple[FieldValue, ...]
    tables: tuple[AllocationTableView, ...]
    flags: tuple[FlagView, ...]
    corrections: tuple[CorrectionRecord, ...]
    boxes: dict[str, Box] = field(default_factory=dict)
    targets: tuple[TargetTableView, ...] = ()


def _field_path(name: str, position: int) -> str:
    return f"{name}[{position}]" if name in LIST_FIELDS else name


def _fields(session: Session, doc_id: int) -> list[FieldValue]:
    rows = session.scalars(
        select(DocumentFieldRow).where(DocumentFieldRow.document_id == doc_id)
        .order_by(DocumentFieldRow.id)
    )
    return [FieldValue(_field_path(r.field, r.position), r.field, r.value, r.as_printed,
                       box_of(r), r.confidence) for r in rows]


def _tables(session: Session, doc_id: int) -> list[AllocationTableView]:
    tables = session.scalars(
        select(AllocationTableRow).where(AllocationTableRow.document_id == doc_id)
        .order_by(AllocationTableRow.position)
    ).all()
    ids = [t.id for t in tables]
    # the columns and values of all the tables in one query each (not two per table)
    columns: dict[int, list[str]] = {i: [] for i in ids}
    position: dict[int, int] = {}
    for c in session.execute(
        select(AllocationColumnRow.id, AllocationColumnRow.table_id,
               AllocationColumnRow.position, AllocationColumnRow.name)
        .where(AllocationColumnRow.table_id.in_(ids)).order_by(AllocationColumnRow.position)
    ):
        columns[c.table_id].append(c.name)
        position[c.id] = c.position
    rows: dict[int, dict[int, list[AllocationValueRow]]] = {i: {} for i in ids}
    for v in session.scalars(
        select(AllocationValueRow).where(AllocationValueRow.table_id.in_(ids))
        .order_by(AllocationValueRow.row_index, AllocationValueRow.id)
    ):
        rows[v.table_id].setdefault(v.row_index, []).append(v)
    return [
        AllocationTableView(
            index=t.position, title=t.title, unit=t.unit, page=t.page,
            columns=tuple(columns[t.id]),
            rows=tuple(_row_view(t.position, r, cells, position)
                       for r, cells in rows[t.id].items()),
        )
        for t in tables
    ]


def _row_view(table: int, r: int, cells: list[AllocationValueRow],
              position: dict[int, int]) -> TableRowView:
    first = cells[0]
    return TableRowView(
        region=first.region, region_as_printed=first.region_as_printed, is_total=first.is_total,
        cells=tuple(
            Cell(f"allocation_tables[{table}].rows[{r}].values[{position[v.column_id]}]",
                 v.amount, box_of(v), v.confidence)
            for v in cells if v.column_id is not None
        ),
    )


# child tables whose rows are the items of a list of the notice JSON, by ``position``
_LISTED: tuple[tuple[Any, str], ...] = (
    (ReferenceRow, "references"),
    (FundMarkerRow, "fund_markers"),
    (BudgetCodeRow, "budget_codes"),
    (BodyAmountRow, "body_amounts"),
)


def _listed_boxes(session: Session, doc_id: int) -> dict[str, Box]:
    out: dict[str, Box] = {}
    for model, name in _LISTED:
        for row in session.scalars(select(model).where(model.document_id == doc_id)):
            box = box_of(row)
            if box is not None:
                out[f"{name}[{row.position}]"] = box
    listed = select(AttachmentRow).where(AttachmentRow.document_id == doc_id,
                                         AttachmentRow.kind == "listed")
    for row in session.scalars(listed):
        box = box_of(row)
        if box is not None:
            out[f"attachments_listed[{row.position}]"] = box
    return out


def _targets(session: Session, doc_id: int) -> tuple[TargetTableView, ...]:
    rows = session.execute(
        select(IndicatorRow, TargetTableRow.position, TargetTableRow.region,
               TargetTableRow.project)
        .join(TargetTableRow, TargetTableRow.id == IndicatorRow.target_table_id)
        .where(IndicatorRow.document_id == doc_id)
        .order_by(TargetTableRow.position, IndicatorRow.position)
    ).all()
    tables: dict[int, tuple[str | None, str | None, dict[str, list[IndicatorView]]]] = {}
    for ind, t, region, project in rows:
        _, _, periods = tables.setdefault(t, (region, project, {}))
        periods.setdefault(ind.period, []).append(IndicatorView(
            f"target_tables[{t}].indicators[{ind.position}].value", ind.level1, ind.level2,
            ind.name, ind.value, box_of(ind)))
    return tuple(
        TargetTableView(t, region, project,
                        tuple((period, tuple(items)) for period, items in periods.items()))
        for t, (region, project, periods) in tables.items()
    )


def _indicator_boxes(targets: tuple[TargetTableView, ...]) -> dict[str, Box]:
    """Each indicator's box under its own path and its 指标值's."""
    out: dict[str, Box] = {}
    for t in targets:
        for _, items in t.period_rows:
            for ind in items:
                if ind.box is not None:
                    out[ind.path] = ind.box
                    out[ind.path.removesuffix(".value")] = ind.box
    return out


def provenance_boxes(fields: Iterable[FieldValue], tables: Iterable[AllocationTableView],
                     extra: dict[str, Box]) -> dict[str, Box]:
    """Every value's box by its path (fields, allocation cells and rows, indicators)."""
    boxes = dict(extra)
    for f in fields:
        if f.box is not None:
            boxes[f.path] = f.box
    for t in tables:
        for row in t.rows:
            for cell in row.cells:
                if cell.box is not None:
                    boxes[cell.path] = cell.box
    return boxes


def _provenance(
    session: Session, doc_id: int
) -> tuple[list[FieldValue], list[AllocationTableView], tuple[TargetTableView, ...],
           dict[str, Box]]:
    """The document's fields, allocation tables, target tables and every value's box."""
    fields = _fields(session, doc_id)
    tables = _tables(session, doc_id)
    targets = _targets(session, doc_id)
    boxes = provenance_boxes(fields, tables, {**_listed_boxes(session, doc_id),
                                               **_indicator_boxes(targets)})
    return fields, tables, targets, boxes


def notice_view(session: Session, doc_id: int) -> NoticeView | None:
    """Everything the notice page shows, or None for an unknown id."""
    doc = session.get(DocumentRow, doc_id)
    if doc is None:
        return None
    fields, tables, targets, boxes = _provenance(session, doc_id)
    flags = session.scalars(
        select(FlagRow).where(FlagRow.document_id == doc_id)
        .order_by(FlagRow.page, FlagRow.id)
    ).all()
    return NoticeView(
        document_id=doc.id, doc_number=doc.doc_number, title=doc.title, sha256=doc.sha256,
        pages=doc.pages, text_source=doc.text_source, fields=tuple(fields), tables=tuple(tables),
        flags=tuple(
            FlagView(f.id, f.code, f.severity, f.message, f.page, f.subject,
                     region_of(boxes, f.subject, f.page), f.origin)
            for f in flags
        ),
        corrections=list_corrections(session, doc_id),
        boxes=boxes,
        targets=targets,
    )


def flag_region(session: Session, doc_id: int, flag_id: int) -> tuple[int, Box | None] | None:
    """(page, region) of one flag of one document, None when the flag is not that document's."""
    flag = session.scalar(select(FlagRow).where(FlagRow.id == flag_id,
                                                FlagRow.document_id == doc_id))
    if flag is None or flag.page is None:
        return None
    if not flag.subject:  # region_of has nothing to look up: no boxes needed
        return flag.page, None
    return flag.page, region_of(_provenance(session, doc_id)[3], flag.subject, flag.page)


def stored_files(session: Session, doc_id: int) -> tuple[tuple[str, str], ...]:
    """(sha256, path) of every file the document's bytes arrived under, oldest first."""
    rows = session.execute(
        select(SourceFileRow.sha256, SourceFileRow.file_path, SourceFileRow.file_name)
        .where(SourceFileRow.document_id == doc_id).order_by(SourceFileRow.id)
    )
    return tuple((sha, path or name) for sha, path, name in rows)


# --- cache key -------------------------------------------------------------------


def data_version(session: Session) -> tuple[object, ...]:
    """Changes whenever a notice is stored, replaced or deleted, or a correction is made or
    re-checked (the views show corrected values): a cache key for views."""
    docs = session.execute(
        select(func.count(DocumentRow.id), func.max(DocumentRow.updated_at),
               func.max(DocumentRow.id))
    ).one()
    fixes = session.execute(
        select(func.count(CorrectionRow.id), func.max(CorrectionRow.checked_at))
    ).one()
    return (*docs, *fixes)
