"""A regional target table with the regions as COLUMNS (``kind: target_matrix``).

Real 专项转移支付绩效目标表 often cover several regions at once: a header block (部门, 编码,
项目名称, 区域, 资金情况, 总体目标), then one row per indicator (一级, 二级, 三级, 指标解释) and one
target-value column per region under a merged ``区域目标值`` heading.  The export gives one
regional target table per region column: that column's values, the table's project and year,
and ``funds.total: null`` (the printed 资金总额 covers all the regions together).
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Table

from . import canon
from .tables import P, _base_style, equal_runs


def render(att: dict[str, Any], W: float) -> Table:
    s = float(att.get("font_size", 9))
    regions: list[str] = att["regions"]
    n = 4 + len(regions)
    data: list[list[Any]] = []
    cmds: list[tuple[Any, ...]] = []
    for label, value in att["header_fields"]:
        data.append([P(label, s)] + [""] + [P(value, s, "left")] + [""] * (n - 3))
        r = len(data) - 1
        cmds += [("SPAN", (0, r), (1, r)), ("SPAN", (2, r), (n - 1, r))]
    h = len(data)
    data.append([P("一级指标", s), P("二级指标", s), P("三级指标", s), P("指标解释", s), P("区域目标值", s)]
                + [""] * (len(regions) - 1))
    data.append(["", "", "", ""] + [P(r, s) for r in regions])
    cmds += [("SPAN", (c, h), (c, h + 1)) for c in range(4)] + [("SPAN", (4, h), (n - 1, h))]
    start = len(data)
    inds = att["indicators"]
    from .export import LEVEL1  # export imports tables, which imports this module

    l2s = [i[2] for i in inds]
    l1s = [LEVEL1[x] for x in l2s]
    for name, note, _l2, values in inds:
        data.append(["", "", P(name, s, "left"), P(note, s, "left")] + [P(v, s) for v in values])
    for col, labels in ((0, l1s), (1, l2s)):
        for a, b in equal_runs(labels):
            data[start + a][col] = P(labels[a], s)
            if b > a:
                cmds.append(("SPAN", (col, start + a), (col, start + b)))
    base = [1.0, 1.0, 1.9, 2.0] + [0.75] * len(regions)
    widths = [w * W / sum(base) for w in base]
    return Table(data, colWidths=widths, style=_base_style(cmds), splitInRow=1)


def targets(att: dict[str, Any], attachment: int | None, region_of: Any) -> list[dict[str, Any]]:
    """One regional target table per region column."""
    from .export import LEVEL1

    out = []
    for k, printed in enumerate(att["regions"]):
        inds = []
        for name, _note, l2, values in att["indicators"]:
            value = canon.text(str(values[k])) or ""
            t = canon.target(value)
            inds.append({"level1": LEVEL1[l2], "level2": l2, "name": canon.text(name), "value": value,
                         "target": {"op": t["op"], "number": canon.json_number(t["number"]),
                                    "unit": t["unit"]}, "period": "annual"})
        out.append({
            "attachment": attachment, "kind": "regional", "year": att["year"],
            "region": region_of(printed), "region_as_printed": canon.text(printed),
            "project": canon.text(att["project"]), "unit": att["unit"],
            "funds": {"total": None, "breakdown": {}},
            "indicators": inds, "layout_repaired": False,
        })
    return out
