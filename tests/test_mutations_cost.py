"""samples.mutations_cost: cost items with a rate column, 核定 | 扣减 | 本次下达 and 应拨 | 已拨 | 本次
columns, unit columns beside a project or before the town, and another province's autonomous county
printed short keep a consistent truth, and fixed-seed mutated notices the parsers once got wrong
now parse."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from samples import mutations_cost
from samples.mutate import mutate
from samples.mutation_grid import MUTATIONS
from tests.mutation_specs import SPECS, assert_mutated_parse, load_spec, truth

NEW = [m.name for m in MUTATIONS if m.fn.__module__ == mutations_cost.__name__]


def test_the_mutations_are_registered() -> None:
    assert set(NEW) == {"cost_items_rate", "approved_cut_paid", "due_paid_now", "unit_beside_project",
                        "unit_rows_with_town", "short_autonomous_county"}


def _applied(name: str, seed: int = 3, limit: int = 12) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    out = []
    for spec_id in sorted(SPECS):
        spec = load_spec(spec_id)
        mutated = mutate(spec, name, seed)
        if mutated is not None:
            out.append((truth(spec), truth(mutated)))
        if len(out) == limit:
            break
    assert len(out) >= 3, name
    return out


def _changed(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    pairs = zip(before["allocation_tables"], after["allocation_tables"], strict=True)
    changed = [(a, b) for a, b in pairs if a != b]
    assert changed
    return changed


@pytest.mark.parametrize("name", ["approved_cut_paid", "due_paid_now"])
def test_the_amount_passed_down_is_the_old_one_and_the_first_column_adds_up(name: str) -> None:
    for before, after in _applied(name):
        for old, new in _changed(before, after):
            assert len(new["columns"]) == len(old["columns"]) + 2
            for r_old, r_new in zip(old["rows"], new["rows"], strict=True):
                (v,) = r_old["values"]
                first, middle, now = r_new["values"]
                assert now == v and r_new["region"] == r_old["region"]
                if v is not None:
                    assert Decimal(str(first)) == Decimal(str(v)) + Decimal(str(middle or 0))
            assert any(r["values"][1] for r in new["rows"] if not r["is_total"])


def test_cost_items_name_the_rows_and_the_rate_is_a_note() -> None:
    for before, after in _applied("cost_items_rate"):
        for old, new in _changed(before, after):
            assert [r["values"] for r in new["rows"]] == [r["values"] for r in old["rows"]]
            members = [r for r in new["rows"] if not r["is_total"]]
            assert all(r["region"] == r["region_as_printed"] for r in members)
            rate = next(k for k in members[0]["notes"] if "比例" in k)
            assert all(r["notes"][rate] is None or r["notes"][rate].rstrip("%").isdigit() for r in members)


def test_units_name_the_rows_and_their_towns_are_notes() -> None:
    for before, after in _applied("unit_rows_with_town"):
        for _, new in _changed(before, after):
            members = [r for r in new["rows"] if not r["is_total"]]
            town = next(k for k in members[0]["notes"] if "镇" in k or "乡" in k)
            assert all(r["region"] == r["region_as_printed"] for r in members)
            assert any(r["notes"][town] for r in members)
            assert len({r["region"] for r in members}) == len(members)


def test_a_short_autonomous_county_is_an_alias_of_its_official_name() -> None:
    for before, after in _applied("short_autonomous_county"):
        assert "REGION_ALIAS" in {f["code"] for f in after["flags"]}
        for old, new in _changed(before, after):
            assert [r["values"] for r in new["rows"]] == [r["values"] for r in old["rows"]]
            aliases = [r for r in new["rows"] if r["region"] != r["region_as_printed"]]
            assert aliases and all("自治" in r["region"] or "珠穆沁" in r["region"] for r in aliases)


@pytest.mark.parametrize(
    ("name", "spec_id"),
    [
        # the rate column took for the rows' name (补助比例: 40%)
        ("cost_items_rate", "w05_suining_health"),
        ("cost_items_rate", "t05_jilin_siping_assistance"),
        # the town after the unit took for the rows' name (所在乡镇: 石桥镇)
        ("unit_rows_with_town", "r83_guizhou_zhengan_disaster"),
        # 阜蒙县, 杜蒙县, 东乌旗 … not resolved: no REGION_ALIAS
        ("short_autonomous_county", "r29_hunan_yiyang_loan_interest"),
    ],
)
def test_fixed_seed_cases_parse(name: str, spec_id: str) -> None:
    assert_mutated_parse(name, spec_id, missed_flags=True)
