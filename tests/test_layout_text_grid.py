"""pipeline.layout.text_grid: the grid of a table printed without (some of) its rules."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.core.model import TextBox
from pipeline.layout.text_rows import body_rows, is_number
from pipeline.layout.unruled import reconstruct_unruled_tables, text_regions
from tests.pagebuilder import box, hline, page

EDGES = (100.0, 190.0, 290.0, 390.0, 460.0)  # 地区 | 2021年下达 | 2022年下达 | 合计; 中央资金 over the middle two


def _label(text: str, col: int, top: float, width: float | None = None) -> TextBox:
    """Centred in its column as Word centres a header or a label."""
    w = width if width is not None else 10.0 * len(text)
    mid = (EDGES[col] + EDGES[col + 1]) / 2
    return box(text, mid - w / 2, top, width=w)


def _number(text: str, col: int, top: float) -> TextBox:
    """Right-aligned in its column (digits 5 points wide)."""
    w = 5.0 * len(text)
    return box(text, EDGES[col + 1] - 4 - w, top, width=w)


def _group_header(top: float) -> list[TextBox]:
    return [
        _label("地区", 0, top + 10),  # centred on both header rows: one cell over both levels
        box("中央资金", 270.0, top),  # centred over 2021 and 2022: across the gap between them
        _label("合计", 3, top + 10),
        _label("2021年下达", 1, top + 20, width=50),
        _label("2022年下达", 2, top + 20, width=50),
    ]


def _body(top: float, pitch: float = 20.0) -> list[TextBox]:
    rows = [("甲县", "100", "50", "150"), ("乙县", "200", "80", "280"), ("丙县", "300", "20", "320")]
    return [_label(row[0], 0, top + pitch * r) if c == 0 else _number(t, c, top + pitch * r)
            for r, row in enumerate(rows) for c, t in enumerate(row)]


def test_three_line_table_with_a_group_header() -> None:
    boxes = _group_header(104) + _body(144)
    rulings = [hline(100, 100, 460), hline(138, 100, 460), hline(202, 100, 460)]
    (table,), free = reconstruct_unruled_tables(page(boxes, rulings), boxes)
    assert not free
    assert table.grid() == (
        ("地区", "中央资金", "", "合计"),
        ("", "2021年下达", "2022年下达", ""),
        ("甲县", "100", "50", "150"),
        ("乙县", "200", "80", "280"),
        ("丙县", "300", "20", "320"),
    )
    spans = {c.text: (c.rowspan, c.colspan) for c in table.cells if c.row < 2}
    assert spans == {"地区": (2, 1), "中央资金": (1, 2), "合计": (2, 1), "2021年下达": (1, 1), "2022年下达": (1, 1)}


def test_a_label_wrapped_around_its_numbers_stays_in_its_row() -> None:
    """No rules at all; 乙县 is printed 乙县城 / 关镇 over two lines, its numbers centred between."""
    head = [_label("地区", 0, 100), _label("一般预算", 1, 100), _label("专项", 2, 100), _label("合计", 3, 100)]
    body = _body(124, pitch=30)
    body = [b for b in body if b.text != "乙县"] + [_label("乙县城", 0, 147), _label("关镇", 0, 161)]
    boxes = head + body
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    assert table.grid()[2] == ("乙县城关镇", "200", "80", "280")
    assert table.n_rows == 4


def test_running_text_and_a_signature_line_are_no_table() -> None:
    lines = [box("为做好困难群众救助工作，现下达资金300万元，其中中央资金200万元。", 100, 100 + 28 * i, size=14)
             for i in range(5)]
    lines += [box("某某县财政局", 100, 300, size=14), box("某某县民政局", 330, 300, size=14),
              box("2022年6月7日", 330, 330, size=14)]
    assert text_regions(lines) == []


def test_body_rows_keep_a_far_label_row_apart() -> None:
    """A label line far from every number (a heading row, blank amounts) is a row of its own."""
    lines = [[box("甲县", 100, 100), box("10", 200, 100)],
             [box("乙片区", 100, 120)],
             [box("乙县", 100, 140), box("20", 200, 140)],
             [box("丙县", 100, 160), box("30", 200, 160)]]
    assert [[b.text for b in row] for row in body_rows(lines)] == [["甲县", "10"], ["乙片区"], ["乙县", "20"], ["丙县", "30"]]


def test_a_row_set_mid_height_in_its_cells_is_one_row() -> None:
    """A 三线表 whose rows are centred in their cells (mutation table_rules_uneven_widths +
    amounts_in_yuan of ba06 at seed 36): the figures and notes wrapped in narrow cells print their
    first lines half a line above the 序号 and name and their last lines half a line under; lines set
    closer than a line's height are one row, whatever each holds."""
    def row(top: float, serial: str, name: str) -> list[list[TextBox]]:
        return [[box("头屯河", 323, top, size=10.5), box("62000", 425, top, size=10.5, width=26),
                 box("4800", 457, top, size=10.5, width=21), box("140000", 487, top, size=10.5, width=32)],
                [box(serial, 86, top + 6.8, size=10.5, width=6), box(name, 102, top + 6.8, size=10.5)],
                [box("区", 323, top + 13.7, size=10.5), box("00", 440, top + 13.7, size=10.5, width=11),
                 box("000", 462, top + 13.7, size=10.5, width=16), box("0", 513, top + 13.7, size=10.5, width=6)]]
    lines = [*row(222.0, "1", "宝钢集团新疆八一钢铁有限公司"), *row(261.0, "2", "新疆天山水泥股份有限公司")]
    rows = body_rows(lines)
    assert [[b.text for b in r][:6] for r in rows] == [["头屯河", "62000", "4800", "140000", "1", "宝钢集团新疆八一钢铁有限公司"],
                                                     ["头屯河", "62000", "4800", "140000", "2", "新疆天山水泥股份有限公司"]]
    assert [len(r) for r in rows] == [10, 10]


@given(st.integers(min_value=-10**9, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_is_number_reads_printed_amounts(whole: int, cents: int) -> None:
    assert is_number(f"{whole:,}.{cents:02d}")
    assert is_number(str(whole))
    assert not is_number(f"{whole}年")


def test_an_unruled_table_continued_on_the_next_page_is_joined_row_for_row() -> None:
    """A 三线表 over two pages: the first part has no bottom rule (none between its rows
    either), the second no header; their column edges, read from each page's text, differ a
    little. The parts join, and the break cuts no row (an unruled table's rows end there)."""
    from pipeline.core.model import Table
    from pipeline.layout.blocks import merge_continued_tables, page_blocks

    first_boxes = _group_header(104) + _body(144)
    first = page(first_boxes, [hline(100, 100, 460), hline(138, 100, 460)], number=1)
    more = [("丁县", "40", "4", "44"), ("戊县", "50", "5", "55"), ("己县", "60", "6", "66")]
    second_boxes = [
        _label(row[0], 0, 80 + 20 * r) if c == 0 else _number(t, c, 80 + 20 * r)
        for r, row in enumerate(more) for c, t in enumerate(row)
    ]
    second = page(second_boxes, [hline(142, 100, 460)], number=2)
    blocks = merge_continued_tables([page_blocks(first), page_blocks(second)], [first, second])
    (table,) = [b for b in blocks if isinstance(b, Table)]
    assert [row[0] for row in table.grid()[2:]] == ["甲县", "乙县", "丙县", "丁县", "戊县", "己县"]


def test_a_label_wrapped_in_a_two_level_header_is_one_cell_over_both_levels() -> None:
    """学前双普县区 / 奖补 (one label wrapped, set tight) beside 集团化办园补助 over 项目数 | 金额."""
    edges = (100.0, 200.0, 300.0, 400.0)

    def centred(text: str, lo: float, hi: float, top: float) -> TextBox:
        w = 10.0 * len(text)
        return box(text, (lo + hi) / 2 - w / 2, top, width=w)

    head = [
        centred("地区", edges[0], edges[1], 112),
        centred("学前双普县区", edges[1], edges[2], 100), centred("奖补", edges[1], edges[2], 112),
        centred("集团化办园补助", edges[2], 500.0, 100),
        centred("项目数", edges[2], edges[3], 120), centred("金额", edges[3], 500.0, 120),
    ]
    body = [box("甲县", 130, 140 + 20 * r) for r in range(3)]
    body += [box(str(100 + r), 270, 140 + 20 * r, width=15) for r in range(3)]
    body += [box(str(5 + r), 390, 140 + 20 * r, width=5) for r in range(3)]
    body += [box(str(50 + r), 480, 140 + 20 * r, width=10) for r in range(3)]
    boxes = head + body
    rulings = [hline(96, 100, 500), hline(134, 100, 500), hline(200, 100, 500)]
    (table,), _ = reconstruct_unruled_tables(page(boxes, rulings), boxes)
    spans = {c.text: (c.rowspan, c.colspan) for c in table.cells if c.row < 2}
    assert spans == {"地区": (2, 1), "学前双普县区奖补": (2, 1), "集团化办园补助": (1, 2), "项目数": (1, 1), "金额": (1, 1)}


def test_a_first_label_wrapped_above_its_numbers_is_body_and_an_empty_last_column_is_kept() -> None:
    """A long project name over three lines (its numbers on the middle one) under the header,
    and a 备注 column no row fills."""
    head = [box("序号", 100, 100), box("项目名称", 200, 100), box("金额", 380, 100), box("备注", 460, 100)]
    body = [box("陈傅良祠琦君故居圣寿禅寺", 140, 128), box("1", 110, 137, width=5), box("90", 400, 137, width=10),
            box("消防工程", 200, 146), box("2", 110, 170, width=5), box("沙城镇", 205, 170),
            box("289", 395, 170, width=15), box("3", 110, 190, width=5), box("仙岩镇", 205, 190),
            box("12", 400, 190, width=10)]
    boxes = head + body
    rulings = [hline(96, 95, 500), hline(114, 95, 500), hline(205, 95, 500)]
    (table,), _ = reconstruct_unruled_tables(page(boxes, rulings), boxes)
    assert table.grid()[:2] == (("序号", "项目名称", "金额", "备注"), ("1", "陈傅良祠琦君故居圣寿禅寺消防工程", "90", ""))


def test_a_lone_total_row_at_the_top_of_the_next_page_joins_the_unruled_table() -> None:
    """No rules at all; the 合计 row fell alone on the next page, its label centred over the
    first column only."""
    from pipeline.core.model import Table
    from pipeline.layout.blocks import merge_continued_tables, page_blocks

    head = [_label("地区", 0, 100), _label("一般预算", 1, 100), _label("专项", 2, 100), _label("合计", 3, 100)]
    first_boxes = head + _body(124)
    first = page(first_boxes, [], number=1)
    second_boxes = [_label("合计", 0, 80), _number("600", 1, 80), _number("150", 2, 80), _number("750", 3, 80)]
    second = page(second_boxes + [box("一、各县要及时拨付资金。", 100, 140, size=14)], [], number=2)
    blocks = merge_continued_tables([page_blocks(first), page_blocks(second)], [first, second])
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert tables[0].grid()[-1] == ("合计", "600", "150", "750")


def test_a_short_unruled_table_under_its_header_and_labels_wrapped_over_lines() -> None:
    """No rules: a header of four labels, then a row whose name wraps over three lines (two
    label lines between number rows), then a 合计 row: three rows, not a run of text."""
    head = [_label("单位", 0, 100), _label("一般预算", 1, 100), _label("专项", 2, 100), _label("合计", 3, 100)]
    rows = [_label("县卫健局", 0, 122), _number("10", 1, 122), _number("5", 2, 122), _number("15", 3, 122),
            _label("县疾病预防", 0, 140), _label("控制中心", 0, 152), _label("（本级）", 0, 164),
            _number("20", 1, 152), _number("6", 2, 152), _number("26", 3, 152),
            _label("合计", 0, 184), _number("30", 1, 184), _number("11", 2, 184), _number("41", 3, 184)]
    boxes = head + rows
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    assert [r[0] for r in table.grid()] == ["单位", "县卫健局", "县疾病预防控制中心（本级）", "合计"]


def test_a_row_of_column_numbers_under_an_unruled_header_is_a_header_row() -> None:
    """栏次 (1=2+3 | 2 | 3) under the labels: no body row; the labels above it are the header."""
    head = [_label("地区", 0, 100), _label("合计", 1, 100), _label("一般预算", 2, 100), _label("专项", 3, 100)]
    numbers = [_label("1=2+3", 1, 120, width=25), _label("2", 2, 120, width=5), _label("3", 3, 120, width=5)]
    boxes = head + numbers + _body(144)
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    assert table.grid()[:2] == (("地区", "合计", "一般预算", "专项"), ("", "1=2+3", "2", "3"))


def test_the_last_row_wrapped_around_small_amounts_that_count_up_is_body() -> None:
    """No rules; the last label (市防汛办公 / 室) wraps around its numbers 10 | 15 | 25: amounts
    that count up, but not one column at a time (no 栏次 row), and its last line stays in the row."""
    head = [_label("地区", 0, 100), _label("一般预算", 1, 100), _label("专项", 2, 100), _label("合计", 3, 100)]
    body = _body(124, pitch=25)
    last = [_label("市防汛办公", 0, 199), _number("10", 1, 205.5), _number("15", 2, 205.5), _number("25", 3, 205.5),
            _label("室", 0, 212)]
    boxes = head + body + last
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    assert table.grid()[-1] == ("市防汛办公室", "10", "15", "25")


def test_a_left_set_remark_under_a_label_centred_right_of_it_is_that_column() -> None:
    """No rules: 备注 centred over a wide column whose remarks (贫困县) are set at its left edge,
    right of all other body text and left of the label: one column, under its label."""
    head = [box("县区名称", 137, 183, width=48), box("省级资金（万元）", 264, 183, width=96), box("备注", 440, 183, width=24)]
    rows = [("市直", "0.0", ""), ("柘城县", "30.9", "贫困县"), ("民权县", "18.6", "贫困县"), ("合计", "49.5", "")]
    body = []
    for k, (name, amount, note) in enumerate(rows):
        top = 204 + 21.5 * k
        body += [box(name, 143, top, width=12 * len(name)), box(amount, 379 - 6 * len(amount), top, width=6 * len(amount))]
        if note:
            body.append(box(note, 385, top, width=36))
    boxes = head + body
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    assert table.grid()[0] == ("县区名称", "省级资金（万元）", "备注")
    assert table.grid()[2] == ("柘城县", "30.9", "贫困县")


def test_a_label_wrapped_around_a_one_line_header_row_heads_its_column() -> None:
    """No rules: 2016年底补贴人数（ / 人） is set on two lines centred on the header row's one line."""
    head = [box("2016年底补贴人数（", 193, 182, width=99), box("区", 127, 190, width=11),
            box("占总补贴人数比例", 314, 190, width=88), box("分配额度（万元）", 425, 190, width=88),
            box("人）", 232, 197, width=22)]
    rows = [("黄浦区", "1822", "2.03%", "61"), ("徐汇区", "1754", "1.96%", "58.5"), ("长宁区", "1043", "1.16%", "35")]
    body = []
    for k, (name, count, share, amount) in enumerate(rows):
        top = 217 + 20 * k
        body += [box(name, 116, top, width=33), box(count, 188, top, width=22), box(share, 303, top, width=28),
                 box(amount, 519 - 5.5 * len(amount), top, width=5.5 * len(amount))]
    boxes = head + body
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    assert table.grid()[0] == ("区", "2016年底补贴人数（人）", "占总补贴人数比例", "分配额度（万元）")
    assert table.grid()[1] == ("黄浦区", "1822", "2.03%", "61")


def test_lone_label_lines_between_the_header_row_and_the_first_row_join_their_cells() -> None:
    """No rules: 经费（ / 万元） wraps around the header row; each remark (剩余…补 / 助) wraps around
    its row's numbers, the first one's first line standing right under the header."""
    head = [box("经费（", 382, 156, width=31), box("选号", 86, 163, width=21), box("单位", 179, 163, width=21),
            box("补助项目", 300, 163, width=42), box("备注", 461, 163, width=21), box("万元）", 382, 170, width=31)]
    body = []
    for k, name in enumerate(["甲社区", "乙村", "丙村"]):
        top = 196 + 33.5 * k
        body += [box("剩余3万补", 424, top - 6, width=89), box(str(k + 1), 93, top, width=6),
                 box(name, 150, top, width=10 * len(name)), box("健身房", 290, top, width=30),
                 box("2.4", 402, top, width=16), box("助", 424, top + 7, width=11)]
    boxes = head + body
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    assert table.grid()[0] == ("选号", "单位", "补助项目", "经费（万元）", "备注")
    assert table.grid()[1] == ("1", "甲社区", "健身房", "2.4", "剩余3万补助")


def test_two_header_labels_part_columns_whose_body_gap_is_narrow() -> None:
    """No rules: one project name is set 3 points short of the next column's text (less than two
    paddings); the two header labels over them still say there are two columns."""
    head = [box("序号", 84, 361, width=20), box("项目名称", 178, 361, width=40), box("资金来源", 305, 361, width=40),
            box("资金规模", 367, 361, width=40)]
    names = ["甲县屠宰场项目", "乙县“健康饮茶”“送茶入户”项目", "丙县苗圃项目"]
    body = []
    for k, name in enumerate(names):
        top = 387 + 21 * k
        w = 180.0 if "“" in name else 10.0 * len(name)
        body += [box(str(k + 1), 91, top, width=5), box(name, 198 - w / 2, top, width=w),
                 box("中央", 291, top, width=20), box(str(100 * (k + 1)), 395, top, width=15)]
    boxes = head + body
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    assert table.grid()[0] == ("序号", "项目名称", "资金来源", "资金规模")
    assert table.grid()[2] == ("2", "乙县“健康饮茶”“送茶入户”项目", "中央", "200")


def test_two_sub_labels_under_an_off_centre_qizhong_are_two_columns() -> None:
    """No rules: 其中： stands a row's padding above 公用经费 | 寄宿生生活补助, nearer the second: a
    group label over both, not the first line of the second."""
    head = [box("其中：", 418, 166, size=12, width=36), box("序号", 87, 177, size=12, width=24),
            box("学校", 184, 177, size=12, width=24), box("合计", 300, 177, size=12, width=24),
            box("公用经费", 366, 188, size=12, width=48), box("寄宿生生活补助", 433, 188, size=12, width=84)]
    rows = [("1", "甲中学", "52.4", "41.6", "10.8"), ("2", "乙中学", "44.9", "35.1", "9.8"), ("3", "丙中学", "33.7", "27.5", "6.2")]
    body = []
    for k, row in enumerate(rows):
        top = 209 + 21.5 * k
        body += [box(row[0], 96, top, size=12, width=6), box(row[1], 178, top, size=12, width=36)]
        body += [box(t, right - 6 * len(t), top, size=12, width=6 * len(t))
                 for t, right in zip(row[2:], (348, 425, 519), strict=True)]
    boxes = head + body
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    assert table.grid()[:2] == (("序号", "学校", "合计", "其中：", ""), ("", "", "", "公用经费", "寄宿生生活补助"))


def test_an_empty_column_between_filled_ones_keeps_its_label() -> None:
    """No rules: 中央资金 holds no amount in any row; its label stands wholly in the clear gap
    between 资金合计 and 自治区资金: a column of its own, not part of either neighbour's name."""
    head = [box("地县", 114, 254, width=22), box("资金合计", 183, 254, width=44), box("中央资金", 252, 254, width=44),
            box("自治区资金", 315, 254, width=55), box("支出方向", 461, 254, width=44)]
    body = []
    for k, (name, amount) in enumerate([("和田地区", "1997"), ("皮山县", "230"), ("墨玉县", "503")]):
        top = 275 + 22.5 * k
        w = 5.5 * len(amount)
        body += [box(name, 103, top, width=11 * len(name)), box(amount, 236 - w, top, width=w),
                 box(amount, 374 - w, top, width=w), box("统筹整合", 448, top, width=44)]
    boxes = head + body
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    assert table.grid()[0] == ("地县", "资金合计", "中央资金", "自治区资金", "支出方向")
    assert table.grid()[1] == ("和田地区", "1997", "", "1997", "统筹整合")


def test_a_group_label_set_off_centre_over_its_two_labels_spans_both_columns() -> None:
    """No rules: C级 stands over 户数 | 补助资金, centred on the two labels together but wholly
    right of the cut between their columns: their group label, not the second one's."""
    head = [box("C级", 211, 182, width=20), box("D级", 296, 182, width=20),
            box("序号", 84, 198, width=20), box("街道", 130, 198, width=20),
            box("户数", 183, 204, width=20), box("补助资金", 215, 204, width=40),
            box("户数", 268, 204, width=20), box("补助资金", 300, 204, width=40)]
    body = []
    for k, (name, c, d) in enumerate([("甲街道", ("", ""), ("3", "6.3")), ("乙镇", ("1", "2.5"), ("2", "4.2")),
                                       ("丙镇", ("", ""), ("2", "4.2"))]):
        top = 230 + 21 * k
        body += [box(str(k + 1), 91, top, width=5), box(name, 125, top, width=10 * len(name))]
        for t, right in zip((*c, *d), (203, 255, 288, 340), strict=True):
            if t:
                body.append(box(t, right - 5 * len(t), top, width=5 * len(t)))
    boxes = head + body
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    assert table.grid()[:2] == (("序号", "街道", "C级", "", "D级", ""), ("", "", "户数", "补助资金", "户数", "补助资金"))


def test_a_group_over_a_total_and_a_sub_group_is_centred_on_their_leaves() -> None:
    """A 三线表 (mutation table_rules_three_line of bc03 at seed 37): 医疗救助补助资金 over 合计 |
    其中, 其中 over 中央资金 | 省级资金 | 市级资金. The group is centred over its cells, so on 合计
    and 市级资金, not on 其中 (fewer columns): it spans all four, and names 合计."""
    head = [box("医疗救助补助资金", 318, 166, width=96), box("县（市、区）", 109, 188, width=72),
            box("其中", 393, 188, width=24), box("合计", 238, 198, width=24),
            box("中央资金", 304, 209, width=48), box("省级资金", 381, 209, width=48), box("市级资金", 459, 209, width=48)]
    body = []
    for k, (name, *vals) in enumerate([("合计", "1683", "1260", "293", "130"), ("浑江区", "420", "315", "73", "32"),
                                        ("江源区", "310", "232", "54", "24")]):
        top = 234 + 21 * k
        body.append(box(name, 133, top, width=10 * len(name)))
        for t, right in zip(vals, (262, 339, 423, 501), strict=True):
            body.append(box(t, right - 6 * len(t), top, width=6 * len(t)))
    boxes = head + body
    rules = [hline(162, 79, 522), hline(226, 79, 522), hline(320, 79, 522)]
    (table,), _ = reconstruct_unruled_tables(page(boxes, rules), boxes)
    (group,) = [c for c in table.cells if c.text == "医疗救助补助资金"]
    assert (group.col, group.colspan) == (1, 4)


def test_a_label_padded_over_its_cell_is_one_label() -> None:
    # 合　计 over one row: a space of a character between its characters is no column gap (e13 mutated)
    boxes = [
        _label("地区", 0, 104), _label("2021年下达", 1, 104, width=50), _label("2022年下达", 2, 104, width=50),
        box("合", 405.0, 104), box("计", 425.0, 104),
        _number("甲县", 0, 124), _number("100", 1, 124), _number("50", 2, 124), _number("150", 3, 124),
    ]
    rulings = [hline(100, 100, 460), hline(118, 100, 460), hline(140, 100, 460)]
    (table,), _ = reconstruct_unruled_tables(page(boxes, rulings), boxes)
    assert table.grid()[0] == ("地区", "2021年下达", "2022年下达", "合计")
    assert table.grid()[1][3] == "150"


def test_two_one_character_labels_over_two_columns_of_numbers_stay_apart() -> None:
    # 男 | 女: a number under each character
    from pipeline.layout.text_columns import join_padded_labels

    head = [box("男", 300.0, 104), box("女", 318.0, 104)]
    body = [box("12", 300.0, 124, width=8.0), box("15", 320.0, 124, width=8.0)]
    assert [b.text for b in join_padded_labels(head, body)] == ["男", "女"]
    assert [b.text for b in join_padded_labels(head, [box("1234", 302.0, 124, width=20.0)])] == ["男女"]


def test_figures_wrapped_above_and_under_their_label_between_two_rules_are_one_row() -> None:
    from pipeline.layout.text_rows import rows_within_rules

    # 合计 | 54,126,921.0 / 0: the figures wrap in narrow cells, the label sits mid-height; rules part rows
    first = [box("54,126,921.0", 200, 100, width=60), box("55,663,971.0", 300, 100, width=60)]
    label = [box("合计", 110, 110, width=20), box("110689", 160, 110, width=30)]
    tails = [box("0", 255, 120, width=5), box("0", 355, 120, width=5)]
    nxt = [box("甲街道", 110, 140, width=30), box("3957", 160, 140, width=20)]
    rows = rows_within_rules([first, label, tails, nxt], rules_y=[95.0, 133.0, 155.0])
    assert [sorted(b.text for b in r) for r in rows] == [
        sorted(b.text for b in [*first, *label, *tails]), sorted(b.text for b in nxt)]


def test_two_labelled_rows_between_two_rules_stay_two() -> None:
    from pipeline.layout.text_rows import rows_within_rules

    a = [box("甲县", 110, 100, width=20), box("10", 200, 100, width=10)]
    b = [box("乙县", 110, 115, width=20), box("20", 200, 115, width=10)]
    c = [box("丙县", 110, 140, width=20), box("30", 200, 140, width=10)]
    assert len(rows_within_rules([a, b, c], rules_y=[95.0, 133.0, 155.0])) == 3
    assert len(rows_within_rules([a, b, c], rules_y=[95.0, 155.0])) == 3  # a 三线表: no rule inside


def test_the_tail_of_a_figure_broken_in_a_narrow_cell_is_no_row_of_its_own() -> None:
    # 合计 | 4,00 / 0 (4,000 wrapped in a narrow 资金额度 column of a 三线表), then a project row
    lines = [
        [box("4,00", 427, 228.5, width=22)],
        [box("合计", 215, 235.6, width=22)],
        [box("0", 443, 242.8, width=6)],
        [box("1", 88, 270, width=5), box("设施农业项目", 120, 270, width=60), box("900", 431, 270, width=18)],
        [box("2", 88, 300, width=5), box("红色教育项目", 120, 300, width=60), box("800", 431, 300, width=18)],
    ]
    rows = body_rows(lines)
    assert sorted(b.text for b in rows[0]) == ["0", "4,00", "合计"]
    assert len(rows) == 3
