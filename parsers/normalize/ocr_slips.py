"""OCR slips in table figures put back by the table's sums: one glyph off.

A scan sometimes returns a clean-looking figure that is one glyph off what
was printed: a stray digit glued before or after it (``13272512.2`` for
3272512.2 where a wrapped cell made the row tall; ``116248`` for 11624, a
ruling read as a trailing ``8``), or one digit read as a look-alike one
(``3`` for ``8``). The grammar (``ocr_repair``) cannot see it: the figure
reads. The table's sums can:

    glyph_edits(text) -> ((value, kind), ...)       every single-glyph edit
    find_slips(values, texts, lines, min_lines=2)    {cell: value} to put back
    settle_one_sum(values, texts, line)              a sum that is the only evidence

``find_slips`` is the rule for money: a figure that breaks *every* sum it
takes part in (its row sum and its column sum, at least ``min_lines``) by
the same difference, where exactly one single-glyph edit of what OCR read
makes them all hold, is put back. A figure only one sum contradicts is not
(the sum alone cannot say which of its cells is wrong), nor is one whose
sums disagree on the difference, nor any cell of a sum for which two cells'
edits both fit. Two slips sharing a sum (two in one column, each in its own
row) are put back together when each of their other sums calls for its one
edit and every sum they touch then holds (``_joint``). A count column (a note column of whole
numbers) has its column sum only: ``settle_one_sum`` puts it right when
exactly one explanation fits, one cell's one edit or one pair of
stray-digit drops (two glued digits), counted together.

No edit adds a digit or moves the decimal point; the caller marks every
value put back as doubtful and keeps what OCR read. Apply to OCR figures
only: a text layer has no slips. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence
from decimal import Decimal
from itertools import combinations
from typing import Literal, TypeVar

from pipeline.core.textnorm import fold_width, strip_spaces

__all__ = ["LOOKALIKE_DIGITS", "find_slips", "glyph_edits", "settle_one_sum"]

Kind = Literal["stray", "lookalike"]
C = TypeVar("C", bound=Hashable)

# Digits one printed glyph of which OCR reads as the other (closed loops, a bar lost).
LOOKALIKE_DIGITS: frozenset[frozenset[str]] = frozenset(
    frozenset(p) for p in ("06", "08", "17", "38", "56", "68", "89")
)
_PARTNERS = {d: tuple(sorted({x for p in LOOKALIKE_DIGITS if d in p for x in p} - {d})) for d in "0123456789"}
_FIGURE = re.compile(r"(?P<int>\d+)(?:\.(?P<frac>\d+))?")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def _digits_of(text: str) -> tuple[str, str] | None:
    """(integer digits, fraction digits) of a plain figure, or None."""
    s = strip_spaces(fold_width(text))
    if _GROUPED.fullmatch(s):
        s = s.replace(",", "")
    m = _FIGURE.fullmatch(s)
    if m is None:
        return None
    return m.group("int"), m.group("frac") or ""


def _value(whole: str, frac: str) -> Decimal | None:
    if not whole or (len(whole) > 1 and whole[0] == "0"):
        return None  # no figure is printed with a leading zero
    return Decimal(f"{whole}.{frac}" if frac else whole)


def glyph_edits(text: str) -> tuple[tuple[Decimal, Kind], ...]:
    """Every value one glyph away from the figure ``text`` (a plain or
    thousands-grouped number): a stray digit dropped at its start (or at its
    end, for a whole number), or one digit changed for a look-alike. Never
    a digit added, never the decimal point moved; the value as read is not
    among them. ``()`` for anything not a figure."""
    parts = _digits_of(text)
    if parts is None:
        return ()
    whole, frac = parts
    read = _value(whole, frac)
    out: dict[Decimal, Kind] = {}

    def add(v: Decimal | None, kind: Kind) -> None:
        if v is not None and v != read and v not in out:
            out[v] = kind

    if len(whole) > 1:
        add(_value(whole[1:], frac), "stray")
        if not frac:
            add(_value(whole[:-1], ""), "stray")
    digits = whole + frac
    for k, d in enumerate(digits):
        for alt in _PARTNERS[d]:
            changed = digits[:k] + alt + digits[k + 1 :]
            add(_value(changed[: len(whole)], changed[len(whole) :]), "lookalike")
    return tuple(out.items())


def _difference(line: Sequence[C], values: Mapping[C, Decimal]) -> Decimal:
    total, *members = line
    return values[total] - sum((values[c] for c in members), Decimal(0))


def _implied(cell: C, line: Sequence[C], diff: Decimal, values: Mapping[C, Decimal]) -> Decimal:
    """The value ``cell`` must take for ``line`` (total first) to hold."""
    return values[cell] - diff if cell == line[0] else values[cell] + diff


def find_slips(
    values: Mapping[C, Decimal],
    texts: Mapping[C, str],
    lines: Sequence[Sequence[C]],
    *,
    min_lines: int = 2,
) -> dict[C, Decimal]:
    """The cells to put back, each with its value (see the module docstring).

    ``lines`` are the table's sums, total first, each complete (every cell in
    ``values``); ``texts`` what OCR read, for the cells that may be edited
    (clean OCR figures). A cell is put back when it takes part in at least
    ``min_lines`` lines, every one broken, all calling for the same value, and
    that value is one single-glyph edit of its text; nothing is put back in a
    line two such cells share.
    """
    diffs = [_difference(line, values) for line in lines]
    broken = {k for k, d in enumerate(diffs) if d != 0}
    if not broken:
        return {}
    where: dict[C, list[int]] = {}
    for k, line in enumerate(lines):
        for c in line:
            where.setdefault(c, []).append(k)
    found: dict[C, Decimal] = {}
    for cell, ks in where.items():
        if cell not in texts or len(ks) < min_lines or not all(k in broken for k in ks):
            continue
        wanted = {_implied(cell, lines[k], diffs[k], values) for k in ks}
        if len(wanted) != 1:
            continue  # its sums disagree on what it should be: not one slip
        target = wanted.pop()
        if any(v == target for v, _ in glyph_edits(texts[cell])):
            found[cell] = target
    shared = {k for k in broken if sum(c in found for c in lines[k]) > 1}
    single = {c: v for c, v in found.items() if not any(k in shared for k in where[c])}
    return single | _joint(dict(values) | single, texts, lines, where, min_lines, exclude=set(single))


def _joint(
    values: Mapping[C, Decimal],
    texts: Mapping[C, str],
    lines: Sequence[Sequence[C]],
    where: Mapping[C, list[int]],
    min_lines: int,
    exclude: set[C],
) -> dict[C, Decimal]:
    """Two slips sharing a sum (two in one column, each in its own row): each
    broken sum that exactly one cell's one edit fixes proposes that edit; the
    proposals are taken together only when every sum they touch then holds,
    each proposed cell in ``min_lines`` sums at least, all broken before."""
    diffs = [_difference(line, values) for line in lines]
    broken = {k for k, d in enumerate(diffs) if d != 0}
    if not broken:
        return {}
    proposed: dict[C, set[Decimal]] = {}
    for k in broken:
        line = lines[k]
        fixes = [
            (c, v) for c in line if c in texts and c not in exclude
            for v, _ in glyph_edits(texts[c]) if v == _implied(c, line, diffs[k], values)
        ]
        if len(fixes) == 1:
            proposed.setdefault(fixes[0][0], set()).add(fixes[0][1])
    if any(len(vs) != 1 for vs in proposed.values()):
        return {}
    if any(len(where[c]) < min_lines or not all(k in broken for k in where[c]) for c in proposed):
        return {}
    after = dict(values) | {c: next(iter(vs)) for c, vs in proposed.items()}
    touched = {k for c in proposed for k in where[c]}
    if not proposed or any(_difference(lines[k], after) != 0 for k in touched):
        return {}
    return {c: after[c] for c in proposed}


def _single_fits(values: Mapping[C, Decimal], texts: Mapping[C, str], line: Sequence[C], diff: Decimal) -> list[dict[C, Decimal]]:
    fits = []
    for c in line:
        if c in texts:
            target = _implied(c, line, diff, values)
            fits += [{c: v} for v, _ in glyph_edits(texts[c]) if v == target]
    return fits


def _pair_fits(values: Mapping[C, Decimal], texts: Mapping[C, str], line: Sequence[C], diff: Decimal) -> list[dict[C, Decimal]]:
    drops = [(c, v) for c in line if c in texts for v, kind in glyph_edits(texts[c]) if kind == "stray"]
    # what each drop adds to the sum's difference
    shift = [(c, v, values[c] - v if c == line[0] else v - values[c]) for c, v in drops]
    return [
        {a: va, b: vb} for (a, va, sa), (b, vb, sb) in combinations(shift, 2) if a != b and sa + sb == diff
    ]


def settle_one_sum(values: Mapping[C, Decimal], texts: Mapping[C, str], line: Sequence[C]) -> dict[C, Decimal]:
    """A sum that is the only evidence (a count column under its 合计 row,
    total first) put right by one cell's single-glyph edit or by two stray
    digits dropped from two cells: only when exactly one such explanation
    fits, single edits and pairs counted together (one slip and two glued
    digits that both fit: nothing is changed). ``{}`` otherwise."""
    diff = _difference(line, values)
    if diff == 0:
        return {}
    fits = _single_fits(values, texts, line, diff)
    if len(fits) > 1:
        return {}
    fits += _pair_fits(values, texts, line, diff)
    return fits[0] if len(fits) == 1 else {}
