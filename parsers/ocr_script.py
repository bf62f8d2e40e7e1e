"""A traditional character OCR read in a notice printed in simplified characters.

    simplified("黃田街道") -> "黄田街道"
    simplified("红昇农场") -> "红昇农场"   (昇 is a character of its own in names)
    simplified("於潜镇") -> "於潜镇"       (so is 於 in place names)

Notices are printed in 规范汉字 (simplified characters); the recogniser
knows both scripts and now and then reads a simplified glyph as its
traditional twin (``黄`` as ``黃``). Such a character is put back, and only
such a one: a character simplified text never prints - one CC-CEDICT
(``zhon.cedict``) knows only in traditional writing - is folded to its
simplified form (OpenCC, ``t2s``). A character simplified text prints too,
though traditional text merged another one into it, stays as read: a
name's 昇 (OpenCC would make it 升), the 於 of 於潜镇 (not 于), 乾坤.
Character by character (no phrase tables: the text is a name, not a
sentence). Likewise the Han zero ``〇`` of a numbered name (``一五〇团``)
comes back as a geometric circle ``○`` from another block: beside a Han
numeral it is put back (``han_zero``).

Applied by the callers to OCR text only; they keep what was read.
"""

from __future__ import annotations

import re
from functools import cache

import opencc
from zhon import cedict

__all__ = ["han_zero", "simplified"]


@cache
def _scripts() -> tuple[opencc.OpenCC, frozenset[str], frozenset[str]]:
    return opencc.OpenCC("t2s"), frozenset(cedict.simplified), frozenset(cedict.traditional)


@cache
def _fold(char: str) -> str:
    """``char``'s simplified form when simplified text never prints ``char``, else ``char``."""
    if ord(char) < 0x3400:  # below the CJK ideographs: nothing to fold
        return char
    t2s, simple_chars, traditional_chars = _scripts()
    if char in simple_chars or char not in traditional_chars:
        return char
    simple = str(t2s.convert(char))
    return simple if len(simple) == 1 and simple in simple_chars else char


_NUMERALS = "零一二三四五六七八九十百千〇"
_CIRCLES = "○◯"  # geometric shapes: no name prints one beside a Han numeral
_CIRCLE_ZERO = re.compile(rf"(?<=[{_NUMERALS}])[{_CIRCLES}]|[{_CIRCLES}](?=[{_NUMERALS}])")


def han_zero(text: str) -> str:
    """``text`` with a white circle read beside a Han numeral put back as the
    Han zero it is (``一五○团`` -> ``一五〇团``)."""
    return _CIRCLE_ZERO.sub("〇", text)


def simplified(text: str) -> str:
    """``text`` with each traditional-only character folded to its simplified
    form, and a circle read for the Han zero put back (``han_zero``)."""
    return han_zero("".join(_fold(c) for c in text))
