"""The generator's Paragraph draws a paragraph split after its first line when that line holds an
escaped ``<`` (reportlab alone fails: 'FragLine' object is not subscriptable)."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from samples.generator.fonts import style
from samples.generator.paragraph import Paragraph
from samples.generator.render import BODY, LEADING, esc

TEXT = ("二、按照关于转发国务院扶贫办财政部印发<关于完善扶贫资金项目公告公示制度的指导意见的通知"
        "（宁扶贫办发〔2018〕51号）的要求，做好资金和项目的信息公开。")


def test_a_paragraph_split_after_a_first_line_holding_a_less_than_sign_is_drawn() -> None:
    p = Paragraph(esc(TEXT), style("body", first_indent=2 * BODY, leading=LEADING))
    p.wrap(441, 1000)
    first, rest = p.split(441, LEADING + 2)
    first.wrap(441, LEADING + 2)
    canvas = Canvas(io.BytesIO())
    first.drawOn(canvas, 0, 0)  # reportlab's own Paragraph raises TypeError here
    rest.wrap(441, 1000)
    words = "".join(w.text for ln in first.blPara.lines for w in ln.words)
    assert words.startswith("二、按照") and "<" in words
