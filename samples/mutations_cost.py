"""Cost and payment mutations of samples.mutate: 分配表 whose rows name no region, and money columns
that pass an amount down after a cut or a prior payment (session 10, the allocation misses of
session 9's blind split: aa06, aa11, aa16).

- ``cost_items_rate``: a calculation table of COST ITEMS (投资内容 | 计划投资 | … | 补助比例 | 补助资金):
  the items name the rows; the rate column (``40%``, or ``40`` under ``补助比例（%）``) is a note.
- ``approved_cut_paid``: one amount column becomes 核定 | 扣减 | 本次下达 (下达 = 核定 - 扣减, the cut
  empty where nothing is cut); ``due_paid_now``: 应拨 | 已拨 | 本次拨付 (本次 = 应拨 - 已拨).
- ``unit_beside_project``: a unit column (实施单位, 项目单位 …) beside the project: after it a note;
  before it, a different unit on each row, the unit names the row and the project is a note.
- ``unit_rows_with_town``: rows of units (合作社, 家庭农场 …) with the town each sits in after them
  (所在镇（街）, 乡镇（街道）): the unit names the row, the town is a note (null where none).
- ``short_autonomous_county``: the member rows become the counties of another province's
  prefecture, one autonomous county printed short (阜蒙县, 杜蒙县, 喀左县, 东乌旗 …; REGION_ALIAS).

Each keeps the truth by the corpus conventions (samples/README.md). None applies to a sealed split.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from samples.mutation_grid import (
    PAGE_W,
    UNIT_SUFFIX,
    Spec,
    alloc_attachments,
    col_spans_ok,
    header_cells,
    header_rows,
    header_text,
    hierarchical,
    insert_col,
    mutation,
    pick,
    plain_total_rows,
)
from samples.mutations_projects import TOWNS, _project_tables, _region_index

COST_HEADERS = ["投资内容", "支出内容", "费用项目", "支出项目", "成本项目"]
COST_ITEMS = ["设备购置及安装", "厂房改造", "土建工程", "配套设施建设", "设计费", "监理费", "材料购置",
              "苗木购置", "技术培训费", "其他费用（设计、监理等）", "检验检测设备", "信息化系统建设"]
RATE_HEADERS = ["补助比例", "补助比例（%）", "比例", "补助比例(%)"]
CUT_HEADERS = [("核定补助资金", "扣减资金", "本次下达资金"), ("核定金额", "扣减金额", "实际下达金额"),
               ("核定补助", "扣减", "本次下达")]
PAID_HEADERS = [("应拨资金", "已拨资金", "本次拨付资金"), ("应拨付金额", "已预拨金额", "本次拨付金额"),
                ("核定补助", "已拨付", "本次拨付")]
UNIT_HEADERS = ["实施单位", "项目单位", "实施主体", "承担单位", "建设单位"]
TOWN_HEADERS = ["所在镇（街）", "所在乡镇", "乡镇（街道）", "所在镇（街道）"]
UNIT_NAMES = ["绿源蔬菜专业合作社", "丰收家庭农场", "富民农业发展有限公司", "兴农种植专业合作社",
              "青禾生态农业有限公司", "惠民果蔬专业合作社", "金穗粮食种植家庭农场", "康庄农机专业合作社"]
# Prefectures of provinces other than a notice's own, each with an autonomous county (or banner)
# printed short: printed -> official name ("" when printed as the official name). Units of the
# sealed blind split are left out (samples/blind/units.yaml).
PREFECTURES: list[list[tuple[str, str]]] = [
    [("海州区", ""), ("新邱区", ""), ("太平区", ""), ("清河门区", ""), ("细河区", ""),
     ("阜蒙县", "阜新蒙古族自治县"), ("彰武县", "")],  # 辽宁 阜新市
    [("萨尔图区", ""), ("龙凤区", ""), ("让胡路区", ""), ("红岗区", ""), ("大同区", ""), ("肇州县", ""),
     ("肇源县", ""), ("林甸县", ""), ("杜蒙县", "杜尔伯特蒙古族自治县")],  # 黑龙江 大庆市
    [("双塔区", ""), ("龙城区", ""), ("朝阳县", ""), ("建平县", ""), ("喀左县", "喀喇沁左翼蒙古族自治县"),
     ("北票市", ""), ("凌源市", "")],  # 辽宁 朝阳市
    [("二连浩特市", ""), ("锡林浩特市", ""), ("阿巴嘎旗", ""), ("苏尼特左旗", ""), ("苏尼特右旗", ""),
     ("东乌旗", "东乌珠穆沁旗"), ("西乌旗", "西乌珠穆沁旗"), ("太仆寺旗", ""), ("镶黄旗", ""),
     ("正镶白旗", ""), ("正蓝旗", ""), ("多伦县", "")],  # 内蒙古 锡林郭勒盟
    [("双桥区", ""), ("双滦区", ""), ("承德县", ""), ("兴隆县", ""), ("滦平县", ""), ("隆化县", ""),
     ("丰宁县", "丰宁满族自治县"), ("宽城县", "宽城满族自治县"), ("围场县", "围场满族蒙古族自治县"),
     ("平泉市", "")],  # 河北 承德市
    [("城东区", ""), ("城中区", ""), ("城西区", ""), ("城北区", ""), ("湟中区", ""),
     ("大通县", "大通回族土族自治县"), ("湟源县", "")],  # 青海 西宁市
    [("西陵区", ""), ("伍家岗区", ""), ("点军区", ""), ("夷陵区", ""), ("远安县", ""), ("兴山县", ""),
     ("秭归县", ""), ("长阳县", "长阳土家族自治县"), ("五峰县", "五峰土家族自治县"), ("宜都市", ""),
     ("当阳市", ""), ("枝江市", "")],  # 湖北 宜昌市
]
_COUNTY_END = ("县", "区", "市", "旗")


# ---------------------------------------------------------------- helpers


def _flags(spec: Spec) -> set[str]:
    return {str(f.get("code", "")) for f in spec.get("flags") or []}


def _flat_tables(spec: Spec, *, max_rows: int = 40) -> list[dict[str, Any]]:
    """Flat allocation tables: one header row, a region column of one cell, one 合计 row and no
    hierarchy (小计, 其中, indents, merged cells down a column), 2..max_rows member rows."""
    out = []
    for att in alloc_attachments(spec):
        ri = _region_index(att)
        if ri is None or header_rows(att) != 1 or not col_spans_ok(att, ri) or hierarchical(att):
            continue
        members = [r for r in att["rows"] if not r.get("total")]
        if 2 <= len(members) <= max_rows:
            out.append(att)
    return out


def _only_allocations(spec: Spec) -> bool:
    """Every attachment an allocation table (a target table names regions the rows must keep)."""
    return all(a.get("kind") == "allocation" for a in spec.get("attachments") or [])


def _relabel_ok(spec: Spec) -> bool:
    """The rows' labels may change: no flag planted on a region, no table naming them elsewhere."""
    return _only_allocations(spec) and "REGION_ALIAS" not in _flags(spec)


def _named_in_body(spec: Spec, att: dict[str, Any]) -> bool:
    """A member row's label printed in the body (分配舞钢市154万元): the body names the rows, which a
    mutation may not rename."""
    ri = _region_index(att)
    body = "".join(str(p) for p in spec.get("body") or [])
    labels = [str(r["cells"][ri]).strip() for r in att["rows"] if ri is not None and not r.get("total")]
    return any(x and x in body for x in labels)


def _amount_cols(att: dict[str, Any]) -> list[int]:
    return [i for i, c in enumerate(att["columns"]) if c["role"] == "amount"]


def _plain(cell: Any) -> Decimal | None:
    """A cell printed as a plain decimal (no separators, no sign), else None."""
    s = str(cell).strip()
    if not s or not all(ch.isdigit() or ch == "." for ch in s) or s.count(".") > 1 or s.startswith("."):
        return None
    return Decimal(s)


def _places(cells: list[Any]) -> int:
    return max((len(s.split(".")[1]) for s in (str(c).strip() for c in cells) if "." in s), default=0)


def _fmt(d: Decimal, places: int) -> str:
    return f"{d:.{places}f}"


def _wrapped_hangs(att: dict[str, Any]) -> int:
    """Header cells a wrapped line of which ends in a closing bracket pushed past the cell's border
    (资助人数 / 合计（人 + ）: a line may not start with ）, so it overflows into the next cell): a
    typesetting artifact of columns made narrower, as ``hanging_cells`` is for one-line headers."""
    cols = att["columns"]
    total = sum(float(c.get("w", 1)) for c in cols)
    size = float(att.get("font_size", 11))
    n = 0
    for i, t in header_cells(att):
        per_line = int((PAGE_W[bool(att.get("landscape"))] * float(cols[i].get("w", 1)) / total - 5.5) // size)
        n += per_line >= 1 and any(t[k] in "）)" for k in range(per_line, len(t), per_line))
    return n


def _describing_notes(att: dict[str, Any]) -> bool:
    """Text columns other than a 备注 (乡镇, 建设地点, 批次): they describe the rows' regions or
    projects, which a table of cost items has not."""
    return any(c["role"] == "note" and "备注" not in str(c.get("name")) for c in att["columns"])


def _full_width(name: str) -> str:
    """A column's name as the truth writes it: brackets next to CJK folded to full width."""
    return name.replace("(", "（").replace(")", "）")


def _relabel(att: dict[str, Any], ri: int, labels: list[str]) -> None:
    """Member rows' labels in column ``ri`` replaced in order; their region overrides dropped."""
    it = iter(labels)
    for row in att["rows"]:
        if row.get("total"):
            continue
        row["cells"][ri] = next(it)
        row.pop("region", None)
        row.pop("region_as_printed", None)


def _set_header(att: dict[str, Any], i: int, text: str) -> None:
    att["header"][0][i] = text
    if att["columns"][i].get("name") is not None and att["columns"][i]["role"] != "region":
        att["columns"][i]["name"] = text


def _distinct(rng: random.Random, pool: list[str], n: int) -> list[str] | None:
    if n > len(pool):
        return None
    return rng.sample(pool, n)


def _members(att: dict[str, Any]) -> int:
    return sum(1 for r in att["rows"] if not r.get("total"))


def _blank_totals(att: dict[str, Any], values: list[str]) -> list[str]:
    it = iter(values)
    return ["" if r.get("total") else next(it) for r in att["rows"]]


# ---------------------------------------------------------------- mutations


@mutation("cost_items_rate")
def cost_items_rate(spec: Spec, rng: random.Random) -> Spec | None:
    """A calculation table of cost items (投资内容: 设备购置及安装, 厂房改造 …) with a rate column
    (补助比例: 40%) before its last amount: the items name the rows, the rate is a note."""
    if not _relabel_ok(spec):
        return None
    done = False
    for att in _flat_tables(spec, max_rows=len(COST_ITEMS)):
        ri = _region_index(att)
        amounts = _amount_cols(att)
        if ri is None or not amounts or amounts[0] < ri or _describing_notes(att) or _named_in_body(spec, att):
            continue
        items = _distinct(rng, COST_ITEMS, _members(att))
        if items is None:
            continue
        _relabel(att, ri, items)
        _set_header(att, ri, pick(rng, COST_HEADERS))
        att["region_align"] = "left"
        head = pick(rng, RATE_HEADERS)
        pct = "%" not in head
        rates = [("" if rng.random() < 0.15 else f"{pick(rng, [30, 40, 50, 60])}{'%' if pct else ''}")
                 for _ in range(_members(att))]
        col = {"role": "note", "name": _full_width(head), "w": 0.8, "align": "center"}
        insert_col(att, amounts[-1], col, [head], _blank_totals(att, rates))
        done = True
    return spec if done else None


def _three_columns(spec: Spec, rng: random.Random, heads: list[tuple[str, str, str]], cut: bool) -> Spec | None:
    """The one amount column of a flat table printed as three: the amount before (核定/应拨), what
    was taken off or paid before (扣减/已拨), and the original amount, passed down now (本次)."""
    if _flags(spec) & {"ALLOCATION_COLUMN_SUM", "ALLOCATION_ROW_SUM", "NEGATIVE_ALLOCATION", "BODY_AMOUNT_MISMATCH"}:
        return None
    done = False
    for att in _flat_tables(spec):
        amounts = _amount_cols(att)
        if len(amounts) != 1 or not col_spans_ok(att, amounts[0]):
            continue
        ai = amounts[0]
        cells = [r["cells"][ai] for r in att["rows"]]
        values = [_plain(c) for c in cells]
        if any(v is None and str(c).strip() for v, c in zip(values, cells, strict=True)):
            continue  # separators, signs: printed forms this mutation does not rewrite
        places = _places(cells)
        totals = plain_total_rows(att)
        members = [k for k, r in enumerate(att["rows"]) if not r.get("total") and values[k]]
        share = Decimal(pick(rng, ["0.1", "0.2", "0.05"] if cut else ["0.5", "0.3", "1"]))
        quantum = Decimal(1).scaleb(-places)
        taken: dict[int, Decimal] = {}
        for k in members:
            if cut and rng.random() > 0.4 and taken:
                continue  # nothing cut on this row: the cell is left empty
            if not cut and rng.random() < 0.2 and taken:
                continue  # nothing paid before on this row
            amount = (values[k] * share).quantize(quantum)  # type: ignore[operator]
            if amount > 0:
                taken[k] = amount
        if not taken:
            continue
        # a unit printed in the replaced header (项目总投资（万元）) is printed in each new one
        m = UNIT_SUFFIX.search(str(att["header"][0][ai]).strip())
        unit = m.group(0) if m else ""
        first, second, third = pick(rng, heads)
        before, middle = [], []
        for k, row in enumerate(att["rows"]):
            v = values[k]
            if row.get("total"):
                t = sum(taken.values(), Decimal(0))
                before.append(_fmt(v + t, places) if v is not None else "")
                middle.append(_fmt(t, places))
            else:
                before.append(_fmt(v + taken.get(k, Decimal(0)), places) if v is not None else "")
                middle.append(_fmt(taken[k], places) if k in taken else "")
        if len(totals) != 1:
            return None
        hangs = _wrapped_hangs(att)
        att["header"][0][ai] = third + unit
        att["columns"][ai]["name"] = third
        w = att["columns"][ai].get("w", 1.0)
        insert_col(att, ai, {"role": "amount", "name": second, "w": w}, [second + unit], middle)
        insert_col(att, ai, {"role": "amount", "name": first, "w": w}, [first + unit], before)
        if _wrapped_hangs(att) > hangs:
            return None  # narrower columns push a wrapped header's ） into the next cell
        done = True
    return spec if done else None


@mutation("approved_cut_paid")
def approved_cut_paid(spec: Spec, rng: random.Random) -> Spec | None:
    """One amount column printed as 核定 | 扣减 | 本次下达 (下达 = 核定 - 扣减; the cut empty where nothing
    is cut): three amount columns, the amount passed down the last."""
    return _three_columns(spec, rng, CUT_HEADERS, cut=True)


@mutation("due_paid_now")
def due_paid_now(spec: Spec, rng: random.Random) -> Spec | None:
    """One amount column printed as 应拨 | 已拨 | 本次拨付 (本次 = 应拨 - 已拨): three amount columns,
    the amount passed down now the last."""
    return _three_columns(spec, rng, PAID_HEADERS, cut=False)


def _town_units(rng: random.Random, n: int) -> list[tuple[str, str]] | None:
    """``n`` distinct (town, unit) pairs: 城关镇 + 绿源蔬菜专业合作社."""
    pairs = [(t, u) for t in TOWNS for u in UNIT_NAMES]
    return rng.sample(pairs, n) if n <= len(pairs) else None


def _unit_names(rng: random.Random, n: int) -> list[str] | None:
    pairs = _town_units(rng, n)
    return [t + u for t, u in pairs] if pairs is not None else None


@mutation("unit_beside_project")
def unit_beside_project(spec: Spec, rng: random.Random) -> Spec | None:
    """A unit column (实施单位, 项目单位 …, a different unit on each project) printed after the project
    (a note; the project names the row) or before it (the unit names the row, the project a note)."""
    done = False
    for att in _project_tables(spec):
        ri = _region_index(att)
        assert ri is not None
        if any(header_text(att, i).replace(" ", "") in UNIT_HEADERS for i in range(len(att["columns"]))):
            continue
        units = _unit_names(rng, _members(att))
        if units is None:
            continue
        head = pick(rng, UNIT_HEADERS)
        before = rng.random() < 0.5
        if before and (not _relabel_ok(spec) or _named_in_body(spec, att) or att.get("rows") and any(r.get("notes") for r in att["rows"])):
            before = False
        if not before:
            insert_col(att, ri + 1, {"role": "note", "name": head, "w": 1.8, "align": "left"}, [head],
                       _blank_totals(att, units))
            done = True
            continue
        project_head = header_text(att, ri).replace(" ", "")
        insert_col(att, ri, {"role": "region", "w": 1.8}, [head], _blank_totals(att, units))
        att["columns"][ri + 1] = {**att["columns"][ri + 1], "role": "note", "name": project_head}
        for row in att["rows"]:
            row.pop("region", None)
            row.pop("region_as_printed", None)
            if row.get("total"):  # the total's label moves to the column that names the rows
                row["cells"][ri], row["cells"][ri + 1] = row["cells"][ri + 1], ""
        att["region_align"] = "left"
        done = True
    return spec if done else None


@mutation("unit_rows_with_town")
def unit_rows_with_town(spec: Spec, rng: random.Random) -> Spec | None:
    """Rows of units (实施主体: 城关镇绿源蔬菜专业合作社 …) with the town each sits in printed after
    them (所在镇（街）, 乡镇（街道）; empty for a unit of the county itself): the unit names the row,
    the town is a note."""
    if not _relabel_ok(spec):
        return None
    done = False
    for att in _flat_tables(spec):
        ri = _region_index(att)
        assert ri is not None
        if _named_in_body(spec, att) or _describing_notes(att):
            continue  # a region or project column beside the units would make another table
        n = _members(att)
        pairs = _town_units(rng, n)
        if pairs is None:
            continue
        towns = [t for t, _ in pairs]
        # the unit printed with its town's name, or without it (the town stands in the next column)
        with_town = rng.random() < 0.5
        units = [(t + u) if with_town else (t[:2] + u) for t, u in pairs]
        if len(set(units)) != len(units):
            return None
        if n >= 3 and rng.random() < 0.4:
            k = rng.randrange(n)
            units[k], towns[k] = "县农业技术推广中心", ""  # a county unit: no town
            if len(set(units)) != len(units):
                return None
        _relabel(att, ri, units)
        _set_header(att, ri, pick(rng, UNIT_HEADERS))
        att["region_align"] = "left"
        head = pick(rng, TOWN_HEADERS)
        insert_col(att, ri + 1, {"role": "note", "name": head, "w": 1.1, "align": "center"}, [head],
                   _blank_totals(att, towns))
        done = True
    return spec if done else None


@mutation("short_autonomous_county")
def short_autonomous_county(spec: Spec, rng: random.Random) -> Spec | None:
    """The county rows of a flat table become the counties of another province's prefecture, an
    autonomous county (or banner) among them printed short (阜蒙县, 杜蒙县, 喀左县, 东乌旗, 前郭县
    …): its row's region is the official name, REGION_ALIAS is raised."""
    if not _relabel_ok(spec):
        return None
    done = False
    for ai, att in enumerate(spec.get("attachments") or []):
        if att not in _flat_tables(spec) or _named_in_body(spec, att):
            continue
        ri = _region_index(att)
        assert ri is not None
        labels = [str(r["cells"][ri]).strip() for r in att["rows"] if not r.get("total")]
        if len(labels) < 3 or not all(x.endswith(_COUNTY_END) for x in labels):
            continue
        fitting = [p for p in PREFECTURES if len(p) >= len(labels)]
        if not fitting:
            continue
        counties = list(pick(rng, fitting))
        short = pick(rng, [c for c in counties if c[1]])
        others = rng.sample([c for c in counties if c != short], len(labels) - 1)
        order = {c: i for i, c in enumerate(counties)}
        chosen = sorted([*others, short], key=lambda c: order[c])  # in the prefecture's order
        _relabel(att, ri, [printed for printed, _ in chosen])
        members = [r for r in att["rows"] if not r.get("total")]
        for row, (_, official) in zip(members, chosen, strict=True):
            if official:
                row["region"] = official
        spec.setdefault("flags", []).append({"code": "REGION_ALIAS", "att": ai})
        done = True
        break
    return spec if done else None
