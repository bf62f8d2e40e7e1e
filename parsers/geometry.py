"""Geometric predicates over free lines (centred, flush left, right side)."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from pipeline.core.model import Line, Provenance
from pipeline.core.textnorm import clean_text


@dataclass(frozen=True, slots=True)
class PageFrame:
    """The text area of the main document, estimated from its lines."""

    left: float
    right: float
    width: float
    body_size: float

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


def estimate_frame(lines: tuple[Line, ...], page_width: float) -> PageFrame:
    if not lines:
        return PageFrame(72.0, page_width - 72.0, page_width, 16.0)
    lefts = sorted(ln.bbox.x0 for ln in lines)
    rights = sorted(ln.bbox.x1 for ln in lines)
    # The margins are where most wide lines start/end: take robust quantiles.
    left = lefts[len(lefts) // 10]
    right = rights[-1 - len(rights) // 10]
    sizes = [ln.font_size for ln in lines if ln.font_size]
    return PageFrame(left, right, page_width, median(sizes) if sizes else 16.0)


def is_centred(line: Line, frame: PageFrame, tol: float = 0.06) -> bool:
    return abs(line.bbox.cx - frame.centre) <= tol * (frame.right - frame.left)


def is_indented_centred(line: Line, frame: PageFrame) -> bool:
    """Centred and clearly not a full-width paragraph line (titles, headings)."""
    char = frame.body_size or 16.0
    narrow = line.bbox.x0 > frame.left + 1.5 * char and line.bbox.x1 < frame.right - 1.5 * char
    large = bool(line.font_size and line.font_size > frame.body_size * 1.15)
    return is_centred(line, frame) and (narrow or large)


def is_flush_left(line: Line, frame: PageFrame) -> bool:
    return line.bbox.x0 <= frame.left + 0.8 * (frame.body_size or 16.0)


def reaches_right(line: Line, frame: PageFrame, glyphs: float = 0.8) -> bool:
    """The line runs to the right margin (a full line of a paragraph), as ``is_flush_left`` the left,
    within ``glyphs`` of the body type (a wrap may leave a closing punctuation's room: 2)."""
    return line.bbox.x1 >= frame.right - glyphs * (frame.body_size or 16.0)


def is_right_side(line: Line, frame: PageFrame) -> bool:
    return line.bbox.cx > frame.centre + 0.08 * (frame.right - frame.left)


def prov_of(lines: tuple[Line, ...] | list[Line]) -> Provenance:
    """Provenance of a value read from ``lines`` (first page, union bbox, min confidence)."""
    if not lines:
        return Provenance()
    first = lines[0]
    bbox = first.bbox
    for ln in lines[1:]:
        if ln.page == first.page:
            bbox = bbox.union(ln.bbox)
    confs = [ln.confidence for ln in lines if ln.confidence is not None]
    return Provenance(page=first.page, bbox=bbox, confidence=min(confs) if confs else None)


def joined(lines: tuple[Line, ...] | list[Line]) -> str:
    return clean_text("".join(clean_text(ln.text) for ln in lines))
