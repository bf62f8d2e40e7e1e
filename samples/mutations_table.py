"""Table mutations of samples.mutate: header vocabulary, units, 元/万元, 序号/备注 columns, 合计 order.

Each is a pure ``(spec, rng) -> spec | None`` registered by name in :data:`MUTATIONS`; it edits
what the attachment PRINTS and keeps the truth the exporter reads consistent (a renamed amount
column's ``name`` follows its header leaf, as samples/README.md says).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from samples import mutations_rows  # noqa: F401  (registers the rest of the table mutations)
from samples.mutation_grid import (
    AMOUNT_HEADERS,
    REGION_HEADERS,
    REGION_LIKE,
    UNIT_SUFFIX,
    Spec,
    alloc_attachments,
    cell_amount,
    col_spans_ok,
    fmt_thousands,
    header_rows,
    header_text,
    insert_col,
    mutation,
    pick,
    prints_wan_once,
    remove_col,
    wan_in_yuan,
)

# ---------------------------------------------------------------- mutations

@mutation("header_region_synonym")
def header_region_synonym(spec: Spec, rng: random.Random) -> Spec | None:
    """Another word for the region column's header (地区/单位/市县/县（市、区）/项目单位)."""
    done = False
    for att in alloc_attachments(spec, groups=True):
        for i, col in enumerate(att["columns"]):
            if col["role"] == "region" and col_spans_ok(att, i) and header_text(att, i).replace(" ", "") in REGION_LIKE:
                # 项目单位 names the recipients only where no other text column names the project
                other_text = any(c["role"] == "note" for c in att["columns"])
                att["header"][0][i] = pick(rng, [h for h in REGION_HEADERS if h != header_text(att, i)
                                                  and not (other_text and h == "项目单位")])
                done = True
    return spec if done else None


@mutation("header_amount_synonym")
def header_amount_synonym(spec: Spec, rng: random.Random) -> Spec | None:
    """The single amount column named 金额/补助资金/下达资金/分配金额/本次下达 (truth name follows)."""
    done = False
    for att in alloc_attachments(spec, groups=True):
        idx = [i for i, c in enumerate(att["columns"]) if c["role"] == "amount"]
        if len(idx) != 1 or not col_spans_ok(att, idx[0]):
            continue
        i = idx[0]
        old = header_text(att, i)
        m = UNIT_SUFFIX.search(old)
        new = pick(rng, [h for h in AMOUNT_HEADERS if h != att["columns"][i].get("name")])
        att["header"][0][i] = new + (m[0] if m else "")
        att["columns"][i]["name"] = new
        done = True
    return spec if done else None


@mutation("unit_in_header")
def unit_in_header(spec: Spec, rng: random.Random) -> Spec | None:
    """The unit printed in the amount headers (金额（万元）) instead of a 单位：万元 line."""
    done = False
    for att in alloc_attachments(spec, groups=True):
        if att.get("unit_line") not in ("单位：万元", "单位：元") or att.get("unit") not in ("万元", "元"):
            continue
        idx = [i for i, c in enumerate(att["columns"]) if c["role"] == "amount"]
        if not idx or not all(col_spans_ok(att, i) for i in idx):
            continue
        if any(UNIT_SUFFIX.search(header_text(att, i)) for i in idx):
            continue
        for i in idx:
            att["header"][0][i] = f"{header_text(att, i)}（{att['unit']}）"
        att.pop("unit_line")
        done = True
    return spec if done else None


@mutation("unit_in_title")
def unit_in_title(spec: Spec, rng: random.Random) -> Spec | None:
    """The unit printed at the end of the table's title instead of a 单位：万元 line."""
    done = False
    for att in alloc_attachments(spec, groups=True):
        if att.get("unit_line") not in ("单位：万元", "单位：元") or not att.get("title_printed"):
            continue
        if "万元" in att["title_printed"] or "\n" in att["title_printed"]:
            continue
        form = pick(rng, ["（单位：{}）", "（{}）"])
        att["title_printed"] = att["title_printed"] + form.format(att["unit"])
        att.pop("unit_line")
        done = True
    return spec if done else None


@mutation("unit_line_variant")
def unit_line_variant(spec: Spec, rng: random.Random) -> Spec | None:
    """The unit line worded 金额单位：万元 / 单位:万元 / （单位：万元）."""
    done = False
    for att in alloc_attachments(spec, groups=True):
        if att.get("unit_line") not in ("单位：万元", "单位：元"):
            continue
        form = pick(rng, ["金额单位：{}", "单位:{}", "（单位：{}）", "单位： {}"])
        att["unit_line"] = form.format(att["unit"])
        done = True
    return spec if done else None


def _amount_cells(att: dict[str, Any]) -> Iterator[tuple[dict[str, Any], int]]:
    for row in att["rows"]:
        for i, col in enumerate(att["columns"]):
            if col["role"] == "amount" and cell_amount(row["cells"][i]) is not None:
                yield row, i


@mutation("amounts_in_yuan")
def amounts_in_yuan(spec: Spec, rng: random.Random) -> Spec | None:
    """A 万元 table printed in 元 (×10000), with or without thousands separators."""
    done = False
    for att in alloc_attachments(spec, groups=True):
        if not prints_wan_once(att):
            continue
        sep = rng.random() < 0.6
        cents = rng.random() < 0.4  # 元 printed with 角分: 1,500,000.00
        for row, i in list(_amount_cells(att)):
            row["cells"][i] = wan_in_yuan(cell_amount(row["cells"][i]) or Decimal(0), sep=sep, cents=cents)
        att["unit"], att["unit_line"] = "元", "单位：元"
        done = True
    return spec if done else None


@mutation("wan_with_decimals")
def wan_with_decimals(spec: Spec, rng: random.Random) -> Spec | None:
    """万元 amounts printed with two (or four) decimals: 150 -> 150.00."""
    done = False
    for att in alloc_attachments(spec, groups=True):
        if att.get("unit") != "万元":
            continue
        places = pick(rng, [2, 2, 4])
        cells = list(_amount_cells(att))
        if any(len(str(r["cells"][i]).partition(".")[2]) > places for r, i in cells):
            continue
        for row, i in cells:
            d = cell_amount(row["cells"][i])
            row["cells"][i] = f"{d:.{places}f}"
        done = bool(cells) or done
    return spec if done else None


@mutation("thousands_separators")
def thousands_separators(spec: Spec, rng: random.Random) -> Spec | None:
    """Thousands separators added to (or removed from) every amount >= 1000."""
    done = False
    for att in alloc_attachments(spec, groups=True):
        cells = list(_amount_cells(att))
        has = any("," in str(r["cells"][i]) for r, i in cells)
        for row, i in cells:
            raw = str(row["cells"][i])
            d = cell_amount(raw)
            if d is None or abs(d) < 1000:
                continue
            places = len(raw.partition(".")[2])
            row["cells"][i] = f"{d:.{places}f}" if has else fmt_thousands(d, places)
            done = True
    return spec if done else None


@mutation("seq_column_add")
def seq_column_add(spec: Spec, rng: random.Random) -> Spec | None:
    """A 序号 column added in front (totals unnumbered, merged with the label or not)."""
    done = False
    for att in alloc_attachments(spec):
        if any(c["role"] == "seq" for c in att["columns"]) or not att["columns"]:
            continue
        if att["columns"][0]["role"] != "region" or not col_spans_ok(att, 0) or any(r.get("span") for r in att["rows"]):
            continue
        merge = rng.random() < 0.5
        n, cells = 0, []
        for row in att["rows"]:
            if row.get("total") or not str(row["cells"][0]).strip():
                cells.append("")
            else:
                n += 1
                cells.append(str(n))
        head = ["序号"] + [""] * (header_rows(att) - 1)
        insert_col(att, 0, {"role": "seq", "w": 0.5}, head, cells)
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
    for att in alloc_attachments(spec):
        idx = [i for i, c in enumerate(att["columns"]) if c["role"] == "seq"]
        if len(idx) == 1 and remove_col(att, idx[0]) is not None:
            done = True
    return spec if done else None


@mutation("note_column_add")
def note_column_add(spec: Spec, rng: random.Random) -> Spec | None:
    """A 备注 column added at the right (mostly empty, a few words on some rows)."""
    done = False
    words = ["据实结算", "含上年结余", "一次性补助", "按因素法分配", "提前下达"]
    for att in alloc_attachments(spec):
        if any(c.get("name") == "备注" for c in att["columns"]):
            continue
        cells = ["" if r.get("total") or rng.random() < 0.6 else pick(rng, words) for r in att["rows"]]
        head = ["备注"] + [""] * (header_rows(att) - 1)
        insert_col(att, len(att["columns"]), {"role": "note", "name": "备注", "w": 1.2}, head, cells)
        done = True
    return spec if done else None


@mutation("amount_before_text")
def amount_before_text(spec: Spec, rng: random.Random) -> Spec | None:
    """Text columns (项目名称, 备注 …) printed after the amount columns."""
    done = False
    for att in alloc_attachments(spec):
        cols = att["columns"]
        last_amount = max((i for i, c in enumerate(cols) if c["role"] == "amount"), default=-1)
        notes = [i for i, c in enumerate(cols) if c["role"] == "note" and i < last_amount]
        if not notes or not all(col_spans_ok(att, i) for i in notes):
            continue
        if any(r.get("span") and r["span"][1] >= min(notes) for r in att["rows"]):
            continue
        moved: list[tuple[dict[str, Any], list[str], list[str]]] = []
        for i in sorted(notes, reverse=True):
            got = remove_col(att, i)
            if got is None:
                return None
            moved.insert(0, got)
        for col, head, cells in moved:
            insert_col(att, len(att["columns"]), col, head, cells)
        done = True
    return spec if done else None

