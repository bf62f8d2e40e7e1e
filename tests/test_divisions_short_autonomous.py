"""Short forms of autonomous counties as notices print them (session 10: aa11's 前郭县)."""

from __future__ import annotations

import pytest

from pipeline.core.divisions import resolve_region


@pytest.mark.parametrize(
    ("printed", "official"),
    [
        ("前郭县", "前郭尔罗斯蒙古族自治县"),  # a direction before a long name: 前 + 郭(尔罗斯)
        ("阜蒙县", "阜新蒙古族自治县"),  # the place's first character and its people's
        ("杜蒙县", "杜尔伯特蒙古族自治县"),
        ("东乌旗", "东乌珠穆沁旗"),  # the banner form, as before
    ],
)
def test_short_forms_of_autonomous_counties(printed: str, official: str) -> None:
    m = resolve_region(printed)
    assert m is not None and m.canonical == official and m.is_alias


@pytest.mark.parametrize("printed", ["西双州", "宽满县", "前郭"])
def test_no_short_form_without_a_lead_direction_or_when_two_share_it(printed: str) -> None:
    assert resolve_region(printed) is None


def test_an_official_name_wins_over_a_derived_one() -> None:
    m = resolve_region("昌黎县")  # 昌江黎族自治县 would give 昌黎县 too
    assert m is not None and m.canonical == "昌黎县" and not m.is_alias
