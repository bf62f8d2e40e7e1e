"""samples.mutations_money_targets_forms: each mutation changes how a money-and-targets table is
printed and its truth only where the print changes it (a task column's name, a fund's purpose, a
row's target lines), and fixed-seed mutated notices the parsers once got wrong now parse."""

from __future__ import annotations

import pytest

from samples import mutations_money_targets_forms
from samples.mutate import mutate
from samples.mutation_grid import MUTATIONS
from tests.mutation_specs import SPECS, assert_mutated_parse, load_spec, truth

NEW = [m.name for m in MUTATIONS if m.fn.__module__ == mutations_money_targets_forms.__name__]


def test_the_mutations_are_registered() -> None:
    assert set(NEW) == {"money_targets_task_words", "money_targets_level1_heads",
                        "money_targets_title_bracket", "money_targets_own_lines",
                        "money_targets_indicator_words"}


def _applied(name: str) -> list[tuple[str, dict[str, object], dict[str, object]]]:
    out = []
    for spec_id in sorted(SPECS):
        spec = load_spec(spec_id)
        mutated = mutate(spec, name, 3)
        if mutated is not None:
            out.append((spec_id, spec, mutated))
    return out


def test_level1_heads_change_the_print_not_the_truth() -> None:
    cases = _applied("money_targets_level1_heads")
    assert len(cases) >= 5
    for spec_id, spec, out in cases:
        assert out["attachments"] != spec["attachments"], spec_id
        assert truth(out) == truth(spec), spec_id


def test_task_words_rename_the_note_and_nothing_else() -> None:
    cases = _applied("money_targets_task_words")
    assert len(cases) >= 5
    for spec_id, spec, out in cases:
        before, after = truth(spec), truth(out)
        assert after["target_tables"] == before["target_tables"], spec_id
        notes_b = [set(r["notes"]) for t in before["allocation_tables"] for r in t["rows"] if r["notes"]]
        notes_a = [set(r["notes"]) for t in after["allocation_tables"] for r in t["rows"] if r["notes"]]
        assert len(notes_a) == len(notes_b) and notes_a != notes_b, spec_id


def test_a_purpose_bracket_joins_the_fund_a_batch_does_not() -> None:
    cases = _applied("money_targets_title_bracket")
    assert len(cases) >= 5
    kinds = set()
    for spec_id, spec, out in cases:
        before, after = truth(spec), truth(out)
        (att,) = [a for a in out["attachments"] if a["kind"] == "allocation_targets"]
        (old,) = [a for a in spec["attachments"] if a["kind"] == "allocation_targets"]
        assert att["title"] != old["title"], spec_id
        projects = {t["project"] for t in after["target_tables"]}
        if att["project"] == old["project"]:
            kinds.add("batch")
            assert projects == {t["project"] for t in before["target_tables"]}, spec_id
        else:
            kinds.add("purpose")
            assert projects == {att["project"]} and att["project"].startswith(old["project"] + "（"), spec_id
    assert kinds == {"batch", "purpose"}


def test_own_lines_drop_target_lines_of_rows_of_their_own_work() -> None:
    cases = _applied("money_targets_own_lines")
    assert len(cases) >= 3
    for spec_id, spec, out in cases:
        before, after = truth(spec), truth(out)
        assert after["allocation_tables"] == before["allocation_tables"], spec_id
        lines_b = sum(len(t["indicators"]) for t in before["target_tables"])
        lines_a = sum(len(t["indicators"]) for t in after["target_tables"])
        assert lines_a < lines_b, spec_id
        assert "INDICATOR_SET_DIFFERS" not in {f["code"] for f in after["flags"]}, spec_id


def test_indicator_words_rename_indicators_within_their_level() -> None:
    cases = _applied("money_targets_indicator_words")
    assert len(cases) >= 10
    for spec_id, spec, out in cases:
        before, after = truth(spec), truth(out)
        assert after["allocation_tables"] == before["allocation_tables"], spec_id
        b = [(i["level1"], i["level2"], i["value"]) for t in before["target_tables"] for i in t["indicators"]]
        a = [(i["level1"], i["level2"], i["value"]) for t in after["target_tables"] for i in t["indicators"]]
        assert a == b, spec_id
        names_b = [i["name"] for t in before["target_tables"] for i in t["indicators"]]
        names_a = [i["name"] for t in after["target_tables"] for i in t["indicators"]]
        assert names_a != names_b, spec_id


# (mutation, spec) pairs the parsers got wrong before their fix (seed 1).
PARSED = [
    ("money_targets_title_bracket", "ac06_hubei_suixian_flood"),  # （…）of a purpose kept: parsers/money_targets.py
    ("money_targets_level1_heads", "aa23_hunan_zhuzhou_medical"),  # …救助比例 under 产出指标: 质量指标
    ("money_targets_own_lines", "l23_guangdong_zhanjiang_farmland"),  # 合计's task cell clipped
]


@pytest.mark.parametrize(("name", "spec_id"), PARSED, ids=[f"{n}-{s}" for n, s in PARSED])
def test_mutated_notice_parses(name: str, spec_id: str) -> None:
    assert_mutated_parse(name, spec_id, missed_flags=True)
