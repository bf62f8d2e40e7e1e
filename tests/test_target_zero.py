"""A zero target among peers that print ≥ (e05's scan: `0个` in one region's column beside
`>=2个`, `>=1个`) keeps no sign: ``≥0`` would say nothing, so no ≥ was lost."""

from __future__ import annotations

from parsers.normalize.targets import parse_target
from parsers.targets import repair_target_tables
from pipeline.core.model import Funds, Indicator, Provenance, TargetTable

NAME = "新建示范校数量"


def _table(value: str, region: str) -> TargetTable:
    ind = Indicator("产出指标", "数量指标", NAME, value, parse_target(value), prov=Provenance(2, None, 0.95))
    return TargetTable(1, "regional", 2023, region, region, None, "万元", Funds(None), (ind,), page=2)


def test_a_zero_target_keeps_no_sign() -> None:
    out = repair_target_tables((_table(">=2个", "甲市"), _table(">=1个", "乙市"), _table("0个", "市本级")))
    assert [t.indicators[0].value for t in out] == [">=2个", ">=1个", "0个"]
    assert out[2].indicators[0].target.op == "=" and out[2].indicators[0].prov.repaired_from is None


def test_a_lost_sign_before_another_number_is_still_restored() -> None:
    out = repair_target_tables((_table(">=2个", "甲市"), _table(">=1个", "乙市"), _table("3个", "丙市")))
    assert [t.indicators[0].value for t in out] == [">=2个", ">=1个", ">=3个"]
    assert out[2].indicators[0].prov.repaired_from is not None
