"""Layouts found in real notices of provinces already in the corpus (samples r50-r55): a bracketed
qualifier in an amount column's header, attachments headed 附表N."""

from __future__ import annotations

import pytest

from parsers.amounts import parse_budget_codes
from parsers.column_measures import is_quantity_header
from parsers.normalize.numbers import unit_from_text
from parsers.sections import ATTACHMENT_HEADING
from parsers.tablegrid import title_from_context
from pipeline.core.model import Provenance


@pytest.mark.parametrize(
    ("head", "quantity"),
    [
        ("产业发展（到户）", False),  # a qualifier, not a unit: money
        ("基础设施（到村）", False),
        ("补贴面积（亩）", True),
        ("楼栋数（幢）", True),
        ("补助标准（元/人）", True),
        ("补助资金（万元）", False),
        ("受益人次（人次）", True),
        ("楼栋数（幢", True),  # OCR lost the closing bracket of a wrapped header
    ],
)
def test_a_bracketed_qualifier_is_not_a_quantity_unit(head: str, quantity: bool) -> None:
    assert is_quantity_header(head) is quantity


def test_attachment_headed_fubiao() -> None:
    assert ATTACHMENT_HEADING.match("附表1")
    assert ATTACHMENT_HEADING.match("附表2：")
    assert not ATTACHMENT_HEADING.match("附表1为各乡镇分配数")
    lines = ["附表1", "2023年度补助资金指标分解", "表", "单位：元"]
    assert title_from_context(lines) == "2023年度补助资金指标分解表"


def test_digits_of_an_alphanumeric_project_code_are_not_a_subject_code() -> None:
    body = ("本次下达的资金为一般性转移支付（项目代码：10000015Z155110000004），收入列2026年政府收支分类科目"
            "“1100231巩固脱贫攻坚成果衔接乡村振兴转移支付收入”，支出列“213农林水支出”。")
    assert [f.value for f in parse_budget_codes(body, Provenance())] == ["1100231", "213"]


@pytest.mark.parametrize(
    ("line", "unit"),
    [("单位：户、万元", "万元"), ("单位：人、亩、元", "元"), ("单位：万元", "万元"), ("单位：个", None),
     ("单位：万元（保留两位小数）", "万元")],
)
def test_a_count_unit_before_the_money_unit(line: str, unit: str | None) -> None:
    assert unit_from_text(line) == unit


def test_title_wrapped_inside_its_bracket() -> None:
    lines = ["附件1", "2018年学生补助资金安排表（", "汇总表）", "单位：人、万元"]
    assert title_from_context(lines) == "2018年学生补助资金安排表（汇总表）"


@pytest.mark.parametrize("head", ["支出功能分类科目", "功能科目", "项目代码", "项目编码", "功能分类", "经济分类"])
def test_a_code_column_header(head: str) -> None:
    from parsers.table_vocab import is_code_header

    assert is_code_header(head)
    assert not is_code_header("项目类别")


@pytest.mark.parametrize(("head", "attribute"), [("项目单位", True), ("项目承担单位", True), ("实施单位", True),
                                                  ("地区", False), ("单位名称", False)])
def test_a_project_owner_column_is_an_attribute(head: str, attribute: bool) -> None:
    from parsers.table_vocab import is_attribute_header

    assert is_attribute_header(head) is attribute


def test_indicator_header_counting_in_a_unit_is_a_quantity() -> None:
    from parsers.target_levels import level2_of

    assert level2_of(["绩效目标", "建设示范基地（个）"], ["2", "1"]) == "数量指标"
    assert level2_of(["绩效目标", "主推技术到位率"], ["≥95%"]) == "质量指标"
    assert level2_of(["绩效目标", "补助标准（元/亩）"], ["95.8"]) is None


def test_a_target_table_printing_no_year_takes_the_year_the_notice_title_names() -> None:
    from parsers.target_year import with_notice_year
    from pipeline.core.model import Field, Funds, TargetTable

    def table(year: int | None) -> TargetTable:
        return TargetTable(attachment=None, kind="regional", year=year, region=None, region_as_printed=None,
                           project=None, unit=None, funds=Funds(total=None), indicators=())

    # issued in December for next year's funds (提前下达): the title's year, not the date's
    early = Field("关于提前下达2024年中央财政衔接推进乡村振兴补助资金的通知", "")
    assert [t.year for t in with_notice_year((table(None), table(2022)), early)] == [2024, 2022]
    # a title naming no year: null, not the 成文日期's year (that would be a guess)
    no_year = Field("关于下达省级财政农业改革创新科技示范奖补专项资金的通知", "")
    assert with_notice_year((table(None),), no_year)[0].year is None
    assert with_notice_year((table(None),), None)[0].year is None


def test_a_table_inside_the_body_is_read_with_the_lines_right_above_it() -> None:
    from parsers.body_tables import with_body_tables
    from parsers.sections import Sections
    from pipeline.core.model import BBox, Line, Table

    def line(text: str, top: float, page: int = 1) -> Line:
        return Line(text=text, bbox=BBox(90, top, 500, top + 16), page=page)

    main = (line("关于下达资金的通知", 200), line("根据有关规定，现下达资金1227万元，", 300),
            line("分配情况如下：", 320), line("2020年水利发展资金分配表", 350), line("请各县及时拨付。", 600))
    table = Table(cells=(), n_rows=0, n_cols=0, bbox=BBox(90, 380, 500, 560), page=1)
    (body,) = with_body_tables(Sections(main=main, main_tables=(table,), attachments=(), page_width=595))
    assert body.number is None and body.heading is None
    assert body.context_before(table) == ("2020年水利发展资金分配表",)
    assert with_body_tables(Sections(main=main, main_tables=(), attachments=(), page_width=595)) == ()


def test_attachment_heading_on_its_title_line() -> None:
    from parsers.sections import INLINE_HEADING, _split_attachments
    from pipeline.core.model import BBox, Line, Table

    m = INLINE_HEADING.match("附件2：中央对地方专项转移支付区域绩效目标表")
    assert m and m.group(1) == "2" and m.group("title") == "中央对地方专项转移支付区域绩效目标表"
    assert not INLINE_HEADING.match("附件2")
    head = Line(text="附件1：2023年补助资金分配表", bbox=BBox(90, 80, 500, 96), page=3)
    unit = Line(text="单位：万元", bbox=BBox(400, 110, 500, 126), page=3)
    table = Table(cells=(), n_rows=0, n_cols=0, bbox=BBox(90, 140, 500, 400), page=3)
    (sec,) = _split_attachments((head, unit, table))
    assert sec.number == 1 and sec.heading is head
    assert sec.context_before(table) == ("2023年补助资金分配表", "单位：万元")


def test_a_subject_code_joined_to_its_name_by_a_hyphen() -> None:
    body = "现将资金25149万元下达给你们（详见附件1），款列“2130321-大中型水库移民后期扶持专项支出”。"
    assert [f.value for f in parse_budget_codes(body, Provenance())] == ["2130321"]


def test_a_sub_attachment_heading_belongs_to_its_attachment() -> None:
    from parsers.sections import ATTACHMENT_HEADING, _is_heading
    from pipeline.core.model import BBox, Line

    assert _is_heading(Line(text="附件1.1", bbox=BBox(90, 80, 160, 96), page=4)) == 1
    assert _is_heading(Line(text="附件2-3：", bbox=BBox(90, 80, 160, 96), page=4)) == 2
    assert not ATTACHMENT_HEADING.match("附件1.1.2")
    assert title_from_context(["附件1.1", "2018年小学学生生活费补助资金安排表", "单位：人、万元"]) == (
        "2018年小学学生生活费补助资金安排表"
    )


def test_a_long_first_name_centred_over_the_second_is_a_signatory() -> None:
    from parsers.geometry import PageFrame
    from parsers.signature import find_signature
    from pipeline.core.model import BBox, Line

    frame = PageFrame(left=90, right=505, width=415, body_size=16)

    def line(text: str, x0: float, x1: float, top: float) -> Line:
        return Line(text=text, bbox=BBox(x0, top, x1, top + 16), page=2, font_size=16)

    body = line("3.各镇要做好资料的收集整理保存，作为审计监督的重要依据。", 90, 505, 470)
    first = line("西安市鄠邑区农村脱贫攻坚领导小组产业脱贫办公室", 90, 458, 516)
    second = line("西安市鄠邑区财政局", 202, 346, 544)
    date = line("2018年3月5日", 362, 458, 572)
    block = find_signature((body, first, second, date), 0, 3, frame)
    assert [n for n, _ in block.names] == ["西安市鄠邑区农村脱贫攻坚领导小组产业脱贫办公室", "西安市鄠邑区财政局"]
    # a body line at the margin, not centred over the name below it, still ends the block
    off = line("西安市鄠邑区农村脱贫攻坚领导小组产业脱贫办公室", 90, 458, 516)
    second_right = line("西安市鄠邑区财政局", 330, 474, 544)
    block = find_signature((body, off, second_right, date), 0, 3, frame)
    assert [n for n, _ in block.names] == ["西安市鄠邑区财政局"]
