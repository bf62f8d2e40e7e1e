"""A sum of a scanned table that fails where OCR may have slipped: a warning, not an error.

The OCR repair puts a figure back when *every* sum it takes part in calls
for the same single-glyph edit of it (parsers/normalize/ocr_slips.py). A
figure only one sum contradicts is left as read: the sum alone cannot say
which of its cells is wrong. On a scan such a failure may be the reading's
and not the print's, so ``soften_ocr_slips`` turns the ALLOCATION_COLUMN_SUM
or ALLOCATION_ROW_SUM error into a LOW_CONFIDENCE warning naming the table
and the figures that may be misread, when:

- the failing sum's cells were read by OCR (a text layer is never doubted:
  a digital notice keeps its flags exactly), and
- one of them, confirmed by no other sum of the table that holds, is one
  glyph off (``ocr_slips.glyph_edits``: a stray digit, a look-alike digit)
  the value that makes the failing sum hold.

A planted or printed error whose figures the table's other sums confirm
(a total row that adds up across, a row that adds up along) stays an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from parsers.normalize.ocr_slips import glyph_edits
from pipeline.checks.confidence import fmt
from pipeline.core.flags import make_flag
from pipeline.core.model import AllocationTable, Flag

__all__ = ["soften_ocr_slips"]

At = tuple[int, int]
_SUBJECT = re.compile(r"allocation_tables\[\d+\]\.rows\[(\d+)\]\.values\[(\d+)\]")
_SUMS = ("ALLOCATION_COLUMN_SUM", "ALLOCATION_ROW_SUM")


def _value(table: AllocationTable, c: At) -> Decimal | None:
    row = table.rows[c[0]] if c[0] < len(table.rows) else None
    return row.values[c[1]] if row is not None and c[1] < len(row.values) else None


def _is_ocr(table: AllocationTable, c: At) -> bool:
    provs = table.rows[c[0]].value_provs
    return c[1] < len(provs) and provs[c[1]].confidence is not None


def _row_lines(table: AllocationTable) -> list[list[At]]:
    return [
        [(i, total), *((i, p) for p in parts)]
        for i in range(len(table.rows))
        for total, parts in table.column_parts
    ]


def _column_lines(table: AllocationTable, i: int, j: int) -> list[list[At]]:
    return [[(i, j), *((k, j) for k in members)] for t, readings in table.row_parts if t == i for members in readings]


def _difference(table: AllocationTable, line: Sequence[At]) -> Decimal | None:
    values = [_value(table, c) for c in line]
    if any(v is None for v in values):
        return None
    total, *members = (v for v in values if v is not None)
    return total - sum(members, Decimal(0))


def _tolerance(table: AllocationTable, line: Iterable[At]) -> Decimal:
    exps = [e for c in line if (v := _value(table, c)) is not None and isinstance(e := v.as_tuple().exponent, int)]
    return Decimal(1).scaleb(min(min(exps, default=0), 0))


def _confirmed(table: AllocationTable) -> set[At]:
    """Every cell of a complete sum of the table that holds."""
    lines = _row_lines(table) + [
        line for t, _ in table.row_parts for j in range(len(table.columns)) for line in _column_lines(table, t, j)
    ]
    out: set[At] = set()
    for line in lines:
        diff = _difference(table, line)
        if diff is not None and abs(diff) <= _tolerance(table, line):
            out.update(line)
    return out


def _suspects(table: AllocationTable, line: Sequence[At], confirmed: set[At]) -> list[At]:
    """The OCR cells of a failing ``line`` (total first), confirmed by no
    other sum, one glyph off the value that makes it hold."""
    diff = _difference(table, line)
    if diff is None or diff == 0 or not all(_is_ocr(table, c) for c in line):
        return []
    out = []
    for c in line:
        v = _value(table, c)
        if c in confirmed or v is None:
            continue
        want = v - diff if c == line[0] else v + diff
        if any(e == want for e, _ in glyph_edits(_plain(v))):
            out.append(c)
    return out


def _plain(d: Decimal) -> str:
    return format(d, "f")


def _lines_of(table: AllocationTable, flag: Flag) -> list[list[At]]:
    m = _SUBJECT.fullmatch(flag.subject or "")
    if m is None:
        return []
    i, j = int(m.group(1)), int(m.group(2))
    if flag.code == "ALLOCATION_ROW_SUM":
        return [[(i, j), *((i, p) for p in parts)] for total, parts in table.column_parts if total == j]
    return _column_lines(table, i, j)


def _where(table: AllocationTable, c: At) -> str:
    col = table.columns[c[1]] if c[1] < len(table.columns) else str(c[1])
    return f"'{table.rows[c[0]].region_as_printed}' ({col}) {fmt(_value(table, c))}"


def soften_ocr_slips(ti: int, table: AllocationTable, flags: Sequence[Flag]) -> list[Flag]:
    """``flags`` with each sum error a misread figure of a scan may explain
    turned into a LOW_CONFIDENCE warning (see the module docstring)."""
    confirmed: set[At] | None = None
    out: list[Flag] = []
    for flag in flags:
        if flag.code not in _SUMS:
            out.append(flag)
            continue
        if confirmed is None:
            confirmed = _confirmed(table)
        suspects = sorted({c for line in _lines_of(table, flag) for c in _suspects(table, line, confirmed)})
        if not suspects:
            out.append(flag)
            continue
        name = f"'{table.title}'" if table.title else f"allocation table {ti + 1}"
        out.append(
            make_flag(
                "LOW_CONFIDENCE",
                f"Table {name} was read by OCR and a sum fails: {flag.message} One figure may be misread "
                f"by one glyph (a stray or look-alike digit): {', '.join(_where(table, c) for c in suspects[:3])}; "
                "no other sum settles which; check the sum on the page.",
                page=flag.page,
                subject=flag.subject,
                expected=flag.expected,
                actual=flag.actual,
            )
        )
    return out
