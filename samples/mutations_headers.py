"""Header-tree mutations of samples.mutate: a group header over a total column and its parts.

Real 分配表 put their money columns under one group label (``补助资金`` over 合计 | 中央资金 |
省级资金, ``计划投资`` over 合计 | 中央预算内投资 | 地方配套), with the total first or last, worded
合计 or 小计, the unit in the group label (``补助资金（万元）``) or in every leaf, a finer group with
its own 小计 beside single columns, the money in 元 with thousands separators. Each mutation
adds the printed total column (each row's sum of the parts, in the parts' format) and keeps the
truth by the corpus convention (samples/README.md): a generic leaf is named after its group
(``补助资金合计``), a money unit is no part of a name.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from samples.mutation_grid import (
    PAGE_W,
    Spec,
    alloc_attachments,
    cell_amount,
    fmt_thousands,
    header_rows,
    header_text,
    mutation,
    pick,
    remove_col,
)

# group labels over money columns, by the word real tables use (资金/投资/补助/下达/安排)
GROUP_WORDS = ["补助资金", "计划投资", "补助金额", "本次下达", "资金安排", "下达资金", "分配资金"]
_GENERIC = {"合计", "小计", "总计", "计", "金额", "资金", "数额"}


def _head(att: dict[str, Any], i: int) -> str:
    """Column ``i``'s one-row header label without its spaces."""
    return header_text(att, i).replace(" ", "").replace("　", "")


def _one_row_amounts(att: dict[str, Any], least: int) -> list[int] | None:
    """The amount columns of a one-row header with no spans or groups, at least ``least`` of
    them side by side, else None."""
    idx = [i for i, c in enumerate(att["columns"]) if c["role"] == "amount"]
    if header_rows(att) != 1 or att.get("spans") or att.get("groups") or len(idx) < least:
        return None
    return idx if idx == list(range(idx[0], idx[-1] + 1)) else None


def _spanned_from(att: dict[str, Any], col: int) -> bool:
    """A body row's spanning cell reaches column ``col`` or past it."""
    return any(r.get("span") and r["span"][1] >= col for r in att["rows"])


def _group_label(att: dict[str, Any], word: str, rng: random.Random) -> str:
    """The group label: ``word``, sometimes with the table's money unit in brackets instead of
    its unit line (the line is taken out)."""
    unit = att.get("unit")
    if unit in ("万元", "元") and att.get("unit_line") in ("单位：万元", "单位：元") and rng.random() < 0.4:
        att.pop("unit_line")
        return f"{word}（{unit}）"
    return word


def _flat_parts(att: dict[str, Any]) -> list[int] | None:
    """The amount columns of a one-row header that are plain parts (no total, no 其中, no unit
    label of its own), side by side: the columns a group and its total can sit over."""
    idx = _one_row_amounts(att, 2)
    if idx is None:
        return None
    for i in idx:
        head = _head(att, i)
        if not head or head in _GENERIC or "其中" in head or "计" in head or "（" in head or "(" in head:
            return None
    return idx


def _independent(att: dict[str, Any], idx: list[int]) -> bool:
    """No column of ``idx`` is printed as the sum of others or as a share of one (调整后 = 原下达 +
    调整, 本次下达 = 10% of 总投资): the columns are parts a total can add up."""
    heads = "".join(str(att["header"][0][i]) for i in idx)
    if any(w in heads for w in ("总", "调整", "原", "已", "累计", "标准")):
        return False
    for row in att["rows"]:
        vals = [cell_amount(row["cells"][i]) for i in idx]
        known = [v for v in vals if v is not None]
        if len(known) < 3:
            continue
        for v in known:
            if v != 0 and v == sum(known, Decimal(0)) - v:
                return False
    return True


def _places(raw: str) -> int:
    return len(raw.replace(",", "").partition(".")[2])


def _sum_cells(cells: list[str]) -> str:
    """The printed sum of amount cells in their format (decimals, separators); '' when all are empty."""
    vals = [cell_amount(c) for c in cells]
    if all(v is None for v in vals):
        return ""
    total = sum((v for v in vals if v is not None), Decimal(0))
    places = max((_places(c) for c in cells if str(c).strip()), default=0)
    sep = any("," in str(c) for c in cells)
    return fmt_thousands(total, places) if sep else f"{total:.{places}f}"


def _parts(att: dict[str, Any]) -> list[int] | None:
    """The plain part columns a group and its total can sit over: a one-row header's own 合计 or
    小计 (first or last) is taken out when every row prints it as the sum of the parts (it is
    printed again where the mutation puts it); else independent amount columns."""
    found = _total_and_parts(att)
    if found is not None:
        total, parts = found
        if _spanned_from(att, min(total, *parts)):
            return None
        for row in att["rows"]:
            printed = cell_amount(row["cells"][total])
            summed = cell_amount(_sum_cells([row["cells"][i] for i in parts]) or "")
            if printed != summed:
                return None
        remove_col(att, total)
        return [i - (i > total) for i in parts]
    idx = _flat_parts(att)
    if idx is None or not _independent(att, idx) or _spanned_from(att, idx[0]):
        return None
    return idx


def _to_yuan(att: dict[str, Any], idx: list[int]) -> None:
    """万元 amounts printed in 元 with thousands separators (×10000)."""
    for row in att["rows"]:
        for i in idx:
            d = cell_amount(row["cells"][i])
            if d is not None:
                exp = (d * 10000).normalize().as_tuple().exponent
                row["cells"][i] = fmt_thousands(d * 10000, max(0, -exp if isinstance(exp, int) else 0))
    att["unit"] = "元"
    if att.get("unit_line"):
        att["unit_line"] = "单位：元"


def _group_over_total(spec: Spec, rng: random.Random, *, total_word: str | None = None,
                      last: bool | None = None, yuan: bool = False) -> Spec | None:
    done = False
    for att in alloc_attachments(spec):
        if yuan and (att.get("unit") != "万元" or att.get("unit_line") != "单位：万元"):
            continue
        idx = _parts(att)
        if idx is None:
            continue
        if yuan:
            _to_yuan(att, idx)
        word = pick(rng, GROUP_WORDS)
        tot = total_word or pick(rng, ["合计", "合计", "小计"])
        at_end = rng.random() < 0.5 if last is None else last
        label = _group_label(att, word, rng)
        pos = idx[-1] + 1 if at_end else idx[0]
        old = att["header"][0]
        leaves = [old[i] for i in idx]
        leaves = [*leaves, tot] if at_end else [tot, *leaves]
        n = len(old) + 1
        top: list[str] = []
        low: list[str] = []
        first = idx[0]
        for j in range(n):
            if first <= j <= idx[-1] + 1:
                top.append(label if j == first else "")
                low.append(leaves[j - first])
            else:
                src = j if j < first else j - 1
                top.append(old[src])
                low.append("")
        att["header"] = [top, low]
        att["spans"] = [[j, 0, j, 1] for j in range(n) if not first <= j <= idx[-1] + 1] + [[first, 0, idx[-1] + 1, 0]]
        att["columns"].insert(pos, {"role": "amount", "name": word + tot,
                                    "w": max(float(att["columns"][i].get("w", 1)) for i in idx)})
        for row in att["rows"]:
            row["cells"].insert(pos, _sum_cells([row["cells"][i] for i in idx]))
        if att.get("vmerge"):
            att["vmerge"] = [c + (c >= pos) for c in att["vmerge"]]
        done = True
    return spec if done else None


@mutation("group_total_first")
def group_total_first(spec: Spec, rng: random.Random) -> Spec | None:
    """A group label (补助资金/计划投资/本次下达 …) over a 合计 column printed first and the parts."""
    return _group_over_total(spec, rng, last=False)


@mutation("group_total_last")
def group_total_last(spec: Spec, rng: random.Random) -> Spec | None:
    """A group label over the parts and their 合计 (or 小计) printed last."""
    return _group_over_total(spec, rng, last=True)


@mutation("group_subtotal")
def group_subtotal(spec: Spec, rng: random.Random) -> Spec | None:
    """A group label over a 小计 column and the parts (小计 named after the group)."""
    return _group_over_total(spec, rng, total_word="小计")


@mutation("group_total_yuan")
def group_total_yuan(spec: Spec, rng: random.Random) -> Spec | None:
    """A group over 合计 + parts with the money in 元 with thousands separators (1,500,000)."""
    return _group_over_total(spec, rng, yuan=True)


@mutation("group_unit_in_leaves")
def group_unit_in_leaves(spec: Spec, rng: random.Random) -> Spec | None:
    """A group over 合计 + parts whose every leaf prints the unit (合计（万元） | 中央（万元）)."""
    out = _group_over_total(spec, rng)
    if out is None:
        return None
    done = False
    for att in alloc_attachments(out):
        if att.get("unit_line") not in ("单位：万元", "单位：元") or header_rows(att) != 2:
            continue
        unit = att.get("unit")
        amounts = [i for i, c in enumerate(att["columns"]) if c["role"] == "amount"]
        if any("（" in str(att["header"][0][i]) for i in amounts):
            continue
        leaves = [f"{att['header'][1][i]}（{unit}）" for i in amounts]
        if not all(_fits_two_lines(att, i, t) for i, t in zip(amounts, leaves, strict=True)):
            continue  # a long leaf and its unit would run past the cell (the typesetter cannot break （万元）)
        for i, t in zip(amounts, leaves, strict=True):
            att["header"][1][i] = t
        att.pop("unit_line")
        done = True
    return out if done else None


def _fits_two_lines(att: dict[str, Any], i: int, text: str) -> bool:
    cols = att["columns"]
    total = sum(float(c.get("w", 1)) for c in cols)
    avail = PAGE_W[bool(att.get("landscape"))] * float(cols[i].get("w", 1)) / total - 6.0
    return (len(text) + 1) * float(att.get("font_size", 11)) <= 2 * avail


@mutation("subtotal_group_beside")
def subtotal_group_beside(spec: Spec, rng: random.Random) -> Spec | None:
    """A grand 合计 first, then a finer group (中央资金 over 小计 | parts) beside single columns:
    合计 = the group's 小计 + the rest, the 小计 = its parts (w08, x06 printed this way)."""
    done = False
    for att in alloc_attachments(spec):
        if len([c for c in att["columns"] if c["role"] == "amount"]) < 3:
            continue
        idx = _parts(att)
        if idx is None or len(idx) < 3:
            continue
        k = rng.randrange(2, len(idx))  # the first k parts form the group
        inner, rest = idx[:k], idx[k:]
        word = pick(rng, ["中央资金", "省级资金", "上级资金", "一般预算", "补助资金"])
        old = att["header"][0]
        first = idx[0]
        # new layout: … | 合计 | word(小计, inner…) | rest… | …
        head0 = list(old[:first]) + ["合计", word] + [""] * k + [old[i] for i in rest] + list(old[idx[-1] + 1:])
        head1 = [""] * first + ["", "小计"] + [old[i] for i in inner] + [""] * len(rest) + [""] * (len(old) - idx[-1] - 1)
        n = len(head0)
        g0, g1 = first + 1, first + 1 + k
        att["header"] = [head0, head1]
        att["spans"] = [[j, 0, j, 1] for j in range(n) if not g0 <= j <= g1] + [[g0, 0, g1, 0]]
        w = max(float(att["columns"][i].get("w", 1)) for i in idx)
        att["columns"][first:first] = [{"role": "amount", "name": "合计", "w": w}]
        att["columns"][first + 1:first + 1] = [{"role": "amount", "name": word + "小计", "w": w}]
        for row in att["rows"]:
            cells = row["cells"]
            sub = _sum_cells([cells[i] for i in inner])
            grand = _sum_cells([cells[i] for i in idx])
            cells[first:first] = [grand, sub]
        if att.get("vmerge"):
            att["vmerge"] = [c + 2 * (c >= first) for c in att["vmerge"]]
        done = True
    return spec if done else None


def _total_and_parts(att: dict[str, Any]) -> tuple[int, list[int]] | None:
    """A one-row header's amount columns: exactly one generic total leaf (合计/小计), first or
    last, and two or more plain parts beside it."""
    idx = _one_row_amounts(att, 3)
    if idx is None:
        return None
    heads = [_head(att, i) for i in idx]
    totals = [i for i, h in zip(idx, heads, strict=True) if h in ("合计", "小计")]
    if len(totals) != 1 or totals[0] not in (idx[0], idx[-1]):
        return None
    parts = [i for i in idx if i != totals[0]]
    if any("其中" in header_text(att, i) or "计" in header_text(att, i) for i in parts):
        return None
    return totals[0], parts


@mutation("group_over_printed_total")
def group_over_printed_total(spec: Spec, rng: random.Random) -> Spec | None:
    """A group label (补助资金/计划投资/资金安排 …) printed over a table's own 合计 and its parts
    (合计 | 中央资金 | 省级资金 -> 补助资金 over them; the total named 补助资金合计)."""
    done = False
    for att in alloc_attachments(spec):
        found = _total_and_parts(att)
        if found is None or _spanned_from(att, min(found[0], *found[1])):
            continue
        total, parts = found
        first, last = min(total, *parts), max(total, *parts)
        word = pick(rng, GROUP_WORDS)
        label = _group_label(att, word, rng)
        old = att["header"][0]
        n = len(old)
        att["header"] = [[label if j == first else ("" if first <= j <= last else old[j]) for j in range(n)],
                         [old[j] if first <= j <= last else "" for j in range(n)]]
        att["spans"] = [[j, 0, j, 1] for j in range(n) if not first <= j <= last] + [[first, 0, last, 0]]
        att["columns"][total]["name"] = word + str(old[total]).replace(" ", "").replace("　", "")
        done = True
    return spec if done else None
