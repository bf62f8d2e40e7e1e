"""Tiny reportlab PDFs for the source, text-layer and layout tests."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Table, TableStyle

from pipeline.core.fonts import font_path

FONT = "TestCJK"
WIDTH, HEIGHT = A4


def register_font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(font_path("hei"))))
    return FONT


def draw_table(
    c: canvas.Canvas,
    data: Sequence[Sequence[str]],
    x: float,
    top: float,
    col_widths: Sequence[float],
    spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    grid: bool = True,
) -> float:
    """Draw a table with its top edge at ``top`` (top-left origin); return its bottom."""
    t = Table([list(r) for r in data], colWidths=list(col_widths))
    style: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 10),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if grid:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    style += [("SPAN", a, b) for a, b in spans]
    t.setStyle(TableStyle(style))
    _, h = t.wrapOn(c, WIDTH, HEIGHT)
    t.drawOn(c, x, HEIGHT - top - h)
    return top + float(h)


def red_header(c: canvas.Canvas, issuer: str, doc_number: str) -> None:
    """The red issuer line and rule with the 文号 under them; leaves black ink, font size 16."""
    c.setFillColorRGB(0.9, 0.05, 0.05)
    c.setFont(FONT, 22)
    c.drawCentredString(WIDTH / 2, HEIGHT - 100, issuer)
    c.setStrokeColorRGB(0.9, 0.05, 0.05)
    c.setLineWidth(1.5)
    c.line(80, HEIGHT - 140, WIDTH - 80, HEIGHT - 140)
    c.setFillColorRGB(0, 0, 0)
    c.setStrokeColorRGB(0, 0, 0)
    c.setFont(FONT, 16)
    c.drawCentredString(WIDTH / 2, HEIGHT - 128, doc_number)


TARGET_TABLE = (
    ("一级指标", "二级指标", "三级指标", "指标值"),
    ("产出指标", "数量指标", "低保对象人数", "应保尽保"),
    ("", "", "临时救助人次", "应救尽救"),
    ("", "质量指标", "城乡低保标准", "不低于上年"),
    ("效益指标", "社会效益", "生活水平", "有所提升"),
)
# 产出指标 spans rows 1-3 of column 0; 数量指标 rows 1-2 of column 1.
TARGET_SPANS = (((0, 1), (0, 3)), ((1, 1), (1, 2)))


def notice_pdf(pages: int = 1, table: bool = True) -> bytes:
    """A small notice: red issuer line, 文号, title, body, a merged-cell table."""
    register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for number in range(1, pages + 1):
        if number == 1:
            red_header(c, "某某县财政局文件", "某财预〔2022〕11号")
            c.drawString(80, HEIGHT - 180, "关于下达 2020 年中央财政困难群众救助补助资金的通知")
        c.setFont(FONT, 16)
        for i in range(4):
            c.drawString(80, HEIGHT - 220 - 28 * i, f"正文第{number}页第{i + 1}行，现下达资金 8 万元。")
        if table:
            draw_table(c, TARGET_TABLE, 80, 360, (80, 80, 160, 100), TARGET_SPANS)
        c.setFont(FONT, 12)
        c.drawCentredString(WIDTH / 2, 40, f"— {number} —")
        c.showPage()
    c.save()
    return buf.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
