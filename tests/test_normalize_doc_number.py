from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from parsers.normalize.doc_number import (
    DocNumberMatch,
    find_doc_numbers,
    normalize_doc_number,
    read_doc_number,
)
from parsers.normalize.rules import doc_number_rules
from pipeline.core.divisions import official_names


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("昌州财社〔2022〕11号", "昌州财社〔2022〕11号"),
        ("库开财发〔2020〕13号", "库开财发〔2020〕13号"),
        ("巴财社〔2020〕70 号", "巴财社〔2020〕70号"),
        ("新财社［2022］ 230 号", "新财社〔2022〕230号"),
        ("财社[2022]71号", "财社〔2022〕71号"),
        ("财社【2022】71号", "财社〔2022〕71号"),
        ("财社(2022)71号", "财社〔2022〕71号"),
        ("财社（2022）71号", "财社〔2022〕71号"),
        ("财社﹝2022﹞71号", "财社〔2022〕71号"),
        ("财社〈2022〉71号", "财社〔2022〕71号"),
        ("财社「2022」71号", "财社〔2022〕71号"),
        ("财社〔2022]71号", "财社〔2022〕71号"),
        ("财 社 〔 2 0 2 2 〕 7 1 号", "财社〔2022〕71号"),
        ("财社〔２０２２〕７１号", "财社〔2022〕71号"),
        ("泉财指标〔2021280号", "泉财指标〔2021〕280号"),
        ("泉财指标2021〕280号", "泉财指标〔2021〕280号"),
        ("财社〔2022〕第7号", "财社〔2022〕7号"),
        ("财社〔2022〕007号", "财社〔2022〕7号"),
        ("豫财社A〔2020〕1号", "豫财社A〔2020〕1号"),
        ("（巴财社〔2020〕70 号）", "巴财社〔2020〕70号"),
        ("文号：新财社〔2022〕71号", "新财社〔2022〕71号"),
        ("国务院令第649号", "国务院令第649号"),
        ("国务院令第 649 号", "国务院令第649号"),
        ("财政部令第85号", "财政部令第85号"),
        ("主席令第 七十 号", "主席令第七十号"),
    ],
)
def test_normalize_doc_number(raw: str, canonical: str) -> None:
    assert normalize_doc_number(raw) == canonical


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "(文号)",
        "关于拨付资金的通知",
        "财社〔2022〕号",
        "财社2022 71号",  # both brackets missing: not repaired
        "财社〔1850〕1号",  # no plausible year
        "2022年第1号",
        "第二批",
        "财社〔2022〕0号",
        "〔2022〕71号",  # no 机关代字
        "一二三四五六七八九十一二三四五六七八九十一〔2022〕1号",  # 机关代字 longer than 20
    ],
)
def test_normalize_doc_number_rejects(raw: str) -> None:
    assert normalize_doc_number(raw) is None


SEED_BODY = (
    "根据自治州财政局《关于拨付 2020 年中央财政困难群众救助补助资金（第二批）的通知》"
    "（巴财社〔2020〕70 号）文件和前期已下达的《关于拨付 2020 年中央财政第二批困难群众"
    "救助补助资金的通知》（巴财社〔2020〕55 号）文件要求，现下达你单位 2020 年资金 8 万元"
)


def test_find_in_seed_body() -> None:
    found = find_doc_numbers(SEED_BODY)
    assert [d.canonical for d in found] == ["巴财社〔2020〕70号", "巴财社〔2020〕55号"]
    for d in found:
        assert SEED_BODY[d.start : d.end] == d.raw
    assert found[0].raw == "巴财社〔2020〕70 号"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("按照新财社〔2017〕160 号和新财社〔2021〕156号等文件", ["新财社〔2017〕160号", "新财社〔2021〕156号"]),
        ("根据财社〔2022〕1号和田财社〔2022〕2号", ["财社〔2022〕1号", "和田财社〔2022〕2号"]),
        ("依据国务院令第649号规定", ["国务院令第649号"]),
        ("根据《预算法》（主席令第十二号）", ["主席令第十二号"]),
        ("经研究，现将财社【2022】71号转发给你们", ["财社〔2022〕71号"]),
        ("按泉财指标〔2021280号要求", ["泉财指标〔2021〕280号"]),
        ("昌州财社〔2022〕11号", ["昌州财社〔2022〕11号"]),
        # the verb of an adjustment and the 原 (former) before a cited 文号
        ("现收回原某财农〔2024〕98号下达的项目资金", ["某财农〔2024〕98号"]),
        ("调减原甲财建〔2023〕7号已下达资金", ["甲财建〔2023〕7号"]),
        ("现将原乙财社〔2021〕3号文件下达的资金收回", ["乙财社〔2021〕3号"]),
        ("请对照发改投资﹝2020﹞1115号文件所列绩效目标", ["发改投资〔2020〕1115号"]),
        ("比照财社〔2019〕9号执行", ["财社〔2019〕9号"]),
        ("太原财农〔2020〕5号", ["太原财农〔2020〕5号"]),
        ("原平财预〔2020〕6号", ["原平财预〔2020〕6号"]),
        ("扣减原冀财建〔2018〕262号", ["冀财建〔2018〕262号"]),
        ("收回已下达冀财建〔2018〕262号", ["冀财建〔2018〕262号"]),
        ("上述冀财建〔2018〕262号", ["冀财建〔2018〕262号"]),
        ("认真落实冀财建〔2018〕262号", ["冀财建〔2018〕262号"]),
        ("已于4月以冀财建〔2018〕262号预拨", ["冀财建〔2018〕262号"]),
        ("已通过冀财建〔2018〕262号提前下达", ["冀财建〔2018〕262号"]),
        # an organ's name before its 文号; a 代字 that holds an organ character stays whole
        ("根据市财政局渝财农〔2020〕5号文件", ["渝财农〔2020〕5号"]),
        ("现将财政部财社〔2022〕1号转发", ["财社〔2022〕1号"]),
        ("市发改委渝发改投资〔2020〕1261号", ["渝发改投资〔2020〕1261号"]),
        ("按照国务院办公厅国办发〔2021〕1号", ["国办发〔2021〕1号"]),
        ("人社部发〔2019〕5号", ["人社部发〔2019〕5号"]),
        ("人社部明电〔2020〕1号", ["人社部明电〔2020〕1号"]),
        ("渝委发〔2020〕1号", ["渝委发〔2020〕1号"]),
        ("本溪财社〔2020〕1号", ["本溪财社〔2020〕1号"]),
        ("按照省厅冀财建〔2018〕262号", ["冀财建〔2018〕262号"]),
        ("按县政府奉府发〔2020〕3号", ["奉府发〔2020〕3号"]),
        ("国务院国发〔2020〕1号", ["国发〔2020〕1号"]),
        ("市政府令第5号", ["市政府令第5号"]),
        # a bracketed sub-code inside the 代字, as 宁夏 prints it
        ("根据宁财(社)发〔2020〕123号文件", ["宁财（社）发〔2020〕123号"]),
        ("银财（农）发[2021]45号", ["银财（农）发〔2021〕45号"]),
        ("财政部公告2022年第1号", []),
        ("2022年中央财政困难群众救助补助资金（第二批）", []),
        ("科目 1100248 “社会保障和就业共同财政事权转移支付收入”", []),
        ("", []),
    ],
)
def test_find_doc_numbers(text: str, expected: list[str]) -> None:
    found = find_doc_numbers(text)
    assert [d.canonical for d in found] == expected
    for d in found:
        assert isinstance(d, DocNumberMatch)
        assert text[d.start : d.end] == d.raw
        assert normalize_doc_number(d.raw) == d.canonical


# --- properties ---------------------------------------------------------------

agencies = st.text(alphabet="财社新巴昌州库开发预指标泉", min_size=1, max_size=6)
years = st.integers(min_value=1950, max_value=2099)
serials = st.integers(min_value=1, max_value=9999)
brackets = st.sampled_from(["〔〕", "[]", "［］", "【】", "()", "（）", "﹝﹞", "〈〉", "「」"])
whitespace = st.sampled_from([" ", "  ", "\t", "\n", "\u3000"])


@st.composite
def printed_numbers(draw: st.DrawFn) -> tuple[str, str]:
    agency, year, serial, pair = draw(agencies), draw(years), draw(serials), draw(brackets)
    op, cl = pair[0], pair[1]
    return f"{agency}{op}{year}{cl}{serial}号", f"{agency}〔{year}〕{serial}号"


@settings(deadline=None)  # the first call builds caches
@given(printed_numbers())
def test_any_bracket_style_is_canonical(pair: tuple[str, str]) -> None:
    printed, canonical = pair
    assert normalize_doc_number(printed) == canonical


@settings(deadline=None)  # the first call builds caches
@given(st.text(max_size=40))
def test_never_raises(s: str) -> None:
    result = normalize_doc_number(s)
    assert result is None or isinstance(result, str)
    for d in find_doc_numbers(s):
        assert s[d.start : d.end] == d.raw


@settings(deadline=None)  # the first call builds caches
@given(st.text(alphabet="财社〔〕[]()（）【】2019年第号 令国务院0123456789", max_size=30))
def test_idempotent(s: str) -> None:
    once = normalize_doc_number(s)
    if once is not None:
        assert normalize_doc_number(once) == once


@settings(deadline=None)  # the first call builds caches
@given(printed_numbers(), st.data())
def test_whitespace_insensitive(pair: tuple[str, str], data: st.DataObject) -> None:
    printed, canonical = pair
    i = data.draw(st.integers(min_value=0, max_value=len(printed)))
    spaced = printed[:i] + data.draw(whitespace) + printed[i:]
    assert normalize_doc_number(spaced) == canonical
    sentence = f"根据《通知》（{spaced}）文件"
    assert [d.canonical for d in find_doc_numbers(sentence)] == [canonical]


def test_long_han_runs() -> None:
    # speed is measured by `make bench`; this guards the result on a pathological input
    text = "中" * 20000 + "（财社〔2020〕1号）" + "中 " * 10000
    found = find_doc_numbers(text)
    assert [d.canonical for d in found] == ["财社〔2020〕1号"]


_LEADS = ["根据", "按照", "现收回原", "调减原", "对照", "收回已下达", "上述", "根据市财政局", "按照省厅",
          "经县政府同意，按", "认真落实", "已于4月以", "现将财政部", "根据自治区财政厅"]
_AGENCIES = ["冀财建", "渝财农", "奉节财农", "宁财（社）发", "闽财社（指）", "人社部发", "国办发", "渝委发",
             "本溪财社", "和田财社", "财社", "青财社字"]


@given(lead=st.sampled_from(_LEADS), agency=st.sampled_from(_AGENCIES),
       year=st.integers(min_value=1990, max_value=2035), serial=st.integers(min_value=1, max_value=9999))
def test_a_cited_agency_is_read_whole_after_any_lead(lead: str, agency: str, year: int, serial: int) -> None:
    text = f"{lead}{agency}〔{year}〕{serial}号文件下达的资金"
    assert [d.canonical for d in find_doc_numbers(text)] == [f"{agency}〔{year}〕{serial}号"]


def test_a_serial_that_starts_with_a_capital_letter() -> None:
    assert normalize_doc_number("曾〔2022〕B16号") == "曾〔2022〕B16号"
    assert normalize_doc_number("某财〔2021〕I2号") == "某财〔2021〕12号"  # I is OCR's 1, never a letter
    assert normalize_doc_number("某财2021〕B12号") is None  # a lettered serial only in a whole 文号
    assert [m.canonical for m in find_doc_numbers("根据《抄告单》（曾〔2022〕B16号）和某文")] == ["曾〔2022〕B16号"]


def test_an_order_numbered_before_its_ling() -> None:
    assert normalize_doc_number("国务院第427号令") == "国务院第427号令"
    assert normalize_doc_number("国务院令第649号") == "国务院令第649号"
    assert [m.canonical for m in find_doc_numbers("依据《某条例》（国务院第427号令）规定")] == ["国务院第427号令"]


def test_a_long_register_name_in_a_string_that_is_one_doc_number() -> None:
    assert normalize_doc_number("永嘉县人民政府专题会议纪要〔2019〕156号") == "永嘉县人民政府专题会议纪要〔2019〕156号"
    # in running text the agency still starts after the words before it, at most 12 characters
    found = find_doc_numbers("根据永嘉县人民政府专题会议纪要〔2019〕156号精神")
    assert [m.canonical for m in found] == ["专题会议纪要〔2019〕156号"]


def test_a_whole_doc_number_that_lost_its_closing_bracket_and_hao() -> None:
    assert read_doc_number("赣财资环指〔202049") == ("赣财资环指〔2020〕49号", True)
    assert read_doc_number("（赣财资环指〔202049）") == ("赣财资环指〔2020〕49号", True)
    assert read_doc_number("某财社[20211") == ("某财社〔2021〕1号", True)
    assert read_doc_number("赣财资环指〔2020〕49号") == ("赣财资环指〔2020〕49号", False)
    for raw in ("赣财资环指〔2020", "赣财资环指（202049", "〔202049", "赣财资环指〔185049", "赣财〔2020049",
                "赣财资环指〔202049999"):
        assert read_doc_number(raw) is None, raw
    assert find_doc_numbers("根据赣财资环指〔202049，现下达") == []  # never in running text


@settings(deadline=None)
@given(agency=agencies, year=years, serial=st.integers(min_value=1, max_value=9999))
def test_a_severed_doc_number_reads_as_the_whole_one(agency: str, year: int, serial: int) -> None:
    whole = f"{agency}〔{year}〕{serial}号"
    severed = f"（{agency}〔{year}{serial}）"
    if len(agency) >= 2:
        assert read_doc_number(severed) == (whole, True)
        assert normalize_doc_number(severed) == whole
    assert find_doc_numbers(f"根据{severed[1:-1]}，现下达") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("从元财农〔2023〕83号下达的资金中调整", "元财农〔2023〕83号"),
        ("其中：从奉节财农〔2024〕98号下达的资金", "奉节财农〔2024〕98号"),
        ("其中：从原财农〔2023〕83号下达的资金", "财农〔2023〕83号"),  # 从原: "from the former"
        # real 代字 that begin with the preposition's character: 从化区 (从府, 从财), 从江县
        ("根据从财〔2020〕5号文件", "从财〔2020〕5号"),
        ("根据从府发〔2020〕5号文件", "从府发〔2020〕5号"),
        ("根据从财农〔2020〕5号文件", "从财农〔2020〕5号"),
        ("根据从化财农〔2020〕5号文件", "从化财农〔2020〕5号"),
        ("根据从江府发〔2020〕5号文件", "从江府发〔2020〕5号"),
        ("根据从民发〔2020〕5号文件", "从民发〔2020〕5号"),
        ("自流井财〔2020〕1号", "自流井财〔2020〕1号"),
    ],
)
def test_a_lead_preposition_before_a_bare_doc_number(text: str, expected: str) -> None:
    assert [d.canonical for d in find_doc_numbers(text)] == [expected]



_NAMES = official_names()


@settings(deadline=None)
@given(place=st.sampled_from([n for n in _NAMES if len(n) >= 3]), lead=st.sampled_from(["从", "自", "向"]))
def test_a_lead_preposition_is_cut_only_before_a_place_start_and_an_organ_mark(place: str, lead: str) -> None:
    # 从 + 元财农: the 代字 of a place's finance bureau after the preposition is cut from it,
    # unless the preposition's character and the next begin a place's name
    bare = f"{place[0]}财农〔2023〕83号"
    assume([d.canonical for d in find_doc_numbers(f"其中：{bare}")] == [bare])  # 和, 及 …: words of their own
    # 从原 + 财农〔2023〕83号 reads as "from the former 财农〔2023〕83号" (a 财政部 文号): a word of its own too
    assume(not any(re.fullmatch(w, lead + place[0]) for w in doc_number_rules().preceding_words))
    (found,) = find_doc_numbers(f"其中：{lead}{bare}下达的资金")
    kept = any(n.startswith(lead + place[0]) for n in _NAMES)
    assert found.canonical == f"{lead if kept else ''}{place[0]}财农〔2023〕83号"
    if place.startswith(lead):  # a 代字 that begins with the place's own first two characters
        (own,) = find_doc_numbers(f"根据{place[:2]}财农〔2023〕83号文件")
        assert own.canonical == f"{place[:2]}财农〔2023〕83号"


def test_a_count_of_departments_before_a_doc_number_is_no_part_of_its_agency() -> None:
    """省人社厅等六部门冀人社发〔2018〕26号《…》: the 代字 starts after 部门."""
    from parsers.normalize.doc_number import find_doc_numbers as find

    assert [d.canonical for d in find("根据省人社厅等六部门冀人社发〔2018〕26号《关于…的通知》")] == ["冀人社发〔2018〕26号"]
    assert [d.canonical for d in find("按照12个部门财社〔2020〕5号文件")] == ["财社〔2020〕5号"]


def test_an_order_number_printed_without_its_di() -> None:
    """（国务院令649号）: an order's number without 第 or year keeps its printed form; a 第 is
    still needed after any other word (2022年第1号 is no 文号, 第二批 neither)."""
    from parsers.normalize.doc_number import find_doc_numbers as find

    assert [d.canonical for d in find("根据《社会救助暂行办法》（国务院令649号）")] == ["国务院令649号"]
    assert [d.canonical for d in find("国务院令第649号、财政部令第81号")] == ["国务院令第649号", "财政部令第81号"]
    assert [d.canonical for d in find("2022年第1号，资金649号")] == []


def test_any_bureau_named_before_a_doc_number_is_no_part_of_its_agency() -> None:
    from parsers.normalize.doc_number import find_doc_numbers as find

    got = find("经市财政局、市中医药管理局宝市财办社〔2024〕134号《关于…的通知》")
    assert [d.canonical for d in got] == ["宝市财办社〔2024〕134号"]


def test_a_committee_named_before_a_doc_number_is_no_part_of_its_agency() -> None:
    from parsers.normalize.doc_number import find_doc_numbers as find

    got = find("根据辽宁省财政厅 辽宁省农村经济委员会辽财农〔2016〕245号和盘财农〔2016〕103号文件精神")
    assert [d.canonical for d in got] == ["辽财农〔2016〕245号", "盘财农〔2016〕103号"]
    # a 代字 says 委 short, and keeps it
    assert [d.canonical for d in find("按照市发改委发改投资〔2020〕1115号")] == ["发改投资〔2020〕1115号"]
