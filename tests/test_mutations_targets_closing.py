"""samples.mutations_targets and samples.mutations_closing: each mutation keeps the truth
consistent (untouched where only the print changes, following the print where a field does), and
a few fixed-seed mutated notices that the parsers once got wrong now parse.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from samples import mutations_closing, mutations_targets
from samples.mutate import mutate
from samples.mutation_grid import MUTATIONS
from tests.mutation_specs import SPECS, assert_mutated_parse, load_spec, truth

NEW = [m.name for m in MUTATIONS if m.fn.__module__ in (mutations_targets.__name__, mutations_closing.__name__)]




def test_the_new_mutations_are_registered_and_each_applies_somewhere() -> None:
    assert len(NEW) >= 18
    for name in NEW:
        assert any(mutate(load_spec(s), name, 1) is not None for s in sorted(SPECS)), name


# Print-only mutations: the whole truth stays as it is.
SAME_TRUTH = ["target_labels_repeated", "target_header_synonyms", "target_objective_variant",
              "target_value_before_name", "target_region_in_title", "target_blank_rows",
              "target_without_block_label", "target_subtitle_order", "target_level1_scores",
              "target_over_two_pages", "money_targets_long_variant", "imprint_style",
              "imprint_suffix_yin", "imprint_cc_report", "imprint_keywords", "date_zero_padded",
              "attachment_note_punctuated", "target_region_on_form"]


@pytest.mark.parametrize("name", SAME_TRUTH)
def test_print_only_mutations_keep_the_truth(name: str) -> None:
    checked = 0
    for spec_id in sorted(SPECS):
        spec = load_spec(spec_id)
        out = mutate(spec, name, 3)
        if out is None:
            continue
        assert truth(out) == truth(spec), (name, spec_id)
        checked += 1
        if checked == 6:
            break
    assert checked


def test_value_forms_follow_into_the_truth() -> None:
    spec = load_spec("v03_baise_education")
    out = mutate(spec, "target_value_forms", 1)
    assert out is not None
    (b,), (a,) = truth(spec)["target_tables"], truth(out)["target_tables"]
    changed = [(x, y) for x, y in zip(b["indicators"], a["indicators"], strict=True) if x["value"] != y["value"]]
    assert changed and all(x["name"] == y["name"] and x["level2"] == y["level2"] for x, y in changed)


def test_sign_spellings_keep_every_target() -> None:
    spec = load_spec("v03_baise_education")
    out = mutate(spec, "target_value_signs", 1)
    assert out is not None
    (b,), (a,) = truth(spec)["target_tables"], truth(out)["target_tables"]
    assert [i["target"] for i in a["indicators"]] == [i["target"] for i in b["indicators"]]
    printed = [[i["value"] for a in s["attachments"] if a["kind"] == "target_regional" for i in a["indicators"]]
               for s in (spec, out)]
    assert printed[0] != printed[1]


def test_renamed_breakdown_lines_rename_the_truth_keys() -> None:
    spec = load_spec("v03_baise_education")
    out = mutate(spec, "target_field_labels", 1)
    assert out is not None
    att = next(a for a in out["attachments"] if a["kind"] == "target_regional")
    names = att["funds"]["breakdown_names"]
    assert att["fields"]["central_label"].endswith(names[0]) and att["fields"]["local_label"] == names[1]
    (t,) = truth(out)["target_tables"]
    assert list(t["funds"]["breakdown"]) == names
    assert list(t["funds"]["breakdown"].values()) == list(truth(spec)["target_tables"][0]["funds"]["breakdown"].values())


def test_funds_in_yuan_scale_the_truth() -> None:
    spec = load_spec("v03_baise_education")
    out = mutate(spec, "target_funds_in_yuan", 1)
    assert out is not None
    (b,), (a,) = truth(spec)["target_tables"], truth(out)["target_tables"]
    assert (b["unit"], a["unit"]) == ("万元", "元")
    assert Decimal(str(a["funds"]["total"])) == Decimal(str(b["funds"]["total"])) * 10000


def test_column_order_moves_the_indicators_with_their_columns() -> None:
    spec = load_spec("w04_zhaoqing_agriculture")
    out = mutate(spec, "money_targets_column_order", 1)
    assert out is not None
    before, after = truth(spec), truth(out)
    assert after["allocation_tables"] == before["allocation_tables"]
    for b, a in zip(before["target_tables"], after["target_tables"], strict=True):
        assert sorted(a["indicators"], key=str) == sorted(b["indicators"], key=str)


def test_field_mutations_follow_into_the_truth() -> None:
    spec = load_spec("v03_baise_education")
    out = mutate(spec, "annotation_disclosure", 1)
    assert out is not None and truth(out)["annotation"] == out["annotation"]
    wrapped = next(o for s in sorted(SPECS) if (o := mutate(load_spec(s), "imprint_cc_wrapped", 1)) is not None)
    assert len(truth(wrapped)["cc"]) >= 44
    gone = next(o for s in sorted(SPECS) if (o := mutate(load_spec(s), "imprint_without_cc", 1)) is not None)
    assert truth(gone)["cc"] is None


# (mutation, spec) pairs the parsers got wrong before their fix.
PARSED = [
    ("target_header_synonyms", "r92_hunan_beita_linkage"),  # 一级 | 指标名称 | 指标值（年度）: parsers/forms.py
    ("target_header_synonyms", "r84_sichuan_guangyuan_farmland"),
    ("money_targets_long_variant", "w13_qingshan_schools"),  # 一级 | 二级 long block: parsers/money_targets.py
    ("target_region_in_title", "v03_baise_education"),  # 百色市2019年…绩效目标表: parsers/target_title.py
    ("target_region_in_title", "f03_target_funds_mismatch"),  # … and its TARGET_FUNDS_MISMATCH raised
    ("target_value_before_name", "v03_baise_education"),  # 指标值 | 三级指标: parsers/target_hierarchy.py
    ("target_region_on_form", "v03_baise_education"),  # 市级财政部门 | 百色市财政局: parsers/target_region.py
    ("target_value_forms", "v03_baise_education"),  # 500元/生·学期, 不低于90%: parsers/normalize/targets.py
]


@pytest.mark.parametrize(("name", "spec_id"), PARSED, ids=[f"{n}-{s}" for n, s in PARSED])
def test_mutated_notice_parses(name: str, spec_id: str, tmp_path: Path) -> None:
    assert_mutated_parse(name, spec_id, missed_flags=True)
