from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.normalize.hierarchy import (
    LabelMatch,
    classify_label,
    classify_ocr_label,
    is_label,
    level1_labels,
    level1_of,
    level2_labels,
)

CANONICAL_L2 = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "成本指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
}


@pytest.mark.parametrize(
    ("text", "level", "expected"),
    [
        ("产出指标", None, LabelMatch(1, "产出指标", True)),
        ("效益指标", None, LabelMatch(1, "效益指标", True)),
        ("满意度指标", None, LabelMatch(1, "满意度指标", True)),
        ("满意度指标", 2, LabelMatch(2, "服务对象满意度指标", True)),
        ("成本指标", None, LabelMatch(2, "成本指标", True)),
        ("成本指标", 1, LabelMatch(1, "成本指标", True)),
        ("产出指标(50分)", None, LabelMatch(1, "产出指标", True)),
        ("产出指标（50分）", None, LabelMatch(1, "产出指标", True)),
        ("产出指标 (50 分)", None, LabelMatch(1, "产出指标", True)),
        ("★产出指标", None, LabelMatch(1, "产出指标", True)),
        ("产 出 指 标", None, LabelMatch(1, "产出指标", True)),
        ("产出\n指标", None, LabelMatch(1, "产出指标", True)),
        ("社会效益", None, LabelMatch(2, "社会效益指标", True)),
        ("社会效益指标（20分）", None, LabelMatch(2, "社会效益指标", True)),
        ("数量", None, LabelMatch(2, "数量指标", True)),
        ("时效指标：", None, LabelMatch(2, "时效指标", True)),
        ("1.数量指标", None, LabelMatch(2, "数量指标", True)),
        ("服务对象满意度", None, LabelMatch(2, "服务对象满意度指标", True)),
        ("项目完成指标", None, LabelMatch(1, "产出指标", False)),
        ("项目效益指标", None, LabelMatch(1, "效益指标", False)),
        ("效果指标", None, LabelMatch(1, "效益指标", False)),
        ("效益指标", 2, LabelMatch(1, "效益指标", True)),  # misplaced, still known
        ("经济成本指标", None, LabelMatch(2, "经济成本指标", True)),
        ("一级指标：产出指标", None, LabelMatch(1, "产出指标", True)),
        ("产出指标（50）", None, LabelMatch(1, "产出指标", True)),
        ("产出指标50分", None, LabelMatch(1, "产出指标", True)),
    ],
)
def test_classify_label(text: str, level: int | None, expected: LabelMatch) -> None:
    assert classify_label(text, level) == expected
    assert is_label(text)


@pytest.mark.parametrize(
    "text", ["一级指标", "二级指标", "三级指标", "指标值", "绩效指标", "低保对象人数", "应保尽保", "", "指标"]
)
def test_not_a_label(text: str) -> None:
    assert classify_label(text) is None
    assert not is_label(text)


@pytest.mark.parametrize(("level2", "level1"), sorted(CANONICAL_L2.items()))
def test_level1_of(level2: str, level1: str) -> None:
    assert level1_of(level2) == level1


def test_level1_of_accepts_synonyms_and_rejects_unknown() -> None:
    assert level1_of("社会效益") == "效益指标"
    assert level1_of("经济成本指标") == "成本指标"
    with pytest.raises(KeyError):
        level1_of("产出指标")
    with pytest.raises(KeyError):
        level1_of("低保对象人数")


def test_hierarchy_listing() -> None:
    assert level1_labels(include_later=False) == ("产出指标", "效益指标", "满意度指标")
    assert level1_labels()[-1] == "成本指标"
    assert set(level2_labels("产出指标")) == {"数量指标", "质量指标", "时效指标", "成本指标"}
    assert set(CANONICAL_L2) <= set(level2_labels())


# --- properties ---------------------------------------------------------------

labels = st.sampled_from(
    [*CANONICAL_L2, "产出指标", "效益指标", "满意度指标", "社会效益", "项目完成指标", "效果指标"]
)
whitespace = st.sampled_from([" ", "\t", "\n", "\u3000"])


@settings(deadline=None)  # the first call builds caches
@given(st.text(max_size=20), st.sampled_from([None, 1, 2]))
def test_never_raises(s: str, level: int | None) -> None:
    result = classify_label(s, level)
    assert result is None or result.level in (1, 2)


@settings(deadline=None)  # the first call builds caches
@given(labels, st.sampled_from([None, 1, 2]))
def test_idempotent(text: str, level: int | None) -> None:
    match = classify_label(text, level)
    assert match is not None
    again = classify_label(match.canonical, match.level)
    assert again is not None
    assert (again.level, again.canonical) == (match.level, match.canonical)
    assert again.certain


@settings(deadline=None)  # the first call builds caches
@given(labels, st.sampled_from(["", "(50分)", "（10分）", "★"]), st.data())
def test_whitespace_and_decoration_insensitive(text: str, deco: str, data: st.DataObject) -> None:
    printed = text + deco
    i = data.draw(st.integers(min_value=0, max_value=len(printed)))
    spaced = printed[:i] + data.draw(whitespace) + printed[i:]
    assert classify_label(spaced) == classify_label(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("满意度指标1", LabelMatch(1, "满意度指标", True)),  # a speck at the cell's edge read `1`
        ("E产出指标", LabelMatch(1, "产出指标", True)),
        ("数量指标l", LabelMatch(2, "数量指标", True)),
        ("产出指标(30分)", LabelMatch(1, "产出指标", True)),  # a score, as classify_label reads it
        ("数量指标-", LabelMatch(2, "数量指标", True)),  # a piece of the cell's rule beside the label
        ("—质量指标", LabelMatch(2, "质量指标", True)),
    ],
)
def test_an_ocr_label_is_read_past_a_speck_glued_at_its_ends(text: str, expected: LabelMatch) -> None:
    assert classify_ocr_label(text) == expected


def test_a_glued_speck_is_read_past_only_on_an_ocr_label() -> None:
    assert classify_label("满意度指标1") is None  # a text layer prints what it prints
    assert classify_ocr_label("林区群众满意度1") is None  # a name stays a name
    assert classify_ocr_label("12") is None
