"""Notice -> the contract's notice JSON (schema notice/1)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from pipeline.core.model import Field, Flag, Funds, Notice, RawTable, Target

SCHEMA = "notice/1"


def number(d: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number: integral values as int, others as the shortest float."""
    if d is None:
        return None
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def _v(f: Field[str] | None) -> str | None:
    return None if f is None else f.value


def _target(t: Target) -> dict[str, Any]:
    return {"op": t.op, "number": number(t.number), "unit": t.unit}


def _funds(f: Funds) -> dict[str, Any]:
    return {"total": number(f.total), "breakdown": {k: number(v) for k, v in f.breakdown}}


def render_flag(f: Flag) -> dict[str, Any]:
    out: dict[str, Any] = {"code": f.code, "severity": f.severity, "message": f.message, "page": f.page}
    if f.subject:
        out["subject"] = f.subject
    return out


def render_notice(n: Notice) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "source": {
            "file": n.source.name,
            "sha256": n.source.sha256,
            "pages": n.source.pages,
            "text_source": n.text_source,
        },
        "doc_number": _v(n.doc_number),
        "issuers": [f.value for f in n.issuers],
        "title": _v(n.title),
        "recipients": _v(n.recipients),
        "copy_number": _v(n.copy_number),
        "classification": _v(n.classification),
        "urgency": _v(n.urgency),
        "signer": _v(n.signer),
        "issue_date": _v(n.issue_date),
        "annotation": _v(n.annotation),
        "signatories": [f.value for f in n.signatories],
        "cc": _v(n.cc),
        "printed_by": _v(n.printed_by),
        "print_date": _v(n.print_date),
        "references": [{"doc_number": r.doc_number, "title": r.title} for r in n.references],
        "fund_markers": [{"code": m.code, "name": m.name} for m in n.fund_markers],
        "budget_codes": [f.value for f in n.budget_codes],
        "body_amounts": [
            {"value": number(a.value), "unit": a.unit, "context": a.context} for a in n.body_amounts
        ],
        "attachments_listed": [{"number": a.number, "title": a.title} for a in n.attachments_listed],
        "allocation_tables": [
            {
                "attachment": t.attachment,
                "title": t.title,
                "unit": t.unit,
                "columns": list(t.columns),
                "rows": [
                    {
                        "region": r.region,
                        "region_as_printed": r.region_as_printed,
                        "values": [number(v) for v in r.values],
                        "is_total": r.is_total,
                        "notes": {k: (v or None) for k, v in r.notes},
                    }
                    for r in t.rows
                ],
            }
            for t in n.allocation_tables
        ],
        "target_tables": [_target_table(t) for t in n.target_tables],
        "forms": [{"attachment": f.attachment, "title": f.title} for f in n.forms],
        "raw_tables": [_raw_table(t) for t in n.raw_tables],
        "flags": [render_flag(f) for f in n.flags],
    }


def _raw_table(t: RawTable) -> dict[str, Any]:
    """A table kept as printed (TABLE_NOT_UNDERSTOOD): cells with their positions."""
    return {
        "attachment": t.attachment,
        "title": t.title,
        "page": t.page,
        "n_rows": t.n_rows,
        "n_cols": t.n_cols,
        "reason": t.reason,
        "cells": [
            {"row": c.row, "col": c.col, "rowspan": c.rowspan, "colspan": c.colspan, "text": c.text,
             "page": c.page, "bbox": list(c.bbox.rounded())}
            for c in t.cells
        ],
    }


def _target_table(t: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "attachment": t.attachment,
        "kind": t.kind,
        "year": t.year,
        "region": t.region,
        "region_as_printed": t.region_as_printed,
        "project": t.project,
        "unit": t.unit,
        "funds": _funds(t.funds),
        "indicators": [
            {
                "level1": i.level1,
                "level2": i.level2,
                "name": i.name,
                "value": i.value,
                "target": _target(i.target),
                "period": i.period,
            }
            for i in t.indicators
        ],
        "layout_repaired": t.layout_repaired,
    }
    if t.kind == "project":
        out["funds_midterm"] = _funds(t.funds_midterm) if t.funds_midterm else None
        out["options"] = dict(t.options)
    return out


def dumps(n: Notice) -> str:
    return json.dumps(render_notice(n), ensure_ascii=False, indent=2)
