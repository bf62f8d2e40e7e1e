"""A two-page notice PDF with an allocation table whose amounts a test chooses (web tests)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.pdfmaker import FONT, HEIGHT, WIDTH, draw_table, red_header, register_font

DOC_NUMBER = "某财社〔2023〕7号"


def allocation_notice(amounts: Sequence[int], *, total: int | None = None,
                      doc_number: str = DOC_NUMBER,
                      counties: Sequence[str] = ("信丰县", "大余县", "上犹县")) -> bytes:
    """A prefecture's notice: header, body with the total, 署名, date, 附件 分配表 (万元).

    ``total`` is the printed 合计 (default: the sum, so no flag).
    """
    register_font()
    total = sum(amounts) if total is None else total
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    red_header(c, "某某市财政局文件", doc_number)
    c.drawCentredString(WIDTH / 2, HEIGHT - 180, "关于下达2023年困难群众救助补助资金的通知")
    c.drawString(80, HEIGHT - 220, "各县财政局：")
    c.drawString(110, HEIGHT - 250, f"现下达你们2023年困难群众救助补助资金{total}万元，")
    c.drawString(80, HEIGHT - 276, "具体分配情况见附件。")
    c.drawString(80, HEIGHT - 320, "附件：2023年困难群众救助补助资金分配表")
    c.drawString(360, HEIGHT - 400, "某某市财政局")
    c.drawString(360, HEIGHT - 426, "2023年6月7日")
    c.showPage()
    c.setFont(FONT, 16)
    c.drawString(80, HEIGHT - 80, "附件")
    c.drawCentredString(WIDTH / 2, HEIGHT - 120, "2023年困难群众救助补助资金分配表")
    c.setFont(FONT, 12)
    c.drawString(400, HEIGHT - 150, "单位：万元")
    rows = [("地区", "金额"), ("合计", str(total))]
    rows += [(name, str(a)) for name, a in zip(counties, amounts, strict=True)]
    draw_table(c, rows, 120, 160, (180, 160))
    c.showPage()
    c.save()
    return buf.getvalue()


def write_notice(path: Path, amounts: Sequence[int], **kw: object) -> Path:
    path.write_bytes(allocation_notice(amounts, **kw))  # type: ignore[arg-type]
    return path
