"""What every mutation of samples.mutate shares: the registry, the header vocabulary, and
helpers that read and edit an attachment's printed grid (its header rows, columns, spans and
amount cells) while keeping the truth the exporter reads consistent.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

Spec = dict[str, Any]
MutFn = Callable[[Spec, random.Random], "Spec | None"]

REGION_HEADERS = ["地区", "单位", "市县", "县（市、区）", "项目单位"]
REGION_LIKE = {*REGION_HEADERS, "县区", "区县", "地区名称", "单位名称", "市（县、区）", "县（市）",
               "县市区", "市县区", "市、县（区）", "县（区）", "区域", "乡镇", "乡镇（街道）", "镇（街道）",
               "市州", "县（市、区）名称", "地 区", "单 位"}
AMOUNT_HEADERS = ["金额", "补助资金", "下达资金", "分配金额", "本次下达", "补助金额"]
UNIT_SUFFIX = re.compile(r"[（(](?:单位[：:])?(万元|元)[）)]$")


@dataclass(frozen=True)
class Mutation:
    name: str
    fn: MutFn
    doc: str


MUTATIONS: list[Mutation] = []


def mutation(name: str) -> Callable[[MutFn], MutFn]:
    def deco(fn: MutFn) -> MutFn:
        MUTATIONS.append(Mutation(name, fn, (fn.__doc__ or "").strip().splitlines()[0]))
        return fn
    return deco


# ---------------------------------------------------------------- helpers

def alloc_attachments(spec: Spec, groups: bool = False) -> list[dict[str, Any]]:
    """Allocation tables (not money-and-targets); side-by-side column groups only if ``groups``
    (their ``header``/``columns`` describe one group, so cell-wise edits apply to every group)."""
    return [a for a in spec.get("attachments") or []
            if a.get("kind") == "allocation" and (groups or not a.get("groups"))]


def pick(rng: random.Random, xs: list[Any]) -> Any:
    return xs[rng.randrange(len(xs))] if xs else None


def header_rows(att: dict[str, Any]) -> int:
    return len(att["header"])


def col_spans_ok(att: dict[str, Any], i: int) -> bool:
    """Column ``i``'s header is one cell (single header row, or one vertical span)."""
    spans = att.get("spans") or []
    if any(c0 <= i <= c1 and c0 != c1 for c0, _, c1, _ in spans):
        return False
    return header_rows(att) == 1 or [i, 0, i, header_rows(att) - 1] in [list(s) for s in spans]


def header_text(att: dict[str, Any], i: int) -> str:
    return str(att["header"][0][i])


def remove_col(att: dict[str, Any], i: int) -> tuple[dict[str, Any], list[str], list[str]] | None:
    """Remove column ``i``: (its column dict, its header cells, its row cells), or None."""
    if not col_spans_ok(att, i):
        return None
    col = att["columns"].pop(i)
    head = [row.pop(i) for row in att["header"]]
    spans = []
    for s in att.get("spans") or []:
        c0, r0, c1, r1 = s
        if c0 == c1 == i:
            continue
        spans.append([c0 - (c0 > i), r0, c1 - (c1 > i), r1])
    if "spans" in att:
        att["spans"] = spans
    cells = []
    for row in att["rows"]:
        sp = row.get("span")
        cell = row["cells"][i]
        if sp and sp[0] <= i <= sp[1]:
            a, b = sp
            if cell and i < b and not row["cells"][i + 1]:
                row["cells"][i + 1] = cell  # the merged label moves to the cell that stays
            b -= 1
            if a > i:
                a -= 1
            if a >= b:
                row.pop("span")
            else:
                row["span"] = [a, b]
        elif sp and sp[0] > i:
            row["span"] = [sp[0] - 1, sp[1] - 1]
        cells.append(row["cells"].pop(i))
    if att.get("vmerge"):
        att["vmerge"] = [c - (c > i) for c in att["vmerge"] if c != i]
    return col, head, cells


def insert_col(att: dict[str, Any], i: int, col: dict[str, Any], head: list[str], cells: list[str]) -> None:
    nh = header_rows(att)
    att["columns"].insert(i, col)
    for row, h in zip(att["header"], head, strict=True):
        row.insert(i, h)
    spans = [[c0 + (c0 >= i), r0, c1 + (c1 >= i), r1] for c0, r0, c1, r1 in att.get("spans") or []]
    if nh > 1:
        spans.append([i, 0, i, nh - 1])
    if spans or "spans" in att:
        att["spans"] = spans
    for row, cell in zip(att["rows"], cells, strict=True):
        row["cells"].insert(i, cell)
        sp = row.get("span")
        if sp and sp[0] >= i:
            row["span"] = [sp[0] + 1, sp[1] + 1]
    if att.get("vmerge"):
        att["vmerge"] = [c + (c >= i) for c in att["vmerge"]]


PAGE_W = {False: 441.0, True: 688.0}  # points: text width of a portrait / landscape page


def header_cells(att: dict[str, Any]) -> Iterator[tuple[int, str]]:
    """Each header cell that stands in one column (not a span over several), as (column, text
    without spaces)."""
    spanned = {(c0, r0) for c0, r0, c1, _ in att.get("spans") or [] if c1 > c0}
    for r, row in enumerate(att["header"]):
        for i, text in enumerate(row):
            if (i, r) not in spanned and i < len(att["columns"]):
                yield i, str(text).replace(" ", "").replace("　", "")


def hanging_cells(att: dict[str, Any]) -> int:
    """Header cells whose closing bracket hangs past the cell's border: a line that is one
    closing mark too long is not wrapped (kinsoku), and its ） runs into the next cell."""
    cols = att["columns"]
    total = sum(float(c.get("w", 1)) for c in cols) * max(1, int(att.get("groups") or 1))
    width = PAGE_W[bool(att.get("landscape"))]
    size = float(att.get("font_size", 11))
    n = 0
    for i, t in header_cells(att):
        if not t.endswith(("）", ")")):
            continue
        avail = width * float(cols[i].get("w", 1)) / total - 6.0
        n += (len(t) - 1) * size <= avail + 0.5 < len(t) * size + 0.5
    return n


def cell_amount(cell: str) -> Decimal | None:
    s = str(cell).replace(",", "").strip()
    try:
        return Decimal(s) if s else None
    except ArithmeticError:
        return None


def fmt_thousands(d: Decimal, places: int) -> str:
    return f"{d:,.{places}f}"


def prints_wan_once(att: dict[str, Any]) -> bool:
    """A 万元 table saying so only in its ``单位：万元`` line (not in its title or header): it can be
    printed in 元 by changing that line and its figures."""
    if att.get("unit") != "万元" or att.get("unit_line") != "单位：万元":
        return False
    return "万元" not in (att.get("title_printed") or "") and not any(
        "万元" in str(h) for r in att["header"] for h in r
    )


def wan_in_yuan(d: Decimal, *, sep: bool, cents: bool = False) -> str:
    """A 万元 amount printed in 元: ×10000, with 角分 (``cents``) or the decimals it needs, with or
    without thousands separators."""
    d *= 10000
    exp = d.normalize().as_tuple().exponent
    places = 2 if cents else max(0, -exp if isinstance(exp, int) else 0)
    return fmt_thousands(d, places) if sep else f"{d:.{places}f}"


def plain_total_rows(att: dict[str, Any]) -> list[int]:
    return [k for k, r in enumerate(att["rows"]) if r.get("total")]


def hierarchical(att: dict[str, Any]) -> bool:
    """Rows with 小计/其中/indent/vmerge structure: moving rows would change their meaning."""
    if att.get("vmerge") or any(r.get("indent") for r in att["rows"]):
        return True
    labels = "".join(str(c) for r in att["rows"] for c in r["cells"])
    return "小计" in labels or "其中" in labels or len(plain_total_rows(att)) != 1
