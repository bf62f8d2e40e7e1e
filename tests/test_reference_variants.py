"""References and 文号 as unseen notices print them: order, brackets inside the 文号's brackets,
a bracketed sub-code of the 机关代字, an OCR speck before the year's bracket."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from parsers.normalize.doc_number import find_doc_numbers, normalize_doc_number
from parsers.references import parse_references
from pipeline.core.model import Provenance

P = Provenance()


def refs(text: str) -> list[tuple[str | None, str | None]]:
    return [(r.doc_number, r.title) for r in parse_references(text, own_doc_number=None, prov=P)]


def test_references_in_printed_order() -> None:
    text = "依据湘财综指〔2019〕11号文件及《省级资金管理办法》（湘财综〔2017〕24号），按照《政府采购法》规定。"
    assert refs(text) == [
        ("湘财综指〔2019〕11号", None),
        ("湘财综〔2017〕24号", "省级资金管理办法"),
        (None, "政府采购法"),
    ]


def test_doc_number_holding_brackets_after_the_title() -> None:
    text = "根据《青海省财政厅关于下达2018年资金的通知》（青财社字（2018）1509号），现拨付。"
    assert refs(text) == [("青财社字〔2018〕1509号", "青海省财政厅关于下达2018年资金的通知")]
    text = "根据《关于提前下达2017年资金的通知（第一批）》（闽财社（指）〔2016〕141号）和。"
    assert refs(text) == [("闽财社（指）〔2016〕141号", "关于提前下达2017年资金的通知（第一批）")]


def test_bracketed_sub_code_of_the_agency() -> None:
    assert normalize_doc_number("闽财社(指)[2016]141号") == "闽财社（指）〔2016〕141号"
    assert normalize_doc_number("财行B〔2020〕3号") == "财行B〔2020〕3号"
    assert normalize_doc_number("（2022）12号") is None


def test_ocr_speck_between_agency_and_bracket_is_repaired_and_marked() -> None:
    (m,) = find_doc_numbers("黄财社发·[2019]96号")
    assert m.canonical == "黄财社发〔2019〕96号" and m.repaired
    (m,) = find_doc_numbers("黄财社发〔2019〕96号")
    assert not m.repaired


def test_doc_number_with_ocr_mismatched_brackets_after_the_title() -> None:
    text = "根据《甲通知》（湘财金指〔201632号）和《乙通知》（湘财金指（2017〕12号）及《条例》（国务院令第427号）。"
    assert refs(text) == [
        ("湘财金指〔2016〕32号", "甲通知"),
        ("湘财金指〔2017〕12号", "乙通知"),
        ("国务院令第427号", "条例"),
    ]
    # a bracket after a title that holds no 文号 stays out of it; the short name it gives is no
    # document of its own
    assert refs("按照《管理办法》（以下简称《办法》）执行。") == [(None, "管理办法")]


def test_ocr_speck_inside_a_title_dropped_and_marked() -> None:
    ocr = Provenance(page=1, confidence=0.9)
    text = "根据《关于印发〈实施方案.（2021—2025年）〉的通知》和《省级以上生态.公益林管理办法》执行。"
    got = parse_references(text, own_doc_number=None, prov=ocr)
    assert [r.title for r in got] == ["关于印发〈实施方案（2021—2025年）〉的通知", "省级以上生态公益林管理办法"]
    assert got[1].prov.repaired_from == "省级以上生态.公益林管理办法"
    printed = parse_references("根据《A.B办法》执行。", own_doc_number=None, prov=P)
    assert printed[0].title == "A.B办法"  # a text layer is never touched


def test_ocr_lost_closing_angle_bracket_of_a_forwarded_title() -> None:
    ocr = Provenance(page=1, confidence=0.9)
    got = parse_references("根据《关于印发〈补助奖励政策实施方案（2021—2025年）的通知》执行。", own_doc_number=None, prov=ocr)
    assert got[0].title == "关于印发〈补助奖励政策实施方案（2021—2025年）〉的通知"
    assert got[0].prov.repaired_from is not None
    got = parse_references("根据《关于印发〈办法〉的通知》执行。", own_doc_number=None, prov=ocr)
    assert got[0].title == "关于印发〈办法〉的通知" and got[0].prov.repaired_from is None


def test_clause_after_the_doc_number_inside_its_brackets() -> None:
    text = "根据《省财政厅关于提前下达2022年补助资金的通知》（粤财社〔2021〕305号，见附件），现将资金下达。"
    assert refs(text) == [("粤财社〔2021〕305号", "省财政厅关于提前下达2022年补助资金的通知")]
    text = "按照《资金管理办法》（财社〔2019〕166号，以下简称管理办法）执行。"
    assert refs(text) == [("财社〔2019〕166号", "资金管理办法")]
    # the short name quoted, and cited by it later: one document
    text = "根据《枣庄市考核办法》（枣政办字〔2022〕8号，以下简称《办法》），……根据《办法》规定，奖励100万元。"
    assert refs(text) == [("枣政办字〔2022〕8号", "枣庄市考核办法")]


def test_a_document_cited_twice_is_one_reference() -> None:
    text = "根据《甲关于乙的通知》（财预〔2015〕149号）执行。按照财预〔2015〕149号文件，另据《两地协议》。"
    assert refs(text) == [("财预〔2015〕149号", "甲关于乙的通知"), (None, "两地协议")]
    first_bare = "按照财预〔2015〕149号文件。根据《甲关于乙的通知》（财预〔2015〕149号）执行。"
    assert refs(first_bare) == [("财预〔2015〕149号", "甲关于乙的通知")]


def test_a_forwarding_notice_cited_by_its_own_title() -> None:
    text = "按照关于转发《甲印发<乙办法>的通知》（宁扶贫办发〔2018〕51号）要求，根据《丙办法》执行。"
    assert refs(text) == [("宁扶贫办发〔2018〕51号", "关于转发《甲印发<乙办法>的通知》"), (None, "丙办法")]


def test_a_middle_dot_is_a_speck_only_inside_a_title_word() -> None:
    ocr = Provenance(page=1, confidence=0.9)
    got = parse_references("根据《财政局关·于做好工作的通知》和《津·昌两地协议》执行。", own_doc_number=None, prov=ocr)
    assert [r.title for r in got] == ["财政局关于做好工作的通知", "津·昌两地协议"]


def test_the_budget_classification_catalogue_is_no_cited_document() -> None:
    text = "请按照《2023年政府收支分类科目》列支，根据《某某资金管理办法》（财社〔2022〕5号）执行。"
    assert refs(text) == [("财社〔2022〕5号", "某某资金管理办法")]


def test_a_yearless_number_of_an_instruction_slip() -> None:
    text = "根据《某某方案》（某办发〔2021〕62号）及区政府文件批办单（董批转472号）精神，第3号令不是。"
    assert refs(text) == [("某办发〔2021〕62号", "某某方案"), ("董批转472号", None)]


def test_a_title_quoted_short_of_its_genre_word() -> None:
    text = "根据《某某申请办理指导清单（2021年修订版）》的通知（粤人社规〔2021〕12号）文件精神。"
    assert refs(text) == [("粤人社规〔2021〕12号", "某某申请办理指导清单（2021年修订版）")]


def test_two_doc_numbers_after_one_title_and_a_register_code() -> None:
    text = "根据《关于下达某某经费的通知》（通财农指〔2022〕39号、通农财〔2022〕36号）和《某某预算的通知》（ZYZFWJ2019036）。"
    assert refs(text) == [("通财农指〔2022〕39号", "关于下达某某经费的通知"), ("通农财〔2022〕36号", "关于下达某某经费的通知"),
                          ("ZYZFWJ2019036", "某某预算的通知")]


def test_two_doc_numbers_whose_years_are_in_round_brackets_after_one_title() -> None:
    text = "根据《关于下达某某经费的通知》（通财农指（2022）39号、通农财(2022)36号）文件精神。"
    assert refs(text) == [("通财农指〔2022〕39号", "关于下达某某经费的通知"), ("通农财〔2022〕36号", "关于下达某某经费的通知")]


def test_a_doc_number_printed_before_its_title_is_one_reference() -> None:
    text = "根据原财(建)指标〔2023〕388号《关于下拨某某资金的通知》和《某某细则》（宁财规发〔2020〕19号）执行。"
    assert refs(text) == [("原财（建）指标〔2023〕388号", "关于下拨某某资金的通知"), ("宁财规发〔2020〕19号", "某某细则")]


def test_two_serials_of_one_agency_and_year_written_as_one() -> None:
    assert refs("根据商财办教(2020)22、23号文件精神。") == [("商财办教〔2020〕22号", None), ("商财办教〔2020〕23号", None)]


def test_forwarding_title_unquoted_around_the_quoted_one_keeps_its_issuers_and_genre() -> None:
    """甲关于印发《乙办法》的通知（文号）: the cited document is the forwarding notice, its title
    printed outside the quotes from its issuers' names to its genre word."""
    text = ("根据《甲厅关于提前下达资金的通知》（黔财社〔2023〕171号）、贵州省财政厅贵州省民政厅关于印发"
            "《贵州省困难群众救助补助资金管理暂行办法》的通知（黔财社[2021]149号）文件精神，现拨付资金。")
    assert refs(text) == [
        ("黔财社〔2023〕171号", "甲厅关于提前下达资金的通知"),
        ("黔财社〔2021〕149号", "贵州省财政厅贵州省民政厅关于印发《贵州省困难群众救助补助资金管理暂行办法》的通知"),
    ]
    text = "按照省财政厅关于转发《乙办法》的通知（某财社〔2020〕5号）执行。"
    assert refs(text) == [("某财社〔2020〕5号", "省财政厅关于转发《乙办法》的通知")]


def test_a_cited_doc_number_that_lost_its_closing_bracket_and_hao() -> None:
    text = "根据《江西省财政厅关于下达2020年救灾资金预算的通知》（赣财资环指〔202049），经请示同意，现下达。"
    assert refs(text) == [("赣财资环指〔2020〕49号", "江西省财政厅关于下达2020年救灾资金预算的通知")]
    ocr = Provenance(page=1, confidence=0.9)
    (got,) = parse_references(text, own_doc_number=None, prov=ocr)
    assert got.prov.repaired_from is not None  # an OCR reader flags the mended 文号
    (whole,) = parse_references("根据《甲通知》（赣财资环指〔2020〕49号），现下达。", own_doc_number=None, prov=ocr)
    assert whole.prov.repaired_from is None
    # in running text, or with a round bracket, or without a year, nothing is mended
    assert refs("根据赣财资环指〔202049，现下达。") == []
    assert refs("按照《管理办法》（2020修订）执行。") == [(None, "管理办法")]
    assert refs("按照《管理办法》（某财（202049）执行。") == [(None, "管理办法")]


def test_an_ocr_doc_number_that_lost_both_year_brackets_takes_them_from_its_agency_printed_elsewhere() -> None:
    ocr = Provenance(page=1, confidence=0.9)
    text = "根据《甲厅关于下达第二批经费的通知》（某财基〔2021〕3号）《甲厅关于提前下达经费的通知》（某财基202125号）等文件精神，现下达。"
    got = parse_references(text, own_doc_number=None, prov=ocr)
    assert [(r.doc_number, r.title) for r in got] == [
        ("某财基〔2021〕3号", "甲厅关于下达第二批经费的通知"),
        ("某财基〔2021〕25号", "甲厅关于提前下达经费的通知"),
    ]
    assert got[0].prov.repaired_from is None and got[1].prov.repaired_from is not None  # reported
    # a text layer printing it so reads the same 文号 (af05: 柳财预追202512号), nothing to report; a 代字
    # printed nowhere else is read so too (a year and a serial in brackets right after a title)
    printed = parse_references(text, own_doc_number=None, prov=P)
    assert [r.doc_number for r in printed] == ["某财基〔2021〕3号", "某财基〔2021〕25号"]
    assert printed[1].prov.repaired_from is None
    other = "根据《甲通知》（某财基〔2021〕3号）《乙通知》（另财农202125号），现下达。"
    got = parse_references(other, own_doc_number=None, prov=ocr)
    assert [r.doc_number for r in got] == ["某财基〔2021〕3号", "另财农〔2021〕25号"]
    assert got[1].prov.repaired_from is not None


def test_a_bare_doc_number_after_the_preposition_cong() -> None:
    text = "其中：从元财农〔2023〕83号下达的资金中调整5.34万元。二、请及时将元财农〔2023〕83号下达的资金退回。"
    assert refs(text) == [("元财农〔2023〕83号", None)]


def test_a_title_that_lost_its_closing_quote_before_its_doc_number() -> None:
    text = (
        "请按照《甲办法》（财农〔2021〕19号）、财政部等6部委《关于加强资金使用管理的指导意见（财农〔2022〕4号）、"
        "《乙办法》（云财农〔2021〕140号）和《丙办法》（楚财农〔2021〕148号）的规定管理使用资金。"
    )
    assert refs(text) == [
        ("财农〔2021〕19号", "甲办法"),
        ("财农〔2022〕4号", "关于加强资金使用管理的指导意见"),
        ("云财农〔2021〕140号", "乙办法"),
        ("楚财农〔2021〕148号", "丙办法"),
    ]
    # a bracket inside the title before the 文号's
    text = "根据《关于拨付资金（第二批）的通知（巴财社〔2020〕70号），现下达。"
    assert refs(text) == [("巴财社〔2020〕70号", "关于拨付资金（第二批）的通知")]
    # a bracket that holds no 文号, or a 文号 not followed by a clause stop, makes no title
    assert refs("根据《关于拨付资金的通知（第二批），现下达。") == []
    assert refs("根据《关于拨付资金的通知（巴财社〔2020〕70号）文件精神》执行。")[0][1] != "关于拨付资金的通知"


def test_a_title_printed_without_book_title_marks_before_its_doc_number() -> None:
    """根据省财政厅关于下达…的通知（文号）: the title runs from its 关于 to the genre word before the
    bracket; a 文号 in brackets after other words keeps no title."""
    text = "根据省财政厅关于下达2021年困难群众救助、医疗救助补助资金（第二批）的通知（某财社〔2021〕12号）精神，现将资金下达。"
    assert refs(text) == [("某财社〔2021〕12号", "关于下达2021年困难群众救助、医疗救助补助资金（第二批）的通知")]
    text = "中央资金（某财农[2019]23号）：8650万元；按照某财预〔2020〕5号文件和关于资金的安排，另行下达（某财预〔2020〕6号）。"
    assert refs(text) == [("某财农〔2019〕23号", None), ("某财预〔2020〕5号", None), ("某财预〔2020〕6号", None)]


def test_a_doc_number_followed_by_bare_serials_cites_each() -> None:
    """（某财预〔2017〕450号、490号、495号）: three documents of one office and year."""
    text = "1、中央资金（某财预〔2017〕440号）55万元。2、省级资金（某财预〔2017〕450号、490号、495号）6435万元。"
    assert [dn for dn, _ in refs(text)] == [f"某财预〔2017〕{n}号" for n in (440, 450, 490, 495)]
    assert [dn for dn, _ in refs("下达资金1200万元、300万元（某财预〔2017〕450号）。")] == ["某财预〔2017〕450号"]


@given(
    agency=st.sampled_from(["某财预", "某财农", "某财社指", "某人社发"]),
    year=st.integers(2000, 2030),
    serials=st.lists(st.integers(1, 9999), min_size=2, max_size=5, unique=True),
    joint=st.sampled_from(["、", "，", "和", "及"]),
)
def test_every_bare_serial_after_a_doc_number_is_a_document(
    agency: str, year: int, serials: list[int], joint: str
) -> None:
    printed = f"{agency}[{year}]{serials[0]}号" + "".join(f"{joint}{s}号" for s in serials[1:])
    got = [dn for dn, _ in refs(f"根据（{printed}）文件，下达资金。")]
    assert got == [f"{agency}〔{year}〕{s}号" for s in serials]


def test_a_doc_number_followed_by_wenjian_inside_its_brackets() -> None:
    text = "根据《关于下达2023年资金的通知》（赣财社〔2023〕45号文件）和《某某办法》（财社〔2021〕1号文）精神，现下达。"
    assert refs(text) == [("赣财社〔2023〕45号", "关于下达2023年资金的通知"), ("财社〔2021〕1号", "某某办法")]
    text = "按照《关于印发〈某某办法〉的通知》（苏财农〔2021〕38号、苏农计〔2021〕12号文件）要求。"
    assert refs(text)[0] == ("苏财农〔2021〕38号", "关于印发〈某某办法〉的通知")


def test_a_doc_number_whose_year_lost_its_brackets_after_a_title() -> None:
    # af05: an unquoted title with its issuer, the 文号 printed 柳财预追202512号
    text = "根据《甲办法》（桂财规〔2022〕9号）和柳州市财政局关于下达2025年某某经费预算的通知(柳财预追202512号)文件精神，现将资金下达。"
    assert refs(text) == [
        ("桂财规〔2022〕9号", "甲办法"),
        ("柳财预追〔2025〕12号", "柳州市财政局关于下达2025年某某经费预算的通知"),
    ]
    assert refs("按照《乙通知》（湘财社202307号）执行。") == [("湘财社〔2023〕7号", "乙通知")]
    # no title before it: a bare number in brackets is no citation
    assert refs("共计发放（2025人次）。") == []


def test_a_certificate_named_in_quotes_is_no_cited_document() -> None:
    text = "资助对象包括持有效《低保证》或《特困职工证》家庭的子女、持《残疾人证》的学生。根据《某某办法》执行。"
    assert refs(text) == [(None, "某某办法")]


def test_a_numbered_typhoon_is_no_doc_number() -> None:
    """第13号台风: a number with no year names an order (国务院令第649号) or a series of public
    notices (公告第3号) only."""
    assert refs("现下达你们第13号台风“剑鱼”受灾群众生活救助资金。") == []
    assert refs("按照国务院令第649号执行。") == [("国务院令第649号", None)]
