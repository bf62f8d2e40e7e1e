"""The type size of an OCR-read line, for telling lines set in one type.

A text layer states each glyph's size. OCR gives a box per line, and its
height is a poor measure: the detector pads a short box more (``专项``, two
characters of a 22 pt title, comes back 29.5 pt high beside 21.6 pt for the
title's long first line). The advance of the characters is steadier: a Han
character advances one em, a digit or Latin letter about half of one, so

    pitch = box width / (Han characters + 0.5 x other characters)

is the line's type size within a few per cent, whatever the box padding.

    same_type(a, b)   text layer: font sizes within 0.5 pt;
                      OCR: glyph pitches within ``PITCH_TOLERANCE``
    larger_than_body(line, body_size)
                      text layer: font size over 1.15 x the body's;
                      OCR: glyph pitch over the body's median box height
                      (a detected box is at least as tall as its type, so
                      body text never has a pitch above its box height; a
                      title in 二号 over a body in 三号 is told apart while
                      the detector pads a body box by under 3 pt a side)
"""

from __future__ import annotations

from pipeline.core.model import Line
from pipeline.core.textnorm import text_ems

__all__ = ["PITCH_TOLERANCE", "glyph_pitch", "larger_than_body", "same_type"]

PITCH_TOLERANCE = 0.1  # relative: 二号 (22 pt) and 三号 (16 pt) stay far apart
_MIN_UNITS = 2.0  # fewer characters than this say little about the type


def glyph_pitch(line: Line) -> float | None:
    """The type size of ``line`` from its width and characters, or None when
    it holds too few characters to tell."""
    units = text_ems(line.text)
    if units < _MIN_UNITS:
        return None
    return line.bbox.width / units


def same_type(a: Line, b: Line) -> bool:
    """Whether ``a`` and ``b`` are set in one type size (see the module docstring)."""
    if a.confidence is None and b.confidence is None:
        return a.font_size is not None and b.font_size is not None and abs(a.font_size - b.font_size) < 0.5
    pa, pb = glyph_pitch(a), glyph_pitch(b)
    if pa is None or pb is None:
        return False
    return abs(pa - pb) <= PITCH_TOLERANCE * max(pa, pb)


def larger_than_body(line: Line, body_size: float) -> bool:
    """Whether ``line`` is set larger than the body text, whose median size
    (box height, for OCR) is ``body_size`` (see the module docstring)."""
    if not body_size:
        return False
    if line.confidence is None:
        return bool(line.font_size and line.font_size > body_size * 1.15)
    pitch = glyph_pitch(line)
    return pitch is not None and pitch > body_size
