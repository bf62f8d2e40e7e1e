"""Read queries behind the review page's fund-flow view (``v_fund_flow``).

    fund_choices(session)          -> every (fund, year) the view can draw
    fund_flow(session, fund, year) -> tuple[FlowEdge, ...]  (rows of v_fund_flow)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from db.models import FundNoticeRow


@dataclass(frozen=True, slots=True)
class FlowEdge:
    from_doc_number: str | None
    from_region: str | None
    to_region: str
    allocated_yuan: Decimal | None
    to_doc_number: str | None
    passed_on_yuan: Decimal | None
    difference_yuan: Decimal | None
    match_rule: str | None


def fund_choices(session: Session) -> tuple[tuple[str, int], ...]:
    """Every (fund, year) the fund-flow view can draw."""
    rows = session.execute(
        select(FundNoticeRow.fund, FundNoticeRow.year)
        .where(FundNoticeRow.fund.is_not(None), FundNoticeRow.year.is_not(None))
        .distinct().order_by(FundNoticeRow.year.desc(), FundNoticeRow.fund)
    )
    return tuple((str(f), int(y)) for f, y in rows if y is not None)


def _dec(value: Any) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def fund_flow(session: Session, fund: str, year: int) -> tuple[FlowEdge, ...]:
    """The rows of ``v_fund_flow`` for one fund and year, from the top of the ladder down."""
    rows = session.execute(text(
        "SELECT from_doc_number, from_region, to_region, allocated_yuan, to_doc_number,"
        " passed_on_yuan, difference_yuan, match_rule FROM v_fund_flow"
        " WHERE fund = :fund AND year = :year ORDER BY from_date, from_doc_number, to_region"
    ), {"fund": fund, "year": year})
    return tuple(
        FlowEdge(r[0], r[1], r[2], _dec(r[3]), r[4], _dec(r[5]), _dec(r[6]), r[7]) for r in rows
    )
