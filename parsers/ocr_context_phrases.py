"""A body amount's clause that OCR read with one character a look-alike of the one the notice
prints in the same phrase elsewhere, put back from that phrase:

    phrases_from_notice(amounts, evidence) -> amounts

``现下达地质灾害治理项自治理资金200.247万元`` in a notice whose title prints
``关于下达…地质灾害治理项目治理资金的通知``: the phrase around ``自`` (``SIDE`` Han characters on
each side, seven in all) is printed elsewhere in the notice with ``目`` in its place, the two
characters look alike (``notice_names.lookalike_slip``: at least ``LOOKALIKE``, and the character
put back no commoner than the one read: OCR reads a rare character as a common one), and the
phrase as read is printed nowhere but in the clause itself. The clause takes the notice's
character; what OCR read is kept in ``context_read`` (LOW_CONFIDENCE names it).

No false repair: only Han characters, never a numeral (``第一批`` beside ``第二批`` are two real
batches), the whole phrase on both sides of the slip the same, and when two printed phrases
offer two different characters the likelier must lead by ``notice_names.MARGIN``. The evidence
is the notice's own text (title, body, headings, table titles), never a list of words; a text
layer is read as printed and left alone. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from parsers.normalize.notice_names import MARGIN, lookalike_slip, substitution_likeness
from pipeline.core.model import BodyAmount
from pipeline.core.textnorm import is_han

__all__ = ["SIDE", "phrase_repairs", "phrases_from_notice"]

SIDE = 3  # Han characters on each side of the slip that the printed phrase repeats
NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两")


def _count(texts: Sequence[str], phrase: str) -> int:
    return sum(t.count(phrase) for t in texts)


def _printed_instead(phrase: str, texts: Sequence[str]) -> dict[str, float]:
    """The characters the notice prints in place of ``phrase``'s middle one, with how alike."""
    left, right = phrase[:SIDE], phrase[SIDE + 1 :]
    found: dict[str, float] = {}
    for t in texts:
        start = t.find(left)
        while start != -1:
            window = t[start : start + len(phrase)]
            if len(window) == len(phrase) and window.endswith(right) and lookalike_slip(phrase, window):
                mid = window[SIDE]
                if is_han(mid) and mid not in NUMERALS:
                    found[mid] = max(found.get(mid, 0.0), substitution_likeness(phrase, window) or 0.0)
            start = t.find(left, start + 1)
    return found


def phrase_repairs(text: str, evidence: Sequence[str]) -> str:
    """``text`` with each character put back that the notice prints in its phrase (module
    docstring); ``text`` itself when there is none."""
    chars = list(text)
    for i in range(SIDE, len(chars) - SIDE):
        phrase = "".join(chars[i - SIDE : i + SIDE + 1])
        if not all(is_han(c) for c in phrase) or phrase[SIDE] in NUMERALS:
            continue
        if _count(evidence, phrase) > 1:
            continue  # the notice prints the phrase as read elsewhere too
        found = sorted(_printed_instead(phrase, evidence).items(), key=lambda kv: -kv[1])
        if not found or (len(found) > 1 and found[0][1] - found[1][1] < MARGIN):
            continue
        chars[i] = found[0][0]
    return "".join(chars)


def phrases_from_notice(amounts: Iterable[BodyAmount], evidence: Iterable[str]) -> tuple[BodyAmount, ...]:
    """OCR-read body amount clauses with a character one look-alike off the phrase the notice
    prints elsewhere put back (module docstring), what was read kept in ``context_read``."""
    texts = tuple(evidence)
    out = []
    for a in amounts:
        fixed = phrase_repairs(a.context, texts) if a.prov.confidence is not None else a.context
        out.append(a if fixed == a.context else replace(a, context=fixed, context_read=a.context_read or a.context))
    return tuple(out)
