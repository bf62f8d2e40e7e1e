"""Parsers of the 公文 elements on small inline layouts (no PDF), none from the seeds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parsers.amounts import parse_body_amounts, parse_budget_codes, parse_fund_markers
from parsers.header import split_issuers
from parsers.notice import parse_notice
from parsers.references import parse_references
from pipeline.core.model import Provenance
from tests.layoutbuilder import layout, line

P = Provenance()


def henan_notice(doc_number_line: str = "洛财社〔2023〕45号", *, joint: bool = False):
    header = (
        [line("洛阳市财政局", 60, align="centre", size=30, red=True),
         line("文件", 80, align="right", size=30, red=True),
         line("洛阳市人力资源和社会保障局", 100, align="centre", size=30, red=True)]
        if joint
        else [line("洛 阳 市 财 政 局 文 件", 70, align="centre", size=30, red=True)]
    )
    return layout(
        *header,
        line(doc_number_line, 150, align="centre"),
        line("关于下达2023年就业补助资金（第三批）", 200, align="centre", size=22),
        line("的通知", 225, align="centre", size=22),
        line("各县（市、区）财政局、人力资源和社会保障局：", 270),
        line("根据《关于下达2023年中央就业补助资金预算的通知》（豫财社〔2023〕12号）和", 300, align="full", indent=32),
        line("《河南省就业补助资金管理办法》等规定，现下达你单位就业补助资金1,250.5万元，", 320, align="full"),
        line("其中中央资金1000万元，省级资金250.5万元。此次下达资金直达资金标识为“01中央直", 340, align="full"),
        line("达资金”。该项收入列入2023年政府收支分类科目1100229“就业补助收入”科目。", 360, align="full"),
        line("附件：1.2023年就业补助资金分配表", 420, indent=32),
        line("2.区域绩效目标表", 440, indent=80),
        line("洛阳市财政局", 520, align="right"),
        line("2023年3月9日", 545, align="right"),
        line("（此件公开发布）", 580, indent=32),
        line("抄送：省财政厅，市审计局。", 740),
        line("洛阳市财政局办公室        2023年3月10日印发", 770),
    )


def test_header_and_closing_of_unseen_notice() -> None:
    n = parse_notice(henan_notice())
    assert n.doc_number is not None and n.doc_number.value == "洛财社〔2023〕45号"
    assert [f.value for f in n.issuers] == ["洛阳市财政局"]
    assert n.title is not None and n.title.value == "关于下达2023年就业补助资金（第三批）的通知"
    assert n.recipients is not None and n.recipients.value == "各县（市、区）财政局、人力资源和社会保障局"
    assert n.issue_date is not None and n.issue_date.value == "2023-03-09"
    assert [f.value for f in n.signatories] == ["洛阳市财政局"]
    assert n.annotation is not None and n.annotation.value == "（此件公开发布）"
    assert n.cc is not None and n.cc.value == "省财政厅，市审计局"
    assert n.printed_by is not None and n.printed_by.value == "洛阳市财政局办公室"
    assert n.print_date is not None and n.print_date.value == "2023-03-10"
    assert [(a.number, a.title) for a in n.attachments_listed] == [
        (1, "2023年就业补助资金分配表"),
        (2, "区域绩效目标表"),
    ]
    assert [(r.doc_number, r.title) for r in n.references] == [
        ("豫财社〔2023〕12号", "关于下达2023年中央就业补助资金预算的通知"),
        (None, "河南省就业补助资金管理办法"),
    ]
    assert [(m.code, m.name) for m in n.fund_markers] == [("01", "中央直达资金")]
    assert [f.value for f in n.budget_codes] == ["1100229"]
    amounts = [(a.value, a.unit, a.is_total) for a in n.body_amounts]
    assert amounts == [
        (Decimal("1250.5"), "万元", True),
        (Decimal("1000"), "万元", False),
        (Decimal("250.5"), "万元", False),
    ]


def test_joint_issuers_with_wen_jian_beside() -> None:
    n = parse_notice(henan_notice(joint=True))
    assert [f.value for f in n.issuers] == ["洛阳市财政局", "洛阳市人力资源和社会保障局"]


@pytest.mark.parametrize("printed", ["洛财社[2023]45号", "洛财社【2023】45 号", "洛财社（2023）45号", "洛财社﹝2023﹞45号"])
def test_doc_number_bracket_variants(printed: str) -> None:
    n = parse_notice(henan_notice(printed))
    assert n.doc_number is not None and n.doc_number.value == "洛财社〔2023〕45号"
    assert n.doc_number.raw.replace(" ", "") == printed.replace(" ", "")


def test_split_issuers() -> None:
    assert split_issuers(["四川省财政厅", "四川省民政厅   文件"]) == ("四川省财政厅", "四川省民政厅")
    assert split_issuers(["新疆伊犁哈萨克自治州", "财 政 局 文 件"]) == ("新疆伊犁哈萨克自治州财政局",)
    assert split_issuers(["国家税务总局利川市税务局"]) == ("国家税务总局利川市税务局",)
    assert split_issuers("凉山彝族自治州财政局    凉山彝族自治州卫生健康委员会") == ("凉山彝族自治州财政局", "凉山彝族自治州卫生健康委员会")
    # OCR: a speck above the mark read as ：
    assert split_issuers([":湖南省财政厅文件", "湖南省人力资源和社会保障厅"]) == ("湖南省财政厅", "湖南省人力资源和社会保障厅")


def test_references_several_per_sentence_and_nested_brackets() -> None:
    body = (
        "根据《关于转发<城乡医疗救助资金管理办法>的通知》(桂财社〔2019〕88 号)和"
        "《关于下达医疗救助资金的通知》（财社〔2021〕7号）、《社会救助暂行办法》（国务院令第649号）精神"
    )
    refs = parse_references(body, own_doc_number=None, prov=P)
    assert [(r.doc_number, r.title) for r in refs] == [
        ("桂财社〔2019〕88号", "关于转发<城乡医疗救助资金管理办法>的通知"),
        ("财社〔2021〕7号", "关于下达医疗救助资金的通知"),
        ("国务院令第649号", "社会救助暂行办法"),
    ]


def test_reference_by_number_only_and_own_number_excluded() -> None:
    refs = parse_references("按照湘财预〔2022〕3号文件要求，现将湘西财社〔2022〕9号印发", own_doc_number="湘西财社〔2022〕9号", prov=P)
    assert [(r.doc_number, r.title) for r in refs] == [("湘财预〔2022〕3号", None)]


def test_body_amount_units_and_parts() -> None:
    got = parse_body_amounts("现拨付你县资金200,000元，其中：县级配套50,000元；另安排9.2128万元", P)
    assert [(a.value, a.unit, a.is_total) for a in got] == [
        (Decimal("200000"), "元", True),
        (Decimal("50000"), "元", False),
        (Decimal("9.2128"), "万元", True),
    ]
    assert got[0].context == "现拨付你县资金200,000元"


@pytest.mark.parametrize(
    ("body", "amounts"),
    [
        ("现下拨优抚困难临救经费伍万元，请及时发放。", [("5", "万元")]),  # the amount only in capitals
        ("下达资金壹拾贰万叁仟元整。", [("123000", "元")]),
        ("共计贰佰零伍万元，其中市级伍拾万元。", [("205", "万元"), ("50", "万元")]),
        ("下达资金壹拾贰万叁仟元整（123000元）。", [("123000", "元")]),  # capitals with figures: one amount
        ("安排资金伍万元（5万元）用于慰问。", [("5", "万元")]),
        # a bare 万 ending its phrase is 万元; 万人, 万亩 are counts
        ("下达资金21.5万元（其中直接费用20万，间接费用1.5万）。", [("21.5", "万元"), ("20", "万元"), ("1.5", "万元")]),
        ("惠及3万人，造林2万亩，下达资金5万。", [("5", "万元")]),
        ("（郑财预〔2017〕814号）24万（豫财农〔2017〕192号）", [("24", "万元")]),
    ],
)
def test_body_amounts_in_capitals_and_with_a_bare_wan(body: str, amounts: list[tuple[str, str]]) -> None:
    got = parse_body_amounts(body, P)
    assert [(str(a.value), a.unit) for a in got] == amounts


def test_fund_markers_with_and_without_code() -> None:
    got = parse_fund_markers("标识为“02001 参照直达资金”；另一部分资金标识为“中央直达资金”", P)
    assert [(m.code, m.name) for m in got] == [("02001", "参照直达资金"), (None, "中央直达资金")]


def test_budget_codes_only_in_subject_sentences() -> None:
    got = parse_budget_codes("收入列入2021年政府收支分类科目 1100208 “收入”科目；支出列入“210 类卫生健康支出”科目。共计300人。", P)
    assert [f.value for f in got] == ["1100208", "210"]


def test_doc_number_printed_above_the_issuer() -> None:
    n = parse_notice(
        layout(
            line("延边财社〔2020〕31号", 60, align="centre"),
            line("延边朝鲜族自治州财政局文件", 100, align="centre", size=30, red=True),
            line("关于下达稳岗补贴资金的通知", 200, align="centre", size=22),
            line("各县（市）财政局：", 250),
            line("现下达你单位资金。", 280, align="full", indent=32),
            line("延边朝鲜族自治州财政局", 400, align="right"),
            line("二〇二〇年五月六日", 425, align="right"),
        )
    )
    assert n.doc_number is not None and n.doc_number.value == "延边财社〔2020〕31号"
    assert [f.value for f in n.issuers] == ["延边朝鲜族自治州财政局"]
    assert n.title is not None and n.title.value == "关于下达稳岗补贴资金的通知"
    assert n.issue_date is not None and n.issue_date.value == "2020-05-06"


def test_doc_number_printed_only_in_the_attachments_file_names() -> None:
    from parsers.notice import doc_number_of_attachments
    from pipeline.core.model import AttachmentItem

    items = tuple(AttachmentItem(k, f"韶财科教[2021]124号附件{k}：明细表{k}.xls") for k in (1, 2))
    got = doc_number_of_attachments(items)
    assert got is not None and got.value == "韶财科教〔2021〕124号"
    # one entry without it, or two different ones: no 文号 of the notice
    assert doc_number_of_attachments((*items, AttachmentItem(3, "绩效目标表.xlsx"))) is None
    other = AttachmentItem(3, "韶财科教[2021]125号附件3：表.xls")
    assert doc_number_of_attachments((*items, other)) is None
    assert doc_number_of_attachments((AttachmentItem(1, "依据粤财科教〔2021〕261号分配.xls"),)) is None


def test_an_amount_given_as_a_share_of_a_larger_sum_is_no_total() -> None:
    """…资金为10493万元，占比为86.9%: a share under 100% is a part; a share of 100% is not."""
    got = parse_body_amounts("以上资金合计12070万元。本次分配到贫困县的资金为10493万元，占比为86.9%。", P)
    assert [(a.value, a.is_total) for a in got] == [(Decimal("12070"), True), (Decimal("10493"), False)]
    got = parse_body_amounts("下达资金500万元，占全年资金的100%；安排300万元，占60％。", P)
    assert [a.is_total for a in got] == [True, False]
