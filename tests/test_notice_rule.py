"""The not-a-notice rule (pipeline/checks/notice_rule.py) and what the CLI does with it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import create_engine, inspect

from pipeline.checks.notice_rule import is_notice_title, not_a_notice_reason
from pipeline.core.model import Field, Notice, Provenance, SourceFile
from tests.db_helpers import rows
from tests.pdfmaker import notice_pdf
from tests.test_cli import run

SOURCE = SourceFile(path="a.pdf", name="a.pdf", sha256="0" * 64, size=1, pages=2)


def f(value: str, page: int | None = 1) -> Field[str]:
    return Field(value, value, Provenance(page=page))


def notice(**kw: object) -> Notice:
    return Notice(source=SOURCE, text_source="text-layer", **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("title", "ok"),
    [
        ("关于下达2020年中央财政困难群众救助补助资金的通知", True),
        ("关于同意设立某某项目的批复", True),
        ("关于商请提供资金使用情况的函", True),
        ("关于下达资金的通知（第二批）", True),
        ("关于进一步加强资金管理的意见。", True),
        ("2022年困难群众救助补助资金分配表", False),
        ("Northwind Trading Ltd.12 Harbour Road, Bristol", False),
        ("Notice of meeting", False),
        ("", False),
    ],
)
def test_title_names_a_document_kind(title: str, ok: bool) -> None:
    assert is_notice_title(title) is ok


def test_nothing_of_a_notice_is_refused_with_the_reason() -> None:
    reason = not_a_notice_reason(notice(title=f("Northwind Trading Ltd. 12 Harbour Road")))
    assert reason is not None and reason.startswith("not a notice: ")
    assert "文号" in reason and "发文机关" in reason and "通知" in reason


@pytest.mark.parametrize(
    "kw",
    [
        {"doc_number": f("某财预〔2022〕11号")},
        {"issuers": (f("某某县财政局"),)},
        {"title": f("关于下达资金的通知")},
        {"doc_number": f("某财预〔2022〕11号"), "issuers": (f("某某县财政局"),)},
    ],
)
def test_any_one_mark_makes_a_notice(kw: dict[str, object]) -> None:
    assert not_a_notice_reason(notice(**kw)) is None


@pytest.mark.parametrize(
    "kw",
    [
        {"doc_number": f("某财预〔2022〕11号", page=2)},  # a 文号 cited on page 2 only
        {"issuers": (f("Northwind Trading Ltd."),)},  # not a Chinese organ name
        {"title": f("关于下达资金的通知", page=3)},  # a title inside an attachment
    ],
)
def test_marks_must_be_on_the_first_page_and_chinese(kw: dict[str, object]) -> None:
    assert not_a_notice_reason(notice(**kw)) is not None


def english_letter_pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    _, height = A4
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, height - 72, "Northwind Trading Ltd.")
    c.setFont("Helvetica", 11)
    lines = [
        "12 Harbour Road, Bristol BS1 4QA", "", "3 March 2022", "", "Ms Jane Smith",
        "Purchasing Manager", "Contoso Supplies", "", "Re: Invoice No. 2022-0117", "",
        "Dear Ms Smith,", "",
        "Thank you for your order of 14 February. Please find enclosed our invoice",
        "for 1,250 units at GBP 8.40 each, a total of GBP 10,500.00, payable within 30 days.",
        "", "Yours sincerely,", "", "John Brown", "Sales Director",
    ]
    y = height - 100
    for line in lines:
        c.drawString(72, y, line)
        y -= 16
    c.showPage()
    c.save()
    return buf.getvalue()


def test_english_business_letter_refused_by_parse(tmp_path: Path) -> None:
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(english_letter_pdf())
    r = run("parse", str(letter))
    assert r.returncode == 1
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "letter.pdf" in lines[0] and "not a notice: " in lines[0]


def test_english_letter_not_stored_a_notice_is(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "letter.pdf").write_bytes(english_letter_pdf())
    (inbox / "notice.pdf").write_bytes(notice_pdf(pages=1))
    url = f"sqlite:///{tmp_path / 'n.db'}"
    r = run("ingest", str(inbox), "--db", url, "--workers", "1")
    assert r.returncode == 1, r.stderr
    assert "letter.pdf: not a notice: " in r.stderr
    assert "Ingested 1 notice(s)" in r.stderr, r.stderr
    files = [str(row[0]) for row in rows(url, "SELECT file_name FROM source_files")]
    reasons = [str(row[0]) for row in rows(url, "SELECT reason FROM failures")]
    assert [Path(p).name for p in files] == ["notice.pdf"]
    assert len(reasons) == 1 and reasons[0].startswith("not a notice: ")
    assert "runs" in inspect(create_engine(url)).get_table_names()
