"""The row hierarchy of a 分配表: which rows are aggregates, and of which rows.

Rows come as printed: a grand total (合计, 总计, 全省合计), subtotals
(``杭州市小计``, ``县（市、区）小计``), a prefecture row over its counties or
over ``其中：市本级`` and its districts, and plain members. The structure is
read from the labels (vocabulary in ``parsers/rules/table_structure.yaml``),
the order of the rows and the administrative level of the regions; the
numbers only choose among the readings the structure allows:

1. *Inner aggregates*: an unlabelled row followed by rows that add up to it
   (a prefix of the rows up to the next labelled row), when a ``其中`` row
   follows it, or its level is above theirs (prefecture over counties), or
   it sums its whole block; a single row under it only when its region is a
   division of the row's (a prefecture over its one county, by GB/T 2260 code).
   A row naming a project of its own (a 项目名称 or 实施单位 note: project rows
   under a region cell merged over them) is a leaf: its region's total is the
   小计 printed in the block, never a project that happens to equal the rows
   after it. An aggregate only its sums suggest (no 其中, no level, no label)
   is a guess the grand total must not contradict: when the grand total adds
   up only with the guess dropped, it is dropped.
2. *Subtotals* gather the rows before or after them up to the neighbouring
   labelled row (the layout says which: a 小计 printed above its block or
   below it); within that range their members are the first run of rows
   that adds up (a 小计 over its own members only).
3. *Grand totals* are read two ways: over the subtotals and the rows outside
   any block, or over the leaves; the check passes when either adds up, so
   one wrong subtotal raises one flag, never a cascade.
4. *Unlabelled hierarchy*: when a grand total adds up neither way and some rows
   print the sum of the rows right under them (a 设区市 row over its indented
   counties, names the gazetteer cannot place), the total decides: if it adds
   up with those rows as aggregates they are; otherwise the tree is uncertain
   (one warning for the table, no sum error from a guess).

A ``其中`` row that is not the first member of an inner aggregate is a
subset of the row above: every reading is offered with and without it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from parsers.table_vocab import is_grand_total_label, is_own_level_label, is_subset_label

Readings = tuple[tuple[int, ...], ...]


@dataclass(frozen=True, slots=True)
class RowInfo:
    label: str  # the printed label that decides the row's kind (name, or a 小计 note)
    values: tuple[Decimal | None, ...]
    rank: int | None = None  # administrative level: 1 province, 2 prefecture, 3 county
    labelled_total: bool = False  # a total label (合计, 小计 …) by the allocation vocabulary
    code: str | None = None  # GB/T 2260 code of the row's region, when it resolved to one
    project: bool = False  # the row names a project of its own (项目名称, 实施单位): a leaf


@dataclass(frozen=True, slots=True)
class RowTree:
    is_total: tuple[bool, ...]
    parts: tuple[tuple[int, Readings], ...]  # aggregate row -> readings of its members
    uncertain: tuple[str, ...] = ()  # why the hierarchy is a guess ("rows: …"): one warning, no sum error


def _kind(row: RowInfo) -> str:
    if row.labelled_total:
        return "grand" if is_grand_total_label(row.label) else "sub"
    if is_subset_label(row.label):
        return "subset"
    return "item"


def _sums_to(target: RowInfo, members: Sequence[RowInfo]) -> bool:
    """Every column ``target`` prints equals its members' sum (an empty cell is
    no amount); at least one column compared."""
    checked = False
    for j, v in enumerate(target.values):
        if v is None:
            continue
        parts = [p for m in members if j < len(m.values) and (p := m.values[j]) is not None]
        if not parts or sum(parts, Decimal(0)) != v:
            return False
        checked = True
    return checked


def _within(parent: RowInfo, child: RowInfo) -> bool:
    """``child``'s region is a division of ``parent``'s (360424 修水县 within 360400 九江市)."""
    if parent.code is None or child.code is None or parent.rank is None or child.rank is None:
        return False
    if not parent.rank < child.rank or parent.rank > 2:
        return False
    width = 2 * parent.rank  # province 36xxxx, prefecture 3604xx
    return len(parent.code) >= width and parent.code[:width] == child.code[:width] and parent.code != child.code


def _first_run(rows: Sequence[RowInfo], target: int, candidates: Sequence[int], minimum: int) -> list[int] | None:
    """The shortest prefix of ``candidates`` (in order) that adds up to ``target``."""
    acc: list[int] = []
    for k in candidates:
        acc.append(k)
        if len(acc) >= minimum and _sums_to(rows[target], [rows[m] for m in acc]):
            return acc
    return None


class _Builder:
    def __init__(self, rows: Sequence[RowInfo], leaves: frozenset[int] = frozenset()) -> None:
        self.rows = rows
        self.kinds = [_kind(r) for r in rows]
        self.n = len(rows)
        self.leaves = leaves | {i for i, r in enumerate(rows) if r.project}  # never an unlabelled aggregate
        self.inner: dict[int, list[int]] = {}  # inner aggregate -> members
        self.nested: set[int] = set()  # members of an inner aggregate
        self.guessed: set[int] = set()  # inner aggregates only their sums suggest

    def labelled(self, i: int) -> bool:
        return self.kinds[i] in ("grand", "sub")

    def block_bounds(self, i: int) -> tuple[int, int]:
        """The rows between the labelled rows around ``i`` (exclusive)."""
        lo = i
        while lo > 0 and not self.labelled(lo - 1):
            lo -= 1
        hi = i
        while hi < self.n - 1 and not self.labelled(hi + 1):
            hi += 1
        return lo, hi

    # 1. inner aggregates -----------------------------------------------------

    def find_inner(self) -> None:
        for i in range(self.n):
            if self.kinds[i] != "item" or i in self.nested or i in self.leaves:
                continue
            found = self._inner_members(i)
            if found:
                members, guessed = found
                self.inner[i] = members
                self.nested.update(members)
                if guessed:
                    self.guessed.add(i)

    def _inner_members(self, i: int) -> tuple[list[int], bool] | None:
        """The members of unlabelled row ``i`` and whether only their sum says so (a guess)."""
        rows = self.rows
        own = rows[i].rank
        # a government's own level (市本级) never holds its divisions (its counties are its
        # siblings), only units (市教育局 …)
        own_level = is_own_level_label(rows[i].label)
        lo, hi = self.block_bounds(i)
        run: list[int] = []
        for k in range(i + 1, hi + 1):
            rk = rows[k].rank
            if (own is not None and rk is not None and rk <= own) or (own_level and rk is not None):
                break
            run.append(k)
        explicit = bool(run) and self.kinds[run[0]] == "subset"
        found = _first_run(rows, i, run, 2)
        if found is None and len(run) == 1 and _within(rows[i], rows[run[0]]) and _sums_to(rows[i], [rows[run[0]]]):
            # a prefecture over its one county (九江市 420 over 修水县 420): the division says which
            # holds which where a sum of one row cannot
            return run, False
        if found is not None:
            ranks = [r for r in (rows[k].rank for k in found) if r is not None]
            if explicit:
                return found, False
            if own is not None and ranks:
                return (found, False) if all(own < r for r in ranks) else None
            if i == lo and found[-1] == hi:
                return found, True
        if i == self.n - 1 and i == hi and i > lo:
            before = [k for k in range(lo, i) if k not in self.nested]
            if len(before) >= 2 and _sums_to(rows[i], [rows[k] for k in before]):
                ranks = [r for r in (rows[k].rank for k in before) if r is not None]
                if (own is None or not ranks or all(own < r for r in ranks)) and not (own_level and ranks):
                    return before, True
        return None

    # 2. subtotals ------------------------------------------------------------

    def top_level(self, candidates: Sequence[int]) -> list[int]:
        return [k for k in candidates if k not in self.nested and not self.labelled(k)]

    def subtotal_blocks(self) -> dict[int, Readings]:
        subs = [i for i in range(self.n) if self.kinds[i] == "sub"]
        if not subs:
            return {}
        below = {i: self._sub_members(i, +1) for i in subs}
        above = {i: self._sub_members(i, -1) for i in subs}
        score_below = sum(1 for m in below.values() if m[1])
        score_above = sum(1 for m in above.values() if m[1])
        if score_below != score_above:
            chosen = below if score_below > score_above else above
        else:
            items_before = any(not self.labelled(k) for k in range(subs[0]))
            chosen = above if items_before else below
        return {i: m[0] for i, m in chosen.items() if m[0]}

    def _sub_members(self, i: int, step: int) -> tuple[Readings, bool]:
        """Readings of the members of subtotal ``i`` printed above (step -1) or
        below (+1) its rows, and whether one of them adds up."""
        k = i + step
        span: list[int] = []
        while 0 <= k < self.n and not self.labelled(k):
            span.append(k)
            k += step
        variants = self.variants(self.top_level(sorted(span)))
        matched: list[tuple[int, ...]] = []
        for variant in variants:
            ordered = variant if step > 0 else variant[::-1]
            found = _first_run(self.rows, i, ordered, 1)
            if found is not None:
                matched.append(tuple(sorted(found)))
        if matched:
            return tuple(dict.fromkeys(matched)), True
        return tuple(dict.fromkeys(tuple(v) for v in variants[:2] if v)), False

    def variants(self, members: Sequence[int]) -> list[list[int]]:
        """The member list as printed; without its 其中 rows; without a 其中 row
        and the rows listed after it (a partial breakdown of the row above)."""
        out = [list(members)]
        without = [k for k in members if self.kinds[k] != "subset"]
        if len(without) != len(members):
            out.append(without)
        for p, k in enumerate(members):
            if self.kinds[k] != "subset":
                continue
            for q in range(p + 2, len(members) + 1):
                out.append([*members[:p], *members[q:]])
                if len(out) > 64:
                    return out
        return out


def read_row_tree(rows: Sequence[RowInfo]) -> RowTree:
    b = _Builder(rows)
    b.find_inner()
    tree, grands_add_up = _read(b)
    if not grands_add_up and b.guessed:
        # the grand total contradicts an aggregate only its sums suggested: read without it
        alone = _Builder(rows, frozenset(b.guessed))
        alone.find_inner()
        other, other_adds_up = _read(alone)
        if other_adds_up:
            return other
    return tree


def _read(b: _Builder) -> tuple[RowTree, bool]:
    """The tree over ``b``'s inner aggregates, and whether every grand total adds up as read
    (before any hierarchy the table does not label is tried)."""
    subs = b.subtotal_blocks()
    parts: dict[int, Readings] = {i: (tuple(m),) for i, m in b.inner.items()}
    parts.update(subs)
    in_blocks = {k for readings in subs.values() for members in readings for k in members}
    aggregates = set(parts) | {i for i in range(b.n) if b.labelled(i)}
    grands = [i for i in range(b.n) if b.kinds[i] == "grand"]
    if not grands:
        grands = _unlabelled_grand(b, in_blocks, aggregates)
        aggregates |= set(grands)
    if grands:  # every grand total has the same two readings: over the top level, over the leaves
        tops = [k for k in range(b.n) if k not in in_blocks and k not in b.nested and k not in grands]
        leaves = [k for k in range(b.n) if k not in aggregates]
        readings = _grand_readings(b, tops, leaves)
        parts.update(dict.fromkeys(grands, readings))
    uncertain: tuple[str, ...] = ()
    adds_up = all(_adds_up(b, g, parts[g]) for g in grands)
    if not adds_up:
        hidden = _unlabelled_aggregates(b, aggregates)
        if hidden:
            tops = [k for k in range(b.n) if k not in in_blocks and k not in b.nested
                    and k not in grands and not any(k in m for m in hidden.values())]
            leaves = [k for k in range(b.n) if k not in aggregates and k not in hidden]
            readings = _grand_readings(b, tops, leaves)
            if all(_adds_up(b, g, readings) for g in grands):
                # the table's own total confirms the rows that print the sum of the rows under them
                parts.update({i: (tuple(m),) for i, m in hidden.items()})
                parts.update(dict.fromkeys(grands, readings))
                aggregates |= set(hidden)
                adds_up = True
            else:
                names = "、".join(b.rows[i].label for i in list(hidden)[:3])
                uncertain = (f"rows: the total does not add up, and {names} print the sum of the rows "
                             "under them (a hierarchy the table does not label)",)
    is_total = tuple(i in aggregates for i in range(b.n))
    return RowTree(is_total=is_total, parts=tuple(sorted(parts.items())), uncertain=uncertain), adds_up


def _grand_readings(b: _Builder, tops: Sequence[int], leaves: Sequence[int]) -> Readings:
    """A grand total's readings: over the top level, over the leaves (each with and without 其中 rows)."""
    return tuple(dict.fromkeys(tuple(v) for m in (tops, leaves) for v in b.variants(m) if v))


def _adds_up(b: _Builder, total: int, readings: Readings) -> bool:
    return any(_sums_to(b.rows[total], [b.rows[k] for k in m]) for m in readings if m)


def _unlabelled_aggregates(b: _Builder, aggregates: set[int]) -> dict[int, list[int]]:
    """Rows no label, level or block made aggregates that print the sum of one or more rows
    right under them (a 设区市 row over the counties indented under it): row -> those rows."""
    out: dict[int, list[int]] = {}
    taken: set[int] = set()
    for i in range(b.n):
        if b.kinds[i] != "item" or i in aggregates or i in b.nested or i in taken or i in b.leaves:
            continue
        own = b.rows[i].rank
        run: list[int] = []
        for k in range(i + 1, b.n):
            rk = b.rows[k].rank
            if _stops_run(b, k, aggregates) or (own is not None and rk is not None and rk <= own):
                break
            run.append(k)
        found = _first_run(b.rows, i, run, 1)
        if found is not None:
            out[i] = found
            taken.update(found)
    return out


def _stops_run(b: _Builder, k: int, aggregates: set[int]) -> bool:
    return b.labelled(k) or k in aggregates or k in b.nested


def _unlabelled_grand(b: _Builder, in_blocks: set[int], aggregates: set[int]) -> list[int]:
    """A grand total printed without a total label (the prefecture's own name, 河池市, first or
    last over 小计 blocks): an unlabelled edge row above every other row's level that the top
    level or the leaves add up to."""
    if b.n < 3:
        return []
    for i in (0, b.n - 1):
        if b.kinds[i] != "item" or i in aggregates or i in b.nested or i in in_blocks or i in b.leaves:
            continue
        others = [k for k in range(b.n) if k != i]
        own = b.rows[i].rank
        ranks = [r for r in (b.rows[k].rank for k in others if k not in aggregates) if r is not None]
        if own is None or not ranks or not all(own < r for r in ranks):
            continue
        tops = [k for k in others if k not in in_blocks and k not in b.nested]
        leaves = [k for k in others if k not in aggregates]
        if any(_sums_to(b.rows[i], [b.rows[k] for k in m]) for m in (tops, leaves) if m):
            return [i]
    return []
