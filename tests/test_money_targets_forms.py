"""Money-and-targets tables printed in forms the development corpus met late (session 10, aa12, aa23,
aa39): levels read from names in the national 指标体系's words, 一级 labels over the target columns,
the fund's name kept with a bracket saying what it is for, and long-shape rows that each print the
target lines of their own work (not compared by INDICATOR_SET_DIFFERS)."""

from __future__ import annotations

from decimal import Decimal

from parsers.money_targets import _project, parse_money_targets
from parsers.tablegrid import build_grid
from parsers.target_hierarchy import read_indicators
from parsers.target_levels import level1_for, level2_of
from pipeline.checks.notice import check_notice
from pipeline.checks.target_groups import project_groups
from pipeline.core.model import Funds, Indicator, Target, TargetTable
from tests.tablebuilder import table
from tests.test_checks import base_notice

D = Decimal


def test_counts_of_works_and_places_are_quantity() -> None:
    assert level2_of(["绩效目标", "实施项目数"], ["2个", "1个"]) == "数量指标"
    assert level2_of(["改善办学条件学校数"]) == "数量指标"
    assert level2_of(["受益村数"]) == "数量指标"
    assert level2_of(["保护畜禽遗传资源品种数"]) is None  # a count of kinds is no quantity of output


def test_a_share_of_a_cost_borne_is_quality_not_a_share_of_a_total() -> None:
    assert level2_of(["绩效目标", "政策范围内住院费用救助比例"], ["≥70%"]) == "质量指标"
    assert level1_for(["政策范围内住院费用救助比例"], "质量指标") == "产出指标"
    assert level2_of(["个人卫生支出占卫生总费用比例"]) is None
    assert level2_of(["受益人口比例"]) is None  # a share of those who benefit: an outcome, which one unsaid


def test_a_printed_level1_label_over_the_column() -> None:
    # 产出指标 printed over a column the name says nothing about: its counts make it 数量指标
    assert level2_of(["绩效目标", "产出指标", "建成冷库"], ["2个", "1个"]) == "数量指标"
    assert level1_for(["绩效目标", "产出指标", "建成冷库"], None) == "产出指标"
    # 效益指标 over a count of people: not the 数量指标 the name alone would say
    assert level2_of(["效益指标", "带动就业人数"], ["≥30人"]) is None
    assert level1_for(["效益指标", "带动就业人数"], None) == "效益指标"
    assert level2_of(["效益指标", "带动增收"], ["增收≥500元"]) == "经济效益指标"
    assert level2_of(["产出指标", "带动就业人数"], ["≥30人"]) == "数量指标"


def test_the_fund_keeps_a_bracket_saying_what_it_is_for() -> None:
    assert _project("2023年中央财政衔接推进乡村振兴补助资金（产业发展）安排及绩效目标表") == \
        "中央财政衔接推进乡村振兴补助资金（产业发展）"
    assert _project("2023年中央财政衔接推进乡村振兴补助资金（第二批）安排及绩效目标表") == \
        "中央财政衔接推进乡村振兴补助资金"
    assert _project("2025年市级财政衔接推进乡村振兴补助资金（第二批“一县一溪一特色”田园风光建设项目）分配表和任务清单") == \
        "市级财政衔接推进乡村振兴补助资金"
    assert _project("某某补助资金（提前批次）分配及绩效目标表") == "某某补助资金"
    assert _project("某某补助资金安排及绩效目标表（单位：万元）") == "某某补助资金"
    assert _project("医疗服务与保障能力提升（医疗卫生机构能力建设）补助资金安排及绩效目标表") == \
        "医疗服务与保障能力提升（医疗卫生机构能力建设）补助资金"


LONG = [
    ["乡镇", "金额", "主要建设内容", "一级指标", "二级指标", "三级指标", "指标值"],
    ["甲镇", "120", "种植基地提升", "产出指标", "数量指标", "种植面积", "≥3000亩"],
    ["^", "^", "^", "^", "质量指标", "项目验收合格率", "100%"],
    ["^", "^", "^", "满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%"],
    ["乙镇", "95", "初制所改造", "产出指标", "数量指标", "改造初制所", "2个"],
    ["^", "^", "^", "满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%"],
    ["合计", "215", "", "", "", "", ""],
]
TITLE = ("附件", "2023年某某补助资金（产业发展）安排及绩效目标表", "单位：万元")


def test_long_rows_of_different_works_set_their_own_targets() -> None:
    allocation, targets = parse_money_targets(table(LONG, page=4), TITLE, None)
    assert [t.work for t in targets] == ["种植基地提升", "初制所改造"]
    assert {t.project for t in targets} == {"某某补助资金（产业发展）"}
    assert [len(t.indicators) for t in targets] == [3, 2]
    n = base_notice(target_tables=targets, allocation_tables=(allocation,))
    assert not [f for f in check_notice(n) if f.code == "INDICATOR_SET_DIFFERS"]


def test_long_rows_of_one_work_are_still_compared() -> None:
    same = [row[:2] + ["资助参保"] + row[3:] if row[2] not in ("", "^", "主要建设内容") else row for row in LONG]
    _, targets = parse_money_targets(table(same, page=4), TITLE, None)
    assert [t.work for t in targets] == ["资助参保", "资助参保"]
    n = base_notice(target_tables=targets)
    assert [f.subject for f in check_notice(n) if f.code == "INDICATOR_SET_DIFFERS"] == [
        "target_tables[0].indicators", "target_tables[1].indicators"]  # two tables, no majority: both named


def _tt(region: str, work: str | None, *names: str) -> TargetTable:
    inds = tuple(Indicator("产出指标", "数量指标", n, "1个", Target("=", D(1), "个"), "annual") for n in names)
    return TargetTable(2, "regional", 2023, region, region, "某资金", "万元", Funds(None), inds, page=3, work=work)


def test_groups_part_tables_of_different_works() -> None:
    tables = [(0, _tt("甲镇", "修路", "a")), (1, _tt("乙镇", "建棚", "b")), (2, _tt("丙镇", "修路", "a", "c"))]
    assert [[i for i, _ in g] for g in project_groups(tables)] == [[0, 2], [1]]
    wide = [(0, _tt("甲镇", None, "a")), (1, _tt("乙镇", None, "a", "b"))]
    assert [[i for i, _ in g] for g in project_groups(wide)] == [[0, 1]]


def test_a_speck_inside_a_header_word_leaves_it_a_header_word() -> None:
    """A scan's speck read as a dot inside 绩效指标 (绩效指.标, ad03's project form): still the
    block's frame word, not a label out of place that would mark the table repaired."""
    rows = [
        ["中期目标（2022年—2024年）", "<", "<", "<", "<", "年度目标（2022年）", "<", "<"],
        ["总体目标", "重点人群健康管理率逐年提高。", "<", "<", "<", "建档率保持在90%以上。", "<", "<"],
        ["绩效指{}标", "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"],
        ["^", "产出指标", "数量指标", "建档率", "≥90%", "数量指标", "建档率", "≥90%"],
        ["^", "^", "质量指标", "规范管理率", "≥62%", "质量指标", "规范管理率", "≥61%"],
        ["^", "满意度指标", "服务对象满意度指标", "居民满意度", "≥85%", "服务对象满意度指标", "居民满意度", "≥85%"],
    ]
    readings = []
    for speck in ("", ".", "·"):
        grid = build_grid(table([[c.format(speck) for c in row] for row in rows]))
        readings.append(read_indicators(grid, project=True))
    assert [r.anomalies for r in readings] == [0, 0, 0]
    assert all(r.indicators == readings[0].indicators for r in readings)
    assert [(i.period, i.level2, i.name) for i in readings[0].indicators][:2] == [
        ("midterm", "数量指标", "建档率"), ("midterm", "质量指标", "规范管理率")]


def test_a_task_cell_read_merged_into_the_total_row_is_clipped_there() -> None:
    """Long shape over a page break: the 合计 row's blank task cell at the top of the next page read
    as the rest of the last recipient's merged task; the 合计 starts its own row, so it has no task."""
    rows = [row[:] for row in LONG]
    rows[-1][2] = "^"
    allocation, targets = parse_money_targets(table(rows, page=4), TITLE, None)
    assert [(r.region_as_printed, dict(r.notes).get("主要建设内容") or None) for r in allocation.rows] == [
        ("甲镇", "种植基地提升"), ("乙镇", "初制所改造"), ("合计", None)]
    assert [len(t.indicators) for t in targets] == [3, 2]


def test_a_column_beside_the_targets_named_as_an_indicator_is_one() -> None:
    """A titled table's target columns: one headed by a target word (效益目标), the one beside it by
    an indicator's own name in the national words (新建农村公路里程): both are targets, the money
    left of them is not."""
    rows = [
        ["序号", "乡镇", "项目名称", "补助资金", "新建农村公路里程", "效益目标"],
        ["1", "甲镇", "甲镇产业路项目", "30", "≥2公里", "带动农户增收"],
        ["2", "乙镇", "乙镇冷库项目", "20", "1个", "带动农户增收"],
    ]
    ctx = ("附件", "2025年某某补助资金分配表和任务清单", "单位：万元")
    allocation, targets = parse_money_targets(table(rows, page=3), ctx, None)
    assert allocation.columns == ("补助资金",)
    assert [(i.name, i.level2) for i in targets[0].indicators] == [
        ("新建农村公路里程", "数量指标"), ("效益目标", "经济效益指标")]
    assert level2_of(["受益脱贫人口数"]) == "社会效益指标"
