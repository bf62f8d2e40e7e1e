"""OCR: the Roman numeral of a class or grade (``Ⅰ类`` water, ``Ⅱ级`` road) read as the Latin
capitals it looks like (``I类``), put back where the notice prints the phrase with the numeral.

    numerals_back("稳定保持I类", ["确保千岛湖水质稳定保持Ⅰ类。"]) -> "稳定保持Ⅰ类"
    numerals_back("稳定保持I类", ["确保水质稳定保持I类。"])      -> "稳定保持I类"

Typed text writes the number of a class either with the Roman numeral glyphs (``Ⅰ``-``Ⅻ``,
U+2160-U+216B) or with Latin capitals (``III类``), and a scan cannot tell the two apart: they
print alike. The recogniser returns the Latin letters, most of all in a narrow cell whose line
wraps before the class word (``稳定保持`` / ``I类``). A run of ``I``, ``V``, ``X`` before a class word
(类 级 等 期 型) read by OCR is the numeral when the notice's own text prints that phrase (the class
word and up to two characters before the number) with the numeral glyph. The notice's text is
the evidence, never a word list; a text layer is read as printed. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex as re

__all__ = ["numerals_back"]

_LATIN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_ROMAN = dict(zip(_LATIN, "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ", strict=True))
_LATIN_CLASS = re.compile(r"(?<![A-Za-z])(?P<before>\p{Han}{0,2})(?P<latin>[IVX]{1,4})(?P<word>[类级等期型])")


def numerals_back(text: str, evidence: Sequence[str]) -> str:
    """``text`` with each class number read as Latin capitals written with the Roman numeral the
    notice prints in that phrase (see the module docstring)."""

    def numeral(m: re.Match[str]) -> str:
        read: str = m.group(0)
        glyph = _ROMAN.get(m.group("latin"))
        if glyph is None:
            return read
        phrase = f"{m.group('before')}{glyph}{m.group('word')}"
        return phrase if any(phrase in t for t in evidence) else read

    out: str = _LATIN_CLASS.sub(numeral, text)
    return out
