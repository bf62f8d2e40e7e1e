"""samples.mutate: mutations keep the truth consistent, and a few fixed-seed mutated notices parse.

The parse cases are variations the parsers once got wrong (or that guard a structure-reading
path); each typesets a mutated development spec into a temporary folder and parses it exactly as
tests/test_golden.py does.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from samples.generator import export
from samples.mutate import mutate
from samples.mutation_grid import MUTATIONS, insert_col, remove_col
from tests.mutation_specs import SPECS, assert_mutated_parse, load_spec


def _alloc_truth(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [export._allocation(a) for a in spec.get("attachments") or []
            if a["kind"] in export.ALLOCATION_KINDS]


def test_no_sealed_spec_is_used() -> None:
    assert SPECS and not any("blind" in p.parts for p in SPECS.values())


def test_every_mutation_applies_somewhere() -> None:
    for m in MUTATIONS:
        assert any(mutate(load_spec(s), m.name, 1) is not None for s in sorted(SPECS)), m.name


# Layout-only mutations: the exported allocation truth must not change at all.
SAME_TRUTH = ["header_region_synonym", "unit_in_header", "unit_in_title", "unit_line_variant",
              "wan_with_decimals", "thousands_separators", "seq_column_add", "seq_column_remove",
              "note_column_add", "title_rewrap", "doc_number_brackets",
              "table_rules_horizontal", "table_rules_three_line", "table_rules_none"]


@pytest.mark.parametrize("name", SAME_TRUTH)
def test_layout_mutations_keep_the_table_truth(name: str) -> None:
    checked = 0
    for spec_id in sorted(SPECS)[:40]:
        spec = load_spec(spec_id)
        out = mutate(spec, name, 7)
        if out is None:
            continue
        before, after = _alloc_truth(spec), _alloc_truth(out)
        if name == "note_column_add":  # one more note: 备注, null where the cell is empty
            for t in after:
                for r in t["rows"]:
                    r["notes"].pop("备注", None)
            for t in before:
                for r in t["rows"]:
                    r["notes"].pop("备注", None)
        assert after == before, (name, spec_id)
        checked += 1
    assert checked


def test_yuan_mutation_scales_values_and_unit() -> None:
    spec = load_spec("c2_zhanggong_county")
    out = mutate(spec, "amounts_in_yuan", 1)
    assert out is not None
    b, a = _alloc_truth(spec)[0], _alloc_truth(out)[0]
    assert a["unit"] == "元" and b["unit"] == "万元"
    assert [Decimal(str(r["values"][0])) for r in a["rows"]] == [
        Decimal(str(r["values"][0])) * 10000 for r in b["rows"]]


def test_a_column_removed_and_put_back_is_the_same_table() -> None:
    att = load_spec("v01_luanchuan_employment")["attachments"][0]
    import copy

    work = copy.deepcopy(att)
    got = remove_col(work, 5)  # 备注, merged over both header rows
    assert got is not None and len(work["columns"]) == 5
    insert_col(work, 5, *got)
    assert work["columns"] == att["columns"] and work["header"] == att["header"]
    assert sorted(map(tuple, work["spans"])) == sorted(map(tuple, att["spans"]))
    assert [r["cells"] for r in work["rows"]] == [r["cells"] for r in att["rows"]]


def test_removing_the_seq_column_keeps_a_merged_total_label() -> None:
    spec = mutate(load_spec("v01_luanchuan_employment"), "seq_column_remove", 1)
    assert spec is not None
    total = spec["attachments"][0]["rows"][-1]
    assert total["cells"][0] == "合计" and "span" not in total


# (mutation, spec) pairs that parse right; the first five failed before their fix.
PARSED = [
    ("unit_in_title", "v04_xiangxi_agriculture"),  # title wrapped inside （单位：万元）: parsers/context_lines.py
    ("recipients_two_lines", "w02_fuqing_health"),  # 主送 over two lines after …（第一批）: parsers/header.py
    ("cited_doc_brackets", "r18_zhejiang_province_disability"),  # ［2020］ is no 科目 code: parsers/amounts.py
    ("body_amount_in_yuan", "r23_neimenggu_baotou_grain"),  # 36,000,000元 is no 科目 code: parsers/amounts.py
    ("seq_column_remove", "r52_fujian_luoyuan_linkage"),  # 合计 under 乡镇 | 村: parsers/allocation.py
    ("amounts_in_yuan", "c2_zhanggong_county"),
    ("qizhong_first_member", "r19_shanxi_province_flood"),
    ("title_rewrap+doc_number_brackets", "v01_luanchuan_employment"),
    # session 5: what the former blind split and the third round taught, on other specs
    ("recipients_absent", "v03_baise_education"),  # body under the title: parsers/header.py
    ("recipients_absent", "r44_ningxia_region_poverty"),
    ("attachment_in_book_marks", "r19_shanxi_province_flood"),  # 附件：《…》: parsers/closing.py
    ("annotation_contact", "v03_baise_education"),  # a 附注 wrapped under the date
    ("body_rate_sentence", "r72_zhejiang_zhoushan_village"),  # 45元/亩 is no total: parsers/amounts.py
    ("joint_doc_numbers", "v02_zhaojue_medical"),  # two issuers' 文号 on one line: parsers/header.py
    # session 6: tables printed without (some of) their rules, read by pipeline/layout/text_grid.py
    ("table_rules_three_line", "s01_ningxia_yuanzhou_disaster"),  # labels wrapped in the header
    ("table_rules_three_line", "r74_fujian_province_preschool"),  # a group label beside a wrapped one
    ("table_rules_three_line", "k01_zhejiang_ouhai_relics"),  # a project name wrapped around its numbers
    ("table_rules_three_line", "b25_xizang_shenzha_grassland"),  # continued on the next page
    ("table_rules_horizontal", "r36_shanghai_municipal_reservoir"),  # 中央资金 over two years
    ("table_rules_none", "v06_dongxiang_revitalization"),  # no rules at all, over two pages
    ("table_rules_none", "s02_shaanxi_chencang_health"),  # one row under an eleven-label header
    # session 9: project tables (samples/mutations_projects.py) and borderless headers
    ("project_code_column", "k01_zhejiang_ouhai_relics"),  # a code column names no row
    ("project_place_column", "r10_chongqing_fengjie_research"),  # a place after the project is a note
    ("table_rules_none", "z32_hunan_lixian_students"),  # group labels a line above 人数 | 金额
    ("table_rules_none", "t01_yunnan_yaoan_clinics"),  # 小计 beside its numbers set flush right
    ("table_rules_none", "k08_fujian_chengxiang_disability"),  # header labels set close together
]


@pytest.mark.parametrize(("name", "spec_id"), PARSED, ids=[f"{n}-{s}" for n, s in PARSED])
def test_mutated_notice_parses(name: str, spec_id: str, tmp_path: Path) -> None:
    assert_mutated_parse(name, spec_id)


def test_a_mutation_of_one_attachment_does_not_reach_another_sharing_its_layout() -> None:
    """Two attachments written with one YAML anchor share their column list once loaded; a
    mutated copy gives each its own, so removing a column of one leaves the other whole."""
    from samples.mutate import _unshared

    cols = [{"role": "region"}, {"role": "amount"}]
    spec = {"id": "t", "attachments": [{"columns": cols}, {"columns": cols}]}
    out = _unshared(spec)
    out["attachments"][0]["columns"].pop()
    assert len(out["attachments"][1]["columns"]) == 2 and len(spec["attachments"][0]["columns"]) == 2
