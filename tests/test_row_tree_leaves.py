"""Row trees: project rows are leaves, and an aggregate only its sums suggest yields to the grand total."""

from __future__ import annotations

from decimal import Decimal

from parsers.allocation import parse_allocation_table
from parsers.row_tree import RowInfo, read_row_tree
from pipeline.checks.allocation import check_table_sums
from tests.tablebuilder import table

UNIT = ("单位：万元",)


def _info(label: str, value: int, *, total: bool = False, project: bool = False) -> RowInfo:
    return RowInfo(label, (Decimal(value),), labelled_total=total, project=project)


def _project_rows(grand: str) -> list[list[str]]:
    # 乙镇's one project (4) equals the two projects after it (2 + 2) by chance
    return [
        ["乡镇", "项目名称", "实施单位", "金额"],
        ["甲乡", "村寨保护", "甲村村委会", "8"],
        ["^", "寺院维修", "甲乡人民政府", "4"],
        ["^", "小计", "", "12"],
        ["乙镇", "附属设施", "乙镇人民政府", "4"],
        ["丙乡", "示范点", "丙村村委会", "2"],
        ["丁镇", "民居改造", "丁村村委会", "2"],
        ["合计", "", "", grand],
    ]


def test_a_project_row_under_its_own_region_cell_is_a_leaf() -> None:
    t = parse_allocation_table(table(_project_rows("20")), UNIT, 1)
    assert [(r.region, r.is_total) for r in t.rows] == [
        ("甲乡", False), ("甲乡", False), ("甲乡", True),
        ("乙镇", False), ("丙乡", False), ("丁镇", False), ("合计", True),
    ]
    assert check_table_sums(0, t) == []


def test_a_misprinted_grand_total_over_project_rows_is_still_one_error() -> None:
    t = parse_allocation_table(table(_project_rows("25")), UNIT, 1)
    assert [(f.code, f.subject) for f in check_table_sums(0, t)] == [
        ("ALLOCATION_COLUMN_SUM", "allocation_tables[0].rows[6].values[0]")
    ]


def test_a_project_row_is_never_an_aggregate_even_when_the_total_agrees() -> None:
    rows = [_info("甲乡小计", 12, total=True), _info("乙镇", 4, project=True),
            _info("丙乡", 2, project=True), _info("丁镇", 2, project=True), _info("合计", 16, total=True)]
    assert read_row_tree(rows).is_total == (True, False, False, False, True)


# no project column: 乙镇 (4) prints the sum of the two rows after it, so it may be their aggregate
_TOWNSHIP = [_info("甲村", 8), _info("乙村", 4), _info("甲乡小计", 12, total=True),
             _info("乙镇", 4), _info("丙乡", 2), _info("丁镇", 2)]


def test_a_guessed_aggregate_the_grand_total_contradicts_is_dropped() -> None:
    rows = [*_TOWNSHIP, _info("合计", 20, total=True)]
    tree = read_row_tree(rows)
    assert tree.is_total == (False, False, True, False, False, False, True)
    assert (2, 3, 4, 5) in dict(tree.parts)[6]
    assert tree.uncertain == ()


def test_a_guessed_aggregate_the_grand_total_confirms_stays() -> None:
    rows = [*_TOWNSHIP, _info("合计", 16, total=True)]
    tree = read_row_tree(rows)
    assert tree.is_total == (False, False, True, True, False, False, True)
    assert dict(tree.parts)[3] == ((4, 5),)


def test_a_row_split_at_a_wrapped_cell_is_one_row() -> None:
    grid = [
        ["序号", "单位名称", "项目名称", "合计", "预算科目"],
        ["1", "甲学校", "公用经费", "27", "2050202小学教育"],
        ["2", "乙学校", "困难生补助", "0.93", ""],
        ["^", "^", "^", "", "2050203初中教育"],  # the scan's rule cut the wrapped 预算科目 cell off
        ["3", "丙学校", "困难生补助", "0.6", "2050203初中教育"],
    ]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [(r.region, r.values[0], dict(r.notes)["预算科目"]) for r in t.rows] == [
        ("甲学校", Decimal(27), "2050202小学教育"),
        ("乙学校", Decimal("0.93"), "2050203初中教育"),
        ("丙学校", Decimal("0.6"), "2050203初中教育"),
    ]


def test_a_project_row_with_no_amount_under_a_merged_region_stays_a_row() -> None:
    grid = [
        ["乡镇", "项目名称", "金额"],
        ["甲乡", "道路硬化", "8"],
        ["^", "桥梁维修", ""],  # its own project, no amount yet
    ]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [(r.region, dict(r.notes)["项目名称"]) for r in t.rows] == [("甲乡", "道路硬化"), ("甲乡", "桥梁维修")]


def test_numbered_sibling_blocks_each_under_their_own_subtotal() -> None:
    grid = [
        ["单位名称", "合计", "中央资金", "省级资金"],
        ["合计", "126.44", "139.71", "-13.27"],
        ["（一）义务教育公用经费小计", "124.91", "124.91", "0"],
        ["甲学校", "27", "27", ""],
        ["乙学校", "97.91", "97.91", ""],
        ["（二）家庭经济困难学生生活补助小计", "1.53", "14.8", "-13.27"],
        ["甲学校", "0.93", "8.6", "-7.67"],
        ["乙学校", "0.6", "6.2", "-5.6"],
    ]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [r.is_total for r in t.rows] == [True, True, False, False, True, False, False]
    assert [f.code for f in check_table_sums(0, t) if f.severity == "error"] == []


def test_sums_under_an_amount_column_with_no_header_label_are_one_warning() -> None:
    # a borderless table whose header was not found: the amounts stand under no label
    grid = [["", "3个项目合计", "1000.5", ""], ["1", "甲项目", "300.5", "甲镇人民政府"],
            ["2", "乙项目", "174", "乙镇人民政府"], ["3", "丙项目", "24", "丙镇人民政府"]]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert t.columns == ("列3",)
    assert [(f.code, f.severity) for f in check_table_sums(0, t)] == [("TABLE_STRUCTURE_UNCERTAIN", "warning")]
    named = [["序号", "项目名称", "资金规模", "实施单位"], *grid]
    assert [f.code for f in check_table_sums(0, parse_allocation_table(table(named), UNIT, 1))] == [
        "ALLOCATION_COLUMN_SUM"
    ]


def test_sums_over_cells_holding_two_amounts_are_one_warning() -> None:
    # two columns a borderless table's gaps did not tell apart: 390 313 read in one cell
    grid = [["单位", "合计", "省级资金"], ["合计", "100", "390 313"], ["甲区", "60", "200 150"], ["乙区", "40", "190 160"]]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [(f.code, f.severity) for f in check_table_sums(0, t)] == [("TABLE_STRUCTURE_UNCERTAIN", "warning")]
