"""Where a 绩效目标表's indicator blocks start: the header row of 三级指标 / 指标值, and the blocks of a
project table whose 中期 and 年度 halves are stacked one under the other (each block under its own
header row, labelled 中期/年度 on that row or on the 中期目标/年度目标 line just above it).
"""

from __future__ import annotations

import re

from parsers.tablegrid import Grid, compact, text_of
from parsers.target_columns import header_cells, is_value_header, name_spans
from pipeline.core.model import Period

__all__ = ["find_indicator_header", "is_target_line", "period_line_split", "stacked_periods"]


def _is_indicator_header(grid: Grid, r: int) -> bool:
    words = [compact(grid.own_text(r, c)) for c in range(grid.n_cols)]
    if "三级指标" in words or ("一级指标" in words and "指标值" in words):
        return True
    # a header of indicator names and one of their values: a block without level columns
    # (指标名称 | 目标值, 绩效指标 | 指标值) starts at such a row too
    return any(is_value_header(w) for w in words) and bool(name_spans(header_cells(grid, r)))


def find_indicator_header(grid: Grid) -> int | None:
    """The row holding 三级指标 (or 一级指标 with 指标值)."""
    return next((r for r in range(grid.n_rows) if _is_indicator_header(grid, r)), None)


def stacked_periods(grid: Grid, header: int) -> list[tuple[int, Period]] | None:
    """A project table whose 中期 and 年度 indicator blocks are stacked (each under its own
    header row) rather than side by side: (header row, period) per block, the period from a
    中期/年度 label on the block's header row (中期绩效指标 merged down its block) or on the
    row just above it (the block's 中期目标/年度目标 line). None for one block, or when a block
    has no such label (a header repeated on a continuation page is no second period)."""
    heads = [r for r in range(header, grid.n_rows) if _is_indicator_header(grid, r)]
    if len(heads) < 2:
        return None
    out: list[tuple[int, Period]] = []
    for r in heads:
        period = _period_label(grid, r)
        if period is None:
            return None
        out.append((r, period))
    return out if len({p for _, p in out}) == len(out) else None


def is_target_line(grid: Grid, r: int) -> bool:
    """A 中期目标 / 年度目标 line (its objective text beside the label)."""
    cells = grid.starting_cells(r) if r >= 0 else ()
    return bool(cells) and re.match(r"^(中期|年度)(绩效)?目标", compact(text_of(cells[0]))) is not None


def _period_label(grid: Grid, r: int) -> Period | None:
    texts = [compact(text_of(c)) for c in grid.row_cells(r)]
    if is_target_line(grid, r - 1):
        texts.append(compact(text_of(grid.starting_cells(r - 1)[0])))
    if any("中期" in t for t in texts):
        return "midterm"
    if any("年度" in t for t in texts):
        return "annual"
    return None


_PERIOD_HEAD = re.compile(r"^(中期|年度)(绩效)?目标")


def period_line_split(grid: Grid, header: int) -> tuple[int, tuple[Period, Period]] | None:
    """A project table printing its 中期 and 年度 halves side by side: the column where the
    second half starts and the halves' periods in order, read from the line above the indicator
    header that heads each half (``中期目标（2024年—2025年）`` | ``年度目标（2024年）``). None
    without such a line (one label per half, the two periods, left to right)."""
    for r in range(header - 1, -1, -1):
        heads = [
            (c.col, m.group(1))
            for c in grid.starting_cells(r)
            if (m := _PERIOD_HEAD.match(compact(text_of(c)))) is not None
        ]
        if len(heads) == 2 and heads[0][1] != heads[1][1] and heads[1][0] > heads[0][0]:
            first: Period = "midterm" if heads[0][1] == "中期" else "annual"
            second: Period = "annual" if first == "midterm" else "midterm"
            return heads[1][0], (first, second)
    return None
