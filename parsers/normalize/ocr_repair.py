"""Repair of OCR-read amount cells, grounded in the cell grammar, never guessed.

A money cell is ``[sign] d{1,3}(,ddd)* [. d+]``: at most one decimal point,
groups of three digits between thousands separators, and in one column the
same number of decimals in every cell. A scan at low resolution loses the
tail of a comma, so ``171,017`` comes back as ``171.017`` and ``1,234.56``
as ``1.234.56``; more rarely a decimal point gains one (``1,234,56``).

``readings(text)`` lists every way the separators of a token can be read
(all of them thousands separators, or the last one the decimal point) that
the grammar admits; a comma read as a decimal point is admitted only where
it cannot be a thousands separator (not followed by exactly three digits).
``column_decimals`` takes the decimals of a column from its *unambiguous*
cells (one reading, printed the conventional way: ``177,676``, ``9.2128``,
``1,234.56``, ``500``). ``repair_amount`` then decides one cell:

- ``clean``: printed the conventional way, and either its only reading
  (``12.34`` stays 12.34 even among integers: nothing to repair) or the one
  the column's decimals pick (``171.017`` in a column of three decimals);
- ``repaired``: one unconventional reading fits the grammar and the column
  (``1.234.56`` -> 1234.56 where the column shows two decimals or nothing;
  ``171.017`` in a column of integers -> 171017; ``1O,000`` -> 10000): the
  value is changed and must be flagged;
- ``ambiguous``: several readings and the column cannot choose
  (``12.345`` where the column shows two decimals or has no evidence), or
  a repair that contradicts the column (``1.234.56`` among integers): the
  value as printed is kept (None if it has no conventional reading) and
  every reading is offered in ``candidates`` for sum evidence;
- ``unreadable``: looks like a number but no reading fits (``12,34,5``): None;
- ``text``: not a number at all (``—``, ``无``, empty): None, as
  ``parse_amount`` reads it. A cell holding only a glyph that can be
  nothing but a misread digit (``∞`` for 8) is ``ambiguous`` instead: None,
  with that digit as its one candidate, for the sums to confirm.

Every ``repaired``, ``ambiguous`` and ``unreadable`` cell is ``doubtful``:
its provenance confidence is lowered with ``lowered_confidence`` so the
LOW_CONFIDENCE check reports it. Row and column sums may choose among the
``candidates`` of an ambiguous cell (see ``settle``) but never add a digit;
a sum that confirms the reading as printed clears the doubt.
Apply this to OCR text only; a text layer has no separator confusions.

Outside a table (an amount in the 正文) there is no column; the unit is the
grammar: ``repair_amount(text, None, max_decimals=MAX_DECIMALS[unit])``
reads ``171.017元`` as 171017 (元 has two decimals at most), while
``92.128万元`` stays ambiguous (92128 or 92.128) and is kept as printed.

Organ names (署名, 印发机关, 发文机关标志) get the same treatment with the
region list as their grammar: ``repair_region_in_name`` corrects a region
name inside an organ name that OCR read one character wrong (``赣州市章责区
财政局`` -> ``赣州市章贡区财政局``), see its docstring for when.

Indicators of a 绩效目标表 have the notice's other target tables as their
evidence: ``repair_by_peers`` restores a name OCR read with its punctuation
wrong (a bracket dropped), ``repair_comparator`` a ``≥``/``≤`` dropped or
read as ``>``/``<`` when every other table prints the sign (used by
``parsers.targets.repair_target_tables``).

The options of a 绩效目标表 (项目类型: ``产业发展□民生保障☑基础设施□``) have
the ``label + box`` grammar: ``checkboxes.read_checkboxes`` finds the ticked option when
OCR dropped its box (``产业发展□民生保障基础设施□行政运行□``: 民生保障), see
its docstring for when; the funds of a target table (资金总额, 其中：财政拨款,
其他资金) are amount cells, read with ``repair_column`` like an allocation
column (used by ``parsers.targets``).

Whoever applies a repair records the OCR text in ``Provenance.repaired_from``
and LOW_CONFIDENCE (pipeline/checks/confidence.py) says what was read and done.

Pure: no I/O, no state (the region index is cached data).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from parsers.normalize.glyphs import DIGIT_LOOKALIKES
from parsers.normalize.numbers import parse_amount
from parsers.normalize.organ_regions import NameRepair, repair_region_in_name
from parsers.normalize.targets import read_comparison
from pipeline.core.model import Field
from pipeline.core.textnorm import fold_ocr_punct, fold_width, is_subsequence, strip_spaces
from pipeline.core.units import MAX_DECIMALS

__all__ = [
    "DOUBTFUL_CONFIDENCE",
    "MAX_DECIMALS",
    "CellRepair",
    "NameRepair",
    "Reading",
    "column_decimals",
    "lowered_confidence",
    "punctuation_key",
    "put_back",
    "readings",
    "repair_amount",
    "repair_by_peers",
    "repair_column",
    "repair_comparator",
    "infer_from_sum",
    "repair_region_in_name",
    "settle",
]

# A doubtful value's confidence: under any sensible LOW_CONFIDENCE threshold.
DOUBTFUL_CONFIDENCE = 0.5

Status = Literal["clean", "repaired", "ambiguous", "unreadable", "text", "inferred"]

# Separator glyphs as OCR returns them -> (ASCII separator, is itself a confusion)
# A comma's tail read apart from its dot comes back as a semicolon (``6,577;598.88``),
# a point with a speck over it as a colon (``15:2093``).
_SEPARATORS = {",": (",", False), ".": (".", False), "，": (",", False), "．": (".", False),
               "。": (".", True), ";": (",", True), "；": (",", True), ":": (".", True), "：": (".", True)}
# Glyphs that, alone in an amount cell, can only be a misread digit: never
# taken on their own, offered as a candidate for the row and column sums to
# confirm (``settle``); so is a lone ``O`` (a narrow cell's 0, or a ring of
# dust), a speck beside it or not. A lone ``|`` (a ruling) is no candidate.
_LONE_GLYPHS = {"∞": "8"}
_ZERO_GLYPHS = frozenset("OoΟο〇")  # a lone 0 read as a letter (Latin, Greek) or the Han zero
_ZERO_SPECKS = ".·•'`,"  # a speck beside it read as a mark (``O.``)
_MINUS = "-－−–‐﹣"
_SIGNED = re.compile(rf"(?P<sign>[+＋{re.escape(_MINUS)}]?)(?P<core>.+)")
_PARENS = re.compile(r"[(（](?P<core>[^()（）]+)[)）]")
_CORE = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True, slots=True)
class Reading:
    """One grammatical reading of a token's digits and separators."""

    value: Decimal  # unsigned
    decimals: int
    conventional: bool  # ',' only as thousands, '.' only as the decimal point, no lookalikes


@dataclass(frozen=True, slots=True)
class CellRepair:
    """What the grammar makes of one cell."""

    text: str
    value: Decimal | None
    status: Status
    candidates: tuple[Decimal, ...] = ()  # every grammatical reading (signed)

    @property
    def doubtful(self) -> bool:
        return self.status in ("repaired", "ambiguous", "unreadable", "inferred")


def lowered_confidence(confidence: float | None) -> float:
    """The confidence a doubtful value carries: at most ``DOUBTFUL_CONFIDENCE``."""
    if confidence is None:
        return DOUBTFUL_CONFIDENCE
    return min(confidence, DOUBTFUL_CONFIDENCE)


def put_back(field: Field[str], value: str, read: str | None = None) -> Field[str]:
    """``field`` holding ``value`` instead of what OCR read, marked doubtful: the confidence lowered
    and the reading kept in ``repaired_from`` (``read``; by default an earlier repair's reading,
    else the field's value), so LOW_CONFIDENCE names the repair."""
    kept = read if read is not None else field.prov.repaired_from or field.value
    return Field(value, field.raw, replace(field.prov, confidence=lowered_confidence(field.prov.confidence), repaired_from=kept))


def _split(text: str) -> tuple[int, str, bool] | None:
    """(sign, core of digits and ASCII separators, lookalikes used) or None."""
    s = strip_spaces(fold_width(text))
    if not s:
        return None
    sign = 1
    m = _PARENS.fullmatch(s)
    if m is not None:
        sign, s = -1, m.group("core")
    else:
        sm = _SIGNED.fullmatch(s)
        if sm is None:  # pragma: no cover - the pattern admits any text
            return None
        if sm.group("sign") and sm.group("sign") in _MINUS:
            sign = -1
        s = sm.group("core")
    confused = False
    out: list[str] = []
    for ch in s:
        if ch.isascii() and ch.isdigit():
            out.append(ch)
        elif ch in _SEPARATORS:
            sep, odd = _SEPARATORS[ch]
            out.append(sep)
            confused = confused or odd
        elif ch in DIGIT_LOOKALIKES:
            out.append(DIGIT_LOOKALIKES[ch])
            confused = True
        else:
            return None
    core = "".join(out)
    if not any(c.isdigit() for c in s if c.isascii()):
        return None  # lookalikes alone (``O``, ``l``) are text, not a number
    return sign, core, confused


def _grouped(groups: Sequence[str]) -> bool:
    """An integer part: one run of digits, or 1-3 digits then groups of three."""
    if len(groups) == 1:
        return bool(groups[0])
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def readings(text: str) -> tuple[Reading, ...] | None:
    """The grammatical readings of a numeric token, or None if it is not one.

    ``()`` means the token looks numeric but no reading fits (``12,34,5``).
    """
    split = _split(text)
    if split is None:
        return None
    _sign, core, confused = split
    if not _CORE.fullmatch(core):
        return ()
    groups = re.split(r"[.,]", core)
    seps = re.findall(r"[.,]", core)
    out: list[Reading] = []
    if not seps:
        return (Reading(Decimal(core), 0, not confused),)
    # (a) every separator a thousands separator
    if _grouped(groups):
        out.append(Reading(Decimal("".join(groups)), 0, not confused and "." not in seps))
    # (b) the last separator the decimal point, the others thousands separators
    last, frac = seps[-1], groups[-1]
    if _grouped(groups[:-1]) and not (last == "," and len(frac) == 3):
        conventional = not confused and last == "." and "." not in seps[:-1]
        value = Decimal("".join(groups[:-1]) + "." + frac)
        out.append(Reading(value, len(frac), conventional))
    return tuple(out)


def _evidence(text: str) -> int | None:
    """The decimals an unambiguous, conventionally printed cell shows."""
    rs = readings(text)
    if rs is not None and len(rs) == 1 and rs[0].conventional:
        return rs[0].decimals
    return None


def column_decimals(texts: Iterable[str], fallback: Iterable[str] = ()) -> int | None:
    """The decimals of a column: the majority among its unambiguous cells,
    else among ``fallback`` (the table's other amount cells); None if neither
    has a majority."""
    for pool in (texts, fallback):
        counts = Counter(d for d in (_evidence(t) for t in pool) if d is not None)
        if counts:
            (best, n), total = counts.most_common(1)[0], sum(counts.values())
            if n * 2 > total:
                return best
            return None
    return None


def repair_amount(text: str, decimals: int | None, *, max_decimals: int | None = None) -> CellRepair:
    """One cell read under a column showing ``decimals`` (None: unknown).

    ``max_decimals`` is the unit's bound (``MAX_DECIMALS``: an amount in 元
    has at most two, 分 being the smallest coin); readings beyond it are
    dropped from the choice, unless that drops them all; an undecided cell is
    kept as printed either way (ambiguous).
    """
    stray = _without_specks(text)
    if stray is not None:  # a speck read as a bullet beside the number
        inner = repair_amount(stray, decimals, max_decimals=max_decimals)
        if inner.value is not None and inner.status in ("clean", "repaired"):
            return CellRepair(text, inner.value, "repaired", inner.candidates)
        return CellRepair(text, inner.value, inner.status, inner.candidates)
    split = _split(text)
    rs = readings(text)
    lone = strip_spaces(text)
    if lone and all(ch in _LONE_GLYPHS for ch in lone):
        return CellRepair(text, None, "ambiguous", (Decimal("".join(_LONE_GLYPHS[ch] for ch in lone)),))
    if lone.rstrip(_ZERO_SPECKS) in _ZERO_GLYPHS:
        # a lone 0 in a narrow cell read as the letter (a speck beside it or not): 0 the only
        # figure the glyph can be, but a ring of dust reads so too: offered to the sums
        return CellRepair(text, None, "ambiguous", (Decimal(0),))
    if _letters_for_digits(lone):  # ``ro`` for 10: a figure read as letters, for the sums to infer
        return CellRepair(text, None, "unreadable")
    if split is None or rs is None:
        return CellRepair(text, parse_amount(text) if text else None, "text")
    negative = split[0] < 0
    if not rs:
        return CellRepair(text, None, "unreadable")

    def signed(v: Decimal) -> Decimal:
        return -v if negative else v

    cands = tuple(signed(r.value) for r in rs)
    printed = next((r for r in rs if r.conventional), None)
    undecided = CellRepair(text, signed(printed.value) if printed is not None else None, "ambiguous", cands)
    if max_decimals is not None:
        rs = tuple(r for r in rs if r.decimals <= max_decimals)
        if not rs:
            return undecided
    fitting = [r for r in rs if decimals is None or r.decimals == decimals]
    chosen: Reading | None = None
    if len(rs) == 1 and (rs[0].conventional or fitting):
        chosen = rs[0]  # the only reading (a conventional one is kept as printed)
    elif len(fitting) == 1 and decimals is not None:
        chosen = fitting[0]
    if chosen is not None and _speck_point(text, chosen, decimals):
        # ``16.0`` in a column of integers: a speck read as a point inside 160
        joined = Decimal(re.sub(r"\D", "", fold_width(text)))
        return CellRepair(text, signed(chosen.value), "ambiguous", (signed(chosen.value), signed(joined)))
    if chosen is not None:
        return CellRepair(text, signed(chosen.value), "clean" if chosen.conventional else "repaired", cands)
    return undecided  # kept as printed (None if it has no conventional reading)


_LATIN_RUN = re.compile(r"[a-z]{2,4}")  # lower case: a word (OK, NA) is text


def _letters_for_digits(lone: str) -> bool:
    """A short run of Latin letters in an amount cell, one of them a digit
    look-alike (``ro``, ``lo``): no notice prints that in a money column; a
    figure read as letters (a lone ``O`` is handled as a zero above)."""
    return bool(_LATIN_RUN.fullmatch(lone)) and any(ch in DIGIT_LOOKALIKES for ch in lone)


def _glyphs_agree(text: str, digits: str) -> bool:
    """A cell read as letters only (``ro``) stands for ``digits`` when it has
    one glyph per digit and every digit look-alike among them is that digit."""
    lone = strip_spaces(text)
    return len(lone) == len(digits) and all(
        DIGIT_LOOKALIKES.get(ch, d) == d for ch, d in zip(lone, digits, strict=True)
    )


# Glyphs a speck of dust or toner is read as beside a number (never printed there).
_SPECK_GLYPHS = "•·∙●"


_LEADING_POINT = re.compile(r"^[.．](?=\d[\d,，]*[.．]\d)")  # ``.10.00``, ``.50,400.00``: a second point follows


def _without_specks(text: str) -> str | None:
    """``text`` without speck glyphs at its ends (``• 150`` -> ``150``), or
    without a point before its first digit when another point follows (no
    one prints ``.10.00``: an amount has one point, and 0 before it), or None
    if it has none."""
    core = text.strip()
    stripped = _LEADING_POINT.sub("", core.strip(_SPECK_GLYPHS + " "))
    return stripped if stripped != core and stripped and stripped[0].isdigit() else None


def _speck_point(text: str, chosen: Reading, decimals: int | None) -> bool:
    """A point in an amount of a column of integers, its decimals ending in 0
    (``16.0``, ``1.60``): no one prints that; a speck between digits reads so."""
    frac = strip_spaces(fold_width(text)).rpartition(".")[2]
    return decimals == 0 and chosen.decimals > 0 and frac.endswith("0") and frac.isdigit()


def repair_column(
    texts: Sequence[str], fallback: Iterable[str] = (), *, max_decimals: int | None = None
) -> tuple[CellRepair, ...]:
    """Every cell of one amount column, decided under the column's decimals
    (and the unit's bound ``max_decimals``, see ``MAX_DECIMALS``)."""
    decimals = column_decimals(texts, fallback)
    return tuple(repair_amount(t, decimals, max_decimals=max_decimals) for t in texts)


def settle(repair: CellRepair, expected: Decimal | None) -> CellRepair:
    """An ambiguous cell whose candidates include the value a row or column
    sum implies takes that candidate: another reading than the one printed
    stays doubtful (status ``repaired``, reported); the printed reading
    itself, confirmed by the sum, is ``clean`` (``500.796`` among 4-decimal
    cells, the row adding up with it: nothing was changed and no doubt is
    left). Sums only choose among readings; they never make one."""
    if repair.status not in ("ambiguous", "repaired") or expected is None:
        return repair
    hits = [c for c in repair.candidates if c == expected]
    if len(hits) != 1:
        return repair
    if repair.status == "repaired":
        # the column's decimals chose another reading (89.424 -> 89424 among integers); the sum
        # confirms the one printed: kept as printed, no doubt left
        as_printed = parse_amount(repair.text)
        if hits[0] == repair.value or as_printed is None or hits[0] != as_printed:
            return repair
        return CellRepair(repair.text, hits[0], "clean", repair.candidates)
    printed = repair.value is not None and hits[0] == repair.value
    return CellRepair(repair.text, hits[0], "clean" if printed else "repaired", repair.candidates)


def infer_from_sum(repair: CellRepair, expected: Decimal | None) -> CellRepair:
    """A cell OCR read but no reading fits (``。22``: a speck read as a
    separator; ``22。``) takes the value a sum implies, ``expected`` (the
    caller computes it only when every other cell of that sum is known and
    undoubted), when the digits OCR did read appear in it, in order (a cell
    read as letters, ``ro``: one glyph per digit, its look-alikes agreeing): status
    ``inferred``, doubtful, the OCR text kept. Nothing else is touched: a
    clean cell, an empty one, a text cell, or a value whose digits disagree.
    """
    if repair.value is not None or repair.status not in ("unreadable", "ambiguous") or expected is None:
        return repair
    digits = re.sub(r"\D", "", fold_width(repair.text))
    if expected < 0:
        return repair
    wanted = format(expected.normalize(), "f").replace(".", "")
    if not digits:  # read as letters (``ro`` for 10): one glyph per digit, the look-alikes agreeing
        if not (_letters_for_digits(strip_spaces(repair.text)) and _glyphs_agree(repair.text, wanted)):
            return repair
    elif not is_subsequence(digits, wanted):
        return repair
    return CellRepair(repair.text, expected, "inferred", repair.candidates)


# --- indicators: the notice's other target tables as evidence ------------------------

_NOT_WORD = re.compile(r"[\W_]")
# A comparison sign, the glyph OCR reads for it when it loses the bar, its op.
_BARLESS = {"≥": ">", "≤": "<"}
_SIGN_OP = {"≥": ">=", "≤": "<="}


def punctuation_key(text: str) -> str:
    """``text`` with every punctuation mark and space removed (width folded):
    ``县（市、区）比例`` and ``县市、区）比例`` share ``县市区比例``."""
    return _NOT_WORD.sub("", fold_width(text))


def repair_by_peers(printed: str, peers: Iterable[str]) -> str | None:
    """The spelling the notice's other tables print for a name OCR read with
    its punctuation wrong (a bracket dropped or misread), or None.

    The repair is the one peer spelling with the same characters but for
    punctuation. Nothing is changed when ``printed`` is itself printed
    elsewhere, or when peers spell it in several ways.
    """
    spellings = set(peers)
    if printed in spellings:
        return None
    key = punctuation_key(printed)
    same = {p for p in spellings if punctuation_key(p) == key}
    return same.pop() if len(same) == 1 else None


def _signs(text: str) -> str:
    return fold_ocr_punct(strip_spaces(fold_width(text)))


def repair_comparator(value: str, peers: Sequence[str]) -> str | None:
    """An indicator value whose ``≥``/``≤`` OCR dropped (``90%``) or read
    without its bar (``>90%``), or None.

    Restored only when the same indicator's values in the notice's other
    tables (``peers``, two at least) all begin with that sign, and the value
    read is a number with a unit and no comparison of its own. The number
    and unit stay as read; the sign is spelled as the peers print it
    (``>=`` where every peer prints ``>=``, else ``≥``).
    """
    folded = [_signs(p) for p in peers]
    if len(folded) < 2 or len({p[:1] for p in folded}) != 1:
        return None
    sign = folded[0][:1]
    if sign not in _BARLESS:
        return None
    v = _signs(value)
    read = read_comparison(v)
    if read.number is None:
        return None
    if v[:1] == _BARLESS[sign] and read.op == _BARLESS[sign]:
        rest = v[1:]
    elif v[:1].isdigit() and read.op == "=":
        rest = v
    else:
        return None
    fixed = read_comparison(sign + rest)
    if (fixed.op, fixed.number, fixed.unit) != (_SIGN_OP[sign], read.number, read.unit):
        return None
    return _peer_spelling(sign, peers) + rest


def _peer_spelling(sign: str, peers: Sequence[str]) -> str:
    """How the peers print ``sign``: ``>=`` (or ``<=``) when every one of them
    does, else the sign itself (a text value stays as printed, CONTRACT)."""
    ascii_sign = _SIGN_OP[sign]
    every = all(strip_spaces(fold_width(p)).startswith(ascii_sign) for p in peers)
    return ascii_sign if every else sign
