"""``python -m samples.generator [--only ID] [--list]``: regenerate the sample corpus."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from . import export, render

HERE = Path(__file__).parent
SAMPLES = HERE.parent


def spec_paths() -> list[Path]:
    """Sample specs (files starting with ``_`` are bases for ``extends``)."""
    return sorted(p for p in (HERE / "specs").rglob("*.yaml") if not p.name.startswith("_"))


def _merge(base: Any, over: Any) -> Any:
    """Deep merge for ``extends``: dicts merge key by key, anything else is replaced."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = _merge(base.get(k), v) if k in base else v
        return out
    return over


def _read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    parent = data.pop("extends", None)
    if parent:
        data = _merge(_read(path.parent / parent), data)
    return data


def load(path: Path) -> dict[str, Any]:
    data = _read(path)
    data.setdefault("id", path.stem)
    return expand(data)


def expand(spec: dict[str, Any]) -> dict[str, Any]:
    """Resolve ``indicators_from: {set, omit, spaced_ops}`` against ``indicator_sets``."""
    sets = spec.get("indicator_sets", {})
    for att in spec.get("attachments") or []:
        src = att.pop("indicators_from", None)
        if src is None:
            continue
        omit = set(src.get("omit", []))
        inds = []
        for name, value, l2 in sets[src["set"]]:
            if name in omit:
                continue
            if src.get("spaced_ops"):
                value = re.sub(r"^([≥≤])", r"\1 ", value)
            if src.get("full_parens"):
                name = name.replace("(", "（").replace(")", "）")
            inds.append({"name": name, "value": value, "l2": l2})
        att["indicators"] = inds
    for att in spec.get("attachments") or []:
        if att.get("kind") != "target_regional":
            continue
        att["fields"] = {**DEFAULT_FIELDS, **(att.get("fields") or {})}
        att["indicators"] = [
            {"name": i[0], "value": i[1], "l2": i[2]} if isinstance(i, list) else i
            for i in att["indicators"]
        ]
        if att.get("layout") == "auto":
            att["layout"] = auto_layout(att["indicators"], att.get("l1_printed", {}),
                                        att.get("l2_printed", {}))
    return spec


DEFAULT_FIELDS = {
    "project_label": "项目名称", "dept_label": "省级主管部门", "dept": "", "fin_label": "市县财政部门",
    "fin": "", "dept2_label": "市县主管部门", "dept2": "", "funds_label": "资金情况（万元）",
    "total_label": "下达资金总额：", "central_label": "其中：中央财政补助", "local_label": "地方资金",
    "objective_label": "年度总体目标",
}
PRINTED_L2 = {"社会效益指标": "社会效益指标"}


def auto_layout(inds: list[dict[str, Any]], l1_printed: dict[str, str],
                l2_printed: dict[str, str]) -> dict[str, dict[int, str]]:
    """Correct Word-style placements: each 一级/二级 label at the first row of its group."""
    l1: dict[int, str] = {}
    l2: dict[int, str] = {}
    prev1 = prev2 = None
    for i, ind in enumerate(inds):
        lv2 = ind["l2"]
        lv1 = ind.get("l1") or export.LEVEL1[lv2]
        if lv1 != prev1:
            l1[i] = l1_printed.get(lv1, lv1)
        if lv2 != prev2 or lv1 != prev1:
            l2[i] = l2_printed.get(lv2, lv2)
        prev1, prev2 = lv1, lv2
    return {"L0": {-1: "绩效指标"}, "L1": l1, "L2": l2}


def out_dir(spec: dict[str, Any]) -> Path:
    return SAMPLES / str(spec.get("folder", spec["id"]))


def generate(spec: dict[str, Any], dest: Path | None = None) -> tuple[bytes, str, int]:
    pdf, pages, book = render.build(spec)
    text = export.dumps(export.expected(spec, pdf, pages, book))
    d = dest or out_dir(spec)
    d.mkdir(parents=True, exist_ok=True)
    (d / "notice.pdf").write_bytes(pdf)
    (d / "expected.json").write_text(text, encoding="utf-8")
    return pdf, text, pages


def write_db_flags() -> None:
    """``specs/<dir>/_db_flags.yaml`` -> ``samples/<dir>/expected_db_flags.json``."""
    for src in sorted((HERE / "specs").rglob("_db_flags.yaml")):
        rel = src.parent.relative_to(HERE / "specs")
        flags = yaml.safe_load(src.read_text(encoding="utf-8"))
        for f in flags:
            f["severity"] = export.SEVERITY[f["code"]]
        dest = SAMPLES / rel / "expected_db_flags.json"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(json.dumps(flags, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.generator")
    ap.add_argument("--only", action="append", help="sample id (repeatable)")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args(argv)
    specs = [load(p) for p in spec_paths()]
    if args.only:
        specs = [s for s in specs if s["id"] in args.only]
        if not specs:
            print(f"no such sample: {args.only}", file=sys.stderr)
            return 2
    if not args.only and not args.list:
        write_db_flags()
    for spec in specs:
        if args.list:
            print(spec["id"])
            continue
        pdf, _, pages = generate(spec)
        print(f"{spec['id']}: {pages} pages, {len(pdf) // 1024} KiB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
