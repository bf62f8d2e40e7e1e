from __future__ import annotations

from collections.abc import Sequence

from pipeline.core.model import Line, Table, TextBox
from pipeline.layout.blocks import page_blocks
from pipeline.layout.text_columns import infer_columns, looks_tabular
from pipeline.layout.unruled import reconstruct_unruled_tables
from tests.pagebuilder import box, grid_rulings, hline, page, vline

COLS = (110.0, 250.0, 350.0)  # left edges of three columns


def _rows(rows: Sequence[tuple[str, ...]], top: float) -> list[TextBox]:
    return [
        box(text, COLS[c], top + 20 * r)
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
        if text
    ]


ROWS = [("单位名称", "合计", "此次"), ("甲县", "100", "50"), ("乙县", "200", "80"), ("丙县", "300", "")]


def test_infer_columns_ignores_wide_boxes() -> None:
    boxes = _rows(ROWS, 100) + [box("一个很宽的表头跨越所有列的说明文字" * 2, 100, 60)]
    cuts = infer_columns(boxes, 100, 450)
    assert len(cuts) == 2
    assert 190 < cuts[0] < 250 and 280 < cuts[1] < 350


def test_three_line_table() -> None:
    boxes = _rows(ROWS, 104) + [box("正文在表格上方", 100, 40)]
    rulings = [hline(100, 100, 450), hline(120, 100, 450), hline(182, 100, 450)]
    tables, free = reconstruct_unruled_tables(page(boxes, rulings), boxes)
    (table,) = tables
    assert table.grid() == (
        ("单位名称", "合计", "此次"), ("甲县", "100", "50"), ("乙县", "200", "80"), ("丙县", "300", "")
    )
    assert [b.text for b in free] == ["正文在表格上方"]


def test_outer_border_only() -> None:
    boxes = _rows(ROWS, 104)
    rulings = [hline(100, 100, 450), hline(182, 100, 450), vline(100, 100, 182), vline(450, 100, 182)]
    (table,), free = reconstruct_unruled_tables(page(boxes, rulings), boxes)
    assert (table.n_rows, table.n_cols) == (4, 3) and not free


def test_banji_between_rules_is_not_a_table() -> None:
    """版记: 抄送 and 印发 lines between three rules stay lines."""
    boxes = [
        box("抄送：存档（二）", 100, 704, size=14),
        box("昌吉回族自治州财政局", 100, 734, size=14),
        box("2022年6月7日印发", 380, 734, size=14),
    ]
    rulings = [hline(700, 80, 515), hline(730, 80, 515), hline(760, 80, 515)]
    blocks = page_blocks(page(boxes, rulings))
    assert all(isinstance(b, Line) for b in blocks)


def test_running_text_between_rules_is_not_a_table() -> None:
    body = [box("为做好困难群众救助工作根据有关文件精神现将有关事宜通知如下", 100, 160 + 28 * i, size=14)
            for i in range(8)]
    body += [box("库尔勒经济技术开发区财政局", 300, 400, size=14), box("附件：", 100, 430, size=14),
             box("分配表", 160, 430, size=14)]
    rulings = [hline(140, 80, 515), hline(700, 80, 515), hline(730, 80, 515), hline(760, 80, 515)]
    tables, free = reconstruct_unruled_tables(page(body, rulings), body)
    assert tables == () and len(free) == len(body)


def test_looks_tabular_needs_rows() -> None:
    boxes = _rows(ROWS[:2], 100)
    assert not looks_tabular(boxes, infer_columns(boxes, 100, 450))


def test_ruled_grid_untouched() -> None:
    rulings = grid_rulings((100.0, 200.0, 300.0), (100.0, 120.0, 140.0, 160.0))
    boxes = [box("甲", 110, 105), box("乙", 210, 125)]
    blocks = page_blocks(page(boxes, rulings))
    assert len(blocks) == 1 and isinstance(blocks[0], Table)


def test_header_labels_set_close_in_narrow_columns_stay_in_the_table() -> None:
    """户数（户） ends 2.6 points short of 人数（人） (narrow columns): still the labels of two body
    columns, a header row of the table, with the labels wrapped around it above and below."""
    from pipeline.layout.unruled import reconstruct_unruled_tables as rebuild
    from tests.pagebuilder import box as b
    from tests.pagebuilder import page as pg

    s = 11.0
    head = [b("补助标准（", 308.2, 191.9, size=s, width=55), b("其中：重度残", 450.1, 191.9, size=s, width=66),
            b("序号", 84.4, 199.0, size=s, width=22), b("镇（街）", 127.9, 199.0, size=s, width=44),
            b("户数（户）", 189.7, 199.0, size=s, width=55), b("人数（人）", 247.3, 199.0, size=s, width=55),
            b("补助金额", 384.2, 199.0, size=s, width=44),
            b("元/人）", 316.5, 206.2, size=s, width=38.5), b("疾人", 472.1, 206.2, size=s, width=22)]
    body = []
    for k, (town, h, p, m, c) in enumerate([("龙桥街道", "268", "547", "164100.00", "18300.00"),
                                            ("霞林街道", "244", "509", "152700.00", "14400.00"),
                                            ("常太镇", "182", "371", "111300.00", "29100.00")]):
        y = 228.5 + 24.3 * k
        body += [b(str(k + 1), 92.6, y, size=s, width=5.5), b(town, 127.9, y, size=s, width=11 * len(town)),
                 b(h, 191.3, y, size=s, width=16.5), b(p, 249.0, y, size=s, width=16.5), b("300", 306.7, y, size=s, width=16.5),
                 b(m, 392.2, y, size=s, width=49.5), b(c, 474.6, y, size=s, width=44)]
    boxes = head + body
    (table,), free = rebuild(pg(boxes, []), boxes)
    assert not free
    assert table.grid()[0] == ("序号", "镇（街）", "户数（户）", "人数（人）", "补助标准（元/人）", "补助金额", "其中：重度残疾人")


def test_a_line_ending_in_a_hanging_comma_crosses_no_column_cut() -> None:
    # 新种植白芨60亩，…便道， : the last comma hangs into the next cell's padding, past the cut
    boxes = [box("镇渡乡", 100, 100, width=30), box("新种植白芨60亩，配套建设便道，", 150, 100, width=150),
             box("20", 310, 100, width=10), box("合计", 100, 130, width=20), box("20", 310, 130, width=10)]
    assert looks_tabular(boxes, [140.0, 296.0], min_rows=2)
    assert not looks_tabular(boxes, [140.0, 280.0], min_rows=2)  # a cut through the words


def test_a_caption_in_larger_type_between_two_three_line_tables_stays_out_of_the_second() -> None:
    # 表1's bottom rule, then 表2's caption (16 pt, wrapped), then 表2: top rule, labels, rule, rows, rule
    caption = [box("表2：2023年某某项目资金明细表（恢复农村小水源蓄水能", 80, 106, size=16, width=420),
               box("力）项目资金明细表", 80, 128, size=16, width=150)]
    labels = [box("乡镇", 90, 158), box("总投资", 250, 158, width=30), box("省级资金", 380, 158, width=40)]
    rows = [[box(t, 90, y, width=30), box(a, 260, y, width=20), box(b, 390, y, width=20)]
            for t, a, b, y in (("甲镇", "95", "55", 185), ("乙镇", "38", "20", 210), ("丙镇", "26", "16", 235))]
    boxes = [*caption, *labels, *(b for r in rows for b in r)]
    rules = [hline(y, 80, 500) for y in (100, 150, 175, 260)]
    tables, free = reconstruct_unruled_tables(page(boxes, rules), boxes)
    assert len(tables) == 1 and tables[0].grid()[0] == ("乡镇", "总投资", "省级资金")
    assert {b.text for b in free} == {b.text for b in caption}
