"""Table structure: side-by-side column groups, header trees, row trees
(parsers/column_groups.py, parsers/header_tree.py, parsers/row_tree.py) and the
sum checks that follow them (pipeline/checks/allocation.py)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.allocation import parse_allocation_table
from parsers.column_groups import detect_column_groups, unfold_column_groups
from parsers.row_tree import RowInfo, read_row_tree
from parsers.tablegrid import build_grid
from pipeline.checks.allocation import check_table_sums
from pipeline.core.model import AllocationTable
from tests.tablebuilder import table

D = Decimal
UNIT = ("单位：万元",)


def _codes(t: AllocationTable) -> list[str]:
    return [f.code for f in check_table_sums(0, t)]


def _regions(t: AllocationTable) -> list[str]:
    return [r.region_as_printed for r in t.rows]


# --- column groups ------------------------------------------------------------------

THREE_GROUPS = [
    ["单位", "金额", "单位", "金额", "单位", "金额"],
    ["合计", "100", "乙镇", "20", "丁镇", "25"],
    ["城区小计", "55", "丙镇", "15", "戊镇", "20"],
    ["甲街道", "35", "", "", "", ""],
]


def test_three_groups_unfold_top_to_bottom_then_left_to_right() -> None:
    t = parse_allocation_table(table(THREE_GROUPS), UNIT, 1)
    assert t.columns == ("金额",)
    assert _regions(t) == ["合计", "城区小计", "甲街道", "乙镇", "丙镇", "丁镇", "戊镇"]
    assert [r.values[0] for r in t.rows] == [D(100), D(55), D(35), D(20), D(15), D(25), D(20)]
    # empty trailing cells of the last groups are not rows
    assert len(t.rows) == 7


def test_groups_with_serial_column_and_provenance_kept() -> None:
    rows = [
        ["序号", "地区", "资金", "序号", "地区", "资金"],
        ["1", "甲县", "10", "3", "丙县", "30"],
        ["2", "乙县", "20", "", "", ""],
    ]
    src = table(rows, page=3)
    t = parse_allocation_table(src, UNIT, 1)
    assert _regions(t) == ["甲县", "乙县", "丙县"]
    bing = t.rows[2]
    assert bing.prov.page == 3
    assert bing.prov.bbox is not None and bing.prov.bbox.x0 >= 3 * 60  # still where it was printed


def test_groups_separated_by_an_empty_gutter_column() -> None:
    rows = [
        ["单位", "金额", "", "单位", "金额"],
        ["甲县", "10", "", "丙县", "30"],
        ["乙县", "20", "", "", ""],
    ]
    g = detect_column_groups(build_grid(table(rows)))
    assert g is not None and (g.width, g.stride, g.count) == (2, 3, 2)


def test_groups_whose_header_ocr_misread_one_character() -> None:
    rows = [
        ["单位", "金额", "单位", "金頫"],
        ["甲县", "10", "丙县", "30"],
        ["乙县", "20", "", ""],
    ]
    t = parse_allocation_table(table(rows, confidence=0.9), UNIT, 1)
    assert _regions(t) == ["甲县", "乙县", "丙县"]


def test_a_wide_table_is_not_mistaken_for_groups() -> None:
    rows = [
        ["地区", "合计", "提前下达", "此次下达"],
        ["甲县", "30", "10", "20"],
    ]
    assert detect_column_groups(build_grid(table(rows))) is None
    # two amount columns with the same name but no recipient column in between
    rows2 = [["地区", "资金", "资金", "备注"], ["甲县", "1", "2", ""]]
    assert detect_column_groups(build_grid(table(rows2))) is None


def test_a_total_row_printed_across_the_groups_stays_last() -> None:
    rows = [
        ["单位", "金额", "单位", "金额"],
        ["甲县", "10", "丙县", "30"],
        ["乙县", "20", "", ""],
        ["合计", "60", "<", "<"],
    ]
    unfolded = unfold_column_groups(table(rows))
    assert unfolded.n_cols == 2
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert _regions(t) == ["甲县", "乙县", "丙县", "合计"]
    assert t.rows[-1].is_total


@settings(max_examples=40, deadline=None)
@given(
    amounts=st.lists(st.integers(min_value=1, max_value=9999), min_size=3, max_size=14),
    groups=st.integers(min_value=2, max_value=3),
)
def test_unfolding_restores_the_printed_order(amounts: list[int], groups: int) -> None:
    names = [f"第{i + 1}单位" for i in range(len(amounts))]
    per = -(-len(amounts) // groups)
    grid = [["单位", "金额"] * groups]
    for r in range(per):
        line: list[str] = []
        for g in range(groups):
            i = g * per + r
            line += [names[i], str(amounts[i])] if i < len(amounts) else ["", ""]
        grid.append(line)
    if per < 2:
        return  # one body row cannot show a header repeating over data
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert _regions(t) == names
    assert [r.values[0] for r in t.rows] == [D(a) for a in amounts]


# --- header trees -------------------------------------------------------------------

SUBTOTAL_TREE = [
    ["地区", "合计", "一般预算", "<", "<", "彩票公益金"],
    ["^", "^", "小计", "常规分配", "定向分配", "^"],
    ["合计", "60", "40", "30", "10", "20"],
    ["甲县", "30", "20", "15", "5", "10"],
    ["乙县", "30", "20", "15", "5", "10"],
]


def test_a_subtotal_column_is_checked_against_its_own_children_only() -> None:
    t = parse_allocation_table(table(SUBTOTAL_TREE), UNIT, 1)
    assert t.columns == ("合计", "一般预算小计", "常规分配", "定向分配", "彩票公益金")
    assert dict(t.column_parts) == {0: (1, 4), 1: (2, 3)}
    assert _codes(t) == []


def test_a_group_without_subtotal_counts_its_children() -> None:
    rows = [
        ["地区", "合计", "一般预算", "<", "彩票公益金"],
        ["^", "^", "常规分配", "定向分配", "^"],
        ["甲县", "30", "15", "5", "10"],
        ["乙县", "36", "15", "5", "10"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert dict(t.column_parts) == {0: (1, 2, 3)}
    assert _codes(t) == ["ALLOCATION_ROW_SUM"]  # 乙县: 36 != 30


def test_a_wrong_subtotal_raises_one_flag_not_two() -> None:
    rows = [list(r) for r in SUBTOTAL_TREE]
    rows[3][2] = "26"  # 甲县 一般预算小计 misprinted
    t = parse_allocation_table(table(rows), UNIT, 1)
    flags = check_table_sums(0, t)
    subjects = sorted({f.subject for f in flags if f.code == "ALLOCATION_ROW_SUM"})
    # 小计 26 != 15 + 5, and 合计 30 != 26 + 10: the row is wrong in the subtotal
    assert "allocation_tables[0].rows[1].values[1]" in subjects


def test_top_level_total_over_advance_and_current() -> None:
    rows = [
        ["地区", "全年合计", "提前下达", "此次下达"],
        ["甲县", "30", "10", "20"],
        ["乙县", "40", "25", "15"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert t.column_parts == ((0, (1, 2)),)


def test_a_vocabulary_relation_no_row_confirms_is_dropped() -> None:
    rows = [
        ["地区", "合计", "中央资金", "省级资金"],
        ["甲县", "30", "10", "5"],
        ["乙县", "40", "25", "5"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert t.column_parts == ()
    assert _codes(t) == []


def test_subset_leaf_column_is_not_a_part() -> None:
    rows = [
        ["地区", "合计", "提前下达", "此次下达", "其中：直达资金"],
        ["甲县", "30", "10", "20", "5"],
        ["乙县", "40", "25", "15", "15"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert t.column_parts == ((0, (1, 2)),)


# --- row trees ----------------------------------------------------------------------


def _info(label: str, *values: int | None, rank: int | None = None, total: bool = False) -> RowInfo:
    return RowInfo(label, tuple(None if v is None else D(v) for v in values), rank, total)


def test_row_tree_prefecture_subtotal_city_proper_and_districts() -> None:
    rows = [
        _info("合计", 1000, total=True),
        _info("杭州市小计", 600, total=True),
        _info("杭州市", 200, rank=2),
        _info("其中：市本级", 80),
        _info("上城区", 120, rank=3),
        _info("桐庐县", 400, rank=3),
        _info("宁波市小计", 400, total=True),
        _info("宁波市", 150, rank=2),
        _info("象山县", 250, rank=3),
    ]
    tree = read_row_tree(rows)
    parts = dict(tree.parts)
    assert tree.is_total == (True, True, True, False, False, False, True, False, False)
    assert parts[2] == ((3, 4),)  # 杭州市 = 市本级 + 上城区
    assert (2, 5) in parts[1]  # 杭州市小计 = 杭州市 + 桐庐县
    assert (7, 8) in parts[6]
    assert (1, 6) in parts[0]  # 合计 over the 小计s …
    assert (3, 4, 5, 7, 8) in parts[0]  # … or over the leaves


def test_row_tree_subtotal_printed_below_its_block() -> None:
    rows = [
        _info("甲镇", 10),
        _info("乙镇", 20),
        _info("城区小计", 30, total=True),
        _info("丙乡", 5),
        _info("丁乡", 7),
        _info("乡村小计", 12, total=True),
        _info("合计", 42, total=True),
    ]
    parts = dict(read_row_tree(rows).parts)
    assert parts[2] == ((0, 1),)
    assert parts[5] == ((3, 4),)
    assert (2, 5) in parts[6]


def test_partial_qizhong_breakdown_is_not_counted_in_the_subtotal() -> None:
    rows = [
        _info("杭州市小计", 300, total=True),
        _info("杭州市", 100),
        _info("其中：市本级", 40),
        _info("上城区", 30),  # a partial breakdown of 杭州市 (100 > 40 + 30)
        _info("桐庐县", 200),
    ]
    parts = dict(read_row_tree(rows).parts)
    assert (1, 4) in parts[0]


def test_no_cascade_a_wrong_subtotal_flags_once() -> None:
    grid = [
        ["单位", "金额"],
        ["合计", "100"],
        ["城区小计", "59"],  # misprinted: 35 + 20 = 55
        ["甲街道", "35"],
        ["乙街道", "20"],
        ["乡镇小计", "45"],
        ["丙镇", "25"],
        ["丁镇", "20"],
    ]
    t = parse_allocation_table(table(grid), UNIT, 1)
    flags = check_table_sums(0, t)
    assert [(f.code, f.subject) for f in flags] == [
        ("ALLOCATION_COLUMN_SUM", "allocation_tables[0].rows[1].values[0]")
    ]


def test_no_cascade_a_wrong_leaf_flags_its_subtotal_only() -> None:
    grid = [
        ["单位", "金额"],
        ["合计", "100"],
        ["城区小计", "55"],
        ["甲街道", "39"],  # misprinted: 55 - 20 = 35
        ["乙街道", "20"],
        ["乡镇小计", "45"],
        ["丙镇", "25"],
        ["丁镇", "20"],
    ]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [f.subject for f in check_table_sums(0, t)] == ["allocation_tables[0].rows[1].values[0]"]


# --- uncertain structure: one warning, no errors ---------------------------------------


def test_a_table_whose_sums_mostly_fail_gets_one_warning() -> None:
    t = parse_allocation_table(table(SUBTOTAL_TREE), UNIT, 1)
    # as if the columns had been paired wrongly: every row breaks both relations
    rows = tuple(replace(r, values=(r.values[0], r.values[2], r.values[1], r.values[3], r.values[4])) for r in t.rows)
    broken = replace(t, rows=rows)
    flags = check_table_sums(0, broken)
    assert [f.code for f in flags] == ["TABLE_STRUCTURE_UNCERTAIN"]
    assert flags[0].severity == "warning"


def test_parser_doubt_suppresses_that_dimension_only() -> None:
    rows = [
        ["地区", "合计", "提前下达", "此次下达"],
        ["合计", "75", "35", "35"],
        ["甲县", "30", "10", "20"],
        ["乙县", "40", "25", "15"],
    ]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert sorted(_codes(t)) == ["ALLOCATION_COLUMN_SUM", "ALLOCATION_ROW_SUM"]
    doubted = replace(t, uncertain=("rows: a test",))
    assert sorted(_codes(doubted)) == ["ALLOCATION_ROW_SUM", "TABLE_STRUCTURE_UNCERTAIN"]


def test_a_single_misprint_in_a_small_table_is_still_an_error() -> None:
    rows = [["地区", "金额"], ["甲县", "10"], ["乙县", "20"], ["合计", "35"]]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert _codes(t) == ["ALLOCATION_COLUMN_SUM"]


def test_an_adjustment_total_may_print_the_amount_moved_not_the_net() -> None:
    """Money taken back from two projects (negative) and given to two others: the 合计
    row may print the net (0), the amount given (300) or the amount taken back."""
    def adjustment(total: str) -> list[list[str]]:
        return [["项目名称", "调整金额"], ["甲项目", "-200"], ["乙项目", "-100"],
                ["丙项目", "180"], ["丁项目", "120"], ["合计", total]]

    for total in ("0", "300"):
        assert _codes(parse_allocation_table(table(adjustment(total)), UNIT, 1)) == []
    assert _codes(parse_allocation_table(table(adjustment("310")), UNIT, 1)) == ["ALLOCATION_COLUMN_SUM"]


def test_groups_over_two_pages_read_each_group_to_its_end() -> None:
    """A grouped table that breaks across pages: a group is read down over both pages before
    the next group (top to bottom, then left to right), as its rows are numbered."""
    rows = [["单位", "金额", "单位", "金额"], ["合计", "21", "丁镇", "4"], ["甲镇", "1", "戊镇", "5"],
            ["乙镇", "2", "己镇", "6"], ["丙镇", "3", "", ""]]
    t = table(rows)
    # the last row printed on the next page
    cells = tuple(replace(c, page=2) if c.row == 4 else c for c in t.cells)
    t = replace(t, cells=cells, pages=(1, 2))
    parsed = parse_allocation_table(t, UNIT, 1)
    assert [r.region_as_printed for r in parsed.rows] == ["合计", "甲镇", "乙镇", "丙镇", "丁镇", "戊镇", "己镇"]


def test_groups_whose_recipient_header_the_vocabulary_does_not_know() -> None:
    """学校 | 合计 | 其中：公用经费, 寄宿生生活补助 printed twice: the groups are told by the
    repeated header and by the row labels their first column holds."""
    rows = [["学校", "合计", "其中：", "<", "学校", "合计", "其中：", "<"],
            ["^", "^", "公用经费", "寄宿补助", "^", "^", "公用经费", "寄宿补助"],
            ["第一中学", "52.4", "41.6", "10.8", "第三小学", "17.3", "14.1", "3.2"],
            ["第二中学", "44.9", "35.1", "9.8", "合计", "114.6", "90.8", "23.8"]]
    t = parse_allocation_table(table(rows), UNIT, 1)
    assert t.columns == ("合计", "公用经费", "寄宿补助")
    assert _regions(t) == ["第一中学", "第二中学", "第三小学", "合计"]
    assert _codes(t) == []


def test_prefecture_named_grand_total_printed_last_under_subtotal_blocks() -> None:
    grid = [["县（区）", "金额"], ["金城江区", "10"], ["宜州区", "20"], ["小计", "30"],
            ["南丹县", "5"], ["天峨县", "7"], ["小计", "12"], ["河池市", "42"]]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [r.is_total for r in t.rows] == [False, False, True, False, False, True, True]
    assert _codes(t) == []
    wrong = [*grid[:-1], ["河池市", "45"]]
    assert _codes(parse_allocation_table(table(wrong), UNIT, 1)) == []  # unproven: a member row, no guess


def test_a_county_printed_last_is_no_grand_total_even_when_it_adds_up() -> None:
    grid = [["县（区）", "金额"], ["金城江区", "10"], ["宜州区", "20"], ["小计", "30"], ["南丹县", "30"]]
    t = parse_allocation_table(table(grid), UNIT, 1)
    assert [r.is_total for r in t.rows] == [False, False, True, False]


def test_row_tree_city_proper_never_holds_its_counties() -> None:
    # 市本级 prints the sum of the two counties after it by coincidence: they are its siblings
    rows = [
        _info("合计", 1280, total=True),
        _info("甲市小计", 640, total=True),
        _info("市本级", 320),
        _info("东县", 170, rank=3),
        _info("西县", 150, rank=3),
        _info("乙市小计", 640, total=True),
        _info("市本级", 320),
        _info("南县", 320, rank=3),
    ]
    tree = read_row_tree(rows)
    assert tree.is_total == (True, True, False, False, False, True, False, False)
    assert (2, 3, 4) in dict(tree.parts)[1]


def test_row_tree_city_proper_over_its_own_units() -> None:
    rows = [
        _info("合计", 670, total=True),
        _info("市本级", 500),
        _info("市教育局", 200),
        _info("市卫健委", 300),
        _info("县区小计", 170, total=True),
        _info("东县", 170, rank=3),
    ]
    tree = read_row_tree(rows)
    assert tree.is_total == (True, True, False, False, True, False)
    assert dict(tree.parts)[1] == ((2, 3),)
