"""Real-world closing layouts: joint 署名 side by side or tightly stacked, 版记 drawn as a table.

``signature.layout`` (absent: the classic stack of :class:`render.Signature`):

- ``side_by_side``: the issuers' names on one line, each centred in its own slot under its own
  seal, ``dy`` (pt, per name, + is up) puts them at slightly uneven heights; the 成文日期
  below, right-aligned four characters in.  ``gap`` (in lines) is the space above the names:
  small values put the names right under the 附件 list.
- ``stacked_tight``: one name per line, one line apart, each centred under its own seal at
  ``dx`` (pt, per name) from the common centre, seals overlapping.

``imprint.style: table`` draws the 版记 as Word exports a bordered table: the rules are thin
filled rectangles (thicker first and last), 印发机关 and 印发日期 sit in two cells of one
row, and a long 抄送 wraps under its label.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from .fonts import BLACK, HEI, SONG, width
from .seal import seal_png

BODY = 16.0
LEADING = 28.0
SEAL_D = 42 * mm


def draw_seal(c: Any, name: str, cx: float, cy: float) -> None:
    """The raster seal of ``name`` centred on (cx, cy + 2 pt down) on canvas ``c``."""
    img = ImageReader(io.BytesIO(seal_png(name)))
    c.drawImage(img, cx - SEAL_D / 2, cy - SEAL_D / 2 - 2, SEAL_D, SEAL_D, mask="auto")


class SideSignature(Flowable):  # type: ignore[misc]
    """Joint 署名 on one line (side by side) or one line apart (tight stack), seals over each."""

    def __init__(self, sig: dict[str, Any], text_w: float) -> None:
        super().__init__()
        self.names: list[str] = list(sig["names"])
        self.seals: list[str] = list(sig.get("seals", self.names))
        self.date: str = sig["date_printed"]
        self.layout: str = sig["layout"]
        self.dy = [float(x) for x in sig.get("dy", [0] * len(self.names))]
        self.dx = [float(x) for x in sig.get("dx", [0] * len(self.names))]
        self.gap = float(sig.get("gap", 2.5))
        self.size = float(sig.get("size", BODY))  # three long names on one line need a smaller size
        self.text_w = text_w
        rows = 1 if self.layout == "side_by_side" else len(self.names)
        self.h = self.gap * LEADING + rows * LEADING + 1.2 * LEADING + max(0.0, max(self.dy))

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return (self.text_w, self.h)

    def centres(self) -> list[tuple[float, float]]:
        """(x, y) of each name's centre line, in the flowable's coordinates."""
        top = self.h - self.gap * LEADING - max(0.0, max(self.dy))
        n = len(self.names)
        if self.layout == "side_by_side":
            slot = self.text_w / n
            return [(slot * (i + 0.5) + self.dx[i], top - LEADING * 0.8 + self.dy[i]) for i in range(n)]
        right = self.text_w - 4 * BODY
        cx = right - max(width(x, SONG, BODY) for x in self.names) / 2
        return [(cx + self.dx[i], top - LEADING * (i + 0.8) + self.dy[i]) for i in range(n)]

    def draw(self) -> None:
        c = self.canv
        c.setFont(SONG, self.size)
        c.setFillColor(BLACK)
        pts = self.centres()
        for name, (x, y) in zip(self.names, pts, strict=True):
            c.drawCentredString(x, y, name)
        c.setFont(SONG, BODY)
        low = min(y for _, y in pts) - min(0.0, min(self.dy))
        date_w = width(self.date, SONG, BODY)
        c.drawString(self.text_w - 4 * BODY - date_w, low - LEADING, self.date)
        for name, (x, y) in zip(self.seals, pts[: len(self.seals)], strict=False):
            draw_seal(c, name, x, y)


def print_row_lines(by: str, dated: str, text_w: float, size: float = 14.0) -> int:
    """Lines the 印发 row takes: one, or two when the organ and the date (a long organ, a date in
    Chinese numerals) do not fit on one line with a character between them: the date wraps to a
    line of its own, set right, as Word does."""
    return 1 + (width(by, SONG, size) + width(dated, SONG, size) + 28 + size > text_w)


def draw_print_row(c: Any, by: str, dated: str, y: float, text_w: float, size: float = 14.0) -> float:
    """The 印发机关 left and the 印发日期 right at ``y`` (the date a line lower when they do not
    fit); the baseline of the last line drawn."""
    c.drawString(14, y, by)
    if print_row_lines(by, dated, text_w, size) == 2:
        y -= 22
    c.drawRightString(text_w - 14, y, dated)
    return y


class TableImprint(Flowable):  # type: ignore[misc]
    """版记 at the foot of the page, drawn as a bordered table (``style: table``: rules are
    thin filled rectangles) or as separate stroked lines (``style: lines``).  Optional rows:
    ``keywords`` (主题词, above the first rule), ``recipients`` (主送 moved to the 版记, first), ``cc_report``
    (抄报, above 抄送), a long 抄送
    wrapped under its label; ``suffix`` after the 印发日期 (default 印发, older notices 印)."""

    SIZE = 14.0

    def __init__(self, imp: dict[str, Any], text_w: float, book: dict[str, int]) -> None:
        super().__init__()
        self.table = imp.get("style", "table") == "table"
        self.by: str = imp["printed_by"]
        self.date: str = imp["date_printed"]
        self.suffix: str = imp.get("suffix", "印发")
        self.keywords: str | None = imp.get("keywords")
        self.rules = [float(x) for x in imp.get("rules", [1.0, 0.5, 1.0])]
        self.text_w, self.book = text_w, book
        rows = (("recipients", "主送："), ("cc_report", "抄报："), ("cc", "抄送："))  # 主送 moved to the 版记
        self.blocks = [self._wrap(label, imp[key]) for key, label in rows if imp.get(key)]
        lines = sum(len(b) for b in self.blocks) + print_row_lines(self.by, self.date + self.suffix, text_w)
        self.need = 26 * lines + 8 + (30 if self.keywords else 0)

    def _wrap(self, label: str, text: str) -> list[str]:
        avail = self.text_w - 28 - width(label, SONG, self.SIZE)
        lines, cur = [], ""
        for ch in text:
            if width(cur + ch, SONG, self.SIZE) > avail:
                lines.append(cur)
                cur = ""
            cur += ch
        lines.append(cur)
        return [label + lines[0]] + lines[1:]

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return (self.text_w, max(self.need, ah - 1))

    def split(self, aw: float, ah: float) -> list[Flowable]:
        return []

    def _rule(self, y: float, w: float) -> None:
        c = self.canv
        if self.table:
            c.rect(0, y - w / 2, self.text_w, w, stroke=0, fill=1)
        else:
            c.setLineWidth(w)
            c.line(0, y, self.text_w, y)

    def draw(self) -> None:
        c = self.canv
        self.book["imprint"] = c.getPageNumber()
        c.setFillColor(BLACK)
        c.setStrokeColor(BLACK)
        y = self.need
        c.setFont(SONG, self.SIZE)
        if self.keywords:
            c.setFont(HEI, self.SIZE)
            c.drawString(0, y - 20, "主题词：")
            c.setFont(SONG, self.SIZE)
            c.drawString(width("主题词：", HEI, self.SIZE), y - 20, self.keywords)
            y -= 30
        self._rule(y, self.rules[0])
        for block in self.blocks:
            indent = 14 + width(block[0][:3], SONG, self.SIZE)
            for i, line in enumerate(block):
                y -= 20 if i == 0 else 22
                c.drawString(14 if i == 0 else indent, y, line)
            y -= 6
            self._rule(y, self.rules[1])
        y = draw_print_row(c, self.by, f"{self.date}{self.suffix}", y - 20, self.text_w)
        y -= 6
        self._rule(y, self.rules[2])
