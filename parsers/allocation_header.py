"""The header of a 分配表 (allocation table): rows, column roles, names, parts.

``find_header`` takes the rows above the first row holding a number (the
column-number row 1 2 3 4 skipped, caption rows of one cell across the
table kept apart: title, 单位：万元; a body row of text under a flat header
ends it earlier; a generic leaf set alone beside a one-column group joins
it). ``assign_roles`` gives every grid column a role (serial 序号, name
地区/单位 chosen by ``parsers/allocation_recipients.py``, text 备注 and
quantities -> notes, amount) from what it measures (``parsers/column_measures.py``);
``name_columns`` names the amount columns from their header path (a unit
printed in a row of units goes with the label above it);
``column_parts`` reads which columns a header puts under a total (合计 over
其中: 提前下达 + 此次下达); a lone 其中 column is a subset, not a part.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from parsers.allocation_recipients import (
    TEXT_HEADER_FALLBACK,
    body_texts,
    header_text,
    name_column,
    numeric_body,
)
from parsers.column_measures import (
    Measure,
    adds_up_everywhere,
    bare_header,
    bracket_unit,
    counts_things,
    is_product,
    money_per_unit,
    never_exceeds,
    path_measure,
    unit_measure,
)
from parsers.header_tree import holds_somewhere, tree_parts
from parsers.normalize.rules import column_role, is_total_label
from parsers.table_vocab import (
    is_code_header,
    is_generic_leaf,
    is_total_header,
)
from parsers.tablegrid import (
    Grid,
    is_blank_text,
    is_column_number_row,
    is_number_text,
    is_serial_text,
    paired_brackets,
    starts_with_qizhong,
    strip_qizhong,
    strip_unit_parens,
    text_of,
)
from pipeline.core.model import Cell
from pipeline.core.textnorm import clean_text, strip_spaces
from pipeline.core.units import MONEY_UNIT_RE

# 序号, and a 序号 of what it numbers (项目序号, 单位序号)
_SERIAL_HEADER_RE = re.compile(r"^([\u4e00-\u9fff]{0,4}序号|编号|行次|No\.?)$", re.IGNORECASE)


@dataclass(slots=True)
class Column:
    index: int  # grid column
    path: tuple[Cell, ...]  # distinct header cells top -> bottom
    role: str = "amount"  # amount | name | serial | text | empty
    name: str = ""
    measure: Measure | None = None  # what the header path says: money, quantity (a note), nothing


@dataclass(slots=True)
class Header:
    first_body_row: int
    header_rows: tuple[int, ...]
    columns: list[Column] = field(default_factory=list)
    captions: tuple[str, ...] = ()  # rows of one cell across the table (title, 单位：万元)


# --- header -------------------------------------------------------------------


def find_header(grid: Grid) -> Header:
    """Header rows: from the top down to the first row holding a number."""
    header_rows: list[int] = []
    r = 0
    first_body = grid.n_rows
    while r < grid.n_rows:
        texts = grid.row_texts(r)
        if is_column_number_row(texts):
            r += 1
            first_body = r
            break
        own_numbers = [t for t in texts if is_number_text(t)]
        if own_numbers and header_rows:
            first_body = r
            break
        if own_numbers and not header_rows:
            # no header at all: the table starts with data
            first_body = r
            break
        if _starts_body(grid, header_rows, r):
            first_body = r
            break
        header_rows.append(r)
        r += 1
    else:
        first_body = grid.n_rows
    # a header cell spanning down further pulls the body start below it
    for hr in header_rows:
        for cell in grid.starting_cells(hr):
            end = cell.row + cell.rowspan
            if end > first_body and end <= grid.n_rows:
                first_body = end
    captions = tuple(r for r in header_rows if _is_caption(grid, r))
    column_rows = tuple(r for r in header_rows if r not in captions)
    header = Header(
        first_body_row=first_body,
        header_rows=column_rows,
        captions=tuple(text_of(c) for r in captions for c in grid.starting_cells(r) if text_of(c)),
    )
    for c in range(grid.n_cols):
        path: list[Cell] = []
        for hr in column_rows:
            hc = grid.at(hr, c)
            if hc is not None and (not path or path[-1] is not hc) and hc.text.strip():
                path.append(hc)
        header.columns.append(Column(index=c, path=tuple(path)))
    _adopt_groups(header)
    return header


def _adopt_groups(header: Header) -> None:
    """A generic leaf standing alone over the header's full height (人数, beside 小学 over 金额)
    is no column of its own: a short group label centred over two columns was set over one of
    them (a table printed without rules). The leaf joins the one-column group beside it whose
    own leaf is generic too (小学 over 人数 | 金额, as 寄宿生 over 人数 | 金额); nothing when
    both neighbours or neither could take it."""
    if len(header.header_rows) < 2:
        return
    top, bottom = header.header_rows[0], header.header_rows[-1]
    by_index = {c.index: c for c in header.columns}

    def lone_group(col: Column | None) -> Cell | None:
        if col is None or len(col.path) != 2:
            return None
        group, leaf = col.path
        generic = is_generic_leaf(bare_header(clean_text(leaf.text)))
        return group if group.row == top and group.colspan == 1 and generic else None

    lone = [
        col for col in header.columns
        if len(col.path) == 1
        and col.path[0].row == top and col.path[0].row + col.path[0].rowspan > bottom
        and is_generic_leaf(bare_header(clean_text(col.path[0].text)))
    ]
    taken: set[int] = set()  # groups that have taken a leaf (each takes one)
    changed = True
    while changed:  # a group taken by one leaf leaves the other neighbour to the next group
        changed = False
        for col in [c for c in lone if len(c.path) == 1]:
            near = (lone_group(by_index.get(col.index - 1)), lone_group(by_index.get(col.index + 1)))
            groups = [g for g in near if g is not None and id(g) not in taken]
            if len(groups) == 1:
                col.path = (groups[0], *col.path)
                taken.add(id(groups[0]))
                changed = True


_SENTENCE_RE = re.compile(r"[，。；]")


def _starts_body(grid: Grid, above: list[int], r: int) -> bool:
    """Row ``r`` holds no number but is the first body row, not a second header row: the header
    above has one label a column, none spanning over several columns or down into ``r`` (nothing
    a second header row could divide or continue), and ``r`` reads as text of the body (two
    cells or more, one of them a sentence: 由教育局申请拨付。), no unit printed alone."""
    columns = [h for h in above if not _is_caption(grid, h)]
    if not columns:
        return False
    if any(c.colspan > 1 or c.row + c.rowspan > r for h in columns for c in grid.starting_cells(h)):
        return False
    texts = [strip_spaces(text_of(c)) for c in grid.starting_cells(r) if text_of(c)]
    return (
        len(texts) >= 2
        and any(_SENTENCE_RE.search(t) for t in texts)
        and not any(bare_header(t) == "" for t in texts)
    )


# A cell that states only the money unit (单位：万元, （万元）, 金额单位：元).
_UNIT_ONLY_RE = re.compile(
    rf"^[（(]?(?:(?:金额|资金)?单位[：:])?(?:{MONEY_UNIT_RE})[)）]?$"
    rf"|^[（(]?单位[：:](?:[^（）()：:]{{1,3}}[、，,/])*(?:{MONEY_UNIT_RE})(?:[、，,/][^（）()：:]{{1,3}})*[)）]?$"
)


def _is_caption(grid: Grid, r: int) -> bool:
    """A row across the table that is no column header: one cell over every column
    (the title, 单位：万元), or a title beside the unit (…分配表 | 单位：万元), or the unit alone."""
    cells = [c for c in grid.starting_cells(r) if text_of(c)]
    if grid.n_cols <= 1 or not cells:
        return False
    if len(cells) == 1 and cells[0].colspan >= grid.n_cols:
        return True
    units = [c for c in cells if _UNIT_ONLY_RE.match(strip_spaces(text_of(c)))]
    rest = [c for c in cells if c not in units]
    if not units or len(rest) > 1:
        return False
    return not rest or (rest[0].colspan >= 2 and rest[0].colspan + sum(u.colspan for u in units) >= grid.n_cols)


def analyse_columns(grid: Grid) -> tuple[int, dict[int, str]]:
    """(first body row, grid column -> role: amount|name|serial|text|empty)."""
    header = find_header(grid)
    assign_roles(grid, header)
    return header.first_body_row, {c.index: c.role for c in header.columns}


def _leaf(col: Column) -> str:
    return clean_text(col.path[-1].text).strip() if col.path else ""


def _measures(grid: Grid, header: Header) -> None:
    """Each column's measure from its header path (parsers/column_measures.py). In the header
    tree, a group's total whose path says nothing (小计 under 2021年核定) measures what all its
    parts do when they are quantities; columns the words call quantities that add up, with the other
    parts, to a money total over them in every row are money."""
    for col in header.columns:
        col.measure = path_measure([clean_text(c.text).strip() for c in col.path])
    for before, col in zip(header.columns, header.columns[1:], strict=False):
        # 资助人数 | 其中：脱贫家庭学生: a 其中 leaf saying nothing more counts what the column it
        # is a part of counts (never more than it in any row)
        if (
            col.measure is None
            and before.measure == "quantity"
            and starts_with_qizhong(_leaf(col))
            and never_exceeds(grid, header.first_body_row, col.index, before.index)
        ):
            col.measure = "quantity"
    numeric = [c for c in header.columns if numeric_body(grid, header, c)]
    for col in numeric:
        others = [c.index for c in numeric if c is not col]
        if col.measure == "quantity" and money_per_unit(_leaf(col)) and is_product(grid, header.first_body_row, col.index, others):
            col.measure = "money"  # 发放金额（元/人） = 人数 × 月保障金: the money they make
    counts = [c for c in numeric if c.measure is None and counts_things(grid, header.first_body_row, c.index, _leaf(c))]
    if any(c not in counts and (c.measure == "money" or c in numeric and c.measure is None) for c in header.columns):
        for col in counts:
            col.measure = "quantity"  # 民族乡 beside 分配金额: how many, not how much
    for total, members in tree_parts(numeric).items():
        parts = [numeric[m] for m in members]
        if (
            numeric[total].measure is None
            and len(numeric[total].path) > 1  # inside a group: the table's 合计 stays money
            and all(p.measure == "quantity" for p in parts)
        ):
            numeric[total].measure = "quantity"
        elif (
            numeric[total].measure != "quantity"
            and any(p.measure == "quantity" for p in parts)
            and adds_up_everywhere(grid, header.first_body_row, numeric[total].index, [p.index for p in parts])
        ):
            for p in parts:
                p.measure = "money"


def assign_roles(grid: Grid, header: Header) -> None:
    _measures(grid, header)
    for col in header.columns:
        texts = body_texts(grid, header, col)
        filled = [t for t in texts if not is_blank_text(t)]
        numeric = [t for t in filled if is_number_text(t)]
        head = header_text(col)
        role = column_role(head) if head else None
        if role == "index" or _SERIAL_HEADER_RE.match(strip_unit_parens(head)):
            col.role = "serial"
        elif (
            (
                head
                and (role in ("region", "text") or TEXT_HEADER_FALLBACK.search(head))
                and not (filled and len(numeric) == len(filled))
            )
            or col.measure == "quantity"
            or (head and is_code_header(strip_unit_parens(head)))
            or (filled and len(numeric) * 2 < len(filled))
        ):
            col.role = "text"
        elif not head and not filled:
            col.role = "empty"
        elif not head and filled and all(is_serial_text(t) for t in filled):
            col.role = "serial"
        else:
            col.role = "amount"
    # the name column: a text column whose header names recipients (parsers/allocation_recipients.py)
    text_cols = [c for c in header.columns if c.role == "text"]
    name_col = name_column(grid, header, text_cols)
    if name_col is None:  # a rate or a count (补助比例, 面积（亩）) names no row while a label can
        name_col = next((c for c in text_cols if c.measure != "quantity"), text_cols[0] if text_cols else None)
    if name_col is not None:
        name_col.role = "name"
    # a serial column written as numbers is not an amount column
    for col in header.columns:
        if col.role == "amount" and name_col is not None and col.index < name_col.index:
            texts = body_texts(grid, header, col)
            # a 合计 label spanning 序号 and 名称 starts in this column
            filled = [t for t in texts if t and not is_total_label(t)]
            if filled and all(is_serial_text(t) for t in filled):
                col.role = "serial"


def name_columns(
    cols: list[Column],
    over: tuple[int, int] | None = None,
    *,
    keep_unit: bool = False,
    beside: list[Column] | None = None,
) -> None:
    """Column names from the header path: the leaf, joined to its parent only
    when the leaf alone says nothing (小计, 金额, 项目数（个）) or two columns would clash.

    A group names a generic leaf even when it spans every value column (``over``: the first
    and last grid column of the table's amounts, else of ``cols``): 补助资金 over 合计 | 中央资金 |
    省级资金 gives 补助资金合计, as 中央资金 over 小计 | … gives 中央资金小计. A header cell reaching
    past the value columns (a title across the name column too) is a caption, no group: it
    names a leaf only when that leaf clashes with another value column's (``beside``: 合计
    under 保障经费 beside 合计 under 保障人数). A money unit is no part of an amount's name (it
    is the table's unit); a quantity keeps its unit (``keep_unit``: 补助标准（元） is 元 per person).
    """
    leaves = [_plain_leaf(col, keep_unit) for col in cols]
    mine = Counter(_clash_key(leaf) for leaf in leaves)
    # a quantity named with its unit (省级以上（亩）) is no clash for an amount (省级以上), nor is one for it
    theirs = Counter(_clash_key(_plain_leaf(c, keep_unit)) for c in beside or () if not _group_unit(c))
    first, last = over or (min((c.index for c in cols), default=0), max((c.index for c in cols), default=0))
    for col, leaf in zip(cols, leaves, strict=True):
        groups = [
            (c, strip_unit_parens(clean_text(c.text).strip()))
            for c in _leaf_and_groups(col)[1]
            if strip_qizhong(clean_text(c.text).strip())
        ]
        parents = [t for c, t in groups if not _reaches_past(c, first, last)]
        unit = _group_unit(col) if keep_unit else None
        key = bare_header(leaf)
        clash = mine[_clash_key(leaf)] + (0 if unit else theirs[_clash_key(leaf)]) > 1
        parent = parents[-1] if parents else groups[-1][1] if groups and clash else ""
        generic = not key or is_generic_leaf(key) or clash
        if unit:  # the group's measure unit goes to the end: 建园面积（亩） over 合计 | 花椒 -> 建园面积合计（亩）, 花椒（亩）
            parent, leaf = bare_header(parent), key
        name = parent + leaf if parent and generic else leaf
        name = f"{name}（{unit}）" if unit and name else name
        col.name = paired_brackets(name or parent) or f"列{col.index + 1}"


def _clash_key(leaf: str) -> str:
    """What two leaves must share to clash: the label less its unit (合计（人） and 合计 clash), a
    bracket that qualifies kept (备注（其他资金名称） is no 备注)."""
    unit = bracket_unit(leaf)
    return bare_header(leaf) if unit is None or unit_measure(unit) is not None else strip_spaces(clean_text(leaf))


def _group_unit(col: Column) -> str | None:
    """The measure unit a quantity column's leaf prints none of and its nearest group prints
    (补种面积（亩） over 合计 | 花椒: 亩), which its name then ends with."""
    if col.measure != "quantity":
        return None
    leaf, groups = _leaf_and_groups(col)
    if bracket_unit(leaf) is not None:
        return None
    for cell in reversed(groups):
        unit = bracket_unit(clean_text(cell.text))
        # a standard printed on the group (森林城镇奖补（10万元/个）) is no unit of its leaves
        if unit is not None and unit_measure(unit) == "quantity" and not re.search(r"\d", unit):
            return unit
    return None


def _reaches_past(cell: Cell, first: int, last: int) -> bool:
    """A header cell spanning the value columns ``first``..``last`` and a column left of them (the
    name column: a title over the whole table); one reaching right over a note only (资金规模 over
    小计 | 中央 | 自治区 | 备注) is the amounts' group still."""
    end = cell.col + cell.colspan - 1
    return last > first and cell.col < first and end >= last


def _plain_leaf(col: Column, keep_unit: bool) -> str:
    """The leaf a column is named by: no money unit and no 其中 (unless ``keep_unit``)."""
    printed, _ = _leaf_and_groups(col)
    leaf = printed if keep_unit else strip_unit_parens(printed)
    if not keep_unit and money_per_unit(printed):
        leaf = bare_header(leaf)  # 特困月发放金额（元/人） holding each town's money: 元 is the unit
    if not keep_unit and starts_with_qizhong(leaf) and strip_qizhong(leaf):
        leaf = strip_qizhong(leaf)  # a quantity keeps its leaf as printed (其中：脱贫家庭学生)
    return leaf


def _leaf_and_groups(col: Column) -> tuple[str, tuple[Cell, ...]]:
    """The leaf's text and the group cells above it; a unit printed in a header row of units
    (小计 over （亩）) belongs to the label above it: 小计（亩） under its group."""
    texts = [clean_text(c.text).strip() for c in col.path]
    if len(texts) > 1 and not bare_header(texts[-1]) and bracket_unit(texts[-1]) is not None:
        return texts[-2] + texts[-1], col.path[:-2]
    return (texts[-1] if texts else ""), col.path[:-1]


def column_parts(
    grid: Grid, header: Header, amounts: list[Column]
) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """For each total column, the value indices the header puts under it."""
    pos = {col.index: i for i, col in enumerate(amounts)}
    parts: dict[int, tuple[int, ...]] = {}
    grouped: set[int] = set()
    # (a) a spanning 其中 cell with sub-columns under it
    for col in amounts:
        for depth, cell in enumerate(col.path[:-1]):
            text = clean_text(cell.text).strip()
            if not starts_with_qizhong(text) or cell.colspan < 2:
                continue
            members = tuple(
                pos[c] for c in range(cell.col, cell.col + cell.colspan) if c in pos
            )
            if not members or members[0] in grouped:
                continue
            grouped.update(members)
            if len(members) < 2:
                continue  # a single 其中 item is a subset, not a part
            total = _total_left_of(amounts, pos, cell.col, depth, grouped, cell.col + cell.colspan - 1)
            if total is not None:
                parts[total] = members
    qizhong = set(parts)
    under_parent: set[int] = set()
    # (b) a parent spanning a 小计/合计 child and its siblings
    for col in amounts:
        if len(col.path) < 2 or not is_total_header(_leaf(col)):
            continue
        parent = col.path[-2]
        siblings = tuple(
            pos[c]
            for c in range(parent.col, parent.col + parent.colspan)
            if c in pos and c != col.index
        )
        if len(siblings) >= 2 and pos[col.index] not in parts:
            parts[pos[col.index]] = siblings
            grouped.update(siblings)
            under_parent.add(pos[col.index])
    # (c) leaf headers 其中：X, Y next to a total: parts only if the numbers add up
    i = 0
    while i < len(amounts):
        col = amounts[i]
        if pos[col.index] in grouped or not starts_with_qizhong(_leaf(col)) or i == 0:
            i += 1
            continue
        run = [i]
        j = i + 1
        while (
            j < len(amounts)
            and amounts[j].path[:-1] == col.path[:-1]
            and not starts_with_qizhong(_leaf(amounts[j]))
            and not is_total_header(_leaf(amounts[j]))
            and pos[amounts[j].index] not in grouped
        ):
            run.append(j)
            j += 1
        total_i = i - 1
        if len(run) >= 2 and _sums_match(grid, header, amounts[total_i], [amounts[k] for k in run]):
            parts[total_i] = tuple(run)
            qizhong.add(total_i)
        grouped.update(run)
        i = j
    # (d) the header tree: each total over its own siblings' value columns (a
    # group counted by its subtotal); a relation read only from the vocabulary
    # must hold in some printed row
    for total, members in tree_parts(amounts).items():
        if total in qizhong:
            continue
        if total in under_parent or holds_somewhere(grid, header, amounts, total, members):
            parts[total] = members
    return tuple(sorted(parts.items()))


def _total_left_of(
    amounts: list[Column], pos: dict[int, int], col: int, depth: int, grouped: set[int], end: int
) -> int | None:
    """The total a 其中 group spanning grid columns ``col``..``end`` breaks down: the amount column
    left of it, else one headed as a total (月补金额合计) printed right after it."""
    for cand in reversed(amounts):
        if cand.index >= col or pos[cand.index] in grouped:
            continue
        return pos[cand.index]
    after = next((c for c in amounts if c.index > end and pos[c.index] not in grouped), None)
    return pos[after.index] if after is not None and is_total_header(_leaf(after)) else None


def _sums_match(grid: Grid, header: Header, total: Column, members: list[Column]) -> bool:
    return adds_up_everywhere(
        grid, header.first_body_row, total.index, [m.index for m in members], empty_is_zero=True
    )
