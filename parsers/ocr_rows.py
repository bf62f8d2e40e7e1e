"""OCR repairs of allocation-table rows, by vocabulary and by the table's sums.

    total_label(printed, cell) -> (label, read)        含计 -> 合计
    region_repairs(rows) -> [(row index, name)]        渍江区 -> 浈江区
    infer_by_sums(rows, parts)                         。22 -> 22 (227 - 205)

Used by ``parsers.allocation`` on OCR-read cells only (a cell with an OCR
confidence); a text layer is never touched. Every repair keeps what OCR
read, for ``Provenance.repaired_from`` and the LOW_CONFIDENCE warning.

- A traditional character read for its simplified form (``黃田街道``,
  ``ocr_script.simplified``: only a character that is the one traditional
  form of a simplified character; ``红昇农场`` stays).
- A total-row label one character off a total word
  (``vocab_repair.repair_total_label``); a speck read at the end of a row
  name (``于都县·``) when the name without it is a region or a total label;
  a speck beside the Han characters of any row name (``草堂镇…改造项目.``,
  ``ocr_specks.edge_specks_off``); a route's dash read as ``一`` between two
  of its places (``清水河一三道河…公路``, ``ocr_specks.route_dashes``).
- A row name one character off an official region under the row's own
  parent region (the prefecture every resolved county row of its block,
  between two labelled totals, lies in; else the prefecture or province
  every resolved row of the table lies in), not already printed on another row
  (``vocab_repair.repair_region_name``).
- An unreadable amount cell (OCR text with digits, no reading) in a line of
  a sum whose every other cell is known and undoubted: the value the sum
  implies, when the digits OCR read appear in it in order (the lines of a
  sum are the parser's header and row trees)
  (``ocr_repair.infer_from_sum``). Only cells the grammar could not read
  are inferred: a clean cell that breaks a sum stays, and the check flags it.
- Ambiguous amount cells (``49.248`` in 4-decimal 万元: 49.248 or 49248)
  that share their sums, so that no one of them is settled alone (two in a
  row, several in a column): every combination of their readings is tried
  against the row sums (the header tree) and the column sum (the one 合计
  row) they take part in, and the readings are taken when exactly one
  combination makes every such sum hold (``settle_jointly``; a reading as
  printed is then confirmed, another one marked repaired).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import product
from typing import Protocol

import regex as re

from parsers.normalize.ocr_repair import CellRepair, infer_from_sum, settle
from parsers.normalize.ocr_slips import find_slips
from parsers.normalize.rules import is_total_label
from parsers.normalize.vocab_repair import repair_region_name, repair_total_label, taken_names
from parsers.ocr_script import simplified
from parsers.ocr_specks import LEADING, edge_specks_off, route_dashes
from pipeline.core.divisions import resolve_region
from pipeline.core.model import Cell

__all__ = ["infer_by_sums", "put_back_slips", "region_repairs", "settle_jointly", "total_label"]


class RowLike(Protocol):
    printed: str
    name: str
    values: tuple[Decimal | None, ...]
    repairs: tuple[CellRepair | None, ...]
    cells: tuple[Cell, ...]
    labelled_total: bool
    region: str | None
    code: str | None


def _is_ocr(cell: Cell | None) -> bool:
    return cell is not None and cell.confidence is not None


# a half-width dot between a bracket and a Han character of a row name: a speck (Chinese text has
# its full stop 。, and no row name prints one there)
_BRACKET_DOT = re.compile(r"(?<=[）)])[.·•](?=\p{Han})|(?<=\p{Han})[.·•](?=[（(])")


def total_label(printed: str, cell: Cell | None) -> tuple[str, str | None]:
    """(label, what OCR read if the label was repaired else None): a total
    word one character off, or a speck read at the end of a region name or a
    total label (``于都县·``: the name without it is in the vocabulary) or
    between a bracket and a Han character (``县（市）.小计``); a
    traditional character read for a simplified one (``黃田街道``) folded
    first (``ocr_script.simplified``)."""
    if not printed or not _is_ocr(cell):
        return printed, None
    folded = simplified(printed)
    if folded != printed:
        label, _ = total_label(folded, cell)
        return label, printed
    bare = printed.strip(LEADING + " ")  # specks (ocr_specks): no row name starts or ends so
    if bare != printed and bare and (is_total_label(bare) or resolve_region(bare) is not None):
        return bare, printed
    unspecked = edge_specks_off(printed)  # any row name: no dot after its last Han character
    if unspecked != printed and unspecked:
        return unspecked, printed
    unspecked = _BRACKET_DOT.sub("", printed)  # nor between a bracket and a Han character (县（市）.小计)
    if unspecked != printed:
        return unspecked, printed
    routed = route_dashes(printed)  # a route's dash read as 一 (清水河一三道河…公路)
    if routed != printed:
        return routed, printed
    fix = repair_total_label(printed)
    return (fix.text, printed) if fix else (printed, None)


def _parent_prefix(codes: Sequence[str]) -> str | None:
    """The code prefix of the region every resolved row lies in: the
    prefecture (4 digits) of county rows, else the province (2 digits)."""
    if not codes:
        return None
    for n in (4, 2):
        heads = {c[:n] for c in codes}
        if len(heads) == 1:
            head = heads.pop()
            # a prefecture row of its own (4402 00) means the parent is its province
            if n == 4 and any(c[4:6] == "00" for c in codes):
                continue
            return head
    return None


def _block_prefix(rows: Sequence[RowLike], i: int, table: str) -> str:
    """The parent of row ``i``'s block (the rows between two labelled totals:
    ``杭州市小计`` … ``湖州市小计``): the prefecture its resolved county rows lie
    in when they all lie in one under the table's parent, else ``table``."""
    lo = hi = i
    while lo > 0 and not rows[lo - 1].labelled_total:
        lo -= 1
    while hi + 1 < len(rows) and not rows[hi + 1].labelled_total:
        hi += 1
    counties = [r.code for r in rows[lo : hi + 1] if r.code and r.code[4:6] != "00"]
    local = _parent_prefix(counties)
    return local if local is not None and local.startswith(table) and len(local) > len(table) else table


def region_repairs(rows: Sequence[RowLike]) -> list[tuple[int, str]]:
    """(row index, official name) for OCR row names one character off a region
    under the row's own parent (its block's prefecture, else the table's)."""
    prefix = _parent_prefix([r.code for r in rows if r.code])
    if prefix is None:
        return []
    taken = taken_names([r.printed for r in rows] + [r.region for r in rows])
    out = []
    for i, row in enumerate(rows):
        if row.region is not None or row.labelled_total or not row.name:
            continue
        if not any(_is_ocr(c) for c in row.cells):
            continue
        fix = repair_region_name(row.name, within=_block_prefix(rows, i, prefix), taken=taken)
        if fix is not None:
            out.append((i, fix.text))
    return out


def _doubtful(row: RowLike, j: int) -> bool:
    rep = row.repairs[j] if j < len(row.repairs) else None
    return rep is not None and rep.doubtful


def _set(row: RowLike, j: int, rep: CellRepair) -> None:
    row.repairs = (*row.repairs[:j], rep, *row.repairs[j + 1 :])
    row.values = (*row.values[:j], rep.value, *row.values[j + 1 :])


def _unknown(row: RowLike, j: int) -> bool:
    rep = row.repairs[j] if j < len(row.repairs) else None
    return rep is not None and rep.value is None and rep.status in ("unreadable", "ambiguous")


def _implied(row_values: list[tuple[Decimal | None, bool]], total_at: int, unknown_at: int) -> Decimal | None:
    """The value at ``unknown_at`` that makes the total at ``total_at`` hold,
    when every other cell is present and undoubted (value, doubtful)."""
    others = [(k, v) for k, (v, d) in enumerate(row_values) if k != unknown_at]
    if any(v is None or row_values[k][1] for k, v in others):
        return None
    total = row_values[total_at][0]
    parts = sum((v for k, v in others if k != total_at and v is not None), Decimal(0))
    if unknown_at == total_at:
        return parts
    return total - parts if total is not None else None


def infer_by_sums(
    rows: Sequence[RowLike],
    parts: Sequence[tuple[int, tuple[int, ...]]],
    row_parts: Sequence[tuple[int, tuple[tuple[int, ...], ...]]] = (),
) -> None:
    """Unreadable cells take the value a sum implies (in place): a total
    column over its parts (``parts``, the header tree), an aggregate row
    over its members (``row_parts``, the row tree: every reading of the
    block that fixes the cell must fix it to the same value)."""
    for row in rows:  # row sums: a total column over its parts
        for total, members in parts:
            group = (total, *members)
            if any(j >= len(row.values) for j in group):
                continue
            unknown = [j for j in group if _unknown(row, j)]
            if len(unknown) != 1:
                continue
            cells = [(row.values[j], _doubtful(row, j) and j != unknown[0]) for j in group]
            implied = _implied(cells, 0, group.index(unknown[0]))
            rep = row.repairs[unknown[0]]
            if rep is not None:
                _set(row, unknown[0], infer_from_sum(rep, implied))
    for t, readings in row_parts:  # column sums: an aggregate row over its members
        for j in range(len(rows[t].values) if t < len(rows) else 0):
            implied_by: dict[int, set[Decimal | None]] = {}
            for members in readings:
                order = [t, *members]
                if any(i >= len(rows) or j >= len(rows[i].values) for i in order):
                    continue
                unknown = [i for i in order if _unknown(rows[i], j)]
                if len(unknown) != 1:
                    continue
                cells = [(rows[i].values[j], _doubtful(rows[i], j) and i != unknown[0]) for i in order]
                implied_by.setdefault(unknown[0], set()).add(_implied(cells, 0, order.index(unknown[0])))
            if len(implied_by) != 1:
                continue
            (i, values), = implied_by.items()
            rep = rows[i].repairs[j]
            if len(values) == 1 and rep is not None:  # every reading of the block agrees
                _set(rows[i], j, infer_from_sum(rep, values.pop()))


At = tuple[int, int]  # a cell by (row index, column index)
MAX_JOINT = 12  # ambiguous cells decided together at most (2**12 combinations)


def _sum_lines(rows: Sequence[RowLike], parts: Sequence[tuple[int, tuple[int, ...]]]) -> list[list[At]]:
    """Each sum of the table as cells, its total first: the header tree's row
    sums, and each column's sum over the one labelled total row."""
    lines = [
        [(i, total), *((i, m) for m in members)]
        for i, row in enumerate(rows)
        for total, members in parts
        if all(j < len(row.values) for j in (total, *members))
    ]
    labelled = [i for i, row in enumerate(rows) if row.labelled_total]
    if len(labelled) == 1:
        t = labelled[0]
        for j in range(len(rows[t].values)):
            lines.append([(t, j), *((i, j) for i in range(len(rows)) if i != t and j < len(rows[i].values))])
    return lines


def _holds(line: list[At], value: dict[At, Decimal | None]) -> bool:
    total, *members = (value[c] for c in line)
    return total is not None and total == sum((v for v in members if v is not None), Decimal(0))


def settle_jointly(rows: Sequence[RowLike], parts: Sequence[tuple[int, tuple[int, ...]]]) -> None:
    """Ambiguous cells decided by their sums (``_settle_ambiguous``), then
    clean figures one glyph off put back (``put_back_slips``)."""
    _settle_ambiguous(rows, parts)
    _infer_by_lines(rows, parts)  # before the row tree is read: an empty cell would make it guess
    put_back_slips(rows, parts)  # OCR slips (parsers/normalize/ocr_slips.py)


def _infer_by_lines(rows: Sequence[RowLike], parts: Sequence[tuple[int, tuple[int, ...]]]) -> None:
    """An unreadable cell (``。22``, ``ro``) alone in a sum of the table (a row
    sum of the header tree, a column sum over the one labelled total row)
    whose other cells are known and undoubted takes the value the sum implies
    (``infer_from_sum``)."""
    for line in _sum_lines(rows, parts):
        unknown = [c for c in line if _unknown(rows[c[0]], c[1])]
        if len(unknown) != 1:
            continue
        i, j = unknown[0]
        cells = [(rows[a].values[b], _doubtful(rows[a], b) and (a, b) != (i, j)) for a, b in line]
        rep = rows[i].repairs[j]
        if rep is not None:
            _set(rows[i], j, infer_from_sum(rep, _implied(cells, 0, line.index((i, j)))))


def _settle_ambiguous(rows: Sequence[RowLike], parts: Sequence[tuple[int, tuple[int, ...]]]) -> None:
    """Ambiguous cells that share their sums decided together (in place; see
    the module docstring). Only sums whose other cells are known and
    undoubted count; nothing is changed unless one combination fits."""
    open_cells = {
        (i, j)
        for i, row in enumerate(rows)
        for j, rep in enumerate(row.repairs)
        if rep is not None and rep.candidates
        and (rep.status == "ambiguous" or (rep.status == "repaired" and len(rep.candidates) > 1))
    }
    if not open_cells:
        return
    lines = []
    for line in _sum_lines(rows, parts):
        if not any(c in open_cells for c in line):
            continue
        total, *members = line
        known = [c for c in line if c not in open_cells]
        if any(_doubtful(rows[i], j) for i, j in known):
            continue
        if total not in open_cells and rows[total[0]].values[total[1]] is None:
            continue
        in_row = all(i == total[0] for i, _ in members)
        if in_row and any(rows[i].values[j] is None for i, j in members if (i, j) not in open_cells):
            continue  # a row sum with an empty part (as _settle_by_sums: not evidence)
        lines.append(line)
    cells = sorted({c for line in lines for c in line if c in open_cells})
    if not cells or len(cells) > MAX_JOINT:
        return
    fixed: dict[At, Decimal | None] = {c: rows[c[0]].values[c[1]] for line in lines for c in line}
    fits: list[tuple[Decimal, ...]] = []
    for combo in product(*(_candidates(rows, c) for c in cells)):
        fixed.update(zip(cells, combo, strict=True))
        if all(_holds(line, fixed) for line in lines):
            fits.append(combo)
            if len(fits) > 1:
                return
    if len(fits) != 1:
        return
    for (i, j), v in zip(cells, fits[0], strict=True):
        rep = rows[i].repairs[j]
        if rep is not None:
            _set(rows[i], j, settle(rep, v))


def put_back_slips(rows: Sequence[RowLike], parts: Sequence[tuple[int, tuple[int, ...]]]) -> None:
    """A clean OCR figure that breaks its row sum and its column sum by the
    same difference, one glyph off the value both call for, put back (in
    place; ``ocr_slips.find_slips``): status ``repaired``, what OCR read kept.
    Only sums whose every cell is known and undoubted count."""
    lines = [
        line for line in _sum_lines(rows, parts)
        if all(rows[i].values[j] is not None and not _doubtful(rows[i], j) for i, j in line)
    ]
    values = {c: v for line in lines for c in line if (v := rows[c[0]].values[c[1]]) is not None}
    texts = {
        (i, j): rep.text
        for i, j in values
        if (rep := rows[i].repairs[j] if j < len(rows[i].repairs) else None) is not None and rep.status == "clean"
    }
    for (i, j), v in find_slips(values, texts, lines).items():
        _set(rows[i], j, CellRepair(texts[(i, j)], v, "repaired", (v,)))


def _candidates(rows: Sequence[RowLike], cell: At) -> tuple[Decimal, ...]:
    rep = rows[cell[0]].repairs[cell[1]]
    return rep.candidates if rep is not None else ()
