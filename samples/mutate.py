"""Mutation harness: realistic, truth-preserving variations of the development sample specs.

    python -m samples.mutate [--max 300] [--seed 1] [--only MUTATION] [--spec ID] [--jobs 1]

Each mutation is a small pure function ``(spec, rng) -> spec | None`` (``None``: it does not
apply to that spec).  It changes how the notice is PRINTED the way real notices vary (header
vocabulary, units, 元 vs 万元, title line breaks, 文号 brackets, 序号/备注 columns, 合计 first
or last, signature layout and date, body wording) and keeps the truth consistent, so the
exporter's expected.json stays right.  Every case is typeset into a temporary folder (never
committed) and parsed exactly as tests/test_golden.py does; the report is one line per
mutation: cases, field accuracy, false error flags, and the paths that differ most.

Only development specs are used (``samples/generator/specs``, never a sealed split).
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from samples.generator import __main__ as gen

Spec = dict[str, Any]
MutFn = Callable[[Spec, random.Random], "Spec | None"]

SPECS = gen.HERE / "specs"
TEXT_W = 441.0  # points: the A4 text width of the generator (render.TEXT_W)
REGION_HEADERS = ["地区", "单位", "市县", "县（市、区）", "项目单位"]
REGION_LIKE = {*REGION_HEADERS, "县区", "区县", "地区名称", "单位名称", "市（县、区）", "县（市）",
               "县市区", "市县区", "市、县（区）", "县（区）", "区域", "乡镇", "乡镇（街道）", "镇（街道）",
               "市州", "县（市、区）名称", "地 区", "单 位"}
AMOUNT_HEADERS = ["金额", "补助资金", "下达资金", "分配金额", "本次下达", "补助金额"]
_UNIT_SUFFIX = re.compile(r"[（(](?:单位[：:])?(万元|元)[）)]$")


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

def _alloc(spec: Spec, groups: bool = False) -> list[dict[str, Any]]:
    """Allocation tables (not money-and-targets); side-by-side column groups only if ``groups``
    (their ``header``/``columns`` describe one group, so cell-wise edits apply to every group)."""
    return [a for a in spec.get("attachments") or []
            if a.get("kind") == "allocation" and (groups or not a.get("groups"))]


def _pick(rng: random.Random, xs: list[Any]) -> Any:
    return xs[rng.randrange(len(xs))] if xs else None


def _nh(att: dict[str, Any]) -> int:
    return len(att["header"])


def _col_spans_ok(att: dict[str, Any], i: int) -> bool:
    """Column ``i``'s header is one cell (single header row, or one vertical span)."""
    spans = att.get("spans") or []
    if any(c0 <= i <= c1 and c0 != c1 for c0, _, c1, _ in spans):
        return False
    return _nh(att) == 1 or [i, 0, i, _nh(att) - 1] in [list(s) for s in spans]


def _header_text(att: dict[str, Any], i: int) -> str:
    return str(att["header"][0][i])


def _remove_col(att: dict[str, Any], i: int) -> tuple[dict[str, Any], list[str], list[str]] | None:
    """Remove column ``i``: (its column dict, its header cells, its row cells), or None."""
    if not _col_spans_ok(att, i):
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


def _insert_col(att: dict[str, Any], i: int, col: dict[str, Any], head: list[str], cells: list[str]) -> None:
    nh = _nh(att)
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


def _amount(cell: str) -> Decimal | None:
    s = str(cell).replace(",", "").strip()
    try:
        return Decimal(s) if s else None
    except ArithmeticError:
        return None


def _fmt_thousands(d: Decimal, places: int) -> str:
    return f"{d:,.{places}f}"


CN = "〇一二三四五六七八九"


def _cn_year(y: str) -> str:
    return "".join(CN[int(c)] for c in y)


def _cn_small(n: int) -> str:
    if n < 10:
        return CN[n] if n else "〇"
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


def _plain_total_rows(att: dict[str, Any]) -> list[int]:
    return [k for k, r in enumerate(att["rows"]) if r.get("total")]


def _hierarchical(att: dict[str, Any]) -> bool:
    """Rows with 小计/其中/indent/vmerge structure: moving rows would change their meaning."""
    if att.get("vmerge") or any(r.get("indent") for r in att["rows"]):
        return True
    labels = "".join(str(c) for r in att["rows"] for c in r["cells"])
    return "小计" in labels or "其中" in labels or len(_plain_total_rows(att)) != 1


# ---------------------------------------------------------------- mutations

@mutation("header_region_synonym")
def header_region_synonym(spec: Spec, rng: random.Random) -> Spec | None:
    """Another word for the region column's header (地区/单位/市县/县（市、区）/项目单位)."""
    done = False
    for att in _alloc(spec, groups=True):
        for i, col in enumerate(att["columns"]):
            if col["role"] == "region" and _col_spans_ok(att, i) and _header_text(att, i).replace(" ", "") in REGION_LIKE:
                att["header"][0][i] = _pick(rng, [h for h in REGION_HEADERS if h != _header_text(att, i)])
                done = True
    return spec if done else None


@mutation("header_amount_synonym")
def header_amount_synonym(spec: Spec, rng: random.Random) -> Spec | None:
    """The single amount column named 金额/补助资金/下达资金/分配金额/本次下达 (truth name follows)."""
    done = False
    for att in _alloc(spec, groups=True):
        idx = [i for i, c in enumerate(att["columns"]) if c["role"] == "amount"]
        if len(idx) != 1 or not _col_spans_ok(att, idx[0]):
            continue
        i = idx[0]
        old = _header_text(att, i)
        m = _UNIT_SUFFIX.search(old)
        new = _pick(rng, [h for h in AMOUNT_HEADERS if h != att["columns"][i].get("name")])
        att["header"][0][i] = new + (m[0] if m else "")
        att["columns"][i]["name"] = new
        done = True
    return spec if done else None


@mutation("unit_in_header")
def unit_in_header(spec: Spec, rng: random.Random) -> Spec | None:
    """The unit printed in the amount headers (金额（万元）) instead of a 单位：万元 line."""
    done = False
    for att in _alloc(spec, groups=True):
        if att.get("unit_line") not in ("单位：万元", "单位：元") or att.get("unit") not in ("万元", "元"):
            continue
        idx = [i for i, c in enumerate(att["columns"]) if c["role"] == "amount"]
        if not idx or not all(_col_spans_ok(att, i) for i in idx):
            continue
        if any(_UNIT_SUFFIX.search(_header_text(att, i)) for i in idx):
            continue
        for i in idx:
            att["header"][0][i] = f"{_header_text(att, i)}（{att['unit']}）"
        att.pop("unit_line")
        done = True
    return spec if done else None


@mutation("unit_in_title")
def unit_in_title(spec: Spec, rng: random.Random) -> Spec | None:
    """The unit printed at the end of the table's title instead of a 单位：万元 line."""
    done = False
    for att in _alloc(spec, groups=True):
        if att.get("unit_line") not in ("单位：万元", "单位：元") or not att.get("title_printed"):
            continue
        if "万元" in att["title_printed"] or "\n" in att["title_printed"]:
            continue
        form = _pick(rng, ["（单位：{}）", "（{}）"])
        att["title_printed"] = att["title_printed"] + form.format(att["unit"])
        att.pop("unit_line")
        done = True
    return spec if done else None


@mutation("unit_line_variant")
def unit_line_variant(spec: Spec, rng: random.Random) -> Spec | None:
    """The unit line worded 金额单位：万元 / 单位:万元 / （单位：万元）."""
    done = False
    for att in _alloc(spec, groups=True):
        if att.get("unit_line") not in ("单位：万元", "单位：元"):
            continue
        form = _pick(rng, ["金额单位：{}", "单位:{}", "（单位：{}）", "单位： {}"])
        att["unit_line"] = form.format(att["unit"])
        done = True
    return spec if done else None


def _amount_cells(att: dict[str, Any]) -> Iterator[tuple[dict[str, Any], int]]:
    for row in att["rows"]:
        for i, col in enumerate(att["columns"]):
            if col["role"] == "amount" and _amount(row["cells"][i]) is not None:
                yield row, i


@mutation("amounts_in_yuan")
def amounts_in_yuan(spec: Spec, rng: random.Random) -> Spec | None:
    """A 万元 table printed in 元 (×10000), with or without thousands separators."""
    done = False
    for att in _alloc(spec, groups=True):
        if att.get("unit") != "万元" or att.get("unit_line") != "单位：万元":
            continue
        if "万元" in (att.get("title_printed") or "") or any("万元" in str(h) for r in att["header"] for h in r):
            continue
        sep = rng.random() < 0.6
        cents = rng.random() < 0.4  # 元 printed with 角分: 1,500,000.00
        for row, i in list(_amount_cells(att)):
            d = _amount(row["cells"][i]) * 10000  # type: ignore[operator]
            places = 2 if cents else max(0, -d.normalize().as_tuple().exponent)  # type: ignore[operator]
            row["cells"][i] = _fmt_thousands(d, places) if sep else f"{d:.{places}f}"
        att["unit"], att["unit_line"] = "元", "单位：元"
        done = True
    return spec if done else None


@mutation("wan_with_decimals")
def wan_with_decimals(spec: Spec, rng: random.Random) -> Spec | None:
    """万元 amounts printed with two (or four) decimals: 150 -> 150.00."""
    done = False
    for att in _alloc(spec, groups=True):
        if att.get("unit") != "万元":
            continue
        places = _pick(rng, [2, 2, 4])
        cells = list(_amount_cells(att))
        if any(len(str(r["cells"][i]).partition(".")[2]) > places for r, i in cells):
            continue
        for row, i in cells:
            d = _amount(row["cells"][i])
            row["cells"][i] = f"{d:.{places}f}"
        done = bool(cells) or done
    return spec if done else None


@mutation("thousands_separators")
def thousands_separators(spec: Spec, rng: random.Random) -> Spec | None:
    """Thousands separators added to (or removed from) every amount >= 1000."""
    done = False
    for att in _alloc(spec, groups=True):
        cells = list(_amount_cells(att))
        has = any("," in str(r["cells"][i]) for r, i in cells)
        for row, i in cells:
            raw = str(row["cells"][i])
            d = _amount(raw)
            if d is None or abs(d) < 1000:
                continue
            places = len(raw.partition(".")[2])
            row["cells"][i] = f"{d:.{places}f}" if has else _fmt_thousands(d, places)
            done = True
    return spec if done else None


def _break_points(text: str) -> list[int]:
    """Where a title line may break: not inside a number, not before closing punctuation."""
    out = []
    for k in range(4, len(text) - 3):
        a, b = text[k - 1], text[k]
        if (a.isascii() and a.isalnum() and b.isascii() and b.isalnum()) or b in "）〕》」，、。：）)":
            continue
        if a in "（〔《「(":
            continue
        out.append(k)
    return out


@mutation("title_rewrap")
def title_rewrap(spec: Spec, rng: random.Random) -> Spec | None:
    """The title broken over 1, 2 or 3 lines at other points (the truth title is the same)."""
    text = "".join(spec["title_lines"])
    if "truth" in spec and "title" in spec["truth"]:
        return None
    n = _pick(rng, [1, 2, 2, 3]) if len(text) > 24 else _pick(rng, [1, 2])
    pts = _break_points(text)
    if n > 1 and len(pts) < n:
        return None
    cuts = sorted(rng.sample(pts, n - 1)) if n > 1 else []
    lines = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    if lines == spec["title_lines"]:
        return None
    spec["title_lines"] = lines
    return spec


_DOCNO = re.compile(r"[〔\[［【(（﹝](\d{4})[〕\]］】)）﹞]")
BRACKETS = [("〔", "〕"), ("[", "]"), ("（", "）"), ("［", "］"), ("【", "】")]


@mutation("doc_number_brackets")
def doc_number_brackets(spec: Spec, rng: random.Random) -> Spec | None:
    """The notice's own 文号 with [] / （） / ［］ / 【】 instead of 〔〕 (or back)."""
    dn = spec["head"].get("doc_number")
    m = _DOCNO.search(dn or "")
    if not m or "doc_number" in spec.get("truth", {}):
        return None
    o, c = _pick(rng, [b for b in BRACKETS if b[0] != dn[m.start()]])
    spec["head"]["doc_number"] = dn[: m.start()] + f"{o}{m[1]}{c}" + dn[m.end():]
    return spec


@mutation("cited_doc_brackets")
def cited_doc_brackets(spec: Spec, rng: random.Random) -> Spec | None:
    """Cited 文号 in the body printed with [] / ［］ / 【】 instead of 〔〕."""
    o, c = _pick(rng, [("[", "]"), ("［", "］"), ("【", "】")])
    body = [re.sub(r"〔(\d{4})〕", rf"{o}\1{c}", p) for p in spec["body"]]
    if body == spec["body"]:
        return None
    spec["body"] = body
    return spec


@mutation("seq_column_add")
def seq_column_add(spec: Spec, rng: random.Random) -> Spec | None:
    """A 序号 column added in front (totals unnumbered, merged with the label or not)."""
    done = False
    for att in _alloc(spec):
        if any(c["role"] == "seq" for c in att["columns"]) or not att["columns"]:
            continue
        if att["columns"][0]["role"] != "region" or not _col_spans_ok(att, 0) or any(r.get("span") for r in att["rows"]):
            continue
        merge = rng.random() < 0.5
        n, cells = 0, []
        for row in att["rows"]:
            if row.get("total") or not str(row["cells"][0]).strip():
                cells.append("")
            else:
                n += 1
                cells.append(str(n))
        head = ["序号"] + [""] * (_nh(att) - 1)
        _insert_col(att, 0, {"role": "seq", "w": 0.5}, head, cells)
        if merge:
            for row in att["rows"]:
                if row.get("total"):
                    row["span"] = [0, 1]
        done = True
    return spec if done else None


@mutation("seq_column_remove")
def seq_column_remove(spec: Spec, rng: random.Random) -> Spec | None:
    """The 序号 column left out."""
    done = False
    for att in _alloc(spec):
        idx = [i for i, c in enumerate(att["columns"]) if c["role"] == "seq"]
        if len(idx) == 1 and _remove_col(att, idx[0]) is not None:
            done = True
    return spec if done else None


@mutation("note_column_add")
def note_column_add(spec: Spec, rng: random.Random) -> Spec | None:
    """A 备注 column added at the right (mostly empty, a few words on some rows)."""
    done = False
    words = ["据实结算", "含上年结余", "一次性补助", "按因素法分配", "提前下达"]
    for att in _alloc(spec):
        if any(c.get("name") == "备注" for c in att["columns"]):
            continue
        cells = ["" if r.get("total") or rng.random() < 0.6 else _pick(rng, words) for r in att["rows"]]
        head = ["备注"] + [""] * (_nh(att) - 1)
        _insert_col(att, len(att["columns"]), {"role": "note", "name": "备注", "w": 1.2}, head, cells)
        done = True
    return spec if done else None


@mutation("amount_before_text")
def amount_before_text(spec: Spec, rng: random.Random) -> Spec | None:
    """Text columns (项目名称, 备注 …) printed after the amount columns."""
    done = False
    for att in _alloc(spec):
        cols = att["columns"]
        last_amount = max((i for i, c in enumerate(cols) if c["role"] == "amount"), default=-1)
        notes = [i for i, c in enumerate(cols) if c["role"] == "note" and i < last_amount]
        if not notes or not all(_col_spans_ok(att, i) for i in notes):
            continue
        if any(r.get("span") and r["span"][1] >= min(notes) for r in att["rows"]):
            continue
        moved = []
        for i in sorted(notes, reverse=True):
            got = _remove_col(att, i)
            if got is None:
                return None
            moved.insert(0, got)
        for col, head, cells in moved:
            _insert_col(att, len(att["columns"]), col, head, cells)
        done = True
    return spec if done else None


@mutation("total_first")
def total_first(spec: Spec, rng: random.Random) -> Spec | None:
    """The 合计 row printed first (right under the header) instead of last."""
    done = False
    for att in _alloc(spec):
        if _hierarchical(att):
            continue
        k = _plain_total_rows(att)[0]
        if k != len(att["rows"]) - 1:
            continue
        att["rows"].insert(0, att["rows"].pop(k))
        done = True
    return spec if done else None


@mutation("total_last")
def total_last(spec: Spec, rng: random.Random) -> Spec | None:
    """The 合计 row printed last instead of first."""
    done = False
    for att in _alloc(spec):
        if _hierarchical(att):
            continue
        k = _plain_total_rows(att)[0]
        if k != 0:
            continue
        att["rows"].append(att["rows"].pop(k))
        done = True
    return spec if done else None


@mutation("qizhong_first_member")
def qizhong_first_member(spec: Spec, rng: random.Random) -> Spec | None:
    """合计 first and the next row printed 其中：<region> (the truth region drops 其中：)."""
    done = False
    for att in _alloc(spec):
        if _hierarchical(att):
            continue
        ri = next((i for i, c in enumerate(att["columns"]) if c["role"] == "region"), None)
        k = _plain_total_rows(att)[0]
        if ri is None or k not in (0, len(att["rows"]) - 1) or len(att["rows"]) < 3:
            continue
        att["rows"].insert(0, att["rows"].pop(k))
        first = att["rows"][1]
        label = str(first["cells"][ri])
        if not label or first.get("region") or "region_as_printed" in first or "其中" in label:
            return None
        first["cells"][ri] = "其中：" + label
        done = True
    return spec if done else None


def _cn_date(printed: str) -> str | None:
    m = re.fullmatch(r"(\d{4})年0?(\d{1,2})月0?(\d{1,2})日", printed)
    if not m:
        return None
    return f"{_cn_year(m[1])}年{_cn_small(int(m[2]))}月{_cn_small(int(m[3]))}日"


@mutation("date_chinese_numerals")
def date_chinese_numerals(spec: Spec, rng: random.Random) -> Spec | None:
    """成文日期 in Chinese numerals (二〇二一年九月十六日) instead of Arabic."""
    cn = _cn_date(spec["signature"]["date_printed"])
    if cn is None:
        return None
    spec["signature"]["date_printed"] = cn
    return spec


@mutation("signature_layout")
def signature_layout(spec: Spec, rng: random.Random) -> Spec | None:
    """A joint 署名 stacked, side by side or tightly stacked (another layout than printed)."""
    sig = spec["signature"]
    if len(sig["names"]) < 2:
        return None
    now = sig.get("layout", "stack")
    size = 14 if len(sig["names"]) > 2 else 16
    fits = max(len(n) for n in sig["names"]) * size < TEXT_W / len(sig["names"]) - 12
    new = _pick(rng, [x for x in ("stack", "side_by_side", "stacked_tight")
                      if x != now and (fits or x != "side_by_side")])
    for k in ("layout", "dy", "dx", "gap", "size"):
        sig.pop(k, None)
    if new != "stack":
        sig["layout"] = new
        if new == "side_by_side" and size != 16:
            sig["size"] = size
        if new == "stacked_tight":
            sig["dx"] = [rng.choice([-20, 0, 20]) for _ in sig["names"]]
    return spec


@mutation("signature_gap_before_date")
def signature_gap_before_date(spec: Spec, rng: random.Random) -> Spec | None:
    """A blank line between the 署名 and the 成文日期."""
    sig = spec["signature"]
    if sig.get("layout"):
        return None
    sig["date_gap"] = 1
    return spec


_BODY_TOTAL = ["共计", "合计", "总额", "共", "总计"]


@mutation("body_total_word")
def body_total_word(spec: Spec, rng: random.Random) -> Spec | None:
    """The body's first amount stated as 共计/合计/总额 X万元."""
    amounts = spec.get("truth", {}).get("body_amounts") or []
    if not amounts or "printed" not in amounts[0] or amounts[0].get("nth"):
        return None
    printed = amounts[0]["printed"]
    for j, para in enumerate(spec["body"]):
        at = para.find(printed)
        if at < 0:
            continue
        before = para[max(0, at - 2):at]
        if not before or any(w in before for w in ("计", "额", "共", "其中", "为")) or not ("\u4e00" <= before[-1] <= "\u9fff"):
            return None
        word = _pick(rng, _BODY_TOTAL)
        spec["body"][j] = para[:at] + word + para[at:]
        return spec
    return None


@mutation("recipients_two_lines")
def recipients_two_lines(spec: Spec, rng: random.Random) -> Spec | None:
    """主送 printed over two lines (broken after a 、 or ，)."""
    rec = spec.get("recipients_printed") or ""
    pts = [k + 1 for k, ch in enumerate(rec[:-2]) if ch in "、，,"]
    if not pts or "\n" in rec:
        return None
    k = _pick(rng, pts)
    spec["recipients_printed"] = rec[:k] + "\n" + rec[k:]
    return spec


@mutation("doc_number_long")
def doc_number_long(spec: Spec, rng: random.Random) -> Spec | None:
    """A longer 机关代字 (…财社指〔…〕, …财预〔…〕, …财教（指）〔…〕); the truth 文号 follows."""
    dn = spec["head"].get("doc_number") or ""
    m = re.fullmatch(r"(.+?)(〔\d{4}〕)(\d+)号", dn)
    if not m or "doc_number" in spec.get("truth", {}) or len(m[1]) > 5 or spec["head"].get("number_top"):
        return None
    spec["head"]["doc_number"] = m[1] + _pick(rng, ["指", "（指）", "预", "发"]) + m[2] + m[3] + "号"
    return spec


@mutation("body_qizhong")
def body_qizhong(spec: Spec, rng: random.Random) -> Spec | None:
    """A 其中 clause after the body's total: 其中<first member>X万元 (added to the truth)."""
    amounts = spec.get("truth", {}).get("body_amounts") or []
    atts = _alloc(spec)
    if len(amounts) != 1 or "printed" not in amounts[0] or amounts[0].get("nth") or len(atts) != 1:
        return None
    att = atts[0]
    if att.get("unit") != "万元" or _hierarchical(att):
        return None
    m = re.fullmatch(r"([\d.]+)万元", amounts[0]["printed"])
    ri = next((i for i, c in enumerate(att["columns"]) if c["role"] == "region"), None)
    ai = next((i for i, c in enumerate(att["columns"]) if c["role"] == "amount"), None)
    total = att["rows"][_plain_total_rows(att)[0]]
    if not m or ri is None or ai is None or _amount(total["cells"][ai]) != Decimal(m[1]):
        return None
    member = next((r for r in att["rows"] if not r.get("total") and _amount(r["cells"][ai])), None)
    if member is None:
        return None
    value = str(member["cells"][ai]).replace(",", "")
    printed = f"{value}万元"
    for j, para in enumerate(spec["body"]):
        at = para.find(amounts[0]["printed"])
        if at < 0:
            continue
        end = at + len(amounts[0]["printed"])
        if printed in "".join(spec["body"]) or para[end:end + 1] not in "，。；":
            return None
        clause = f"，其中{member['cells'][ri]}{printed}"
        spec["body"][j] = para[:end] + clause + para[end:]
        spec["truth"]["body_amounts"] = [amounts[0], {"printed": printed}]
        return spec
    return None


# ---------------------------------------------------------------- running

def dev_spec_paths() -> list[Path]:
    """Development specs: every spec outside a sealed split (never specs/blind/)."""
    out = []
    for p in gen.spec_paths():
        rel = p.relative_to(SPECS)
        if rel.parts[0] == "blind" or (SPECS / rel.parts[0] / "SEALED").exists():
            continue
        out.append(p)
    return out


@dataclass(frozen=True)
class Case:
    mutation: str
    spec_id: str
    seed: int


@dataclass(frozen=True)
class Outcome:
    case: Case
    total: int
    correct: int
    diffs: tuple[str, ...]
    false_errors: tuple[str, ...]
    error: str | None = None


def mutate(spec: Spec, name: str, seed: int) -> Spec | None:
    """The spec mutated by ``name`` (a deep copy), or None when the mutation does not apply.

    ``a+b+c`` applies several mutations in turn (each must apply)."""
    out: Spec | None = copy.deepcopy(spec)
    for part in name.split("+"):
        m = next(x for x in MUTATIONS if x.name == part)
        out = m.fn(out, random.Random(f"{seed}:{part}:{spec['id']}")) if out is not None else None
    return out


def compound_names(spec: Spec, names: list[str], k: int, seed: int, n: int) -> list[str]:
    """Up to ``n`` distinct combinations of ``k`` mutations that all apply to ``spec`` together."""
    rng = random.Random(f"{seed}:compound:{spec['id']}")
    out: list[str] = []
    for _ in range(n * 4):
        pool = list(names)
        rng.shuffle(pool)
        chosen: list[str] = []
        for name in pool:
            if len(chosen) == k:
                break
            if mutate(spec, "+".join([*chosen, name]), seed) is not None:
                chosen.append(name)
        combo = "+".join(chosen)
        if len(chosen) == k and combo not in out:
            out.append(combo)
        if len(out) == n:
            break
    return out


def parse_spec(spec: Spec, work: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Typeset ``spec`` into ``work`` and parse it as tests/test_golden.py does: (expected, actual)."""
    from pipeline.core.render import render_notice
    from pipeline.run import Settings, parse_document

    gen.generate(spec, work)
    expected = json.loads((work / "expected.json").read_text(encoding="utf-8"))
    actual = render_notice(parse_document(work / "notice.pdf", Settings(ocr_engine="fake")))
    return expected, actual


def run_case(spec: Spec, case: Case, baseline: frozenset[str] = frozenset()) -> Outcome:
    """Mutate, typeset, parse and score one case (``baseline``: diffs the unmutated spec has)."""
    from pipeline.tools.evaluate import compare

    mutated = mutate(spec, case.mutation, case.seed)
    assert mutated is not None
    with tempfile.TemporaryDirectory(prefix="mutate-") as tmp:
        try:
            expected, actual = parse_spec(mutated, Path(tmp))
        except Exception as exc:  # noqa: BLE001 - a crash is a result of the harness, reported
            return Outcome(case, 1, 0, (), (), f"{type(exc).__name__}: {exc}")
    scores = compare(expected, actual)
    diffs = tuple(d for d in scores.diffs if d not in baseline)
    total = sum(scores.total.values())
    want = {f["code"] for f in expected.get("flags", [])}
    false_err = tuple(sorted({f["code"] for f in actual.get("flags", [])
                              if f.get("severity") == "error" and f["code"] not in want}))
    return Outcome(case, total, total - len(diffs), diffs, false_err)


def plan(specs: list[Spec], names: list[str], seed: int, limit: int,
         compound: int = 1) -> list[tuple[Spec, Case]]:
    """Every (mutation, spec) pair that applies, spread over the mutations, at most ``limit``.

    ``compound`` > 1: combinations of that many mutations per spec instead (reported together)."""
    per: dict[str, list[tuple[Spec, Case]]] = {}
    if compound > 1:
        key = f"compound×{compound}"
        for spec in specs:
            for combo in compound_names(spec, names, compound, seed, 3):
                per.setdefault(key, []).append((spec, Case(combo, spec["id"], seed)))
        rng = random.Random(seed)
        rng.shuffle(per.get(key, []))
        return per.get(key, [])[:limit]
    for name in names:
        for spec in specs:
            if mutate(spec, name, seed) is not None:
                per.setdefault(name, []).append((spec, Case(name, spec["id"], seed)))
    rng = random.Random(seed)
    for v in per.values():
        rng.shuffle(v)
    out: list[tuple[Spec, Case]] = []
    while len(out) < limit and any(per.values()):
        for name in names:
            if per.get(name) and len(out) < limit:
                out.append(per[name].pop())
    return out


def report(outcomes: list[Outcome], top: int = 3) -> str:
    rows = ["| mutation | cases | failing | field acc | false errors | top differing paths |",
            "|---|---|---|---|---|---|"]
    from pipeline.tools.evaluate import field_of

    by: dict[str, list[Outcome]] = {}
    for o in outcomes:
        key = o.case.mutation if "+" not in o.case.mutation else f"compound×{o.case.mutation.count('+') + 1}"
        by.setdefault(key, []).append(o)
    for name, os_ in by.items():
        t = sum(o.total for o in os_)
        c = sum(o.correct for o in os_)
        failing = sum(1 for o in os_ if o.diffs or o.error or o.false_errors)
        fe = Counter(code for o in os_ for code in o.false_errors)
        paths = Counter(field_of(d.split(":")[0]) for o in os_ for d in o.diffs)
        crashes = sum(1 for o in os_ if o.error)
        tops = ", ".join(f"{p} ×{n}" for p, n in paths.most_common(top))
        if crashes:
            tops = f"CRASH ×{crashes}; " + tops
        fes = ", ".join(f"{k} ×{n}" for k, n in fe.most_common()) or "0"
        rows.append(f"| {name} | {len(os_)} | {failing} | {c / t:.2%} | {fes} | {tops} |")
    return "\n".join(rows)


def _baseline(spec: Spec) -> frozenset[str]:
    from pipeline.tools.evaluate import compare

    with tempfile.TemporaryDirectory(prefix="mutate-") as tmp:
        expected, actual = parse_spec(spec, Path(tmp))
    return frozenset(compare(expected, actual).diffs)


def _work(item: tuple[Spec, Case]) -> Outcome:
    spec, case = item
    return run_case(spec, case, _BASE.get(spec["id"], frozenset()))


_BASE: dict[str, frozenset[str]] = {}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.mutate", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--max", type=int, default=300, help="at most this many cases (default 300)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", action="append", help="mutation name (repeatable)")
    ap.add_argument("--spec", action="append", help="spec id (repeatable)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--compound", type=int, default=1,
                    help="apply this many random mutations together per case (default 1)")
    ap.add_argument("--baseline", action="store_true",
                    help="parse each unmutated spec first and leave its own diffs out")
    ap.add_argument("--list", action="store_true", help="list the mutations")
    ap.add_argument("--diffs", action="store_true", help="print every differing path per case")
    ap.add_argument("--json", type=Path, help="write the outcomes as JSON here")
    args = ap.parse_args(argv)
    if args.list:
        for m in MUTATIONS:
            print(f"{m.name:28} {m.doc}")
        return 0
    names = [m.name for m in MUTATIONS if not args.only or m.name in args.only]
    specs = [gen.load(p) for p in dev_spec_paths()]
    if args.spec:
        specs = [s for s in specs if s["id"] in args.spec]
    cases = plan(specs, names, args.seed, args.max, args.compound)
    if args.baseline:
        for sid in sorted({c.spec_id for _, c in cases}):
            _BASE[sid] = _baseline(next(s for s in specs if s["id"] == sid))
    print(f"{len(cases)} cases over {len({c.spec_id for _, c in cases})} specs", file=sys.stderr)
    outcomes: list[Outcome] = []
    if args.jobs > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(args.jobs) as ex:
            outcomes = list(ex.map(_work, cases, chunksize=4))
    else:
        outcomes = [_work(c) for c in cases]
    for o in outcomes:
        if args.diffs and (o.diffs or o.error or o.false_errors):
            print(f"## {o.case.mutation} {o.case.spec_id}: {o.error or ''} false errors {list(o.false_errors)}")
            for d in o.diffs[:12]:
                print("   ", d)
    print(report(outcomes))
    if args.json:
        args.json.write_text(json.dumps([{"mutation": o.case.mutation, "spec": o.case.spec_id,
                                          "total": o.total, "correct": o.correct,
                                          "diffs": list(o.diffs), "false_errors": list(o.false_errors),
                                          "error": o.error} for o in outcomes],
                                         ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
