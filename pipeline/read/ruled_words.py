"""Words of a text layer split where a table's vertical ruling separates them.

Characters closer than the word tolerance are joined into one word.  In a narrow table cell a
closing mark may hang past the cell's border (CJK line breaking never starts a line with ）, so
Word and reportlab let it overflow), and the next cell's text then touches it:
``补贴户数（户）`` + ``补贴面积（亩）`` read as one word over two columns.  A vertical ruling
that runs through such a word splits it when the ruling lies in a gap between two glyphs, or
inside a hanging closing mark with the next glyph starting past the ruling, or right after a
closing mark that ends before the ruling when the next glyph starts only a little (under
``SPILL`` of its width) before it: the next cell's label, wider than its cell and centred, spills
over its rule (``学校数（所）受益学生（人）``, the two glyphs touching).  A word that merely
overflows its cell (an amount running into an empty neighbour) is left whole: its glyphs touch
and the ruling crosses an ordinary glyph.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pipeline.core.model import Ruling

Obj = Mapping[str, Any]
HANGING = frozenset("）)」』》〕】］，。、；：！？”’")
CLOSING = frozenset("）)」』》〕】］”’")  # a label's closing mark
SPILL = 0.25  # share of its glyph a line spilling over its cell's left rule may start before it
GAP = 0.2  # points: glyphs of one word touch; a wider gap with a ruling in it separates them
EDGE = 0.5  # points of slack for a glyph edge at the ruling


def _verticals(rulings: Sequence[Ruling]) -> list[Ruling]:
    return [r for r in rulings if not r.is_horizontal]


def _cut_after(chars: Sequence[Obj], x: float) -> int | None:
    """Index k: the word splits between chars[k-1] and chars[k] at the ruling ``x``, or None."""
    for k in range(1, len(chars)):
        left, right = chars[k - 1], chars[k]
        lx0, lx1, rx0 = float(left["x0"]), float(left["x1"]), float(right["x0"])
        in_gap = rx0 - lx1 > GAP and lx1 - EDGE <= x <= rx0 + EDGE
        hanging = str(left["text"]) in HANGING and lx0 < x < lx1 + EDGE and rx0 >= x - EDGE
        # two cells' lines each wider than its cell: glyphs that neither touch nor leave a clean gap
        # (安置人数（人） overlapping 补贴月数（月）), the ruling between their centres
        crossed = abs(rx0 - lx1) > GAP and (lx0 + lx1) / 2 < x < (rx0 + float(right["x1"])) / 2
        # a label closed before the ruling, the next cell's label (wider than its cell, centred) starting
        # a little before it: 学校数（所） ends 235.12, 受 235.26-246.76 over the rule at 236.28
        spilled = (
            str(left["text"]) in CLOSING and lx1 <= x + EDGE
            and rx0 < x < rx0 + SPILL * (float(right["x1"]) - rx0)
        )
        if in_gap or hanging or crossed or spilled:
            return k
    return None


def _word(chars: Sequence[Obj], like: Obj) -> dict[str, Any]:
    out = {k: v for k, v in like.items() if k != "chars"}
    out.update(
        text="".join(str(c["text"]) for c in chars),
        x0=min(float(c["x0"]) for c in chars),
        x1=max(float(c["x1"]) for c in chars),
        top=min(float(c["top"]) for c in chars),
        bottom=max(float(c["bottom"]) for c in chars),
        chars=list(chars),
    )
    return out


def split_word(word: Obj, rulings: Sequence[Ruling]) -> list[Obj]:
    """``word`` (with its ``chars``) as one or more words, cut at the vertical rulings in it."""
    chars = list(word.get("chars") or [])
    if len(chars) < 2:
        return [word]
    x0, x1 = float(word["x0"]), float(word["x1"])
    mid = (float(word["top"]) + float(word["bottom"])) / 2
    for r in _verticals(rulings):
        if x0 < r.x0 < x1 and r.top <= mid <= r.bottom:
            k = _cut_after(chars, r.x0)
            if k is not None:
                return [*split_word(_word(chars[:k], word), rulings), *split_word(_word(chars[k:], word), rulings)]
    return [word]


def split_at_rulings(words: Sequence[Obj], rulings: Sequence[Ruling]) -> list[Obj]:
    """Every word split at the vertical rulings that separate its glyphs."""
    verticals = _verticals(rulings)
    if not verticals:
        return list(words)
    return [part for w in words for part in split_word(w, verticals)]
