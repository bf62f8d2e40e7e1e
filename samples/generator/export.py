"""Turn a sample spec into ``expected.json``: the contract's notice JSON plus test extras.

Everything comes from the spec's truth, normalised per the contract (ISO dates, canonical
文号, full region names, Decimal amounts as JSON numbers, canonical text).
"""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from . import canon, matrix
from .tables import printed_hierarchy

HERE = Path(__file__).parent
LEVEL1 = {
    "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标", "成本指标": "产出指标",
    "经济效益指标": "效益指标", "社会效益指标": "效益指标", "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标", "服务对象满意度指标": "满意度指标",
}
LABEL_SYNONYMS = {"社会效益": "社会效益指标", "满意度指标": "满意度指标"}
SEVERITY = {
    "ALLOCATION_COLUMN_SUM": "error", "ALLOCATION_ROW_SUM": "error", "TARGET_FUNDS_MISMATCH": "error",
    "FUNDS_BREAKDOWN_MISMATCH": "warning", "BODY_AMOUNT_MISMATCH": "error",
    "ATTACHMENT_NUMBERING": "warning", "INDICATOR_SET_DIFFERS": "warning",
    "INDICATOR_LAYOUT_REPAIRED": "info", "NEGATIVE_ALLOCATION": "info", "REGION_ALIAS": "info",
    "MISSING_FIELD": "error", "LOW_CONFIDENCE": "warning", "DATE_ORDER": "warning",
    "REFERENCE_NOT_FOUND": "info", "CROSS_DOC_AMOUNT": "error", "LATE_DISBURSEMENT": "warning",
    "DUPLICATE_DOC_NUMBER": "error",
}
CONTRACT_KEYS = (
    "schema", "source", "doc_number", "issuers", "title", "recipients", "copy_number",
    "classification", "urgency", "signer", "issue_date", "annotation", "signatories", "cc",
    "printed_by", "print_date", "references", "fund_markers", "budget_codes", "body_amounts",
    "attachments_listed", "allocation_tables", "target_tables", "flags",
)
EXTRA_KEYS = ("forms",)


def region_aliases() -> dict[str, str]:
    return dict(yaml.safe_load((HERE / "regions.yaml").read_text(encoding="utf-8")))


def region(printed: str | None) -> str | None:
    if printed is None:
        return None
    s = canon.text(printed) or ""
    s = re.sub(r"^其中[：:]", "", s)
    return region_aliases().get(s, s)


def attachment_number(att: dict[str, Any]) -> int | None:
    if "number" in att:
        return att["number"]  # type: ignore[no-any-return]
    m = re.search(r"附件\s*(\d+)", att.get("heading") or "")
    return int(m[1]) if m else None


def _num(x: Any) -> int | float | None:
    return canon.json_number(canon.amount(x))


def _allocation(att: dict[str, Any]) -> dict[str, Any]:
    cols = _printed_columns(att)
    names = [canon.text(c["name"]) for c in cols if c["role"] == "amount"]  # as every text: brackets folded
    rows = []
    for row in att["rows"]:
        values, notes, printed = [], {}, None
        for col, cell in zip(cols, row["cells"], strict=True):
            if col["role"] == "amount":
                values.append(_num(cell))
            elif col["role"] == "note":
                notes[canon.text(col["name"]) or ""] = canon.text(cell) or None
            elif col["role"] == "region":
                printed = cell
        notes.update(row.get("notes") or {})  # e.g. a 小计 label printed in a note column
        rows.append({"region": row.get("region") or region(printed),
                     "region_as_printed": canon.text(row.get("region_as_printed", printed)),
                     "values": values, "is_total": bool(row.get("total")), "notes": notes})
    return {"attachment": attachment_number(att), "title": canon.text(att["title"]),
            "unit": att["unit"], "columns": names, "rows": rows}


def _indicator(ind: dict[str, Any], period: str) -> dict[str, Any]:
    value = canon.text(str(ind["value"])) or ""
    t = canon.target(value)
    l2 = ind["l2"]
    return {"level1": ind.get("l1") or LEVEL1[l2], "level2": l2, "name": canon.text(ind["name"]),
            "value": value, "target": {"op": t["op"], "number": canon.json_number(t["number"]),
                                       "unit": t["unit"]}, "period": period}


_SCORE = re.compile(r"[（(]\d+(?:\.\d+)?分[）)]$")


def layout_repaired(att: dict[str, Any]) -> bool:
    for (p1, p2), ind in zip(printed_hierarchy(att), att["indicators"], strict=True):
        p1, p2 = (_SCORE.sub("", canon.text(p) or "") for p in (p1, p2))  # 产出指标（50分）
        p2 = LABEL_SYNONYMS.get(p2, p2)
        if p1 != LEVEL1[ind["l2"]] or p2 != ind["l2"]:
            return True
    return False


def _regional(att: dict[str, Any]) -> dict[str, Any]:
    f = att["funds"]
    names = f.get("breakdown_names", ["中央财政补助", "地方资金"])
    return {
        "attachment": attachment_number(att), "kind": "regional", "year": att["year"],
        "region": region(att["region"]), "region_as_printed": canon.text(att["region"]),
        "project": canon.text(att["project"]), "unit": att["unit"],
        "funds": {"total": _num(f["total_printed"]),
                  "breakdown": {names[0]: _num(f.get("central_printed")),
                                names[1]: _num(f.get("local_printed"))}},
        "indicators": [_indicator(i, "annual") for i in att["indicators"]],
        "layout_repaired": layout_repaired(att),
    }


def _funds(f: dict[str, Any]) -> dict[str, Any]:
    return {"total": _num(f["total_printed"]),
            "breakdown": {n: _num(v) for n, v in zip(f["part_names"], f["parts_printed"], strict=True)}}


def _project(att: dict[str, Any]) -> dict[str, Any]:
    return {
        "attachment": attachment_number(att), "kind": "project", "year": att["year"],
        "region": region(att.get("region")), "region_as_printed": canon.text(att.get("region")),
        "project": canon.text(att["project"]), "unit": att["unit"],
        "funds": _funds(att["funds"]), "funds_midterm": _funds(att["funds_midterm"]),
        "options": dict(att["options"]),
        "indicators": [_indicator(i, "midterm") for i in att["indicators_midterm"]]
        + [_indicator(i, "annual") for i in att["indicators_annual"]],
        "layout_repaired": False,
    }


ALLOCATION_KINDS = ("allocation", "allocation_targets")
LONG_ROLES = ("level1", "level2", "indicator_name", "indicator_value")


def _printed_columns(att: dict[str, Any]) -> list[dict[str, Any]]:
    """The table's columns, less a long-shaped table's target columns (level1 … indicator_value)."""
    return [c for c in att["columns"] if att.get("shape") != "long" or c["role"] not in LONG_ROLES]


def _row_targets(att: dict[str, Any]) -> list[dict[str, Any]]:
    """A money-and-targets table (资金安排及绩效目标表): one regional target table per member
    row that has target cells; its funds total is the row's amount (``funds_column``, else the
    first amount column), ``breakdown_columns`` name amount columns that are its parts."""
    long = att.get("shape") == "long"
    cols = _printed_columns(att)
    amounts = [c["name"] for c in cols if c["role"] == "amount"]
    total_col = att.get("funds_column", amounts[0])
    out = []
    for row in att["rows"]:
        if row.get("total"):
            continue
        cells = dict(zip((c.get("name", c["role"]) for c in cols), row["cells"], strict=True))
        printed = next(v for c, v in zip(cols, row["cells"], strict=True) if c["role"] == "region")
        if long:
            inds = [{"name": t[0], "value": t[1], "l2": t[2], "l1": t[3] if len(t) > 3 else None}
                    for t in row.get("targets") or []]
        else:
            inds = [{"name": c.get("indicator", c["name"]), "value": cells[c["name"]], "l2": c["l2"]}
                    for c in cols if c["role"] == "indicator" and canon.text(cells[c["name"]])]
        if not inds:
            continue
        out.append({
            "attachment": attachment_number(att), "kind": "regional", "year": att["year"],
            "region": row.get("region") or region(printed), "region_as_printed": canon.text(printed),
            "project": canon.text(att["project"]), "unit": att["unit"],
            "funds": {"total": _num(cells[total_col]),
                      "breakdown": {n: _num(cells[n]) for n in att.get("breakdown_columns", [])}},
            "indicators": [_indicator(i, "annual") for i in inds],
            "layout_repaired": False,
        })
    return out


def _targets(att: dict[str, Any]) -> list[dict[str, Any]]:
    if att["kind"] == "target_regional":
        return [_regional(att)]
    if att["kind"] == "target_project":
        return [_project(att)]
    if att["kind"] == "allocation_targets":
        return _row_targets(att)
    if att["kind"] == "target_matrix":
        return matrix.targets(att, attachment_number(att), region)
    return []


def body_amounts(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The truth's body amounts in order; an amount printed again is found at its next occurrence
    (the second ``10万元`` listed is the body's second 10万元) unless ``nth`` says where."""
    seen: dict[str, int] = {}
    out = []
    for a in spec.get("truth", {}).get("body_amounts", []):
        if "printed" in a and "nth" not in a:
            a = {**a, "nth": seen.get(a["printed"], 0)}
        if "printed" in a:
            seen[a["printed"]] = int(a["nth"]) + 1
        out.append(body_amount(a, spec))
    return out


def body_amount(a: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """``{printed: "105万元"}`` -> value, unit and the clause (，。；： delimited) holding it."""
    if "printed" not in a:
        return {"value": _num(a["value"]), "unit": a["unit"], "context": canon.quoted_doc_numbers(canon.text(a["context"]))}
    m = re.fullmatch(r"(-?[\d,]+(?:\.\d+)?)(亿元|万元|元|万|亿)", a["printed"])
    if not m:
        raise ValueError(f"bad body amount {a['printed']!r}")
    unit = {"万": "万元", "亿": "亿元"}.get(m[2], m[2])  # 24万 is 24万元
    body = "".join(spec["body"]).replace("⏎", "")
    # the amount as a whole number: 71万元 is not the tail of 5071万元
    starts = [x.start() for x in re.finditer(rf"(?<![\d.,]){re.escape(a['printed'])}", body)]
    at = starts[int(a.get("nth", 0))]
    delims = "，。；：！？"
    start = max(body.rfind(d, 0, at) for d in delims) + 1
    ends = [i for i in (body.find(d, at) for d in delims) if i >= 0]
    end = min(ends) if ends else len(body)
    return {"value": _num(m[1]), "unit": unit, "context": canon.quoted_doc_numbers(canon.text(body[start:end]))}


def _flag_page(fl: dict[str, Any], book: dict[str, int]) -> int:
    if "page" in fl:
        return int(fl["page"])
    if "att" in fl:
        return book[f"att{fl['att']}"]
    return book[fl["at"]]


def expected(spec: dict[str, Any], pdf: bytes, pages: int, book: dict[str, int]) -> dict[str, Any]:
    truth = spec.get("truth", {})
    head = spec["head"]
    sig = spec["signature"]
    imp = spec.get("imprint") or {}
    atts = spec.get("attachments") or []
    recipients = canon.text(spec.get("recipients_printed") or imp.get("recipients"))  # or in the 版记
    if recipients:
        recipients = recipients.rstrip("：:")
    out: dict[str, Any] = {
        "schema": "notice/1",
        "source": {"file": "notice.pdf", "sha256": hashlib.sha256(pdf).hexdigest(), "pages": pages,
                   "text_source": "text-layer"},
        "doc_number": truth.get("doc_number", canon.doc_number(head.get("doc_number"))),
        "issuers": [canon.text(x) for x in spec["issuers"]],
        "title": truth.get("title", canon.text("".join(spec["title_lines"]))),
        "recipients": recipients or None,
        "copy_number": canon.text(head.get("copy_number")),
        "classification": canon.text(head.get("classification")),
        "urgency": canon.text(head.get("urgency")),
        "signer": canon.text(head.get("signer")),
        "issue_date": canon.date(sig["date_printed"]),
        "annotation": canon.text(spec.get("annotation")),
        "signatories": [canon.text(x) for x in truth.get("signatories", sig["names"])],
        "cc": canon.text(imp.get("cc")),
        "printed_by": canon.text(imp.get("printed_by")),
        "print_date": canon.date(imp.get("date_printed")),
        "references": [{"doc_number": canon.doc_number(r.get("doc_number")),
                        "title": canon.text(r.get("title"))} for r in truth.get("references", [])],
        "fund_markers": [{"code": m.get("code"), "name": canon.text(m["name"])}
                         for m in truth.get("fund_markers", [])],
        "budget_codes": [str(c) for c in truth.get("budget_codes", [])],
        "body_amounts": body_amounts(spec),
        "attachments_listed": [{"number": it.get("number"),
                                "title": canon.text(it.get("title", it["title_printed"]))}
                               for it in spec.get("attachment_note") or []],
        "allocation_tables": [_allocation(a) for a in atts if a["kind"] in ALLOCATION_KINDS],
        "target_tables": [t for a in atts for t in _targets(a)],
        "flags": [{"code": f["code"], "severity": SEVERITY[f["code"]], "page": _flag_page(f, book)}
                  for f in spec.get("flags", [])],
        "forms": [{"attachment": attachment_number(a), "title": canon.text(a["title"])}
                  for a in atts if a["kind"] == "form"],
    }
    for k, att in enumerate(atts):
        if att["kind"] == "target_regional" and layout_repaired(att):
            out["flags"].append({"code": "INDICATOR_LAYOUT_REPAIRED", "severity": "info",
                                 "page": book[f"att{k}"]})
    out["flags"].sort(key=lambda f: (f["page"], f["code"]))
    return out


def dumps(data: dict[str, Any]) -> str:
    def default(o: Any) -> Any:
        if isinstance(o, Decimal):
            return canon.json_number(o)
        raise TypeError(type(o))

    return json.dumps(data, ensure_ascii=False, indent=2, default=default) + "\n"
