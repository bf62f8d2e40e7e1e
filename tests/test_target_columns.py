"""Indicator blocks with columns beyond 三级指标 | 指标值 (parsers/target_columns.py): a unit column
before or after the value, a score, a self-evaluation's actual value and score, remarks."""

from __future__ import annotations

from decimal import Decimal

from parsers.tablegrid import build_grid
from parsers.target_columns import value_columns, with_unit
from parsers.target_hierarchy import find_indicator_header
from parsers.targets import parse_target_table
from tests.tablebuilder import table

HEAD = [
    ["资金名称", "<", "某某奖励资金", "<", "<", "<"],
    ["资金情况", "年度金额（万元）：", "<", "397", "<", "<"],
]


def read(rows: list[list[str]]) -> list[tuple[str | None, str, str, str | None, Decimal | None, str | None]]:
    t = parse_target_table(table(HEAD + rows), ("某某资金区域绩效目标表",), 1)
    return [(i.level2, i.name, i.value, i.target.op, i.target.number, i.target.unit) for i in t.indicators]


def test_unit_column_before_the_value() -> None:
    """忠县's form: 三级指标 | 单位 | 指标值 — read by position the unit was the value."""
    assert read([
        ["一级指标", "二级指标", "三级指标", "单位", "指标值", "<"],
        ["产出指标", "数量指标", "猪肉产量稳定率", "%", "≥95%", "<"],
        ["^", "^", "能繁母猪稳定率", "%", "90", "<"],
        ["^", "时效指标", "资金下达时限", "日", "≤30", "<"],
        ["满意度指标", "服务对象满意度指标", "养殖户满意度", "%", "有所提升", "<"],
    ]) == [
        ("数量指标", "猪肉产量稳定率", "≥95%", ">=", Decimal(95), "%"),  # the unit printed twice: as printed
        ("数量指标", "能繁母猪稳定率", "90%", "=", Decimal(90), "%"),
        ("时效指标", "资金下达时限", "≤30日", None, None, None),  # a number before a calendar part: qualitative
        ("服务对象满意度指标", "养殖户满意度", "有所提升", None, None, None),
    ]


def test_value_split_into_value_and_unit_with_a_score() -> None:
    assert read([
        ["一级指标", "二级指标", "三级指标", "指标值", "度量单位", "分值"],
        ["产出指标", "数量指标", "补助人数", "≥120", "人", "20"],
        ["满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90", "%", "10"],
    ]) == [
        ("数量指标", "补助人数", "≥120人", ">=", Decimal(120), "人"),
        ("服务对象满意度指标", "受益群众满意度", "≥90%", ">=", Decimal(90), "%"),
    ]


def test_self_evaluation_score_before_the_value_and_actuals_after() -> None:
    """原州区's 自评表: 三级指标 | 分值 | 年度指标值 | 全年实际值 | 得分."""
    assert read([
        ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "全年实际值"],
        ["产出指标", "数量指标", "免费发放原原种", "8", "≥550万粒", "550万粒"],
        ["^", "质量指标", "原原种合格率", "8", "≥90%", "90%"],
    ]) == [
        ("数量指标", "免费发放原原种", "≥550万粒", ">=", Decimal(550), "万粒"),
        ("质量指标", "原原种合格率", "≥90%", ">=", Decimal(90), "%"),
    ]


def test_the_plain_form_needs_no_column_roles() -> None:
    grid = build_grid(table([["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "人数", "5人"]]))
    assert value_columns(grid, find_indicator_header(grid)) is None
    assert with_unit("≥95%", "%") == "≥95%" and with_unit("5", "") == "5" and with_unit("长期", "年") == "长期"


def test_a_table_of_names_and_values_only_takes_certain_levels_from_the_names() -> None:
    """三级指标 | 指标值 and no level column: the 二级 from a name the vocabulary is sure of,
    else None; no label was misplaced, so no repair is reported."""
    from parsers.targets import repair_target_tables

    rows = [["三级指标", "<", "<", "指标值", "<"], ["补助人数", "<", "<", "≥120人", "<"],
            ["受益群众满意度", "<", "<", "≥90%", "<"], ["政策知晓率", "<", "<", "≥85%", "<"]]
    (t,) = repair_target_tables((parse_target_table(table(HEAD + rows), ("某某资金区域绩效目标表",), 1),))
    assert [(i.level1, i.level2, i.name) for i in t.indicators] == [
        ("产出指标", "数量指标", "补助人数"),
        ("满意度指标", "服务对象满意度指标", "受益群众满意度"),
        (None, None, "政策知晓率"),
    ]
    assert not t.layout_repaired


def test_regions_as_columns_with_a_unit_column() -> None:
    """区域目标值 over one column per region, the unit in a 度量单位 column before them."""
    from parsers.target_matrix import split_target_matrix

    rows = [
        ["项目名称", "<", "某某资金", "<", "<", "<"],
        ["一级指标", "二级指标", "三级指标", "度量单位", "区域目标值", "<"],
        ["^", "^", "^", "^", "新罗区", "上杭县"],
        ["产出指标", "数量指标", "补助人数", "人", "≥120", "≥80"],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "%", "≥90", "有所提升"],
    ]
    got = {t.region: [(i.name, i.value) for i in t.indicators]
           for t in split_target_matrix(table(rows), ("某某绩效目标表", "（2024年度）"), 2)}
    assert got == {"新罗区": [("补助人数", "≥120人"), ("群众满意度", "≥90%")],
                   "上杭县": [("补助人数", "≥80人"), ("群众满意度", "有所提升")]}


def test_a_names_and_values_header_without_level_columns_starts_the_block() -> None:
    """指标名称 | 目标值: no 三级指标 or 一级指标 word, still the indicator header."""
    from parsers.targets import repair_target_tables

    rows = [["指标名称", "<", "<", "目标值", "<", "<"], ["补助人数", "<", "<", "≥120人", "<", "<"],
            ["受益群众满意度", "<", "<", "≥90%", "<", "<"]]
    (t,) = repair_target_tables((parse_target_table(table(HEAD + rows), ("某某资金区域绩效目标表",), 1),))
    assert [(i.level2, i.name, i.value) for i in t.indicators] == [
        ("数量指标", "补助人数", "≥120人"), ("服务对象满意度指标", "受益群众满意度", "≥90%"),
    ]
    assert t.funds.total == Decimal(397)


def test_one_vocabulary_of_value_headers_for_blocks_columns_and_regions() -> None:
    """Every value header the column roles know (区域目标值, 年度指标值 …) starts a block of names
    and values too, and spans the regions of a regions-as-columns table."""
    from parsers.target_columns import is_value_header
    from parsers.target_matrix import region_columns

    assert all(is_value_header(w) for w in ("指标值", "目标值", "年度指标值", "区域目标值", "绩效目标值", "中期目标值"))
    assert not any(is_value_header(w) for w in ("指标名称", "三级指标", "分值", "目标值说明"))
    rows = [["指标名称", "<", "<", "地区目标值", "<", "<"], ["补助人数", "<", "<", "≥120人", "<", "<"]]
    assert find_indicator_header(build_grid(table(HEAD + rows))) == 2
    matrix = [["三级指标", "年度目标值", "<"], ["^", "上杭县", "武平县"], ["补助人数", "≥5人", "≥8人"]]
    assert region_columns(build_grid(table(matrix))) == (1, {1: "上杭县", 2: "武平县"})


def test_printed_level1_without_level2_takes_only_an_agreeing_name_level() -> None:
    from parsers.targets import repair_target_tables

    rows = [["一级指标", "三级指标", "<", "指标值", "<", "<"],
            ["产出指标", "补助人数", "<", "≥120人", "<", "<"],
            ["效益指标", "受益群众满意度", "<", "≥90%", "<", "<"]]
    (t,) = repair_target_tables((parse_target_table(table(HEAD + rows), ("某某资金区域绩效目标表",), 1),))
    assert [(i.level1, i.level2) for i in t.indicators] == [("产出指标", "数量指标"), ("效益指标", None)]
    assert not t.layout_repaired


def test_a_header_repeated_on_the_next_page_is_no_indicator() -> None:
    head = ["一级指标", "二级指标", "三级指标", "指标值", "度量单位", "<"]
    rows = [head,
            ["产出指标", "数量指标", "补助人数", "≥120", "人", "<"],
            head,  # the continuation page repeats the header
            ["^", "质量指标", "发放准确率", "100", "%", "<"],
            ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90", "%", "<"]]
    assert read(rows) == [
        ("数量指标", "补助人数", "≥120人", ">=", Decimal(120), "人"),
        ("质量指标", "发放准确率", "100%", "=", Decimal(100), "%"),
        ("服务对象满意度指标", "群众满意度", "≥90%", ">=", Decimal(90), "%"),
    ]
