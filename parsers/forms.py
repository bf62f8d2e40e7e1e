"""Which kind of table an attachment holds, and blank forms (跟踪反馈表).

``classify_table`` decides by header vocabulary and body content, never by
sample strings:

- ``targets``: 绩效目标表 in the title, or 一级指标/三级指标/指标值 headers;
- ``allocation``: amount columns and body rows that pair a recipient name
  with at least one number;
- ``form``: a header over body rows that are empty or hold only 序号
  numbers, 合计 or ellipses (a blank form for the recipient to fill);
- ``other``: anything else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from parsers.allocation_header import analyse_columns
from parsers.normalize.rules import column_role, is_total_label
from parsers.tablegrid import (
    Grid,
    build_grid,
    compact,
    is_number_text,
    is_serial_text,
    title_from_context,
)
from parsers.target_blocks import find_indicator_header
from pipeline.core.model import FormAttachment, Table

TableClass = Literal["allocation", "targets", "form", "other"]

_TARGET_HEADERS = frozenset({"一级指标", "二级指标", "三级指标", "指标值"})
_ELLIPSIS_RE = re.compile(r"^[.。…⋯·、\-—]+$")


def classify_table(table: Table, context: Sequence[str] = ()) -> TableClass:
    grid = build_grid(table)
    cells = [compact(t) for t in grid.all_texts()]
    ctx = [compact(line) for line in context]
    if any("绩效目标" in t for t in (*ctx, *cells[:6])):
        return "targets"
    if sum(1 for t in cells if t in _TARGET_HEADERS) >= 2 or find_indicator_header(grid) is not None:
        return "targets"  # the form's words, or an indicator block's header in other words (指标名称 | 目标值)
    header, roles = analyse_columns(grid)
    body = range(header, grid.n_rows)
    if header >= grid.n_rows:
        # a header with nothing under it
        return "form" if _looks_like_header(grid.row_texts(0)) or _labels_only(grid, 1) else "other"
    amount_cols = [c for c, role in roles.items() if role == "amount"]
    name_cols = [c for c, role in roles.items() if role == "name"]
    has_content = False
    for r in body:
        texts = grid.row_texts(r)
        content = [
            t
            for t in texts
            if t and not is_serial_text(t) and not is_total_label(t) and not _ELLIPSIS_RE.match(t)
        ]
        if content:
            has_content = True
        numbers = [c for c in amount_cols if is_number_text(grid.own_text(r, c))]
        names = [c for c in name_cols if grid.text(r, c) and not is_number_text(grid.text(r, c))]
        if numbers and names:
            return "allocation"
    if not has_content and (_looks_like_header(grid.row_texts(0)) or _labelled_blank(grid, header)):
        return "form"
    if _labels_only(grid, header):
        return "form"
    return "other"


def _labels_only(grid: Grid, first_body: int) -> bool:
    """A list to fill in: a header of three columns or more over rows that
    print only their label in the first column (乡镇、村 | 任务内容 | 完成时限),
    no number anywhere."""
    heads = [t for r in range(first_body) for t in grid.row_texts(r) if t]
    rows = [grid.row_texts(r) for r in range(first_body, grid.n_rows)]
    rows = [t for t in rows if any(t)]
    return (
        grid.n_cols >= 3
        and len(heads) >= 3
        and len(rows) >= 2
        and all(t[0] and not is_number_text(t[0]) and not any(t[1:]) for t in rows)
    )


def _labelled_blank(grid: Grid, first_body: int) -> bool:
    """A form whatever its column words (序号 | 项目名称 | 公示时间 | 公示地点 …): three labelled
    columns or more over two body rows or more that hold nothing but their 序号 (the caller has
    checked that no body cell holds anything else)."""
    heads = {t for r in range(first_body) for t in grid.row_texts(r) if t}
    return len(heads) >= 3 and grid.n_rows - first_body >= 2


def _looks_like_header(texts: Sequence[str]) -> bool:
    """Column headers of a money table: 序号, 地区, 金额 … (two at least)."""
    roles = [column_role(t) for t in texts if t]
    return sum(1 for r in roles if r is not None and r != "text") >= 2


def parse_form(
    table: Table, context: Sequence[str] = (), attachment: int | None = None
) -> FormAttachment:
    """A blank form: its title and page, no rows invented."""
    title = title_from_context(context)
    if title is None:
        grid = build_grid(table)
        title = next((t for t in grid.all_texts() if t.endswith("表")), "")
    return FormAttachment(attachment=attachment, title=title, page=table.page)
