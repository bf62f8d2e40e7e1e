"""db.checks: database-level flags, on SQLite and (with $NOTICES_TEST_PG_URL) PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine, delete, select, text
from sqlalchemy.orm import Session

from db.checks import check_database, database_flags
from db.models import FlagRow
from db.store import replace_notice
from pipeline.core.model import Flag, Notice
from tests.db_helpers import (
    alloc,
    indicator,
    make_notice,
    save,
    targets,
)

REGION = "新财社〔2022〕71号"
PREFECTURE = "昌州财社〔2022〕11号"


def upstream(this_batch: str | int = 3610, *, issue_date: str = "2022-05-20",
             deadline: str | None = "收到补助资金后30日内") -> Notice:
    """The 自治区 notice allocating to 昌吉州 (printed 昌吉州), with a 30-day deadline."""
    tables = []
    if deadline is not None:
        tables.append(targets("昌吉回族自治州", "11438",
                              indicator("资金下达时限", deadline, level2="时效指标")))
    return make_notice(
        REGION, issuers=("新疆维吾尔自治区财政厅", "新疆维吾尔自治区民政厅"),
        issue_date=issue_date, name="xin71.pdf",
        allocation_tables=[alloc([
            ("合计", [90000, 60000, 30000], True),
            ("乌鲁木齐市", [9000, 6000, 3000], False),
            ("昌吉回族自治州", [11438, 7828, this_batch], False),
        ], printed={"昌吉回族自治州": "昌吉州"})],
        target_tables=tables,
    )


def prefecture(this_batch: str | int = 3610, *, issue_date: str = "2022-06-07",
               label: str | None = None) -> Notice:
    """The 昌吉州 notice citing the 自治区 one and passing its 此次下达 on."""
    return make_notice(
        PREFECTURE, references=[REGION, "新财社〔2017〕160号", "国务院令第649号"],
        issue_date=issue_date, label=label, name="cj11.pdf",
        allocation_tables=[alloc([
            ("昌吉回族自治州", [11438, 7828, this_batch], True),
            ("昌吉市", [1485, 1275, 210], False),
        ], printed={"昌吉回族自治州": "昌吉州"})],
    )


def codes(session: Session, doc_id: int) -> list[str]:
    return sorted(f.code for f in database_flags(session, doc_id))


def test_reference_not_found_until_the_cited_notice_arrives(db_engine: Engine) -> None:
    with Session(db_engine) as s, s.begin():
        low = save(s, prefecture())
        flags = check_database(s, [low])
    missing = [f for f in flags if f.code == "REFERENCE_NOT_FOUND"]
    # a 文号 without a year (国务院令第649号) is a regulation, not a notice to look for
    assert sorted(f.expected or "" for f in missing) == ["新财社〔2017〕160号", REGION]
    assert all(f.severity == "info" and f.page == 1 for f in missing)
    assert missing[0].message == f"{PREFECTURE} cites {missing[0].expected}, which is not in the database."
    with Session(db_engine) as s, s.begin():
        up = save(s, upstream())
        check_database(s, [up])
    with Session(db_engine) as s:
        remaining = database_flags(s, low)
        assert [f.expected for f in remaining] == ["新财社〔2017〕160号"]
        assert database_flags(s, up) == ()


def test_check_database_replaces_instead_of_piling_up(db_engine: Engine) -> None:
    with Session(db_engine) as s, s.begin():
        low = save(s, prefecture())
        check_database(s, [low])
        check_database(s, [low])
        check_database(s, [low])
    with Session(db_engine) as s:
        rows = s.scalars(select(FlagRow).where(FlagRow.origin == "database")).all()
        assert len(rows) == 2


def test_document_flags_are_kept(db_engine: Engine) -> None:
    notice = make_notice(flags=[Flag("MISSING_FIELD", "error", "No 成文日期 was found.")])
    with Session(db_engine) as s, s.begin():
        doc = save(s, notice)
        check_database(s, [doc])
        check_database(s, [doc])
    with Session(db_engine) as s:
        origins = s.scalars(select(FlagRow.origin)).all()
        assert origins == ["document"]


def test_duplicate_doc_number_flags_both_files(db_engine: Engine) -> None:
    with Session(db_engine) as s, s.begin():
        a = save(s, make_notice(label="scan"), "scan.pdf")
        check_database(s, [a])
        assert codes(s, a) == []
        b = save(s, make_notice(label="text"), "text.pdf")
        check_database(s, [b])
    with Session(db_engine) as s:
        assert codes(s, a) == ["DUPLICATE_DOC_NUMBER"]
        (flag,) = database_flags(s, b)
        assert flag.severity == "error"
        assert PREFECTURE in flag.message and "text.pdf" in flag.message
        assert "scan.pdf" in flag.message


def test_cross_doc_amount_agrees(db_engine: Engine) -> None:
    with Session(db_engine) as s, s.begin():
        save(s, upstream(3610))
        low = save(s, prefecture(3610, issue_date="2022-06-07"))
        check_database(s, [low])
    with Session(db_engine) as s:
        assert codes(s, low) == ["REFERENCE_NOT_FOUND"]  # only 新财社〔2017〕160号


def test_cross_doc_amount_differs(db_engine: Engine) -> None:
    with Session(db_engine) as s, s.begin():
        save(s, upstream(3610))
        low = save(s, prefecture(3600))
        flags = check_database(s, [low])
    (flag,) = [f for f in flags if f.code == "CROSS_DOC_AMOUNT"]
    assert flag.severity == "error"
    assert (flag.expected, flag.actual) == ("36100000", "36000000")
    assert flag.message == (
        "昌州财社〔2022〕11号 passes on 3,600万元 (36,000,000元) (分配表 昌吉州, 此次下达资金) "
        "but 新财社〔2022〕71号 allocates 3,610万元 (36,100,000元) to 昌吉回族自治州 "
        "(此次下达资金): a difference of -100,000元."
    )


def test_cross_doc_amount_from_the_body_with_printed_precision(db_engine: Engine) -> None:
    """A 开发区 notice passing on 92,128元 of an upstream row printed as 9.21万元."""
    def county(amount: str, number: str) -> Notice:
        return make_notice(
            f"库开财发〔2020〕{number}号", issuers=("库尔勒经济技术开发区财政局",),
            references=["巴财社〔2020〕70号"], body_amounts=[(amount, "元")],
            issue_date="2020-07-03", label=f"county {amount}")

    up = make_notice(
        "巴财社〔2020〕70号", issuers=("巴音郭楞蒙古自治州财政局",), issue_date="2020-06-20",
        allocation_tables=[alloc([
            ("库尔勒市", ["30.5"], False),
            ("库尔勒经济技术开发区", ["9.21"], False),
            ("合计", ["39.71"], True),
        ], columns=["金额"])],
    )
    with Session(db_engine) as s, s.begin():
        save(s, up)
        ok = save(s, county("92128", "13"))
        bad = save(s, county("92200", "14"))
        check_database(s, [ok, bad])
    with Session(db_engine) as s:
        assert codes(s, ok) == []
        (flag,) = database_flags(s, bad)
        assert flag.code == "CROSS_DOC_AMOUNT"
        assert "库开财发〔2020〕14号" in flag.message and "巴财社〔2020〕70号" in flag.message
        assert "92,200元 (正文)" in flag.message and "9.21万元 (92,100元)" in flag.message


def test_late_disbursement(db_engine: Engine) -> None:
    with Session(db_engine) as s, s.begin():
        save(s, upstream(issue_date="2022-05-01"))
        late = save(s, prefecture(issue_date="2022-06-07", label="late"))
        check_database(s, [late])
    with Session(db_engine) as s:
        (flag,) = [f for f in database_flags(s, late) if f.code == "LATE_DISBURSEMENT"]
    assert flag.severity == "warning" and flag.page == 2
    assert (flag.expected, flag.actual) == ("<= 2022-05-31", "2022-06-07")
    assert flag.message == (
        "昌州财社〔2022〕11号 was issued on 2022-06-07, 37 days after 新财社〔2022〕71号 "
        "(issued 2022-05-01), which sets the deadline '收到补助资金后30日内' "
        "(30 days, by 2022-05-31): 7 days late."
    )


def test_on_time_or_without_deadline_is_not_late(db_engine: Engine) -> None:
    with Session(db_engine) as s, s.begin():
        save(s, upstream(issue_date="2022-05-20"))
        low = save(s, prefecture(issue_date="2022-06-19"))  # day 30
        check_database(s, [low])
        assert "LATE_DISBURSEMENT" not in codes(s, low)


def test_reparse_with_a_new_doc_number_rechecks_the_citers(db_engine: Engine) -> None:
    with Session(db_engine) as s, s.begin():
        up = save(s, upstream())
        low = save(s, prefecture())
        check_database(s, [up, low])
        assert codes(s, low) == ["REFERENCE_NOT_FOUND"]
    renumbered = make_notice("新财社〔2022〕72号", label=REGION)
    with Session(db_engine) as s, s.begin():
        replace_notice(s, up, renumbered, rendered_json="{}")
        check_database(s, [up])  # the old 文号 is remembered by replace_notice
    with Session(db_engine) as s:
        assert codes(s, low) == ["REFERENCE_NOT_FOUND", "REFERENCE_NOT_FOUND"]


def test_v_flags_shows_database_flags(db_engine: Engine) -> None:
    with Session(db_engine) as s, s.begin():
        low = save(s, prefecture())
        check_database(s, [low])
    with db_engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT doc_number, code, severity, origin FROM v_flags ORDER BY message")).all()
    assert [tuple(r) for r in rows] == [
        (PREFECTURE, "REFERENCE_NOT_FOUND", "info", "database"),
        (PREFECTURE, "REFERENCE_NOT_FOUND", "info", "database"),
    ]


def _bazhou(number: str, amount: str, issue_date: str, deadline: str | None) -> Notice:
    tables = [targets("库尔勒经济技术开发区", amount,
                      indicator("资金下达时限", deadline, level2="时效指标"))] if deadline else []
    return make_notice(
        f"巴财社〔2020〕{number}号", issuers=("巴音郭楞蒙古自治州财政局",), issue_date=issue_date,
        allocation_tables=[alloc([("库尔勒经济技术开发区", [amount], False)], columns=["金额"])],
        target_tables=tables,
    )


def _kaifaqu(label: str, amount: str = "8") -> Notice:
    return make_notice(
        "库开财发〔2020〕13号", issuers=("库尔勒经济技术开发区财政局",), issue_date="2020-07-03",
        references=["巴财社〔2020〕70号", "巴财社〔2020〕55号"], body_amounts=[(amount, "万元")],
        label=label)


def test_two_upstream_batches_may_add_up(db_engine: Engine) -> None:
    """根据…70号文件和前期已下达的…55号文件, 现下达你单位…8万元: 5 + 3 = 8."""
    with Session(db_engine) as s, s.begin():
        save(s, _bazhou("70", "5", "2020-06-20", "收到补助资金后30日内"))
        save(s, _bazhou("55", "3", "2020-03-01", "收到补助资金后30日内"))
        low = save(s, _kaifaqu("a"))
        check_database(s, [low])
        # the old batch's deadline has long passed, but this notice executes the new one
        assert codes(s, low) == []


def test_two_upstream_batches_that_do_not_add_up(db_engine: Engine) -> None:
    with Session(db_engine) as s, s.begin():
        save(s, _bazhou("70", "6", "2020-05-01", "收到补助资金后30日内"))
        save(s, _bazhou("55", "3", "2020-03-01", None))
        low = save(s, _kaifaqu("b"))
        check_database(s, [low])
        flags = {f.code: f for f in database_flags(s, low)}
    assert set(flags) == {"CROSS_DOC_AMOUNT", "LATE_DISBURSEMENT"}
    message = flags["CROSS_DOC_AMOUNT"].message
    assert message.startswith("库开财发〔2020〕13号 passes on 8万元 (80,000元) (正文) but "
                              "巴财社〔2020〕70号 allocates 6万元 (60,000元)")
    assert "巴财社〔2020〕55号 allocates 3万元 (30,000元)" in message
    assert flags["LATE_DISBURSEMENT"].expected == "<= 2020-05-31"


def test_deleting_the_cited_notice_brings_the_flag_back(db_engine: Engine) -> None:
    from db.store import delete_notice

    with Session(db_engine) as s, s.begin():
        up = save(s, upstream())
        low = save(s, prefecture())
        check_database(s, [up, low])
        assert codes(s, low) == ["REFERENCE_NOT_FOUND"]
    with Session(db_engine) as s, s.begin():
        delete_notice(s, up)
        check_database(s, [])
    with Session(db_engine) as s:
        assert codes(s, low) == ["REFERENCE_NOT_FOUND", "REFERENCE_NOT_FOUND"]


def test_explicit_doc_numbers_recheck_their_citers(db_engine: Engine) -> None:
    with Session(db_engine) as s, s.begin():
        low = save(s, prefecture())
        s.execute(delete(FlagRow))
        check_database(s, [], doc_numbers=[REGION])
        assert codes(s, low) == ["REFERENCE_NOT_FOUND", "REFERENCE_NOT_FOUND"]


def test_chain_province_prefecture_counties(db_engine: Engine) -> None:
    """江西省 -> 赣州市 -> 章贡区 (passes on 150 of its 160万元), 于都县 (56 days later)."""
    deadline = indicator("向下级财政部门分解下达资金", "收到补助资金后30日内", level2="时效指标")
    province = make_notice(
        "赣财社〔2023〕45号", issuers=("江西省财政厅", "江西省民政厅"), issue_date="2023-05-10",
        references=["财社〔2023〕61号"], body_amounts=[("5200", "万元")],
        allocation_tables=[alloc([("南昌市", [820], False), ("赣州市", [1480], False),
                                  ("合计", [5200], True)], columns=["金额"])],
        target_tables=[targets("赣州市", "1480", deadline)],
    )
    prefecture = make_notice(
        "赣市财社〔2023〕88号", issuers=("赣州市财政局", "赣州市民政局"), issue_date="2023-05-25",
        references=["赣财社〔2023〕45号"], body_amounts=[("1480", "万元")],
        allocation_tables=[alloc([("赣州市", [1480], True), ("市本级", [120], False),
                                  ("章贡区", [160], False), ("于都县", [260], False)],
                                 columns=["金额"])],
        target_tables=[targets("于都县", "260", deadline)],
    )
    zhanggong = make_notice(
        "章财社〔2023〕31号", issuers=("赣州市章贡区财政局",), issue_date="2023-06-08",
        references=["赣市财社〔2023〕88号"], body_amounts=[("150", "万元")],
        allocation_tables=[alloc([("区民政局", [90], False), ("解放街道", [60], False),
                                  ("合计", [150], True)], columns=["金额"])],
    )
    yudu = make_notice(
        "于财社〔2023〕52号", issuers=("于都县财政局",), issue_date="2023-07-20",
        references=["赣市财社〔2023〕88号"], body_amounts=[("260", "万元")],
        allocation_tables=[alloc([("县民政局", [120], False), ("贡江镇", [140], False),
                                  ("合计", [260], True)], columns=["金额"])],
    )
    with Session(db_engine) as s, s.begin():
        ids = [save(s, n) for n in (yudu, zhanggong, prefecture, province)]  # any order
        check_database(s, ids)
    with db_engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT doc_number, code, severity, message FROM v_flags ORDER BY doc_number")).all()
    found = {(r[0], r[1]): r for r in rows}
    assert set(found) == {
        ("赣财社〔2023〕45号", "REFERENCE_NOT_FOUND"),
        ("章财社〔2023〕31号", "CROSS_DOC_AMOUNT"),
        ("于财社〔2023〕52号", "LATE_DISBURSEMENT"),
    }
    assert found[("章财社〔2023〕31号", "CROSS_DOC_AMOUNT")][3] == (
        "章财社〔2023〕31号 passes on 150万元 (1,500,000元) (分配表 合计, 金额) but "
        "赣市财社〔2023〕88号 allocates 160万元 (1,600,000元) to 章贡区 (金额): "
        "a difference of -100,000元."
    )
    assert "56 days after 赣市财社〔2023〕88号 (issued 2023-05-25)" in (
        found[("于财社〔2023〕52号", "LATE_DISBURSEMENT")][3])
