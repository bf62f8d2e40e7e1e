"""A project form whose 财政部门 row prints 实施单位 and a 资金来源 field (a 文号) beside it: that
row is no funds block; the block is the 项目资金（万元） one below it, its unit 万元 (parsers/targets.py)."""

from __future__ import annotations

from decimal import Decimal

from parsers.targets import parse_target_table
from pipeline.core.model import Funds
from tests.tablebuilder import table

ROWS = [
    ["项目名称", "<", "包鸾镇飞仙洞村产业路硬化项目", "<", "<", "<"],
    ["主管部门", "<", "丰都县农业农村委员会", "<", "<", "<"],
    ["实施单位", "<", "包鸾镇政府", "<", "资金来源", "渝财农〔2024〕56号"],
    ["项目资金（万元）", "<", "年度资金总额：", "<", "130", "<"],
    ["^", "^", "其中：市级资金", "<", "130", "<"],
    ["^", "^", "其他资金", "<", "0", "<"],
    ["年度目标", "<", "硬化产业路3.2公里", "<", "<", "<"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "<", "指标值"],
    ["^", "产出指标", "数量指标", "硬化产业路长度", "<", "3.2公里"],
]
CONTEXT = ("项目绩效目标表", "（2024年度）")


def test_a_source_field_after_a_label_and_its_value_is_no_funds_block() -> None:
    t = parse_target_table(table(ROWS), CONTEXT, 2)
    assert t.unit == "万元"
    assert t.funds == Funds(total=Decimal(130), breakdown=(("市级资金", Decimal(130)), ("其他资金", Decimal(0))))


def test_a_funds_label_heading_its_row_is_the_block() -> None:
    rows = [ROWS[0], ["资金来源", "<", "年度资金总额：", "<", "130", "<"], *ROWS[6:]]
    t = parse_target_table(table(rows), CONTEXT, 2)
    assert t.funds is not None and t.funds.total == Decimal(130)


def test_a_scanned_funds_label_that_lost_its_closing_bracket_still_gives_the_unit() -> None:
    """``项目资金（万元`` on a scan (the thin ``）`` closing the label's line dropped): the unit is 万元; a
    text layer states its unit whole or not at all."""
    rows = [ROWS[0], ["项目资金（万元", "<", "年度资金总额：", "<", "410", "<"], *ROWS[6:]]
    assert parse_target_table(table(rows, confidence=0.98), CONTEXT, 2).unit == "万元"
    assert parse_target_table(table(rows), CONTEXT, 2).unit is None
