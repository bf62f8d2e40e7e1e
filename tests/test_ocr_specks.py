"""Specks at the ends of OCR-read header lines (parsers/ocr_specks.py): dropped
where the grammar prints nothing, marked, and a text layer never touched."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.geometry import PageFrame
from parsers.header import parse_header
from parsers.ocr_specks import (
    LEADING,
    TRAILING,
    edge_specks_off,
    inner_specks_off,
    speckless_field,
    value_specks_off,
)
from pipeline.checks.notice import check_notice
from pipeline.core.model import BBox, Field, Line, Notice, Provenance, SourceFile


@pytest.mark.parametrize(
    ("read", "clean"),
    [
        ("关于预拨2018年产粮大县奖励资金的通知·", "关于预拨2018年产粮大县奖励资金的通知"),
        ("市级补助资金的通知.", "市级补助资金的通知"),
        ("·江北区财政局：", "江北区财政局："),
        ("各有关乡镇财政所、农业服务中心：.", "各有关乡镇财政所、农业服务中心："),
        ("，滨江区", "滨江区"),
        ("•（第二批）的通知", "（第二批）的通知"),
        ("鞍山市小计__", "鞍山市小计"),  # a piece of the cell's rule under its end
        # what the grammar does print is kept
        ("关于下达2020年度资金、", "关于下达2020年度资金、"),  # a title broken after 、
        ("关于下达2020年度资金，", "关于下达2020年度资金，"),
        ("（第二批扶贫开发项目）的通知", "（第二批扶贫开发项目）的通知"),
        ("《关于印发办法的通知》", "《关于印发办法的通知》"),
        ("1.", "1."),  # a numbered item: no Han beside the dot
        ("阿依古丽·买买提", "阿依古丽·买买提"),
    ],
)
def test_edge_specks(read: str, clean: str) -> None:
    assert edge_specks_off(read) == clean


@pytest.mark.parametrize(
    ("read", "clean"),
    [("≥95%.", "≥95%"), ("≥1.5万元·", "≥1.5万元"), ("100人", "100人"), ("3.5", "3.5"), ("应保尽保", "应保尽保")],
)
def test_a_dot_after_a_value_is_a_speck(read: str, clean: str) -> None:
    assert value_specks_off(read) == clean


@pytest.mark.parametrize(
    ("read", "clean"),
    [
        ("不低于1650元/人月", "不低于1650元/人·月"),  # the dot lost where the cell's line wrapped
        ("≥730元/人:月", "≥730元/人·月"),  # the dot read as a colon
        ("≥730元/人：月", "≥730元/人·月"),
        ("1000元/生学年", "1000元/生·学年"),
        ("1000元/生.学年", "1000元/生.学年"),  # a point there is printed (ocr_specks docstring)
        ("≥730元/人·月", "≥730元/人·月"),
        ("≥730元/人/月", "≥730元/人/月"),
        ("50元/亩次", "50元/亩次"),  # one denominator (亩次), no head count
        ("100元/人月均", "100元/人月均"),  # a time glued to more words: no denominator of its own
    ],
)
def test_a_two_denominator_rates_dot_read_as_a_colon_or_lost_is_put_back(read: str, clean: str) -> None:
    assert value_specks_off(read) == clean


def test_a_speck_after_an_ocr_indicator_value_is_dropped_and_marked() -> None:
    from parsers.targets import repair_ocr_indicators
    from pipeline.core.model import Funds, Indicator, Target, TargetTable

    ind = Indicator("产出指标", "质量指标", "培训合格率", "≥95%.", Target(">=", None, None), prov=Provenance(4, None, 0.97))
    table = TargetTable(1, "regional", 2023, None, None, "技能培训", "万元", Funds(None), (ind,), page=4)
    (fixed,) = repair_ocr_indicators((table,))
    got = fixed.indicators[0]
    assert got.value == "≥95%" and got.target.number == 95 and got.prov.repaired_from == "≥95%."


def test_a_dash_read_as_one_between_years_is_put_back_and_marked() -> None:
    from pipeline.core.model import BBox, Line

    read = Line("关于下拨2022一2023年度中央冬春救助资金的通知", BBox(80, 200, 500, 222), 1, confidence=0.99)
    title = speckless_field([read])
    assert title.value == "关于下拨2022—2023年度中央冬春救助资金的通知"
    assert title.prov.repaired_from == read.text
    printed = Line("一二三", BBox(80, 200, 500, 222), 1, confidence=0.99)  # between Han: a numeral
    assert speckless_field([printed]).value == "一二三"


def test_inner_dot_between_han_is_a_speck() -> None:
    assert inner_specks_off("剩余3.6万2022年补.助") == "剩余3.6万2022年补助"
    assert inner_specks_off("阿依古丽·买买提") == "阿依古丽·买买提"  # the name dot stays
    assert inner_specks_off("3.6万元") == "3.6万元"
    # a compound unit prints its dot after the slash; elsewhere it goes
    assert inner_specks_off("小学1000元/生.学年，初中") == "小学1000元/生.学年，初中"
    assert inner_specks_off("每亩补.助100元/亩") == "每亩补助100元/亩"


_HAN = st.text(alphabet="关于下达财政局资金的通知各县市区民政", min_size=1, max_size=12)


@settings(deadline=None)
@given(_HAN, st.text(alphabet=LEADING, max_size=2), st.text(alphabet=TRAILING, max_size=2),
       st.sampled_from(["", "：", "（第二批）", "》"]))
def test_specks_off_leave_the_words(words: str, lead: str, trail: str, end: str) -> None:
    read = lead + words + end + trail
    got = edge_specks_off(read)
    assert got == words + end  # every speck gone, every word and bracket kept
    assert edge_specks_off(got) == got  # idempotent


def _line(text: str, y: float, conf: float | None, x0: float = 80.0, x1: float = 500.0) -> Line:
    return Line(text, BBox(x0, y, x1, y + 20), 1, confidence=conf)


def _header(conf: float | None) -> tuple[Line, ...]:
    return (
        _line("遂宁市财政局文件", 130, conf),
        _line("遂财社〔2020〕21号", 230, conf, 240, 370),
        _line("关于预下达2020年基本公共卫生服务", 300, conf, 90, 510),
        _line("市级补助资金的通知.", 335, conf, 200, 415),
        _line("·各区（县）财政局：.", 380, conf, 78, 300),
        _line("为做好基本公共卫生服务工作，现将资金下达你们。", 410, conf),
    )


def test_title_and_recipients_unspecked_and_marked() -> None:
    frame = PageFrame(78.0, 520.0, 442.0, 16.0)
    h = parse_header(_header(0.98), frame)
    assert h.title is not None and h.title.value == "关于预下达2020年基本公共卫生服务市级补助资金的通知"
    assert h.title.prov.repaired_from == "关于预下达2020年基本公共卫生服务市级补助资金的通知."
    assert h.recipients is not None and h.recipients.value == "各区（县）财政局"
    assert h.recipients.prov.repaired_from == "·各区（县）财政局：."
    n = Notice(source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 1), text_source="ocr",
               title=h.title, recipients=h.recipients)
    # every character read with confidence, only specks dropped: no doubt left, no warning (session 10)
    assert [f for f in check_notice(n) if f.code == "LOW_CONFIDENCE"] == []
    doubtful = parse_header(_header(0.7), frame)  # the same specks on lines read with doubt: reported
    n = replace(n, title=doubtful.title, recipients=doubtful.recipients)
    low = {f.subject: f.message for f in check_notice(n) if f.code == "LOW_CONFIDENCE"}
    assert "通知." in low["title"] and "·各区" in low["recipients"]
    # the same lines from a text layer are read as printed
    plain = parse_header(_header(None), frame)
    assert plain.title is not None and "通知." in plain.title.value and plain.title.prov.repaired_from is None
    assert plain.recipients is None or plain.recipients.prov.repaired_from is None


def test_clean_ocr_lines_are_not_marked() -> None:
    lines = (_line("各区（县）财政局：", 380, 0.99),)
    f = speckless_field(lines, drop_end="：:")
    assert f == Field("各区（县）财政局", "各区（县）财政局：", Provenance(1, lines[0].bbox, 0.99))


# --- seal ring text over a stacked signature ------------------------------------------


def _sig(text: str, x0: float, x1: float, top: float, conf: float | None) -> Line:
    return Line(text, BBox(x0, top, x1, top + 20), 2, confidence=conf, font_size=16)


def test_seal_ring_text_is_looked_past_in_the_signature() -> None:
    """Two seals stacked tight on a grey scan: a piece of the lower seal's ring
    text (一省教一, read with doubt) between the two names is no name."""
    from parsers.ocr_specks import is_seal_ring_text
    from parsers.signature import find_signature

    frame = PageFrame(left=80, right=520, width=440, body_size=16)

    def block(conf: float | None, ring_conf: float | None) -> list[str]:
        lines = (_sig("附件：2024年支持学前教育发展补助资金安排表", 112, 448, 102, conf),
                 _sig("福建省财政厅", 356, 451, 260, conf), _sig("一省教一", 365, 441, 317, ring_conf),
                 _sig("福建省教育厅", 356, 451, 352, conf), _sig("2024年11月15日", 344, 456, 381, conf))
        return [n for n, _ in find_signature(lines, 1, 4, frame).names]

    assert block(0.99, 0.75) == ["福建省财政厅", "福建省教育厅"]
    assert block(0.99, 0.95) != ["福建省财政厅", "福建省教育厅"]  # read without doubt: not taken for a seal's
    name = _sig("福建省教育厅", 356, 451, 352, 0.99)
    assert is_seal_ring_text(_sig("一省教一", 365, 441, 317, 0.75), [name])
    assert not is_seal_ring_text(_sig("一省财一", 365, 441, 317, 0.75), [name])  # not in the name
    assert not is_seal_ring_text(_sig("一省教一", 365, 441, 317, None), [name])  # a text layer


def test_a_ring_piece_with_the_rings_arc_read_at_its_ends_is_no_name() -> None:
    """``小教育安`` (read with doubt) over ``红河州教育体育局``: two of the name's characters in a
    run, the ring's arc read as one glyph at each end."""
    from parsers.ocr_specks import is_seal_ring_text

    name = _sig("红河州教育体育局", 340, 472, 405, 0.99)
    assert is_seal_ring_text(_sig("小教育安", 371, 441, 373, 0.67), [name])
    assert is_seal_ring_text(_sig("教育安", 371, 441, 373, 0.67), [name])
    assert not is_seal_ring_text(_sig("小教安", 371, 441, 373, 0.67), [name])  # no run of two
    assert not is_seal_ring_text(_sig("小财政安", 371, 441, 373, 0.67), [name])  # not the name's
    assert not is_seal_ring_text(_sig("小教育安", 371, 441, 373, 0.95), [name])  # read without doubt


def test_a_red_piece_of_ring_text_over_the_name_is_no_name() -> None:
    """The seal's ring read by the red pass (``西省财政``, red, read with
    confidence) over the black name it spells part of is ring text."""
    from dataclasses import replace as _replace

    from parsers.ocr_specks import is_seal_ring_text

    name = _sig("江西省财政厅", 362, 459, 392, 0.99)
    red = _replace(_sig("西省财政", 378, 443, 359, 0.96), is_red=True)
    assert is_seal_ring_text(red, [name])
    assert not is_seal_ring_text(_replace(red, is_red=False), [name])  # black and confident: printed text
    assert not is_seal_ring_text(red, [_replace(name, is_red=True)])  # in a red heading's own words


def test_a_lone_seals_ring_over_its_name_is_no_second_name() -> None:
    """A lone 署名 under its seal: the ring text arched over the name, read as one
    line (one character bent: 东 for 乐) whose box overlaps the name's, is no name."""
    from parsers.ocr_specks import is_seal_ring_name
    from parsers.signature import find_signature

    frame = PageFrame(left=80, right=520, width=440, body_size=16)
    ring = Line("东山市财政局", BBox(372, 113, 465, 165), 2, confidence=0.85, font_size=40)
    name = _sig("乐山市财政局", 364, 463, 152, 1.0)
    date = _sig("2021年2月3日", 366, 459, 183, 1.0)
    body = _sig("养护。", 81, 128, 100, 1.0)
    assert [n for n, _ in find_signature((body, ring, name, date), 0, 3, frame).names] == ["乐山市财政局"]
    assert is_seal_ring_name(ring, [name])
    low = replace(ring, bbox=BBox(372, 100, 465, 140))
    assert not is_seal_ring_name(low, [name])  # apart from the name: a printed line
    assert not is_seal_ring_name(replace(ring, text="东山市水务局"), [name])  # two characters differ
    assert not is_seal_ring_name(replace(ring, confidence=1.0), [name])  # no more doubt than the name
    assert not is_seal_ring_name(replace(ring, confidence=None), [name])  # a text layer


def test_a_ring_piece_arched_over_the_name_it_spells_is_no_signatory() -> None:
    from parsers.ocr_specks import is_seal_ring_name
    from parsers.signature import find_signature

    frame = PageFrame(left=80, right=520, width=440, body_size=16)
    ring = Line("木斯市财政区", BBox(363, 222, 450, 266), 2, confidence=0.84, font_size=40)  # 佳 lost, 局 read 区
    first = _sig("佳木斯市财政局", 348, 459, 257, 0.96)
    second = _sig("佳木斯市水务局", 345, 460, 289, 1.0)
    date = _sig("2015年9月15日", 354, 455, 317, 1.0)
    body = _sig("附件：音达木河支流治理工程建设资金下达表", 112, 430, 160, 1.0)
    block = find_signature((body, ring, first, second, date), 0, 4, frame)
    assert [n for n, _ in block.names] == ["佳木斯市财政局", "佳木斯市水务局"]
    assert is_seal_ring_name(ring, [first])
    assert not is_seal_ring_name(replace(ring, text="木斯区"), [first])  # under half the name: no ring of it
    assert not is_seal_ring_name(replace(ring, text="木斯市水利区"), [first])  # no run of the name
    assert not is_seal_ring_name(replace(ring, bbox=BBox(363, 200, 450, 240)), [first])  # apart: a printed line


def test_a_doubted_ring_garbled_around_a_run_of_a_name_on_a_joint_row_is_no_signatory() -> None:
    """Two names signed side by side, one seal's ring arched over the first and read with doubt
    as ``北州圳市财政公司`` (抚顺 and 局 garbled by the arc): it holds half the first name (市财政)."""
    from parsers.ocr_specks import is_seal_ring_name
    from parsers.signature import find_signature

    frame = PageFrame(left=80, right=520, width=440, body_size=16)
    ring = Line("北州圳市财政公司", BBox(137, 567, 247, 623), 2, confidence=0.60, font_size=40)
    row = Line("抚顺市财政局   抚顺市 民政局", BBox(143, 607, 460, 630), 2, confidence=0.9995, font_size=16)
    date = _sig("二〇一三年八月十八日", 298, 458, 657, 1.0)
    body = _sig("报市财政局市民政局。", 80, 253, 554, 1.0)
    block = find_signature((body, ring, row, date), 0, 3, frame)
    assert [n for n, _ in block.names] == ["抚顺市财政局", "抚顺市民政局"]
    assert is_seal_ring_name(ring, [row])
    assert not is_seal_ring_name(replace(ring, confidence=0.9), [row])  # read with little doubt: a run is no proof
    assert not is_seal_ring_name(replace(ring, text="北州圳市水利公司"), [row])  # no run of half a name
    assert not is_seal_ring_name(replace(ring, bbox=BBox(137, 540, 247, 590)), [row])  # apart: a printed line


def test_attachment_heading_after_a_speck() -> None:
    from parsers.sections import _is_heading

    assert _is_heading(Line("·附件1", BBox(64, 85, 124, 106), 3, confidence=0.88)) == 1
    assert _is_heading(Line("·附件1", BBox(64, 85, 124, 106), 3)) is False  # a text layer reads as printed


def test_a_dash_read_as_one_in_a_cited_title_is_put_back_and_marked() -> None:
    from parsers.ocr_specks import dashes_back
    from parsers.references import parse_references

    assert dashes_back("〈2015一2017年农业机械购置补贴实施指导意见〉") == "〈2015—2017年农业机械购置补贴实施指导意见〉"
    assert dashes_back("第一2条") == "第一2条" and dashes_back("统一规划") == "统一规划"
    body = "根据《关于印发〈2015一2017年农业机械购置补贴实施指导意见〉的通知》（农办财〔2015〕6号）"
    (ref,) = parse_references(body, own_doc_number=None, prov=Provenance(page=1, confidence=0.97))
    assert ref.title == "关于印发〈2015—2017年农业机械购置补贴实施指导意见〉的通知"
    assert ref.prov.repaired_from is not None and "2015一2017" in ref.prov.repaired_from
    (plain,) = parse_references(body, own_doc_number=None, prov=Provenance(page=1))
    assert plain.title is not None and "2015一2017" in plain.title and plain.prov.repaired_from is None


def test_a_run_of_underscores_is_a_fill_in_blank_not_a_speck() -> None:
    assert edge_specks_off("______________区财政局：") == "______________区财政局："
    assert edge_specks_off("区财政局____") == "区财政局____"
    assert edge_specks_off("_区财政局：") == "区财政局："  # one is a piece of a rule
    assert edge_specks_off("区财政局_") == "区财政局"


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("清水河一三道河重要农村公路", "清水河—三道河重要农村公路"),
        ("惠远镇一伊犁河一图开沙漠—三道河乡重要农村公路", "惠远镇—伊犁河—图开沙漠—三道河乡重要农村公路"),
        ("Z778线K20+700公里一霍城县治沙站农村公路", "Z778线K20+700公里—霍城县治沙站农村公路"),
        ("松树头一果子沟牧道", "松树头—果子沟牧道"),
        ("一村一品产业路", "一村一品产业路"),  # no route of two places: 一 is one
        ("城区统一供水管网改造", "城区统一供水管网改造"),  # no route's kind at its end
        ("第一村道路", "第一村道路"),  # 一 after 第, not after a place
    ],
)
def test_a_routes_dash_read_as_one_is_put_back(read: str, printed: str) -> None:
    from parsers.ocr_specks import route_dashes

    assert route_dashes(read) == printed


def test_a_route_row_label_is_repaired_and_reported_on_ocr_only() -> None:
    from parsers.ocr_rows import total_label
    from pipeline.core.model import Cell

    cell = Cell(0, 0, "清水河一三道河重要农村公路", BBox(80, 100, 200, 120), 3, confidence=0.99)
    assert total_label(cell.text, cell) == ("清水河—三道河重要农村公路", "清水河一三道河重要农村公路")
    assert total_label(cell.text, replace(cell, confidence=None)) == (cell.text, None)


def test_a_speck_opening_a_body_line_is_dropped_so_the_amount_it_split_is_read() -> None:
    from parsers.amounts import parse_body_amounts
    from parsers.geometry import joined
    from parsers.ocr_specks import body_specks_off

    lines = (
        _sig("护理补贴资金6276120元，其中：困难残疾人生活补贴3492720", 81, 513, 652, 0.99),
        _sig(".元，重度残疾人护理补贴2783400元（详见附件1）。", 63, 445, 680, 0.97),
    )
    clean = body_specks_off(lines)
    assert clean[1].text == "元，重度残疾人护理补贴2783400元（详见附件1）。" and clean[0] is lines[0]
    values = [a.value for a in parse_body_amounts(joined(clean), Provenance(page=1, confidence=0.97))]
    assert 3492720 in values
    assert body_specks_off((_sig("·附件", 81, 200, 100, None),))[0].text == "·附件"  # a text layer: as printed
    assert body_specks_off((_sig("（一）资金", 81, 200, 100, 0.9),))[0].text == "（一）资金"


def test_a_date_ranges_dash_read_as_one_is_put_back_in_a_note() -> None:
    from decimal import Decimal

    from parsers.ocr_specks import dashes_back
    from parsers.ocr_text import repair_row_notes
    from pipeline.core.model import AllocationRow

    assert dashes_back("2024年4月一2024年10月") == "2024年4月—2024年10月"
    assert dashes_back("2023年一2025年") == "2023年—2025年"
    assert dashes_back("4月一次性发放") == "4月一次性发放"  # 一次: a word, no year after it
    assert dashes_back("2024年一季度") == "2024年一季度"
    row = AllocationRow(
        region="伊吾县", region_as_printed="伊吾县", values=(Decimal(1),), is_total=False,
        prov=Provenance(page=3, confidence=0.98), notes=(("建设期限", "2024年4月一2024年10月"),),
    )
    fixed = repair_row_notes(row)
    assert fixed.notes == (("建设期限", "2024年4月—2024年10月"),)
    assert fixed.notes_read == (("建设期限", "2024年4月一2024年10月"),)
    assert repair_row_notes(replace(row, prov=Provenance(page=3))) == replace(row, prov=Provenance(page=3))


def test_a_ring_piece_in_smaller_type_above_the_names_is_no_signatory() -> None:
    """``东临川区`` (read with confidence, black) in type half the 署名's, above two names side by
    side, spells part of 抚州市临川区财政局 with the ring's arc read at its start: seal text."""
    from parsers.ocr_specks import is_seal_ring_text
    from parsers.signature import find_signature

    frame = PageFrame(left=80, right=520, width=440, body_size=16)
    ring = Line("东临川区", BBox(376, 405, 437, 418), 2, confidence=0.83, font_size=10)
    names = Line("抚州市临川区人力资源和社会保障局 抚州市临川区财政局", BBox(76, 429, 476, 452), 2, confidence=1.0,
                 font_size=16)
    date = _sig("2024年10月16日", 346, 454, 461, 1.0)
    body = _sig("2.2024年公益性岗位补贴区域绩效目标表", 158, 446, 328, 1.0)
    block = find_signature((body, ring, names, date), 0, 3, frame)
    assert [n for n, _ in block.names] == ["抚州市临川区人力资源和社会保障局", "抚州市临川区财政局"]
    assert is_seal_ring_text(ring, [names])
    assert not is_seal_ring_text(replace(ring, bbox=BBox(376, 400, 437, 420)), [names])  # the name's type: printed
