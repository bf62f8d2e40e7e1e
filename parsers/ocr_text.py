"""OCR repairs of free text that is quoted, not parsed: the text columns of an
allocation table (备注, 建设项目) and the context of a body amount; and the
canonical brackets of the 文号 a body amount's context quotes (both paths).

    repair_table_notes(tables)     备注 ``剩余3.6万2022年补.助`` -> ``…补助``,
                                   ``含昔阳县和顺县`` -> ``含昔阳县、和顺县``,
                                   ``一分区、二分区三分区`` -> ``…二分区、三分区``,
                                   a count column's lone ``O`` -> ``0``
    mend_body_contexts(amounts)    ``奉节财农〔2024]98号`` -> ``奉节财农〔2024〕98号``,
                                   ``豫财农〔2017197号）.（郑财预`` -> ``豫财农〔2017〕197号）（郑财预``,
                                   ``（平财预〔2022〕376号`` (clause end) -> ``…376号）``,
                                   ``2023一2024年`` -> ``2023—2024年``

- A half-width dot between two Han characters is a speck (Chinese text has
  its full stop ``。``; a decimal point sits between digits):
  ``ocr_specks.inner_specks_off``. It comes mostly where a cell's text wraps
  (``补.`` / ``助``).
- A 文号 whose year brackets do not pair (``〔2024]``, ``[2024〕``) had one
  bracket misread: ``〔〕`` is the pair GB/T 9704 prescribes and the one glyph
  of it that was read decides (``mend_doc_brackets``). Brackets that pair,
  whatever their style, are printed so and stay. A closing bracket lost
  right after the four-digit year (``〔2017197号``) is restored, as the
  CONTRACT does for a 文号 itself; a dot between two brackets
  (``）.（``) is a speck, and so is one opening a clause, after a Chinese
  comma or stop (``精神，.现将``) (``mend_quoted_text``).

A 文号 quoted in a body amount's context takes its canonical year brackets
``〔YYYY〕`` on every path (``canonical_doc_brackets``), as the 文号 fields
do (CONTRACT: ``[2022]``, ``（2022）``, ``﹝2022﹞`` and OCR variants all
become ``〔2022〕``): the bracket glyph is typography, and a scan cannot
show it as printed (the recogniser's alphabet has no ``﹝﹞``: it reads
them as ``（``, ``〔``, ``〕`` or ``）``). That is a canonical form, not a
repair: it is not reported.

The repairs are made to OCR text only: a row or an amount whose provenance
has no confidence (a text layer) is never repaired. What OCR read is kept (``notes_read``,
``context_read``), so LOW_CONFIDENCE names each repair.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

import regex as re

from parsers.normalize.ocr_count_notes import settle_count_notes
from parsers.ocr_lists import (
    split_column_clauses,
    split_column_items,
    split_glued_items,
    split_glued_quantities,
    split_glued_regions,
    split_glued_specs,
    split_glued_towns,
)
from parsers.ocr_script import simplified
from parsers.ocr_specks import dashes_back, inner_specks_off
from pipeline.core.model import AllocationRow, AllocationTable, BodyAmount

__all__ = [
    "canonical_doc_brackets",
    "clause_of",
    "despecked",
    "mend_body_contexts",
    "mend_doc_brackets",
    "mend_quoted_text",
    "repair_row_notes",
    "repair_table_notes",
]

_OPEN = "〔[［【(（﹝"
_CLOSE = "〕]］】)）﹞"
_YEAR_BRACKETS = re.compile(
    rf"(?<=\p{{Han}}\s*)(?P<open>[{re.escape(_OPEN)}])\s*(?P<year>(?:19|20)\d{{2}})\s*"
    rf"(?P<close>[{re.escape(_CLOSE)}])(?=\s*\d{{1,5}}\s*号)"
)


def _mend(m: re.Match[str]) -> str:
    opened, closed = m.group("open"), m.group("close")
    if _OPEN.index(opened) == _CLOSE.index(closed) or "〔" not in opened + closed and "〕" not in opened + closed:
        return str(m.group(0))  # a pair as printed, or a mismatch 〔〕 cannot decide
    return f"〔{m.group('year')}〕"


# 〔2017197号: the closing bracket lost between a four-digit year and the serial
_UNCLOSED_YEAR = re.compile(r"(?<=\p{Han}\s*〔\s*)(?P<year>(?:19|20)\d{2})\s*(?P<serial>\d{1,5})\s*(?=号)")
# a half-width dot between two brackets (``）.（``): no one prints that
_BRACKET_SPECK = re.compile(r"(?<=[）〕》】])\s*\.\s*(?=[（〔《【])")
# nor a half-width dot opening a clause, at the text's start or after a Chinese stop or comma
_CLAUSE_SPECK = re.compile(r"(?:^|(?<=[，。；：、]))\s*[.·•∙]\s*(?=\p{Han})")  # no clause opens with a dot


# a 文号's year in any pair of brackets, as printed or as OCR read it
_ANY_YEAR_BRACKETS = re.compile(
    rf"(?<=\p{{Han}})[{re.escape(_OPEN)}](?P<year>(?:19|20)\d{{2}})[{re.escape(_CLOSE)}](?=\d{{1,5}}号)"
)


def canonical_doc_brackets(text: str) -> str:
    """``text`` with the year brackets of each 文号 in it canonical:
    ``郑财预﹝2017﹞814号`` -> ``郑财预〔2017〕814号`` (see the module docstring)."""
    out: str = _ANY_YEAR_BRACKETS.sub(lambda m: f"〔{m.group('year')}〕", text)
    return out


def mend_doc_brackets(text: str) -> str:
    """``text`` with the year brackets of each 文号 paired, and a closing
    bracket lost after the year restored (``〔2017197号`` -> ``〔2017〕197号``:
    the four-digit year makes it unambiguous, CONTRACT) (see the module docstring)."""
    out: str = _YEAR_BRACKETS.sub(_mend, text)
    out = _UNCLOSED_YEAR.sub(lambda m: f"{m.group('year')}〕{m.group('serial')}", out)
    return out


# a 文号 opened by a bracket that the clause ends without closing: （平财预〔2022〕376号 + 。 or end
_UNCLOSED_DOC = re.compile(r"(?P<open>[（(])(?P<doc>[^（）()]{1,30}?〔(?:19|20)\d{2}〕\d{1,5}号)(?=[。，；]|$)")


def _close_doc(m: re.Match[str]) -> str:
    return f"{m.group('open')}{m.group('doc')}{'）' if m.group('open') == '（' else ')'}"


def despecked(text: str) -> str:
    """``text`` without the specks ``mend_quoted_text`` drops (between two Han characters,
    between two brackets, opening a clause) and nothing else changed."""
    out: str = _CLAUSE_SPECK.sub("", _BRACKET_SPECK.sub("", inner_specks_off(text)))
    return out


def mend_quoted_text(text: str) -> str:
    """A quoted OCR text with its 文号 brackets mended, the bracket opened
    before a 文号 closed where its clause ends unclosed (``（平财预〔2022〕376号``
    + ``。`` -> ``…376号）``: brackets pair, and OCR loses a lone ``）`` at the
    start of a wrapped line), and its specks between Han characters, between
    two brackets (``…号）.（郑财预…``) or opening a clause (``文件精神，.现将…``)
    dropped, and a dash read as ``一`` between two numbers put back
    (``2023一2024年`` -> ``2023—2024年``: ``ocr_specks.dashes_back``)."""
    out: str = _BRACKET_SPECK.sub("", inner_specks_off(dashes_back(mend_doc_brackets(text))))
    out = _CLAUSE_SPECK.sub("", out)
    out = _UNCLOSED_DOC.sub(_close_doc, out)
    return out


# a whole number alone in a note (a head count) never ends with a point: a speck read after it
# (``29.``; a date ``2019.04.`` prints its last point)
_FIGURE_SPECK = re.compile(r"^(?P<figure>\d[\d,，]*)[.·•∙●'`_]+$")


# a figure's point doubled (``47,111..87``: a speck beside the point): one point
_DOUBLED_POINT = re.compile(r"(?<=\d\.)\.+(?=\d)")


def _figure_specks_off(text: str) -> str:
    if not text:
        return text
    out: str = _DOUBLED_POINT.sub("", _FIGURE_SPECK.sub(lambda m: m.group("figure"), text.strip()))
    return out


def repair_row_notes(row: AllocationRow) -> AllocationRow:
    """An OCR row's notes without specks between Han characters or after a
    lone figure (``29.``: a count never ends with a point), a
    traditional character read for a simplified one folded (``黃田街道``,
    ``ocr_script.simplified``), a date range's dash read as ``一`` put back
    (``ocr_specks.dashes_back``) and the separator lost between two region
    names, two like list items or two quantities in one unit put back
    (``ocr_lists``), what was read kept."""
    if row.prov.confidence is None:
        return row
    notes: list[tuple[str, str]] = []
    read: list[tuple[str, str]] = []
    for name, text in row.notes:
        fixed = split_glued_regions(
            simplified(dashes_back(inner_specks_off(_figure_specks_off(text)))), within=row.region
        )
        fixed = split_glued_towns(split_glued_quantities(split_glued_items(split_glued_specs(fixed))))  # a lost 、 between two like items
        notes.append((name, fixed))
        if fixed != text:
            read.append((name, text))
    if not read:
        return row
    return replace(row, notes=tuple(notes), notes_read=(*row.notes_read, *read))


_ZERO_READS = frozenset("OoΟο〇")  # a lone 0 read as a letter (Latin, Greek) or the Han zero
_INTEGER = re.compile(r"\d+")
_SPECK_AFTER = ".·•'`,"  # a speck beside the lone glyph, read as a mark (``O.``)


def _zero_read(text: str) -> bool:
    """A lone zero read as a letter, a speck beside it or not (``O``, ``O.``)."""
    return text.strip().rstrip(_SPECK_AFTER).strip() in _ZERO_READS


def _count_columns(rows: tuple[AllocationRow, ...]) -> frozenset[str]:
    """The note columns that hold nothing but whole numbers (counts: 户数, 所)
    in every cell but lone zero look-alikes, at least two of them numbers."""
    cells: dict[str, list[str]] = {}
    for row in rows:
        for name, text in row.notes:
            cells.setdefault(name, []).append(text.strip())
    return frozenset(
        name
        for name, texts in cells.items()
        if sum(bool(_INTEGER.fullmatch(t)) for t in texts) >= 2
        and all(_INTEGER.fullmatch(t) or _zero_read(t) or not t for t in texts)
    )


def _zeros_back(row: AllocationRow, counts: frozenset[str]) -> AllocationRow:
    """An OCR row's lone ``O`` in a column of counts read back as the ``0`` it is."""
    if row.prov.confidence is None:
        return row
    notes = tuple((n, "0" if n in counts and _zero_read(t) else t) for n, t in row.notes)
    if notes == row.notes:
        return row
    read = tuple((n, t) for (n, t), (_, f) in zip(row.notes, notes, strict=True) if t != f)
    return replace(row, notes=notes, notes_read=(*row.notes_read, *read))


def _header_specks_off(t: AllocationTable) -> AllocationTable:
    """An OCR table's column names (money and note columns) without a half-width dot between two
    Han characters (``小学.金额``): no header prints one, and the characters around it were read,
    so nothing is in doubt and nothing is reported (``ocr_specks.inner_specks_off``)."""
    if not any(r.prov.confidence is not None for r in t.rows):
        return t
    columns = tuple(inner_specks_off(c) for c in t.columns)
    rows = tuple(
        replace(r, notes=tuple((inner_specks_off(n), v) for n, v in r.notes),
                notes_read=tuple((inner_specks_off(n), v) for n, v in r.notes_read))
        for r in t.rows
    )
    if columns == t.columns and rows == t.rows:
        return t
    return replace(t, columns=columns, rows=rows)


def _column_items_apart(t: AllocationTable) -> AllocationTable:
    """An OCR table whose note cells hold two items (or clauses) its column's other rows print apart,
    with the separator put back (``ocr_lists.split_column_items``: ``伯西热克乡水利局`` under ``洛克乡、水利局``;
    ``split_column_clauses``: ``…4.8公里新建谷坊12座`` under ``…24公里，新建…``), what was read kept in
    ``notes_read``."""
    rows = list(t.rows)
    for name in dict.fromkeys(n for r in rows for n, _ in r.notes):
        at = [(i, dict(r.notes)[name]) for i, r in enumerate(rows) if r.prov.confidence is not None and name in dict(r.notes)]
        for (i, read), fixed in zip(at, split_column_clauses(split_column_items([v for _, v in at])), strict=True):
            if fixed != read:
                r = rows[i]
                rows[i] = replace(
                    r, notes=tuple((n, fixed if n == name else v) for n, v in r.notes),
                    notes_read=r.notes_read if name in dict(r.notes_read) else (*r.notes_read, (name, read)),
                )
    return t if rows == list(t.rows) else replace(t, rows=tuple(rows))


def repair_table_notes(tables: Iterable[AllocationTable]) -> tuple[AllocationTable, ...]:
    """Every allocation table with its OCR rows' notes repaired
    (``repair_row_notes``) and a lone zero read as a letter in a column of
    counts put back (``O`` among ``2``, ``12``, ``0``: a narrow centred cell's
    ``0`` comes back as the letter)."""
    out = []
    for t in tables:
        counts = _count_columns(t.rows)
        rows = tuple(_zeros_back(repair_row_notes(r), counts) for r in t.rows)
        t = t if rows == t.rows else replace(t, rows=rows)
        t = _column_items_apart(_header_specks_off(t))
        out.append(settle_count_notes(t))  # a count one glyph off its 合计 (parsers/normalize/ocr_count_notes.py)
    return tuple(out)


# 。 read as a Latin letter o between a character and a Han one (Chinese text prints no Latin o
# there), or as o or 0 before the next list item's number (``…万元）03、安排…``: no item is numbered 03)
_STOP_READ_AS_O = re.compile(r"(?<=[\p{Han}）》”」])(?:[oO](?=\p{Han})|[oO0](?=[1-9]\d?、))")
_NUMBER = re.compile(r"\d[\d,，]*(?:\.\d+)?")


def _holds(text: str, value: Decimal) -> bool:
    return any(Decimal(re.sub(r"[,，]", "", m.group(0))) == abs(value) for m in _NUMBER.finditer(text))


# A full stop lost (a scan's small 。 read as nothing) before an instruction: 公文 instructions open a
# sentence of their own with 请 and whom they address (请你单位…, 请各县…, 请收到…), never run on
# from a closing bracket or an amount's unit.
_STOP_LOST = re.compile(r"(?<=[）)]|[0-9](?:万元|元))(?=请(?:你|各|贵|有关|收到|接到|按照|严格))")


def clause_of(context: str, value: Decimal) -> str:
    """``context`` cut at a full stop OCR read as ``o`` or lost before an
    instruction (``…19万元）请你单位…``), to the one part that holds
    ``value``; unchanged when there is none or no single such part."""
    parts = [p for chunk in _STOP_READ_AS_O.split(context) for p in _STOP_LOST.split(chunk)]
    holding = [p for p in parts if _holds(p, value)]
    return holding[0] if len(parts) > 1 and len(holding) == 1 else context


_POINT_AS_COLON = re.compile(r"(?<=\d)[:：](?=\d)")


def mend_body_contexts(amounts: Iterable[BodyAmount]) -> tuple[BodyAmount, ...]:
    """Every body amount with its OCR context mended (``mend_quoted_text``,
    what was read kept in ``context_read``), and its quoted 文号 in their
    canonical brackets (``canonical_doc_brackets``, any path); an amount whose decimal point was
    read as a colon (``54:36万元``, read 54.36 by the amount grammar) prints its point."""
    out = []
    for a in amounts:
        fixed = clause_of(mend_quoted_text(a.context), a.value) if a.prov.confidence is not None else a.context
        token = a.prov.repaired_from
        if token is not None and _POINT_AS_COLON.search(token):  # 54:36万元 read as 54.36 (parsers/amounts.py)
            fixed = fixed.replace(token, _POINT_AS_COLON.sub(".", token))
        read = a.context if fixed != a.context else a.context_read
        fixed = canonical_doc_brackets(fixed)
        out.append(a if fixed == a.context else replace(a, context=fixed, context_read=read))
    return tuple(out)
