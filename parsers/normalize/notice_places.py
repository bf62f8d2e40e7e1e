"""Place names of allocation rows (towns, units: no GB/T 2260 code) that OCR
read one look-alike character off a place the notice itself prints elsewhere
(the 主送 ``…、殷店镇人民政府``, the body), put back from it:

    places_from_notice(tables, targets, notice_texts) -> (tables, targets)
    contexts_from_rows(body_amounts, tables) -> body_amounts
    recipients_from_rows(recipients, tables) -> recipients

A row ``股店镇`` of a table whose notice is sent to ``殷店镇人民政府`` is
``殷店镇`` (``notice_names.repair_from_notice``: one look-alike slip, the
place printed as a name of its own, the name read printed nowhere). Only a
look-alike, never a character lost or added: a line of the text may cut a
name (``东`` / ``钱湖旅游度假区``) and a body may print a unit with its
county before it (``县农业农村局``), so a row's own name is kept. The
row keeps what OCR read in ``prov.repaired_from`` (LOW_CONFIDENCE names it),
and a target table split from the same row (its region as read the same)
takes the same name. Rows with a region code are the region vocabulary's
(``ocr_rows.region_repairs``), and a target table read with the name OCR
read for such a row (``孟县`` where the row was put back to ``盂县``) takes
the row's name too, what it read kept in ``region_read``; a total row, a name with anything but Han
characters, a repair into a name another row of the table prints, and any
text-layer row are left alone.

The other way round, a 主送 read by OCR that lists a town one look-alike off
a row's town, the row's character the rarer (``铃山镇`` listed, ``钤山镇`` in the
table), takes the row's (``recipients_from_rows``), and a body amount's clause read by OCR that names a place
one look-alike off a row's place (the likeliest by a clear margin when several are:
``notice_names.MARGIN``) (``大余太镇85万元`` beside a row
``大佘太镇``, or ``奖励峰城区100万元`` beside a row ``峄城区``: after a
verb an official division's name starts - a town's is too like running text,
``月份城镇`` beside ``梅城镇`` - and after a division's or a town's last
character a place may be the tail of a longer name) is put back from the row (``contexts_from_rows``), the clause
as read kept in ``context_read``. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

import regex as re

from parsers.normalize.notice_names import (
    MARGIN,
    lookalike_slip,
    rarity,
    repair_from_notice,
    substitution_likeness,
)
from parsers.normalize.ocr_repair import lowered_confidence
from pipeline.core.divisions import DIVISION_END, is_official_name, resolve_region
from pipeline.core.model import AllocationRow, AllocationTable, BodyAmount, Field, TargetTable
from pipeline.core.textnorm import strip_spaces

__all__ = ["contexts_from_rows", "places_from_notice", "recipients_from_rows", "repaired_row"]

_ALL_HAN = re.compile(r"^\p{Han}+$")
# a character a division's or a town's name ends with: a place right after it may be the tail of a longer
# name (…县大余太镇); after any other word an official division's name starts (奖励峄城区), while a
# town's or unit's is too like running text (月份城镇 beside a row 梅城镇) to be put back there
_NAME_GOES_ON = frozenset(DIVISION_END + "镇乡村道")


def _is_ocr(row: AllocationRow) -> bool:
    return row.prov.confidence is not None or any(p.confidence is not None for p in row.value_provs)


def repaired_row(row: AllocationRow, taken: Iterable[str], texts: Sequence[str]) -> AllocationRow | None:
    """``row`` with its place name put back from the notice's texts, or None."""
    name = strip_spaces(row.region_as_printed)
    if (
        not _is_ocr(row) or row.is_total or row.region_code is not None
        or row.prov.repaired_from is not None or not _ALL_HAN.match(name)
    ):
        return None
    fix = repair_from_notice(name, texts)
    if fix is None or len(fix.text) != len(name) or fix.text in set(taken) or not _ALL_HAN.match(fix.text):
        return None  # a row's name is put back by one look-alike only: lines of the text cut names (东|钱湖…)
    match = resolve_region(fix.text)
    confidence = lowered_confidence(row.prov.confidence) if row.prov.confidence is not None else None
    return replace(
        row,
        region=match.canonical if match is not None else fix.text,
        region_as_printed=fix.text,
        region_code=match.code if match is not None else None,
        prov=replace(row.prov, confidence=confidence, repaired_from=row.region_as_printed),
    )


def places_from_notice(
    tables: Sequence[AllocationTable], targets: Sequence[TargetTable], notice_texts: Iterable[str]
) -> tuple[tuple[AllocationTable, ...], tuple[TargetTable, ...]]:
    """The allocation tables with their rows' places put back from the notice's
    own texts, and the target tables read with the same places (module docstring)."""
    texts = [strip_spaces(t) for t in notice_texts]
    fixed: dict[str, str] = {}  # as read -> put back
    out_tables = []
    for table in tables:
        printed = [strip_spaces(r.region_as_printed) for r in table.rows]
        rows = list(table.rows)
        for i, row in enumerate(table.rows):
            new = repaired_row(row, (p for k, p in enumerate(printed) if k != i), texts)
            if new is not None:
                rows[i] = new
                fixed[row.region_as_printed] = new.region_as_printed
            elif _is_ocr(row) and row.region_code is not None and (read := _region_read(row)) is not None:
                fixed.setdefault(read, row.region_as_printed)  # a region the vocabulary put back (孟县 -> 盂县)
        out_tables.append(replace(table, rows=tuple(rows)) if rows != list(table.rows) else table)
    out_targets = tuple(
        replace(
            t, region=fixed[t.region_as_printed], region_as_printed=fixed[t.region_as_printed],
            region_read=t.region_read or t.region_as_printed,
        )
        if t.region_as_printed in fixed and t.region in (None, t.region_as_printed) else t
        for t in targets
    )
    return tuple(out_tables), out_targets


def _region_read(row: AllocationRow) -> str | None:
    """What OCR read for a row's region the region vocabulary put back one look-alike off
    (``ocr_rows.region_repairs``: 孟县 read, 盂县 official), or None."""
    read = row.prov.repaired_from
    if read is None or not _ALL_HAN.match(read) or not lookalike_slip(read, row.region_as_printed):
        return None
    return read


def _row_places(tables: Sequence[AllocationTable]) -> frozenset[str]:
    return frozenset(
        name for t in tables for r in t.rows
        if not r.is_total and len(name := strip_spaces(r.region_as_printed)) >= 3 and _ALL_HAN.match(name)
    )


def _rarer_in_place(read: str, place: str) -> bool:
    """Whether ``place`` differs from ``read`` in one character that is the rarer of the two (OCR reads
    a rare character as a common one: 钤 read 铃; 同里镇 and 黎里镇, both common, are two towns)."""
    diff = [(x, y) for x, y in zip(read, place, strict=True) if x != y]
    return len(diff) == 1 and rarity(diff[0][1]) > rarity(diff[0][0])


def _clear_best(read: str, places: Sequence[str]) -> str | None:
    """The one place ``read`` is a slip of, or the likeliest when its glyph leads the others' by
    ``notice_names.MARGIN`` (峰城区 beside 峄城区 0.73 and 薛城区 0.54), else None."""
    ranked = sorted(((substitution_likeness(read, p) or 0.0, p) for p in places), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][0] - ranked[1][0] < MARGIN):
        return None
    return ranked[0][1]


def _mended(context: str, places: frozenset[str], *, rarer: bool = False) -> str:
    """``context`` with each stretch one look-alike off exactly one row place put back (with
    ``rarer``, only where the place's character is the rarer one)."""
    out = context
    for n in sorted({len(p) for p in places}, reverse=True):
        for i in range(len(out) - n + 1):
            stretch = out[i : i + n]
            after_word = i > 0 and re.match(r"\p{Han}", out[i - 1]) is not None
            if stretch in places or (after_word and out[i - 1] in _NAME_GOES_ON):
                continue  # a place read right, or the tail of a longer name (…县大余太镇 is left alone)
            hits = [p for p in places if lookalike_slip(stretch, p) and (not rarer or _rarer_in_place(stretch, p))]
            if after_word:  # inside running text only an official division's name (月份城镇 is no 梅城镇)
                hits = [p for p in hits if is_official_name(p)]
            if (place := _clear_best(stretch, hits)) is not None:
                out = out[:i] + place + out[i + n :]
    return out


def recipients_from_rows(recipients: Field[str] | None, tables: Sequence[AllocationTable]) -> Field[str] | None:
    """The OCR-read 主送 with a place one look-alike off a table row's place put back from the
    row, the row's character the rarer (``铃山镇`` listed, a row ``钤山镇``: a town printed in both is
    one name, and OCR turns a rare character into a common one, not back; a 主送 lists towns the
    table may not, so two common characters are two towns: 黎里镇, 同里镇); marked
    (``repaired_from``, the confidence lowered).
    A text layer, or a 主送 naming every row's place as read, is left alone."""
    if recipients is None or recipients.prov.confidence is None:
        return recipients
    places = _row_places(tables)
    fixed = _mended(recipients.value, places, rarer=True) if places else recipients.value
    if fixed == recipients.value:
        return recipients
    read = recipients.prov.repaired_from or recipients.raw
    prov = replace(recipients.prov, confidence=lowered_confidence(recipients.prov.confidence), repaired_from=read)
    return Field(fixed, recipients.raw, prov)


def contexts_from_rows(amounts: Sequence[BodyAmount], tables: Sequence[AllocationTable]) -> tuple[BodyAmount, ...]:
    """OCR-read body amount clauses with a place one look-alike off a row's
    place put back from the row (module docstring); text layers untouched."""
    places = _row_places(tables)
    out = []
    for a in amounts:
        fixed = _mended(a.context, places) if places and a.prov.confidence is not None else a.context
        out.append(a if fixed == a.context else replace(a, context=fixed, context_read=a.context_read or a.context))
    return tuple(out)
