"""Rows named by bare place names (仁和, 太平: no 县/区/市 printed) are divisions only when the
table reads as a table of divisions (parsers/allocation.py ``_plausible``)."""

from __future__ import annotations

from parsers.allocation import parse_allocation_table
from tests.tablebuilder import table

UNIT = ("单位：万元",)


def test_towns_that_share_a_name_with_far_districts_stay_as_printed() -> None:
    grid = [["卫生院名称", "金额"], ["疾控中心", "20"], ["仁和", "3"], ["大龙口", "6"], ["光禄", "6"],
            ["太平", "11"], ["官屯", "5"], ["合计", "51"]]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [r.region for r in t.rows] == ["疾控中心", "仁和", "大龙口", "光禄", "太平", "官屯", "合计"]


def test_counties_printed_without_their_suffix_still_resolve() -> None:
    grid = [["县市", "金额"], ["阜康", "10"], ["玛纳斯", "20"], ["呼图壁", "30"], ["合计", "60"]]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [r.region for r in t.rows][:3] == ["阜康市", "玛纳斯县", "呼图壁县"]


def test_a_division_code_printed_after_the_name_is_no_part_of_it() -> None:
    grid = [["乡镇", "金额"], ["湍东镇(41132501)", "5"], ["大桥乡（41132502）", "6"], ["合计", "11"]]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [(r.region, r.region_as_printed) for r in t.rows][:2] == [
        ("湍东镇", "湍东镇（41132501）"), ("大桥乡", "大桥乡（41132502）")]  # as printed, punctuation folded


def test_region_head_is_the_longest_division_a_text_opens_with() -> None:
    from pipeline.core.divisions import region_head

    assert region_head("三亚市财政局") == 3
    assert region_head("岢岚县财政局") == 3
    assert region_head("财政局") == 0
