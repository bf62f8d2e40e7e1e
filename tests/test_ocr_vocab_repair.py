"""OCR repair by arithmetic and vocabulary, always marked (issue 11).

Tables are OCR tables (``confidence`` set, tests/tablebuilder.py); the same
tables from a text layer are never touched.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.allocation import parse_allocation_table
from parsers.normalize.glyphs import glyph_similarity, weighted_distance
from parsers.normalize.ocr_repair import infer_from_sum, repair_amount
from parsers.normalize.vocab_repair import (
    pick_lookalike,
    repair_organ_name,
    repair_region_name,
    repair_total_label,
)
from pipeline.checks.allocation import check_table_sums
from pipeline.checks.notice import check_notice
from pipeline.core.model import Field, Notice, Provenance, SourceFile
from tests.tablebuilder import table

D = Decimal
HEAD = ["地区", "金额"]


def notice_with(*tables: object) -> Notice:
    n = Notice(
        source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 3),
        text_source="ocr",
        doc_number=Field("韶财社〔2021〕8号", "韶财社〔2021〕8号", Provenance(confidence=0.99)),
        issuers=(Field("韶关市财政局", "韶关市财政局", Provenance(confidence=0.99)),),
        title=Field("关于下达资金的通知", "", Provenance(confidence=0.99)),
        issue_date=Field("2021-04-02", "", Provenance(confidence=0.99)),
    )
    return replace(n, allocation_tables=tuple(tables))  # type: ignore[arg-type]


def codes(n: Notice) -> list[str]:
    return [f.code for f in check_notice(n)]


# --- glyphs -----------------------------------------------------------------------


def test_look_alike_characters_score_higher_than_unlike_ones() -> None:
    assert glyph_similarity("含", "合") > glyph_similarity("含", "小") + 0.1
    assert glyph_similarity("兄", "克") > glyph_similarity("兄", "政")
    assert glyph_similarity("合", "合") == 1.0
    assert weighted_distance("兄孜勒", "克孜勒") < 1.0 < weighted_distance("财政局", "民政厅")


# --- total-row labels ---------------------------------------------------------------


def test_total_label_one_character_off() -> None:
    fix = repair_total_label("含计")
    assert fix is not None and fix.text == "合计" and fix.printed == "含计"
    assert set(fix.candidates) >= {"合计", "总计", "小计"}  # the look of 含 decided
    assert repair_total_label("合计") is None
    assert repair_total_label("赣州市小汁") is not None and repair_total_label("赣州市小汁").text == "赣州市小计"  # type: ignore[union-attr]
    assert repair_total_label("栾川县") is None
    assert repair_total_label("某某单位合汁") is None  # the prefix is no region
    assert repair_total_label("石河子总场") is None  # 场 looks nothing like 计: a farm of its own


def test_pick_lookalike_leaves_a_tie_alone() -> None:
    assert pick_lookalike("x计", ["合计", "总计"]) is None  # nothing looks like x more than the other


def test_ocr_total_row_label_repaired_marked_and_checked() -> None:
    rows = [HEAD, ["武江区", "100"], ["曲江区", "27"], ["含计", "130"]]
    t = parse_allocation_table(table(rows, confidence=0.95))
    total = t.rows[-1]
    assert total.is_total and total.region_as_printed == "合计"
    assert total.prov.repaired_from == "含计"
    n = notice_with(t)
    flags = check_notice(n)
    assert "ALLOCATION_COLUMN_SUM" in [f.code for f in flags]  # the planted error is found again
    assert any(f.code == "LOW_CONFIDENCE" and "含计" in f.message for f in flags)
    # a text layer is never repaired
    plain = parse_allocation_table(table(rows))
    assert plain.rows[-1].region_as_printed == "含计" and plain.rows[-1].prov.repaired_from is None


# --- region names ------------------------------------------------------------------


def test_region_one_character_off_under_the_parent() -> None:
    assert repair_region_name("渍江区", within="韶关市") is None  # 浈江区, 曲江区, 武江区: no clear one
    fix = repair_region_name("渍江区", within="韶关市", taken={"武江区", "曲江区"})
    assert fix is not None and fix.text == "浈江区"
    assert repair_region_name("浈江区", within="韶关市") is None  # read right


def test_a_two_character_county_one_look_alike_off_under_the_parent() -> None:
    fix = repair_region_name("孟县", within="阳泉市")  # 盂县: 孟 looks like 盂
    assert fix is not None and fix.text == "盂县"
    assert repair_region_name("孟县", within="晋中市") is None  # no county of 晋中 is one off
    assert repair_region_name("平县", within="阳泉市") is None  # 平 looks like neither 盂 nor any other
    assert repair_region_name("盂县", within="阳泉市") is None  # the name itself


def test_ocr_region_row_repaired_from_its_siblings() -> None:
    rows = [HEAD, ["武江区", "100"], ["渍江区", "22"], ["曲江区", "105"], ["合计", "227"]]
    t = parse_allocation_table(table(rows, confidence=0.95))
    fixed = t.rows[1]
    assert fixed.region_as_printed == "浈江区" and fixed.region_code == "440204"
    assert fixed.prov.repaired_from == "渍江区"
    flags = check_notice(notice_with(t))
    assert any(f.code == "LOW_CONFIDENCE" and "渍江区" in f.message for f in flags)
    assert parse_allocation_table(table(rows)).rows[1].region_as_printed == "渍江区"


# --- organ names -------------------------------------------------------------------


def test_organ_name_with_several_look_alikes() -> None:
    fix = repair_organ_name("兄孜勒办柯尔兄孜目治州财政局")
    assert fix is not None and fix.text == "克孜勒苏柯尔克孜自治州财政局"
    one = repair_organ_name("栾川目财政局")
    assert one is not None and one.text == "栾川县财政局"


def test_organ_names_read_right_are_left_alone() -> None:
    for name in ("山西省应急管理厅", "福清市卫生和计划生育局办公室", "克孜勒苏柯尔克孜自治州财政局",
                 "开发区社会发展局", "洛阳市人力资源和社会保障局", "库尔勒经济技术开发区财政局",
                 "洛阳镇人民政府", "城关街道办事处人民政府"):  # townships: GB/T 2260 lists none
        assert repair_organ_name(name) is None, name


# --- amounts by the sums -----------------------------------------------------------


def test_speck_cell_inferred_from_the_column_total() -> None:
    rows = [HEAD, ["武江区", "100"], ["浈江区", "。22"], ["曲江区", "105"], ["合计", "227"]]
    t = parse_allocation_table(table(rows, confidence=0.95))
    cell = t.rows[1]
    assert cell.values == (D(22),)
    assert cell.value_provs[0].repaired_from == "。22"
    assert check_table_sums(0, t) == []
    flags = check_notice(notice_with(t))
    assert not [f for f in flags if f.severity == "error"]
    low = [f for f in flags if f.code == "LOW_CONFIDENCE" and "。22" in f.message]
    assert low and "inferred" in low[0].message


def test_two_unknown_cells_in_one_sum_are_left_empty() -> None:
    rows = [HEAD, ["武江区", "100"], ["浈江区", "。22"], ["曲江区", "1。05"], ["合计", "227"]]
    t = parse_allocation_table(table(rows, confidence=0.95))
    assert t.rows[1].values == (None,)


def test_inference_needs_the_digits_read() -> None:
    unreadable = repair_amount("。22", 0)
    assert infer_from_sum(unreadable, D(22)).value == D(22)
    assert infer_from_sum(unreadable, D(122)).value == D(122)  # a digit lost into the speck
    assert infer_from_sum(unreadable, D(23)).value is None  # 23 does not show 2, 2
    assert infer_from_sum(repair_amount("22", 0), D(23)).value == D(22)  # a clean cell stays
    assert infer_from_sum(repair_amount("", 0), D(23)).value is None  # an empty cell stays empty


amounts = st.lists(st.integers(min_value=1, max_value=99_999), min_size=2, max_size=6)


@settings(max_examples=40, deadline=None)
@given(amounts, st.data())
def test_a_repair_never_changes_what_the_sums_do_not_determine(values: list[int], data: st.DataObject) -> None:
    """One cell made unreadable (a speck before it) is inferred exactly; a
    second unreadable cell in the same column leaves both empty; a clean
    but wrong cell is never changed (the check flags it instead); every
    inferred value names what OCR read."""
    values = [500, *values]  # a clean first row: the header stays one row
    total = sum(values)
    names = ["始兴县", "武江区", "浈江区", "曲江区", "仁化县", "翁源县", "新丰县", "乳源瑶族自治县"][: len(values)]
    cells = [str(v) for v in values]
    k = data.draw(st.integers(1, len(values) - 1))
    mode = data.draw(st.sampled_from(["one", "two", "wrong"]))
    cells[k] = "。" + cells[k] if mode != "wrong" else str(values[k] + 10)  # beyond the tolerance
    if mode == "two":
        j = k + 1 if k + 1 < len(values) else 1
        cells[j] = cells[j] + "。"
    rows = [HEAD, *([n, c] for n, c in zip(names, cells, strict=True)), ["合计", str(total)]]
    t = parse_allocation_table(table(rows, confidence=0.95))
    got = [r.values[0] for r in t.rows[:-1]]
    if mode == "one":
        assert got == [D(v) for v in values]
        assert t.rows[k].value_provs[0].repaired_from == cells[k]
    elif mode == "two":
        assert got[k] is None and got[k + 1 if k + 1 < len(values) else 1] is None
    else:
        assert got[k] == D(values[k] + 10)  # as read
        assert t.rows[k].value_provs[0].repaired_from is None
        # an error, or (a scan, one figure one glyph off the sum: pipeline/checks/ocr_sums.py) a warning
        assert [f.code for f in check_table_sums(0, t)] in (["ALLOCATION_COLUMN_SUM"], ["LOW_CONFIDENCE"])
    for r in t.rows:
        for v, p in zip(r.values, r.value_provs, strict=True):
            if p.repaired_from is not None and v is not None and p.repaired_from != str(v):
                assert any(ch.isdigit() for ch in p.repaired_from)


def test_checks_raise_no_error_from_a_doubtful_value() -> None:
    rows = [HEAD, ["武江区", "100"], ["浈江区", "22"], ["曲江区", "105"], ["合计", "230"]]
    t = parse_allocation_table(table(rows, confidence=0.95))
    assert [f.code for f in check_table_sums(0, t)] == ["ALLOCATION_COLUMN_SUM"]
    doubtful = replace(t.rows[1], value_provs=(Provenance(confidence=0.3),))
    t2 = replace(t, rows=(t.rows[0], doubtful, *t.rows[2:]))
    assert check_table_sums(0, t2) == []
    assert "LOW_CONFIDENCE" in codes(notice_with(t2))


# --- specks beside numbers and names --------------------------------------------------


def test_speck_glyph_beside_an_amount_is_dropped_and_marked() -> None:
    rep = repair_amount("• 150", 0)
    assert rep.value == D(150) and rep.status == "repaired" and rep.doubtful
    assert repair_amount("•", 0).value is None  # a speck alone is no number


def test_a_point_ending_in_zero_in_a_column_of_integers_is_settled_by_the_sums() -> None:
    rows = [["地区", "全年合计", "提前下达", "此次下达"], ["武江区", "255", "16.0", "95"], ["曲江区", "100", "60", "40"],
            ["合计", "355", "220", "135"]]
    t = parse_allocation_table(table(rows, confidence=0.95))
    assert t.rows[0].values == (D(255), D(160), D(95))
    assert t.rows[0].value_provs[1].repaired_from == "16.0"
    assert check_table_sums(0, t) == []
    # a point the sums do not confirm stays as read, doubtful, and raises no error
    rows[1][2] = "17.0"
    t = parse_allocation_table(table(rows, confidence=0.95))
    assert t.rows[0].values[1] == D("17.0") and t.rows[0].value_provs[1].repaired_from == "17.0"
    assert not [f for f in check_table_sums(0, t) if f.severity == "error"]


def test_speck_after_a_region_name_is_dropped_and_marked() -> None:
    rows = [HEAD, ["章贡区", "100"], ["于都县·", "27"], ["合计", "127"]]
    t = parse_allocation_table(table(rows, confidence=0.95))
    assert t.rows[1].region_as_printed == "于都县" and t.rows[1].prov.repaired_from == "于都县·"
    assert "REGION_ALIAS" not in codes(notice_with(t))


def test_leading_comma_speck_before_a_region_name_is_dropped_and_marked() -> None:
    rows = [HEAD, ["上城区", "100"], [",滨江区", "27"], ["合计", "127"]]
    t = parse_allocation_table(table(rows, confidence=0.95))
    assert t.rows[1].region_as_printed == "滨江区" and t.rows[1].prov.repaired_from == "，滨江区"
    assert "REGION_ALIAS" not in codes(notice_with(t))
    assert parse_allocation_table(table(rows)).rows[1].region_as_printed == "，滨江区"  # text layer


def test_speck_after_a_project_name_is_dropped_and_marked() -> None:
    rows = [["项目名称", "金额"], ["永乐镇产业帮扶车间项目", "100"], ["草堂镇脐橙分选线改造项目.", "27"], ["合计", "127"]]
    t = parse_allocation_table(table(rows, confidence=0.95))
    assert t.rows[1].region_as_printed == "草堂镇脐橙分选线改造项目"
    assert t.rows[1].prov.repaired_from == "草堂镇脐橙分选线改造项目."
    assert any(f.code == "LOW_CONFIDENCE" and "改造项目." in f.message for f in check_notice(notice_with(t)))
    assert parse_allocation_table(table(rows)).rows[1].region_as_printed.endswith("项目.")  # text layer


def test_region_repair_stays_inside_the_rows_block() -> None:
    """A province table of 小计 blocks: a row of 杭州市's block is repaired only
    to a district of 杭州市 (江干区, a former 杭州 district, is no misread 江北区 of 宁波)."""
    rows = [HEAD, ["合计", "70"], ["杭州市小计", "40"], ["上城区", "10"], ["江干区", "10"], ["拱墅区", "10"],
            ["西湖区", "10"], ["宁波市小计", "30"], ["海曙区", "10"], ["镇海区", "10"], ["北仑区", "10"]]
    t = parse_allocation_table(table(rows, confidence=0.95))
    assert t.rows[3].region_as_printed == "江干区" and t.rows[3].prov.repaired_from is None
    # the same misread inside 宁波市's block has one candidate there: 江北区
    rows[10][0] = "江干区"
    t = parse_allocation_table(table(rows, confidence=0.95))
    assert t.rows[9].region_as_printed == "江北区" and t.rows[9].prov.repaired_from == "江干区"


def test_lost_tick_between_two_usual_option_labels_run_together() -> None:
    from parsers.normalize.checkboxes import read_checkboxes

    got = read_checkboxes("因素法□项目法□据实据效因素法与项目法相结合□")
    assert got.status == "repaired" and got.choices == ("据实据效",)
    assert read_checkboxes("因素法□项目法□据实据效☑因素法与项目法相结合□").status == "clean"


# --- ambiguous amounts decided together (ocr_rows.settle_jointly) --------------------

JOINT_HEAD = ["地区", "合计", "中央", "省级", "市级"]


def test_two_ambiguous_cells_in_a_row_are_decided_together() -> None:
    """49.248 and 10.506 share their row: neither is settled alone; one
    combination of readings makes the row and the column sums hold."""
    rows = [JOINT_HEAD,
            ["甲街道", "82.08", "49.248", "6.5664", "10.506"],
            ["乙街道", "54.45", "32.67", "4.3560", "6.9696"],
            ["合计", "136.53", "81.918", "10.9224", "17.4756"]]
    t = parse_allocation_table(table(rows, confidence=0.95), ("单位：万元",), 1)
    assert t.rows[0].values[1:] == (D("49.248"), D("6.5664"), D("10.506"))
    assert [p.repaired_from for p in t.rows[0].value_provs] == [None] * 4  # as printed, confirmed
    assert not [f for f in check_notice(notice_with(t)) if f.code == "LOW_CONFIDENCE"]


def test_joint_settlement_leaves_cells_alone_when_two_combinations_fit() -> None:
    rows = [["地区", "合计", "甲", "乙"], ["甲县", "3.000", "1.500", "1.500"]]
    t = parse_allocation_table(table(rows, confidence=0.95), ("单位：万元",), 1)
    # 3.000 = 1.500 + 1.500 and 3000 = 1500 + 1500: two combinations, nothing decided
    assert all(p.repaired_from is not None for p in t.rows[0].value_provs)


_amount = st.integers(1, 99_999)


@settings(deadline=None, max_examples=60)
@given(st.lists(st.tuples(_amount, _amount), min_size=2, max_size=4))
def test_joint_settlement_only_takes_readings_that_make_every_sum_hold(parts: list[tuple[int, int]]) -> None:
    """Amounts in thousandths of 万元 printed with three decimals (each ambiguous:
    x.yyy or xyyy): whatever is decided makes the row and column sums hold."""
    def fmt(n: int) -> str:
        return f"{n // 1000}.{n % 1000:03d}" if n >= 1000 else f"0.{n:03d}"
    rows = [["地区", "合计", "甲", "乙"]]
    for k, (a, b) in enumerate(parts):
        rows.append([f"{k}号", fmt(a + b), fmt(a), fmt(b)])
    rows.append(["合计", fmt(sum(a + b for a, b in parts)), fmt(sum(a for a, _ in parts)), fmt(sum(b for _, b in parts))])
    t = parse_allocation_table(table(rows, confidence=0.95), ("单位：万元",), 1)
    for r in t.rows:
        decided = [p.repaired_from is None for p in r.value_provs]
        if all(decided) and all(v is not None for v in r.values):
            assert r.values[0] == r.values[1] + r.values[2]  # type: ignore[operator]


# --- 主送机关: regions inside a list of organ names ------------------------------------


def test_recipient_list_region_repaired_per_name() -> None:
    from parsers.normalize.vocab_repair import repair_recipient_list

    fix = repair_recipient_list("章责区财政局、于都县财政局", ["抄送：赣州市章贡区财政局"])
    assert fix is not None and fix.text == "章贡区财政局、于都县财政局" and fix.attested
    pinned = repair_recipient_list("赣州市章责区财政局、民政局")
    assert pinned is not None and pinned.text == "赣州市章贡区财政局、民政局" and not pinned.attested
    for right in ("各县（市、区）财政局", "各有关乡镇财政所、农业服务中心", "江北区财政局", "韶关市渍江区财政局"):
        assert repair_recipient_list(right) is None, right  # read right, or no one candidate


def test_a_list_name_with_no_region_is_read_among_its_siblings_counties() -> None:
    """埔桥区 opens with no region; the list's other names open with counties of
    宿州市 (砀山县, 萧县 …), so it is read among 宿州市's counties: 埇桥区."""
    from parsers.normalize.vocab_repair import repair_recipient_list

    fix = repair_recipient_list("埔桥区、砀山县、萧县、灵璧县、泗县财政局")
    assert fix is not None and fix.text == "埇桥区、砀山县、萧县、灵璧县、泗县财政局" and not fix.attested
    attested = repair_recipient_list("埔桥区财政局、砀山县财政局、萧县财政局", ["抄送：埇桥区财政局"])
    assert attested is not None and attested.text.startswith("埇桥区财政局、") and attested.attested
    assert repair_recipient_list("埔桥区、砀山县财政局") is None  # one sibling pins no prefecture
    assert repair_recipient_list("埔桥区、砀山县、于都县财政局") is None  # siblings of two prefectures
    assert repair_recipient_list("高新区财政局、端州区财政局、鼎湖区财政局") is None  # an area word: no 高要区


def test_recipients_repaired_marked_and_reported() -> None:
    from parsers.geometry import PageFrame
    from parsers.header import parse_header
    from pipeline.core.model import BBox, Line

    def ln(text: str, y: float, x0: float, x1: float, conf: float | None) -> Line:
        return Line(text, BBox(x0, y, x1, y + 20), 1, confidence=conf)

    def lines(conf: float | None) -> tuple[Line, ...]:
        return (ln("赣州市财政局文件", 130, 120, 480, conf), ln("赣市财社〔2021〕8号", 230, 240, 370, conf),
                ln("关于下达资金的通知", 300, 200, 400, conf), ln("赣州市章责区财政局：", 380, 80, 260, conf),
                ln("现将资金下达你们。", 410, 110, 500, conf))

    frame = PageFrame(80.0, 520.0, 595.0, 16.0)
    h = parse_header(lines(0.97), frame)
    assert h.recipients is not None and h.recipients.value == "赣州市章贡区财政局"
    assert h.recipients.prov.repaired_from == "赣州市章责区财政局：" and h.recipients.prov.confidence == 0.5
    n = Notice(source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 1), text_source="ocr", recipients=h.recipients)
    assert any(f.code == "LOW_CONFIDENCE" and f.subject == "recipients" for f in check_notice(n))
    plain = parse_header(lines(None), frame)
    assert plain.recipients is not None and plain.recipients.value == "赣州市章责区财政局"  # a text layer


def test_an_area_that_is_no_division_is_not_repaired_into_one() -> None:
    """肇庆高新区 (a development zone) is one character from 肇庆高要区: the change
    falls inside the area word 高新区 (organs.yaml), so nothing is repaired, even
    when the document prints 高要区 elsewhere; a change outside it still is."""
    from parsers.normalize.ocr_repair import repair_region_in_name
    from parsers.normalize.vocab_repair import repair_recipient_list

    assert repair_region_in_name("肇庆高新区财政局") is None
    assert repair_region_in_name("肇庆高新区财政局", ["肇庆市高要区财政局"]) is None
    assert repair_recipient_list("端州区财政局、肇庆高新区财政局") is None
    fixed = repair_region_in_name("商丘市粱园区财政局")  # 梁园区 ends in 园区: the change is before it
    assert fixed is not None and fixed.text == "商丘市梁园区财政局"


def test_each_name_of_a_stacked_joint_mark_keeps_its_own_lines_confidence() -> None:
    """Three names stacked in the mark, the middle one read with doubt: only that one is doubtful
    (LOW_CONFIDENCE); the two read with confidence are no warnings."""
    from parsers.geometry import PageFrame
    from parsers.header import parse_header
    from pipeline.core.model import BBox, Line

    def ln(text: str, y: float, conf: float | None) -> Line:
        return Line(text, BBox(110, y, 490, y + 30), 1, confidence=conf)

    lines = (
        ln("礼县民政局", 130, 1.0), ln("礼县财政局文件", 165, 0.56), ln("礼县残疾人联合会", 200, 0.99),
        Line("礼民发〔2024〕47号", BBox(232, 275, 371, 297), 1, confidence=0.99),
        Line("关于下达资金的通知", BBox(150, 340, 450, 360), 1, confidence=0.99),
    )
    h = parse_header(lines, PageFrame(80.0, 520.0, 595.0, 16.0))
    assert [f.value for f in h.issuers] == ["礼县民政局", "礼县财政局", "礼县残疾人联合会"]
    assert [f.prov.confidence for f in h.issuers] == [1.0, 0.56, 0.99]
    n = Notice(source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 1), text_source="ocr", issuers=h.issuers)
    assert [f.subject for f in check_notice(n) if f.code == "LOW_CONFIDENCE"] == ["issuers[1]"]


def test_a_speck_glued_to_an_organ_name_is_dropped_without_a_warning() -> None:
    """``岢岚县财政局E`` (a speck read E, the line read with confidence): the name is put back and
    what was read kept, but no character of it is in doubt, so no LOW_CONFIDENCE; a speck read as
    a line of its own (``E``, with doubt) above the name lends it no doubt either."""
    from parsers.geometry import PageFrame
    from parsers.header import parse_header
    from pipeline.core.model import BBox, Line

    def ln(text: str, y: float, x0: float, x1: float, conf: float) -> Line:
        return Line(text, BBox(x0, y, x1, y + 30), 1, confidence=conf)

    frame = PageFrame(80.0, 520.0, 595.0, 16.0)
    tail = (ln("岢财发〔2023〕5号", 275, 232, 371, 0.99), ln("关于下达资金的通知", 340, 150, 450, 0.99),
            ln("岢岚县财政局", 600, 340, 460, 0.99))
    h = parse_header((ln("岢岚县财政局E", 130, 110, 490, 0.97), *tail), frame)
    (name,) = h.issuers
    assert name.value == "岢岚县财政局" and name.prov.repaired_from == "岢岚县财政局E"
    n = Notice(source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 1), text_source="ocr", issuers=h.issuers)
    assert [f for f in check_notice(n) if f.code == "LOW_CONFIDENCE"] == []
    speck = parse_header((ln("E", 132, 129, 168, 0.62), ln("岢岚县财政局文件", 175, 137, 373, 0.99), *tail), frame)
    assert [f.value for f in speck.issuers] == ["岢岚县财政局"]
    assert speck.issuers[0].prov.confidence == 0.99
    doubtful = parse_header((ln("岢岚县财政局E", 130, 110, 490, 0.6), *tail), frame)
    n = Notice(source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 1), text_source="ocr", issuers=doubtful.issuers)
    assert [f.subject for f in check_notice(n) if f.code == "LOW_CONFIDENCE"] == ["issuers[0]"]  # read with doubt
