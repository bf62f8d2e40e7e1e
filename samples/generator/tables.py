"""Attachment pages: 分配表, 区域/项目绩效目标表, 跟踪反馈表 as ruled reportlab Tables.

Merged cells are real ``SPAN``s; labels in vertically merged cells are centred (VALIGN
MIDDLE), which is what a Word table looks like.  A label merges down to the row before the
next label (or an explicit empty label ``""``) in the same column.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from . import layouts
from .fonts import HEI, SONG, SYM, style

CHECKED, UNCHECKED = "☑", "☐"


def P(text: Any, size: float = 10.5, align: str = "center", font: str = SONG) -> Paragraph:
    s = escape("" if text is None else str(text)).replace("\n", "<br/>")
    s = s.replace(CHECKED, f'<font name="{SYM}">{CHECKED}</font>').replace(
        UNCHECKED, f'<font name="{SYM}">{UNCHECKED}</font>')
    return Paragraph(s, style(f"cell-{size}-{align}-{font}", font=font, size=size,
                              leading=size * 1.3, align=align))


def _scale(ws: list[float], total: float) -> list[float]:
    k = total / sum(ws)
    return [w * k for w in ws]


def equal_runs(values: list[Any]) -> list[tuple[int, int]]:
    """(first, last) index of each run of equal consecutive ``values`` (cells a table merges)."""
    out, i = [], 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i]:
            j += 1
        out.append((i, j))
        i = j + 1
    return out


RULES = ("grid", "horizontal", "three_line", "none")


def _rule_cmds(rules: str, header_rows: int) -> list[tuple[Any, ...]]:
    """The table's rules: a full grid (the default); a rule under every row and none between
    columns (``horizontal``); a 三线表 (thick top and bottom rules, a thin one under the header);
    or no rules at all (an Excel sheet printed without borders)."""
    if rules == "grid":
        return [("GRID", (0, 0), (-1, -1), 0.6, "black")]
    if rules == "horizontal":
        return [("LINEABOVE", (0, 0), (-1, 0), 1.0, "black"), ("LINEBELOW", (0, 0), (-1, -1), 0.5, "black")]
    if rules == "three_line":
        return [("LINEABOVE", (0, 0), (-1, 0), 1.2, "black"),
                ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.6, "black"),
                ("LINEBELOW", (0, -1), (-1, -1), 1.2, "black")]
    if rules == "none":
        return []
    raise ValueError(f"rules: {rules!r} is not one of {RULES}")


def _base_style(extra: list[tuple[Any, ...]], rules: str = "grid", header_rows: int = 1) -> TableStyle:
    return TableStyle([
        *_rule_cmds(rules, header_rows),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *extra,
    ])


def heading_block(att: dict[str, Any], W: float) -> list[Flowable]:
    out: list[Flowable] = []
    if att.get("heading_inline"):  # 附件1：<title> on one line, no centred title below
        out.append(Paragraph(escape(att["heading"] + att["title_printed"]),
                             style("att-head-inline", font=HEI, size=16, leading=24, align="left")))
    elif att.get("heading"):
        out.append(Paragraph(escape(att["heading"]), style("att-head", font=HEI, size=16, leading=24, align="left")))
    if att.get("title_printed") and not att.get("heading_inline"):
        out += [Spacer(1, 3 * mm), Paragraph(escape(att["title_printed"]).replace("\n", "<br/>"),
                                              style("att-title", font=HEI, size=18, leading=26, align="center"))]
    if att.get("subtitle"):
        out.append(Paragraph(escape(att["subtitle"]), style("att-sub", size=14, leading=22, align="center")))
    if att.get("left_line"):
        out.append(Paragraph(escape(att["left_line"]), style("att-left", size=12, leading=18, align="left")))
    if att.get("unit_line"):
        out.append(Paragraph(escape(att["unit_line"]), style("att-unit", size=12, leading=18, align="right")))
    else:
        out.append(Spacer(1, 3 * mm))
    return out


def allocation(att: dict[str, Any], W: float) -> Table:
    cols = att["columns"]
    size = float(att.get("font_size", 11))
    header = att["header"]
    data: list[list[Any]] = [[P(c, size) for c in row] for row in header]
    cmds: list[tuple[Any, ...]] = []
    for c0, r0, c1, r1 in att.get("spans", []):
        cmds.append(("SPAN", (c0, r0), (c1, r1)))
    nh = len(header)
    for i, row in enumerate(att["rows"]):
        cells = []
        printed = list(row["cells"])
        if row.get("span"):  # a merged label cell shows the text of the first non-empty cell
            a, b = row["span"]
            label = next((x for x in printed[a : b + 1] if x), "")
            printed[a : b + 1] = [label] + [""] * (b - a)
        for col, val in zip(cols, printed, strict=True):
            align = "right" if col["role"] == "amount" else ("left" if col["role"] == "note" else "center")
            if col["role"] == "region" and att.get("region_align"):
                align = att["region_align"]
            cells.append(P(val, size, align, HEI if row.get("total") and att.get("bold_totals") else SONG))
        data.append(cells)
        if row.get("span"):
            a, b = row["span"]
            cmds.append(("SPAN", (a, nh + i), (b, nh + i)))
    widths = _scale([float(c.get("w", 1)) for c in cols], W)
    pad = float(att.get("padding", 3))
    cmds += [("TOPPADDING", (0, nh), (-1, -1), pad), ("BOTTOMPADDING", (0, nh), (-1, -1), pad)]
    style = _base_style(cmds, att.get("rules", "grid"), nh)
    return Table(data, colWidths=widths, style=style,
                 repeatRows=nh if att.get("repeat_header") else 0, splitInRow=0)


def _label_cells(placements: dict[int, str], nrows: int, header_default: str | None,
                 header_spans: bool) -> tuple[dict[int, str], list[tuple[int, int]]]:
    """Cell text per row (-1 = header) and the (first, last) row spans of one label column."""
    pl = {int(k): v for k, v in placements.items()}
    if -1 not in pl and header_default is not None:
        pl[-1] = header_default
    keys = sorted(pl)
    texts: dict[int, str] = {}
    spans: list[tuple[int, int]] = []
    for j, r in enumerate(keys):
        texts[r] = pl[r]
        if r == -1 and not header_spans:
            continue
        end = keys[j + 1] - 1 if j + 1 < len(keys) else nrows - 1
        if end > r and pl[r] != "":
            spans.append((r, end))
    return texts, spans


def printed_hierarchy(att: dict[str, Any]) -> list[tuple[str, str]]:
    """(一级, 二级) as a reader of the printed grid would assign them, per indicator row."""
    n = len(att["indicators"]) + int(att.get("extra_rows", 0))
    out = []
    lay = att["layout"]
    cover: list[list[str]] = []
    for key in ("L1", "L2"):
        pl = {int(k): v for k, v in lay.get(key, {}).items() if int(k) >= 0}
        col = [""] * n
        for j, r in enumerate(sorted(pl)):
            end = sorted(pl)[j + 1] if j + 1 < len(pl) else n
            for x in range(r, end):
                col[x] = pl[r]
        cover.append(col)
    for i in range(len(att["indicators"])):
        out.append((cover[0][i], cover[1][i]))
    return out


def target_regional(att: dict[str, Any], W: float) -> Table:
    s = float(att.get("font_size", 10))
    f = att["fields"]
    inds = att["indicators"]
    n = len(inds) + int(att.get("extra_rows", 0))
    data: list[list[Any]] = [
        [P(f["project_label"], s), "", P(att["project"], s), "", "", ""],
        [P(f["dept_label"], s), "", P(f["dept"], s), "", "", ""],
        [P(f["fin_label"], s), "", P(f["fin"], s), "", P(f["dept2_label"], s), P(f["dept2"], s)],
        [P(f["funds_label"], s), "", P(f["total_label"], s, "left"), "", P(att["funds"]["total_printed"], s), ""],
        ["", "", P(f["central_label"], s, "left"), "", P(att["funds"].get("central_printed", ""), s), ""],
        ["", "", P(f["local_label"], s, "left"), "", P(att["funds"].get("local_printed", ""), s), ""],
        [P(f["objective_label"], s), "", P(att["objective"], s, "left"), "", "", ""],
    ]
    cmds: list[tuple[Any, ...]] = [
        ("SPAN", (0, 0), (1, 0)), ("SPAN", (2, 0), (5, 0)),
        ("SPAN", (0, 1), (1, 1)), ("SPAN", (2, 1), (5, 1)),
        ("SPAN", (0, 2), (1, 2)), ("SPAN", (2, 2), (3, 2)),
        ("SPAN", (0, 3), (1, 5)),
        ("SPAN", (2, 3), (3, 3)), ("SPAN", (4, 3), (5, 3)),
        ("SPAN", (2, 4), (3, 4)), ("SPAN", (4, 4), (5, 4)),
        ("SPAN", (2, 5), (3, 5)), ("SPAN", (4, 5), (5, 5)),
        ("SPAN", (0, 6), (1, 6)), ("SPAN", (2, 6), (5, 6)),
    ]
    h0 = len(data)  # header row of the indicator block
    lay = att["layout"]
    name_h, value_h = att.get("name_header", "三级指标"), att.get("value_header", "指标值")
    nc, vc = (4, 3) if att.get("value_first") else (3, 5)  # value_first: 指标值 | 三级指标 (merged over two)
    grid: list[list[Any]] = [["", "", "", "", "", ""] for _ in range(n + 1)]
    for r in range(n + 1):
        grid[r][nc], grid[r][vc] = P(name_h, s), P(value_h, s)
        cmds.append(("SPAN", (nc, h0 + r), (nc + 1, h0 + r)))
    for ci, (key, default, hspan) in enumerate((("L0", None, True), ("L1", "一级指标", False),
                                                ("L2", "二级指标", False))):
        texts, spans = _label_cells(lay.get(key, {}), n, default, hspan)
        for r, t in texts.items():
            grid[r + 1][ci] = P(t, s)
        for a, b in spans:
            cmds.append(("SPAN", (ci, h0 + a + 1), (ci, h0 + b + 1)))
    for i, ind in enumerate(inds):
        grid[i + 1][nc] = P(ind["name"], s, "left")
        grid[i + 1][vc] = P(ind["value"], s)
    for r in range(len(inds), n):
        grid[r + 1][nc] = ""
        grid[r + 1][vc] = ""
    data += grid
    widths = _scale([30, 50, 58, 142, 70, 80], W)
    return Table(data, colWidths=widths, style=_base_style(cmds), splitInRow=1)


def _checks(options: list[str], chosen: str | None) -> str:
    return "  ".join(f"{o}{CHECKED if o == chosen else UNCHECKED}" for o in options)


def target_project(att: dict[str, Any], W: float) -> Table:
    s = float(att.get("font_size", 9.5))
    ov = att["overview"]
    fm, fa = att["funds_midterm"], att["funds"]
    data: list[list[Any]] = [
        [P("项目名称", s), "", P(att["project"], s), "", "", "", "", ""],
        [P("预算单位", s), "", P(att["unit_name"], s), "", "", "", "", ""],
        [P("项目类型", s), "", P(_checks(att["type_options"], att["options"]["项目类型"]), s, "left"), "", "", "", "", ""],
    ]
    cmds: list[tuple[Any, ...]] = [("SPAN", (0, r), (1, r)) for r in range(3)]
    cmds += [("SPAN", (2, r), (7, r)) for r in range(3)]
    r0 = len(data)
    for label, value in ov:
        if label == "绩效分配方式":
            value = _checks(att["alloc_options"], att["options"]["绩效分配方式"])
        data.append(["", P(label, s), P(value, s, "left"), "", "", "", "", ""])
        cmds.append(("SPAN", (2, len(data) - 1), (7, len(data) - 1)))
    data[r0][0] = P("项目概况", s)
    cmds.append(("SPAN", (0, r0), (0, len(data) - 1)))
    r1 = len(data)
    for i, (lm, la) in enumerate((("中期资金总额：", "年度资金总额："), ("其中：财政拨款", "其中：财政拨款"),
                                  ("其他资金", "其他资金"))):
        vm = fm["total_printed"] if i == 0 else fm["parts_printed"][i - 1]
        va = fa["total_printed"] if i == 0 else fa["parts_printed"][i - 1]
        data.append(["", "", P(lm, s, "left"), "", P(vm, s), P(la, s, "left"), "", P(va, s)])
        r = len(data) - 1
        cmds += [("SPAN", (2, r), (3, r)), ("SPAN", (5, r), (6, r))]
    data[r1][0] = P("项目资金（万元）", s)
    cmds.append(("SPAN", (0, r1), (1, len(data) - 1)))
    data.append([P(att["midterm_heading"], s), "", "", "", "", P(att["annual_heading"], s), "", ""])
    r = len(data) - 1
    cmds += [("SPAN", (0, r), (4, r)), ("SPAN", (5, r), (7, r))]
    data.append([P("总体目标", s), P(att["objective_midterm"], s, "left"), "", "", "",
                 P(att["objective_annual"], s, "left"), "", ""])
    r = len(data) - 1
    cmds += [("SPAN", (1, r), (4, r)), ("SPAN", (5, r), (7, r))]
    hdr = len(data)
    data.append(["", P("一级指标", s), P("二级指标", s), P("三级指标", s), P("指标值", s),
                 P("二级指标", s), P("三级指标", s), P("指标值", s)])
    mid, ann = att["indicators_midterm"], att["indicators_annual"]
    start = len(data)
    for im, ia in zip(mid, ann, strict=True):
        data.append(["", "", "", P(im["name"], s, "left"), P(im["value"], s), "",
                     P(ia["name"], s, "left"), P(ia["value"], s)])
    data[hdr][0] = P("绩效指标", s)
    cmds.append(("SPAN", (0, hdr), (0, len(data) - 1)))

    def runs(key: str, lst: list[dict[str, Any]], col: int) -> None:
        for i, j in equal_runs([x[key] for x in lst]):
            data[start + i][col] = P(lst[i][key], s)
            if j > i:
                cmds.append(("SPAN", (col, start + i), (col, start + j)))

    runs("l1", mid, 1)
    runs("l2", mid, 2)
    runs("l2", ann, 5)
    widths = _scale([22, 58, 44, 86, 48, 44, 86, 50], W)
    return Table(data, colWidths=widths, style=_base_style(cmds), splitInRow=1)


def form(att: dict[str, Any], W: float) -> Table:
    s = float(att.get("font_size", 9))
    cols = att["form_columns"]
    data = [[P(c, s) for c in cols]]
    for lab in att["form_rows"]:
        data.append([P(lab, s)] + [""] * (len(cols) - 1))
    widths = _scale([float(w) for w in att.get("form_widths", [1] * len(cols))], W)
    heights = [None] + [float(att.get("row_height", 24))] * len(att["form_rows"])
    return Table(data, colWidths=widths, style=_base_style([]), rowHeights=heights)


def attachment(att: dict[str, Any], W: float) -> list[Flowable]:
    out = heading_block(att, W)
    kind = att["kind"]
    if kind in ("allocation", "allocation_targets") and layouts.uses_grid(att):
        table = layouts.allocation_grid(att, W)
    elif kind == "target_matrix":
        from . import matrix  # imports P from this module

        table = matrix.render(att, W)
    else:
        table = {"allocation": allocation, "target_regional": target_regional,
                 "target_project": target_project, "form": form}[kind](att, W)
    out.append(table)
    if att.get("notes_printed"):
        out.append(Spacer(1, 2 * mm))
    for note in att.get("notes_printed", []):
        out.append(Paragraph(escape(note), style("att-note", size=11, leading=18, align="left")))
    return out
