"""Table mutations of samples.mutate, continued: 合计 first or last, padded labels, 合计 spellings, a group
header over the amounts, a table over two pages, type size, unit line, subtitle, 小计 blocks, column groups.

Each is a pure ``(spec, rng) -> spec | None`` registered by name in ``samples.mutation_grid.MUTATIONS``;
the truth the exporter reads stays consistent. Registered when ``samples.mutations_table`` is imported.
"""

from __future__ import annotations

import random
from decimal import Decimal

from samples.mutation_grid import (
    Spec,
    alloc_attachments,
    cell_amount,
    header_rows,
    hierarchical,
    mutation,
    pick,
    plain_total_rows,
)

# ---------------------------------------------------------------- mutations


def _move_total(spec: Spec, *, to_first: bool) -> Spec | None:
    """Move each flat table's 合计 row from the bottom to the top (``to_first``) or back."""
    done = False
    for att in alloc_attachments(spec):
        if hierarchical(att):
            continue
        rows = att["rows"]
        k = plain_total_rows(att)[0]
        if k != (len(rows) - 1 if to_first else 0):
            continue
        row = rows.pop(k)
        if to_first:
            rows.insert(0, row)
        else:
            rows.append(row)
        done = True
    return spec if done else None


@mutation("total_first")
def total_first(spec: Spec, rng: random.Random) -> Spec | None:
    """The 合计 row printed first (right under the header) instead of last."""
    return _move_total(spec, to_first=True)


@mutation("total_last")
def total_last(spec: Spec, rng: random.Random) -> Spec | None:
    """The 合计 row printed last instead of first."""
    return _move_total(spec, to_first=False)


@mutation("qizhong_first_member")
def qizhong_first_member(spec: Spec, rng: random.Random) -> Spec | None:
    """合计 first and the next row printed 其中：<region> (the truth region drops 其中：)."""
    done = False
    for att in alloc_attachments(spec):
        if hierarchical(att):
            continue
        ri = next((i for i, c in enumerate(att["columns"]) if c["role"] == "region"), None)
        k = plain_total_rows(att)[0]
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


def _pad(label: str, rng: random.Random) -> str:
    """A two-character label spread the way Word users centre it: 合计 -> 合  计 / 合　计."""
    return label[0] + str(pick(rng, ["  ", "　", "　　", " "])) + label[1]


def _two_han(text: object) -> bool:
    """A two-character label of Chinese characters (地区, 合计), the kind Word users spread out."""
    return isinstance(text, str) and len(text) == 2 and all("\u4e00" <= c <= "\u9fff" for c in text)


@mutation("header_padding")
def header_padding(spec: Spec, rng: random.Random) -> Spec | None:
    """Two-character header labels spread out (地  区, 金　额, 备  注, 序  号)."""
    done = False
    for att in alloc_attachments(spec, groups=True):
        for row in att["header"]:
            for i, h in enumerate(row):
                if _two_han(h):
                    row[i] = _pad(h, rng)
                    done = True
    return spec if done else None


@mutation("label_padding")
def label_padding(spec: Spec, rng: random.Random) -> Spec | None:
    """Two-character row labels spread out (合  计, 城　区); region_as_printed drops the spaces."""
    done = False
    for att in alloc_attachments(spec, groups=True):
        ri = [i for i, c in enumerate(att["columns"]) if c["role"] == "region"]
        for row in att["rows"]:
            for i in ri:
                cell = row["cells"][i]
                if _two_han(cell):
                    row["cells"][i] = _pad(cell, rng)
                    done = True
    return spec if done else None


@mutation("total_label_variant")
def total_label_variant(spec: Spec, rng: random.Random) -> Spec | None:
    """The grand total labelled 总计 / 合计 / 总  计 instead of its printed word."""
    done = False
    for att in alloc_attachments(spec):
        if hierarchical(att):
            continue
        ri = next((i for i, c in enumerate(att["columns"]) if c["role"] == "region"), None)
        row = att["rows"][plain_total_rows(att)[0]]
        if ri is None or row.get("span") or row.get("region") or row["cells"][ri] not in ("合计", "总计"):
            continue
        row["cells"][ri] = pick(rng, [x for x in ("合计", "总计", "合 计", "总 计") if x != row["cells"][ri]])
        done = True
    return spec if done else None


_GENERIC_LEAVES = {"合计", "小计", "总计", "计", "金额", "资金"}


@mutation("amount_group_header")
def amount_group_header(spec: Spec, rng: random.Random) -> Spec | None:
    """Two or more amount columns grouped under one header cell (补助资金（万元） over 中央 | 省级)."""
    done = False
    for att in alloc_attachments(spec):
        idx = [i for i, c in enumerate(att["columns"]) if c["role"] == "amount"]
        if header_rows(att) != 1 or len(idx) < 2 or idx != list(range(idx[0], idx[-1] + 1)) or att.get("spans"):
            continue
        if any(str(att["header"][0][i]) in _GENERIC_LEAVES or "其中" in str(att["header"][0][i]) for i in idx):
            continue
        label = pick(rng, ["补助资金", "分配资金", "下达资金"])
        if att.get("unit_line") in ("单位：万元", "单位：元") and rng.random() < 0.5:
            label += f"（{att['unit']}）"
            att.pop("unit_line")
        old = att["header"][0]
        top = [label if i == idx[0] else ("" if i in idx else h) for i, h in enumerate(old)]
        low = [h if i in idx else "" for i, h in enumerate(old)]
        att["header"] = [top, low]
        att["spans"] = [[i, 0, i, 1] for i in range(len(old)) if i not in idx] + [[idx[0], 0, idx[-1], 0]]
        done = True
    return spec if done else None


@mutation("table_over_pages")
def table_over_pages(spec: Spec, rng: random.Random) -> Spec | None:
    """A long table set with roomier rows so it runs over a page (header repeated or not).

    Not side-by-side column groups: they are printed that way to fit one page."""
    done = False
    for att in alloc_attachments(spec):
        if len(att["rows"]) < 10:
            continue
        att["padding"] = pick(rng, [9, 12, 14])
        att["font_size"] = max(float(att.get("font_size", 11)), 12.0)
        att["repeat_header"] = rng.random() < 0.5
        done = True
    return spec if done else None


@mutation("table_font_size")
def table_font_size(spec: Spec, rng: random.Random) -> Spec | None:
    """The table set in another size (10.5 / 12 / 14 pt), so cells wrap differently."""
    done = False
    for att in alloc_attachments(spec, groups=True):
        now = float(att.get("font_size", 11))
        att["font_size"] = pick(rng, [s for s in (10.5, 12.0, 14.0) if s != now])
        done = True
    return spec if done else None


@mutation("unit_line_left")
def unit_line_left(spec: Spec, rng: random.Random) -> Spec | None:
    """The unit line printed on the left above the table, or beside a 填报单位 line."""
    done = False
    for att in alloc_attachments(spec, groups=True):
        if not att.get("unit_line") or att.get("left_line"):
            continue
        if rng.random() < 0.5:
            att["left_line"] = att.pop("unit_line")
        else:
            att["left_line"] = "填报单位：" + str(pick(rng, ["财政局", "县财政局社保股", "市财政局农业科"]))
        done = True
    return spec if done else None


@mutation("table_subtitle")
def table_subtitle(spec: Spec, rng: random.Random) -> Spec | None:
    """A bracketed subtitle line under the table's title (（第二批）, （提前下达）); the title is the same."""
    done = False
    for att in alloc_attachments(spec, groups=True):
        if att.get("subtitle") or not att.get("title_printed"):
            continue
        att["subtitle"] = pick(rng, ["（第二批）", "（提前下达）", "（预算指标）"])
        done = True
    return spec if done else None


def _sum_cell(cells: list[str]) -> str:
    """The printed sum of amount cells, in their format (decimals, thousands separators)."""
    vals = [cell_amount(c) for c in cells]
    total = sum((v for v in vals if v is not None), Decimal(0))
    places = max((len(str(c).partition(".")[2]) for c in cells if str(c).strip()), default=0)
    sep = any("," in str(c) for c in cells)
    return f"{total:,.{places}f}" if sep else f"{total:.{places}f}"


@mutation("subtotal_blocks")
def subtotal_blocks(spec: Spec, rng: random.Random) -> Spec | None:
    """The members split into two blocks, each closed by a 小计 row, before the 合计."""
    done = False
    for att in alloc_attachments(spec):
        if hierarchical(att) or any(r.get("span") for r in att["rows"]):
            continue
        k = plain_total_rows(att)[0]
        members = [r for r in att["rows"] if not r.get("total")]
        if k != len(att["rows"]) - 1 or len(members) < 4:
            continue
        cols = att["columns"]
        if any(c["role"] == "amount" and any(r["cells"][i] and cell_amount(r["cells"][i]) is None for r in members)
               for i, c in enumerate(cols)):
            continue
        cut = rng.randrange(2, len(members) - 1)
        rows = []
        for block in (members[:cut], members[cut:]):
            cells = []
            for i, c in enumerate(cols):
                if c["role"] == "amount":
                    cells.append(_sum_cell([str(r["cells"][i]) for r in block]))
                else:
                    cells.append("小计" if c["role"] == "region" else "")
            rows += [*block, {"cells": cells, "total": True}]
        att["rows"] = [*rows, att["rows"][k]]
        done = True
    return spec if done else None


@mutation("column_groups")
def column_groups(spec: Spec, rng: random.Random) -> Spec | None:
    """Rows printed in 2 or 3 side-by-side column groups (单位 金额 | 单位 金额), or a grouped
    table printed as one tall table; the rows' reading order (down, then across) is the truth."""
    done = False
    for att in alloc_attachments(spec, groups=True):
        k = int(att.get("groups") or 1)
        ncol = len(att["columns"])
        if att.get("vmerge") or any(r.get("span") for r in att["rows"]) or att.get("repeat_header"):
            continue
        # columns that fit across a portrait page (7) or a landscape one (10)
        choices = [g for g in (1, 2, 3) if g != k and g * ncol <= 10 and len(att["rows"]) >= 4 * g]
        if not choices:
            continue
        g = int(pick(rng, choices))
        if g * ncol > 7:
            att["landscape"] = True
        att.pop("per_group", None)
        if g == 1:
            att.pop("groups", None)
            att.pop("group_rule", None)
        else:
            att["groups"] = g
        done = True
    return spec if done else None
