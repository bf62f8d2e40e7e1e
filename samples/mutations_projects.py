"""Project-table mutations of samples.mutate: 分配表 whose rows are projects, printed as real ones are.

Real project tables (项目明细表, 项目实施情况表, 项目资金分配表) carry more than a name and an amount:
a project code (项目编号 ycssmz202601, 项目代码 5301232024000015) before or after the name, the
place each project is built (实施地点 | 建设地点: a town or a village) after it, long wrapped text
(建设内容, 实施进度), the 合计 row merged over 序号 and the name, or no 合计 at all, and the table
printed inside the body of a 公示 instead of as an attachment. Each mutation keeps the truth by the
corpus convention (samples/README.md): the project names the row; every text column after it,
a place included, is a note of the row (``null`` on the 合计 row); a code column is a note too.
"""

from __future__ import annotations

import random
import re
from typing import Any

from samples.mutation_grid import (
    Spec,
    alloc_attachments,
    col_spans_ok,
    header_rows,
    header_text,
    hierarchical,
    insert_col,
    mutation,
    pick,
    plain_total_rows,
)

# a project column's header (the region column of a project table)
_PROJECT_HEAD = re.compile(r"^(项目|项目名称|建设项目|项目内容)$")
CODE_HEADERS = ["项目编号", "项目代码", "项目库编号", "项目编码"]
PLACE_HEADERS = ["实施地点", "建设地点", "项目地点", "项目实施地点"]
TEXT_HEADERS = ["建设内容", "实施进度", "主要建设内容", "建设内容及规模"]
TOWNS = ["城关镇", "新华乡", "东风镇", "石桥镇", "白沙乡", "青山街道", "龙泉镇", "和平乡", "河西镇", "高坪乡"]
VILLAGES = ["1村", "3村", "东村", "新民村", "红星村", "中心社区"]
WORKS = ["新建", "改扩建", "维修改造", "硬化", "配套建设"]
THINGS = ["产业路1.2公里，宽3.5米", "钢架大棚20座及配套喷滴灌设施", "村级综合服务用房300平方米",
          "防渗渠4公里及配套闸阀", "冷藏库2000立方米及附属设施", "农村公厕6座及污水收集管网"]
PROGRESS = ["已完成招标，正在进行基础施工，已完成工程量的40%", "主体工程已完工，正在进行附属设施建设",
            "已完成项目前期手续，计划下月开工", "中标单位已进场施工，完成工程量的60%"]
_ALIGN_LEFT = {"align": "left"}


def _head(att: dict[str, Any], i: int) -> str:
    return header_text(att, i).replace(" ", "").replace("　", "")


def _region_index(att: dict[str, Any]) -> int | None:
    return next((i for i, c in enumerate(att["columns"]) if c["role"] == "region"), None)


def _project_tables(spec: Spec) -> list[dict[str, Any]]:
    """Flat allocation tables (one header row, no column groups, no merged cells down a column)
    whose rows are projects: the region column is headed 项目名称 (or 项目, 建设项目) and names
    a different project on each of at least two rows."""
    out = []
    for att in alloc_attachments(spec):
        ri = _region_index(att)
        if ri is None or header_rows(att) != 1 or att.get("vmerge") or not col_spans_ok(att, ri):
            continue
        if not _PROJECT_HEAD.match(_head(att, ri)):
            continue
        names = [str(r["cells"][ri]).strip() for r in att["rows"] if not r.get("total")]
        if len(names) >= 2 and len(set(names)) == len(names) and all(names):
            out.append(att)
    return out


def _insert_text(att: dict[str, Any], at: int, name: str, cells: list[str], w: float, left: bool) -> None:
    """A text column ``name`` inserted at ``at``; a total row's label merged over the insertion
    point (合计 over 序号 + 项目名称) stays merged over the new cell too."""
    spans = {k: r["span"] for k, r in enumerate(att["rows"]) if r.get("span") and r["span"][0] < at <= r["span"][1]}
    col: dict[str, Any] = {"role": "note", "name": name, "w": w, **(_ALIGN_LEFT if left else {})}
    insert_col(att, at, col, [name], cells)
    for k, (a, b) in spans.items():
        att["rows"][k]["span"] = [a, b + 1]


def _blank_on_totals(att: dict[str, Any], values: list[str]) -> list[str]:
    it = iter(values)
    return ["" if r.get("total") else next(it) for r in att["rows"]]


def _members(att: dict[str, Any]) -> int:
    return sum(1 for r in att["rows"] if not r.get("total"))


def _code(rng: random.Random, form: int, k: int, year: int) -> str:
    if form == 0:
        return f"xm{year}{k:02d}"  # letters and digits (ycssmz202601)
    if form == 1:
        return f"{year}-{k:03d}"
    return f"5301{rng.randrange(10, 99)}{year}{rng.randrange(10**5, 10**6):06d}{k}"  # a long number


@mutation("project_code_column")
def project_code_column(spec: Spec, rng: random.Random) -> Spec | None:
    """A project code column (项目编号 xm202601, 2024-001 or a long number) printed before the
    project name (after 序号) or after it: a note of the row, never a name or an amount."""
    done = False
    for att in _project_tables(spec):
        if any(_head(att, i) in CODE_HEADERS for i in range(len(att["columns"]))):
            continue
        ri = _region_index(att)
        assert ri is not None
        head, form, year = pick(rng, CODE_HEADERS), rng.randrange(3), 2020 + rng.randrange(6)
        codes = [_code(rng, form, k + 1, year) for k in range(_members(att))]
        at = ri if rng.random() < 0.5 else ri + 1
        _insert_text(att, at, head, _blank_on_totals(att, codes), 1.4 if form == 2 else 1.1, False)
        done = True
    return spec if done else None


@mutation("project_place_column")
def project_place_column(spec: Spec, rng: random.Random) -> Spec | None:
    """A column of places (实施地点 | 建设地点: a town, or a town's village) printed after the
    project name: where each project is built, a note of the row; the project names it."""
    done = False
    for att in _project_tables(spec):
        ri = _region_index(att)
        assert ri is not None
        if any(_head(att, i) in PLACE_HEADERS for i in range(len(att["columns"]))):
            continue
        villages = rng.random() < 0.4
        places = [pick(rng, TOWNS) + (pick(rng, VILLAGES) if villages else "") for _ in range(_members(att))]
        _insert_text(att, ri + 1, pick(rng, PLACE_HEADERS), _blank_on_totals(att, places), 1.0, False)
        done = True
    return spec if done else None


@mutation("project_long_text")
def project_long_text(spec: Spec, rng: random.Random) -> Spec | None:
    """A column of long text wrapped over several lines in its cell (建设内容, 实施进度), printed
    after the project name or after the amounts: a note of the row."""
    done = False
    for att in _project_tables(spec):
        ri = _region_index(att)
        assert ri is not None
        head = pick(rng, TEXT_HEADERS)
        if any(_head(att, i) == head for i in range(len(att["columns"]))):
            continue
        if head == "实施进度":
            texts = [pick(rng, PROGRESS) for _ in range(_members(att))]
        else:
            texts = [pick(rng, WORKS) + pick(rng, THINGS) for _ in range(_members(att))]
        at = ri + 1 if rng.random() < 0.5 else len(att["columns"])
        _insert_text(att, at, head, _blank_on_totals(att, texts), 1.6, True)
        done = True
    return spec if done else None


@mutation("total_over_seq_and_name")
def total_over_seq_and_name(spec: Spec, rng: random.Random) -> Spec | None:
    """The 合计 row's label merged over the 序号 column and the name column beside it."""
    done = False
    for att in alloc_attachments(spec):
        cols = att["columns"]
        if len(cols) < 2 or cols[0]["role"] != "seq" or cols[1]["role"] != "region" or att.get("vmerge"):
            continue
        for k in plain_total_rows(att):
            row = att["rows"][k]
            if row.get("span") or str(row["cells"][0]).strip() or not str(row["cells"][1]).strip():
                continue
            row["span"] = [0, 1]
            done = True
    return spec if done else None


@mutation("no_total_row")
def no_total_row(spec: Spec, rng: random.Random) -> Spec | None:
    """The table printed without its 合计 row (a progress 公示 lists its projects only)."""
    if any(str(f.get("code", "")).startswith(("ALLOCATION", "BODY_AMOUNT")) for f in spec.get("flags") or []):
        return None  # a flag planted on the totals
    done = False
    for att in alloc_attachments(spec):
        totals = plain_total_rows(att)
        if hierarchical(att) or len(totals) != 1 or _members(att) < 2:
            continue
        att["rows"].pop(totals[0])
        done = True
    return spec if done else None


@mutation("project_table_in_body")
def project_table_in_body(spec: Spec, rng: random.Random) -> Spec | None:
    """A notice whose one attachment is a project table printed inside the body instead (a 公示
    listing its projects after a paragraph), with no 附件 heading, number or list."""
    atts = spec.get("attachments") or []
    if len(atts) != 1 or not _project_tables(spec) or len(spec.get("body") or []) < 2:
        return None
    if any(str(f.get("code", "")).startswith("ATTACHMENT") for f in spec.get("flags") or []):
        return None
    att = atts[0]
    att["inline_after"] = rng.randrange(len(spec["body"]) - 1)  # never after the closing paragraph
    att["number"] = None
    att.pop("heading", None)
    att.pop("heading_inline", None)
    spec.pop("attachment_note", None)
    return spec
