"""Reviewers' corrections: data on top of parsed values, never edits of them (issue 14).

    corrections   one row per (document, field path): who, when, reason, the value as
                  parsed when the reviewer corrected it, the corrected value, a status

A field path is a path into the notice JSON of the contract
(``allocation_tables[0].rows[3].values[2]``, ``title``,
``target_tables[1].indicators[4].value``), the same paths the flags name in
``subject``.  The views apply the corrections (``v_allocations`` shows the
corrected amount with ``corrected`` and ``value_as_parsed``); the parsed rows
stay as the parser wrote them.

After every re-parse (:func:`reapply_corrections`, called by
``db.store.replace_notice``) each correction of the notice is checked
against the new parse:

- the parser now yields the corrected value by itself -> ``confirmed``;
- it still yields the value the reviewer corrected -> ``applied``;
- it yields something else -> ``conflict``: the correction is no longer applied
  and a ``CORRECTION_CONFLICT`` warning flag names it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    delete,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from db.models import (
    AllocationColumnRow,
    AllocationTableRow,
    AllocationValueRow,
    Base,
    DocumentRow,
    FlagRow,
    Money,
)
from db.runs import utcnow
from db.values import plain, to_yuan
from pipeline.core.errors import NoticesError
from pipeline.core.flags import FLAG_CODES

STATUSES = ("applied", "confirmed", "conflict")


class CorrectionError(NoticesError):
    """A correction that cannot be recorded (unknown notice or path, not a number)."""


class CorrectionRow(Base):
    """A reviewer's correction of one value of one notice."""

    __tablename__ = "corrections"
    __table_args__ = (UniqueConstraint("document_id", "field_path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True, nullable=False
    )
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    field_path: Mapped[str] = mapped_column(Text, nullable=False)
    # allocation cells: the indexes the views join on (NULL for other fields)
    table_index: Mapped[int | None] = mapped_column(Integer)
    row_index: Mapped[int | None] = mapped_column(Integer)
    column_index: Mapped[int | None] = mapped_column(Integer)
    value_as_parsed: Mapped[str | None] = mapped_column(Text)
    corrected_value: Mapped[str] = mapped_column(Text, nullable=False)
    corrected_amount: Mapped[Decimal | None] = mapped_column(Money)
    corrected_yuan: Mapped[Decimal | None] = mapped_column(Money)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    author: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="applied")
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )
    checked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    parsed_now: Mapped[str | None] = mapped_column(Text)


# --- field paths (pure) -----------------------------------------------------------

_STEP = re.compile(r"([A-Za-z_][A-Za-z_0-9]*)|\[(\d+)\]|\.")
_CELL = re.compile(r"^allocation_tables\[(\d+)\]\.rows\[(\d+)\]\.values\[(\d+)\]$")
_MISSING = object()


def path_steps(path: str) -> tuple[str | int, ...]:
    """``allocation_tables[0].rows[3]`` -> ``("allocation_tables", 0, "rows", 3)``."""
    steps: list[str | int] = []
    pos = 0
    while pos < len(path):
        m = _STEP.match(path, pos)
        if m is None or m.end() == pos:
            raise CorrectionError(f"not a field path: {path!r}")
        if m.group(1):
            steps.append(m.group(1))
        elif m.group(2):
            steps.append(int(m.group(2)))
        pos = m.end()
    if not steps or not isinstance(steps[0], str):
        raise CorrectionError(f"not a field path: {path!r}")
    return tuple(steps)


def value_at(notice: Any, path: str) -> Any:
    """The value at ``path`` in a notice JSON object, or ``_MISSING``."""
    node = notice
    for step in path_steps(path):
        if isinstance(node, list) and isinstance(step, int):
            if step >= len(node):
                return _MISSING
            node = node[step]
        elif isinstance(node, dict) and isinstance(step, str):
            if step not in node:
                return _MISSING
            node = node[step]
        else:
            return _MISSING
    return node


def cell_indexes(path: str) -> tuple[int, int, int] | None:
    """(table, row, column) of an allocation amount path, else None."""
    m = _CELL.match(path)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def as_text(value: Any) -> str | None:
    """A JSON value as stored text: numbers without trailing zeros, None as None."""
    if value is None or value is _MISSING:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return _number_text(Decimal(str(value)))
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _number_text(value: Decimal) -> str:
    return f"{plain(value):f}"


def parse_amount(text: str) -> Decimal:
    """A reviewer's amount: ``1,234.50`` -> ``Decimal('1234.5')``; CorrectionError otherwise."""
    cleaned = text.strip().replace(",", "").replace("，", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as e:
        raise CorrectionError(f"not an amount: {text!r}") from e
    if not value.is_finite():
        raise CorrectionError(f"not an amount: {text!r}")
    return plain(value)


def same(a: str | None, b: str | None) -> bool:
    """Equal as numbers when both are numbers, else as text."""
    if a is None or b is None:
        return a is b
    try:
        return Decimal(a) == Decimal(b)
    except InvalidOperation:
        return a == b


def decide(as_parsed: str | None, corrected: str, parsed_now: str | None) -> str:
    """The status of a correction after a parse that yields ``parsed_now``."""
    if same(parsed_now, corrected):
        return "confirmed"
    if same(parsed_now, as_parsed):
        return "applied"
    return "conflict"


# --- writing ----------------------------------------------------------------------


def _notice_json(session: Session, doc_id: int) -> tuple[DocumentRow, Any]:
    doc = session.get(DocumentRow, doc_id)
    if doc is None:
        raise CorrectionError(f"no stored document has id {doc_id}")
    return doc, json.loads(doc.rendered_json or "{}")


def add_correction(
    session: Session, doc_id: int, field_path: str, corrected: str, *, reason: str, author: str
) -> CorrectionRow:
    """Record (or replace) a correction of ``field_path`` of document ``doc_id``.

    Amount cells take a number; other fields take text.  The value as parsed
    is read from the stored notice JSON, never from the request.
    """
    if not reason.strip():
        raise CorrectionError("a correction needs a reason")
    doc, notice = _notice_json(session, doc_id)
    parsed = value_at(notice, field_path)
    if parsed is _MISSING:
        raise CorrectionError(f"document {doc_id} has no field {field_path}")
    if isinstance(parsed, dict | list):
        raise CorrectionError(f"{field_path} is not a single value")
    cell = cell_indexes(field_path)
    amount: Decimal | None = None
    if cell is not None or isinstance(parsed, int | float):
        amount = parse_amount(corrected)
        corrected = _number_text(amount)
    elif not corrected.strip():
        raise CorrectionError("the corrected value is empty")
    row = session.scalar(select(CorrectionRow).where(
        CorrectionRow.document_id == doc_id, CorrectionRow.field_path == field_path))
    # a new correction is of the value parsed now (after a conflict too: it settles it)
    session.execute(delete(FlagRow).where(
        FlagRow.document_id == doc_id, FlagRow.code == "CORRECTION_CONFLICT",
        FlagRow.subject == field_path))
    if row is None:
        row = CorrectionRow(document_id=doc_id, field_path=field_path)
        session.add(row)
    row.value_as_parsed = as_text(parsed)
    row.sha256 = doc.sha256
    row.table_index, row.row_index, row.column_index = cell or (None, None, None)
    row.corrected_value = corrected.strip()
    row.corrected_amount = amount
    row.corrected_yuan = _yuan(notice, cell, amount)
    row.reason, row.author = reason.strip(), author
    row.status = decide(row.value_as_parsed, row.corrected_value, as_text(parsed))
    row.parsed_now = as_text(parsed)
    row.created_at = row.checked_at = utcnow()
    session.flush()
    return row


def _yuan(notice: Any, cell: tuple[int, int, int] | None, amount: Decimal | None) -> Decimal | None:
    if cell is None or amount is None:
        return None
    unit = value_at(notice, f"allocation_tables[{cell[0]}].unit")
    return to_yuan(amount, unit if isinstance(unit, str) else None)


def reapply_corrections(session: Session, doc_id: int, rendered_json: str) -> int:
    """Check every correction of ``doc_id`` against a new parse; return the conflicts.

    Called after the document's rows were replaced (its flags were removed):
    each conflict adds a ``CORRECTION_CONFLICT`` flag (origin 'document').
    """
    rows = session.scalars(
        select(CorrectionRow).where(CorrectionRow.document_id == doc_id)).all()
    if not rows:  # most notices: no need to read the new parse's JSON again
        return 0
    notice = json.loads(rendered_json)
    conflicts = 0
    for row in rows:
        now = as_text(value_at(notice, row.field_path))
        row.status = decide(row.value_as_parsed, row.corrected_value, now)
        row.parsed_now, row.checked_at = now, utcnow()
        cell = cell_indexes(row.field_path)
        row.corrected_yuan = _yuan(notice, cell, row.corrected_amount)
        if row.status == "conflict":
            conflicts += 1
            session.add(_conflict_flag(session, doc_id, row, now))
    session.flush()
    return conflicts


def _conflict_flag(session: Session, doc_id: int, row: CorrectionRow, now: str | None) -> FlagRow:
    code = FLAG_CODES["CORRECTION_CONFLICT"]
    message = (
        f"{row.author}'s correction of {row.field_path} ({row.value_as_parsed} -> "
        f"{row.corrected_value}) no longer applies: the parser now reads {now}"
    )
    return FlagRow(document_id=doc_id, origin="document", code=code.code,
                   severity=code.severity, message=message, page=_cell_page(session, doc_id, row),
                   subject=row.field_path, expected=row.value_as_parsed, actual=now)


def _cell_page(session: Session, doc_id: int, row: CorrectionRow) -> int | None:
    if row.table_index is None:
        return None
    return session.scalar(
        select(AllocationValueRow.page)
        .join(AllocationTableRow, AllocationTableRow.id == AllocationValueRow.table_id)
        .join(AllocationColumnRow, AllocationColumnRow.id == AllocationValueRow.column_id)
        .where(AllocationValueRow.document_id == doc_id,
               AllocationTableRow.position == row.table_index,
               AllocationValueRow.row_index == row.row_index,
               AllocationColumnRow.position == row.column_index)
    )


# --- reading ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CorrectionRecord:
    """One correction as ``notices corrections`` and the review page show it."""

    document_id: int
    doc_number: str | None
    field_path: str
    value_as_parsed: str | None
    corrected_value: str
    parsed_now: str | None
    reason: str
    author: str
    status: str
    created_at: dt.datetime
    checked_at: dt.datetime | None

    def as_json(self) -> dict[str, object]:
        return {
            "document_id": self.document_id, "doc_number": self.doc_number,
            "field_path": self.field_path, "value_as_parsed": self.value_as_parsed,
            "corrected_value": self.corrected_value, "parsed_now": self.parsed_now,
            "reason": self.reason, "author": self.author, "status": self.status,
            "created_at": self.created_at.isoformat(),
            "checked_at": self.checked_at.isoformat() if self.checked_at else None,
        }


def list_corrections(session: Session, doc_id: int | None = None) -> tuple[CorrectionRecord, ...]:
    """Every correction (of one document when ``doc_id`` is given), newest first."""
    query = (
        select(CorrectionRow, DocumentRow.doc_number)
        .join(DocumentRow, DocumentRow.id == CorrectionRow.document_id)
        .order_by(CorrectionRow.created_at.desc(), CorrectionRow.id.desc())
    )
    if doc_id is not None:
        query = query.where(CorrectionRow.document_id == doc_id)
    return tuple(
        CorrectionRecord(
            document_id=r.document_id, doc_number=number, field_path=r.field_path,
            value_as_parsed=r.value_as_parsed, corrected_value=r.corrected_value,
            parsed_now=r.parsed_now, reason=r.reason, author=r.author, status=r.status,
            created_at=r.created_at, checked_at=r.checked_at,
        )
        for r, number in session.execute(query)
    )
