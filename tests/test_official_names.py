"""Whether a name is an official division name is asked of one place (pipeline/core/divisions)."""

from __future__ import annotations

from parsers.target_title import is_division
from parsers.target_title import is_official_name as title_is_official
from pipeline.core.divisions import is_official_name, official_names, resolve_region


def test_an_official_name_several_divisions_bear_is_official_but_resolves_to_none() -> None:
    assert is_official_name("朝阳区") and resolve_region("朝阳区") is None
    assert is_official_name("木垒县") and is_official_name("木垒哈萨克自治县")  # a tier-2 short form too
    assert not is_official_name("木垒") and not is_official_name("县卫健委")


def test_the_set_is_official_names_and_the_targets_read_the_same_one() -> None:
    names = official_names()
    assert all(is_official_name(n) for n in names[::500])
    assert title_is_official is is_official_name


def test_a_division_is_an_official_name_or_one_that_resolves() -> None:
    assert is_division("朝阳区") and is_division("阜康") and is_division("其中：阜康市")
    assert not is_division("疾控中心")
