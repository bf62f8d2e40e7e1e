"""Sum checks of the 分配表 (allocation tables), following their structure.

- ALLOCATION_COLUMN_SUM: each aggregate row against its own members, as the
  parser read the row tree (``AllocationTable.row_parts``: a 小计 against its
  block, a 合计 against its 小计s *or* its leaves, whichever adds up), so a
  wrong subtotal raises one flag and never cascades to the grand total. In an
  adjustment column (money taken back from some rows, negative, and given to
  others) the total row may print the net or the amount moved (``moved_sums``).
- ALLOCATION_ROW_SUM: each total column against the columns the header tree
  puts under it (``column_parts``: a subtotal against its own children).
- TABLE_STRUCTURE_UNCERTAIN (warning): when the parser marked the structure
  uncertain, or when most of a table's sums fail (three or more, and more
  failing than holding: a table read wrongly, not a table printed wrongly),
  one warning names the table and no sum error is raised from the guess.
- TABLE_NOT_UNDERSTOOD (warning): a table kept raw.

Arithmetic is Decimal with a tolerance of one unit of the last printed digit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import regex as re

from pipeline.checks.confidence import fmt, value_doubtful
from pipeline.checks.ocr_sums import soften_ocr_slips
from pipeline.core.flags import make_flag
from pipeline.core.model import AllocationRow, AllocationTable, Flag, Notice
from pipeline.core.units import yuan_factor

# A table whose sums fail this often (and more often than they hold) is
# taken as misread: one warning instead of a cascade of errors.
MIN_FAILURES_FOR_UNCERTAIN = 3


def present(values: Iterable[Decimal | None]) -> list[Decimal]:
    return [v for v in values if v is not None]


def tolerance(values: Iterable[Decimal | None]) -> Decimal:
    """One unit of the last printed digit among ``values``."""
    exponents = [e for v in present(values) if isinstance(e := v.as_tuple().exponent, int)]
    places = max((-e for e in exponents), default=0)
    return Decimal(1).scaleb(-max(places, 0))


def sum_flag(
    code: str,
    total: Decimal,
    sums: Sequence[Decimal],
    tol: Decimal,
    *,
    lead: str,
    then: str,
    page: int | None,
    subject: str,
) -> Flag | None:
    """A flag when the printed ``total`` is none of ``sums`` (its parts added up,
    one sum per reading of the parts) within ``tol``; the first sum is reported
    as ``{lead}{total}{then}{sum} (difference …).``"""
    if not sums or any(abs(s - total) <= tol for s in sums):
        return None
    s = sums[0]
    return make_flag(
        code,
        f"{lead}{fmt(total)}{then}{fmt(s)} (difference {fmt(total - s)}).",
        page=page,
        subject=subject,
        expected=s,
        actual=total,
    )


@dataclass(slots=True)
class _Tally:
    failed: list[Flag] = field(default_factory=list)
    held: int = 0

    def add(self, flag: Flag | None) -> None:
        if flag is None:
            self.held += 1
        else:
            self.failed.append(flag)

    @property
    def misread(self) -> bool:
        return len(self.failed) >= MIN_FAILURES_FOR_UNCERTAIN and len(self.failed) > self.held


# --- the row tree: which rows each total adds up ----------------------------------


def _member_readings(rows: list[AllocationRow]) -> list[list[AllocationRow]]:
    """A `其中：…` row is either a part of the total (其中：市本级 beside the
    counties) or a subset of the row above it: both readings are tried."""
    without = [r for r in rows if not r.region_as_printed.startswith("其中")]
    return [rows, without] if len(without) != len(rows) else [rows]


def total_blocks(table: AllocationTable) -> Iterator[tuple[int, AllocationRow, list[list[AllocationRow]]]]:
    """(index, total row, candidate member lists) for every total row."""
    rows = list(table.rows)
    if table.row_parts:
        for i, readings in table.row_parts:
            if i < len(rows):
                yield i, rows[i], [[rows[k] for k in m if k < len(rows)] for m in readings]
        return
    # a table without a row tree (built by hand): the labelled reading
    totals = [i for i, r in enumerate(rows) if r.is_total]
    for i in totals:
        row = rows[i]
        others = [j for j in totals if j != i]
        if len(totals) == 1 or not others or _is_grand(rows, i, totals):
            yield i, row, _member_readings([r for r in rows if not r.is_total])
            continue
        before: list[AllocationRow] = []
        j = i - 1
        while j >= 0 and not rows[j].is_total:
            before.insert(0, rows[j])
            j -= 1
        after: list[AllocationRow] = []
        j = i + 1
        while j < len(rows) and not rows[j].is_total:
            after.append(rows[j])
            j += 1
        yield i, row, [c for block in (before, after) if block for c in _member_readings(block)]


def _is_grand(rows: list[AllocationRow], i: int, totals: list[int]) -> bool:
    label = rows[i].region_as_printed
    if re.search(r"合计|总计", label):
        return True
    if "小计" in label:
        return False
    firsts = [v for v in rows[i].values if v is not None]
    return bool(firsts) and i in (totals[0], totals[-1]) and all(
        (rows[i].values[0] or 0) >= (rows[j].values[0] or 0) for j in totals
    )


def moved_sums(values: Sequence[Decimal]) -> list[Decimal]:
    """An adjustment column (money taken back from some rows, negative, and given to
    others): the amount given and the amount taken back, which its total row may
    print instead of the net."""
    given = sum((v for v in values if v > 0), Decimal(0))
    taken = -sum((v for v in values if v < 0), Decimal(0))
    return [given, taken] if given and taken else []


def _column_sums(ti: int, table: AllocationTable) -> _Tally:
    tally = _Tally()
    for ri, total, candidates in total_blocks(table):
        for ci, col in enumerate(table.columns):
            expected = total.values[ci] if ci < len(total.values) else None
            if expected is None:
                continue
            parts = [[m.values[ci] for m in members if ci < len(m.values)] for members in candidates]
            sums = [sum(vals, Decimal(0)) for vals in (present(p) for p in parts) if vals]
            sums += [s for p in parts for s in moved_sums(present(p))]
            if not sums:
                continue
            if value_doubtful(total, ci) or any(value_doubtful(m, ci) for ms in candidates for m in ms):
                continue  # OCR doubted a value: LOW_CONFIDENCE says so, no error from it
            tally.add(
                sum_flag(
                    "ALLOCATION_COLUMN_SUM",
                    expected,
                    sums,
                    tolerance([expected, *(v for p in parts for v in p)]),
                    lead=f"Table {table.title or ti + 1!s}: total row '{total.region_as_printed}' shows ",
                    then=f" {table.unit or ''} in column '{col}', but its rows add up to ",
                    page=total.prov.page or table.page,
                    subject=f"allocation_tables[{ti}].rows[{ri}].values[{ci}]",
                )
            )
    return tally


def _row_sums(ti: int, table: AllocationTable) -> list[tuple[str, _Tally]]:
    """One tally per header relation (a total column over its parts)."""
    out: list[tuple[str, _Tally]] = []
    for total_col, parts in table.column_parts:
        tally = _Tally()
        for ri, row in enumerate(table.rows):
            vals = row.values
            total = vals[total_col] if total_col < len(vals) else None
            part_vals = [vals[p] for p in parts if p < len(vals)]
            if total is None or not parts or None in part_vals:
                continue
            if any(value_doubtful(row, c) for c in (total_col, *parts)):
                continue  # OCR doubted a value: LOW_CONFIDENCE says so, no error from it
            names = " + ".join(table.columns[p] for p in parts if p < len(table.columns))
            tally.add(
                sum_flag(
                    "ALLOCATION_ROW_SUM",
                    total,
                    [sum(present(part_vals), Decimal(0))],
                    tolerance([total, *part_vals]),
                    lead=f"Row '{row.region_as_printed}': '{table.columns[total_col]}' is ",
                    then=f" but {names} = ",
                    page=row.prov.page or table.page,
                    subject=f"allocation_tables[{ti}].rows[{ri}].values[{total_col}]",
                )
            )
        name = table.columns[total_col] if total_col < len(table.columns) else str(total_col)
        out.append((name, tally))
    return out


def _table_name(ti: int, table: AllocationTable) -> str:
    return f"'{table.title}'" if table.title else f"allocation table {ti + 1}"


def check_table_sums(ti: int, table: AllocationTable) -> list[Flag]:
    """Column and row sums of one table, or one warning when its structure is uncertain."""
    reasons = list(table.uncertain)
    flags: list[Flag] = []
    columns = _column_sums(ti, table)
    if columns.misread:
        reasons.append(
            f"rows: {len(columns.failed)} of {len(columns.failed) + columns.held} totals do not add up"
        )
    elif not any(r.startswith("rows:") for r in table.uncertain):
        flags.extend(columns.failed)
    for name, tally in _row_sums(ti, table):
        if tally.misread:
            reasons.append(
                f"columns: '{name}' differs from its parts in {len(tally.failed)} of "
                f"{len(tally.failed) + tally.held} rows"
            )
        elif not any(r.startswith("columns:") for r in table.uncertain):
            flags.extend(tally.failed)
    if reasons:
        flags.append(
            make_flag(
                "TABLE_STRUCTURE_UNCERTAIN",
                f"Table {_table_name(ti, table)}: its structure could not be read with certainty "
                f"({'; '.join(reasons)}); its sums were not checked. Please review the table.",
                page=table.page,
                subject=f"allocation_tables[{ti}]",
            )
        )
    return soften_ocr_slips(ti, table, flags)  # a scan's sum a misread figure may explain: a warning


def check_allocation_sums(n: Notice) -> Iterator[Flag]:
    for ti, table in enumerate(n.allocation_tables):
        yield from check_table_sums(ti, table)


def check_raw_tables(n: Notice) -> Iterator[Flag]:
    for i, raw in enumerate(n.raw_tables):
        where = f"'{raw.title}'" if raw.title else f"on page {raw.page}"
        yield make_flag(
            "TABLE_NOT_UNDERSTOOD",
            f"A table {where} ({raw.n_rows} rows × {raw.n_cols} columns) could not be read "
            f"({raw.reason}); it is stored as printed for review.",
            page=raw.page,
            subject=f"raw_tables[{i}]",
        )


MAX_COMBINATIONS = 256


def combined_totals(grands: Sequence[Sequence[Decimal | None]], units: Sequence[str | None]) -> list[Decimal]:
    """In 元: every sum over the tables of one grand-total column each (tables
    with different columns: 45.63 in one, 此次下达 36.54 in another), each
    table's own grand totals, and the sum over a table's columns. None at all when
    a table's unit is unknown (the others hold only part of the money)."""
    per_table: list[list[Decimal]] = []
    for values, unit in zip(grands, units, strict=True):
        factor = yuan_factor(unit)
        if factor is None:
            return []
        per_table.append([v * factor for v in values if v is not None])
    out: list[Decimal] = [v for vs in per_table for v in vs]
    # a table whose columns are all parts of the money (age bands, items) and prints no total column
    out += [sum(vs, Decimal(0)) for vs in per_table if len(vs) > 1]
    sums: list[Decimal] = [Decimal(0)]
    for vs in per_table:
        if not vs:
            continue
        sums = [s + v for s in sums for v in vs][:MAX_COMBINATIONS]
    return out + [s for s in sums if s]
