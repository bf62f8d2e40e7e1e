"""OCR: a 发文机关标志 taken into the title, put back as the issuer.

A notice without 文号 (a 公示, a 函) has its header found by the red, or by
the size, of the lines at the top (``header.parse_header``). A grey scan has
no red left, and OCR boxes are padded, so a mark set in a type about a third
larger than the title's (GB/T 9704: 小初 over the 二号 title) may pass for the
title's first line: ``绍兴市…水利局关于…的公示`` and no issuer.

Put back when the first title line, read by OCR,

* is an organ name (ends like one, ``文件`` dropped; no 关于 or document word),
* is set in a clearly larger type than the next title line (glyph pitch, see
  ``ocr_type``: a title that merely breaks after the organ's name keeps one type),

and the title goes on after it. The title is the lines after the mark; the
issuer goes through the same OCR name repair as a mark found by colour.

    header = with_mark_apart(header, lines)
"""

from __future__ import annotations

from dataclasses import replace

import regex as re

from parsers.geometry import joined, prov_of
from parsers.header import HeaderResult, other_texts, repaired_organ, split_issuers
from parsers.normalize.organ_rules import ORGAN_END
from parsers.ocr_specks import speckless_field
from parsers.ocr_type import PITCH_TOLERANCE, glyph_pitch
from pipeline.core.model import Field, Line
from pipeline.core.textnorm import clean_text, strip_spaces

__all__ = ["MARK_OVER_TITLE", "is_mark_line", "with_mark_apart"]

MARK_OVER_TITLE = 1.0 + 2 * PITCH_TOLERANCE  # a mark's pitch over the title's: 小初 (36 pt) / 二号 (22 pt) ~ 1.6
_NOT_AN_ORGAN = re.compile(r"关于|通知|公示|决定|意见|批复|报告|请示|[0-9０-９年月日：:，,。]")
_MAX_TITLE_LINES = 8


def is_mark_line(line: Line, following: Line) -> bool:
    """``line`` (OCR) reads as a bare organ name set clearly larger than ``following``."""
    if line.confidence is None:
        return False
    text = strip_spaces(clean_text(line.text)).removesuffix("文件")
    if len(text) < 4 or _NOT_AN_ORGAN.search(text) or not ORGAN_END.search(text):
        return False
    mine, theirs = glyph_pitch(line), glyph_pitch(following)
    return mine is not None and theirs is not None and mine >= MARK_OVER_TITLE * theirs


def _title_lines(title: Field[str], lines: tuple[Line, ...]) -> list[Line] | None:
    """The lines the title was read from (its first at the title's box top), or None."""
    bbox = title.prov.bbox
    if bbox is None:
        return None
    start = next(
        (i for i, ln in enumerate(lines) if ln.page == title.prov.page and abs(ln.bbox.top - bbox.top) < 0.5), None
    )
    if start is None:
        return None
    for end in range(start + 1, min(len(lines), start + _MAX_TITLE_LINES) + 1):
        if joined(lines[start:end]) == title.raw:
            return list(lines[start:end])
    return None


def with_mark_apart(header: HeaderResult, lines: tuple[Line, ...]) -> HeaderResult:
    """``header`` with an OCR'd 发文机关标志 taken out of the title's head (see the module docstring)."""
    title = header.title
    if header.issuers or header.doc_number is not None or title is None or title.prov.confidence is None:
        return header
    found = _title_lines(title, lines)
    if found is None or len(found) < 2 or not is_mark_line(found[0], found[1]):
        return header
    mark, rest = found[0], found[1:]
    evidence = other_texts(lines, [mark])
    issuers = tuple(
        repaired_organ(Field(name, joined([mark]), prov_of([mark])), evidence)
        for name in split_issuers([mark.text])
    )
    return replace(header, issuers=issuers, title=speckless_field(rest))
