from __future__ import annotations

from pipeline.core.model import BBox, Table, TextBox
from pipeline.layout.tables import (
    Segment,
    build_cells,
    cluster_positions,
    find_grids,
    merge_segments,
    reconstruct_tables,
    split_box,
)
from tests.pagebuilder import box, centred, grid_rulings, hline, page, vline

XS = (100.0, 180.0, 260.0, 420.0, 520.0)
YS = (200.0, 220.0, 240.0, 260.0, 280.0, 300.0)


def _spans(table: Table) -> set[tuple[int, int, int, int]]:
    return {(c.row, c.col, c.rowspan, c.colspan) for c in table.cells}


def _text_at(table: Table, row: int, col: int) -> str:
    cell = table.cell_at(row, col)
    assert cell is not None
    return cell.text


def test_cluster_positions() -> None:
    assert cluster_positions([10, 11.5, 50, 12.9, 100], 2) == [(10 + 11.5 + 12.9) / 3, 50, 100]


def test_merge_segments_snaps_and_joins() -> None:
    segs = [Segment(100, 0, 50), Segment(101.2, 51, 120), Segment(100.5, 200, 300)]
    merged = merge_segments(segs, tol=2)
    assert len(merged) == 2
    assert merged[0].start == 0 and merged[0].end == 120
    assert abs(merged[0].pos - merged[1].pos) < 1e-9  # one snapped position
    assert 100 < merged[0].pos < 101.2


def test_simple_grid() -> None:
    rulings = grid_rulings(XS[:3], YS[:3])
    boxes = [
        centred("甲", 140, 210), centred("乙", 220, 210),
        centred("丙", 140, 230), centred("丁", 220, 230),
        box("表外文字", 100, 100),
    ]
    tables, free = reconstruct_tables(page(boxes, rulings))
    (table,) = tables
    assert (table.n_rows, table.n_cols) == (2, 2)
    assert table.grid() == (("甲", "乙"), ("丙", "丁"))
    assert table.bbox == BBox(100, 200, 260, 240)
    assert table.pages == (1,) and table.page == 1
    assert [b.text for b in free] == ["表外文字"]


def test_merged_cells_from_missing_rulings() -> None:
    merged = [(1, 0, 3, 1), (1, 1, 2, 1), (0, 2, 1, 2)]
    grid = find_grids(grid_rulings(XS, YS, merged))[0]
    assert grid.xs == XS and grid.ys == YS
    assert set(build_cells(grid)) == {
        (0, 0, 1, 1), (0, 1, 1, 1), (0, 2, 1, 2),
        (1, 0, 3, 1), (1, 1, 2, 1), (1, 2, 1, 1), (1, 3, 1, 1),
        (2, 2, 1, 1), (2, 3, 1, 1),
        (3, 1, 1, 1), (3, 2, 1, 1), (3, 3, 1, 1),
        (4, 0, 1, 1), (4, 1, 1, 1), (4, 2, 1, 1), (4, 3, 1, 1),
    }


def test_label_printed_mid_span_lands_in_merged_cell() -> None:
    """The misaligned 绩效目标表: 一级/二级 labels centred on their spans."""
    merged = [(1, 0, 3, 1), (1, 1, 2, 1)]
    rulings = grid_rulings(XS, YS, merged)
    boxes = [
        centred("一级指标", 140, 210), centred("二级指标", 220, 210),
        centred("三级指标", 340, 210), centred("指标值", 470, 210),
        # 产出指标 centred on rows 1-3: its centre is in row 2, level with 临时救助人次
        centred("产出指标", 140, 250),
        # 数量指标 centred on rows 1-2: on the ruling between them
        centred("数量指标", 220, 240.5),
        centred("低保对象人数", 340, 230), centred("应保尽保", 470, 230),
        centred("临时救助人次", 340, 250), centred("应救尽救", 470, 250),
        centred("质量指标", 220, 270), centred("城乡低保标准", 340, 270),
        centred("不低于上年", 470, 270),
        centred("效益指标", 140, 290), centred("社会效益", 220, 290),
        centred("生活水平", 340, 290), centred("有所提升", 470, 290),
    ]
    (table,), free = reconstruct_tables(page(boxes, rulings))
    assert not free
    cell = table.cell_at(2, 0)
    assert cell is not None and (cell.row, cell.rowspan, cell.text) == (1, 3, "产出指标")
    assert table.cell_at(3, 0) is cell
    level2 = table.cell_at(1, 1)
    assert level2 is not None and (level2.rowspan, level2.text) == (2, "数量指标")
    assert _text_at(table, 2, 2) == "临时救助人次"
    assert _text_at(table, 3, 1) == "质量指标"
    assert table.grid()[2] == ("", "", "临时救助人次", "应救尽救")


def test_two_level_header_with_colspan() -> None:
    xs, ys = (100.0, 200.0, 300.0, 350.0, 400.0), (100.0, 120.0, 140.0, 160.0)
    merged = [(0, 0, 2, 1), (0, 1, 2, 1), (0, 2, 1, 2)]
    rulings = grid_rulings(xs, ys, merged)
    boxes = [
        centred("单位名称", 150, 120), centred("合计", 250, 120), centred("其中：", 350, 110),
        centred("提前", 325, 130), centred("此次", 375, 130),
        centred("阜康市", 150, 150), box("831", 235, 145, size=10, width=18),
        box("851", 310, 145, width=18), box("-20", 360, 145, width=18),
    ]
    (table,), _ = reconstruct_tables(page(boxes, rulings))
    assert (0, 2, 1, 2) in _spans(table)
    assert table.grid() == (
        ("单位名称", "合计", "其中：", ""),
        ("", "", "提前", "此次"),
        ("阜康市", "831", "851", "-20"),
    )


def test_wrapped_cell_text_joins_without_spaces() -> None:
    rulings = grid_rulings((100.0, 180.0), (100.0, 140.0, 160.0))
    rulings += grid_rulings((180.0, 260.0), (100.0, 140.0, 160.0))
    boxes = [
        box("中央全年实际下", 105, 105, size=10),
        box("达资金合计", 105, 120, size=10),
        box("2022", 185, 105, width=20), box("年", 205, 105),
    ]
    (table,), _ = reconstruct_tables(page(boxes, rulings))
    assert table.grid()[0] == ("中央全年实际下达资金合计", "2022年")


def test_pieces_with_small_gaps_and_jitter_make_one_grid() -> None:
    rulings = [
        hline(100, 100, 150), hline(100.8, 150.5, 200),
        hline(120.4, 100, 200), hline(140, 100, 199),
        vline(100, 100, 140), vline(150.6, 100, 121), vline(150, 121.5, 140),
        vline(199.5, 100, 140.6),
    ]
    grids = find_grids(rulings)
    assert len(grids) == 1
    assert len(grids[0].xs) == 3 and len(grids[0].ys) == 3
    assert len(build_cells(grids[0])) == 4


def test_open_sides_use_outer_extent() -> None:
    """A table drawn with horizontal rules and inner verticals only."""
    rulings = [hline(y, 100, 400) for y in (100, 120, 140)] + [
        vline(x, 100, 140) for x in (200, 300)
    ]
    (table,), _ = reconstruct_tables(page([centred("左", 150, 110), centred("右", 350, 130)], rulings))
    assert table.n_cols == 3 and table.n_rows == 2
    assert table.grid() == (("左", "", ""), ("", "", "右"))


def test_rules_and_frames_are_not_tables() -> None:
    rulings = [hline(140, 80, 515)]  # the red rule under the header
    rulings += list(grid_rulings((50.0, 545.0), (50.0, 800.0)))  # a page frame
    rulings += [hline(700, 80, 515), hline(730, 80, 515)]  # 版记 rules
    tables, free = reconstruct_tables(page([box("正文", 100, 300)], rulings))
    assert tables == ()
    assert len(free) == 1


def test_two_tables_on_one_page() -> None:
    rulings = grid_rulings((100.0, 200.0, 300.0), (100.0, 120.0)) + grid_rulings(
        (100.0, 250.0, 400.0), (300.0, 320.0, 340.0)
    )
    tables, _ = reconstruct_tables(page([centred("甲", 150, 110), centred("乙", 300, 330)], rulings))
    assert [(t.n_rows, t.n_cols) for t in tables] == [(1, 2), (2, 2)]
    assert tables[0].grid() == (("甲", ""),)
    assert tables[1].grid()[1] == ("", "乙")


def test_ocr_fragment_across_cells_is_split() -> None:
    rulings = grid_rulings((100.0, 200.0, 300.0), (100.0, 120.0))
    fragment = TextBox("单位名称合计", BBox(120, 105, 240, 115), 0.8)
    (table,), _ = reconstruct_tables(page([fragment], rulings, ocr=True))
    assert table.grid() == (("单位名称", "合计"),)
    assert all(c.confidence == 0.8 for c in table.cells)


def test_split_box_keeps_short_or_inner_boxes() -> None:
    b = TextBox("ab", BBox(0, 0, 20, 10))
    assert split_box(b, [30]) == [b]
    assert [p.text for p in split_box(b, [10])] == ["a", "b"]
    one = TextBox("a", BBox(0, 0, 20, 10))
    assert split_box(one, [10]) == [one]


def test_cells_cover_grid_once() -> None:
    merged = [(1, 0, 3, 1), (1, 1, 2, 1), (0, 2, 1, 2)]
    (table,), _ = reconstruct_tables(page([centred("x", 140, 210)], grid_rulings(XS, YS, merged)))
    covered = [[0] * table.n_cols for _ in range(table.n_rows)]
    for c in table.cells:
        for r in range(c.row, c.row + c.rowspan):
            for k in range(c.col, c.col + c.colspan):
                covered[r][k] += 1
    assert all(v == 1 for row in covered for v in row)


def test_broken_ruling_pieces_still_separate_cells() -> None:
    """A scan's faint vertical rule: pieces that touch no horizontal rule."""
    rulings = [hline(y, 100, 300) for y in (100, 140)] + [
        vline(100, 100, 140), vline(300, 100, 140),
        vline(200, 99, 108), vline(200.8, 112, 121), vline(199.5, 125, 133),
    ]
    (table,), _ = reconstruct_tables(page([centred("甲", 150, 120), centred("乙", 250, 120)], rulings))
    assert table.grid() == (("甲", "乙"),)


def test_one_row_fragment_with_open_top() -> None:
    """The last row of a table pushed onto the next page: no top rule."""
    rulings = [hline(140, 100, 400)] + [vline(x, 100, 140) for x in (100, 200, 300, 400)]
    boxes = [centred("满意度指标", 150, 115), centred("学生家长满意度", 250, 115), centred("≥92%", 350, 115)]
    (table,), free = reconstruct_tables(page(boxes, rulings))
    assert table.grid() == (("满意度指标", "学生家长满意度", "≥92%"),)
    assert table.bbox == BBox(100, 100, 400, 140) and not free


def test_underline_with_ticks_is_not_a_table() -> None:
    rulings = [hline(140, 100, 400), vline(100, 134, 140), vline(400, 134, 140)]
    tables, _ = reconstruct_tables(page([box("下划线", 150, 120)], rulings))
    assert tables == ()


def test_many_segments() -> None:
    rulings = [hline(10 + 3 * i, 10 + 3 * (i % 97), 30 + 3 * (i % 97)) for i in range(3000)]
    rulings += [vline(10 + 3 * i, 10 + 3 * (i % 89), 30 + 3 * (i % 89)) for i in range(3000)]
    from pipeline.layout.blocks import page_blocks

    page_blocks(page([box("图", 120, 120)], rulings))  # completes; speed is `make bench`'s business


def test_cell_text_reads_offset_side_by_side_blocks_in_turn() -> None:
    from pipeline.layout.tables import cell_text

    boxes = [
        TextBox("各地(州、市)民", BBox(444.2, 213.8, 517.7, 227.9)),
        TextBox("地级主管部门", BBox(370.8, 219.6, 436.0, 235.1)),
        TextBox("政部门", BBox(462.6, 225.7, 499.0, 242.3)),
    ]
    assert cell_text(boxes) == "地级主管部门各地(州、市)民政部门"


def test_cell_text_aligned_items_read_row_by_row() -> None:
    from pipeline.layout.tables import cell_text

    boxes = [box("甲", 100, 100), box("乙", 150, 100), box("丙", 100, 120), box("丁", 150, 120)]
    assert cell_text(boxes) == "甲乙丙丁"
    assert cell_text([box("≥", 100, 100), box("90%", 115, 100, width=20)]) == "≥90%"


def test_text_layer_word_overflowing_its_cell_stays_whole() -> None:
    rulings = grid_rulings((100.0, 200.0, 300.0), (100.0, 120.0))
    word = TextBox("1234567890.12", BBox(140, 105, 215, 115))
    (table,), _ = reconstruct_tables(page([word], rulings))
    assert table.grid() == (("1234567890.12", ""),)


def test_rules_overshooting_the_border_add_no_sliver_column() -> None:
    rulings = [hline(y, 95, 306) for y in (100, 120, 140)]
    rulings += [vline(x, 100, 140) for x in (100, 200, 300)]
    (table,), _ = reconstruct_tables(page([centred("甲", 150, 110)], rulings))
    assert table.n_cols == 2 and table.grid()[0] == ("甲", "")


def test_a_lone_stroke_under_the_bottom_rule_opens_no_row_or_column() -> None:
    """The 丨 of a character printed right under a table, taken for a rule."""
    rulings = [*grid_rulings(XS[:3], YS[:3]), vline(200, 240, 258)]
    boxes = [
        centred("甲", 140, 210), centred("乙", 220, 210),
        centred("丙", 140, 230), centred("丁", 220, 230),
        box("一、各乡要以户为单位", 110, 243), box("核实面积", 201, 243),
    ]
    (table,), free = reconstruct_tables(page(boxes, rulings))
    assert (table.n_rows, table.n_cols) == (2, 2)
    assert table.grid() == (("甲", "乙"), ("丙", "丁"))
    assert [b.text for b in free] == ["一、各乡要以户为单位", "核实面积"]
    both = [*grid_rulings(XS[:3], YS[:3]), vline(100, 240, 258), vline(260, 240, 258)]
    (open_row,), _ = reconstruct_tables(page(boxes, both))  # two sides: a row left open
    assert open_row.n_rows == 3
