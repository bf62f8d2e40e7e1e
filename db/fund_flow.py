"""The per-notice facts the fund-flow views match on (table ``fund_notices``).

    update_fund_notices(session, changed_ids, related_ids)   # by db.checks.check_database
    refresh_fund_notices(session, doc_ids)                    # recompute these (migration 0005)

For each notice: the fund, year and batch its title names (``db.fund_keys``;
the first allocation table's title when the notice title names none), its
issuing division, and the total it passes on (the same total
CROSS_DOC_AMOUNT compares: the allocation grand total of the 此次下达
column, else the body total).  These depend on the notice alone, so a
notice's row is recomputed whenever it is checked; the matching between
notices happens in the views, so a parent's rows find their onward notice
the moment it is stored, whatever the order of arrival.

The views (migration ``0005_fund_flow``):

``v_fund_flow``: one row per allocation a notice makes to an administrative
division (rows with a GB/T 2260 code, totals excluded, the 此次下达 column or
else the table's first column), with the onward notice issued by that
division, matched by

- ``reference``: the onward notice cites the parent's 文号;
- ``fund_year_batch``: no onward notice cites it, but one names the same
  fund, year and batch and was not issued before the parent;
- ``not_in_database``: no onward notice is stored (its columns are NULL).

``v_region_ledger``: per division, fund and year, every allocation received
(claw-backs included) in date order with the running total.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.checks import _lower_total, _own_names
from db.fund_keys import FundKey, fund_key, own_division
from db.models import AllocationTableRow, DocumentRow, FundNoticeRow

__all__ = ["FLOW_VIEWS", "MATCH_RULES", "notice_fund_key", "refresh_fund_notices",
           "update_fund_notices"]

FLOW_VIEWS = ("v_fund_flow", "v_region_ledger")
MATCH_RULES = ("reference", "fund_year_batch", "not_in_database")


def notice_fund_key(session: Session, doc: DocumentRow) -> FundKey | None:
    """The fund key of the title, else of the first allocation table that has one."""
    key = fund_key(doc.title)
    if key is not None:
        return key
    titles = session.scalars(
        select(AllocationTableRow.title).where(AllocationTableRow.document_id == doc.id)
        .order_by(AllocationTableRow.position)
    )
    for title in titles:
        key = fund_key(title)
        if key is not None:
            return key
    return None


def _facts(session: Session, doc: DocumentRow) -> FundNoticeRow:
    names = _own_names(doc, session)
    key = notice_fund_key(session, doc)
    total = _lower_total(session, doc, names)
    division = own_division(names)
    return FundNoticeRow(
        document_id=doc.id,
        fund=key.fund if key else None,
        year=key.year if key else None,
        batch=key.batch if key else None,
        own_region=division[0] if division else None,
        own_region_code=division[1] if division else None,
        passed_on=total.amount if total else None,
        passed_on_unit=total.unit if total else None,
        passed_on_yuan=total.yuan if total else None,
        passed_on_source=total.where if total else None,
    )


def refresh_fund_notices(session: Session, doc_ids: Iterable[int]) -> int:
    """Recompute the ``fund_notices`` rows of these documents; return how many."""
    count = 0
    for doc_id in sorted(set(doc_ids)):
        doc = session.get(DocumentRow, doc_id)
        old = session.get(FundNoticeRow, doc_id)
        if old is not None:
            session.delete(old)
            session.flush()
        if doc is None:
            continue
        session.add(_facts(session, doc))
        count += 1
    session.flush()
    return count


def update_fund_notices(session: Session, changed: Iterable[int], related: Iterable[int]) -> int:
    """Recompute the rows of the ``changed`` documents; add the missing rows of ``related``
    ones (stored by a path that did not check them).  A row depends on its notice alone,
    so the neighbours of a new notice need no recomputation."""
    changed = set(changed)
    others = set(related) - changed
    if others:
        have = set(session.scalars(
            select(FundNoticeRow.document_id).where(FundNoticeRow.document_id.in_(others))))
        changed |= others - have
    return refresh_fund_notices(session, changed)
