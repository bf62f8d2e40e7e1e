"""Project target tables whose 中期 and 年度 halves are STACKED (one block under the other) rather
than side by side: funds (parsers/targets.py) and indicator blocks (parsers/target_hierarchy.py)."""

from __future__ import annotations

from decimal import Decimal

from parsers.targets import parse_target_table
from pipeline.core.model import Funds
from tests.tablebuilder import table

D = Decimal
FUNDS = [
    ["项目名称", "<", "某某项目", "<", "<"],
    ["项目资金（万元）", "中期资金总额：", "<", "300", "<"],
    ["^", "其中：财政拨款", "<", "280", "<"],
    ["^", "其他资金", "<", "20", "<"],
    ["^", "年度资金总额：", "<", "100", "<"],
    ["^", "其中：财政拨款", "<", "100", "<"],
    ["中期目标", "三年建成示范基地3个", "<", "<", "<"],
    ["年度目标", "年内建成示范基地1个", "<", "<", "<"],
]
BLOCKS = [
    ["中期绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
    ["^", "产出指标", "数量指标", "示范基地数", "3个"],
    ["^", "满意度指标", "服务对象满意度指标", "农户满意度", "≥90%"],
    ["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
    ["^", "产出指标", "数量指标", "示范基地数", "1个"],
    ["^", "^", "时效指标", "完成时间", "2024年12月底前"],
    ["^", "满意度指标", "服务对象满意度指标", "农户满意度", "≥90%"],
]
CONTEXT = ("某某项目支出绩效目标表", "（2024年度）")


def test_stacked_funds_and_indicator_blocks() -> None:
    t = parse_target_table(table(FUNDS + BLOCKS), CONTEXT, 1)
    assert t.kind == "project"
    assert t.funds_midterm == Funds(total=D(300), breakdown=(("财政拨款", D(280)), ("其他资金", D(20))))
    assert t.funds == Funds(total=D(100), breakdown=(("财政拨款", D(100)),))
    assert [(i.period, i.level2, i.name, i.value) for i in t.indicators] == [
        ("midterm", "数量指标", "示范基地数", "3个"),
        ("midterm", "服务对象满意度指标", "农户满意度", "≥90%"),
        ("annual", "数量指标", "示范基地数", "1个"),
        ("annual", "时效指标", "完成时间", "2024年12月底前"),
        ("annual", "服务对象满意度指标", "农户满意度", "≥90%"),
    ]
    assert not t.layout_repaired


def test_the_annual_block_printed_first_is_annual() -> None:
    swapped = [BLOCKS[3], *BLOCKS[4:], BLOCKS[0], *BLOCKS[1:3]]
    t = parse_target_table(table(FUNDS + swapped), CONTEXT, 1)
    assert [i.period for i in t.indicators] == ["midterm", "midterm", "annual", "annual", "annual"]
    assert [i.value for i in t.indicators if i.period == "midterm"] == ["3个", "≥90%"]


def test_blocks_labelled_by_their_target_lines() -> None:
    """Each block under its own 中期目标 / 年度目标 line, the header rows unlabelled."""
    plain = [["绩效指标", *row[1:]] if row[0] in ("中期绩效指标", "年度绩效指标") else row for row in BLOCKS]
    rows = [FUNDS[0], ["中期目标", "三年建成示范基地3个", "<", "<", "<"], *plain[:3],
            ["年度目标", "年内建成示范基地1个", "<", "<", "<"], *plain[3:]]
    t = parse_target_table(table(rows), CONTEXT, 1)
    assert [i.period for i in t.indicators] == ["midterm", "midterm", "annual", "annual", "annual"]


def test_a_header_repeated_on_a_continuation_page_is_no_second_period() -> None:
    plain = [["绩效指标", *row[1:]] if row[0] in ("中期绩效指标", "年度绩效指标") else row for row in BLOCKS]
    t = parse_target_table(table(FUNDS + plain), CONTEXT, 1)
    assert {i.period for i in t.indicators} == {"annual"}  # one block over two pages, as before
