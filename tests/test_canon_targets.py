"""The truth of an indicator value as the sample exporter writes it (samples/generator/canon.target) agrees
with the parser (parsers/normalize/targets.parse_target) on the forms real 绩效目标表 print; found by
samples.mutate's target_value_forms (不低于90% was qualitative in the truth, ≥90% in the parser)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parsers.normalize.targets import parse_target
from samples.generator.canon import target

FORMS = [
    "500元/生·学期", "1200元/人·年", "3次/年", "2022年12月底前", "12月底前", "0", "0起", "≥1500人", "≤5%",
    "100%", "≥98.5%", "90%-95%", "不低于90%", "不低于上年", "有效提升", "≥10年", "≤30日", "≥2个百分点",
    "90%以上", "5%以内", "不超过30天", "达到100%", "30日内", "30日以内", "30天内", "≤5300元/户",
    "≥1,000人", "≥95％", "１００％", "100%；", "≥90%。", "≤15个工作日", "15个工作日内", "2023年底前", "≥5台（套）",
]


@pytest.mark.parametrize("value", FORMS)
def test_truth_and_parser_agree(value: str) -> None:
    t = target(value)
    p = parse_target(value)
    assert (t["op"], t["number"], t["unit"]) == (p.op, p.number, p.unit)


def test_comparison_words() -> None:
    assert target("不低于90%") == {"op": ">=", "number": Decimal(90), "unit": "%"}
    assert target("5%以内") == {"op": "<=", "number": Decimal(5), "unit": "%"}
    assert target("不低于上年") == {"op": None, "number": None, "unit": None}
    assert target("30日以内") == {"op": None, "number": None, "unit": None}  # a deadline
