"""Joining text fragments: layout whitespace between CJK goes, words keep a space."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.core.model import TextBox

_WS = re.compile(r"\s+")
# A visible gap is wider than this share of the glyph height.
GAP_RATIO = 0.15


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def needs_space(left: str, right: str) -> bool:
    """Whether two pieces of one line keep a space: only between Latin words/numbers."""
    if not left or not right:
        return False
    return _is_word_char(left[-1]) and _is_word_char(right[0])


def collapse_spaces(text: str) -> str:
    """Remove layout whitespace; keep one space only between ASCII words.

    Whitespace only, as printed: no width or punctuation folding. This is not
    ``pipeline.core.textnorm.clean_text`` (the canonical form of a field, which
    also folds ``(`` to ``（`` and keeps ``1. 2022``); cells keep the printed
    text and parsers canonicalise what they read.
    """
    parts = [p for p in _WS.split(text.strip()) if p]
    if not parts:
        return ""
    out = parts[0]
    for part in parts[1:]:
        out += (" " if needs_space(out, part) else "") + part
    return out


def join_line(boxes: Sequence[TextBox]) -> str:
    """Boxes of one visual line, left to right; one space at a visible gap."""
    ordered = sorted(boxes, key=lambda b: b.bbox.x0)
    if not ordered:
        return ""
    heights = sorted(b.bbox.height for b in ordered)
    threshold = GAP_RATIO * heights[len(heights) // 2]
    out = ordered[0].text.strip()
    prev = ordered[0]
    for box in ordered[1:]:
        text = box.text.strip()
        if not text:
            continue
        gap = box.bbox.x0 - prev.bbox.x1
        out += (" " if gap > threshold and out else "") + text
        prev = box
    return out


def join_cell_lines(lines: Sequence[str]) -> str:
    """A cell's lines, top to bottom, as one canonical string."""
    out = ""
    for line in lines:
        text = collapse_spaces(line)
        if not text:
            continue
        wrap_word = out and _is_letter(out[-1]) and _is_letter(text[0])
        out += (" " if wrap_word else "") + text
    return out


_PLUS = re.compile(r"[（(]\s*[+＋]\s*[）)]")
_ONE_IN_BRACKETS = re.compile(r"(?P<open>[（(])\s*一\s*(?P<close>[）)])")


def signs_back(text: str) -> str:
    """OCR text with a minus sign in brackets read as the numeral ``一`` put back
    where the text prints the plus sign in brackets too (``增加（+）、减少（一）``
    -> ``增加（+）、减少（-）``: the two signs of a change column); a ``（一）``
    numbering a text without a bracketed plus stays."""
    if not _PLUS.search(text):
        return text
    return _ONE_IN_BRACKETS.sub(lambda m: f"{m.group('open')}-{m.group('close')}", text)
