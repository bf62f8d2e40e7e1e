"""Real-world allocation-table layouts (the spec's rows stay the logical truth).

- ``groups: k``: the table is printed as k side-by-side column groups (``单位 金额 | 单位 金额
  | …``) to save paper; the logical rows are read top to bottom, then left to right: group g
  holds rows ``g*m … g*m+m-1`` (m = ``per_group`` or ceil(n/k)).  ``header`` and ``spans``
  describe ONE group and are repeated; ``group_rule`` (pt) thickens the line between groups.
- ``vmerge: [col, …]``: consecutive rows with the same text in those columns print it once in
  a vertically merged cell (a county over its project rows).
- ``indent`` on a row: the region cell is indented by that many characters (row hierarchy:
  ``其中：市本级`` and districts under their city).
- a column with ``role: indicator`` (money-and-targets tables) is printed like a text column.
"""

from __future__ import annotations

import math
from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import Paragraph, Table, TableStyle

from .fonts import HEI, SONG, style


def _cell(text: Any, size: float, align: str, font: str, indent: float = 0) -> Paragraph:
    s = escape("" if text is None else str(text)).replace("\n", "<br/>")
    st = style(f"gcell-{size}-{align}-{font}-{indent}", font=font, size=size, leading=size * 1.3,
               align=align, left_indent=indent)
    return Paragraph(s, st)


def _align(att: dict[str, Any], col: dict[str, Any]) -> str:
    role = col["role"]
    if role == "amount":
        return "right"
    if role in LONG_ROLES:
        return "left" if role == "indicator_name" else "center"
    if role == "region" and att.get("region_align"):
        return str(att["region_align"])
    default = "left" if role == "note" else "center"
    return str(col.get("align", default))


def _row_cells(att: dict[str, Any], row: dict[str, Any] | None, size: float) -> list[Any]:
    cols = att["columns"]
    if row is None:
        return [""] * len(cols)
    font = HEI if row.get("total") and att.get("bold_totals") else SONG
    printed = list(row["cells"])
    if row.get("span"):  # a merged label cell shows the text of the first non-empty cell
        a, b = row["span"]
        label = next((x for x in printed[a : b + 1] if x), "")
        printed[a : b + 1] = [label] + [""] * (b - a)
    out = []
    for col, val in zip(cols, printed, strict=True):
        indent = size * float(row.get("indent", 0)) if col["role"] == "region" else 0
        out.append(_cell(val, size, _align(att, col), font, indent))
    return out


def _vmerge(att: dict[str, Any], grid: list[list[Any]], rows: list[dict[str, Any] | None],
            nh: int, offset: int) -> list[tuple[Any, ...]]:
    cmds: list[tuple[Any, ...]] = []
    for c in att.get("vmerge", []):
        i = 0
        while i < len(rows):
            r = rows[i]
            j = i
            text = r["cells"][c] if r else ""
            while (text and j + 1 < len(rows) and (nxt := rows[j + 1]) is not None
                   and nxt["cells"][c] == text and nxt.get("_group") == (r or {}).get("_group")):
                j += 1
            for k in range(i + 1, j + 1):
                grid[k][offset + c] = ""
            if j > i:
                cmds.append(("SPAN", (offset + c, nh + i), (offset + c, nh + j)))
            i = j + 1
    return cmds


LONG_ROLES = ("level1", "level2", "indicator_name", "indicator_value")


def long_rows(att: dict[str, Any]) -> list[dict[str, Any]]:
    """``shape: long``: each logical row printed as one line per target, the row's own cells
    (region, amount, notes) merged vertically over them; 一级/二级 labels merged over runs."""
    from .export import LEVEL1

    out = []
    for g, row in enumerate(att["rows"]):
        targets = row.get("targets") or [None]
        for t in targets:
            cells = []
            own = iter(row["cells"])
            for col in att["columns"]:
                role = col["role"]
                if role not in LONG_ROLES:
                    cells.append(next(own))
                elif t is None:
                    cells.append("")
                else:
                    name, value, l2 = t[:3]
                    l1 = t[3] if len(t) > 3 else LEVEL1[l2]
                    cells.append({"level1": l1, "level2": l2, "indicator_name": name,
                                  "indicator_value": value}[role])
            out.append({**row, "cells": cells, "_group": g})
    return out


def allocation_grid(att: dict[str, Any], W: float) -> Table:
    size = float(att.get("font_size", 11))
    cols = att["columns"]
    k = int(att.get("groups", 1))
    rows: list[dict[str, Any]] = long_rows(att) if att.get("shape") == "long" else att["rows"]
    m = int(att.get("per_group") or math.ceil(len(rows) / k))
    chunks: list[list[dict[str, Any] | None]] = [list(rows[g * m:(g + 1) * m]) for g in range(k)]
    for ch in chunks:
        ch += [None] * (m - len(ch))
    ncol = len(cols)
    header = att["header"]
    nh = len(header)
    data: list[list[Any]] = [[] for _ in range(nh + m)]
    cmds: list[tuple[Any, ...]] = []
    for g, chunk in enumerate(chunks):
        off = g * ncol
        for r, hrow in enumerate(header):
            data[r] += [_cell(x, size, "center", SONG) for x in hrow]
        for c0, r0, c1, r1 in att.get("spans", []):
            cmds.append(("SPAN", (off + c0, r0), (off + c1, r1)))
        for i, row in enumerate(chunk):
            if row and row.get("span"):
                a, b = row["span"]
                cmds.append(("SPAN", (off + a, nh + i), (off + b, nh + i)))
        body = [_row_cells(att, row, size) for row in chunk]
        for i, cells in enumerate(body):
            data[nh + i] += cells
        grid = [data[nh + i] for i in range(m)]
        cmds += _vmerge(att, grid, chunk, nh, off)
        if g and att.get("group_rule"):
            cmds.append(("LINEBEFORE", (off, 0), (off, -1), float(att["group_rule"]), "black"))
    ws = [float(c.get("w", 1)) for c in cols] * k
    tot = sum(ws)
    widths = [w * W / tot for w in ws]
    pad = float(att.get("padding", 3))
    style_cmds: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.6, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, nh), (-1, -1), pad), ("BOTTOMPADDING", (0, nh), (-1, -1), pad),
        *cmds,
    ]
    return Table(data, colWidths=widths, style=TableStyle(style_cmds),
                 repeatRows=nh if att.get("repeat_header") else 0, splitInRow=0)


def uses_grid(att: dict[str, Any]) -> bool:
    """Whether an allocation attachment needs this module (else the classic renderer, unchanged)."""
    return bool(att.get("groups") or att.get("vmerge") or att["kind"] == "allocation_targets"
                or any(r.get("indent") for r in att["rows"]))
