"""SQLAlchemy 2 typed models: one notice as rows.

    documents ─┬─ source_files        every (file name, path) the bytes arrived under
               ├─ document_fields     header values with as-printed text and provenance
               ├─ doc_references      cited notices (引用文件)
               ├─ fund_markers        直达资金 markers
               ├─ budget_codes        政府收支分类科目 codes
               ├─ body_amounts        amounts in the 正文
               ├─ attachments         附件 list, headings and blank forms
               ├─ allocation_tables ─┬─ allocation_columns
               │                     └─ allocation_values (long form: row x column)
               ├─ target_tables ───── indicators        (绩效目标表)
               ├─ raw_tables ──────── raw_table_cells   (tables not understood, as printed)
               └─ flags               origin 'document' (pipeline checks) | 'database'

Money is NUMERIC read back as ``Decimal`` (:class:`Money`); provenance is
``page`` + ``bbox_x0/bbox_top/bbox_x1/bbox_bottom`` (PDF points, top-left
origin) + ``confidence`` beside each extracted value.  The schema itself is
created by the Alembic migrations in ``db/migrations``; a test checks that
these models and the migrations agree.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator, TypeEngine

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Money(TypeDecorator[Decimal]):
    """NUMERIC in the database, ``Decimal`` in Python, never float arithmetic.

    PostgreSQL keeps the scale as written (``9.2128`` stays ``9.2128``).
    SQLite has no decimal type: the value is stored with NUMERIC affinity
    and read back through its shortest decimal representation, which is
    exact for every amount under 15 significant digits.
    """

    impl = Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(Numeric(asdecimal=False))
        return dialect.type_descriptor(Numeric())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if dialect.name == "sqlite":
            d = Decimal(value)
            return int(d) if d == d.to_integral_value() else float(d)
        return Decimal(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if isinstance(value, Decimal):
            return value
        if isinstance(value, float):
            return Decimal(repr(value))
        return Decimal(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _doc_fk() -> Mapped[int]:
    return mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True, nullable=False
    )


class ProvenanceMixin:
    """Where a value was read: 1-based page, bbox in points, OCR confidence."""

    page: Mapped[int | None] = mapped_column(Integer)
    bbox_x0: Mapped[float | None] = mapped_column(Float)
    bbox_top: Mapped[float | None] = mapped_column(Float)
    bbox_x1: Mapped[float | None] = mapped_column(Float)
    bbox_bottom: Mapped[float | None] = mapped_column(Float)
    confidence: Mapped[float | None] = mapped_column(Float)


class DocumentRow(Base):
    """One notice (one distinct file content)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_number: Mapped[str | None] = mapped_column(Text, index=True)
    doc_number_as_printed: Mapped[str | None] = mapped_column(Text)
    issuers: Mapped[str | None] = mapped_column(Text)  # joined with 、
    issuers_json: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    title: Mapped[str | None] = mapped_column(Text)
    recipients: Mapped[str | None] = mapped_column(Text)
    issue_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    print_date: Mapped[dt.date | None] = mapped_column(Date)
    cc: Mapped[str | None] = mapped_column(Text)
    printed_by: Mapped[str | None] = mapped_column(Text)
    signatories: Mapped[str | None] = mapped_column(Text)  # joined with 、
    signatories_json: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    copy_number: Mapped[str | None] = mapped_column(Text)
    classification: Mapped[str | None] = mapped_column(Text)
    urgency: Mapped[str | None] = mapped_column(Text)
    signer: Mapped[str | None] = mapped_column(Text)
    annotation: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    sha256: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    file_size: Mapped[int | None] = mapped_column(Integer)
    pages: Mapped[int | None] = mapped_column(Integer)
    text_source: Mapped[str | None] = mapped_column(String(20))
    parser_version: Mapped[str | None] = mapped_column(String(50))
    rules_version: Mapped[str | None] = mapped_column(String(50))
    engine_name: Mapped[str | None] = mapped_column(String(100))
    engine_version: Mapped[str | None] = mapped_column(String(50))
    rendered_json: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=_now
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=_now
    )

    source_files: Mapped[list[SourceFileRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )


class SourceFileRow(Base):
    """A file name/path under which the document's bytes arrived."""

    __tablename__ = "source_files"
    __table_args__ = (UniqueConstraint("sha256", "file_name", "file_path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    sha256: Mapped[str] = mapped_column(String(64), index=True, nullable=False)
    file_name: Mapped[str] = mapped_column(Text, nullable=False)
    file_path: Mapped[str] = mapped_column(Text, nullable=False, default="")
    first_seen_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=_now
    )

    document: Mapped[DocumentRow] = relationship(back_populates="source_files")


class DocumentFieldRow(ProvenanceMixin, Base):
    """A header element (文号, title, issuers[i], dates …): value, as printed, where."""

    __tablename__ = "document_fields"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    field: Mapped[str] = mapped_column(String(50), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    value: Mapped[str | None] = mapped_column(Text)
    as_printed: Mapped[str | None] = mapped_column(Text)


class ReferenceRow(ProvenanceMixin, Base):
    __tablename__ = "doc_references"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    doc_number: Mapped[str | None] = mapped_column(Text, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    as_printed: Mapped[str | None] = mapped_column(Text)


class FundMarkerRow(ProvenanceMixin, Base):
    __tablename__ = "fund_markers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    code: Mapped[str | None] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text, nullable=False)


class BudgetCodeRow(ProvenanceMixin, Base):
    __tablename__ = "budget_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    code: Mapped[str] = mapped_column(Text, nullable=False)
    as_printed: Mapped[str | None] = mapped_column(Text)


class BodyAmountRow(ProvenanceMixin, Base):
    __tablename__ = "body_amounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    unit: Mapped[str] = mapped_column(Text, nullable=False)
    amount_yuan: Mapped[Decimal | None] = mapped_column(Money)
    context: Mapped[str] = mapped_column(Text, nullable=False, default="")
    is_total: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class AttachmentRow(ProvenanceMixin, Base):
    """kind: 'listed' (附件说明 in the body), 'heading' (附件N on a page), 'form'."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    number: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text, nullable=False)


class AllocationTableRow(Base):
    """分配表."""

    __tablename__ = "allocation_tables"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    attachment: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)
    n_rows: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class AllocationColumnRow(Base):
    """An amount column; ``part_of`` is the position of the total column it sums into."""

    __tablename__ = "allocation_columns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_id: Mapped[int] = mapped_column(
        ForeignKey("allocation_tables.id", ondelete="CASCADE"), index=True, nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    part_of: Mapped[int | None] = mapped_column(Integer)


class AllocationValueRow(ProvenanceMixin, Base):
    """One amount: (table row, column).  An empty cell is a NULL amount, never 0."""

    __tablename__ = "allocation_values"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    table_id: Mapped[int] = mapped_column(
        ForeignKey("allocation_tables.id", ondelete="CASCADE"), index=True, nullable=False
    )
    column_id: Mapped[int | None] = mapped_column(
        ForeignKey("allocation_columns.id", ondelete="CASCADE"), index=True
    )
    row_index: Mapped[int] = mapped_column(Integer, nullable=False)
    region: Mapped[str] = mapped_column(Text, nullable=False, index=True)
    region_as_printed: Mapped[str] = mapped_column(Text, nullable=False)
    region_code: Mapped[str | None] = mapped_column(Text)
    is_total: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    notes: Mapped[str | None] = mapped_column(Text)  # JSON object {column: text}
    amount: Mapped[Decimal | None] = mapped_column(Money)
    unit: Mapped[str | None] = mapped_column(Text)
    amount_yuan: Mapped[Decimal | None] = mapped_column(Money)


class TargetTableRow(Base):
    """绩效目标表 (regional or project form)."""

    __tablename__ = "target_tables"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    attachment: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    year: Mapped[int | None] = mapped_column(Integer)
    region: Mapped[str | None] = mapped_column(Text)
    region_as_printed: Mapped[str | None] = mapped_column(Text)
    project: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text)
    funds_total: Mapped[Decimal | None] = mapped_column(Money)
    funds_total_yuan: Mapped[Decimal | None] = mapped_column(Money)
    funds_breakdown: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    funds_midterm_total: Mapped[Decimal | None] = mapped_column(Money)
    funds_midterm_breakdown: Mapped[str | None] = mapped_column(Text)
    options: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    layout_repaired: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    page: Mapped[int | None] = mapped_column(Integer)


class IndicatorRow(ProvenanceMixin, Base):
    """三级指标 with its 一级/二级 (canonical and as printed) and parsed target."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    target_table_id: Mapped[int] = mapped_column(
        ForeignKey("target_tables.id", ondelete="CASCADE"), index=True, nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    period: Mapped[str] = mapped_column(String(10), nullable=False, default="annual")
    level1: Mapped[str | None] = mapped_column(Text)
    level2: Mapped[str | None] = mapped_column(Text)
    level1_as_printed: Mapped[str | None] = mapped_column(Text)
    level2_as_printed: Mapped[str | None] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    value: Mapped[str] = mapped_column(Text, nullable=False)
    op: Mapped[str | None] = mapped_column(Text)
    number: Mapped[Decimal | None] = mapped_column(Money)
    unit: Mapped[str | None] = mapped_column(Text)
    deadline_days: Mapped[int | None] = mapped_column(Integer)


class FlagRow(Base):
    """An inconsistency flag; origin 'document' (pipeline checks) or 'database'."""

    __tablename__ = "flags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    origin: Mapped[str] = mapped_column(String(10), nullable=False, default="document")
    code: Mapped[str] = mapped_column(String(50), nullable=False, index=True)
    severity: Mapped[str] = mapped_column(String(10), nullable=False)
    message: Mapped[str] = mapped_column(Text, nullable=False)
    page: Mapped[int | None] = mapped_column(Integer)
    subject: Mapped[str | None] = mapped_column(Text)
    expected: Mapped[str | None] = mapped_column(Text)
    actual: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=_now
    )


class RawTableRow(Base):
    """A table the parsers could not understand, kept as printed (TABLE_NOT_UNDERSTOOD)."""

    __tablename__ = "raw_tables"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    attachment: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)
    pages: Mapped[str] = mapped_column(Text, nullable=False, default="[]")  # JSON list
    n_rows: Mapped[int] = mapped_column(Integer, nullable=False)
    n_cols: Mapped[int] = mapped_column(Integer, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)


class RawCellRow(ProvenanceMixin, Base):
    """One cell of a raw table: grid position, spans, text, where it was printed."""

    __tablename__ = "raw_table_cells"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    raw_table_id: Mapped[int] = mapped_column(
        ForeignKey("raw_tables.id", ondelete="CASCADE"), index=True, nullable=False
    )
    grid_row: Mapped[int] = mapped_column(Integer, nullable=False)
    grid_col: Mapped[int] = mapped_column(Integer, nullable=False)
    rowspan: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    colspan: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    text: Mapped[str] = mapped_column(Text, nullable=False)


CHILD_TABLES: tuple[type[Base], ...] = (
    DocumentFieldRow,
    ReferenceRow,
    FundMarkerRow,
    BudgetCodeRow,
    BodyAmountRow,
    AttachmentRow,
    AllocationValueRow,
    AllocationColumnRow,
    AllocationTableRow,
    IndicatorRow,
    TargetTableRow,
    FlagRow,
    RawCellRow,
    RawTableRow,
)
"""Tables holding a notice's parsed content (not its file names), children first."""


class FundNoticeRow(Base):
    """What a notice is about for the fund flow (derived by ``db.fund_flow``, one per notice).

    ``fund``/``year``/``batch`` come from the title (资金名称, 年度, 批次),
    ``own_region``/``own_region_code`` the issuing division (``赣州市章贡区财政局`` ->
    章贡区, 360702),
    ``passed_on*`` the total the notice passes on (its allocation grand total,
    else its body total) and where it was read.  The views ``v_fund_flow`` and
    ``v_region_ledger`` match notices with it.
    """

    __tablename__ = "fund_notices"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    fund: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    batch: Mapped[str | None] = mapped_column(Text)
    own_region: Mapped[str | None] = mapped_column(Text)
    own_region_code: Mapped[str | None] = mapped_column(Text, index=True)  # GB/T 2260
    passed_on: Mapped[Decimal | None] = mapped_column(Money)
    passed_on_unit: Mapped[str | None] = mapped_column(Text)
    passed_on_yuan: Mapped[Decimal | None] = mapped_column(Money)
    passed_on_source: Mapped[str | None] = mapped_column(Text)


# Tables kept in their own modules join Base.metadata here (migrations and tests see them).
from db import claims, corrections, history, runs, users  # noqa: E402, F401

