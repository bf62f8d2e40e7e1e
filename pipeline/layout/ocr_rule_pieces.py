"""OCR: a piece of a table's rule read as a dash.

    rule_pieces_off(boxes, horizontals) -> boxes

A scanned rule is thicker and rougher than a printed stroke, and on a page
photographed aslant the rule runs off level: where it drifts into a cell's
inset the reader may take a short stretch of it for a character, a flat
``一`` (page 5 of a target table: ``一`` 9.7 x 4.3 pt at 0.54, its box
straddling the table's closing rule once the page is levelled; the cell it
lands in then reads as a row of its own). A dash printed in a cell (``—``
for "none", ``一`` the numeral) sits on the cell's text line, a padding
and half a line's height off the rules (5.9 pt or more between its box and
the nearest rule across the corpus); a rule's piece lies on the rule. So a
box whose text is dashes only and whose box reaches within ``ON_RULE`` of a
horizontal rule running under it is that rule, not text. Other boxes, and
text-layer words (``tables.fill_cells`` is told which), are kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pipeline.core.model import TextBox

__all__ = ["ON_RULE", "is_rule_piece", "rule_pieces_off"]

ON_RULE = 2.0  # points between a dash's box and a rule under it: the rule itself
_DASHES = frozenset("一—–－-_ー")


class _Rule(Protocol):
    """A horizontal rule: its y (``pos``) and x extent (``tables.Segment``)."""

    @property
    def pos(self) -> float: ...
    @property
    def start(self) -> float: ...
    @property
    def end(self) -> float: ...


def is_rule_piece(box: TextBox, horizontals: Sequence[_Rule]) -> bool:
    """``box`` reads as dashes only and lies on one of the horizontal rules (see the module docstring)."""
    text = box.text.strip()
    if not text or not set(text) <= _DASHES or box.confidence is None:
        return False
    b = box.bbox
    return any(
        r.start <= b.cx <= r.end and b.top - ON_RULE <= r.pos <= b.bottom + ON_RULE for r in horizontals
    )


def rule_pieces_off(boxes: Sequence[TextBox], horizontals: Sequence[_Rule]) -> list[TextBox]:
    """``boxes`` without the pieces of the horizontal rules read as dashes."""
    return [b for b in boxes if not is_rule_piece(b, horizontals)]
