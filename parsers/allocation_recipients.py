"""Who receives a 分配表 row's money: the name column among a table's text columns.

A column saying who is paid (拨付对象, 收款单位) wherever it stands; a column whose header names
recipients (地区, 单位, 学校), the finest of several region columns
(乡镇 | 村: the village), or for project rows (a different project on every row) the coarsest
region printed before the project, else a unit printed before the projects (实施单位 merged over
them, grouping them with 小计 rows, or a different unit on each), else the project itself. A
category column (类别) never names the rows, an attribute column (实施单位 after the project)
only when nothing else can, nor does a column of numbers under a text header (拆除重建（户）).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from parsers.normalize.rules import column_role, is_total_label
from parsers.table_vocab import (
    figure_in_unit,
    is_attribute_header,
    is_category_header,
    is_code_header,
    is_name_header,
    is_project_header,
    is_recipient_header,
)
from parsers.tablegrid import Grid, is_blank_text, is_number_text
from pipeline.core.textnorm import clean_text

if TYPE_CHECKING:
    from parsers.allocation_header import Column, Header

TEXT_HEADER_FALLBACK = re.compile(r"(备注|说明|项目名称|任务|内容|用途|依据|文号)")


def header_text(col: Column) -> str:
    return "".join(clean_text(c.text).strip() for c in col.path)


def name_column(grid: Grid, header: Header, text_cols: list[Column]) -> Column | None:
    """The text column naming each row's recipient, if any (a merged cell over several columns
    counts once)."""
    # a category column (类别 merged over its projects) never names the recipient;
    # an attribute column (实施单位 of a project) only when nothing else can
    # a quantity column (拆除重建（户）: numbers under a text header) never names a row either,
    # nor a code column (项目编码 510521-24-JY-001, printed before the project or after it)
    # nor a column measuring a quantity in figures (补助比例 40%, 1:1: a rate of its row)
    candidates = [c for c in text_cols
                  if not is_category_header(header_text(c)) and not numeric_body(grid, header, c)
                  and not is_code_header(header_text(c)) and not _measures_figures(grid, header, c)]
    if (unit := _unit_before_places(grid, header, candidates)) is not None:
        return unit
    candidates = [c for c in candidates if not is_attribute_header(header_text(c))] or candidates
    # a column saying who is paid (拨付对象) names the rows, after the project too
    payees = [c for c in candidates if is_recipient_header(header_text(c))]
    if len(payees) == 1:
        return payees[0]
    # of several region columns (乡镇 | 村, 县 | 单位名称) the finest, printed
    # rightmost, names the recipient; the others are notes
    regions = [c for c in candidates if column_role(header_text(c)) == "region"]
    fine_regions = [c for c in regions if not _groups_rows(grid, header, c)] or regions
    projects = _project_column(grid, header, candidates)
    if projects is not None:
        # project rows (a different project on every row): the money goes to the coarsest region
        # printed left of the project on each row (乡镇 | 村 | 项目名称: the township; the village
        # says where the project is built; a township printed over several villages groups them,
        # and the villages stay the rows), else to a recipient column printed before it (农场 | 项目名称)
        before = [c for c in candidates if c.index < projects.index]
        recipient = next((c for c in before if c in fine_regions), None) or next(
            (c for c in before if not regions and _recipient_like(c)), None
        ) or _grouping_unit(grid, header, text_cols, projects, bool(before))
        if recipient is not None:
            fine_regions = [recipient]
        elif _body_labels(grid, header, projects):
            # nothing before the projects receives their money: each project names its row, and
            # the columns after it describe it (its code 项目编号, where it is built 实施地点: 对竹镇,
            # its progress 实施进度), on a table of one project as on one of many
            return projects
    name_col = (fine_regions[-1] if fine_regions else None) or _finest(
        grid,
        header,
        [c for c in candidates if is_name_header(header_text(c))
         and not TEXT_HEADER_FALLBACK.search(header_text(c))],
    ) or next(
        # a column whose values are places (建设地点: 关堤乡) names the recipient of project rows
        (c for c in candidates if not is_project_header(header_text(c)) and _values_are_places(grid, header, c)),
        None,
    ) or next(
        # project rows: the project names the row before any other text column
        # (建设规模, 建设内容 describe it)
        (c for c in candidates if is_project_header(header_text(c))),
        None,
    ) or next(
        (c for c in candidates if not TEXT_HEADER_FALLBACK.search(header_text(c))),
        None,
    )
    return name_col


def _unit_before_places(grid: Grid, header: Header, candidates: list[Column]) -> Column | None:
    """A unit column (实施主体, 项目单位) naming a different unit on every row, printed before every
    column of places and with no project column in the table: the units are the rows (a farm, a
    cooperative paid for its own project) and the place after each (所在镇（街）: 晶桥镇) says where it
    is, a note; a region column printed first (区 | 项目实施主体) still names the rows."""
    if any(is_project_header(header_text(c)) for c in candidates):
        return None
    units = [c for c in candidates if is_attribute_header(header_text(c)) and _distinct_labels(grid, header, c)]
    if not units:
        return None
    places = [c for c in candidates if c not in units and (
        column_role(header_text(c)) == "region" or _values_are_places(grid, header, c))]
    return units[0] if places and units[0].index < min(c.index for c in places) else None


def _measures_figures(grid: Grid, header: Header, col: Column) -> bool:
    """A quantity column (its header a rate, a share, a count) whose labels all hold figures (40%,
    1:1, 30元/亩), or any column whose labels are all a figure in a unit of measure (建设规模:
    25万平方米, 15公里): a measure of its row, never its name."""
    labels = _body_labels(grid, header, col)
    if not labels:
        return False
    if col.measure == "quantity":
        return all(_FIGURE_RE.search(t) for t in labels)
    return all(_measured_re().fullmatch(t) for t in labels)


_FIGURE_RE = re.compile(r"[0-9０-９]")


@cache
def _measured_re() -> re.Pattern[str]:
    """A figure and its unit of measure, maybe in 万 (25万平方米, 15公里, 3.5万亩, 120户)."""
    return re.compile(figure_in_unit())


def body_texts(grid: Grid, header: Header, col: Column) -> list[str]:
    """The column's own text in each body row, top to bottom."""
    return [grid.own_text(r, col.index) for r in range(header.first_body_row, grid.n_rows)]


def _body_labels(grid: Grid, header: Header, col: Column) -> list[str]:
    """The column's printed labels in the body, totals and blanks aside."""
    return [t for t in (clean_text(x).strip() for x in body_texts(grid, header, col)) if t and not is_total_label(t)]


def _project_column(grid: Grid, header: Header, cols: list[Column]) -> Column | None:
    """The column naming a different project on every row (项目名称), when the rows are
    projects; a project column that repeats one project (项目: 村综合服务场所建设 on every
    village) makes no project rows."""
    for col in cols:
        if is_project_header(header_text(col)):
            labels = _body_labels(grid, header, col)
            return col if labels and len(set(labels)) == len(labels) else None
    return None


def _grouping_unit(
    grid: Grid, header: Header, text_cols: list[Column], projects: Column, other_before: bool
) -> Column | None:
    """A unit column (项目单位, 实施单位) printed before the projects and merged over several of
    them (or printed again on each of them, a 小计 in the project column closing its run), or
    naming more than one unit (each project's own, a unit carrying out two of them), when no other
    column before the projects names a recipient: the unit receives its projects' money (the rows are grouped by it, their 小计 is
    its total); after the projects, or one unit repeated over them all, it only says who carries
    each one out."""
    if other_before:
        return None
    return next(
        (
            c for c in text_cols
            if c.index < projects.index
            and is_attribute_header(header_text(c))
            and not is_project_header(header_text(c))
            and (
                _merged_over_rows(grid, header, c)
                or (_groups_rows(grid, header, c) and _subtotals_in(grid, header, projects))
                or _several_labels(grid, header, c)
            )
        ),
        None,
    )


def _distinct_labels(grid: Grid, header: Header, col: Column) -> bool:
    """Two labels or more in the column, no two alike (totals aside)."""
    labels = _body_labels(grid, header, col)
    return len(labels) >= 2 and len(set(labels)) == len(labels)


def _several_labels(grid: Grid, header: Header, col: Column) -> bool:
    """Two different labels or more in the column (totals aside): each project's own unit, some
    carrying out several projects (not one unit printed again over them all)."""
    return len(set(_body_labels(grid, header, col))) >= 2


def _merged_over_rows(grid: Grid, header: Header, col: Column) -> bool:
    """A body cell of the column merged over several rows."""
    return any(
        cell is not None and cell.row == r and cell.col == col.index and cell.rowspan > 1
        for r in range(header.first_body_row, grid.n_rows)
        for cell in (grid.at(r, col.index),)
    )


def _subtotals_in(grid: Grid, header: Header, col: Column) -> bool:
    """A 小计 printed in the column (a group's total among its projects), the grand total aside."""
    texts = (clean_text(t).strip() for t in body_texts(grid, header, col))
    return any(is_total_label(t) and "小计" in t for t in texts)


def _recipient_like(col: Column) -> bool:
    """A column that may name who receives a project's money: no description, no
    explanation (备注, 建设内容), no project."""
    head = header_text(col)
    return bool(head) and not is_project_header(head) and not TEXT_HEADER_FALLBACK.search(head)


def numeric_body(grid: Grid, header: Header, col: Column) -> bool:
    """Every filled body cell of the column is a number (a count, not a name)."""
    filled = [t for t in body_texts(grid, header, col) if not is_blank_text(t) and not is_total_label(t)]
    return bool(filled) and all(is_number_text(t) for t in filled)


# A place printed as a row's label: a township, street, village or county name.
_PLACE_RE = re.compile(r"^[\u4e00-\u9fff]{1,10}(乡|镇|街道|街道办事处|村|社区|苏木|嘎查|县|区|市|旗)$")
_NOT_PLACE_RE = re.compile(r"(项目|工程|建设|改造|维修|购置|设备|中心|学校|医院|公司|局|委)")


def _values_are_places(grid: Grid, header: Header, col: Column) -> bool:
    """Every label of the column (totals aside) names a place (关堤乡, 东村, 甲街道)."""
    labels = _body_labels(grid, header, col)
    return bool(labels) and all(_PLACE_RE.match(t) and not _NOT_PLACE_RE.search(t) for t in labels)


def _groups_rows(grid: Grid, header: Header, col: Column) -> bool:
    """A column that groups the rows (辖市（区） over its towns): a cell merged over
    several body rows, or one value printed again on the next row."""
    prev = ""
    for r in range(header.first_body_row, grid.n_rows):
        cell = grid.at(r, col.index)
        if cell is not None and cell.row == r and cell.rowspan > 1:
            return True
        text = grid.own_text(r, col.index)
        if text and not is_total_label(text) and text == prev:
            return True
        prev = text
    return False


def _finest(grid: Grid, header: Header, cols: list[Column]) -> Column | None:
    """Of several recipient-like columns the finest names the row: one
    that does not group the rows (the first such); the first when all group them."""
    if len(cols) < 2:
        return cols[0] if cols else None
    fine = [c for c in cols if not _groups_rows(grid, header, c)]
    return fine[0] if fine else cols[0]
