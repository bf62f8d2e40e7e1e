"""Indicator rows of a 绩效目标表 and the repair of their 一级/二级 hierarchy.

Reading a table (``read_indicators``): every row is cut into tokens (cells
left to right). A token whose text is a hierarchy label (``classify_label``)
is a label wherever it sits; the 三级 name is the first other text, the
value the next. A label in a vertically merged cell covers its whole span;
otherwise labels apply downward until the next label of the same level; a
new 一级 drops a 二级 that does not belong to it. The 一级 is derived from a
canonical 二级 (``level1_of``): a printed 一级 that contradicts it was
misplaced. Labels left on a row of their own at the end of a table belong to
the last indicator.

Repair across tables (``repair_target_tables``): within one notice, every
indicator name printed in several tables takes the majority (一级, 二级)
over the tables; ties go to readings that agree with their printed labels;
a lone table keeps its own reading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from parsers.normalize.hierarchy import classify_label, classify_ocr_label
from parsers.normalize.hierarchy import level1_of as _level1_of
from parsers.normalize.targets import parse_target
from parsers.tablegrid import Grid, compact, merged_provenance, text_of
from parsers.target_blocks import (
    find_indicator_header,
    is_target_line,
    period_line_split,
    stacked_periods,
)
from parsers.target_columns import (
    ValueColumns,
    unlevelled_name_column,
    value_before_name,
    value_columns,
    with_unit,
)
from pipeline.core.model import Cell, Indicator, Period, TargetTable

# Header and frame words of the indicator block: never a name or a value.
_STRUCTURAL_RE = re.compile(
    r"^(绩效指标|[一二三]级指标(名称)?|(年度|中期)?指标值(（.*）)?|指标|指标名称|指标内容|分值|权重"
    r"|得分|全年实际值|实际完成值|备注|年度|总体|目标|总体目标|年度总体目标|(中期|年度)目标(（.*）)?"
    r"|绩效目标|(年度|中期)?绩效指标)$"
)
_HEADER_WORDS = ("一级指标", "二级指标", "三级指标", "指标值")
_UNKNOWN_LABEL_RE = re.compile(r"^\w{1,8}指标$")


@dataclass(frozen=True, slots=True)
class _Token:
    col: int
    text: str
    cell: Cell
    own: bool  # the cell starts in this row (not merged down from above)
    level: int | None = None  # 1 | 2 for a label
    canonical: str | None = None
    certain: bool = True


@dataclass(slots=True)
class _Half:
    row: int
    period: Period
    labels: list[_Token]
    name: _Token | None
    value: _Token | None


@dataclass(slots=True)
class Reading:
    """One table's reading of its indicator rows."""

    indicators: list[Indicator] = field(default_factory=list)
    anomalies: int = 0  # labels outside their column/row, contradictions, duplicates


def level1_of(level2: str | None) -> str | None:
    """The 一级 a canonical 二级 belongs to, None when unknown."""
    if level2 is None:
        return None
    try:
        return _level1_of(level2)
    except KeyError:
        return None


# Marks no header word prints: a scan's speck read as a dot or tick between its characters (绩效指.标)
_SPECK_MARKS = r"\s:：.．·•・'‘’`"


def is_structural(text: str) -> bool:
    return bool(_STRUCTURAL_RE.match(re.sub(f"[{_SPECK_MARKS}]+", "", text).replace("(", "（").replace(")", "）")))


def _tokens(grid: Grid, r: int) -> list[_Token]:
    out: list[_Token] = []
    for cell in grid.row_cells(r):
        text = text_of(cell)
        if not text or is_structural(text):
            continue
        own = cell.row == r
        read_as = classify_ocr_label if cell.confidence is not None else classify_label
        match = read_as(text) if len(compact(text)) <= 14 else None
        if match is not None:
            out.append(
                _Token(cell.col, text, cell, own, match.level, match.canonical, match.certain)
            )
        elif _UNKNOWN_LABEL_RE.match(compact(text)):
            # a label the vocabulary does not know (or OCR garbled): a level by
            # position, no canonical name; kept as printed
            level = 2 if any(t.level for t in out) else 1
            out.append(_Token(cell.col, text, cell, own, level, None, False))
        elif own:
            out.append(_Token(cell.col, text, cell, own))
    # a second 一级 reading in one row is a 二级 where the label has one
    # (满意度指标 | 满意度指标 -> 一级, 二级)
    seen1 = False
    for k, tok in enumerate(out):
        if tok.level != 1:
            continue
        if seen1:
            alt = classify_label(tok.text, level=2)
            if alt is not None and alt.level == 2:
                out[k] = replace(tok, level=2, canonical=alt.canonical, certain=alt.certain)
        seen1 = True
    return out


def _key(text: str) -> str:
    return compact(text)


def _split_halves(
    tokens: list[_Token], r: int, split_col: int | None, periods: tuple[Period, Period]
) -> list[_Half]:
    texts = [i for i, t in enumerate(tokens) if t.level is None]
    if split_col is None and len(texts) < 2:
        tokens = _demote_name_label(tokens)
        texts = [i for i, t in enumerate(tokens) if t.level is None]
    if split_col is None:
        name = tokens[texts[0]] if texts else None
        value = tokens[texts[1]] if len(texts) > 1 else None
        return [_Half(r, periods[1], [t for t in tokens if t.level is not None], name, value)]
    names: list[tuple[int | None, int | None]]  # (name idx, value idx) per half
    t = [tokens[i] for i in texts]
    if len(t) >= 4:
        names = [(texts[0], texts[1]), (texts[2], texts[3])]
    elif len(t) == 3 and _key(t[1].text) == _key(t[0].text):
        names = [(texts[0], None), (texts[1], texts[2])]
    elif len(t) == 3 and _key(t[2].text) == _key(t[0].text):
        names = [(texts[0], texts[1]), (texts[2], None)]
    elif len(t) == 2 and _key(t[1].text) == _key(t[0].text):
        names = [(texts[0], None), (texts[1], None)]
    else:
        left = [i for i in texts if tokens[i].col < split_col]
        right = [i for i in texts if tokens[i].col >= split_col]
        names = [
            (left[0] if left else None, left[1] if len(left) > 1 else None),
            (right[0] if right else None, right[1] if len(right) > 1 else None),
        ]
    # labels after the first half's last text belong to the second half
    mid_last = names[0][1] if names[0][1] is not None else names[0][0]
    if mid_last is not None:
        boundary = mid_last + 1
    elif names[1][0] is not None:
        boundary = names[1][0]
    else:
        boundary = next((i for i, tok in enumerate(tokens) if tok.col >= split_col), len(tokens))
    halves: list[_Half] = []
    for h, (ni, vi) in enumerate(names):
        span = range(0, boundary) if h == 0 else range(boundary, len(tokens))
        labels = [tokens[i] for i in span if tokens[i].level is not None]
        halves.append(
            _Half(
                r,
                periods[h],
                labels,
                tokens[ni] if ni is not None else None,
                tokens[vi] if vi is not None else None,
            )
        )
    return halves


def _demote_name_label(tokens: list[_Token]) -> list[_Token]:
    """``满意度指标 | 服务对象满意度指标 | 满意度 | ≥90%``: a 三级 name that reads
    as a label (the last label, after others, followed only by text) is a name."""
    labels = [i for i, t in enumerate(tokens) if t.level is not None]
    if len(labels) < 2:
        return tokens
    k = labels[-1]
    tail = tokens[k + 1 :]
    if not tokens[k].own or not tail or any(t.level is not None for t in tail):
        return tokens
    out = list(tokens)
    out[k] = replace(tokens[k], level=None, canonical=None, certain=True)
    return out


def _halves_layout(grid: Grid, header: int | None) -> tuple[int | None, tuple[Period, Period]]:
    """For a project table, the column where the second (annual) half starts."""
    if header is None:
        return None, ("midterm", "annual")
    by_line = period_line_split(grid, header)
    if by_line is not None:
        return by_line  # the halves' own heads: no header word OCR lost can move the split
    seen: dict[str, int] = {}
    split: int | None = None
    for cell in grid.starting_cells(header):
        word = compact(text_of(cell))
        if word in _HEADER_WORDS:
            if word in seen and split is None:
                split = cell.col
            seen.setdefault(word, cell.col)
    order: tuple[Period, Period] = ("midterm", "annual")
    if split is not None:
        for r in range(header):
            for cell in grid.starting_cells(r):
                text = compact(text_of(cell))
                if text.startswith("年度目标") and cell.col < split:
                    order = ("annual", "midterm")
    return split, order


@dataclass(slots=True)
class _State:
    l1: _Token | None = None
    l2: _Token | None = None


def _label_key(tok: _Token) -> str:
    return tok.canonical if tok.canonical is not None else "?" + compact(tok.text)


def _apply(state: _State, labels: list[_Token]) -> None:
    for tok in sorted(labels, key=lambda t: t.level or 0):
        if tok.level == 1:
            if state.l1 is None or _label_key(state.l1) != _label_key(tok):
                state.l1 = tok
                if state.l2 is not None and not any(x.level == 2 for x in labels):
                    parent = level1_of(state.l2.canonical)
                    if parent != tok.canonical:
                        state.l2 = None
        elif tok.level == 2:
            state.l2 = tok


def _resolve_levels(state: _State) -> tuple[str | None, str | None]:
    l2 = state.l2.canonical if state.l2 is not None and state.l2.certain else None
    l1: str | None = None
    if l2 is not None:
        l1 = level1_of(l2)
    if l1 is None and state.l1 is not None and state.l1.certain:
        l1 = state.l1.canonical
    return l1, l2


def _column_mode(cols: list[int]) -> int | None:
    if not cols:
        return None
    counts: dict[int, int] = {}
    for c in cols:
        counts[c] = counts.get(c, 0) + 1
    return max(counts, key=lambda c: (counts[c], -c))


def _by_columns(tokens: list[_Token], columns: ValueColumns) -> list[_Token]:
    """A row's tokens read by the header above them: the other columns (分值, 实际值, 备注)
    left out, the unit column joined to the value (``parsers.target_columns``)."""
    kept = [t for t in tokens if t.level is not None or columns.role(t.col) not in ("other", "unit")]
    unit = next((t.text for t in tokens if t.level is None and columns.role(t.col) == "unit"), "")
    value = next((i for i, t in enumerate(kept) if t.level is None and columns.role(t.col) == "value"), None)
    if value is None:
        return kept
    names = [i for i, t in enumerate(kept) if t.level is None and i < value]
    out = [t for i, t in enumerate(kept) if t.level is not None or i in names[:1] or i == value]
    return [replace(t, text=with_unit(t.text, unit)) if t is kept[value] else t for t in out]


def _name_before_value(tokens: list[_Token], value: range, name: range) -> list[_Token]:
    """A row of a block printing 指标值 | 三级指标: its value token moved after its name token
    (whatever the name looks like: a name that reads as a label is demoted later)."""
    vi = next((i for i, t in enumerate(tokens) if t.level is None and t.col in value), None)
    ni = next((i for i, t in enumerate(tokens) if t.col in name), None)
    if vi is None or ni is None or vi > ni:
        return tokens
    out = [t for i, t in enumerate(tokens) if i != vi]
    out.insert(ni, tokens[vi])  # ni shifted left by one: the slot right after the name
    return out


def _names_unlevelled(tokens: list[_Token], names: range) -> list[_Token]:
    """A row of a block printing no level column: its token in the name column, followed by a
    value, is the indicator's name even when it reads as a label (服务对象满意度 | ≥90%)."""
    k = next((i for i, t in enumerate(tokens) if t.col in names), None)
    if k is None or tokens[k].level is None or not tokens[k].own:
        return tokens
    if not any(t.level is None for t in tokens[k + 1:]):
        return tokens  # a label line alone (a section row): not an indicator
    out = list(tokens)
    out[k] = replace(tokens[k], level=None, canonical=None, certain=True)
    return out


_DOT_IN_RATE = re.compile(r"(?<=[\u4e00-\u9fff])[.．](?=[\u4e00-\u9fff])")


def rate_dots(value: str) -> str:
    """A full stop between two Chinese characters of a value is the rate's middle dot read off a scan
    (1800元/人.月 -> 1800元/人·月): no decimal point or sentence stops there."""
    return _DOT_IN_RATE.sub("·", value)


def read_indicators(grid: Grid, *, project: bool) -> Reading:
    header = find_indicator_header(grid)
    split, periods = _halves_layout(grid, header) if project else (None, ("midterm", "annual"))
    columns = None if project else value_columns(grid, header)
    swapped = None if project else value_before_name(grid, header)
    plain_names = None if project else unlevelled_name_column(grid, header)
    blocks = stacked_periods(grid, header) if project and split is None and header is not None else None
    start = header + 1 if header is not None else 0
    rows: list[list[_Half]] = []
    for r in range(start, grid.n_rows):
        if blocks is not None and any(b == r + 1 for b, _ in blocks) and is_target_line(grid, r):
            continue  # the next block's 年度目标 line: no indicator
        tokens = _tokens(grid, r)
        if swapped is not None:
            tokens = _name_before_value(tokens, *swapped)
        if plain_names is not None:
            tokens = _names_unlevelled(tokens, plain_names)
        if columns is not None:
            tokens = _by_columns(tokens, columns)
        if header is None and not rows and not any(t.level for t in tokens):
            continue  # above the first label: not yet indicator rows
        if tokens:
            rows.append(_split_halves(tokens, r, split, periods))
            if blocks is not None:
                for half in rows[-1]:
                    half.period = next(p for b, p in reversed(blocks) if b <= r)
    reading = Reading()
    n_halves = max((len(h) for h in rows), default=1)
    shared: dict[int, _Token | None] = {}
    for h in range(n_halves):
        halves = [row[h] for row in rows if len(row) > h]
        reading.anomalies += _read_half(reading, halves, shared, first=h == 0)
    order = {p: i for i, p in enumerate(periods)}
    reading.indicators.sort(key=lambda ind: order.get(ind.period, 0))
    return reading


def _expected_columns(labels: list[_Token]) -> tuple[int | None, int | None]:
    """The 一级 and 二级 label columns: where most labels of the level sit,
    the 一级 column left of the 二级 one."""
    mode2 = _column_mode([t.col for t in labels if t.level == 2])
    ones = [t.col for t in labels if t.level == 1]
    if mode2 is not None:
        ones = [c for c in ones if c < mode2]
    return _column_mode(ones), mode2


def _read_half(
    reading: Reading, halves: list[_Half], shared: dict[int, _Token | None], *, first: bool
) -> int:
    """Read one half (a regional table has one; a project table 中期 and 年度).

    The first half records its 一级 per row in ``shared`` for the later
    half (the halves share the 一级 column). Returns the number of anomalies
    (labels outside their column or row, duplicates, contradictions)."""
    own = [t for half in halves for t in half.labels if t.own]
    col1, col2 = _expected_columns(own)
    misplaced: set[int] = {
        id(t) for t in own if t.col != (col1 if t.level == 1 else col2)
    }
    # labels left on rows of their own after the last indicator
    last = max((i for i, half in enumerate(halves) if half.name is not None), default=-1)
    trailing = [t for half in halves[last + 1 :] for t in half.labels]
    misplaced.update(id(t) for t in trailing if t.own)
    found_at: dict[int, int] = {}
    bad_rows: set[int] = set()
    anomalies = 0
    state = _State()
    for i, half in enumerate(halves):
        labels = list(half.labels)
        if i == last:
            labels += trailing
        if half.name is None and i < last:
            misplaced.update(id(t) for t in labels if t.own)  # a label row of its own
        for t in labels:
            found_at.setdefault(id(t), i)
        if any(id(t) in misplaced for t in labels):
            bad_rows.add(i)
        levels = [t.canonical for t in labels if t.own]
        if len(levels) != len(set(levels)):
            anomalies += 1
        if not first and shared.get(half.row) is not None:
            state.l1 = shared[half.row]  # the halves share the 一级 column
        _apply(state, labels)
        if first:
            shared[half.row] = state.l1
        if half.name is None:
            continue
        l1, l2 = _resolve_levels(state)
        if state.l1 is not None and state.l1.certain and l1 is not None and state.l1.canonical != l1:
            anomalies += 1
        deciding = state.l2 if l2 is not None else state.l1
        weak = deciding is not None and (
            id(deciding) in misplaced
            or any(r in bad_rows for r in range(found_at.get(id(deciding), i), i + 1))
        )
        cells = [half.name.cell] + ([half.value.cell] if half.value is not None else [])
        value = rate_dots(re.sub(r"\s+", "", half.value.text)) if half.value is not None else ""
        reading.indicators.append(
            Indicator(
                level1=l1,
                level2=l2,
                name=half.name.text,
                value=value,
                target=parse_target(value),
                period=half.period,
                level1_as_printed=state.l1.text if state.l1 is not None else None,
                level2_as_printed=state.l2.text if state.l2 is not None else None,
                prov=merged_provenance(cells),
                label_misplaced=weak,
            )
        )
    return anomalies + len(misplaced)


# --- repair across tables -------------------------------------------------------------


def _printed_levels(ind: Indicator) -> tuple[str | None, str | None]:
    """The (一级, 二级) the printed labels alone would give (read as OCR read labels are: ``数量指标-``)."""
    read_as = classify_ocr_label if ind.prov.confidence is not None else classify_label
    m1 = read_as(ind.level1_as_printed) if ind.level1_as_printed else None
    m2 = read_as(ind.level2_as_printed) if ind.level2_as_printed else None
    l1 = m1.canonical if m1 is not None and m1.certain else None
    l2 = m2.canonical if m2 is not None and m2.certain and m2.level == 2 else None
    if l1 is None and l2 is not None:
        l1 = level1_of(l2)  # deriving the 一级 from its 二级 is no repair
    return l1, l2


def _vote(
    readings: Sequence[tuple[Indicator, int]],
) -> tuple[str | None, str | None] | None:
    """The majority (一级, 二级) among one name's readings, None on a tie."""
    full: dict[tuple[str | None, str | None], float] = {}
    clean: dict[tuple[str | None, str | None], int] = {}
    tables: dict[tuple[str | None, str | None], set[int]] = {}
    for ind, ti in readings:
        pair = (ind.level1, ind.level2)
        if pair == (None, None):
            continue
        full[pair] = full.get(pair, 0.0) + (1.0 if ind.level2 is not None else 0.0)
        tables.setdefault(pair, set()).add(ti)
        if not ind.label_misplaced:
            clean[pair] = clean.get(pair, 0) + 1
    # a partial reading (一级 only) supports the full readings it agrees with
    for ind, _ in readings:
        if ind.level2 is None and ind.level1 is not None:
            for pair in full:
                if pair[1] is not None and pair[0] == ind.level1:
                    full[pair] += 0.5
            partial = (ind.level1, None)
            if not any(p[0] == ind.level1 and p[1] is not None for p in full):
                full[partial] = full.get(partial, 0.0) + 1.0
    if not full:
        return None
    ranked = sorted(full, key=lambda p: (full[p], clean.get(p, 0)), reverse=True)
    best = ranked[0]
    if len(ranked) > 1 and (full[ranked[1]], clean.get(ranked[1], 0)) == (
        full[best],
        clean.get(best, 0),
    ):
        return None
    return best


def repair_target_tables(tables: tuple[TargetTable, ...]) -> tuple[TargetTable, ...]:
    """Cross-table consensus on each indicator's (一级, 二级) within one notice."""
    by_name: dict[str, list[tuple[Indicator, int]]] = {}
    for ti, table in enumerate(tables):
        seen: set[str] = set()
        for ind in table.indicators:
            key = _key(ind.name)
            if key in seen:
                continue  # a project table's second half votes once per table
            seen.add(key)
            by_name.setdefault(key, []).append((ind, ti))
    winners: dict[str, tuple[str | None, str | None]] = {}
    for key, readings in by_name.items():
        if len({ti for _, ti in readings}) < 2:
            continue
        best = _vote(readings)
        if best is not None:
            winners[key] = best
    out: list[TargetTable] = []
    for table in tables:
        new: list[Indicator] = []
        repaired = table.layout_repaired
        for ind in table.indicators:
            best = winners.get(_key(ind.name))
            if best is not None and best != (ind.level1, ind.level2):
                ind = replace(ind, level1=best[0], level2=best[1])
            if (ind.level1, ind.level2) != _printed_levels(ind):
                repaired = True
            new.append(ind)
        out.append(replace(table, indicators=tuple(new), layout_repaired=repaired))
    return tuple(out)
