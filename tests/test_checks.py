"""Document-level checks: each fires on its planted inconsistency and not on clean data."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pipeline.checks.notice import check_notice
from pipeline.core.model import (
    AllocationRow,
    AllocationTable,
    AttachmentItem,
    BodyAmount,
    Field,
    Flag,
    Funds,
    Indicator,
    Notice,
    Provenance,
    SourceFile,
    Target,
    TargetTable,
)

SRC = SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 3)
D = Decimal


def base_notice(**kw: object) -> Notice:
    n = Notice(
        source=SRC,
        text_source="text-layer",
        doc_number=Field("凉财社〔2021〕8号", "凉财社〔2021〕8号"),
        issuers=(Field("凉山彝族自治州财政局", "凉山彝族自治州财政局"),),
        title=Field("关于下达医疗救助补助资金的通知", ""),
        issue_date=Field("2021-04-02", ""),
    )
    return replace(n, **kw)  # type: ignore[arg-type]


def row(name: str, *vals: str | None, total: bool = False, printed: str | None = None, code: str | None = "5134") -> AllocationRow:
    return AllocationRow(
        region=name,
        region_as_printed=printed or name,
        values=tuple(None if v is None else D(v) for v in vals),
        is_total=total,
        region_code=code,
        prov=Provenance(page=3),
    )


def table(*rows: AllocationRow, unit: str = "万元") -> AllocationTable:
    return AllocationTable(
        attachment=1, title="分配表", unit=unit, columns=("合计", "提前下达", "此次下达"),
        rows=rows, column_parts=((0, (1, 2)),), page=3,
    )


CLEAN = table(
    row("凉山彝族自治州", "300.5", "200", "100.5", total=True),
    row("昭觉县", "100", "80", "20"),
    row("布拖县", "200.5", "120", "80.5"),
)


def codes(n: Notice) -> list[str]:
    return sorted(f.code for f in check_notice(n))


def test_clean_notice_has_no_flags() -> None:
    assert codes(base_notice(allocation_tables=(CLEAN,))) == []


def test_column_sum_and_row_sum() -> None:
    bad = table(
        row("凉山彝族自治州", "301", "200", "101", total=True),
        row("昭觉县", "100", "80", "20"),
        row("布拖县", "200.5", "120", "80.5"),
    )
    got = check_notice(base_notice(allocation_tables=(bad,)))
    assert sorted({f.code for f in got}) == ["ALLOCATION_COLUMN_SUM"]
    msg = next(f for f in got if f.code == "ALLOCATION_COLUMN_SUM").message
    assert "301" in msg and "300.5" in msg
    bad_row = table(row("凉山彝族自治州", "300.5", "200", "100.5", total=True), row("昭觉县", "100", "70", "20"), row("布拖县", "200.5", "130", "80.5"))
    assert "ALLOCATION_ROW_SUM" in codes(base_notice(allocation_tables=(bad_row,)))


def test_subtotals_are_checked_against_their_block() -> None:
    t = table(
        row("合计", "60", "30", "30", total=True, code=None),
        row("甲县", "10", "5", "5"),
        row("乙县", "20", "10", "10"),
        row("小计", "30", "15", "15", total=True, code=None),
        row("丙县", "30", "15", "15"),
    )
    assert codes(base_notice(allocation_tables=(t,))) == []


def test_negative_and_alias() -> None:
    t = table(
        row("凉山彝族自治州", "90", "100", "-10", total=True, printed="凉山州"),
        row("昭觉县", "90", "100", "-10"),
    )
    assert codes(base_notice(allocation_tables=(t,))) == ["NEGATIVE_ALLOCATION", "NEGATIVE_ALLOCATION", "REGION_ALIAS"]


def test_body_amount_with_unit_conversion() -> None:
    t = replace(CLEAN, unit="元", rows=tuple(replace(r, values=tuple(v * 10000 for v in r.values if v is not None)) for r in CLEAN.rows))
    ok = BodyAmount(D("300.5"), "万元", "现下达你州资金300.5万元")
    assert codes(base_notice(allocation_tables=(t,), body_amounts=(ok,))) == []
    wrong = BodyAmount(D("310"), "万元", "现下达你州资金310万元")
    assert codes(base_notice(allocation_tables=(t,), body_amounts=(wrong,))) == ["BODY_AMOUNT_MISMATCH"]
    part = BodyAmount(D("310"), "万元", "其中中央资金310万元", is_total=False)
    assert codes(base_notice(allocation_tables=(t,), body_amounts=(ok, part))) == []


def target(region: str, total: str, names: tuple[str, ...], *, breakdown: tuple[tuple[str, Decimal | None], ...] = ()) -> TargetTable:
    inds = tuple(Indicator("产出指标", "数量指标", n, "≥1人", Target(">=", D(1), "人")) for n in names)
    return TargetTable(3, "regional", 2021, region, region, "医疗救助", "万元", Funds(D(total), breakdown), inds, page=5)


def test_target_funds_breakdown_and_sets() -> None:
    names = ("救助人数", "资助参保人数", "救助比例")
    tts = (
        target("昭觉县", "100", names),
        target("布拖县", "190", names),  # allocation says 200.5
        target("凉山彝族自治州", "300.5", names[:2], breakdown=(("中央财政补助", D("300")), ("地方资金", None))),
    )
    got = codes(base_notice(allocation_tables=(CLEAN,), target_tables=tts))
    assert got == ["FUNDS_BREAKDOWN_MISMATCH", "INDICATOR_SET_DIFFERS", "TARGET_FUNDS_MISMATCH"]


def test_attachment_numbering_and_missing_fields_and_dates() -> None:
    listed = (AttachmentItem(1, "a"), AttachmentItem(2, "b"))
    headed = (AttachmentItem(1, "a"), AttachmentItem(3, "b"))
    assert codes(base_notice(attachments_listed=listed, attachment_headings=headed)) == ["ATTACHMENT_NUMBERING"]
    assert codes(base_notice(attachments_listed=listed, attachment_headings=listed)) == []
    assert codes(base_notice(doc_number=None, issue_date=None)) == ["MISSING_FIELD", "MISSING_FIELD"]
    assert codes(base_notice(print_date=Field("2021-04-01", ""))) == ["DATE_ORDER"]


def test_low_confidence() -> None:
    n = base_notice(doc_number=Field("凉财社〔2021〕8号", "", Provenance(page=1, confidence=0.5)))
    assert codes(n) == ["LOW_CONFIDENCE"]
    (flag,) = check_notice(n)
    assert "read with OCR confidence 0.50" in flag.message


def _low(n: Notice) -> list[Flag]:
    return [f for f in check_notice(n) if f.code == "LOW_CONFIDENCE"]


def test_low_confidence_says_what_the_repair_did() -> None:
    def cell(printed: str | None, conf: float = 0.5) -> Provenance:
        return Provenance(page=3, confidence=conf, repaired_from=printed)

    r = replace(
        row("科尔沁区", "171017", "12.345", None, "500"),
        value_provs=(cell("171.017"), cell("12.345"), cell("12,34,5"), cell(None, 0.6)),
    )
    t = replace(table(r), columns=("合计", "提前下达", "此次下达", "其他"), column_parts=())
    flags = _low(base_notice(allocation_tables=(t,)))
    assert [f.subject for f in flags] == [f"allocation_tables[0].rows[0].values[{i}]" for i in range(4)]
    repaired, kept, empty, plain = (f.message for f in flags)
    assert "'科尔沁区'" in repaired and "read as '171.017', repaired to 171017 from the column's grammar" in repaired
    assert "confidence" not in repaired
    assert "read as '12.345', kept as printed (12.345)" in kept
    assert "read as '12,34,5'" in empty and "left empty" in empty
    assert "500 was read with OCR confidence 0.60" in plain
    assert (flags[0].actual, flags[0].expected) == ("171.017", "171017")


def test_repaired_or_doubtful_organ_names_raise_low_confidence() -> None:
    fixed = Field("洛阳市涧西区财政局", "洛阳市涧酉区财政局", Provenance(page=2, confidence=0.95, repaired_from="洛阳市涧酉区财政局"))
    shaky = Field("洛阳市涧西区民政局", "洛阳市涧西区民政局", Provenance(page=2, confidence=0.6))
    sure = Field("洛阳市财政局", "洛阳市财政局", Provenance(page=1, confidence=0.99))
    n = base_notice(issuers=(sure, shaky), signatories=(fixed,), printed_by=shaky)
    flags = _low(n)
    assert [f.subject for f in flags] == ["issuers[1]", "signatories[0]", "printed_by"]
    assert "read as '洛阳市涧酉区财政局', repaired to '洛阳市涧西区财政局'" in flags[1].message
    assert "confidence 0.60" in flags[0].message


def test_repaired_body_amount_raises_low_confidence() -> None:
    body = BodyAmount(D(171017), "元", "现下达171017元", prov=Provenance(page=1, confidence=0.5, repaired_from="171.017"))
    clean = BodyAmount(D(8), "万元", "现下达8万元", prov=Provenance(page=1, confidence=0.7))
    (flag,) = _low(base_notice(body_amounts=(body, clean)))
    assert flag.subject == "body_amounts[0]"
    assert "read as '171.017', repaired to 171017" in flag.message


amounts = st.decimals(min_value=-1000, max_value=100000, places=2, allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(amounts, amounts), min_size=1, max_size=12))
def test_consistent_tables_never_flag_sums(parts: list[tuple[Decimal, Decimal]]) -> None:
    members = [row(f"县{i}", str(a + b), str(a), str(b)) for i, (a, b) in enumerate(parts)]
    total = row("合计", *(str(sum((a + b, a, b)[c] for a, b in parts)) for c in range(3)), total=True, code=None)
    flags = check_notice(base_notice(allocation_tables=(table(total, *members),)))
    assert not {f.code for f in flags} & {"ALLOCATION_COLUMN_SUM", "ALLOCATION_ROW_SUM"}


@given(st.lists(st.tuples(amounts, amounts), min_size=1, max_size=12), st.integers(0, 2), amounts.filter(lambda d: abs(d) >= D("0.02")))
def test_a_perturbed_total_always_flags(parts: list[tuple[Decimal, Decimal]], col: int, delta: Decimal) -> None:
    members = [row(f"县{i}", str(a + b), str(a), str(b)) for i, (a, b) in enumerate(parts)]
    sums = [sum(((a + b, a, b)[c] for a, b in parts), D(0)) for c in range(3)]
    sums[col] += delta
    flags = check_notice(base_notice(allocation_tables=(table(row("合计", *map(str, sums), total=True, code=None), *members),)))
    assert "ALLOCATION_COLUMN_SUM" in {f.code for f in flags}


def test_issue_year_differs_from_doc_number_year() -> None:
    # e.g. OCR read 二〇二一 as 二〇三一: the 文号's year disagrees
    assert codes(base_notice(issue_date=Field("2031-04-02", ""))) == ["DATE_ORDER"]


@given(
    st.text(alphabet="0123456789.,O ", min_size=1, max_size=10),
    st.one_of(st.none(), amounts),
    st.floats(min_value=0, max_value=1),
)
def test_a_repaired_amount_is_always_reported_with_what_was_read(printed: str, value: Decimal | None, conf: float) -> None:
    r = replace(row("甲县", None if value is None else str(value)), value_provs=(Provenance(3, None, conf, printed),))
    t = replace(table(r), columns=("金额",), column_parts=())
    (flag,) = _low(base_notice(allocation_tables=(t,)))
    assert f"read as '{printed}'" in flag.message and "OCR confidence" not in flag.message
    assert flag.actual == printed


def test_target_table_ocr_repairs_raise_low_confidence() -> None:
    shaky = Provenance(page=5, confidence=0.5, repaired_from="1.200")
    sure = Provenance(page=5, confidence=0.95)
    funds = Funds(D(1208), (("财政拨款", D(1200)), ("其他资金", D(8))), (sure, shaky, sure))
    tick = Provenance(page=5, confidence=0.5, repaired_from="产业发展□民生保障基础设施□行政运行□")
    lost = Provenance(page=5, confidence=0.5, repaired_from="因素法□项目法据实据效□")
    tt = replace(
        target("凉山彝族自治州", "1208", ("救助人数",)),
        funds=funds,
        funds_midterm=Funds(D(1208), (), (sure,)),
        options=(("项目类型", "民生保障"),),
        option_provs=(("项目类型", tick), ("绩效分配方式", lost), ("其他", sure)),
    )
    flags = _low(base_notice(target_tables=(tt,)))
    assert [f.subject for f in flags] == [
        "target_tables[0].funds.breakdown[0]",
        "target_tables[0].options.项目类型",
        "target_tables[0].options.绩效分配方式",
    ]
    money, inferred, undecided = flags
    assert "'财政拨款'" in money.message and "read as '1.200', repaired to 1200" in money.message
    assert (money.expected, money.actual, money.page) == ("1200", "1.200", 5)
    assert "taken as '民生保障'" in inferred.message and inferred.expected == "民生保障"
    assert "left empty" in undecided.message and undecided.expected is None
    clean = replace(tt, funds=replace(funds, provs=(sure, sure, sure)), option_provs=(("项目类型", sure),))
    assert _low(base_notice(target_tables=(clean,))) == []


def test_adjustment_body_states_the_amount_moved_not_the_net() -> None:
    """A table taking money back from some rows and giving it to others nets to 0: the body
    states the amount moved (收回300万元调整用于…), which is no mismatch; another amount is."""
    t = AllocationTable(
        attachment=1, title="调整表", unit="万元", columns=("调整金额",), page=3,
        rows=(row("合计", "0", total=True, code=None), row("甲项目", "-200", code=None), row("乙项目", "-100", code=None),
              row("丙项目", "180", code=None), row("丁项目", "120", code=None)),
    )
    taken = BodyAmount(D("200"), "万元", "现收回原甲财农〔2024〕98号下达的甲项目资金200万元、乙项目资金100万元")
    moved = BodyAmount(D("300"), "万元", "收回资金300万元调整用于丙项目等2个项目")
    assert "BODY_AMOUNT_MISMATCH" not in codes(base_notice(allocation_tables=(t,), body_amounts=(taken, moved)))
    wrong = BodyAmount(D("350"), "万元", "收回资金350万元调整用于丙项目等2个项目")
    assert "BODY_AMOUNT_MISMATCH" in codes(base_notice(allocation_tables=(t,), body_amounts=(wrong,)))


def test_body_passing_on_a_part_of_an_upper_allocation() -> None:
    """财政部下达我省5000万元，现将其中300.5万元分配下达给你们: the part passed on is what the table holds."""
    upper = BodyAmount(D("5000"), "万元", "财政部下达我省2022年困难群众救助补助资金5000万元")
    part = BodyAmount(D("300.5"), "万元", "现将其中300.5万元分配下达给你们（详见附件）", is_total=False)
    assert "BODY_AMOUNT_MISMATCH" not in codes(base_notice(allocation_tables=(CLEAN,), body_amounts=(upper, part)))
    # a 其中 item that is not passed on in its own clause is no total
    item = BodyAmount(D("300.5"), "万元", "其中中央资金300.5万元", is_total=False)
    assert "BODY_AMOUNT_MISMATCH" in codes(base_notice(allocation_tables=(CLEAN,), body_amounts=(upper, item)))
    # the unit's own share of a statewide sum (…全省15.28亿元，其中下达我市300.5万元) is what it passes on
    statewide = BodyAmount(D("15.28"), "亿元", "省财政厅下达全省2011年某某补助15.28亿元")
    ours = BodyAmount(D("300.5"), "万元", "其中下达我市300.5万元", is_total=False)
    assert "BODY_AMOUNT_MISMATCH" not in codes(base_notice(allocation_tables=(CLEAN,), body_amounts=(statewide, ours)))
    other = BodyAmount(D("123"), "万元", "其中下达我市123万元", is_total=False)
    assert "BODY_AMOUNT_MISMATCH" in codes(base_notice(allocation_tables=(CLEAN,), body_amounts=(statewide, other)))
    # a part whose clause points at the attachment: what the table details
    detailed = BodyAmount(D("300.5"), "万元", "相关县（市、区）300.5万元（详见附件1）", is_total=False)
    assert "BODY_AMOUNT_MISMATCH" not in codes(base_notice(allocation_tables=(CLEAN,), body_amounts=(statewide, detailed)))


def test_an_amount_in_a_cited_title_is_not_what_the_notice_allocates() -> None:
    cited = BodyAmount(D("5000"), "万元", "根据《财政部关于下达2022年某某资金5,000万元的通知》（财社〔2022〕1号）精神")
    assert "BODY_AMOUNT_MISMATCH" not in codes(base_notice(allocation_tables=(CLEAN,), body_amounts=(cited,)))
    own = BodyAmount(D("5000"), "万元", "现下达你州资金5000万元")
    assert "BODY_AMOUNT_MISMATCH" in codes(base_notice(allocation_tables=(CLEAN,), body_amounts=(cited, own)))


def test_target_funds_of_a_region_over_several_project_rows() -> None:
    t = AllocationTable(
        attachment=1, title="项目资金表", unit="万元", columns=("金额",), page=3,
        rows=(row("昭觉县", "10", printed="昭觉县"), row("昭觉县", "20"), row("布拖县", "5"),
              row("合计", "35", total=True, code=None)),
    )
    names = ("救助人数",)
    ok = base_notice(allocation_tables=(t,), target_tables=(target("昭觉县", "30", names),))
    assert "TARGET_FUNDS_MISMATCH" not in codes(ok)
    wrong = base_notice(allocation_tables=(t,), target_tables=(target("昭觉县", "32", names),))
    assert "TARGET_FUNDS_MISMATCH" in codes(wrong)



def test_body_amount_mismatch_names_the_body_amount_it_quotes() -> None:
    """Its subject is the stated total it reports, not whatever amount the body prints first."""
    part = BodyAmount(D("12"), "万元", "其中中央资金12万元", is_total=False)
    wrong = BodyAmount(D("310"), "万元", "现下达你州资金310万元")
    (flag,) = [f for f in check_notice(base_notice(allocation_tables=(CLEAN,), body_amounts=(part, wrong)))
               if f.code == "BODY_AMOUNT_MISMATCH"]
    assert flag.subject == "body_amounts[1]" and "310" in flag.message


def test_a_table_detailing_one_part_of_the_body_total() -> None:
    """The body allocates 465.87万元 in parts and the table details one of them: no mismatch; a
    table matching no amount of the body still is one."""
    t = CLEAN  # its total: 300.5万元
    total = BodyAmount(D("465.87"), "万元", "现将7项中央补助资金465.87万元下达给你们")
    part = BodyAmount(D("300.5"), "万元", "基本公共卫生服务中央补助资金300.5万元列入2100408科目")
    assert codes(base_notice(allocation_tables=(t,), body_amounts=(total, part))) == []
    other = BodyAmount(D("165.37"), "万元", "其他补助资金165.37万元列入2100201科目")
    assert codes(base_notice(allocation_tables=(t,), body_amounts=(total, other))) == ["BODY_AMOUNT_MISMATCH"]


def test_money_from_several_sources_each_allocated_in_its_own_sentence() -> None:
    """CLEAN's total is 300.5万元 (200 + 100.5): two sources that add up to it are no mismatch,
    nor is a 合计 sentence; sources that do not add up are."""
    first = BodyAmount(D("250"), "万元", "现下达市级补助经费250万元")
    second = BodyAmount(D("50.5"), "万元", "下达县本级部门预算经费50.5万元")
    assert codes(base_notice(allocation_tables=(CLEAN,), body_amounts=(first, second))) == []
    summed = BodyAmount(D("300.5"), "万元", "合计补助300.5万元")
    wrong = BodyAmount(D("60"), "万元", "下达县本级部门预算经费60万元")
    assert codes(base_notice(allocation_tables=(CLEAN,), body_amounts=(first, wrong, summed))) == []
    assert codes(base_notice(allocation_tables=(CLEAN,), body_amounts=(first, wrong))) == ["BODY_AMOUNT_MISMATCH"]


def test_a_table_of_parts_with_no_total_column() -> None:
    """Columns that are all parts of the money (age bands) and no total column: the body's
    共计 is the sum over them."""
    t = table(row("合计", "148.44", "80.86", "34.16", total=True), row("甲镇", "148.44", "80.86", "34.16"))
    t = replace(t, columns=("80-89周岁", "90-99周岁", "100周岁以上"), column_parts=())
    ok = BodyAmount(D("263.46"), "万元", "共计发放263.46万元")
    assert codes(base_notice(allocation_tables=(t,), body_amounts=(ok,))) == []
    wrong = BodyAmount(D("270"), "万元", "共计发放270万元")
    assert codes(base_notice(allocation_tables=(t,), body_amounts=(wrong,))) == ["BODY_AMOUNT_MISMATCH"]


def test_amounts_the_body_gives_single_rows_are_no_total() -> None:
    """分配昭觉县100万元，布拖县200.5万元: per-row amounts beside a source total are no mismatch;
    an amount the attachment details (…为X万元（详见附件）) is compared."""
    rows = (BodyAmount(D("100"), "万元", "分配昭觉县100万元"), BodyAmount(D("200.5"), "万元", "布拖县200.5万元"))
    assert codes(base_notice(allocation_tables=(CLEAN,), body_amounts=rows)) == []
    detailed = BodyAmount(D("3005"), "元", "补贴资金为3005元（详见附件1）")
    assert codes(base_notice(allocation_tables=(CLEAN,), body_amounts=(detailed,))) == ["BODY_AMOUNT_MISMATCH"]


def test_a_total_with_money_added_in_the_next_clause() -> None:
    """下达…250万元，加上上年结余50.5万元: the table details the two together (300.5万元); an
    added amount that does not make the total is still a mismatch, and so is an unconnected one."""
    total = BodyAmount(D("250"), "万元", "提前下达我县补助资金250万元")
    added = BodyAmount(D("50.5"), "万元", "加上上年结余50.5万元")
    assert codes(base_notice(allocation_tables=(CLEAN,), body_amounts=(total, added))) == []
    short = BodyAmount(D("40"), "万元", "加上上年结余40万元")
    assert codes(base_notice(allocation_tables=(CLEAN,), body_amounts=(total, short))) == ["BODY_AMOUNT_MISMATCH"]
    apart = BodyAmount(D("50.5"), "万元", "上年结余50.5万元用于其他项目")
    assert codes(base_notice(allocation_tables=(CLEAN,), body_amounts=(total, apart))) == ["BODY_AMOUNT_MISMATCH"]


def test_the_sum_of_the_sources_said_in_a_sentence_of_its_own() -> None:
    """A 公示 states its sources, then 以上资金合计 X, then the share of X given to some
    recipients: X is the total the tables show, the share no mismatch."""
    sources = (BodyAmount(D("200"), "万元", "200万元"), BodyAmount(D("100.5"), "万元", "100.5万元"))
    summed = BodyAmount(D("300.5"), "万元", "以上资金合计300.5万元")
    share = BodyAmount(D("250"), "万元", "本次分配到重点县的资金为250万元")
    assert codes(base_notice(allocation_tables=(CLEAN,), body_amounts=(*sources, summed, share))) == []
    wrong = BodyAmount(D("310"), "万元", "以上资金合计310万元")
    assert codes(base_notice(allocation_tables=(CLEAN,), body_amounts=(*sources, wrong, share))) == [
        "BODY_AMOUNT_MISMATCH"
    ]


def test_a_total_whose_parts_are_each_a_column_of_the_table() -> None:
    """总投资 | 省级 | 县级 | 社会资本 with no column for the 财政补助 the body allocates: 补助资金3840万元，
    其中省级2010万元，县级1830万元 is what the 省级 and 县级 columns show together; parts that do not
    make their total, or a part no column shows, are still a mismatch."""
    t = AllocationTable(
        attachment=1, title="项目资金安排表", unit="万元", columns=("总投资", "省级", "县级", "社会资本"),
        rows=(row("合计", "5260", "2010", "1830", "1420", total=True), row("甲镇", "5260", "2010", "1830", "1420")),
        page=3,
    )
    total = BodyAmount(D("3840"), "万元", "现下达你们项目补助资金3840万元")
    parts = (BodyAmount(D("2010"), "万元", "省级资金2010万元", is_total=False),
             BodyAmount(D("1830"), "万元", "县级资金1830万元", is_total=False))
    assert codes(base_notice(allocation_tables=(t,), body_amounts=(total, *parts))) == []
    wrong = BodyAmount(D("3900"), "万元", "现下达你们项目补助资金3900万元")
    assert codes(base_notice(allocation_tables=(t,), body_amounts=(wrong, *parts))) == ["BODY_AMOUNT_MISMATCH"]
    off = (parts[0], BodyAmount(D("1800"), "万元", "县级资金1800万元", is_total=False))
    assert codes(base_notice(allocation_tables=(t,), body_amounts=(total, *off))) == ["BODY_AMOUNT_MISMATCH"]


def test_body_amount_inconclusive_when_a_table_unit_is_unread() -> None:
    """Two tables, the second's 单位 line unread (OCR lost it): the tables with a unit hold only
    part of the money, so a body total of both is no mismatch; with both units read it is checked."""
    first = table(row("合计", "100", "60", "40", total=True, code=None), row("甲县", "120", "70", "50"),
                  row("丙县", "-20", "-10", "-10"))  # a claw-back: its moved sums are candidates too
    second = replace(table(row("合计", "50", "30", "20", total=True, code=None), row("乙县", "50", "30", "20")),
                     attachment=2, unit=None)
    body = BodyAmount(D("150"), "万元", "现下达你们困难群众救助补助资金150万元（详见附件1、2）")
    assert "BODY_AMOUNT_MISMATCH" not in codes(base_notice(allocation_tables=(first, second), body_amounts=(body,)))
    wrong = BodyAmount(D("170"), "万元", "现下达你们困难群众救助补助资金170万元（详见附件1、2）")
    both = (first, replace(second, unit="万元"))
    assert "BODY_AMOUNT_MISMATCH" in codes(base_notice(allocation_tables=both, body_amounts=(wrong,)))
    assert "BODY_AMOUNT_MISMATCH" not in codes(base_notice(allocation_tables=both, body_amounts=(body,)))
