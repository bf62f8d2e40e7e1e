"""Count columns of an allocation table (服务人口（人）, 户数: whole numbers kept
as notes) whose OCR figures break their 合计 row, put back one glyph off.

    settle_count_notes(table) -> table

A count column has one sum: its grand-total row over the other rows. When
the table has exactly one total row, labelled 合计/总计 and no 小计 row
beside it, every cell of the column a whole number, and the sum fails, a
figure one glyph off what the sum calls for is put back
when exactly one explanation fits, one cell's one edit or two stray digits
glued to two figures (``ocr_slips.settle_one_sum``). What OCR read is kept in ``notes_read``,
so LOW_CONFIDENCE names it. Rows read from a text layer (no OCR confidence)
are never touched, nor is a column with a row read so.

A count cell OCR could not read as a figure (a lone ``2`` read ``C`` in a narrow
cell) under an aggregate row (``松原市小计`` over its counties, ``合计`` over the
leaves: ``AllocationTable.row_parts``) is what the aggregate leaves for it, when
it is the one such cell among the aggregate's members, the others and the
aggregate whole numbers, the figure positive and one glyph read for each of its
digits (a digit read as itself; a dash or slash is an empty cell's mark, no
misread figure), and every reading that holds the cell agrees
(``unread_counts_inferred``). A cell with nothing read at all is a ``0`` the scan lost (a lone
narrow ``0`` on a light scan) when the aggregate leaves exactly 0 for it and another of its
members prints its 0: a column that writes its zeros leaves no cell blank. Pure.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from parsers.normalize.ocr_slips import settle_one_sum
from parsers.normalize.rules import is_total_label
from pipeline.core.model import AllocationRow, AllocationTable

__all__ = ["settle_count_notes", "unread_counts_inferred"]

_WHOLE = re.compile(r"[1-9]\d*|0")


def _total_row(rows: tuple[AllocationRow, ...]) -> int | None:
    """The one total row, a grand total by its label; None when there are
    several (subtotals: the column sum is then no single line)."""
    totals = [i for i, r in enumerate(rows) if r.is_total]
    if len(totals) != 1:
        return None
    label = rows[totals[0]].region_as_printed
    return totals[0] if is_total_label(label) and "小计" not in label else None


def _column(rows: tuple[AllocationRow, ...], name: str) -> dict[int, str] | None:
    """Row index -> the whole number of each row in note column ``name``,
    or None when a row is not an OCR row or its cell not a whole number."""
    out: dict[int, str] = {}
    for i, row in enumerate(rows):
        text = dict(row.notes).get(name, "").strip()
        if row.prov.confidence is None or not _WHOLE.fullmatch(text):
            return None
        out[i] = text
    return out


_BLANK_MARKS = frozenset("—–-－―/／\\、.。…·")  # what an empty cell prints (—, /): no figure misread


def _glyphs_for(read: str, figure: str) -> bool:
    """``read`` is ``figure`` with one glyph per digit, each a digit read as itself or a non-digit
    that is no blank mark."""
    return len(read) == len(figure) and all(
        c == d or not (c.isdigit() or c in _BLANK_MARKS) for c, d in zip(read, figure, strict=True)
    )


def unread_counts_inferred(table: AllocationTable) -> AllocationTable:
    """``table`` with each count cell OCR read as no figure put back from its aggregate row (see
    the module docstring), what was read kept in ``notes_read``."""
    rows = table.rows
    fixed: dict[tuple[int, str], str] = {}
    for name in dict.fromkeys(n for r in rows for n, _ in r.notes):
        cell = {i: dict(r.notes).get(name, "").strip() for i, r in enumerate(rows)}
        answers: dict[int, set[str]] = {}
        for agg, readings in table.row_parts:
            for members in readings:
                if not _WHOLE.fullmatch(cell[agg]) or any(rows[i].prov.confidence is None for i in (agg, *members)):
                    continue
                unread = [i for i in members if not _WHOLE.fullmatch(cell[i])]
                if len(unread) != 1:
                    continue
                k = unread[0]
                figure = str(int(cell[agg]) - sum(int(cell[i]) for i in members if i != k))
                if int(figure) > 0 and _glyphs_for(cell[k], figure):
                    answers.setdefault(k, set()).add(figure)
                elif figure == "0" and not cell[k] and any(cell[i] == "0" for i in members if i != k):
                    answers.setdefault(k, set()).add(figure)  # a lone 0 not read at all, in a column printing its zeros
        fixed.update({(k, name): vs.pop() for k, vs in answers.items() if len(vs) == 1})
    return _with_notes(table, fixed)


def _with_notes(table: AllocationTable, fixed: dict[tuple[int, str], str]) -> AllocationTable:
    if not fixed:
        return table
    out = []
    for i, row in enumerate(table.rows):
        changes = {name: v for (k, name), v in fixed.items() if k == i}
        if not changes:
            out.append(row)
            continue
        notes = tuple((n, changes.get(n, v)) for n, v in row.notes)
        read = tuple((n, v) for n, v in row.notes if n in changes)
        out.append(replace(row, notes=notes, notes_read=(*row.notes_read, *read)))
    return replace(table, rows=tuple(out))


def settle_count_notes(table: AllocationTable) -> AllocationTable:
    """``table`` with its count columns' slips put back and unread counts inferred from their
    aggregate rows (see the module docstring)."""
    table = unread_counts_inferred(table)
    rows = table.rows
    t = _total_row(rows)
    if t is None or len(rows) < 3:
        return table
    names = [name for name, _ in rows[t].notes]
    fixed: dict[tuple[int, str], str] = {}
    for name in names:
        texts = _column(rows, name)
        if texts is None:
            continue
        values = {i: Decimal(s) for i, s in texts.items()}
        line = [t, *(i for i in texts if i != t)]
        for i, v in settle_one_sum(values, texts, line).items():
            fixed[(i, name)] = str(v)
    return _with_notes(table, fixed)
