"""The not-a-notice rule on OCR'd pages (pipeline/checks/ocr_notice_rule.py): a scan that lost its
文号, 发文机关 and title word to OCR is not refused when the rest it shows says notice."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from pipeline.checks.notice_rule import not_a_notice_reason
from pipeline.checks.ocr_notice_rule import corroboration, has_notice_word, ocr_reads_as_notice
from pipeline.core.errors import NotANoticeError
from pipeline.core.model import AllocationTable, BodyAmount, Field, Notice, Provenance, SourceFile
from pipeline.run import parse_layout
from tests.layoutbuilder import layout, line

SOURCE = SourceFile(path="a.pdf", name="a.pdf", sha256="0" * 64, size=1, pages=2)
GLUED_TITLE = "某某市某某区农业农村局关于某村茶园建设项目验收结果及拨付资金的公示"


def f(value: str, page: int = 1) -> Field[str]:
    return Field(value, value, Provenance(page=page, confidence=0.99))


def ocr_notice(**kw: object) -> Notice:
    return Notice(source=SOURCE, text_source="ocr", **kw)  # type: ignore[arg-type]


MONEY = (BodyAmount(Decimal("281846.49"), "元", "拨付剩余省补资金28.184649万元"),)
TABLE = (AllocationTable(attachment=1, title="验收情况表", unit="万元", columns=("本次拨付资金",), rows=()),)


def test_a_glued_title_is_refused_by_the_first_page_rule_alone() -> None:
    n = ocr_notice(title=f(GLUED_TITLE), body_amounts=MONEY, allocation_tables=TABLE)
    assert not_a_notice_reason(n) is not None  # 公示 is no 公文 kind, no mark was read
    assert ocr_reads_as_notice(n)


@pytest.mark.parametrize(
    "kw",
    [
        {"title": f(GLUED_TITLE), "body_amounts": MONEY, "allocation_tables": TABLE},
        {"title": f(GLUED_TITLE), "signatories": (f("某某市某某区农业农村局", page=2),), "issue_date": f("2024-01-31", 2)},
        {"body": "请在公示期内反映。", "body_amounts": MONEY, "issue_date": f("2024-01-31", 2)},
        {"title": f("关于下达某某资金的通知", page=2), "body_amounts": MONEY, "allocation_tables": TABLE},
    ],
)
def test_a_notice_word_and_two_marks_of_a_notice_keep_an_ocr_file(kw: dict[str, object]) -> None:
    assert ocr_reads_as_notice(ocr_notice(**kw))


@pytest.mark.parametrize(
    "kw",
    [
        {},  # a blank scan
        {"title": f("Northwind Trading Ltd. 12 Harbour Road"), "body_amounts": MONEY, "issue_date": f("2022-03-03")},
        # 附件 pages without their cover: a table and money, no notice word
        {"title": f("2023年某某项目资金分配表"), "body_amounts": MONEY, "allocation_tables": TABLE},
        {"title": f(GLUED_TITLE), "body_amounts": MONEY},  # a notice word and one mark only
        {"title": f(GLUED_TITLE, page=3), "body_amounts": MONEY, "allocation_tables": TABLE},  # title on page 3
    ],
)
def test_without_the_word_or_the_marks_an_ocr_file_is_still_refused(kw: dict[str, object]) -> None:
    assert not ocr_reads_as_notice(ocr_notice(**kw))


def test_a_text_layer_file_keeps_the_first_page_rule() -> None:
    n = Notice(source=SOURCE, text_source="text-layer", title=f(GLUED_TITLE), body_amounts=MONEY, allocation_tables=TABLE)
    assert has_notice_word(n) and len(corroboration(n)) == 2
    assert not ocr_reads_as_notice(n)


def test_corroboration_names_what_was_read() -> None:
    n = ocr_notice(signatories=(f("某某县财政局"),), issue_date=f("2024-01-31"), body_amounts=MONEY, allocation_tables=TABLE)
    assert corroboration(n) == ("organ", "date", "money", "table")
    assert corroboration(ocr_notice(signatories=(f("Northwind Ltd."),))) == ()


def _ocr_page(title: str, body: list[str], date: str | None) -> object:
    blocks = [line(title, 100, align="centre", size=22, conf=0.99)]
    y = 150.0
    for k, t in enumerate(body):
        blocks.append(line(t, y, align="full", indent=32 if k == 0 else 0.0, conf=0.99))
        y += 28
    if date:
        blocks.append(line(date, y + 60, align="right", conf=0.97))
    return replace(layout(*blocks), text_source="ocr")


BODY = [
    "2024年1月30日，专家组对某村茶园建设项目进行验收，验收结果见附件。该项目已预拨省补资",
    "金70万元，现拟拨付剩余省补资金28.184649万元。公示时间为2024年2月1日至2月6日，",
    "如有异议，请在公示期内向本局反映。",
]


def test_parse_layout_keeps_an_ocr_notice_and_refuses_an_ocr_letter() -> None:
    parsed = parse_layout(_ocr_page("专家组验收结果汇总", BODY, "2024年1月31日"))  # type: ignore[arg-type]
    assert parsed.body_amounts and parsed.issue_date is not None
    with pytest.raises(NotANoticeError):  # the same page without its date: one mark only
        parse_layout(_ocr_page("专家组验收结果汇总", BODY, None))  # type: ignore[arg-type]
    letter = ["Thank you for your order of 14 February, a total of GBP 10,500.00,", "payable within 30 days."]
    with pytest.raises(NotANoticeError):
        parse_layout(_ocr_page("Northwind Trading Ltd.", letter, "3 March 2022"))  # type: ignore[arg-type]
