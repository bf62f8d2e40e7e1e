"""The small digital notice of the OCR path's own tests (``tests/data/scan_demo``).

Two A4 pages drawn with reportlab: a red 发文机关标志 and rule, 文号, title,
body, 附件 list, signature and date with a red seal image over it, and an
allocation table with rulings on page 2; ``scan.pdf`` is its scanned twin
(``samples.scanmaker.make_scan``, plan "demo"). Deterministic. It is a test
fixture, not a sample: it shares seed002's 文号, so it stays out of samples/
(``make demo`` ingests every samples/**/notice.pdf).

    python -m tests.scan_demo        # writes tests/data/scan_demo/{notice,scan}.pdf
"""

from __future__ import annotations

import io
import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from pipeline.core.fonts import font_path

FONT = "WQY"
RED = (0.85, 0.05, 0.05)
OUT = Path(__file__).resolve().parent / "data" / "scan_demo" / "notice.pdf"

BODY = (
    "为做好困难群众救助工作，根据《关于拨付2022年中央财政困难群众救助补助资金（第二批）的通知》"
    "（新财社〔2022〕71号）精神，结合各地困难群众数量、财力情况、工作绩效等因素，现拨付你县（市）"
    "2022年困难群众救助补助资金（第二批）预算指标3610万元，具体金额见附件。",
    "一、该项收入列入2022年政府收支分类科目1100248“社会保障和就业共同财政事权转移支付收入”科目；"
    "支出列入“208类社会保障和就业支出”科目。",
    "二、此次下达资金纳入直达资金管理，直达资金标识为“01中央直达资金”，贯穿资金分配、拨付、使用等"
    "整个环节，且保持不变。",
)
ROWS = (
    ("昌吉州", "11438", "7828", "3610"),
    ("昌吉市", "2675", "1807", "868"),
    ("阜康市", "831", "851", "-20"),
    ("呼图壁县", "1560", "1069", "491"),
    ("玛纳斯县", "1701", "1165", "536"),
    ("奇台县", "1592", "1091", "501"),
    ("吉木萨尔县", "1138", "779", "359"),
    ("木垒哈萨克自治县", "1941", "1066", "875"),
)


def seal_png(text: str = "昌吉回族自治州财政局", size: int = 400) -> bytes:
    """A red round seal (印章) with a star, as a transparent PNG."""
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    red = (214, 20, 20, 170)
    d.ellipse((8, 8, size - 8, size - 8), outline=red, width=14)
    c = size / 2
    r_star = size * 0.16
    pts = []
    for i in range(10):
        r = r_star if i % 2 == 0 else r_star * 0.4
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((c + r * math.cos(a), c + r * math.sin(a)))
    d.polygon(pts, fill=red)
    font = ImageFont.truetype(str(font_path("hei")), int(size * 0.11))
    n = len(text)
    for i, ch in enumerate(text):
        a = math.pi * (1.15 + 0.7 * i / max(1, n - 1))
        x = c + size * 0.34 * math.cos(a)
        y = c + size * 0.34 * math.sin(a)
        glyph = Image.new("RGBA", (int(size * 0.14),) * 2, (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((2, 0), ch, font=font, fill=red)
        glyph = glyph.rotate(-math.degrees(a) - 90, expand=True)
        img.alpha_composite(glyph, (int(x - glyph.width / 2), int(y - glyph.height / 2)))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _wrap(c: canvas.Canvas, text: str, size: float, width: float) -> list[str]:
    lines, cur = [], ""
    for ch in text:
        if c.stringWidth(cur + ch, FONT, size) > width:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        lines.append(cur)
    return lines


def build(path: Path = OUT) -> Path:
    pdfmetrics.registerFont(TTFont(FONT, str(font_path("hei")), subfontIndex=0))
    path.parent.mkdir(parents=True, exist_ok=True)
    w, h = A4
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    left, right = 79.0, w - 74.0
    # page 1: 版头
    c.setFillColorRGB(*RED)
    c.setFont(FONT, 34)
    c.drawCentredString(w / 2, h - 130, "昌吉回族自治州财政局文件")
    c.setFillColorRGB(0, 0, 0)
    c.setFont(FONT, 16)
    c.drawCentredString(w / 2, h - 180, "昌州财社〔2022〕11号")
    c.setStrokeColorRGB(*RED)
    c.setLineWidth(2)
    c.line(left, h - 195, right, h - 195)
    c.setFont(FONT, 20)
    c.drawCentredString(w / 2, h - 240, "关于拨付2022年中央财政困难群众救助")
    c.drawCentredString(w / 2, h - 268, "补助资金（第二批）的通知")
    c.setFont(FONT, 15)
    y = h - 310
    c.drawString(left, y, "各县（市）财政局、民政局：")
    y -= 27
    for para in BODY:
        for i, line in enumerate(_wrap(c, para, 15, right - left - 30)):
            c.drawString(left + (30 if i == 0 else 0), y, line)
            y -= 27
    c.drawString(left + 30, y, "附件：2022年困难群众救助补助资金（第二批）分配表")
    y -= 45
    c.drawRightString(right - 40, y, "昌吉回族自治州财政局")
    y -= 27
    c.drawRightString(right - 56, y, "2022年6月7日")
    c.drawImage(ImageReader(io.BytesIO(seal_png())), right - 165, y - 45, 105, 105, mask="auto")
    c.setStrokeColorRGB(0, 0, 0)
    c.setLineWidth(0.8)
    c.line(left, 120, right, 120)
    c.setFont(FONT, 13)
    c.drawString(left + 14, 100, "昌吉回族自治州财政局")
    c.drawRightString(right - 14, 100, "2022年6月7日印发")
    c.line(left, 88, right, 88)
    c.setFont(FONT, 12)
    c.drawCentredString(w / 2, 50, "— 1 —")
    c.showPage()
    # page 2: 分配表
    c.setFont(FONT, 15)
    c.drawString(left, h - 90, "附件1：")
    c.setFont(FONT, 18)
    c.drawCentredString(w / 2, h - 130, "2022年困难群众救助补助资金（第二批）分配表")
    c.setFont(FONT, 12)
    c.drawRightString(right, h - 160, "单位：万元")
    cols = (left, left + 140, left + 250, left + 350, right)
    header = ("单位名称", "中央全年实际下达资金合计", "年初提前下达资金", "此次下达资金")
    top = h - 170
    row_h = 30.0
    n = len(ROWS) + 1
    c.setLineWidth(0.8)
    for i in range(n + 1):
        c.line(cols[0], top - i * row_h, cols[-1], top - i * row_h)
    for x in cols:
        c.line(x, top, x, top - n * row_h)
    for j, text in enumerate(header):
        size = 12.0
        while c.stringWidth(text, FONT, size) > cols[j + 1] - cols[j] - 6:
            size -= 0.5
        c.setFont(FONT, size)
        c.drawCentredString((cols[j] + cols[j + 1]) / 2, top - row_h / 2 - 4, text)
    c.setFont(FONT, 12)
    for i, row in enumerate(ROWS, start=1):
        for j, text in enumerate(row):
            c.drawCentredString((cols[j] + cols[j + 1]) / 2, top - i * row_h - row_h / 2 - 4, text)
    c.drawCentredString(w / 2, 50, "— 2 —")
    c.showPage()
    c.save()
    return path


def build_scan(notice: Path = OUT) -> Path:
    """The scanned twin beside ``notice`` (needs the samples package)."""
    from samples.scanmaker import make_scan

    out = notice.with_name("scan.pdf")
    make_scan(notice, out, "demo")
    return out


if __name__ == "__main__":
    print(build_scan(build()))
