"""Names of a 署名 block from its rows, by position (slots), not by baseline.

    assemble(rows) -> ((name, line), ...) in reading order

Each row (lines that overlap vertically: names side by side at uneven
heights) is cut into pieces at its gaps; a piece's x range is estimated
from the line's box and the glyph size (a Line keeps no word boxes). A
wide gap separates two names printed side by side; narrow gaps are letter
spacing or an OCR split inside one name, joined until the text ends like an
organ name. A piece that does not end like an organ name is the first part
of a name wrapped inside its slot (``克孜勒苏柯尔克孜自治州`` / ``财政局``):
the short piece right under it (overlapping it horizontally) completes it;
otherwise it joins the next piece of its own row, else stands alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from pipeline.core.model import Line
from pipeline.core.textnorm import clean_text

Ends = Callable[[str], bool]
SLOT_GAP = 1.5  # a gap wider than this many glyphs separates two names
MAX_TAIL = 8  # characters of the wrapped end of a name (财政局, 卫生健康委员会)
ASCII_WIDTH = 0.55  # an ASCII glyph's width as a share of the glyph size


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    x0: float
    x1: float
    line: Line
    row: int = 0


def _width(text: str, size: float) -> float:
    return sum(ASCII_WIDTH * size if ch.isascii() else size for ch in text)


def line_pieces(line: Line, ends_name: Ends, row: int = 0) -> list[Piece]:
    """The pieces of one line with estimated x ranges (``ends_name``: whether a text ends an organ name)."""
    parts = [p for p in line.text.split() if clean_text(p)]
    if not parts:
        return []
    size = line.font_size or line.bbox.height
    widths = [_width(p, size) for p in parts]
    gap = max(0.0, line.bbox.width - sum(widths)) / max(1, len(parts) - 1)
    spans: list[Piece] = []
    x = line.bbox.x0
    for part, w in zip(parts, widths, strict=True):
        spans.append(Piece(clean_text(part), x, x + w, line, row))
        x += w + gap
    if len(spans) == 1:
        return [replace(spans[0], x0=line.bbox.x0, x1=line.bbox.x1)]
    if gap >= SLOT_GAP * size:
        return spans
    # Narrow gaps: letter spacing or an OCR split; join up to each organ ending.
    out: list[Piece] = []
    carry: Piece | None = None
    for s in spans:
        carry = s if carry is None else replace(carry, text=carry.text + s.text, x1=s.x1)
        if ends_name(carry.text):
            out.append(carry)
            carry = None
    if carry is not None:
        out.append(carry)
    return out


def _overlaps(a: Piece, b: Piece) -> bool:
    return b.x0 < a.x1 and b.x1 > a.x0


def _is_tail(upper: str, lower: str, ends_name: Ends) -> bool:
    return (
        len(lower) <= MAX_TAIL
        and lower[:2] != upper[:2]  # a name of its own starts with the same region
        and ends_name(upper + lower)
    )


def assemble(rows: list[list[Line]], ends_name: Ends) -> tuple[tuple[str, Line], ...]:
    """Names from the rows of a block (top to bottom), in reading order."""
    done: list[Piece] = []
    pending: list[Piece] = []  # open pieces of the previous row

    def settle(left: list[Piece]) -> None:
        """Open pieces nothing below completed: join the next name of their row, else stand alone."""
        for o in left:
            nxt = min(
                (d for d in done if d.row == o.row and d.x0 > o.x0 and d.line.page == o.line.page),
                key=lambda d: d.x0,
                default=None,
            )
            if nxt is not None:
                done[done.index(nxt)] = replace(nxt, text=o.text + nxt.text, x0=o.x0, line=o.line)
            else:
                done.append(o)

    for r, row in enumerate(rows):
        pieces = sorted((p for ln in row for p in line_pieces(ln, ends_name, r)), key=lambda p: p.x0)
        opened: list[Piece] = []
        for p in pieces:
            host = next(
                (o for o in pending if _overlaps(o, p) and _is_tail(o.text, p.text, ends_name)), None
            )
            if host is not None:
                pending.remove(host)
                p = replace(host, text=host.text + p.text, x0=min(host.x0, p.x0), x1=max(host.x1, p.x1))
            if ends_name(p.text):
                done.append(p)
            else:
                opened.append(p)
        settle(pending)
        pending = opened
    settle(pending)
    done.sort(key=lambda d: (d.row, d.x0))
    return tuple((d.text, d.line) for d in done)


__all__ = ["Piece", "assemble", "line_pieces"]
