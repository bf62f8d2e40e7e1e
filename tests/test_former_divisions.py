"""Divisions renamed or merged since a notice was issued keep their printed name
(pipeline/core/divisions.py, docs/regions.md): an older notice pays 宣化县 and 宣化区 on two rows
(samples/aa07), so mapping the county to the district it was merged into would add two divisions'
money up as one."""

from __future__ import annotations

import pytest

from parsers.allocation import parse_allocation_table
from pipeline.core.divisions import resolve_region
from tests.tablebuilder import table


@pytest.mark.parametrize(("former", "now"), [("隆昌县", "隆昌市"), ("宣化县", "宣化区"), ("华亭县", "华亭市"), ("罗江县", "罗江区")])
def test_a_former_division_resolves_to_nothing_and_never_to_its_successor(former: str, now: str) -> None:
    assert resolve_region(former) is None
    found = resolve_region(now)
    assert found is not None and found.canonical == now


def test_a_merged_county_and_the_district_it_joined_stay_two_rows() -> None:
    grid = [["县区", "金额"], ["桥东区", "10"], ["宣化区", "20"], ["宣化县", "30"], ["合计", "60"]]
    t = parse_allocation_table(table(grid), ("单位：万元",), 1)
    assert [r.region for r in t.rows][1:3] == ["宣化区", "宣化县"]
    assert t.rows[2].region_code is None and t.rows[1].region_code == "130705"
