"""samples.mutations_money_targets: every mutation only changes how a money-and-targets table is
printed (the truth stays the same), and fixed-seed mutated notices the parsers once got wrong now
parse.
"""

from __future__ import annotations

import pytest

from samples import mutations_money_targets
from samples.mutate import mutate
from samples.mutation_grid import MUTATIONS
from tests.mutation_specs import SPECS, assert_mutated_parse, load_spec, truth

NEW = [m.name for m in MUTATIONS if m.fn.__module__ == mutations_money_targets.__name__]




def test_the_mutations_are_registered() -> None:
    assert set(NEW) == {*SAME_TRUTH, "money_targets_total_place", "money_targets_in_yuan"}


SAME_TRUTH = ["money_targets_group_label", "money_targets_level_row", "money_targets_narrow_cells",
              "money_targets_long_shape", "money_targets_over_pages", "money_targets_seq_column"]


@pytest.mark.parametrize("name", SAME_TRUTH)
def test_each_mutation_changes_the_print_not_the_truth(name: str) -> None:
    checked = 0
    for spec_id in sorted(SPECS):
        spec = load_spec(spec_id)
        out = mutate(spec, name, 3)
        if out is None:
            continue
        changed = [a for a, b in zip(out["attachments"], spec["attachments"], strict=True) if a != b]
        assert changed, (name, spec_id)
        assert truth(out) == truth(spec), (name, spec_id)
        checked += 1
    assert checked >= 3, name


def test_the_long_shape_prints_each_row_over_its_targets() -> None:
    spec = load_spec("b06_beijing_tongzhou_assistance")
    out = mutate(spec, "money_targets_long_shape", 1)
    assert out is not None
    (att,) = [a for a in out["attachments"] if a["kind"] == "allocation_targets"]
    assert att["shape"] == "long" and len(att["header"]) == 1
    assert all(len(r["targets"]) == 3 for r in att["rows"] if not r.get("total"))


def test_the_total_row_moves_and_nothing_else() -> None:
    spec = load_spec("z08_guangxi_chongzuo_services")  # 合计 printed first
    out = mutate(spec, "money_targets_total_place", 1)
    assert out is not None
    before, after = truth(spec), truth(out)
    (b,), (a,) = before["allocation_tables"], after["allocation_tables"]
    assert a["rows"][-1] == b["rows"][0] and a["rows"][:-1] == b["rows"][1:]
    assert after["target_tables"] == before["target_tables"]


def test_yuan_scales_the_rows_and_the_funds() -> None:
    spec = load_spec("z08_guangxi_chongzuo_services")
    out = mutate(spec, "money_targets_in_yuan", 1)
    assert out is not None
    before, after = truth(spec), truth(out)
    (b,), (a,) = before["allocation_tables"], after["allocation_tables"]
    assert (b["unit"], a["unit"]) == ("万元", "元")
    assert [r["values"][0] for r in a["rows"]] == [r["values"][0] * 10000 for r in b["rows"]]
    assert [t["funds"]["total"] for t in after["target_tables"]] == [
        t["funds"]["total"] * 10000 for t in before["target_tables"]
    ]


# (mutation, spec) pairs the parsers got wrong before their fix.
PARSED = [
    ("money_targets_long_shape", "b06_beijing_tongzhou_assistance"),  # 绩效指标 | 指标值: parsers/target_columns.py
    ("money_targets_long_shape", "e06_sichuan_suining_ethnic"),  # 服务对象满意度 | ≥90%: parsers/target_hierarchy.py
]


@pytest.mark.parametrize(("name", "spec_id"), PARSED, ids=[f"{n}-{s}" for n, s in PARSED])
def test_mutated_notice_parses(name: str, spec_id: str) -> None:
    assert_mutated_parse(name, spec_id, missed_flags=True)
