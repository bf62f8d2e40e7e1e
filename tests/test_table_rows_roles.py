"""Row hierarchy by division (a prefecture over its one county), the recipient of project rows
(the coarsest region, or the column printed before the project), and a 续表 whose scanned pages
lie off one another. Small synthetic tables (tests/tablebuilder.py)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from parsers.allocation import parse_allocation_table
from parsers.row_tree import RowInfo, read_row_tree
from pipeline.checks.allocation import check_table_sums
from pipeline.core.model import AllocationTable, BBox, Table
from pipeline.layout.blocks import merge_continued_tables, scan_shift
from tests.tablebuilder import table

D = Decimal
UNIT = ("单位：万元",)


def _codes(t: AllocationTable) -> list[str]:
    return [f.code for f in check_table_sums(0, t)]


def _notes(t: AllocationTable, i: int) -> dict[str, str]:
    return dict(t.rows[i].notes)


# --- a prefecture over its one county ------------------------------------------------

def test_row_tree_prefecture_over_one_county_of_its_own() -> None:
    rows = [
        RowInfo("甲市", (D(300),), 2, code="410600"),
        RowInfo("甲县", (D(300),), 3, code="410621"),
        RowInfo("乙市", (D(500),), 2, code="410800"),
        RowInfo("乙县", (D(200),), 3, code="410821"),
        RowInfo("丙县", (D(300),), 3, code="410822"),
        RowInfo("合计", (D(800),), None, True),
    ]
    tree = read_row_tree(rows)
    assert tree.is_total == (True, False, True, False, False, True)
    assert dict(tree.parts)[0] == ((1,),)


def test_row_tree_one_row_of_another_prefecture_is_no_member() -> None:
    rows = [
        RowInfo("甲市", (D(300),), 2, code="410600"),
        RowInfo("丁县", (D(300),), 3, code="410821"),  # a county of 4108, not of 4106
        RowInfo("合计", (D(600),), None, True),
    ]
    assert read_row_tree(rows).is_total == (False, False, True)


def test_row_tree_one_row_without_codes_is_no_member() -> None:
    rows = [RowInfo("甲", (D(300),)), RowInfo("乙", (D(300),)), RowInfo("合计", (D(600),), None, True)]
    assert read_row_tree(rows).is_total == (False, False, True)


def test_cities_over_their_counties_with_the_total_last() -> None:
    grid = [
        ["序号", "设区市、县（市、区）", "奖励资金"],
        ["一", "鹤壁市", "300"],
        ["1", "浚县", "300"],
        ["二", "焦作市", "500"],
        ["2", "修武县", "200"],
        ["3", "博爱县", "300"],
        ["合计", "<", "800"],
    ]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [r.is_total for r in t.rows] == [True, False, True, False, False, True]
    assert _codes(t) == []
    wrong = [*grid[:-1], ["合计", "<", "900"]]
    assert _codes(parse_allocation_table(table(wrong), UNIT, 1)) == ["ALLOCATION_COLUMN_SUM"]


def test_a_city_before_a_county_of_another_city_holds_nothing() -> None:
    grid = [["地区", "金额"], ["鹤壁市", "300"], ["修武县", "300"], ["博爱县", "100"], ["合计", "700"]]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [r.is_total for r in t.rows] == [False, False, False, True]


# --- project rows: who receives the money ----------------------------------------------

def test_project_rows_go_to_the_township_the_village_is_a_note() -> None:
    grid = [
        ["序号", "乡镇", "村", "项目名称", "建设内容及规模", "扶贫资金", "备注"],
        ["1", "甲乡", "东村", "白芨种植项目", "种植60亩", "20", ""],
        ["2", "乙镇", "西村", "茶叶加工项目", "厂房一栋", "30", "贫困村"],
        ["合计", "<", "", "", "", "50", ""],
    ]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [r.region_as_printed for r in t.rows] == ["甲乡", "乙镇", "合计"]
    assert _notes(t, 0)["村"] == "东村" and _notes(t, 0)["项目名称"] == "白芨种植项目"
    assert _notes(t, 1)["备注"] == "贫困村"


def test_one_project_repeated_over_villages_leaves_the_villages_as_rows() -> None:
    grid = [
        ["乡镇", "村", "项目", "补助资金"],
        ["甲乡", "东村", "村综合服务场所建设", "8"],
        ["甲乡", "西村", "村综合服务场所建设", "7"],
        ["乙镇", "南村", "村综合服务场所建设", "6"],
        ["", "合计", "", "21"],
    ]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [r.region_as_printed for r in t.rows] == ["东村", "西村", "南村", "合计"]
    assert _notes(t, 0)["乡镇"] == "甲乡"


def test_villages_with_tasks_and_no_project_column_stay_the_rows() -> None:
    grid = [
        ["序号", "乡镇", "村", "建设任务", "补助资金"],
        ["1", "甲乡", "东村", "道路硬化", "50"],
        ["2", "乙镇", "西村", "供水改造", "50"],
    ]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [r.region_as_printed for r in t.rows] == ["东村", "西村"]


def test_a_recipient_column_printed_before_the_project_names_the_row() -> None:
    grid = [
        ["序号", "农场", "实施单位", "项目名称", "下达资金"],
        ["合计", "<", "", "", "1018"],
        ["1", "甲农场", "甲农场有限公司", "榴莲项目", "618"],
        ["2", "乙农场", "乙农场有限公司", "榴莲蜜项目（第二期）", "400"],
    ]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [r.region_as_printed for r in t.rows] == ["合计", "甲农场", "乙农场"]
    assert _notes(t, 1) == {"实施单位": "甲农场有限公司", "项目名称": "榴莲项目"}
    assert _notes(t, 0) == {"实施单位": "", "项目名称": ""}


def test_projects_alone_still_name_their_rows() -> None:
    grid = [["序号", "项目名称", "实施单位", "金额"], ["1", "甲项目", "某局", "5"], ["2", "乙项目", "某局", "6"]]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [r.region_as_printed for r in t.rows] == ["甲项目", "乙项目"]


# --- a 续表 on a scanned page lying off the page before ------------------------------------

def _moved(t: Table, dx: float, page: int) -> Table:
    cells = tuple(
        replace(c, page=page, bbox=BBox(c.bbox.x0 + dx, c.bbox.top, c.bbox.x1 + dx, c.bbox.bottom))
        for c in t.cells
    )
    return replace(t, cells=cells, page=page, pages=(page,),
                   bbox=BBox(t.bbox.x0 + dx, t.bbox.top, t.bbox.x1 + dx, t.bbox.bottom))


def _parts(confidence: float | None, dx: float) -> tuple[Table, Table]:
    first = table([["地区", "金额"], ["甲县", "1"], ["乙县", "2"]], page=1, confidence=confidence)
    second = _moved(table([["丙县", "3"], ["合计", "6"]], page=2, confidence=confidence), dx, 2)
    return first, second


def test_scanned_parts_shifted_by_the_scanner_are_one_table() -> None:
    first, second = _parts(0.95, 13.5)
    assert scan_shift(first, second) == -13.5
    (merged,) = merge_continued_tables([[first], [second]])
    assert isinstance(merged, Table) and merged.pages == (1, 2) and merged.n_rows == 5
    assert [r[0] for r in merged.grid()] == ["地区", "甲县", "乙县", "丙县", "合计"]


def test_text_layer_parts_at_other_positions_stay_apart() -> None:
    first, second = _parts(None, 13.5)
    assert scan_shift(first, second) == 0.0
    assert len(merge_continued_tables([[first], [second]])) == 2


def test_scanned_parts_of_another_width_stay_apart() -> None:
    first, _ = _parts(0.95, 0)
    other = table([["丙县", "3", "x"]], page=2, confidence=0.95)
    assert scan_shift(first, other) == 0.0
    assert len(merge_continued_tables([[first], [other]])) == 2


# --- a hierarchy no label or gazetteer shows: the table's total decides ------------------

UNPLACED = [
    ["序号", "单位", "奖励资金"],
    ["一", "甲片区", "300"],
    ["1", "东场", "100"],
    ["2", "西场", "200"],
    ["二", "乙片区", "150"],
    ["3", "南场", "150"],
    ["合计", "<", "450"],
]


def test_rows_printing_the_sum_of_the_rows_under_them_are_aggregates_when_the_total_says_so() -> None:
    t = parse_allocation_table(table(UNPLACED), UNIT, 1)
    assert [r.is_total for r in t.rows] == [True, False, False, True, False, True]
    assert t.uncertain == ()
    assert _codes(t) == []


def test_a_total_that_adds_up_neither_way_gives_one_warning_not_an_error() -> None:
    wrong = [*UNPLACED[:-1], ["合计", "<", "470"]]
    t = parse_allocation_table(table(wrong), UNIT, 1)
    assert len(t.uncertain) == 1 and "甲片区" in t.uncertain[0]
    assert _codes(t) == ["TABLE_STRUCTURE_UNCERTAIN"]


def test_a_flat_table_with_a_wrong_total_is_still_an_error() -> None:
    grid = [["单位", "金额"], ["东场", "100"], ["西场", "200"], ["南场", "150"], ["合计", "470"]]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert t.uncertain == ()
    assert _codes(t) == ["ALLOCATION_COLUMN_SUM"]
