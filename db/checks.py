"""Database-level checks: what one notice cannot tell about itself.

    check_database(session, doc_ids) -> tuple[Flag, ...]

| code | severity | when |
|---|---|---|
| REFERENCE_NOT_FOUND | info | a cited 文号 (…〔YYYY〕N号) is not in ``documents`` |
| DUPLICATE_DOC_NUMBER | error | another file (other sha256) carries the same 文号 |
| CROSS_DOC_AMOUNT | error | the total a notice passes on differs from its upstream notice's row for it |
| LATE_DISBURSEMENT | warning | issued later than the upstream deadline (收到补助资金后30日内) |

The flags are stored with ``origin='database'``.  Each call recomputes them
for the given documents and their neighbours (documents they cite, that
cite them, or that share their 文号), replacing the previous ones, so a
REFERENCE_NOT_FOUND disappears when the cited notice arrives.

Matching a lower notice to its row in the upstream allocation table: the
row whose region (canonical or as printed) is part of the lower notice's
issuer, signatory or 印发 name (``昌吉回族自治州`` in ``昌吉回族自治州财政局``);
the longest such name wins.  The amount compared is the 此次下达 column
(or the table's only amount column) on both sides; the lower notice's
total is its allocation grand total, else its body total.  Amounts are
compared in yuan with a tolerance of half a step of the coarser last
printed digit (``3610`` 万元 covers ±5,000元).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db.models import (
    AllocationColumnRow,
    AllocationTableRow,
    AllocationValueRow,
    BodyAmountRow,
    DocumentFieldRow,
    DocumentRow,
    FlagRow,
    IndicatorRow,
    ReferenceRow,
    SourceFileRow,
    TargetTableRow,
)
from db.store import STALE_DOC_NUMBERS
from db.values import fmt, last_digit_yuan, plain, to_yuan
from pipeline.core.model import Flag, Severity

DATABASE_CODES = (
    "REFERENCE_NOT_FOUND",
    "DUPLICATE_DOC_NUMBER",
    "CROSS_DOC_AMOUNT",
    "LATE_DISBURSEMENT",
)
_DATED_DOC_NUMBER = re.compile(r"〔\d{4}〕")
_GRAND_TOTAL = re.compile(r"^(?:合\s*计|总\s*计|全\s*部|总\s*额|共\s*计)")
_THIS_BATCH = ("此次", "本次", "本批")


def check_database(
    session: Session, doc_ids: Iterable[int], *, doc_numbers: Iterable[str] = ()
) -> tuple[Flag, ...]:
    """Recompute and store the database flags of ``doc_ids`` and their neighbours.

    ``doc_numbers`` adds the neighbours of 文号 no longer stored; the old 文号
    of notices replaced or deleted in this session (``db.store``) are added
    automatically.  Returns the new flags.
    """
    doc_ids = set(doc_ids)
    stale = session.info.pop(STALE_DOC_NUMBERS, set())
    ids = related_documents(session, doc_ids, set(doc_numbers) | stale)
    if not ids:
        return ()
    from db.fund_flow import update_fund_notices  # fund, batch, own division: v_fund_flow

    update_fund_notices(session, doc_ids, ids)
    session.execute(
        delete(FlagRow).where(FlagRow.document_id.in_(ids), FlagRow.origin == "database")
    )
    out: list[Flag] = []
    for doc_id in sorted(ids):
        flags = check_document(session, doc_id)
        session.add_all(
            FlagRow(document_id=doc_id, origin="database", code=f.code, severity=f.severity,
                    message=f.message, page=f.page, subject=f.subject, expected=f.expected,
                    actual=f.actual)
            for f in flags
        )
        out.extend(flags)
    session.flush()
    return tuple(out)


def related_documents(
    session: Session, doc_ids: Iterable[int], doc_numbers: Iterable[str] = ()
) -> set[int]:
    """``doc_ids`` plus the documents they cite, that cite them or share their 文号."""
    ids = set(session.scalars(select(DocumentRow.id).where(DocumentRow.id.in_(set(doc_ids)))))
    numbers = set(doc_numbers)
    if ids:
        numbers |= {n for n in session.scalars(
            select(DocumentRow.doc_number).where(DocumentRow.id.in_(ids))) if n}
        numbers |= {n for n in session.scalars(
            select(ReferenceRow.doc_number).where(ReferenceRow.document_id.in_(ids))) if n}
    if numbers:
        ids |= set(session.scalars(select(DocumentRow.id).where(
            DocumentRow.doc_number.in_(numbers))))
        ids |= set(session.scalars(select(ReferenceRow.document_id).where(
            ReferenceRow.doc_number.in_(numbers))))
    return ids


def check_document(session: Session, doc_id: int) -> tuple[Flag, ...]:
    """The database flags of one stored document (not stored by this function)."""
    doc = session.get(DocumentRow, doc_id)
    if doc is None:
        return ()
    flags: list[Flag] = list(_duplicates(session, doc))
    seen: set[str] = set()
    upstreams: list[tuple[ReferenceRow, DocumentRow]] = []
    refs = session.scalars(
        select(ReferenceRow).where(ReferenceRow.document_id == doc_id).order_by(
            ReferenceRow.position)
    )
    for ref in refs:
        number = ref.doc_number
        if not number or number in seen or number == doc.doc_number:
            continue
        seen.add(number)
        upstream = session.scalars(
            select(DocumentRow).where(DocumentRow.doc_number == number).order_by(DocumentRow.id)
        ).first()
        if upstream is None:
            if _DATED_DOC_NUMBER.search(number):
                flags.append(Flag(
                    code="REFERENCE_NOT_FOUND", severity="info", page=ref.page,
                    subject=f"references[{ref.position}]", expected=number,
                    message=f"{_name(doc)} cites {number}, which is not in the database.",
                ))
            continue
        upstreams.append((ref, upstream))
    if upstreams:
        names = _own_names(doc, session)  # the issuer's names, for both checks below
        amount_flag = _cross_amount(session, doc, names, upstreams)
        if amount_flag is not None:
            flags.append(amount_flag)
        late_flag = _late(session, doc, names, upstreams)
        if late_flag is not None:
            flags.append(late_flag)
    return tuple(flags)


def _name(doc: DocumentRow) -> str:
    return doc.doc_number or f"document {doc.id} ({doc.title or 'untitled'})"


def _first_file(session: Session, doc_id: int) -> str:
    name = session.scalars(
        select(SourceFileRow.file_name).where(SourceFileRow.document_id == doc_id).order_by(
            SourceFileRow.id)
    ).first()
    return name or f"document {doc_id}"


# --- DUPLICATE_DOC_NUMBER ---------------------------------------------------------


def _duplicates(session: Session, doc: DocumentRow) -> list[Flag]:
    if not doc.doc_number:
        return []
    others = session.scalars(
        select(DocumentRow).where(
            DocumentRow.doc_number == doc.doc_number,
            DocumentRow.id != doc.id,
            DocumentRow.sha256 != doc.sha256,
        ).order_by(DocumentRow.id)
    ).all()
    if not others:
        return []
    page = session.scalars(
        select(DocumentFieldRow.page).where(
            DocumentFieldRow.document_id == doc.id, DocumentFieldRow.field == "doc_number")
    ).first()
    mine = _first_file(session, doc.id)
    theirs = [f"{_first_file(session, o.id)} (sha256 {o.sha256[:12]}…)" for o in others]
    return [Flag(
        code="DUPLICATE_DOC_NUMBER", severity="error", page=page, subject="doc_number",
        expected="one file per 文号", actual="; ".join(theirs),
        message=(f"文号 {doc.doc_number} of {mine} (sha256 {doc.sha256[:12]}…) is also carried "
                 f"by a different file: {', '.join(theirs)}."),
    )]


# --- CROSS_DOC_AMOUNT ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Amount:
    amount: Decimal  # as printed, in ``unit``
    unit: str
    yuan: Decimal
    step_yuan: Decimal  # one step of the last printed digit, in yuan
    where: str  # e.g. "分配表 合计, 此次下达资金"
    region: str | None = None
    page: int | None = None


def _own_names(doc: DocumentRow, session: Session) -> list[str]:
    names = [
        v for v in session.scalars(
            select(DocumentFieldRow.value).where(
                DocumentFieldRow.document_id == doc.id,
                DocumentFieldRow.field.in_(("issuers", "signatories", "printed_by")),
            )
        ) if v
    ]
    return names or [n for n in (doc.issuers or "").split("、") if n]


def _match_score(names: Sequence[str], *regions: str | None) -> tuple[int, int] | None:
    """How specifically a region names the issuer: (where the match ends, its length).

    ``赣州市章贡区财政局`` contains both ``赣州市`` and ``章贡区``; the part
    printed last, next to the institution, is the issuer's own division.
    """
    best: tuple[int, int] | None = None
    for region in regions:
        r = (region or "").strip()
        if len(r) < 2:
            continue
        for name in names:
            at = name.rfind(r)
            if at >= 0:
                score = (at + len(r), len(r))
                best = score if best is None or score > best else best
    return best


def _matches(region: str, names: Sequence[str]) -> bool:
    return _match_score(names, region) is not None


def _amount_column(columns: Sequence[AllocationColumnRow]) -> AllocationColumnRow | None:
    """The 此次下达 column, or the table's only amount column."""
    for col in columns:
        if any(word in col.name for word in _THIS_BATCH):
            return col
    return columns[0] if len(columns) == 1 else None


def _tables(session: Session, doc_id: int) -> list[AllocationTableRow]:
    return list(session.scalars(
        select(AllocationTableRow).where(AllocationTableRow.document_id == doc_id).order_by(
            AllocationTableRow.position)
    ))


def _columns(session: Session, table_id: int) -> list[AllocationColumnRow]:
    return list(session.scalars(
        select(AllocationColumnRow).where(AllocationColumnRow.table_id == table_id).order_by(
            AllocationColumnRow.position)
    ))


def _values(session: Session, column: AllocationColumnRow) -> list[AllocationValueRow]:
    return list(session.scalars(
        select(AllocationValueRow).where(AllocationValueRow.column_id == column.id).order_by(
            AllocationValueRow.row_index)
    ))


def _as_amount(v: AllocationValueRow, where: str) -> _Amount | None:
    if v.amount is None or v.unit is None:
        return None
    yuan = to_yuan(v.amount, v.unit)
    if yuan is None:
        return None
    return _Amount(v.amount, v.unit, yuan, last_digit_yuan(v.amount, v.unit), where,
                   v.region, v.page)


def _upstream_row(session: Session, upstream: DocumentRow, names: Sequence[str]) -> _Amount | None:
    """The upstream allocation to the lower notice's issuer, 此次下达 column."""
    for table in _tables(session, upstream.id):
        column = _amount_column(_columns(session, table.id))
        if column is None:
            continue
        scored = [(score, not v.is_total, -v.row_index, v) for v in _values(session, column)
                  if (score := _match_score(names, v.region, v.region_as_printed)) is not None]
        if not scored:
            continue
        best = max(scored, key=lambda t: t[:3])[3]
        return _as_amount(best, column.name)
    return None


def _lower_total(session: Session, doc: DocumentRow, names: Sequence[str]) -> _Amount | None:
    """The lower notice's allocation grand total (此次下达 column), else its body total."""
    for table in _tables(session, doc.id):
        column = _amount_column(_columns(session, table.id))
        if column is None:
            continue
        values = [v for v in _values(session, column) if v.amount is not None]
        totals = [v for v in values if v.is_total]
        own = [v for v in totals if _matches(v.region, names)
               or _matches(v.region_as_printed, names)]
        grand = [v for v in totals if _GRAND_TOTAL.match(v.region_as_printed or v.region)]
        chosen = (own or grand or (totals if len(totals) == 1 else []))
        if chosen:
            return _as_amount(chosen[0], f"分配表 {chosen[0].region_as_printed}, {column.name}")
        parts = [v for v in values if not v.is_total]
        if parts and not totals and parts[0].unit is not None:
            total = sum((v.amount for v in parts if v.amount is not None), Decimal(0))
            yuan = to_yuan(total, parts[0].unit)
            if yuan is not None:
                step = max(last_digit_yuan(v.amount, v.unit) for v in parts if v.amount is not None)
                return _Amount(total, parts[0].unit, yuan, step,
                               f"sum of the 分配表 rows, {column.name}", page=parts[0].page)
    body = session.scalars(
        select(BodyAmountRow).where(
            BodyAmountRow.document_id == doc.id,
            BodyAmountRow.is_total.is_(True),
            BodyAmountRow.amount_yuan.is_not(None),
        ).order_by(BodyAmountRow.position)
    ).first()
    if body is None or body.amount_yuan is None:
        return None
    return _Amount(body.amount, body.unit, body.amount_yuan,
                   last_digit_yuan(body.amount, body.unit), "正文", page=body.page)


def _money(a: _Amount) -> str:
    text = f"{fmt(a.amount)}{a.unit}"
    return text if a.unit == "元" else f"{text} ({fmt(a.yuan)}元)"


def _cross_amount(
    session: Session, doc: DocumentRow, names: Sequence[str],
    upstreams: Sequence[tuple[ReferenceRow, DocumentRow]],
) -> Flag | None:
    """Compare the lower total with the upstream row(s) allocated to this notice's issuer.

    A notice may cite several upstream notices (this batch and an earlier one,
    根据…70号和前期已下达的…55号): it agrees if its total matches any one of
    their rows or their sum.
    """
    if not names:
        return None
    rows: list[tuple[ReferenceRow, DocumentRow, _Amount]] = []
    for ref, upstream in upstreams:
        up = _upstream_row(session, upstream, names)
        if up is not None:
            rows.append((ref, upstream, up))
    if not rows:
        return None
    low = _lower_total(session, doc, names)
    if low is None:
        return None
    candidates = [(up.yuan, up.step_yuan) for _, _, up in rows]
    if len(rows) > 1:
        candidates.append((sum((up.yuan for _, _, up in rows), Decimal(0)),
                           max(up.step_yuan for _, _, up in rows)))
    if any(abs(low.yuan - yuan) <= max(step, low.step_yuan) / 2 for yuan, step in candidates):
        return None
    ref, upstream, up = rows[0]
    diff = low.yuan - up.yuan
    others = "".join(f"; {_name(u)} allocates {_money(a)} ({a.where})" for _, u, a in rows[1:])
    return Flag(
        code="CROSS_DOC_AMOUNT", severity="error", page=low.page,
        subject=f"references[{ref.position}]",
        expected=str(plain(up.yuan)), actual=str(plain(low.yuan)),
        message=(f"{_name(doc)} passes on {_money(low)} ({low.where}) but {_name(upstream)} "
                 f"allocates {_money(up)} to {up.region} ({up.where}): a difference of "
                 f"{fmt(diff)}元{others}."),
    )


# --- LATE_DISBURSEMENT ----------------------------------------------------------------


def _late(
    session: Session, doc: DocumentRow, names: Sequence[str],
    upstreams: Sequence[tuple[ReferenceRow, DocumentRow]],
) -> Flag | None:
    """Against the most recent upstream notice issued before this one (the one it executes)."""
    if doc.issue_date is None:
        return None
    dated = [(u.issue_date, r.position, r, u) for r, u in upstreams
             if u.issue_date is not None and u.issue_date <= doc.issue_date]
    if not dated:
        return None
    up_date, _, ref, upstream = max(dated, key=lambda t: (t[0], -t[1]))
    rows = session.execute(
        select(IndicatorRow.deadline_days, IndicatorRow.value, TargetTableRow.region,
               TargetTableRow.region_as_printed)
        .join(TargetTableRow, TargetTableRow.id == IndicatorRow.target_table_id)
        .where(IndicatorRow.document_id == upstream.id, IndicatorRow.deadline_days.is_not(None))
    ).all()
    if not rows:
        return None
    deadlines = [(_match_score(names, region, printed) or (-1, -1), days or 0, str(value))
                 for days, value, region, printed in rows]
    best = max(score for score, _, _ in deadlines)  # the table of this notice's region
    _, days, value = min((d for d in deadlines if d[0] == best), key=lambda d: d[1:])
    deadline = up_date + dt.timedelta(days=days)
    if doc.issue_date <= deadline:
        return None
    late = (doc.issue_date - deadline).days
    elapsed = (doc.issue_date - up_date).days
    return Flag(
        code="LATE_DISBURSEMENT", severity="warning",
        page=session.scalars(select(DocumentFieldRow.page).where(
            DocumentFieldRow.document_id == doc.id,
            DocumentFieldRow.field == "issue_date")).first(),
        subject=f"references[{ref.position}]",
        expected=f"<= {deadline.isoformat()}", actual=doc.issue_date.isoformat(),
        message=(f"{_name(doc)} was issued on {doc.issue_date.isoformat()}, {elapsed} days "
                 f"after {_name(upstream)} (issued {up_date.isoformat()}), which sets the "
                 f"deadline '{value}' ({days} days, by {deadline.isoformat()}): "
                 f"{late} days late."),
    )


def database_flags(session: Session, doc_id: int) -> tuple[Flag, ...]:
    """The stored database flags of one document."""
    rows = session.scalars(
        select(FlagRow).where(FlagRow.document_id == doc_id, FlagRow.origin == "database")
        .order_by(FlagRow.id)
    )
    return tuple(Flag(code=r.code, severity=cast(Severity, r.severity),
                      message=r.message, page=r.page, subject=r.subject,
                      expected=r.expected, actual=r.actual) for r in rows)
