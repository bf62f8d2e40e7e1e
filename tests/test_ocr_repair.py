"""OCR repair of amount cells (parsers/normalize/ocr_repair.py) and its use in
分配表 parsing: grammar-grounded, and every changed or undecided value flagged."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.allocation import parse_allocation_table
from parsers.amounts import parse_body_amounts
from parsers.normalize.checkboxes import TICKED, read_checkboxes
from parsers.normalize.doc_number import find_doc_numbers, normalize_doc_number
from parsers.normalize.numbers import parse_amount
from parsers.normalize.ocr_repair import (
    DOUBTFUL_CONFIDENCE,
    CellRepair,
    column_decimals,
    lowered_confidence,
    punctuation_key,
    readings,
    repair_amount,
    repair_by_peers,
    repair_column,
    repair_comparator,
    repair_region_in_name,
    settle,
)
from parsers.normalize.targets import parse_target
from parsers.notice import parse_notice
from parsers.targets import repair_ocr_indicators, repair_target_tables
from pipeline.checks.notice import check_notice
from pipeline.core.model import (
    AllocationRow,
    AllocationTable,
    BodyAmount,
    Funds,
    Indicator,
    Layout,
    Notice,
    Provenance,
    SourceFile,
    Target,
    TargetTable,
)
from tests.layoutbuilder import layout, line
from tests.tablebuilder import table

D = Decimal


# --- one cell -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "decimals", "value", "status"),
    [
        # printed the conventional way: kept
        ("177,676", 0, D(177676), "clean"),
        ("1,234.56", 2, D("1234.56"), "clean"),
        ("9.2128", 4, D("9.2128"), "clean"),
        ("3268.45", 2, D("3268.45"), "clean"),
        ("0.00", 2, D("0.00"), "clean"),
        ("-20", 0, D(-20), "clean"),
        ("(20)", 0, D(-20), "clean"),
        ("200，000", 0, D(200000), "clean"),
        ("１２３", 0, D(123), "clean"),
        ("171.017", 3, D("171.017"), "clean"),  # a column of three decimals
        ("12.34", 0, D("12.34"), "clean"),  # one reading only: nothing to repair
        # thousands separators read as decimal points
        ("171.017", 0, D(171017), "repaired"),
        ("1.234.56", None, D("1234.56"), "repaired"),  # can only be 1234.56
        ("1.234.56", 2, D("1234.56"), "repaired"),
        ("12.345.678", 0, D(12345678), "repaired"),
        ("12.345.678", 3, D("12345.678"), "repaired"),
        ("-1.234", 0, D(-1234), "repaired"),
        ("(1.234)", 0, D(-1234), "repaired"),
        # a decimal point read as a comma (the comma cannot be a separator)
        ("1,234,56", 2, D("1234.56"), "repaired"),
        # digits read as letters, a dot as 。
        ("1O,000", 0, D(10000), "repaired"),
        ("6,577;598.88", 2, D("6577598.88"), "repaired"),  # a comma read as a semicolon
        (".10.00", 2, D("10.00"), "repaired"),  # a speck before the number read as a point
        (".10", 2, None, "unreadable"),  # no second point: it may be the decimal point
        ("1；234", 0, D(1234), "repaired"),
        ("l,250", 0, D(1250), "repaired"),
        ("12。5", 1, D("12.5"), "repaired"),
        # the grammar cannot decide: kept as printed, flagged
        ("12.345", 2, D("12.345"), "ambiguous"),
        ("12.345", None, D("12.345"), "ambiguous"),
        ("1.234.567", 2, None, "ambiguous"),  # no conventional reading to keep
        ("1.234.56", 0, None, "ambiguous"),  # the only repair contradicts the column
        ("1,2345", 0, None, "ambiguous"),
        ("1,2345", None, D("1.2345"), "repaired"),
        # numeric-looking but no reading fits
        ("12,34,5", 0, None, "unreadable"),
        ("1,23,4", 0, None, "unreadable"),
        # not numbers at all
        ("", 0, None, "text"),
        ("—", 0, None, "text"),
        ("—20", 0, None, "text"),
        ("无", 0, None, "text"),
        ("O", 0, None, "ambiguous"),  # a lone 0 read as the letter, offered to the sums (see below)
        ("171,017元", 0, None, "text"),
    ],
)
def test_repair_amount(text: str, decimals: int | None, value: Decimal | None, status: str) -> None:
    r = repair_amount(text, decimals)
    assert (r.value, r.status) == (value, status)
    if value is not None:
        assert r.value is not None and r.value.as_tuple() == value.as_tuple()  # scale kept
    assert r.doubtful == (status in ("repaired", "ambiguous", "unreadable"))


def test_readings() -> None:
    assert readings("无") is None
    assert readings("12,34,5") == ()
    assert [(r.value, r.decimals, r.conventional) for r in readings("12.345") or ()] == [
        (D(12345), 0, False),
        (D("12.345"), 3, True),
    ]
    # a comma followed by three digits is a thousands separator, never a decimal point
    assert [r.value for r in readings("12,345") or ()] == [D(12345)]


@pytest.mark.parametrize(
    ("texts", "fallback", "decimals"),
    [
        (["177,676", "171.017", "28,919"], [], 0),  # the ambiguous cell is no evidence
        (["9.2128", "1.5000", "-3.5000"], [], 4),
        (["12.345", "171.017"], ["1,234.56", "7.00"], 2),  # the table's other columns
        (["12.345"], [], None),
        (["1.5", "2.25"], [], None),  # no majority
        ([], [], None),
    ],
)
def test_column_decimals(texts: list[str], fallback: list[str], decimals: int | None) -> None:
    assert column_decimals(texts, fallback) == decimals


def test_repair_column_uses_the_column_grammar() -> None:
    out = repair_column(["245,684", "171.017", "35,778", "—"])
    assert [r.value for r in out] == [D(245684), D(171017), D(35778), None]
    assert [r.doubtful for r in out] == [False, True, False, False]


def test_settle_chooses_among_readings_only() -> None:
    amb = repair_amount("12.345", 2)
    assert settle(amb, D(12345)).value == D(12345)
    assert settle(amb, D(12345)).doubtful  # still reported
    assert settle(amb, D(99999)) is amb  # a sum never invents digits
    assert settle(amb, None) is amb
    clean = repair_amount("1,234.56", 2)
    assert settle(clean, D(1)) is clean
    # the sum confirms the reading as printed: nothing changed, no doubt left
    kept = settle(amb, D("12.345"))
    assert kept.value == D("12.345") and kept.status == "clean" and not kept.doubtful


def test_printed_readings_the_row_sum_confirms_are_not_reported() -> None:
    rows = [
        ["地区", "合计", "中央", "省级"],
        ["甲街道", "82.08", "49.248", "32.8320"],  # 49.248 (or 49248) in 4-decimal 万元: the sum decides
        ["乙街道", "54.45", "32.67", "21.7800"],
    ]
    t = parse_allocation_table(table(rows, confidence=0.95), ("单位：万元",), 1)
    assert t.rows[0].values == (D("82.08"), D("49.248"), D("32.8320"))
    assert t.rows[0].value_provs[1].repaired_from is None
    # the same cell where the sum does not hold stays reported
    rows[1 + 0][3] = "32.8300"
    t = parse_allocation_table(table(rows, confidence=0.95), ("单位：万元",), 1)
    assert t.rows[0].values[1] == D("49.248") and t.rows[0].value_provs[1].repaired_from == "49.248"


def test_lowered_confidence() -> None:
    assert lowered_confidence(0.99) == DOUBTFUL_CONFIDENCE
    assert lowered_confidence(0.3) == 0.3
    assert lowered_confidence(None) == DOUBTFUL_CONFIDENCE


# --- properties: generate amounts, print them, corrupt them like OCR ---------------

_amounts = st.tuples(st.integers(min_value=0, max_value=10**10), st.sampled_from([0, 1, 2, 3, 4]))


def _printed(units: int, decimals: int) -> tuple[Decimal, str]:
    value = D(units).scaleb(-decimals)
    return value, f"{value:,.{decimals}f}"


def _corrupt(text: str, which: list[bool]) -> str:
    """Thousands commas read as points, where ``which`` says so."""
    out, k = [], 0
    for ch in text:
        if ch == ",":
            out.append("." if which[k % len(which)] else ",")
            k += 1
        else:
            out.append(ch)
    return "".join(out)


@settings(deadline=None)
@given(_amounts)
def test_printed_amounts_are_clean(amount: tuple[int, int]) -> None:
    value, text = _printed(*amount)
    for decimals in (amount[1], None):
        r = repair_amount(text, decimals)
        if r.status == "clean":
            assert r.value == value == parse_amount(text)
        else:  # only a three-digit tail with no column evidence is undecided
            assert decimals is None and r.status == "ambiguous"
    r = repair_amount(text, amount[1])
    assert (r.status, r.value) == ("clean", value)


@settings(deadline=None)
@given(_amounts, st.lists(st.booleans(), min_size=1, max_size=4))
def test_corrupted_separators_are_repaired_under_the_column_grammar(
    amount: tuple[int, int], which: list[bool]
) -> None:
    value, text = _printed(*amount)
    bad = _corrupt(text, which)
    r = repair_amount(bad, amount[1])
    assert r.value == value
    assert r.status == ("clean" if bad == text else "repaired")
    assert r.doubtful == (bad != text)


@settings(deadline=None)
@given(_amounts, st.lists(st.booleans(), min_size=1, max_size=4))
def test_without_evidence_a_value_is_right_or_flagged(
    amount: tuple[int, int], which: list[bool]
) -> None:
    value, text = _printed(*amount)
    bad = _corrupt(text, which)
    r = repair_amount(bad, None)
    assert value in r.candidates
    assert r.doubtful or r.value == value  # never a silent wrong value


@settings(deadline=None)
@given(st.text(alphabet="0123456789.,，．。-()（）Ol —元 ", max_size=14), st.sampled_from([None, 0, 2, 3]))
def test_never_raises_and_agrees_with_parse_amount(text: str, decimals: int | None) -> None:
    r = repair_amount(text, decimals)
    if r.status in ("clean", "text"):
        assert r.value == parse_amount(text)
    if r.value is not None:
        assert r.value in r.candidates or r.status == "text"


# --- in a 分配表 ------------------------------------------------------------------

HORQIN = [
    ["苏木乡镇", "合计", "中央资金小计", "农机购置补贴"],
    ["科尔沁镇", "245,684", "212,577", "177,676"],
    ["居力很镇", "237,991", "206,795", "171.017"],
    ["合计", "483,675", "419,372", "348,693"],
]


def test_ocr_table_repairs_and_lowers_confidence() -> None:
    t = parse_allocation_table(table(HORQIN, confidence=0.99), ("分配表", "单位：元"), 1)
    row = t.rows[1]
    assert row.values == (D(237991), D(206795), D(171017))
    assert [p.confidence for p in row.value_provs] == [0.99, 0.99, DOUBTFUL_CONFIDENCE]
    notice = Notice(
        source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 1), text_source="ocr", allocation_tables=(t,)
    )
    flags = [f for f in check_notice(notice) if f.code == "LOW_CONFIDENCE"]
    assert [f.subject for f in flags] == ["allocation_tables[0].rows[1].values[2]"]
    assert row.value_provs[2].repaired_from == "171.017"
    assert [p.repaired_from for p in row.value_provs[:2]] == [None, None]
    assert "read as '171.017', repaired to 171017 from the column's grammar" in flags[0].message
    assert "居力很镇" in flags[0].message and "confidence" not in flags[0].message


def test_text_layer_table_is_read_as_printed() -> None:
    t = parse_allocation_table(table(HORQIN), ("分配表", "单位：元"), 1)
    assert t.rows[1].values[2] == D("171.017")
    assert all(p.confidence is None for p in t.rows[1].value_provs)


def test_ambiguous_cell_settled_by_the_row_sum_and_still_flagged() -> None:
    rows = [
        ["地区", "合计", "其中：", "<"],
        ["^", "^", "提前下达", "此次下达"],
        ["甲县", "1,500.00", "1,000.00", "500.00"],
        # "12,345.00" with its ".00" lost and the comma read as a point: the
        # column's grammar admits neither reading, the row sum picks one
        ["乙县", "12,845.00", "12.345", "500.00"],
    ]
    t = parse_allocation_table(table(rows, confidence=0.95), ("单位：元",), 1)
    assert t.column_parts == ((0, (1, 2)),)
    assert t.rows[1].values == (D(12845), D(12345), D(500))
    assert t.rows[1].value_provs[1].confidence == DOUBTFUL_CONFIDENCE


def test_ambiguous_cell_settled_by_the_total_row() -> None:
    rows = [
        ["单位", "金额"],
        ["甲县", "1,000.00"],
        ["乙县", "12.345"],
        ["丙县", "2,500.50"],
        ["合计", "15,845.50"],
    ]
    t = parse_allocation_table(table(rows, confidence=0.95), ("单位：元",), 1)
    assert [r.values[0] for r in t.rows] == [D(1000), D(12345), D("2500.50"), D("15845.50")]
    assert t.rows[1].value_provs[0].confidence == DOUBTFUL_CONFIDENCE
    assert t.rows[3].is_total


def test_a_sum_never_settles_on_doubtful_evidence() -> None:
    rows = [
        ["单位", "金额"],
        ["甲县", "1.000.00"],  # repaired, so doubtful: no evidence for the others
        ["乙县", "12.345"],
        ["合计", "13,345.00"],
    ]
    t = parse_allocation_table(table(rows, confidence=0.95), ("单位：元",), 1)
    assert t.rows[0].values[0] == D("1000.00")
    assert t.rows[1].values[0] == D("12.345")  # as printed, flagged
    assert [r.value_provs[0].confidence for r in t.rows] == [DOUBTFUL_CONFIDENCE, DOUBTFUL_CONFIDENCE, 0.95]


def test_ambiguous_cell_without_sum_evidence_stays_as_printed_and_flagged() -> None:
    rows = [
        ["地区", "甲", "乙"],
        ["甲县", "1,000.00", "7.50"],
        ["乙县", "12.345", "8.25"],
    ]
    t = parse_allocation_table(table(rows, confidence=0.95), ("单位：元",), 1)
    assert t.rows[1].values == (D("12.345"), D("8.25"))
    assert [p.confidence for p in t.rows[1].value_provs] == [DOUBTFUL_CONFIDENCE, 0.95]
    assert t.rows[1].value_provs[0].repaired_from == "12.345"
    notice = Notice(source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 1), text_source="ocr", allocation_tables=(t,))
    (flag,) = [f for f in check_notice(notice) if f.code == "LOW_CONFIDENCE"]
    assert "read as '12.345', kept as printed (12.345)" in flag.message


# --- region names inside organ names (署名, 印发机关, 发文机关标志) ----------------------


@pytest.mark.parametrize(
    ("name", "evidence", "fixed", "attested"),
    [
        ("赣州市章责区财政局", ["赣州市章贡区财政局文件"], "赣州市章贡区财政局", True),
        # the parent region pins it down (Jinan's 章丘区 is not in 赣州市): flagged
        ("赣州市章责区财政局", [], "赣州市章贡区财政局", False),
        ("章责区财政局", ["章贡区财政局文件"], "章贡区财政局", True),  # the document chooses
        ("洛阳市涧酉区民政局", ["区财政局"], "洛阳市涧西区民政局", False),
        ("洛陌市财政局", ["洛阳市财政局文件"], "洛阳市财政局", True),
        (
            "新疆维吾尔自治区昌吉回族自治州木垒哈萨壳自治县民政局", [],
            "新疆维吾尔自治区昌吉回族自治州木垒哈萨克自治县民政局", False,
        ),
    ],
)
def test_repair_region_in_name(name: str, evidence: list[str], fixed: str, attested: bool) -> None:
    r = repair_region_in_name(name, evidence)
    assert r is not None and (r.text, r.printed, r.attested) == (fixed, name, attested)


@pytest.mark.parametrize(
    ("name", "evidence"),
    [
        ("赣州市章贡区财政局", ["赣州市章责区财政局"]),  # correct names stay
        ("洛阳市财政局办公室", []),
        ("章责区财政局", []),  # 章贡区 or 章丘区: a country-wide near miss alone is a guess
        ("昌吉回族白治州财政局", []),  # unique, but nothing pins it down
        ("县卫健委", []),
        ("洛阳市高新区管委会", []),  # no official name one character away
        ("", []),
    ],
)
def test_repair_region_in_name_leaves_alone(name: str, evidence: list[str]) -> None:
    assert repair_region_in_name(name, evidence) is None


def _closing_notice(signature: str, issuer: str, conf: float | None) -> Layout:
    return layout(
        line(f"{issuer}文件", 70, align="centre", size=30, red=True, conf=conf),
        line("洛西财〔2023〕5号", 150, align="centre", conf=conf),
        line("关于下达2023年就业补助资金的通知", 200, align="centre", size=22, conf=conf),
        line("各街道办事处：", 270, conf=conf),
        line("现下达你单位就业补助资金50万元。", 300, align="full", indent=32, conf=conf),
        line(signature, 520, align="right", conf=conf),
        line("2023年3月9日", 545, align="right", conf=conf),
        line("抄送：市财政局。", 740, conf=conf),
        line("洛阳市涧西区财政局        2023年3月10日印发", 770, conf=conf),
    )


def test_signature_repaired_where_the_document_attests_it() -> None:
    n = parse_notice(_closing_notice("洛阳市涧酉区财政局", "洛阳市涧西区财政局", 0.95))
    (sig,) = n.signatories
    assert (sig.value, sig.raw, sig.prov.confidence) == ("洛阳市涧西区财政局", "洛阳市涧酉区财政局", 0.95)
    assert sig.prov.repaired_from == "洛阳市涧酉区财政局"
    assert [f.value for f in n.issuers] == ["洛阳市涧西区财政局"]
    # attested or not, a repaired name is reported, with what was read
    (flag,) = [f for f in check_notice(n) if f.code == "LOW_CONFIDENCE"]
    assert flag.subject == "signatories[0]"
    assert "read as '洛阳市涧酉区财政局', repaired to '洛阳市涧西区财政局'" in flag.message


def test_signature_repaired_from_the_region_list_alone_is_doubtful() -> None:
    notice = _closing_notice("洛阳市涧酉区民政局", "洛阳市涧西区财政局", 0.95)
    (sig,) = parse_notice(notice).signatories
    assert sig.value == "洛阳市涧西区民政局"
    assert sig.prov.confidence == DOUBTFUL_CONFIDENCE
    assert sig.prov.repaired_from == "洛阳市涧酉区民政局"


def test_text_layer_names_are_never_repaired() -> None:
    (sig,) = parse_notice(_closing_notice("洛阳市涧酉区财政局", "洛阳市涧西区财政局", None)).signatories
    assert sig.value == "洛阳市涧酉区财政局"
    assert sig.prov.repaired_from is None


# --- amounts in the 正文 (parsers/amounts.py): the unit is the grammar ---------------

OCR = Provenance(page=1, confidence=0.95)


@pytest.mark.parametrize(
    ("body", "value", "printed"),
    [
        ("现下达资金171.017元", D(171017), "171.017"),  # 元 has two decimals at most
        ("现下达资金1.234.56万元", D("1234.56"), "1.234.56"),  # one reading only
        ("现下达资金86,5万元", D("86.5"), "86,5"),  # a decimal point read as a comma
        ("现下达资金92.128万元", D("92.128"), "92.128"),  # 92128 or 92.128: kept, flagged
        ("现下达资金9.2128万元", D("9.2128"), None),
        ("现下达资金200,000元", D(200000), None),
        ("现下达资金1,234.56元", D("1234.56"), None),
        ("现下达资金5O万元", D(50), "5O"),  # letters in digit positions
        ("现下达资金l00万元", D(100), "l00"),
    ],
)
def test_ocr_body_amounts(body: str, value: Decimal, printed: str | None) -> None:
    (a,) = parse_body_amounts(body, OCR)
    assert a.value == value
    assert a.prov.repaired_from == printed
    assert a.prov.confidence == (0.95 if printed is None else DOUBTFUL_CONFIDENCE)


def test_ocr_body_full_width_comma_is_no_decimal_point() -> None:
    # "5，10万元" is a list (5 and 10) or 5.10 misread: neither is guessed
    assert parse_body_amounts("补助标准分别为5，10万元", OCR) == ()
    (a,) = parse_body_amounts("现下达资金1，234万元", OCR)  # before three digits: a separator
    assert (a.value, a.prov.repaired_from) == (D(1234), None)


def test_text_layer_body_amounts_are_read_as_printed() -> None:
    (a,) = parse_body_amounts("现下达资金171.017元", Provenance(page=1))
    assert (a.value, a.prov.repaired_from) == (D("171.017"), None)
    assert parse_body_amounts("现下达资金1.234.56万元", Provenance(page=1)) == ()


@settings(deadline=None)
@given(
    st.integers(min_value=1000, max_value=10**9),
    st.sampled_from(["元", "万元"]),
    st.booleans(),
    st.lists(st.booleans(), min_size=1, max_size=4),
)
def test_ocr_body_amount_is_right_or_flagged(cents: int, unit: str, with_cents: bool, confuse: list[bool]) -> None:
    value = D(cents).scaleb(-2) if with_cents else D(cents)
    printed = f"{value:,}"
    corrupted = "".join(
        "." if ch == "," and confuse[i % len(confuse)] else ch for i, ch in enumerate(printed)
    )
    got = parse_body_amounts(f"现下达你县资金{corrupted}{unit}", OCR)
    if not got:  # every reading unconventional and several fit (1.000.000万元): none is taken
        rep = repair_amount(corrupted, None)
        assert rep.status == "ambiguous" and rep.value is None and value in rep.candidates
        return
    (a,) = got
    assert a.unit == unit
    if a.prov.repaired_from is None:
        assert a.value == value  # never silently wrong
    else:
        assert a.prov.confidence == DOUBTFUL_CONFIDENCE and a.prov.repaired_from == corrupted


def _body_notice(body: tuple[BodyAmount, ...], rows: tuple[AllocationRow, ...] = ()) -> Notice:
    tables = (AllocationTable(1, "分配表", "万元", ("金额",), rows),) if rows else ()
    return Notice(
        source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 1), text_source="ocr",
        body_amounts=body, allocation_tables=tables,
    )


def test_an_undecided_body_amount_the_tables_print_is_not_flagged() -> None:
    body = parse_body_amounts("现下达你们资金92.128万元", OCR)
    (flag,) = [f for f in check_notice(_body_notice(body)) if f.code == "LOW_CONFIDENCE"]
    assert "read as '92.128', kept as printed (92.128)" in flag.message
    total = AllocationRow("合计", "合计", (D("92.128"),), True, value_provs=(Provenance(3, None, 0.97),))
    assert not [f for f in check_notice(_body_notice(body, (total,))) if f.code == "LOW_CONFIDENCE"]
    doubtful = replace(total, value_provs=(Provenance(3, None, 0.5, "92.128"),))
    lows = [f.subject for f in check_notice(_body_notice(body, (doubtful,))) if f.code == "LOW_CONFIDENCE"]
    assert lows == ["allocation_tables[0].rows[0].values[0]", "body_amounts[0]"]


# --- indicators: the notice's other target tables as evidence -------------------------

NAME = "建立社会救助家庭居民经济状况核对机制的县（市、区）比例"


@pytest.mark.parametrize(
    ("printed", "peers", "fixed"),
    [
        ("建立核对机制的县市、区）比例", ["建立核对机制的县（市、区）比例"], "建立核对机制的县（市、区）比例"),
        ("满意度(%)", ["满意度（%）", "满意度（%）"], "满意度（%）"),
        ("发放率.", ["发放率"], "发放率"),
        # printed as such elsewhere, peers disagree, or more than punctuation differs: kept
        ("满意度(%)", ["满意度(%)", "满意度（%）"], None),
        ("县市区比例", ["县（市、区）比例", "县(市、区)比例"], None),
        ("县市区比倒", ["县（市、区）比例"], None),
        ("发放率", [], None),
    ],
)
def test_repair_by_peers(printed: str, peers: list[str], fixed: str | None) -> None:
    assert repair_by_peers(printed, peers) == fixed


@pytest.mark.parametrize(
    ("value", "peers", "fixed"),
    [
        ("90%", ["≥90%", "≥85%"], "≥90%"),  # the sign dropped
        (">90%", ["≥90%", ">=85%"], "≥90%"),  # read without its bar
        ("＞ 92 ％", ["≥92%", "≧92%"], "≥92%"),
        ("5天", ["≤5天", "≤7天"], "≤5天"),
        ("<30日", ["≤30日", "≤30日"], "≤30日"),
        # restored in the spelling the peers print: >= where every peer prints >=
        ("95%", [">=95%", ">= 90%"], ">=95%"),
        (">95%", [">=95%", ">=90%"], ">=95%"),
        ("95%", [">=95%", "≥90%"], "≥95%"),
        ("3天", ["<=5天", "<=7天"], "<=3天"),
        # no evidence, evidence divided, or the value has a comparison or none at all: kept
        ("90%", ["≥90%"], None),
        ("90%", ["≥90%", "90%"], None),
        (">90%", [">90%", ">90%"], None),
        ("90%以上", ["≥90%", "≥85%"], None),
        ("应保尽保", ["≥90%", "≥85%"], None),
        ("≥90%", ["≥90%", "≥85%"], None),
        ("12月底", ["≥90%", "≥85%"], None),
    ],
)
def test_repair_comparator(value: str, peers: list[str], fixed: str | None) -> None:
    assert repair_comparator(value, peers) == fixed


_units = st.sampled_from(["%", "人", "天", "万元", "户", "个"])
_signs = st.sampled_from(["≥", "≤"])


@settings(deadline=None)
@given(_signs, st.integers(0, 10**6), _units, st.lists(st.integers(0, 10**6), min_size=2, max_size=6),
       st.sampled_from(["drop", "bar", "keep", "spell"]))
def test_comparator_lost_by_ocr_is_restored_and_number_kept(
    sign: str, number: int, unit: str, others: list[int], damage: str
) -> None:
    peers = [f"{sign}{n}{unit}" for n in others]
    printed = f"{sign}{number}{unit}"
    read = {
        "drop": f"{number}{unit}",
        "bar": {"≥": ">", "≤": "<"}[sign] + f"{number}{unit}",
        "keep": printed,
        "spell": {"≥": ">=", "≤": "<="}[sign] + f"{number}{unit}",
    }[damage]
    fixed = repair_comparator(read, peers)
    if damage in ("drop", "bar"):
        assert fixed == printed
    else:
        assert fixed is None  # nothing lost: a spelling is folded, not repaired


@settings(deadline=None)
@given(st.text(alphabet="县市区比例率（）()、，,.%＞>=≥≤<0123456789 ", max_size=12),
       st.lists(st.text(alphabet="县市区比例（）、≥%9", max_size=10), max_size=4))
def test_peer_repairs_never_raise_and_only_touch_punctuation(value: str, peers: list[str]) -> None:
    fixed = repair_by_peers(value, peers)
    if fixed is not None:
        assert fixed in peers and punctuation_key(fixed) == punctuation_key(value)
    comp = repair_comparator(value, peers)
    if comp is not None:
        assert comp[0] in "≥≤" and comp[1:].lstrip("=") != ""


def _targets(name: str, value: str, conf: float | None, region: str) -> TargetTable:
    ind = Indicator("产出指标", "质量指标", name, value, parse_target(value), prov=Provenance(2, None, conf))
    return TargetTable(1, "regional", 2022, region, region, None, "万元", Funds(None), (ind,), page=2)


def test_ocr_indicators_repaired_from_the_other_tables_and_flagged() -> None:
    tables = (
        _targets(NAME, "≥92%", 0.99, "昌吉市"),
        _targets(NAME, "≥92%", 0.99, "阜康市"),
        _targets(NAME.replace("（", ""), "92%", 0.84, "奇台县"),
        _targets(NAME, ">=92%", 0.99, "木垒县"),
    )
    out = repair_target_tables(tables)
    assert [t.indicators[0].name for t in out] == [NAME] * 4
    # a printed ``>=`` is a spelling the notice uses, kept as printed (CONTRACT: text as printed)
    assert [t.indicators[0].value for t in out] == ["≥92%", "≥92%", "≥92%", ">=92%"]
    assert out[3].indicators[0].target == Target(">=", D(92), "%")
    fixed = out[2].indicators[0]
    assert fixed.target == Target(">=", D(92), "%")
    assert fixed.prov.repaired_from == NAME.replace("（", "") + " 92%"
    assert [t.indicators[0].prov.repaired_from for t in (out[0], out[1], out[3])] == [None] * 3
    notice = Notice(source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 1), text_source="ocr", target_tables=out)
    flags = check_notice(notice)
    (low,) = [f for f in flags if f.code == "LOW_CONFIDENCE"]
    assert low.subject == "target_tables[2].indicators[0]" and "奇台县" in low.message
    assert "INDICATOR_SET_DIFFERS" not in {f.code for f in flags}


def test_text_layer_indicators_are_never_repaired() -> None:
    tables = (
        _targets(NAME, "≥92%", None, "昌吉市"),
        _targets(NAME, "≥92%", None, "阜康市"),
        _targets(NAME.replace("（", ""), "92%", None, "奇台县"),
    )
    assert repair_ocr_indicators(tables) == tables
    out = repair_target_tables(tables)
    assert [(t.indicators[0].name, t.indicators[0].value) for t in out] == [(t.indicators[0].name, t.indicators[0].value) for t in tables]


# --- 文号: the grammar's digit and bracket positions ------------------------------------


@pytest.mark.parametrize(
    ("printed", "canonical", "repaired"),
    [
        ("泉财指标〔2O21〕280号", "泉财指标〔2021〕280号", True),  # O for 0 in the year
        ("泉财指标〔2021〕28O号", "泉财指标〔2021〕280号", True),
        ("泉财指标〔2021〕l80号", "泉财指标〔2021〕180号", True),
        ("泉财指标〔2021J280号", "泉财指标〔2021〕280号", True),  # J for 〕
        ("泉财指标C2021〕280号", "泉财指标〔2021〕280号", True),  # C for 〔, 〕 printed
        ("泉财指标〔2021280号", "泉财指标〔2021〕280号", True),  # a bracket restored from the year
        ("赣财社〔2023].12号", "赣财社〔2023〕12号", True),  # a speck after the closing bracket
        ("新教函〔:2021〕137号", "新教函〔2021〕137号", True),  # a speck after the opening one
        ("泉财指标[2021]280号", "泉财指标〔2021〕280号", False),  # a bracket style, not damage
        ("豫财社C〔2020〕1号", "豫财社C〔2020〕1号", False),  # a letter of the 机关代字 stays
    ],
)
def test_doc_number_lookalikes(printed: str, canonical: str, repaired: bool) -> None:
    assert normalize_doc_number(printed) == canonical
    (m,) = find_doc_numbers(f"根据{printed}文件")
    assert (m.canonical, m.repaired, m.raw) == (canonical, repaired, printed)


@pytest.mark.parametrize("printed", ["泉财指标C2021280号", "泉财指标〔2021〕O号", "泉财指标〔2021〕lI号"])
def test_doc_number_lookalikes_need_the_grammar(printed: str) -> None:
    assert normalize_doc_number(printed) is None


_LOOK = {"0": "O", "1": "l"}


@settings(deadline=None)
@given(st.text(alphabet="财社新巴昌州库开发预指标泉", min_size=2, max_size=6), st.integers(1950, 2099),
       st.integers(1, 9999), st.lists(st.booleans(), min_size=1, max_size=8))
def test_doc_number_with_lookalike_digits_is_recovered_and_marked(
    agency: str, year: int, serial: int, damage: list[bool]
) -> None:
    clean = f"{year}〕{serial}"
    damaged = "".join(
        _LOOK[c] if c in _LOOK and damage[i % len(damage)] else c for i, c in enumerate(clean)
    )
    if not any(c.isdigit() for c in damaged.split("〕")[1]):
        return  # a serial of look-alikes only is no serial
    (m,) = find_doc_numbers(f"按照{agency}〔{damaged}号文件")
    assert m.canonical == f"{agency}〔{year}〕{serial}号"
    assert m.repaired == (damaged != clean)


def _header_notice(doc_number: str, conf: float | None) -> Layout:
    return layout(
        line("洛阳市涧西区财政局文件", 70, align="centre", size=30, red=True, conf=conf),
        line(doc_number, 150, align="centre", conf=conf),
        line("关于下达2023年就业补助资金的通知", 200, align="centre", size=22, conf=conf),
        line("各街道办事处：", 270, conf=conf),
        line("现下达你单位就业补助资金50万元。", 300, align="full", indent=32, conf=conf),
        line("洛阳市涧西区财政局", 520, align="right", conf=conf),
        line("2023年3月9日", 545, align="right", conf=conf),
    )


def test_ocr_doc_number_repair_is_flagged() -> None:
    n = parse_notice(_header_notice("洛西财〔2O23〕5号", 0.95))
    assert n.doc_number is not None and n.doc_number.value == "洛西财〔2023〕5号"
    assert n.doc_number.prov.repaired_from == "洛西财〔2O23〕5号"
    (flag,) = [f for f in check_notice(n) if f.code == "LOW_CONFIDENCE"]
    assert flag.subject == "doc_number" and "read as '洛西财〔2O23〕5号', repaired to '洛西财〔2023〕5号'" in flag.message
    clean = parse_notice(_header_notice("洛西财〔2023〕5号", 0.95))
    assert clean.doc_number is not None and clean.doc_number.prov.repaired_from is None
    text_layer = parse_notice(_header_notice("洛西财〔2023〕5号", None))
    assert text_layer.doc_number is not None and text_layer.doc_number.prov.repaired_from is None


def test_the_unit_bounds_the_decimals_of_a_column_without_evidence() -> None:
    rows = [["地区", "金额"], ["甲县", "171.017"], ["乙县", "218.073"]]
    in_yuan = parse_allocation_table(table(rows, confidence=0.95), ("单位：元",), 1)
    assert [r.values[0] for r in in_yuan.rows] == [D(171017), D(218073)]  # 元: two decimals at most
    assert [r.value_provs[0].repaired_from for r in in_yuan.rows] == ["171.017", "218.073"]
    in_wan = parse_allocation_table(table(rows, confidence=0.95), ("单位：万元",), 1)
    assert [r.values[0] for r in in_wan.rows] == [D("171.017"), D("218.073")]  # undecided: as printed
    assert [r.value_provs[0].confidence for r in in_wan.rows] == [DOUBTFUL_CONFIDENCE] * 2
    assert repair_column(["171.017"], max_decimals=2)[0].status == "repaired"


def test_a_lone_misread_digit_is_taken_only_when_the_sums_confirm_it() -> None:
    assert repair_amount("∞", 0) == CellRepair("∞", None, "ambiguous", (D(8),))
    assert repair_amount("|", 0).status == "text"  # a ruling read as a glyph stays nothing
    rows = [["乡镇", "金额"], ["威远镇", "12"], ["丹麻镇", "∞"], ["高寨镇", "7"], ["合计", "27"]]
    t = parse_allocation_table(table(rows, confidence=0.99), ("单位：万元",), 1)
    assert [r.values[0] for r in t.rows] == [D(12), D(8), D(7), D(27)]
    assert (t.rows[1].value_provs[0].repaired_from, t.rows[1].value_provs[0].confidence) == ("∞", DOUBTFUL_CONFIDENCE)
    rows[-1] = ["合计", "28"]  # the sum says 9: no reading of ∞ gives it
    t = parse_allocation_table(table(rows, confidence=0.99), ("单位：万元",), 1)
    assert t.rows[1].values[0] is None and t.rows[1].value_provs[0].repaired_from == "∞"



# --- checkbox options: the ticked box OCR dropped ----------------------------------


@pytest.mark.parametrize(
    ("text", "choices", "status"),
    [
        ("产业发展□民生保障☑基础设施□行政运行□", ("民生保障",), "clean"),
        ("产业发展□民生保障☑ 基础设施□ 行政运行□", ("民生保障",), "clean"),
        # seed 000's scan: the ticked box dropped, two labels run together
        ("产业发展□民生保障基础设施□行政运行□", ("民生保障",), "repaired"),
        ("产业发展□民生保障□基础设施□行政运行", ("行政运行",), "repaired"),  # the row ends with it
        ("产业发展□民生保障 基础设施□行政运行□", ("民生保障",), "repaired"),  # a gap where it was
        ("因素法□项目法V据实据效□因素法与项目法相结合□", ("项目法",), "repaired"),  # an unknown glyph
        ("因素法□项目法▲据实据效□因素法与项目法相结合□", ("项目法",), "repaired"),
        ("产业发展□民生保障回基础设施□行政运行□", ("民生保障",), "repaired"),  # ☑ read as 回
        ("产业发展□民生保障回收□行政运行□", (), "none"),  # 回 not between two labels: a word
        # an unticked box read 口, gluing two labels, before a tick read: the label next to the tick
        ("产业发展口民生保障☑基础设施口行政运行□", ("民生保障",), "clean"),
        ("回收口☑其他□", ("回收口",), "clean"),  # 口 ending a label, no label before it: a word
        ("☐产业发展☐民生保障基础设施☐行政运行", ("基础设施",), "repaired"),  # box first: the mirror
        ("☐产业发展☑民生保障☐基础设施", ("民生保障",), "clean"),
        # labels of different lengths run together: nothing says where one ends
        ("甲种方式□乙方丙种方式□丁方式与乙方相结合□", (), "none"),
        # ... unless the usual option labels do (parsers/rules/checkbox_options.yaml)
        ("因素法□项目法据实据效□因素法与项目法相结合□", ("项目法",), "repaired"),
        # two boxes lost: no repair
        ("产业发展□民生保障基础设施□行政运行", (), "ambiguous"),
        ("产业发展民生保障基础设施□行政运行□", (), "none"),
        ("产业发展□民生保障□基础设施□行政运行□", (), "none"),  # no tick read at all
        ("", (), "none"),
        ("没有方框", (), "none"),
    ],
)
def test_read_checkboxes(text: str, choices: tuple[str, ...], status: str) -> None:
    got = read_checkboxes(text)
    assert (got.choices, got.status) == (choices, status)
    assert got.doubtful == (status != "clean")


def test_read_checkboxes_known_labels_split_uneven_ones() -> None:
    known = ("因素法", "项目法", "据实据效", "因素法与项目法相结合")
    got = read_checkboxes("因素法□项目法据实据效□因素法与项目法相结合□", known)
    assert (got.choices, got.status) == (("项目法",), "repaired")
    assert got.labels == known


_LABEL = st.text(alphabet="产业发展民生保障基础设施行政运行因素项目法据实效", min_size=2, max_size=6)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=2, max_value=4),
    st.lists(_LABEL, min_size=6, max_size=6, unique=True),
    st.integers(min_value=0, max_value=5),
    st.integers(min_value=0, max_value=5),
    st.sampled_from(["□", "☐"]),
    st.sampled_from(["", " ", "V", "▲"]),
)
def test_one_dropped_tick_is_found_wherever_it_sits(
    size: int, pool: list[str], n_extra: int, pos: int, box: str, leftover: str
) -> None:
    """Four to six equal-length labels (any), the ticked box dropped at any position,
    leaving nothing, a gap or an unknown glyph: the ticked label is found
    and the reading is marked repaired; two boxes dropped: nothing decided."""
    labels = list(dict.fromkeys(lab[:size].ljust(size, "项") for lab in pool))[: 4 + n_extra % 3]
    if len(labels) < 4:
        return
    k = pos % len(labels)
    printed = "".join(lab + (leftover if i == k else box) for i, lab in enumerate(labels))
    got = read_checkboxes(printed)
    assert got.choices == (labels[k],) and got.status == "repaired"
    clean = read_checkboxes(printed.replace(labels[k] + leftover, labels[k] + TICKED[0], 1))
    assert clean.choices == (labels[k],) and clean.status == "clean"
    j = (k + 1) % len(labels)
    both = "".join(lab + ("" if i in (k, j) else box) for i, lab in enumerate(labels))
    assert read_checkboxes(both).choices == ()


def test_a_cited_doc_number_the_grammar_mended_is_reported() -> None:
    from parsers.references import parse_references

    body = "根据《关于下达资金的通知》（赣财社〔2023].12号）和新教函〔:2021〕137号文件"
    refs = parse_references(body, own_doc_number=None, prov=Provenance(page=1, confidence=0.96))
    assert [r.doc_number for r in refs] == ["赣财社〔2023〕12号", "新教函〔2021〕137号"]
    assert all(r.prov.repaired_from for r in refs)
    n = Notice(source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 1), text_source="ocr", references=refs)
    low = [f for f in check_notice(n) if f.code == "LOW_CONFIDENCE"]
    assert [f.subject for f in low] == ["references[0]", "references[1]"] and "〔2023].12号" in low[0].message
    plain = parse_references(body, own_doc_number=None, prov=Provenance(page=1))
    assert [r.prov.repaired_from for r in plain] == [None, None]  # a text layer is not marked


def test_a_sum_confirms_the_printed_reading_the_columns_decimals_overruled() -> None:
    from parsers.normalize.ocr_repair import repair_amount, settle

    rep = repair_amount("89.424", 0, max_decimals=6)  # among integers: read as 89424
    assert (rep.value, rep.status) == (Decimal("89424"), "repaired")
    kept = settle(rep, Decimal("89.424"))  # the column adds up with it as printed
    assert (kept.value, kept.status) == (Decimal("89.424"), "clean")
    assert settle(rep, Decimal("89424")) == rep  # the sum agrees with the repair: nothing changes
    assert settle(rep, Decimal("7")) == rep  # a sum never makes a reading


def test_a_lone_zero_read_as_a_letter_in_an_amount_cell_is_taken_when_the_sums_confirm_it() -> None:
    assert repair_amount("O", 0) == CellRepair("O", None, "ambiguous", (D(0),))
    assert repair_amount("O.", 2).candidates == (D(0),) and repair_amount("〇", None).candidates == (D(0),)
    assert repair_amount("OK", 0).status == "text"  # a word is no zero
    rows = [["乡镇", "分散供养", "合计"], ["甲镇", "O", "5"], ["乙镇", "3", "3"], ["合计", "3", "8"]]
    t = parse_allocation_table(table(rows, confidence=0.99), ("单位：万元",), 1)
    assert t.rows[0].values[0] == D(0)
    assert (t.rows[0].value_provs[0].repaired_from, t.rows[0].value_provs[0].confidence) == ("O", DOUBTFUL_CONFIDENCE)
    rows[-1] = ["合计", "4", "8"]  # the sum says 1: the ring of dust is no zero
    t = parse_allocation_table(table(rows, confidence=0.99), ("单位：万元",), 1)
    assert t.rows[0].values[0] is None


def test_a_point_read_as_a_colon_is_a_separator_the_column_decides() -> None:
    assert repair_amount("15:2093", 4) == CellRepair("15:2093", D("15.2093"), "repaired", (D("15.2093"),))
    assert repair_amount("15：2093", None).status == "repaired"
    assert repair_amount("1:234", 0).value == D(1234)  # a thousands separator in a column of integers
    assert repair_amount("合计：12", 0).status == "text"  # a label's colon is no separator


def test_a_speck_read_as_a_point_before_a_grouped_figure_is_dropped() -> None:
    assert repair_amount(".50,400.00", 2) == CellRepair(".50,400.00", D("50400.00"), "repaired", (D("50400.00"),))
    assert repair_amount(".50,400", 0).value is None  # no second point: the first may be the figure's own
