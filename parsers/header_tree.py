"""The header tree of a 分配表: which amount column sums which others.

The merged header cells are the tree (a cell spanning columns is the parent
of the cells under it); the vocabulary says which node is a total
(合计, 小计, 总计, 全年… in ``parsers/rules/table_structure.yaml``) and which
is a subset (其中 …). Among the children of one node (or at the top), a
single total child sums its siblings, each sibling counted by its own *value
columns*: a leaf is its column; a group with a subtotal child (一般预算 over
小计, 常规分配, 定向分配) is that subtotal; a group without one is its
children's value columns. ``其中`` siblings are subsets of their neighbour,
not parts (the 其中 rules of ``allocation_header.column_parts`` handle them),
so a level that holds one is left to those rules.

So ``合计 | 一般预算(小计, 常规分配, 定向分配) | 彩票公益金`` gives
合计 = 一般预算小计 + 彩票公益金 and 一般预算小计 = 常规分配 + 定向分配: each
total against its own children only.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from parsers.table_vocab import is_subset_label, is_total_header
from parsers.tablegrid import Grid, amount_of, strip_unit_parens
from pipeline.core.model import Cell
from pipeline.core.textnorm import clean_text

if TYPE_CHECKING:
    from parsers.allocation_header import Column, Header

Key = tuple[int, int]  # a header cell by its top-left (row, col)
_ROOT: Key = (-1, -1)


def _key(cell: Cell) -> Key:
    return (cell.row, cell.col)


def _text(cell: Cell) -> str:
    return strip_unit_parens(clean_text(cell.text).strip())


class _Tree:
    def __init__(self, amounts: list[Column]) -> None:
        self.children: dict[Key, list[Key]] = {}
        self.cells: dict[Key, Cell] = {}
        self.column_of: dict[Key, int] = {}  # leaf -> value index
        for i, col in enumerate(amounts):
            if not col.path:
                continue
            parent = _ROOT
            for cell in col.path:
                k = _key(cell)
                self.cells[k] = cell
                kids = self.children.setdefault(parent, [])
                if k not in kids:
                    kids.append(k)
                parent = k
            self.column_of[parent] = i

    def is_leaf(self, k: Key) -> bool:
        return k in self.column_of and not self.children.get(k)

    def is_total(self, k: Key) -> bool:
        return k != _ROOT and is_total_header(_text(self.cells[k]))

    def is_subset(self, k: Key) -> bool:
        return k != _ROOT and is_subset_label(_text(self.cells[k]))

    def value_columns(self, k: Key) -> list[int]:
        if self.is_leaf(k):
            return [self.column_of[k]]
        kids = self.children.get(k, [])
        totals = [c for c in kids if self.is_total(c) and self.is_leaf(c)]
        if len(totals) == 1:
            return [self.column_of[totals[0]]]
        out: list[int] = []
        for c in kids:
            if not self.is_subset(c):
                out.extend(self.value_columns(c))
        return out


def _opens_a_run(tree: _Tree, kids: list[Key]) -> bool:
    """A ``其中：X`` followed by plain siblings (其中：提前下达, 此次下达): the
    其中 rules decide by the numbers whether they are parts."""
    for a, b in zip(kids, kids[1:], strict=False):
        if tree.is_subset(a) and not tree.is_subset(b) and not tree.is_total(b):
            return True
    return False


def tree_parts(amounts: list[Column]) -> dict[int, tuple[int, ...]]:
    """Total value index -> the value indices of its parts, from the header tree."""
    tree = _Tree(amounts)
    parts: dict[int, tuple[int, ...]] = {}
    for kids in tree.children.values():
        if len(kids) < 2 or _opens_a_run(tree, kids):
            continue
        totals = [k for k in kids if tree.is_total(k) and tree.is_leaf(k)]
        if len(totals) != 1:
            continue
        total = tree.column_of[totals[0]]
        members = tuple(
            v for k in kids if k != totals[0] and not tree.is_subset(k) for v in tree.value_columns(k)
        )
        if len(members) >= 2:
            parts[total] = members
    return parts


def holds_somewhere(grid: Grid, header: Header, amounts: list[Column], total: int, members: tuple[int, ...]) -> bool:
    """The relation is printed true in at least one body row, or cannot be tested."""
    tested = False
    for r in range(header.first_body_row, grid.n_rows):
        t = amount_of(grid.own_text(r, amounts[total].index))
        vals = [amount_of(grid.own_text(r, amounts[m].index)) for m in members]
        if t is None or any(v is None for v in vals):
            continue
        tested = True
        if sum((v for v in vals if v is not None), Decimal(0)) == t:
            return True
    return not tested
