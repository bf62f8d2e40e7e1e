"""OCR: a full stop printed alone on the last line of a paragraph, which OCR does not read (a
lone small mark is no text line to its detector), put back from the gap it leaves.

    stops_back(lines) -> lines                 ``…226.098万元（详见附件）`` + a line's gap
                                               + ``一、补助资金…`` -> ``…（详见附件）。``
    with_contexts_read(amounts, as_read) -> amounts

A paragraph whose last line holds nothing but its ``。`` (the line before it full to the
margin) leaves, once OCR has read the page, one line's pitch empty between the paragraph's last
line read and the next paragraph's first line. Where the body's lines otherwise follow one
another at one pitch, a gap of one whole pitch more (``LOST_PITCH`` to ``MAX_PITCH`` pitches
between two line tops) before an indented line that opens a new paragraph, after a line that
ends no sentence (no ``。；：！？``), is that line: the stop is put back at the end of the line
above. A notice that spaces its paragraphs (any other paragraph break of the body wider than
``SPACED`` pitches) is left as read, and so is a text layer, which prints what it prints (a
paragraph run on from a ``）`` with no stop is printed so, and read so).

The body amounts keep the clause as OCR read it, without the stop, in ``context_read``
(``with_contexts_read``), so LOW_CONFIDENCE names the repair. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from statistics import median

from pipeline.core.model import BodyAmount, Line
from pipeline.core.textnorm import clean_text

__all__ = ["LOST_PITCH", "MAX_PITCH", "SPACED", "stops_back", "with_contexts_read"]

LOST_PITCH = 1.7  # pitches between two line tops: one line lost between them
MAX_PITCH = 2.4  # ... and no more than one
SPACED = 1.4  # a paragraph break this much wider than the pitch: the notice spaces its paragraphs
INDENT = 1.5  # glyphs: a paragraph's first line starts this far right of the line above, at least
_ENDS_SENTENCE = ("。", "；", "：", "！", "？", ";", ":", "!", "?", "…")


def _height(line: Line) -> float:
    return line.font_size or (line.bbox.bottom - line.bbox.top)


def _opens_paragraph(above: Line, line: Line) -> bool:
    return line.page == above.page and line.bbox.x0 - above.bbox.x0 >= INDENT * _height(above)


def stops_back(lines: Sequence[Line]) -> tuple[Line, ...]:
    """``lines`` with the ``。`` put back that a paragraph printed alone on a line OCR did not
    read (see the module docstring); text-layer lines as printed."""
    out = tuple(lines)
    pitches = [b.bbox.top - a.bbox.top for a, b in zip(out, out[1:], strict=False) if a.page == b.page and b.bbox.top > a.bbox.top]
    if len(pitches) < 3:
        return out
    pitch = median(pitches)
    breaks = [
        i for i in range(len(out) - 1)
        if out[i].confidence is not None and _opens_paragraph(out[i], out[i + 1])
    ]
    gap = {i: (out[i + 1].bbox.top - out[i].bbox.top) / pitch for i in breaks}
    lost = [i for i in breaks if LOST_PITCH <= gap[i] <= MAX_PITCH]
    if not lost or any(gap[i] > SPACED for i in breaks if i not in lost):
        return out
    fixed = list(out)
    for i in lost:
        text = clean_text(out[i].text)
        if text and not text.endswith(_ENDS_SENTENCE):
            fixed[i] = replace(out[i], text=out[i].text.rstrip() + "。")
    return tuple(fixed)


def with_contexts_read(amounts: Sequence[BodyAmount], as_read: Sequence[BodyAmount]) -> tuple[BodyAmount, ...]:
    """``amounts`` (read from the body with its stops put back), each whose clause differs from the
    clause OCR read (``as_read``: the same amounts read from the body as read) keeping that one in
    ``context_read``."""
    if len(amounts) != len(as_read):
        return tuple(amounts)
    return tuple(
        a if a.context == r.context or a.context_read is not None else replace(a, context_read=r.context)
        for a, r in zip(amounts, as_read, strict=True)
    )
