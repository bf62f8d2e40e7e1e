"""v_fund_flow and v_region_ledger: funds followed across levels, on SQLite and PostgreSQL.

The chain samples (江西省 -> 赣州市 -> 章贡区, 于都县) go through exactly what
``notices ingest`` runs; the hops below were read off the four PDFs by hand
(赣财社〔2023〕45号 allocates 1480万元 to 赣州市, 赣市财社〔2023〕88号 160万元 to
章贡区 and 260万元 to 于都县; 章贡区 passes on 150万元).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from db.checks import check_database
from db.fund_keys import FundKey, fund_key, own_division, own_region
from db.migrate import upgrade
from db.store import save_notice
from pipeline.core.divisions import resolve_region
from pipeline.core.model import AllocationTable, Notice
from tests.db_helpers import alloc, make_notice, save

CHAIN = Path(__file__).resolve().parents[1] / "samples" / "chain"
PDFS = sorted(CHAIN.glob("c*/notice.pdf"))
FUND = "中央财政困难群众救助补助资金"

# --- pure: fund keys and issuing divisions -------------------------------------------


@pytest.mark.parametrize(("title", "expected"), [
    ("关于下达2023年中央财政困难群众救助补助资金（第三批）的通知",
     FundKey(FUND, 2023, "第三批")),
    ("关于转下达2023年中央财政困难群众救助补助资金（第三批）的通知",
     FundKey(FUND, 2023, "第三批")),
    ("2023年中央财政困难群众救助补助资金（第三批）分配表", FundKey(FUND, 2023, "第三批")),
    ("关于下达2021年第二批就业补助资金的通知", FundKey("就业补助资金", 2021, "第二批")),
    ("2021年第二批就业补助资金分配表", FundKey("就业补助资金", 2021, "第二批")),
    ("关于下达2020年中央农业相关转移支付资金（第3批）的通知",
     FundKey("中央农业相关转移支付资金", 2020, "第三批")),
    ("雷山县财政局关于下达2021年城乡最低生活保障资金的通知",
     FundKey("城乡最低生活保障资金", 2021, None)),
    ("关于拨付2020年就业补助资金（稳岗和职业技能提升部分）的通知",
     FundKey("就业补助资金", 2020, None)),
    ("关于提前下达2024年中央财政衔接推进乡村振兴补助资金预算的通知",
     FundKey("中央财政衔接推进乡村振兴补助资金", 2024, "提前下达")),
    ("关于下达 2022 年耕地地力保护补贴资金的通知", FundKey("耕地地力保护补贴资金", 2022, None)),
    ("关于下达2017年基本公共卫生服务项目省级补助资金的通知（第一批）",
     FundKey("基本公共卫生服务项目省级补助资金", 2017, "第一批")),
    ("关于下达2020年度市级财政扶贫专项资金（第二批扶贫开发项目）的通知",
     FundKey("市级财政扶贫专项资金", 2020, "第二批")),
    ("关于预下达2020年基本公共卫生服务市级补助资金的通知",
     FundKey("基本公共卫生服务市级补助资金", 2020, None)),
    ("关于下达困难群众救助补助资金的通知", None),
    ("", None),
    (None, None),
])
def test_fund_key(title: str | None, expected: FundKey | None) -> None:
    assert fund_key(title) == expected


@given(st.text(max_size=60))
def test_fund_key_never_raises_and_ignores_spaces(title: str) -> None:
    key = fund_key(title)
    assert key == fund_key(" ".join(title))
    if key is not None:
        assert key.fund and 1900 <= key.year <= 2099


@pytest.mark.parametrize(("names", "expected"), [
    (["赣州市章贡区财政局"], "章贡区"),
    (["江西省财政厅", "江西省民政厅"], "江西省"),
    (["国家税务总局利川市税务局"], "利川市"),
    (["湘西土家族苗族自治州财政局"], "湘西土家族苗族自治州"),
    (["昌吉州财政局"], "昌吉回族自治州"),
    (["新疆库尔勒经济技术开发区财政局"], None),  # a zone is not 库尔勒市
    (["财政部", "民政部"], None),
    ([], None),
])
def test_own_region(names: list[str], expected: str | None) -> None:
    assert own_region(names) == expected


@given(st.lists(st.text(max_size=20), max_size=3))
def test_own_division_never_raises(names: list[str]) -> None:
    division = own_division(names)
    if division is not None:
        name, code = division
        assert name and len(code) == 6 and code.isdigit()


def test_own_division_has_the_code() -> None:
    """Matching is by code: 北京市朝阳区 and 长春市朝阳区 share a name, not a code."""
    assert own_division(["赣州市章贡区财政局"]) == ("章贡区", "360702")
    beijing, changchun = own_division(["北京市朝阳区财政局"]), own_division(["长春市朝阳区财政局"])
    assert beijing is not None and changchun is not None
    assert beijing[0] == changchun[0] == "朝阳区" and beijing[1] != changchun[1]


# --- the chain samples ------------------------------------------------------------------

HOPS = [  # from_doc, to_region, allocated, to_doc, passed_on, difference, lag, rule
    ("赣财社〔2023〕45号", "赣州市", 14800000, "赣市财社〔2023〕88号", 14800000, 0, 15,
     "reference"),
    ("赣市财社〔2023〕88号", "于都县", 2600000, "于财社〔2023〕52号", 2600000, 0, 56, "reference"),
    ("赣市财社〔2023〕88号", "章贡区", 1600000, "章财社〔2023〕31号", 1500000, -100000, 14,
     "reference"),
]
MISSING = {("赣财社〔2023〕45号", r) for r in ("南昌市", "九江市", "吉安市", "上饶市")} | {
    ("赣市财社〔2023〕88号", r) for r in ("南康区", "赣县区", "信丰县", "兴国县", "瑞金市")}


def _ingest(engine: Engine, pdfs: list[Path]) -> None:
    from pipeline.core.render import dumps
    from pipeline.run import Settings, parse_document

    settings = Settings(ocr_cache="")
    for pdf in pdfs:  # one transaction per notice, as ingest does
        notice = parse_document(pdf, settings)
        with Session(engine) as s, s.begin():
            doc = save_notice(s, notice, file_name=str(pdf), rendered_json=dumps(notice))
            check_database(s, [doc])


def _flow(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT from_doc_number, to_region, allocated_yuan, to_doc_number, passed_on_yuan,"
            " difference_yuan, lag_days, match_rule, fund, year, batch, from_region"
            " FROM v_fund_flow ORDER BY from_doc_number, to_region"))]


@pytest.mark.skipif(not PDFS, reason="samples/chain is not there")
@pytest.mark.parametrize("order", ["top_down", "bottom_up"])
def test_chain_every_hop(db_engine: Engine, order: str) -> None:
    _ingest(db_engine, PDFS if order == "top_down" else PDFS[::-1])
    rows = _flow(db_engine)
    matched = [r[:8] for r in rows if r[3] is not None]
    assert sorted(matched) == sorted(HOPS)
    assert {(r[0], r[1]) for r in rows if r[3] is None} == MISSING
    assert all(r[7] == "not_in_database" and r[4] is None and r[6] is None
               for r in rows if r[3] is None)
    assert {r[8:11] for r in rows} == {(FUND, 2023, "第三批")}
    assert {r[0]: r[11] for r in rows} == {"赣财社〔2023〕45号": "江西省",
                                          "赣市财社〔2023〕88号": "赣州市"}


@pytest.mark.skipif(not PDFS, reason="samples/chain is not there")
def test_chain_ledger(db_engine: Engine) -> None:
    _ingest(db_engine, PDFS)
    with db_engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT region, doc_number, amount_yuan, running_total_yuan, from_region"
            " FROM v_region_ledger WHERE region IN ('赣州市', '章贡区')"
            " ORDER BY region, issue_date")).all()
    assert [tuple(r) for r in rows] == [
        ("章贡区", "赣市财社〔2023〕88号", 1600000, 1600000, "赣州市"),
        ("赣州市", "赣财社〔2023〕45号", 14800000, 14800000, "江西省"),
    ]


# --- matching rules on small notices ----------------------------------------------------


def _coded(table: AllocationTable) -> AllocationTable:
    rows = []
    for row in table.rows:
        match = resolve_region(row.region)
        rows.append(dataclasses.replace(row, region_code=match.code if match else None))
    return dataclasses.replace(table, rows=tuple(rows))


TITLE = "关于下达2022年中央财政困难群众救助补助资金（第二批）的通知"
TABLE = "2022年困难群众救助补助资金（第二批）分配表"


def _parent(**kw: object) -> Notice:
    table = _coded(alloc([("合计", [100], True), ("阜康市", [60], False),
                          ("木垒哈萨克自治县", [40], False)],
                         columns=("金额",), title=TABLE))
    return make_notice("昌州财社〔2022〕11号", title=TITLE, issue_date="2022-06-07",
                       allocation_tables=[table], **kw)  # type: ignore[arg-type]


def _child(doc_number: str, issuer: str, issue_date: str, total: int, *,
           references: tuple[str, ...] = (), title: str = TITLE) -> Notice:
    return make_notice(doc_number, issuers=(issuer,), title=title, issue_date=issue_date,
                       references=references, body_amounts=[(str(total), "万元")])


def _store(engine: Engine, *notices: Notice) -> None:
    with Session(engine) as s, s.begin():
        ids = [save(s, n) for n in notices]
        check_database(s, ids)


def test_match_by_fund_year_batch_without_reference(db_engine: Engine) -> None:
    _store(db_engine, _parent(),
           _child("阜财社〔2022〕30号", "阜康市财政局", "2022-06-20", 60),
           # same fund but issued before the parent: not its onward notice
           _child("木财社〔2022〕5号", "木垒县财政局", "2022-06-01", 40),
           # cites the parent but is not issued by a region it allocates to
           _child("奇财社〔2022〕9号", "奇台县财政局", "2022-06-21", 10,
                  references=("昌州财社〔2022〕11号",)))
    with db_engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT to_region, to_doc_number, passed_on_yuan, difference_yuan, lag_days, "
            "match_rule FROM v_fund_flow ORDER BY to_region")).all()
    assert [tuple(r) for r in rows] == [
        ("木垒哈萨克自治县", None, None, None, None, "not_in_database"),
        ("阜康市", "阜财社〔2022〕30号", 600000, 0, 13, "fund_year_batch"),
    ]


def test_reference_wins_over_fund_name(db_engine: Engine) -> None:
    other_batch = "关于下达2022年中央财政困难群众救助补助资金（第三批）的通知"
    _store(db_engine, _parent(),
           _child("阜财社〔2022〕30号", "阜康市财政局", "2022-06-20", 60),
           _child("阜财社〔2022〕31号", "阜康市财政局", "2022-07-01", 55,
                  references=("昌州财社〔2022〕11号",), title=other_batch))
    with db_engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT to_doc_number, difference_yuan, match_rule FROM v_fund_flow"
            " WHERE to_region = '阜康市'")).all()
    assert [tuple(r) for r in rows] == [("阜财社〔2022〕31号", -50000, "reference")]


def test_ledger_running_total_with_claw_back(db_engine: Engine) -> None:
    second = _coded(alloc([("阜康市", ["-12.5"], False), ("木垒县", [30], False)],
                          columns=("此次下达",), title="2022年困难群众救助补助资金（第三批）分配表",
                          printed={"木垒县": "木垒县"}))
    later = make_notice("昌州财社〔2022〕19号",
                        title="关于下达2022年中央财政困难群众救助补助资金（第三批）的通知",
                        issue_date="2022-09-01", allocation_tables=[second])
    _store(db_engine, later, _parent())
    with db_engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT doc_number, batch, amount_yuan, running_total_yuan FROM v_region_ledger"
            " WHERE region = '阜康市' ORDER BY issue_date")).all()
    assert [(r[0], r[1], Decimal(str(r[2])), Decimal(str(r[3]))) for r in rows] == [
        ("昌州财社〔2022〕11号", "第二批", Decimal(600000), Decimal(600000)),
        ("昌州财社〔2022〕19号", "第三批", Decimal(-125000), Decimal(475000)),
    ]


def test_migration_fills_notices_stored_before_it(db_url: str) -> None:
    from db.migrate import make_engine

    engine = make_engine(db_url)
    try:
        upgrade(engine, "0003_runs_history")
        with Session(engine) as s, s.begin():
            save(s, _parent())
            save(s, _child("阜财社〔2022〕30号", "阜康市财政局", "2022-06-20", 60,
                           references=("昌州财社〔2022〕11号",)))
        upgrade(engine)
        with engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT to_region, to_doc_number, match_rule FROM v_fund_flow"
                " ORDER BY to_region")).all()
    finally:
        engine.dispose()
    assert [tuple(r) for r in rows] == [("木垒哈萨克自治县", None, "not_in_database"),
                                        ("阜康市", "阜财社〔2022〕30号", "reference")]


def test_neighbours_stored_unchecked_get_their_row(db_engine: Engine) -> None:
    """A parent saved without the database checks still shows once a child is checked."""
    with Session(db_engine) as s, s.begin():
        save(s, _parent())  # no check_database: no fund_notices row yet
    with db_engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM v_fund_flow")).scalar() == 0
    child = _child("阜财社〔2022〕30号", "阜康市财政局", "2022-06-20", 60,
                   references=("昌州财社〔2022〕11号",))
    with Session(db_engine) as s, s.begin():
        check_database(s, (i for i in [save(s, child)]))  # any iterable of ids
    with db_engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT to_region, match_rule FROM v_fund_flow ORDER BY to_region")).all()
    assert [tuple(r) for r in rows] == [("木垒哈萨克自治县", "not_in_database"),
                                        ("阜康市", "reference")]


@pytest.mark.skipif(not PDFS, reason="samples/chain is not there")
def test_a_reviewers_correction_is_what_the_flow_views_follow(db_engine: Engine) -> None:
    """赣市财社〔2023〕88号 gives 章贡区 160万元; a reviewer corrects it to 150万元 (what 章贡区
    passed on): both flow views follow the corrected amount and say it was corrected."""
    import json

    from db.corrections import add_correction
    from db.history import latest_json
    from db.models import DocumentRow

    _ingest(db_engine, PDFS)
    with Session(db_engine) as s, s.begin():
        doc = s.query(DocumentRow).filter_by(doc_number="赣市财社〔2023〕88号").one()
        notice = json.loads(latest_json(s, doc.id) or "{}")
        path = next(f"allocation_tables[{t}].rows[{r}].values[0]"
                    for t, table in enumerate(notice["allocation_tables"])
                    for r, row in enumerate(table["rows"]) if row["region"] == "章贡区")
        add_correction(s, doc.id, path, "150", reason="章贡区 received 150万元 (bank slip)", author="auditor")
    with db_engine.connect() as conn:
        flow = conn.execute(text(
            "SELECT allocated_yuan, difference_yuan, corrected, value_as_parsed FROM v_fund_flow"
            " WHERE from_doc_number = '赣市财社〔2023〕88号' AND to_region = '章贡区'")).one()
        ledger = conn.execute(text(
            "SELECT amount_yuan, corrected FROM v_region_ledger"
            " WHERE doc_number = '赣市财社〔2023〕88号' AND region = '章贡区'")).one()
        untouched = conn.execute(text(
            "SELECT allocated_yuan, corrected FROM v_fund_flow WHERE to_region = '于都县'")).one()
    assert (Decimal(str(flow[0])), Decimal(str(flow[1])), bool(flow[2]), Decimal(str(flow[3]))) == (
        Decimal(1500000), Decimal(0), True, Decimal(160))
    assert (Decimal(str(ledger[0])), bool(ledger[1])) == (Decimal(1500000), True)
    assert (Decimal(str(untouched[0])), bool(untouched[1])) == (Decimal(2600000), False)
