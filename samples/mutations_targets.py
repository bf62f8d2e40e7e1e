"""Target-table mutations of samples.mutate: the 绩效目标表 printed the other ways real ones are.

Real regional forms (中央对地方转移支付区域绩效目标表 and the provinces' copies of it) differ in
how the 一级/二级 labels are merged (a label merged down its group, or repeated on every row),
what the columns are called (三级指标 / 指标名称 / 指标内容, 指标值 / 目标值 / 年度指标值), how
the field labels read (项目名称 / 专项名称 / 转移支付名称, 下达资金总额 / 年度资金总额, the 其中
lines), whether the 年度总体目标 text is filled in, how the comparison signs are typed (≥ / >= /
≧, with spaces), the year-and-region subtitle's order, scores glued to the 一级 labels
(产出指标（50分）), and a table long enough to run over two pages. Each is a pure
``(spec, rng) -> spec | None``; the truth the exporter reads follows (a renamed 其中 line renames
its ``breakdown`` key; a table in 元 has its funds and unit in 元) or is untouched.
"""

from __future__ import annotations

import random
import re
from decimal import Decimal
from typing import Any

from samples.generator.export import layout_repaired
from samples.generator.tables import printed_hierarchy
from samples.mutation_grid import Spec, mutation, pick


def _regional(spec: Spec) -> list[dict[str, Any]]:
    """The regional forms (kind: target_regional) whose labels are where Word puts them (no
    planted layout fault: those samples test the repair, not the print variation)."""
    return [a for a in spec.get("attachments") or []
            if a.get("kind") == "target_regional" and not a.get("extra_rows") and not layout_repaired(a)]


_SUBTITLE = re.compile(r"[（(]\s*(\d{4})\s*年度?\s*([^（）()]+?)\s*[)）]")


def _subtitle_region(att: dict[str, Any]) -> tuple[str, str] | None:
    """The year and region a form's subtitle prints (（2022年木垒县） -> 2022, 木垒县); None when it prints
    no region (（2022年度）) or is no such subtitle."""
    m = _SUBTITLE.fullmatch(str(att.get("subtitle") or ""))
    if m is None or m[2].startswith("度"):
        return None
    return m[1], m[2]


def _int_keys(d: dict[Any, str]) -> dict[int, str]:
    return {int(k): v for k, v in d.items()}


@mutation("target_labels_repeated")
def target_labels_repeated(spec: Spec, rng: random.Random) -> Spec | None:
    """The 一级/二级 labels printed on every indicator row instead of merged down their group."""
    atts = _regional(spec)
    done = False
    for att in atts:
        rows = printed_hierarchy(att)
        lay = {k: _int_keys(v) for k, v in att["layout"].items()}
        which = pick(rng, [("L1", "L2"), ("L2",), ("L1",)])
        for key in which:
            k = 0 if key == "L1" else 1
            head = {r: t for r, t in lay.get(key, {}).items() if r < 0}
            new = {**head, **{i: row[k] for i, row in enumerate(rows)}}
            if new != lay.get(key):
                lay[key] = new
                done = True
        att["layout"] = lay
    return spec if done else None


_L0 = ["绩效指标", "年度绩效指标", "绩效目标", "年度绩效目标"]
_L1 = ["一级指标", "一级"]
_L2 = ["二级指标", "二级"]
_NAME = ["三级指标", "指标名称", "指标内容", "三级指标名称"]
_VALUE = ["指标值", "目标值", "年度指标值", "年度目标值", "指标值（年度）"]


@mutation("target_header_synonyms")
def target_header_synonyms(spec: Spec, rng: random.Random) -> Spec | None:
    """The indicator block's column headers in other words (绩效目标 / 一级 / 指标名称 / 目标值 …)."""
    atts = _regional(spec)
    for att in atts:
        lay = {k: _int_keys(v) for k, v in att["layout"].items()}
        if lay.get("L0", {}).get(-1):
            lay["L0"][-1] = pick(rng, _L0)
        lay.setdefault("L1", {})[-1] = pick(rng, _L1)
        lay.setdefault("L2", {})[-1] = pick(rng, _L2)
        att["layout"] = lay
        att["name_header"] = pick(rng, _NAME)
        att["value_header"] = pick(rng, _VALUE)
    return spec if atts else None


_SIGN_FORMS = {"≥": ["≥ ", ">=", "≧", ">= "], "≤": ["≤ ", "<=", "≦", "<= "]}


@mutation("target_value_signs")
def target_value_signs(spec: Spec, rng: random.Random) -> Spec | None:
    """Comparison signs typed otherwise (>=90%, ≥ 90%, ≧90%, <= 5天) in the 指标值 cells."""
    done = False
    for att in _regional(spec):
        form = {s: pick(rng, forms) for s, forms in _SIGN_FORMS.items()}
        for ind in att["indicators"]:
            value = str(ind["value"])
            m = re.match(r"^([≥≤])\s*(\d)", value)
            if m:
                ind["value"] = form[m[1]] + value[m.end(1):].lstrip()
                done = True
    return spec if done else None


_OBJECTIVE_LABELS = ["年度总体目标", "年度目标", "总体目标", "年度绩效目标", "绩效目标"]


@mutation("target_objective_variant")
def target_objective_variant(spec: Spec, rng: random.Random) -> Spec | None:
    """The 年度总体目标 row under another label, or left blank (the form printed unfilled)."""
    atts = _regional(spec)
    for att in atts:
        att["fields"] = {**att["fields"], "objective_label": pick(rng, _OBJECTIVE_LABELS)}
        if rng.random() < 0.4:
            att["objective"] = ""
    return spec if atts else None


_PROJECT_LABELS = ["项目名称", "专项名称", "资金名称", "转移支付项目名称", "专项资金名称"]
_TOTAL_LABELS = ["下达资金总额：", "资金总额：", "年度资金总额：", "本次下达资金：", "年度金额："]
_PARTS = [("其中：中央财政补助", "中央财政补助", "地方资金", "地方资金"),
          ("其中：中央补助资金", "中央补助资金", "地方配套资金", "地方配套资金"),
          ("其中：中央资金", "中央资金", "省级资金", "省级资金"),
          ("其中：财政拨款", "财政拨款", "其他资金", "其他资金")]


@mutation("target_field_labels")
def target_field_labels(spec: Spec, rng: random.Random) -> Spec | None:
    """The form's field labels reworded: 项目名称, 下达资金总额, the 其中 lines (the truth's
    ``breakdown`` keys follow the printed 其中 labels)."""
    atts = [a for a in _regional(spec) if "breakdown_names" not in a["funds"]]
    for att in atts:
        central_label, central, local_label, local = pick(rng, _PARTS)
        att["fields"] = {**att["fields"], "project_label": pick(rng, _PROJECT_LABELS),
                         "total_label": pick(rng, _TOTAL_LABELS),
                         "central_label": central_label, "local_label": local_label}
        att["funds"] = {**att["funds"], "breakdown_names": [central, local]}
    return spec if atts else None


def _yuan(printed: Any, thousands: bool = False) -> str | None:
    s = str(printed or "").replace(",", "").strip()
    if not s:
        return None
    d = Decimal(s) * 10000
    d = d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()
    return f"{d:,f}" if thousands else f"{d:f}"


@mutation("target_funds_in_yuan")
def target_funds_in_yuan(spec: Spec, rng: random.Random) -> Spec | None:
    """The form's 资金情况 in 元 (资金情况（元）, with or without thousands separators) while the
    allocation table is in 万元."""
    atts = [a for a in _regional(spec) if a.get("unit") == "万元"
            and "（万元）" in str(a["fields"].get("funds_label", ""))]
    for att in atts:
        att["fields"] = {**att["fields"],
                         "funds_label": att["fields"]["funds_label"].replace("（万元）", "（元）")}
        funds = dict(att["funds"])
        thousands = rng.random() < 0.5  # 32,684,500 as an Excel sheet prints it
        for key in ("total_printed", "central_printed", "local_printed"):
            if key in funds:
                funds[key] = _yuan(funds[key], thousands) or ""
        att["funds"] = funds
        att["unit"] = "元"
    return spec if atts else None


@mutation("target_subtitle_order")
def target_subtitle_order(spec: Spec, rng: random.Random) -> Spec | None:
    """The year-and-region subtitle written （木垒县2022年） / （2022年度木垒县） / (2022年 木垒县)."""
    done = False
    for att in _regional(spec):
        printed = _subtitle_region(att)
        if printed is None:
            continue
        year, region = printed
        forms = [f"（{region}{year}年）", f"（{year}年度{region}）", f"({year}年 {region})",
                 f"（{year}年　{region}）"]
        att["subtitle"] = pick(rng, [f for f in forms if f != att["subtitle"]])
        done = True
    return spec if done else None


@mutation("target_level1_scores")
def target_level1_scores(spec: Spec, rng: random.Random) -> Spec | None:
    """Scores glued to the 一级 labels (产出指标（50分）, 效益指标(30分)), as scored forms print them."""
    scores = {"产出指标": "50", "效益指标": "30", "满意度指标": "10"}
    done = False
    for att in _regional(spec):
        lay = {k: _int_keys(v) for k, v in att["layout"].items()}
        o, c = pick(rng, [("（", "）"), ("(", ")")])
        for r, t in list(lay.get("L1", {}).items()):
            if r >= 0 and t in scores:
                lay["L1"][r] = f"{t}{o}{scores[t]}分{c}"
                done = True
        att["layout"] = lay
    return spec if done else None


@mutation("target_over_two_pages")
def target_over_two_pages(spec: Spec, rng: random.Random) -> Spec | None:
    """The form set larger (a bigger font and a long 年度总体目标) so that it runs onto a
    second page, breaking inside the indicator block."""
    atts = [a for a in _regional(spec) if len(a["indicators"]) >= 6]
    for att in atts:
        att["font_size"] = pick(rng, [12, 13])
        if att.get("objective") and len(att["objective"]) < 100:  # a long one already fills its cell
            att["objective"] = att["objective"] * pick(rng, [2, 3])
    return spec if atts else None


# ---------------------------------------------------------------- money-and-targets tables

def _money_targets(spec: Spec, long: bool) -> list[dict[str, Any]]:
    return [a for a in spec.get("attachments") or []
            if a.get("kind") == "allocation_targets" and (a.get("shape") == "long") == long
            and not a.get("groups")]


def _permute(att: dict[str, Any], order: list[int]) -> None:
    """Reorder the columns (header cells, column dicts, row cells, spans, vmerge) as ``order``."""
    where = {old: new for new, old in enumerate(order)}
    att["columns"] = [att["columns"][i] for i in order]
    att["header"] = [[row[i] for i in order] for row in att["header"]]
    for row in att["rows"]:
        row["cells"] = [row["cells"][i] for i in order]
    spans = []
    for c0, r0, c1, r1 in att.get("spans") or []:
        cols = sorted(where[c] for c in range(c0, c1 + 1))
        spans.append([cols[0], r0, cols[-1], r1])
    if "spans" in att:
        att["spans"] = spans
    for c0, r0, c1, r1 in spans:  # a merged header cell prints the text of its first cell
        for r in range(r0, r1 + 1):
            texts = [t for t in att["header"][r][c0:c1 + 1] if t]
            att["header"][r][c0:c1 + 1] = (texts[:1] or [""]) + [""] * (c1 - c0)
    if att.get("vmerge"):
        att["vmerge"] = sorted(where[c] for c in att["vmerge"])


def _block_ok(att: dict[str, Any], block: list[int]) -> bool:
    """The indicator columns side by side, no span crossing the block's edge, no row span over them."""
    if not block or block != list(range(block[0], block[-1] + 1)):
        return False
    inside = set(block)
    for c0, _, c1, _ in att.get("spans") or []:
        cols = set(range(c0, c1 + 1))
        if cols & inside and not (cols <= inside or cols == inside):
            return False
    return not any(r.get("span") for r in att["rows"]) and not set(att.get("vmerge") or []) & inside


@mutation("money_targets_column_order")
def money_targets_column_order(spec: Spec, rng: random.Random) -> Spec | None:
    """A money-and-targets table's target columns in another order, or its text column (主要任务)
    after them (the truth's indicators follow the printed order)."""
    done = False
    for att in _money_targets(spec, long=False):
        block = [i for i, c in enumerate(att["columns"]) if c["role"] == "indicator"]
        if not _block_ok(att, block):
            continue
        n = len(att["columns"])
        notes = [i for i, c in enumerate(att["columns"]) if c["role"] == "note"]
        single = [i for i in notes if i == block[0] - 1 and att.get("header") and
                  (len(att["header"]) == 1 or [i, 0, i, len(att["header"]) - 1] in (att.get("spans") or []))]
        if single and rng.random() < 0.5:
            i = single[0]
            order = [c for c in range(n) if c != i] + [i] if block[-1] == n - 1 else []
        else:
            order = list(range(block[0])) + block[::-1] + list(range(block[-1] + 1, n))
        if not order or order == list(range(n)) or len(block) < 2 and not single:
            continue
        _permute(att, order)
        done = True
    return spec if done else None


_LONG_HEADERS = {"level1": ["一级指标", "一级"], "level2": ["二级指标", "二级"],
                 "indicator_name": ["三级指标", "指标名称", "指标内容"],
                 "indicator_value": ["指标值", "目标值", "年度指标值", "年度目标值"]}


@mutation("money_targets_long_variant")
def money_targets_long_variant(spec: Spec, rng: random.Random) -> Spec | None:
    """A long money-and-targets table (each recipient over its target lines) with its target
    headers in other words, or its 一级/二级 labels on every line instead of merged."""
    atts = _money_targets(spec, long=True)
    for att in atts:
        for i, col in enumerate(att["columns"]):
            words = _LONG_HEADERS.get(col["role"])
            if words and len(att["header"]) == 1:
                att["header"][0][i] = pick(rng, words)
        if rng.random() < 0.5 and att.get("vmerge"):
            levels = {i for i, c in enumerate(att["columns"]) if c["role"] in ("level1", "level2")}
            att["vmerge"] = [c for c in att["vmerge"] if c not in levels]
    return spec if atts else None


# ---------------------------------------------------------------- regions as columns, project forms

@mutation("target_matrix_region_order")
def target_matrix_region_order(spec: Spec, rng: random.Random) -> Spec | None:
    """A table with the regions as columns printing them in another order (the truth's one table
    per region follows the columns)."""
    atts = [a for a in spec.get("attachments") or [] if a.get("kind") == "target_matrix" and len(a["regions"]) > 1]
    for att in atts:
        order = list(range(len(att["regions"])))
        while order == sorted(order):
            rng.shuffle(order)
        att["regions"] = [att["regions"][k] for k in order]
        att["indicators"] = [[name, note, l2, [values[k] for k in order]]
                             for name, note, l2, values in att["indicators"]]
    return spec if atts else None


@mutation("target_project_checkboxes")
def target_project_checkboxes(spec: Spec, rng: random.Random) -> Spec | None:
    """A project form with other boxes ticked (项目类型, 绩效分配方式): the truth's ``options`` follow."""
    atts = [a for a in spec.get("attachments") or [] if a.get("kind") == "target_project"]
    for att in atts:
        options = dict(att["options"])
        for key, choices in (("项目类型", att["type_options"]), ("绩效分配方式", att["alloc_options"])):
            options[key] = pick(rng, [c for c in choices if c != options.get(key)])
        att["options"] = options
    return spec if atts else None


@mutation("target_region_in_title")
def target_region_in_title(spec: Spec, rng: random.Random) -> Spec | None:
    """The region named in the form's title (百色市2019年…绩效目标表, 2019年百色市…) instead of a
    （2019年百色市） subtitle."""
    done = False
    for att in _regional(spec):
        printed = _subtitle_region(att)
        title = str(att.get("title_printed") or "")
        if printed is None or "\n" in title or printed[1] in title:
            continue
        year, region = printed
        if title.startswith(f"{year}年"):
            new = pick(rng, [f"{region}{title}", f"{year}年{region}{title[len(year) + 1:]}"])
        else:
            new = f"{region}{year}年{title}"
        att["title_printed"] = new
        att.pop("subtitle")
        done = True
    return spec if done else None


@mutation("target_blank_rows")
def target_blank_rows(spec: Spec, rng: random.Random) -> Spec | None:
    """Blank indicator rows left at the foot of the form (the template's spare lines)."""
    atts = _regional(spec)
    for att in atts:
        att["extra_rows"] = pick(rng, [1, 2, 3])
    return spec if atts else None


@mutation("target_value_before_name")
def target_value_before_name(spec: Spec, rng: random.Random) -> Spec | None:
    """The 指标值 column printed before the 三级指标 column (指标值 | 三级指标)."""
    atts = _regional(spec)
    for att in atts:
        att["value_first"] = True
    return spec if atts else None


@mutation("target_without_block_label")
def target_without_block_label(spec: Spec, rng: random.Random) -> Spec | None:
    """No 绩效指标 label down the indicator block's first column (the column left blank)."""
    done = False
    for att in _regional(spec):
        lay = {k: _int_keys(v) for k, v in att["layout"].items()}
        if lay.get("L0") and set(lay["L0"]) <= {-1, 0}:
            lay["L0"] = {}
            att["layout"] = lay
            done = True
    return spec if done else None


# ---------------------------------------------------------------- where a regional form prints its region

_FINANCE_LABELS = ["市级财政部门", "县级财政部门", "区县财政部门", "财政部门", "地方财政部门"]
_REGION_LABELS = ["地区", "区域", "实施地区", "地区名称", "补助区域", "实施区域"]


@mutation("target_region_on_form")
def target_region_on_form(spec: Spec, rng: random.Random) -> Spec | None:
    """A region's own 区域绩效目标表 that prints its region not in a （2022年木垒县） subtitle but on the
    form: as the finance body it names (``县级财政部门 | 木垒县财政局`` under a （2022年度） subtitle), or
    in a 地区/区域 cell where the 主管部门 row was. The truth's region is unchanged."""
    done = False
    for att in _regional(spec):
        printed = _subtitle_region(att)
        region = str(att.get("region") or "")
        title = str(att.get("title_printed") or "")
        if printed is None or printed[1] != region or region in title or "\n" in title:
            continue
        att["subtitle"] = f"（{printed[0]}年度）"
        if "区域" not in title:  # a region's own form says so: 区域绩效目标表
            att["title_printed"] = title.replace("绩效目标表", "区域绩效目标表")
        if rng.random() < 0.7:
            att["fields"] = {**att["fields"], "fin_label": pick(rng, _FINANCE_LABELS), "fin": f"{region}财政局"}
        else:
            att["fields"] = {**att["fields"], "dept_label": pick(rng, _REGION_LABELS), "dept": region}
        done = True
    return spec if done else None


# ---------------------------------------------------------------- how an indicator value is written

_VALUE_FORMS = [
    "500元/生·学期", "1200元/人·年", "3次/年", "2022年12月底前", "12月底前", "0", "0起", "≥1500人", "≤5%",
    "100%", "≥98.5%", "90%-95%", "不低于90%", "不低于上年", "有效提升", "按时足额发放", "≥10年", "≤30日",
    "≥2个百分点", "≥ 85%", "≤5300元/户", "90%以上", "5%以内", "不超过30天", "达到100%", "30日内",
]


@mutation("target_value_forms")
def target_value_forms(spec: Spec, rng: random.Random) -> Spec | None:
    """Indicator values written as real forms write them: rates per pupil and term (500元/生·学期),
    deadlines (2022年12月底前), a bare 0, signs with counts and shares, ranges (90%-95%), comparison
    words (不低于90%) and words. The truth's op/number/unit follow the printed value."""
    done = False
    for att in _regional(spec):
        inds = att["indicators"]
        k = min(len(inds), pick(rng, [2, 3, 4]))
        for i in rng.sample(range(len(inds)), k):
            value = pick(rng, [v for v in _VALUE_FORMS if v != str(inds[i]["value"])])
            inds[i] = {**inds[i], "value": value}
            done = True
    return spec if done else None
