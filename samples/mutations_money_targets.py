"""Money-and-targets mutations of samples.mutate: one table for the money and the targets
(…资金安排及绩效目标表) printed the other ways real ones are.

Real tables of this kind differ in the words over their target columns (绩效目标 / 绩效指标 /
年度绩效目标 …), whether a row of 二级 labels (数量指标 | 质量指标 …) or of 一级 labels sits between
that group and the indicator names, how narrow the target columns are (names and values wrapping
over several lines in one cell), whether the targets run across (one column per indicator: the
wide shape) or down (each recipient's region and amount merged over its target lines, with
一级/二级/三级/指标值 columns or only 指标 | 指标值: the long shape), and whether the table runs
over two pages with its header repeated. Each is a pure ``(spec, rng) -> spec | None``; the
truth the exporter reads is the same notice's (the same rows, amounts and indicators).
"""

from __future__ import annotations

import random
from typing import Any

from samples.generator.export import LEVEL1
from samples.mutation_grid import (
    Spec,
    cell_amount,
    insert_col,
    mutation,
    pick,
    prints_wan_once,
    wan_in_yuan,
)

GROUP_WORDS = ["绩效指标", "年度绩效目标", "主要绩效目标", "绩效目标（年度）", "年度绩效指标"]


def _wide(spec: Spec) -> list[dict[str, Any]]:
    """Wide money-and-targets tables (one column per indicator, side by side, no column groups)."""
    out = []
    for att in spec.get("attachments") or []:
        if att.get("kind") != "allocation_targets" or att.get("shape") == "long" or att.get("groups"):
            continue
        block = _block(att)
        if block and block == list(range(block[0], block[-1] + 1)) and not any(r.get("span") for r in att["rows"]):
            out.append(att)
    return out


def _block(att: dict[str, Any]) -> list[int]:
    return [i for i, c in enumerate(att["columns"]) if c["role"] == "indicator"]


def _grouped(att: dict[str, Any]) -> bool:
    """Two header rows: a group cell over the whole indicator block, each other column one cell."""
    block = _block(att)
    spans = [list(s) for s in att.get("spans") or []]
    if len(att["header"]) != 2 or [block[0], 0, block[-1], 0] not in spans:
        return False
    others = [i for i in range(len(att["columns"])) if i not in block]
    return all([i, 0, i, 1] in spans for i in others)


def _single_row(att: dict[str, Any]) -> bool:
    return len(att["header"]) == 1 and not att.get("spans")


@mutation("money_targets_group_label")
def money_targets_group_label(spec: Spec, rng: random.Random) -> Spec | None:
    """The target columns' group label in other words (绩效指标, 年度绩效目标 …), or a group label
    printed over target columns that had none (a second header row)."""
    done = False
    for att in _wide(spec):
        block = _block(att)
        word = pick(rng, GROUP_WORDS)
        if _grouped(att):
            att["header"][0][block[0]] = word
        elif _single_row(att) and len(block) >= 2:
            top = [("" if i in block else h) for i, h in enumerate(att["header"][0])]
            top[block[0]] = word
            bottom = [(h if i in block else "") for i, h in enumerate(att["header"][0])]
            att["header"] = [top, bottom]
            att["spans"] = [[i, 0, i, 1] for i in range(len(top)) if i not in block] + [[block[0], 0, block[-1], 0]]
        else:
            continue
        done = True
    return spec if done else None


def _runs(labels: list[str]) -> list[tuple[int, int]]:
    """Runs of equal adjacent labels: (first, last) offsets."""
    out: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            out.append((start, i - 1))
            start = i
    return out


@mutation("money_targets_level_row")
def money_targets_level_row(spec: Spec, rng: random.Random) -> Spec | None:
    """A row of level labels between the target group and the indicator names: each column's 二级
    (数量指标 | 质量指标 …, equal neighbours merged), under the group label or under the 一级 labels
    instead of it (产出指标 over 数量指标 | 质量指标). The indicators' levels are the same."""
    done = False
    for att in _wide(spec):
        if not _grouped(att):
            continue
        block = _block(att)
        level2 = [att["columns"][i]["l2"] for i in block]
        top = att["header"][0]
        if rng.random() < 0.5:  # the 一级 labels replace the group label
            level1 = [LEVEL1[x] for x in level2]
            top[block[0]:block[-1] + 1] = [""] * len(block)
            runs1 = _runs(level1)
            for a, _ in runs1:
                top[block[0] + a] = level1[a]
            group_spans = [[block[0] + a, 0, block[0] + b, 0] for a, b in runs1]
        else:
            group_spans = [[block[0], 0, block[-1], 0]]
        mid = ["" for _ in top]
        runs2 = _runs(level2)
        for a, _ in runs2:
            mid[block[0] + a] = level2[a]
        names = att["header"][1]
        att["header"] = [top, mid, names]
        others = [i for i in range(len(top)) if i not in block]
        att["spans"] = ([[i, 0, i, 2] for i in others] + group_spans
                        + [[block[0] + a, 1, block[0] + b, 1] for a, b in runs2 if b > a])
        done = True
    return spec if done else None


@mutation("money_targets_narrow_cells")
def money_targets_narrow_cells(spec: Spec, rng: random.Random) -> Spec | None:
    """Narrow target columns: the indicator names and values wrap over two or three lines in their
    cells (the task text too)."""
    atts = _wide(spec)
    for att in atts:
        factor = pick(rng, [0.55, 0.7])
        for i in _block(att):
            att["columns"][i]["w"] = round(float(att["columns"][i].get("w", 1)) * factor, 2)
        for col in att["columns"]:
            if col["role"] == "note":
                col["w"] = round(float(col.get("w", 1)) * 0.7, 2)
    return spec if atts else None


_LONG_HEADS = [
    (("level1", "一级指标"), ("level2", "二级指标"), ("indicator_name", "三级指标"), ("indicator_value", "指标值")),
    (("level1", "一级指标"), ("level2", "二级指标"), ("indicator_name", "指标名称"), ("indicator_value", "目标值")),
    (("indicator_name", "绩效指标"), ("indicator_value", "指标值")),
    (("indicator_name", "指标名称"), ("indicator_value", "指标值")),
    (("indicator_name", "三级指标"), ("indicator_value", "年度指标值")),
    (("indicator_name", "指标"), ("indicator_value", "指标值")),
]


def _to_long(att: dict[str, Any], heads: tuple[tuple[str, str], ...]) -> bool:
    """The wide table ``att`` printed long: each member row's targets one per line, its own cells
    (region, amount, task) merged down over them; the 合计 row one line."""
    block = _block(att)
    if len(att["header"]) == 2 and not _grouped(att) or len(att["header"]) > 2:
        return False
    others = [i for i in range(len(att["columns"])) if i not in block]
    head = [next(t for t in (r[i] for r in att["header"]) if t) for i in others]
    ind_cols = [att["columns"][i] for i in block]
    rows = []
    for row in att["rows"]:
        new = {k: v for k, v in row.items() if k != "cells"}
        new["cells"] = [row["cells"][i] for i in others]
        if not row.get("total"):
            targets = [[c.get("indicator", c["name"]), row["cells"][i], c["l2"]]
                       for c, i in zip(ind_cols, block, strict=True) if str(row["cells"][i]).strip()]
            if targets:
                new["targets"] = targets
        rows.append(new)
    att["columns"] = [att["columns"][i] for i in others] + [{"role": r, "w": 1.6 if r == "indicator_name" else 1.0}
                                                            for r, _ in heads]
    att["header"] = [head + [h for _, h in heads]]
    att["spans"] = []
    att["rows"] = rows
    att["shape"] = "long"
    att["vmerge"] = list(range(len(others)))
    return True


@mutation("money_targets_long_shape")
def money_targets_long_shape(spec: Spec, rng: random.Random) -> Spec | None:
    """The targets printed down instead of across: each recipient's region, amount and task merged
    over its target lines, under 一级/二级/三级指标 | 指标值 columns or only 指标 | 指标值 (the
    levels then read from the names, as for a wide table printing none)."""
    done = False
    for att in _wide(spec):
        done = _to_long(att, pick(rng, _LONG_HEADS)) or done
    return spec if done else None


@mutation("money_targets_over_pages")
def money_targets_over_pages(spec: Spec, rng: random.Random) -> Spec | None:
    """A money-and-targets table set large enough to run over two pages, its header printed again
    on the second page (or not)."""
    atts = [a for a in spec.get("attachments") or [] if a.get("kind") == "allocation_targets"
            and not a.get("groups")]
    for att in atts:
        att["font_size"] = pick(rng, [12, 13])
        att["padding"] = pick(rng, [10, 14]) if att.get("shape") != "long" else pick(rng, [6, 8])
        att["repeat_header"] = rng.random() < 0.7
    return spec if atts else None


def _all(spec: Spec) -> list[dict[str, Any]]:
    return [a for a in spec.get("attachments") or [] if a.get("kind") == "allocation_targets" and not a.get("groups")]


@mutation("money_targets_total_place")
def money_targets_total_place(spec: Spec, rng: random.Random) -> Spec | None:
    """The 合计 row printed first (right under the header) when it was last, or last when it was
    first (the allocation rows follow the print; 合计 still gives no target table)."""
    done = False
    for att in _all(spec):
        rows = att["rows"]
        totals = [i for i, r in enumerate(rows) if r.get("total")]
        if len(rows) < 3 or len(totals) != 1:
            continue
        if totals == [len(rows) - 1]:
            rows.insert(0, rows.pop())
        elif totals == [0]:
            rows.append(rows.pop(0))
        else:
            continue
        done = True
    return spec if done else None


@mutation("money_targets_in_yuan")
def money_targets_in_yuan(spec: Spec, rng: random.Random) -> Spec | None:
    """A 万元 money-and-targets table printed in 元 (×10000, with or without thousands separators):
    the truth's unit and amounts, and each row's funds, follow."""
    done = False
    for att in _all(spec):
        if not prints_wan_once(att):
            continue
        amounts = [i for i, c in enumerate(att["columns"]) if c["role"] == "amount"]
        sep = rng.random() < 0.6
        for row in att["rows"]:
            for i in amounts:
                d = cell_amount(str(row["cells"][i]))
                if d is not None:
                    row["cells"][i] = wan_in_yuan(d, sep=sep)
        att["unit"], att["unit_line"] = "元", "单位：元"
        done = True
    return spec if done else None


@mutation("money_targets_seq_column")
def money_targets_seq_column(spec: Spec, rng: random.Random) -> Spec | None:
    """A 序号 column printed in front of a money-and-targets table that has none (the 合计 row
    unnumbered; merged down a recipient's target lines in the long shape)."""
    done = False
    for att in _all(spec):
        if any(c["role"] == "seq" for c in att["columns"]) or any(r.get("span") for r in att["rows"]):
            continue
        head = ["序号"] + [""] * (len(att["header"]) - 1)
        n = 0
        cells = []
        for row in att["rows"]:
            n += 0 if row.get("total") else 1
            cells.append("" if row.get("total") else str(n))
        insert_col(att, 0, {"role": "seq", "w": 0.5}, head, cells)
        if att.get("shape") == "long":
            att["vmerge"] = sorted({0, *(att.get("vmerge") or [])})
        done = True
    return spec if done else None
