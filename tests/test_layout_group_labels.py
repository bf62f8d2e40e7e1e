"""Group labels of borderless tables (pipeline/layout/text_grid.group_spans, unruled.text_regions):
a group label narrower than the labels under it spans them all, and a lone group label line above
the header belongs to the table."""

from __future__ import annotations

from pipeline.layout.unruled import reconstruct_unruled_tables
from tests.pagebuilder import box, page

ROWS = [("甲县", "4600", "2300", "2300"), ("乙县", "3800", "1900", "1900"), ("丙县", "2600", "1300", "1300")]


def _body(top: float) -> list:
    out = []
    for k, row in enumerate(ROWS):
        y = top + 21 * k
        out.append(box(str(k + 1), 67, y, width=5))
        out.append(box(row[0], 95, y, width=30))
        out += [box(t, right - 5 * len(t), y, width=5 * len(t)) for t, right in zip(row[1:], (236, 336, 436), strict=True)]
    return out


def test_a_group_label_within_the_middle_column_spans_its_three_labels() -> None:
    """计划投资 stands over 中央预算内投资 only (narrower than it), centred on 合计 | 中央预算内投资 |
    地方配套 together: their group label, not the first line of the middle one."""
    head = [box("序号", 60, 171, width=20), box("地区", 100, 171, width=20), box("计划投资", 290, 166, width=40),
            box("合计", 205, 186, width=20), box("中央预算内投资", 275, 186, width=70), box("地方配套", 390, 186, width=40)]
    boxes = head + _body(210)
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    assert table.grid()[:2] == (("序号", "地区", "计划投资", "", ""), ("", "", "合计", "中央预算内投资", "地方配套"))


def test_a_lone_group_label_line_above_the_header_is_part_of_the_table() -> None:
    """项目金额（万元） stands alone a padding above the header row, over the long labels
    基础设施建设补助 | 设备购置补助 and centred on them: the table's group label, not a line of text above it."""
    head = [box("项目金额（万元）", 270, 158, width=80),
            box("序号", 60, 172, width=20), box("地区", 100, 172, width=20),
            box("基础设施建设补助", 200, 172, width=80), box("设备购置补助", 300, 172, width=60),
            box("合计", 405, 172, width=20)]
    boxes = head + _body(196)
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    assert table.grid()[0][2] == "项目金额（万元）"
    assert table.grid()[1][2:] == ("基础设施建设补助", "设备购置补助", "合计")


def test_a_group_label_right_over_the_middle_label_of_three_with_a_longer_neighbour() -> None:
    """基本药物制度 stands right over 村卫生室 (as wide), centred on 小计 | 村卫生室 | 基层医疗卫生机构
    together; the right label wraps over three lines so it starts higher, centred as the others,
    while 合计, centred on the whole header, stays a column of its own."""
    head = [box("基本药物制度", 290, 160, width=60),
            box("序号", 60, 174, width=20), box("合计", 140, 174, width=20),
            box("基层医疗", 380, 172, width=40), box("村卫生室", 290, 177, width=40),
            box("小计", 205, 182, width=20), box("卫生机构", 380, 182, width=40), box("实施", 300, 187, width=20),
            box("实施药物", 380, 192, width=40)]
    body = []
    for k, row in enumerate([("1", "60", "30", "20", "10"), ("2", "90", "45", "30", "15"), ("3", "30", "15", "10", "5")]):
        y = 212 + 21 * k
        body.append(box(row[0], 67, y, width=5))
        body += [box(t, right - 5 * len(t), y, width=5 * len(t)) for t, right in zip(row[1:], (168, 236, 336, 436), strict=True)]
    boxes = head + body
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    assert table.grid()[0] == ("序号", "合计", "基本药物制度", "", "")
    assert table.grid()[1][2:] == ("小计", "村卫生室实施", "基层医疗卫生机构实施药物")


def test_a_group_label_a_line_above_two_sub_labels_far_apart_spans_them() -> None:
    """小学 stands a line above 人数 | 金额, between them but far from both (wide columns): their
    group label, not the label of an empty column between them (乡镇（街道）, centred on the header's
    two lines, stays one cell over both)."""
    s = 10.5
    head = [box("小学", 232.8, 191.8, size=s, width=21), box("初中", 362.4, 191.8, size=s, width=21),
            box("乡镇（街道）", 97.4, 201.6, size=s, width=63), box("合计金额", 458.6, 201.6, size=s, width=42),
            box("人数", 194.7, 211.5, size=s, width=21), box("金额", 259.5, 211.5, size=s, width=21),
            box("人数", 324.3, 211.5, size=s, width=21), box("金额", 389.1, 211.5, size=s, width=21)]
    body = []
    for k, (name, a, b, c, d, e) in enumerate([("澧阳街道", "212", "106,000", "168", "105,000", "211,000"),
                                                ("澧浦街道", "186", "93,000", "142", "88,750", "181,750"),
                                                ("澧西街道", "95", "47,500", "71", "44,375", "91,875")]):
        y = 232.1 + 24.5 * k
        body += [box(name, 107.9, y, size=s, width=42)]
        body += [box(t, right - 5.25 * len(t), y, size=s, width=5.25 * len(t))
                 for t, right in zip((a, b, c, d, e), (197.2, 305.1, 326.8, 434.7, 518.6), strict=True)]
    boxes = head + body
    (table,), _ = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert table.n_cols == 6
    assert table.grid()[:2] == (("乡镇（街道）", "小学", "", "初中", "", "合计金额"), ("", "人数", "金额", "人数", "金额", ""))


def test_a_label_in_a_gap_beside_unlabelled_numbers_is_theirs() -> None:
    """小计, centred in a narrow column, ends just short of its numbers set flush right: the label of
    those numbers, not of an empty column; 备注 beyond them is the empty column at the side."""
    s = 11.0
    head = [box("项目金额（万元）", 269.1, 156.4, size=s, width=88),
            box("卫生院名称", 92.9, 173.7, size=s, width=55), box("备注", 482.1, 173.7, size=s, width=22),
            box("基础设施和设备购", 164.9, 176.7, size=s, width=88), box("突发公共卫生", 264.3, 176.7, size=s, width=66),
            box("人才培养（含", 343.3, 176.7, size=s, width=66), box("小计", 428.5, 183.8, size=s, width=22),
            box("置（含中医）", 175.9, 191.0, size=s, width=66), box("事件处置", 275.3, 191.0, size=s, width=44),
            box("中医）", 359.8, 191.0, size=s, width=33)]
    body = [box("疾控中心", 98.4, 213.3, size=s, width=44), box("20", 324.4, 213.3, size=s, width=11),
            box("20", 450.7, 213.3, size=s, width=11)]
    for k, (name, a, b, c) in enumerate([("仁和", "2", "1", "3"), ("大龙口", "5", "1", "6")]):
        y = 237.6 + 24.3 * k
        body += [box(name, 104.0, y, size=s, width=11 * len(name)), box(a, 247.8, y, size=s, width=5.5),
                 box(b, 405.7, y, size=s, width=5.5), box(c, 456.2, y, size=s, width=5.5)]
    boxes = head + body
    (table,), _ = reconstruct_unruled_tables(page(boxes, []), boxes)
    grid = table.grid()
    assert grid[1][4:] == ("小计", "")
    assert [row[4:] for row in grid[2:]] == [("20", ""), ("3", ""), ("6", "")]


V03 = [(391.0, 165.9, 33, "其中："), (246.7, 183.2, 22, "合计"), (440.3, 186.2, 77, "家庭经济困难学"),
       (86.2, 193.3, 22, "序号"), (157.5, 193.3, 22, "单位"), (307.0, 193.3, 44, "公用经费"),
       (372.8, 193.3, 55, "免费教科书"), (451.3, 200.5, 55, "生生活补助"),
       (238.4, 220.8, 38.5, "1=2+3+4"), (326.3, 220.8, 5.5, "2"), (397.6, 220.8, 5.5, "3"), (476.0, 220.8, 5.5, "4"),
       (139.7, 241.1, 22, "合计"), (251.8, 241.1, 38.5, "3268.45"), (323.2, 241.1, 38.5, "2104.30"),
       (400.0, 241.1, 33, "786.55"), (485.6, 241.1, 33, "377.60"),
       (94.5, 261.4, 5.5, "1"), (152.0, 261.4, 33, "市本级"), (257.3, 261.4, 33, "217.53"), (328.7, 261.4, 33, "123.30"),
       (405.5, 261.4, 27.5, "59.30"), (491.1, 261.4, 27.5, "34.93"),
       (94.5, 281.7, 5.5, "2"), (124.5, 281.7, 88, "县（市、区）小计"), (251.8, 281.7, 38.5, "3050.92"),
       (323.2, 281.7, 38.5, "1981.00"), (400.0, 281.7, 33, "727.25"), (485.6, 281.7, 33, "342.67")]


def test_labels_over_a_row_of_column_numbers_bound_the_columns() -> None:
    """A 栏次 row (1=2+3+4 | 2 | 3 | 4) under the labels leaves them the leaves: the columns are cut
    between 公用经费 and 免费教科书, not inside the gaps the flush-right numbers leave, and 其中：
    groups the three columns under it."""
    boxes = [box(t, x, y, size=11.0, width=w) for x, y, w, t in V03]
    (table,), _ = reconstruct_unruled_tables(page(boxes, []), boxes)
    grid = table.grid()
    assert grid[0][3] == "其中："
    assert grid[1][3:] == ("公用经费", "免费教科书", "家庭经济困难学生生活补助")
    assert grid[3][3:] == ("2104.30", "786.55", "377.60")
