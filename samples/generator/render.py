"""Render a sample spec as a GB/T 9704 公文 PDF (reportlab platypus).

Page 1 carries the 版头 (份号/密级/紧急程度, red 发文机关标志, 文号, red rule); then the
主体 (标题, 主送, 正文, 附件说明, 署名 + 成文日期 under a raster seal, 附注); the 版记
(抄送, 印发机关 + 印发日期 between black rules) sits at the foot of the last main page;
each attachment starts on a new page.  Page numbers read ``— N —``.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
)
from reportlab.platypus.flowables import KeepTogether

from . import closing, tables
from .fonts import BLACK, HEI, RED, SONG, register, style, width
from .paragraph import Paragraph  # reportlab's, with a repair of a split paragraph's lines

PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 28 * mm, 26 * mm, 30 * mm, 32 * mm
TEXT_W = PAGE_W - LEFT - RIGHT
LAND_W = PAGE_H - LEFT - RIGHT  # text width of a landscape attachment page
BODY = 16.0  # 三号
LEADING = 28.0
PAGE_BREAK = "⏎"  # in a spec paragraph: a page break falls here (text continues on the next page)


def esc(s: str) -> str:
    return escape(s).replace("\n", "<br/>")


class Anchor(Flowable):  # type: ignore[misc]
    """Zero-size marker recording the page it lands on."""

    def __init__(self, key: str, book: dict[str, int]) -> None:
        super().__init__()
        self.key, self.book = key, book

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        self.book.setdefault(self.key, self.canv.getPageNumber())


class Head(Flowable):  # type: ignore[misc]
    """版头: 份号/密级/紧急程度, red issuer mark, 文号 (centred), red rule."""

    def __init__(self, head: dict[str, Any]) -> None:
        super().__init__()
        self.head = head
        self.tops = [t for t in (head.get("copy_number"), head.get("classification"),
                                 head.get("urgency")) if t]
        mark = head["mark"]
        self.style = mark["style"]
        if self.style == "single":
            self.mark_lines = [mark["text"]]
            self.msize = min(46.0, TEXT_W / (len(mark["text"]) + 0.5))
            self.mark_h = self.msize * 1.2
        elif self.style == "split":
            self.mark_lines = list(mark["lines"])
            self.msize = min(40.0, TEXT_W / (max(len(x.replace(" ", "")) for x in self.mark_lines) + 1))
            self.mark_h = self.msize * 1.35 * len(self.mark_lines)
        else:  # joint
            self.mark_lines = list(mark["names"])
            longest = max(len(x) for x in self.mark_lines)
            self.msize = min(34.0, (TEXT_W - 90) / longest)
            self.mark_h = self.msize * 1.3 * len(self.mark_lines)
        self.h = 20 * (len(self.tops) + bool(head.get("number_top"))) + 12 * mm + self.mark_h + 14 * mm + 20 + 6 * mm

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return (TEXT_W, self.h)

    def draw(self) -> None:
        c = self.canv
        y = self.h
        c.setFillColor(BLACK)
        if self.head.get("number_top"):  # 文号 printed on the first line, above the mark
            y -= 20
            c.setFont(SONG, BODY)
            c.drawRightString(TEXT_W, y + 4, self.head["doc_number"])
        for t in self.tops:
            y -= 20
            c.setFont(HEI, 16)
            c.drawString(0, y + 4, t)
        y -= 12 * mm
        c.setFillColor(RED)
        if self.style == "single":
            y -= self.msize
            c.setFont(HEI, self.msize)
            c.drawCentredString(TEXT_W / 2, y, self.mark_lines[0])
        elif self.style == "split":
            for line in self.mark_lines:
                y -= self.msize * 1.3
                c.setFont(HEI, self.msize)
                c.drawCentredString(TEXT_W / 2, y, line)
        else:
            names = self.mark_lines
            s = self.msize
            suffix = self.head["mark"].get("suffix", "文件")
            ssize = s * 1.25
            name_w = max(width(n, HEI, s) for n in names)
            suf_w = width(suffix, HEI, ssize)
            x0 = (TEXT_W - name_w - 14 - suf_w) / 2
            top = y
            for n in names:
                y -= s * 1.3
                t = c.beginText(x0, y)
                t.setFont(HEI, s)
                extra = (name_w - width(n, HEI, s)) / max(1, len(n) - 1)
                t.setCharSpace(extra)
                t.textOut(n)
                t.setCharSpace(0)  # Tc persists in the PDF text state: reset it
                c.drawText(t)
            mid = (top + y) / 2 + s * 0.15
            c.setFont(HEI, ssize)
            c.drawString(x0 + name_w + 14, mid - ssize * 0.35, suffix)
        y -= 14 * mm
        c.setFillColor(BLACK)
        number = self.head.get("doc_number")
        if number and not self.head.get("number_top"):
            c.setFont(SONG, BODY)
            c.drawCentredString(TEXT_W / 2, y, number)
        y -= 6 * mm
        c.setStrokeColor(RED)
        c.setLineWidth(1.6)
        c.line(0, y, TEXT_W, y)


class Signature(Flowable):  # type: ignore[misc]
    """发文机关署名 + 成文日期 (right, 4 characters in), each name under a raster seal."""

    def __init__(self, names: list[str], date: str, seals: list[str], date_gap: float = 0) -> None:
        super().__init__()
        self.names, self.date, self.seals = names, date, seals
        self.step = LEADING if len(names) == 1 else 3.3 * LEADING  # joint: room for each seal
        self.date_gap = date_gap  # blank lines between the last name and the date
        self.h = 2.5 * LEADING + self.step * len(names) + LEADING + date_gap * LEADING

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return (TEXT_W, self.h)

    def draw(self) -> None:
        c = self.canv
        right = TEXT_W - 4 * BODY
        date_w = width(self.date, SONG, BODY)
        cx = right - date_w / 2
        y = self.h - 2 * LEADING - (self.step - LEADING)
        c.setFont(SONG, BODY)
        c.setFillColor(BLACK)
        ys: list[float] = []
        for n in self.names:
            y -= self.step if ys else LEADING
            c.drawCentredString(cx, y, n)
            ys.append(y)
        y -= LEADING * (1 + self.date_gap)
        c.drawString(right - date_w, y, self.date)
        for n, ny in zip(self.seals, ys[: len(self.seals)], strict=False):
            closing.draw_seal(c, n, cx, ny)


class Imprint(Flowable):  # type: ignore[misc]
    """版记 at the foot of the page: 抄送 and 印发机关/印发日期 between black rules."""

    def __init__(self, cc: str | None, printed_by: str, print_date: str, book: dict[str, int]) -> None:
        super().__init__()
        self.cc, self.by, self.date, self.book = cc, printed_by, print_date, book
        self.need = ((1 if cc else 0) + closing.print_row_lines(printed_by, f"{print_date}印发", TEXT_W)) * 26 + 8

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.avail = ah
        return (TEXT_W, max(self.need, ah - 1))

    def split(self, aw: float, ah: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        c = self.canv
        self.book["imprint"] = c.getPageNumber()
        y = self.need
        c.setStrokeColor(BLACK)
        c.setLineWidth(1.0)
        c.line(0, y, TEXT_W, y)
        c.setFont(SONG, 14)
        if self.cc:
            y -= 20
            c.drawString(14, y, f"抄送：{self.cc}")
            y -= 6
            c.setLineWidth(0.5)
            c.line(0, y, TEXT_W, y)
        y = closing.draw_print_row(c, self.by, f"{self.date}印发", y - 20, TEXT_W)
        y -= 6
        c.setLineWidth(1.0)
        c.line(0, y, TEXT_W, y)


def _page_number(canv: Any, doc: Any) -> None:
    canv.saveState()
    canv.setFont(SONG, 14)
    canv.setFillColor(BLACK)
    canv.drawCentredString(canv._pagesize[0] / 2, 18 * mm, f"— {doc.page} —")
    canv.restoreState()


def _paragraphs(text: str, st: Any, cont: Any) -> list[Flowable]:
    parts = text.split(PAGE_BREAK)
    out: list[Flowable] = [Paragraph(esc(parts[0]), st)]
    for p in parts[1:]:
        out += [PageBreak(), Paragraph(esc(p), cont)]
    return out


def story(spec: dict[str, Any], book: dict[str, int]) -> list[Flowable]:
    register()
    body = style("body", first_indent=2 * BODY, leading=LEADING)
    cont = style("body-cont", leading=LEADING)
    flow: list[Flowable] = [Anchor("page1", book), Head(spec["head"])]
    title = "<br/>".join(esc(x) for x in spec["title_lines"])
    flow += [Spacer(1, 6 * mm),
             Paragraph(title, style("title", size=22, leading=32, align="center")),
             Spacer(1, 6 * mm)]
    if spec.get("recipients_printed"):
        flow.append(Paragraph(esc(spec["recipients_printed"]), style("recip", leading=LEADING, align="left")))
    atts = spec.get("attachments") or []
    for i, para in enumerate(spec["body"]):
        flow += _paragraphs(para, body, cont)
        for k, att in enumerate(atts):  # a table printed inside the body, after paragraph i
            if att.get("inline_after") == i:
                flow.append(Anchor(f"att{k}", book))
                flow += tables.attachment(att, TEXT_W)
    note = spec.get("attachment_note") or []
    if note:
        flow.append(Spacer(1, LEADING * 0.6))
        flow.append(Anchor("attachment_note", book))
        lead = width("附件：", SONG, BODY)
        for i, item in enumerate(note):
            label = str(item.get("label", ""))
            lw = width(label, SONG, BODY)
            st = style(f"att-{lw:.1f}-{i == 0}", leading=LEADING, align="left",
                       left_indent=2 * BODY + lead + lw, first_indent=-(lw + (lead if i == 0 else 0)))
            prefix = "附件：" if i == 0 else ""
            flow.append(Paragraph(esc(prefix + label + item["title_printed"]), st))
    sig = spec["signature"]
    block: list[Flowable] = [
        closing.SideSignature(sig, TEXT_W) if sig.get("layout")
        else Signature(sig["names"], sig["date_printed"], sig.get("seals", sig["names"]),
                       float(sig.get("date_gap", 0)))]
    if spec.get("annotation"):
        block.append(Paragraph(esc(spec["annotation"]), style("annot", leading=LEADING, first_indent=2 * BODY)))
    flow.append(KeepTogether(block))
    flow.append(Anchor("signature", book))
    imp = spec.get("imprint")
    if imp and imp.get("style") in ("table", "lines"):
        flow.append(closing.TableImprint(imp, TEXT_W, book))
    elif imp:
        flow.append(Imprint(imp.get("cc"), imp["printed_by"], imp["date_printed"], book))
    for k, att in enumerate(spec.get("attachments") or []):
        if att.get("inline_after") is not None:
            continue  # printed inside the body
        wide = bool(att.get("landscape"))
        flow.append(NextPageTemplate("l" if wide else "p"))
        flow.append(PageBreak())
        flow.append(Anchor(f"att{k}", book))
        flow += tables.attachment(att, LAND_W if wide else TEXT_W)
    flow.append(Anchor("end", book))
    return flow


def build(spec: dict[str, Any]) -> tuple[bytes, int, dict[str, int]]:
    """PDF bytes, page count, and the pages anchors landed on."""
    register()
    buf = io.BytesIO()
    book: dict[str, int] = {}
    doc = BaseDocTemplate(
        buf, pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP, bottomMargin=BOTTOM,
        title=spec.get("pdf_title", ""), author="", subject="", creator="samples.generator",
        producer="samples.generator", invariant=1, pageCompression=1,
    )
    frame = Frame(LEFT, BOTTOM, TEXT_W, PAGE_H - TOP - BOTTOM, id="f", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    wide = Frame(LEFT, BOTTOM, LAND_W, PAGE_W - TOP - BOTTOM, id="w", leftPadding=0,
                 rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([
        PageTemplate(id="p", frames=[frame], onPage=_page_number),
        PageTemplate(id="l", frames=[wide], onPage=_page_number, pagesize=landscape(A4)),
    ])
    doc.build(story(spec, book))
    return buf.getvalue(), doc.page, book
