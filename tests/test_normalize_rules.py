from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.normalize.rules import (
    RULES_DIR,
    AllocationRules,
    DocNumberRules,
    IndicatorRules,
    TargetRules,
    column_role,
    is_text_column,
    is_total_label,
    load_rules,
)
from pipeline.core.divisions import RegionRules, region_rules
from pipeline.core.errors import ConfigError


@pytest.mark.parametrize(
    ("model", "name"),
    [
        (AllocationRules, "allocation.yaml"),
        (IndicatorRules, "indicators.yaml"),
        (DocNumberRules, "doc_numbers.yaml"),
        (TargetRules, "targets.yaml"),
    ],
)
def test_shipped_rules_load(model: type, name: str) -> None:
    assert load_rules(model, RULES_DIR / name) is not None


def test_shipped_division_rules_load() -> None:
    assert isinstance(region_rules(), RegionRules)
    assert "蒙古" in region_rules().ethnic_groups


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_typo_in_key_fails_loudly(tmp_path: Path) -> None:
    text = (RULES_DIR / "indicators.yaml").read_text(encoding="utf-8")
    path = _write(tmp_path, text.replace("    uncertain:", "    uncertian:", 1))
    with pytest.raises(ConfigError, match="rules.yaml"):
        load_rules(IndicatorRules, path)


def test_unknown_parent_fails(tmp_path: Path) -> None:
    text = (RULES_DIR / "indicators.yaml").read_text(encoding="utf-8")
    path = _write(tmp_path, text.replace("parent: 效益指标", "parent: 效益指", 1))
    with pytest.raises(ConfigError, match="unknown parent"):
        load_rules(IndicatorRules, path)


def test_bad_regex_fails(tmp_path: Path) -> None:
    text = (RULES_DIR / "allocation.yaml").read_text(encoding="utf-8")
    path = _write(tmp_path, text.replace("'.*本级'", "'.*本级('", 1))
    with pytest.raises(ConfigError, match="regular expression"):
        load_rules(AllocationRules, path)


def test_bad_yaml_and_missing_file_fail(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_rules(AllocationRules, _write(tmp_path, "version: [1\n"))
    with pytest.raises(ConfigError):
        load_rules(AllocationRules, tmp_path / "missing.yaml")


@pytest.mark.parametrize(
    ("label", "total"),
    [
        ("合计", True),
        ("合 计", True),
        ("总计", True),
        ("小计", True),
        ("全州合计", True),
        ("总计：", True),
        ("★合计", True),
        ("昌吉州合计", True),
        ("塔城市合计2个", True),  # the count of its members after the word
        ("小计（3项）", True),
        ("甲村2个", False),
        ("其中：市本级", False),
        ("其中：州本级", False),
        ("市本级", False),
        ("昌吉州", False),  # a total by its numbers, not by its label
        ("阜康市", False),
        ("县卫健委", False),
        ("", False),
    ],
)
def test_is_total_label(label: str, total: bool) -> None:
    assert is_total_label(label) is total


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("中央全年实际下 达资金合计", "total"),
        ("合计", "total"),
        ("全年下达", "total"),
        ("年初提前 下达资金", "advance"),
        ("提前下达", "advance"),
        ("此次下达资 金", "current"),
        ("本次下达", "current"),
        ("金额", "amount"),
        ("彩票公益金", "amount"),
        ("职业培训补贴", "amount"),
        ("公用经费", "amount"),
        ("备注", "text"),
        ("项目名称", "text"),
        ("任务", "text"),
        ("单位名称", "region"),
        ("地区", "region"),
        ("序号", "index"),
        ("1", None),
        ("其中：", None),
        ("", None),
    ],
)
def test_column_role(header: str, role: str | None) -> None:
    assert column_role(header) == role
    assert is_text_column(header) is (role == "text")


whitespace = st.sampled_from([" ", "\t", "\n", "\u3000"])


@settings(deadline=None)  # the first call builds caches
@given(st.text(max_size=20))
def test_never_raises(s: str) -> None:
    assert isinstance(is_total_label(s), bool)
    assert isinstance(is_text_column(s), bool)
    column_role(s)


@settings(deadline=None)  # the first call builds caches
@given(st.sampled_from(["合计", "小计", "其中：市本级", "备注", "此次下达资金", "年初提前下达资金"]), st.data())
def test_whitespace_insensitive(s: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(min_value=0, max_value=len(s)))
    spaced = s[:i] + data.draw(whitespace) + s[i:]
    assert is_total_label(spaced) == is_total_label(s)
    assert column_role(spaced) == column_role(s)
