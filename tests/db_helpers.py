"""Builders of small Notice objects for the db tests (fixtures: tests/conftest.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from db.store import save_notice
from pipeline.core.model import (
    AllocationRow,
    AllocationTable,
    BBox,
    BodyAmount,
    Field,
    Flag,
    Funds,
    Indicator,
    Notice,
    Provenance,
    Reference,
    SourceFile,
    Target,
    TargetTable,
)


def D(text: str | int) -> Decimal:
    return Decimal(str(text))


def f(value: str, raw: str | None = None, page: int = 1) -> Field[str]:
    return Field(value, raw if raw is not None else value,
                 Provenance(page, BBox(100.0, 200.0, 300.0, 220.0), None))


def sha_of(label: str) -> str:
    return hashlib.sha256(label.encode()).hexdigest()


def alloc(
    rows: Sequence[tuple[str, Sequence[str | int | None], bool]],
    *,
    columns: Sequence[str] = ("中央全年实际下达资金合计", "年初提前下达资金", "此次下达资金"),
    unit: str = "万元",
    title: str = "2022年困难群众救助补助资金（第二批）分配表",
    printed: dict[str, str] | None = None,
) -> AllocationTable:
    """An allocation table from (region, values, is_total) rows."""
    printed = printed or {}
    out = []
    for region, values, is_total in rows:
        out.append(AllocationRow(
            region=region,
            region_as_printed=printed.get(region, region),
            values=tuple(None if v is None else D(v) for v in values),
            is_total=is_total,
            prov=Provenance(3, BBox(50.0, 300.0, 500.0, 320.0), 0.97),
        ))
    parts = ((0, tuple(range(1, len(columns)))),) if len(columns) > 1 else ()
    return AllocationTable(attachment=1, title=title, unit=unit, columns=tuple(columns),
                           rows=tuple(out), column_parts=parts, page=3)


def indicator(name: str, value: str, op: str | None = None, number: str | None = None,
              unit: str | None = None, level2: str = "数量指标",
              level1: str = "产出指标", level1_as_printed: str | None = None) -> Indicator:
    return Indicator(level1=level1, level2=level2, name=name, value=value,
                     target=Target(op, None if number is None else D(number), unit),
                     level1_as_printed=level1_as_printed or level1, level2_as_printed=level2,
                     prov=Provenance(4, BBox(1.0, 2.0, 3.0, 4.0), 0.9))


def targets(region: str, total: str, *indicators: Indicator) -> TargetTable:
    return TargetTable(attachment=2, kind="regional", year=2022, region=region,
                       region_as_printed=region, project="困难群众救助补助资金", unit="万元",
                       funds=Funds(D(total), (("中央财政补助", D(total)), ("地方资金", None))),
                       indicators=tuple(indicators), layout_repaired=True, page=4)


def make_notice(
    doc_number: str | None = "昌州财社〔2022〕11号",
    *,
    label: str | None = None,
    issuers: Sequence[str] = ("昌吉回族自治州财政局", "昌吉回族自治州民政局"),
    title: str = "关于拨付2022年中央财政困难群众救助补助资金（第二批）的通知",
    issue_date: str | None = "2022-06-07",
    references: Sequence[str | None] = (),
    allocation_tables: Sequence[AllocationTable] = (),
    target_tables: Sequence[TargetTable] = (),
    body_amounts: Sequence[tuple[str, str]] = (),
    flags: Sequence[Flag] = (),
    name: str = "a.pdf",
) -> Notice:
    """A notice with the given parts; ``label`` (default: the 文号) decides the sha256."""
    sha = sha_of(label or doc_number or title)
    return Notice(
        source=SourceFile(path=f"/in/{name}", name=name, sha256=sha, size=1234, pages=5),
        text_source="text-layer",
        doc_number=f(doc_number, doc_number.replace("〔", "[").replace("〕", "]"))
        if doc_number else None,
        issuers=tuple(f(i) for i in issuers),
        title=f(title),
        recipients=f("各县（市）财政局、民政局"),
        issue_date=f(issue_date, page=2) if issue_date else None,
        signatories=(f(issuers[0], page=2),) if issuers else (),
        cc=f("存档（二）", page=2),
        printed_by=f(issuers[0], page=2) if issuers else None,
        print_date=f(issue_date, page=2) if issue_date else None,
        references=tuple(Reference(n, "关于拨付…的通知", raw=f"（{n}）",
                                   prov=Provenance(1, BBox(10.0, 10.0, 20.0, 20.0), None))
                         for n in references),
        body_amounts=tuple(BodyAmount(D(v), u, f"现下达你单位资金{v}{u}",
                                      prov=Provenance(1, None, None))
                           for v, u in body_amounts),
        allocation_tables=tuple(allocation_tables),
        target_tables=tuple(target_tables),
        flags=tuple(flags),
        body="现将有关事宜通知如下",
    )


def save(session: Session, notice: Notice, file_name: str | None = None) -> int:
    return save_notice(session, notice, file_name=file_name or notice.source.name,
                       rendered_json='{"schema": "notice/1"}')


def rows(url: str, sql: str) -> list[tuple[object, ...]]:
    """The rows ``sql`` returns on the database at ``url`` (an engine of its own, disposed)."""
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            return [tuple(r) for r in c.execute(text(sql))]
    finally:
        engine.dispose()
