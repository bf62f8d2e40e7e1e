"""OCR: two amounts of neighbouring columns read as one box, cut where the number grammar
says one ends, not only where the characters' share of the box's width puts the cut.

    amount_cut(text, k) -> k'

A box crossing a column rule is cut there, each character going to the side its
centre lies on (``tables.split_box``, characters taken as equally wide). Digits
are wider than the commas and points between them, so a cut through
``54,126,921.001,537,050.00`` (two money cells the reader glued) can land one
character off: ``54,126,921.001`` | ``,537,050.00``. When the text is two
amounts glued, the cut moves to the nearest place (at most ``MAX_SHIFT``
characters away) where both sides read as amounts (``54,126,921.00`` |
``1,537,050.00``), the decimals of the two alike; it stays where it was when that
place is already such a one, or when no such place, or two equally near, exist.

The same share can part a bracket pair: the wrapped second lines of two labels read as one
box (``数（人）月数`` under ``在岗人`` | ``补贴``) cut between the columns by share gives ``数（人`` |
``）月数``. A closing bracket right after the cut that closes one left open before it goes with
its pair, and an opening bracket right before the cut goes with what follows it
(``bracket_cut``). Pure.
"""

from __future__ import annotations

import re

__all__ = ["MAX_SHIFT", "amount_cut", "bracket_cut"]

MAX_SHIFT = 2
_AMOUNT = re.compile(r"-?(?:0|[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*)(?:\.(\d+))?")


def _decimals(text: str) -> int | None:
    """How many decimals ``text`` prints when it reads as one amount, else None."""
    m = _AMOUNT.fullmatch(text)
    if m is None:
        return None
    return len(m.group(1) or "")


def _fits(text: str, k: int) -> bool:
    left, right = _decimals(text[:k].strip()), _decimals(text[k:].strip())
    return left is not None and left == right


def amount_cut(text: str, k: int) -> int:
    """Where to cut ``text`` (see the module docstring); ``k`` when nothing better is sure."""
    if not 0 < k < len(text) or _fits(text, k):
        return k
    near = [j for d in range(1, MAX_SHIFT + 1) for j in (k - d, k + d) if 0 < j < len(text) and _fits(text, j)]
    if not near:
        return k
    best = min(abs(j - k) for j in near)
    ties = [j for j in near if abs(j - k) == best]
    return ties[0] if len(ties) == 1 else k


_OPENS, _CLOSES = "（(", "）)"


def bracket_cut(text: str, k: int) -> int:
    """``k`` moved by one so that no bracket pair is parted at it (see the module docstring)."""
    if not 0 < k < len(text):
        return k
    depth = 0
    for ch in text[:k]:
        depth += ch in _OPENS
        depth -= ch in _CLOSES and depth > 0
    if depth > 0 and text[k] in _CLOSES:
        return k + 1
    if text[k - 1] in _OPENS:
        return k - 1
    return k
