"""The borderless-table mutations of samples/mutations_rules.py: they change how the table is
printed (rules, column widths) and never the truth; the fixed cases parse exactly."""

from __future__ import annotations

import pytest

from samples.mutate import mutate
from samples.mutations_rules import wrapped_numbers
from tests.mutation_specs import assert_mutated_parse, load_spec, truth


@pytest.mark.parametrize("name", ["table_rules_uneven_widths", "table_rules_wrapped_names"])
def test_a_width_mutation_prints_unruled_and_keeps_the_truth(name: str) -> None:
    spec = load_spec("a06_zhejiang_haiyan_destitute")
    out = mutate(spec, name, 1)
    assert out is not None
    att = next(a for a in out["attachments"] if a.get("kind") == "allocation")
    before = next(a for a in spec["attachments"] if a.get("kind") == "allocation")
    assert att["rules"] in ("none", "three_line")
    region = next(k for k, c in enumerate(att["columns"]) if c.get("role") == "region")
    assert att["columns"][region]["w"] != before["columns"][region].get("w", 1.0)
    assert truth(out) == truth(spec)


@pytest.mark.parametrize(("name", "spec_id"), [
    ("table_rules_none", "a06_zhejiang_haiyan_destitute"),  # 其中 over 集中供养 | 分散供养
    ("table_rules_horizontal", "a06_zhejiang_haiyan_destitute"),
    ("table_rules_none", "q06_fujian_chengxiang_township"),  # one row, its note wrapped around it
    ("table_rules_none", "r98_jiangxi_shanggao_poverty"),  # a header label's last line between
    ("table_rules_none", "j06_zhejiang_dongyang_fishery"),  # two rows, names wrapped in two columns
    ("table_rules_none", "w03_chencang_health"),  # labels over five lines, 9-point rows far apart
    ("table_rules_three_line", "x10_hubei_shiyan_medical"),  # an empty 备注 column
    ("table_rules_none", "z01_henan_xinxiang_gxq_poverty"),  # a row begun above its figures at a page's top
    ("table_rules_three_line", "t08_jiangsu_haimen_toilets"),  # notes ending in a bare number (整改 over 610)
    ("table_rules_horizontal", "t08_jiangsu_haimen_toilets"),
])
def test_a_table_printed_without_column_rules_parses_exactly(name: str, spec_id: str) -> None:
    assert_mutated_parse(name, spec_id)


def test_uneven_widths_never_breaks_a_figure_over_two_lines() -> None:
    """A column narrowed until its figures would wrap (``1071.`` over ``2385``) is no sheet a
    person prints: the mutation does not apply there, and applies where the figures still fit."""
    narrow = load_spec("aa06_zhejiang_qujiang_camellia")
    assert mutate(narrow, "table_rules_uneven_widths", 1) is None
    out = mutate(load_spec("a06_zhejiang_haiyan_destitute"), "table_rules_uneven_widths", 1)
    assert out is not None
    att = next(a for a in out["attachments"] if a.get("kind") == "allocation")
    assert wrapped_numbers(att) == 0
    squeezed = {**att, "columns": [{**c, "w": 0.05} if c.get("role") == "amount" else c
                                   for c in att["columns"]]}
    assert wrapped_numbers(squeezed) > 0
