"""Borderless tables read by structure (pipeline/layout/unruled.py, text_grid.py; mutations
table_rules_none / table_rules_horizontal / table_rules_three_line of samples/mutations_rules.py):
a group of groups over a gap, short tables under a header with wrapped lines between, small type
in tall rows, a long note wrapped over many lines beside other cells. Coordinates are those the
generator printed in the failing mutated cases (a06, q06, j06, w03, d06)."""

from __future__ import annotations

from pipeline.layout.text_rows import body_rows
from pipeline.layout.unruled import reconstruct_unruled_tables
from tests.pagebuilder import box, page


def _at(text: str, x0: float, top: float, x1: float, bottom: float) -> object:
    return box(text, x0, top, size=bottom - top, width=x1 - x0)


def test_a_group_of_groups_over_the_gap_between_them() -> None:
    """其中 stands over the gap between 集中供养 and 分散供养 (nothing right under it), each over
    户 | 人 | 月补金额, beside 保障对象 centred over two levels (over 户 | 人): 其中 spans the six
    columns of its two groups, 保障对象 stays over its own two."""
    head = [
        _at("其中", 483.7, 165.8, 504.7, 176.3), _at("保障对象", 246.2, 175.6, 288.2, 186.1),
        _at("序号", 88.4, 185.5, 109.4, 196.0), _at("镇别", 158.9, 185.5, 179.9, 196.0),
        _at("集中供养", 383.2, 185.5, 425.2, 196.0), _at("分散供养", 563.2, 185.5, 605.2, 196.0),
        _at("月补金额合计", 689.7, 185.5, 752.7, 196.0),
    ]
    leaves = [("户", 238.5), ("人", 285.5), ("户", 332.4), ("人", 379.4), ("月补金额", 430.2),
              ("户", 512.5), ("人", 559.4), ("月补金额", 610.2)]
    head += [_at(t, x, 205.1, x + 10.5 * len(t), 215.6) for t, x in leaves]
    body = []
    for k, (town, a, b, c) in enumerate([("武原街道", "5", "7580", "0"), ("西塘桥街道", "4", "7001.5", "0"),
                                          ("望海街道", "6", "7767.5", "1516")]):
        y = 226.8 + 23.6 * k
        cells = [(str(k + 1), 96.3), (town, 148.4)]
        cells += [(a, 223.3), (a, 270.2), (a, 317.2), (a, 364.2)]
        body += [_at(t, x, y, x + 10.5 * len(t) if not t.isdigit() else x + 5.3, y + 10.5) for t, x in cells]
        body += [_at(b, 491.2 - 5.25 * len(b), y, 491.2, y + 10.5), _at("0", 497.2, y, 502.5, y + 10.5),
                 _at("0", 544.2, y, 549.4, y + 10.5), _at(c, 671.3 - 5.25 * len(c), y, 671.3, y + 10.5),
                 _at(b, 765.2 - 5.25 * len(b), y, 765.2, y + 10.5)]
    boxes = head + body
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    grid = table.grid()
    assert grid[0][4:10] == ("其中",) + ("",) * 5
    assert grid[1][2:4] == ("", "") and grid[1][4] == "集中供养" and grid[1][7] == "分散供养"
    assert grid[0][2] == "保障对象" and grid[0][3] == ""
    assert grid[2][2:10] == ("户", "人", "户", "人", "月补金额", "户", "人", "月补金额")


def test_a_short_table_whose_note_wraps_around_its_only_row() -> None:
    """One row (and its 合计) under a header row, the row's note 农业产业强镇第三年 / 度奖补 wrapped
    around its numbers so that its first line stands between the header and the row: a table."""
    boxes = [
        _at("序号", 90.6, 166, 114.6, 178), _at("乡镇", 156.6, 166, 180.6, 178), _at("主导产业", 241.6, 166, 289.6, 178),
        _at("奖补资金", 334.7, 166, 382.7, 178), _at("备注", 447.5, 166, 471.5, 178),
        _at("农业产业强镇第三年", 400.4, 191.6, 508.4, 203.6),
        _at("1", 99.6, 199.4, 105.6, 211.4), _at("灵川镇", 150.6, 199.4, 186.6, 211.4),
        _at("特色水产", 214.3, 199.4, 262.3, 211.4), _at("150", 376.4, 199.4, 394.4, 211.4),
        _at("度奖补", 400.4, 207.2, 436.4, 219.2),
        _at("合计", 133.3, 236.8, 157.3, 248.8), _at("150", 376.4, 236.8, 394.4, 248.8),
    ]
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    assert table.grid()[1] == ("1", "灵川镇", "特色水产", "150", "农业产业强镇第三年度奖补")
    assert table.grid()[2][3] == "150"


def test_a_short_table_under_wrapped_labels_with_its_last_row_wrapped_in_two_cells() -> None:
    """Two rows under a header whose labels 拟补助金 / 额 wrap around it and whose rows' names wrap
    in two columns (…建设项 / 目, …科技有 / 限公司): the last row's last lines are its own."""
    boxes = [
        _at("拟补助金", 410.5, 89.4, 454.5, 100.4), _at("预拨款金", 469.9, 89.4, 513.9, 100.4),
        _at("序号", 84.9, 96.5, 106.9, 107.5), _at("项目名称", 146.5, 96.5, 190.5, 107.5),
        _at("拨付对象", 265.3, 96.5, 309.3, 107.5), _at("投资金额", 354.4, 96.5, 398.4, 107.5),
        _at("额", 427.0, 103.7, 438.0, 114.7), _at("额", 486.4, 103.7, 497.4, 114.7),
    ]
    for k, (name, tail, firm, money) in enumerate([("溪流性鱼类合作共富", "养殖项目", "金华市横源农业科技有", ("100", "50", "30")),
                                                    ("渔菜共生基地建设项", "目", "金华市渔菜共生科技有", ("150", "75", "45"))]):
        y = 127.0 + 40.6 * k
        boxes += [_at(name, 115.4, y, 115.4 + 11 * len(name), y + 11), _at(firm, 232.3, y, 342.3, y + 11)]
        boxes += [_at(str(k + 1), 93.1, y + 7.1, 98.6, y + 18.1)]
        boxes += [_at(m, right - 5.5 * len(m), y + 7.1, right, y + 18.1) for m, right in zip(money, (399.8, 459.2, 518.6), strict=True)]
        boxes += [_at(tail, 115.4, y + 14.3, 115.4 + 11 * len(tail), y + 25.3), _at("限公司", 270.8, y + 14.3, 303.8, y + 25.3)]
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    assert table.grid()[-1][:3] == ("2", "渔菜共生基地建设项目", "金华市渔菜共生科技有限公司")


def test_rows_of_small_type_in_tall_rows_stay_one_table() -> None:
    """9-point figures 19 points apart (more than two line heights of white), set flush right in
    the same columns: rows of one table, not a table and a stray line."""
    boxes = [_at("项目单位", 84, 228, 120, 237), _at("合计", 135, 228, 153, 237), _at("小计", 173, 228, 191, 237),
             _at("其他", 215, 228, 233, 237)]
    for k, (name, a, b, c) in enumerate([("合计", "465.87", "334.48", "131.39"), ("卫健局", "465.87", "334.48", "131.39")]):
        y = 252.8 + 28.2 * k
        boxes += [_at(name, 89, y, 89 + 9 * len(name), y + 9)]
        boxes += [_at(m, right - 4.5 * len(m), y, right, y + 9) for m, right in zip((a, b, c), (159.6, 197.5, 239.5), strict=True)]
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    assert [row[0] for row in table.grid()] == ["项目单位", "合计", "卫健局"]


def _note_rows() -> list:
    """序号 | 名称 | 金额 | 分配情况; row 1's note wraps over seven lines, its other cells centred on it."""
    boxes = [_at("序号", 80, 100, 100, 110), _at("名称", 130, 100, 150, 110), _at("金额", 200, 100, 220, 110),
             _at("分配情况", 300, 100, 340, 110)]
    note = ["1、甲镇1.32万元，", "涉及33人次；2、", "乙镇2.92万元，涉", "及73人次；3、丙", "镇2.48万元，涉及",
            "62人次；4、丁镇", "1.4万元。"]
    for k, line in enumerate(note):
        y = 120 + 10.4 * k
        boxes.append(_at(line, 260, y, 260 + 9 * len(line), y + 10))
    mid = 120 + 10.4 * 3
    boxes += [_at("1", 86, mid, 91, mid + 10), _at("公益岗位", 120, mid, 160, mid + 10), _at("18.52", 200, mid, 225, mid + 10)]
    for k, (n, name, money, text) in enumerate([("2", "医疗救助", "0.31", "戊镇0.31万元"), ("3", "低保", "2216.21", "全区")]):
        y = 120 + 10.4 * 7 + 6 + 20 * k
        boxes += [_at(n, 86, y, 91, y + 10), _at(name, 120, y, 120 + 10 * len(name), y + 10),
                  _at(money, 230 - 5 * len(money), y, 230, y + 10), _at(text, 260, y, 260 + 10 * len(text), y + 10)]
    return boxes


def test_a_note_wrapped_over_many_lines_stays_in_its_row() -> None:
    """The note's lines above and below row 1's figures are row 1's (tight in their column), not
    header lines or rows of their own; the rows after it are found too."""
    boxes = _note_rows()
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    grid = table.grid()
    assert grid[0] == ("序号", "名称", "金额", "分配情况")
    assert grid[1] == ("1", "公益岗位", "18.52", "1、甲镇1.32万元，涉及33人次；2、乙镇2.92万元，涉及73人次；3、丙镇2.48万元，涉及62人次；4、丁镇1.4万元。")
    assert [row[0] for row in grid[2:]] == ["2", "3"]


def test_body_rows_join_a_cell_wrapped_past_the_next_lines_of_other_cells() -> None:
    """A box set tight in its column to a box of a row joins that row even when lines of other
    cells stand between (box by box, not line by line)."""
    boxes = [b for b in _note_rows() if b.bbox.top >= 120]  # type: ignore[attr-defined]
    from pipeline.layout.lines import cluster_rows

    rows = body_rows(cluster_rows(boxes))
    assert len(rows) == 3
    assert sum(1 for b in rows[0] if b.bbox.x0 == 260) == 7


def test_an_empty_notes_column_beside_figures_set_right_of_their_label() -> None:
    """备注 heads an empty last column; the figures stand flush right in the 金额 column, right of
    their label's centre (nearer 金额 than 备注): 备注 is a column of its own, not 金额's."""
    boxes = [_at("序号", 98.5, 165.9, 120.5, 176.9), _at("县市区", 193.5, 165.9, 226.5, 176.9),
             _at("金额", 319.6, 165.9, 341.6, 176.9), _at("备注", 440.2, 165.9, 462.2, 176.9)]
    for k, (town, money) in enumerate([("茅箭区", "230"), ("张湾区", "280"), ("郧阳区", "1180")]):
        y = 190.2 + 28.3 * k
        boxes += [_at(str(k + 1), 106.8, y, 112.3, y + 11), _at(town, 193.5, y, 226.5, y + 11),
                  _at(money, 377.9 - 5.5 * len(money), y, 377.9, y + 11)]
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    assert table.grid()[0] == ("序号", "县市区", "金额", "备注")
    assert table.grid()[3] == ("3", "郧阳区", "1180", "")


def _t08_rows() -> list:
    """Rows 1-3 of t08 printed as a 三线表: each 备注 wraps around its row's figures, its last line
    a bare number (``610``) set tight under its first, beside no other cell."""
    boxes = []
    for k, (name, money, first, last) in enumerate([("海门街道", "70.125", "2023年新建1015、整改", "610"),
                                                    ("海门新区", "140.375", "2023年新建2245、整改", "965")]):
        y = 259.9 + 37.3 * k
        boxes += [_at(first, 401.7, y - 6.8, 506.7, y + 3.7), _at(str(k + 1), 92.1, y, 97.3, y + 10.5),
                  _at(name, 122.9, y, 164.9, y + 10.5), _at(money, 395.7 - 5.25 * len(money), y, 395.7, y + 10.5),
                  _at(last, 401.7, y + 6.9, 417.5, y + 17.4)]
    y = 327.7
    boxes += [_at("3", 92.1, y, 97.3, y + 10.5), _at("临江新区", 122.9, y, 164.9, y + 10.5),
              _at("53.125", 364.2, y, 395.7, y + 10.5), _at("2023年新建825、整改435", 401.7, y, 517.2, y + 10.5)]
    return boxes


def test_a_number_ending_a_wrapped_note_anchors_no_row() -> None:
    """``610`` under ``2023年新建1015、整改`` (tight, in its column) ends the note: it is no row's
    figure, so the rows keep their pitch and the note's first line is its row's, not a row above."""
    from pipeline.layout.lines import cluster_rows
    from pipeline.layout.text_rows import number_anchors

    lines = cluster_rows(_t08_rows())  # type: ignore[arg-type]
    assert [[b.text for b in lines[i]][0] for i in number_anchors(lines)] == ["1", "2", "3"]
    rows = body_rows(lines)
    assert len(rows) == 3
    assert {b.text for b in rows[0]} >= {"2023年新建1015、整改", "海门街道", "610"}
    assert {b.text for b in rows[1]} >= {"2023年新建2245、整改", "海门新区", "965"}


def test_two_rows_under_wrapped_labels_with_names_wrapped_over_three_lines_are_a_table() -> None:
    """A 三线表 begun at a page's foot (l02, table_rules_three_line): 序 / 号 and 本次安排资 / 金 wrap
    under their header row, then each row's name wraps over three lines, two of them above its
    numbers: two rows under a header are a table, and the text above stays text."""
    boxes = [
        _at("现将项目安排情况公示如下。", 79.0, 600.0, 250.0, 609.0),
        _at("序", 86.1, 633.6, 95.1, 642.6), _at("本次安排资", 407.9, 633.6, 452.9, 642.6),
        _at("项目名称", 151.3, 639.4, 187.3, 648.4), _at("项目编号", 255.0, 639.4, 291.0, 648.4), _at("建设地点", 313.7, 639.4, 349.7, 648.4), _at("投资规模", 359.9, 639.4, 395.9, 648.4), _at("责任单位", 472.3, 639.4, 508.3, 648.4),
        _at("号", 86.1, 645.3, 95.1, 654.3), _at("金", 425.9, 645.3, 434.9, 654.3),
        _at("叶城县2026年洛克乡种植业基地", 104.9, 662.0, 230.9, 671.0),
        _at("洛克乡1", 312.2, 667.8, 343.7, 676.8), _at("洛克乡、水利", 462.1, 667.8, 516.1, 676.8),
        _at("1", 88.4, 673.7, 92.9, 682.7), _at("配套建设（少数民族发展任务）", 104.9, 673.7, 230.9, 682.7), _at("ycssmz202601", 239.8, 673.7, 293.8, 682.7), _at("340", 385.2, 673.7, 398.7, 682.7), _at("310", 442.6, 673.7, 456.1, 682.7),
        _at("村", 312.2, 679.5, 321.2, 688.5), _at("局", 462.1, 679.5, 471.1, 688.5),
        _at("项目", 104.9, 685.4, 122.9, 694.4),
        _at("叶城县2026年宗朗乡种植业基地", 104.9, 701.1, 230.9, 710.1),
        _at("宗朗乡5", 312.2, 706.9, 343.7, 715.9), _at("宗朗乡、水利", 462.1, 706.9, 516.1, 715.9),
        _at("2", 88.4, 712.8, 92.9, 721.8), _at("配套建设（少数民族发展任务）", 104.9, 712.8, 230.9, 721.8), _at("ycssmz202602", 239.8, 712.8, 293.8, 721.8), _at("340", 385.2, 712.8, 398.7, 721.8), _at("310", 442.6, 712.8, 456.1, 721.8),
        _at("村", 312.2, 718.6, 321.2, 727.6), _at("局", 462.1, 718.6, 471.1, 727.6),
        _at("项目", 104.9, 724.5, 122.9, 733.5),
    ]
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert [b.text for b in free] == ["现将项目安排情况公示如下。"]
    grid = table.grid()
    assert grid[-1][0] == "2" and grid[-1][-2:] == ("310", "宗朗乡、水利局")


def test_the_wrapped_label_of_a_column_empty_on_every_row_heads_it_whole() -> None:
    """农村公路路网改 / 善 over a column no row fills (s03, table_rules_wrapped_names): its first line,
    right of all body text beside the group label 自然村, still belongs to the header."""
    boxes = [
        _at("自然村", 349.3, 165.9, 382.3, 176.9), _at("农村公路路网改", 685.4, 168.9, 762.4, 179.9),
        _at("区", 100.4, 176.0, 111.4, 187.0), _at("合计", 161.7, 176.0, 183.7, 187.0), _at("县乡产业路", 531.5, 176.0, 586.5, 187.0), _at("农村公路桥梁", 606.4, 176.0, 672.4, 187.0),
        _at("实际安排", 231.2, 186.2, 275.2, 197.2), _at("计划安排", 311.7, 186.2, 355.7, 197.2), _at("奖励数", 393.6, 186.2, 426.6, 197.2), _at("扣减数", 466.0, 186.2, 499.0, 197.2), _at("善", 718.4, 183.2, 729.4, 194.2),
        _at("合计", 94.9, 210.5, 116.9, 221.5), _at("7746", 187.9, 210.5, 209.9, 221.5), _at("5200", 268.4, 210.5, 290.4, 221.5), _at("5200", 348.9, 210.5, 370.9, 221.5), _at("1821", 574.2, 210.5, 596.2, 221.5), _at("725", 660.2, 210.5, 676.7, 221.5),
        _at("新洲区", 89.4, 238.8, 122.4, 249.8), _at("1641", 187.9, 238.8, 209.9, 249.8), _at("1220", 268.4, 238.8, 290.4, 249.8), _at("1220", 348.9, 238.8, 370.9, 249.8), _at("218", 579.7, 238.8, 596.2, 249.8), _at("203", 660.2, 238.8, 676.7, 249.8),
        _at("黄陂区", 89.4, 267.1, 122.4, 278.1), _at("1582", 187.9, 267.1, 209.9, 278.1), _at("960", 273.9, 267.1, 290.4, 278.1), _at("960", 354.4, 267.1, 370.9, 278.1), _at("416", 579.7, 267.1, 596.2, 278.1), _at("206", 660.2, 267.1, 676.7, 278.1),
        _at("蔡甸区", 89.4, 295.4, 122.4, 306.4), _at("1696", 187.9, 295.4, 209.9, 306.4), _at("1280", 268.4, 295.4, 290.4, 306.4), _at("1280", 348.9, 295.4, 370.9, 306.4), _at("294", 579.7, 295.4, 596.2, 306.4), _at("122", 660.2, 295.4, 676.7, 306.4),
    ]
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    assert any("农村公路路网改善" in "".join(row) for row in table.grid()[:3])


def test_a_label_wrapped_over_the_line_after_next_starts_the_header() -> None:
    """投资规 / 模（万 / 元）: its first line stands above 建设地 / 点, which sits between its lines (bb23)."""
    boxes = [
        _at("投资规", 417.8, 216.5, 453.8, 228.5),
        _at("建设地", 175.9, 224.3, 211.9, 236.3),
        _at("序号", 82.7, 232.1, 106.7, 244.1), _at("项目名称", 117.2, 232.1, 165.2, 244.1), _at("建设内容", 289.3, 232.1, 337.3, 244.1), _at("模（万", 417.8, 232.1, 453.8, 244.1), _at("责任单位", 467.0, 232.1, 515.0, 244.1),
        _at("点", 187.9, 239.9, 199.9, 251.9),
        _at("元）", 423.8, 247.7, 447.8, 259.7),
        _at("2022年王", 117.2, 269.3, 165.2, 281.3), _at("道路工程、排水工程均为1641米，", 218.3, 269.3, 398.3, 281.3),
        _at("助镇崔寨", 117.2, 284.9, 165.2, 296.9), _at("约8205平方米，18cm厚C25水泥混凝", 218.3, 284.9, 404.3, 296.9),
        _at("开发区乡", 463.3, 292.7, 511.3, 304.7),
        _at("1、", 85.7, 300.5, 103.7, 312.5), _at("村道路及", 117.2, 300.5, 165.2, 312.5), _at("王助镇", 175.5, 300.5, 211.5, 312.5), _at("土面层+16cm厚8%水泥稳定土基层，", 218.3, 300.5, 404.3, 312.5), _at("248", 439.3, 300.5, 457.3, 312.5),
        _at("村振兴局", 463.3, 308.3, 511.3, 320.3),
        _at("排水建设", 117.2, 316.1, 165.2, 328.1), _at("排水工程主管D500、支管D300，直", 218.3, 316.1, 398.3, 328.1),
        _at("项目", 129.2, 331.7, 153.2, 343.7), _at("径1米检查井56座", 218.3, 331.7, 308.3, 343.7),
        _at("2022年王", 117.2, 353.3, 165.2, 365.3), _at("道路工程、排水工程均为698米，约", 218.3, 353.3, 404.3, 365.3),
        _at("助镇东李", 117.2, 368.9, 165.2, 380.9), _at("3490平方米，15cm厚C25水泥混凝土", 218.3, 368.9, 404.3, 380.9),
        _at("开发区乡", 463.3, 376.7, 511.3, 388.7),
        _at("2、", 85.7, 384.5, 103.7, 396.5), _at("庄村道路", 117.2, 384.5, 165.2, 396.5), _at("王助镇", 175.5, 384.5, 211.5, 396.5), _at("面层+16cm厚8%水泥稳定土基层，排", 218.3, 384.5, 404.3, 396.5), _at("48", 445.3, 384.5, 457.3, 396.5),
        _at("村振兴局", 463.3, 392.3, 511.3, 404.3),
        _at("及排水建", 117.2, 400.1, 165.2, 412.1), _at("水工程主管D300、支管D160，直径1", 218.3, 400.1, 404.3, 412.1),
        _at("设项目", 123.2, 415.7, 159.2, 427.7), _at("米检查井28座", 218.3, 415.7, 290.3, 427.7),
        _at("2022年小", 117.2, 437.3, 165.2, 449.3),
        _at("对脱贫户和监测对象发放的小额信", 218.3, 445.1, 398.3, 457.1), _at("开发区乡", 463.3, 445.1, 511.3, 457.1),
        _at("3、", 85.7, 452.9, 103.7, 464.9), _at("额贷款贴", 117.2, 452.9, 165.2, 464.9), _at("开发区", 175.5, 452.9, 211.5, 464.9), _at("24", 445.3, 452.9, 457.3, 464.9),
        _at("贷按规定给予贴息", 218.3, 460.7, 314.3, 472.7), _at("村振兴局", 463.3, 460.7, 511.3, 472.7),
        _at("息项目", 123.2, 468.5, 159.2, 480.5),
        _at("2022年雨", 117.2, 490.1, 165.2, 502.1),
        _at("露计划职", 117.2, 505.7, 165.2, 517.7), _at("对脱贫家庭和监测对象家庭接受中、", 218.3, 505.7, 410.3, 517.7), _at("开发区乡", 463.3, 505.7, 511.3, 517.7),
        _at("4、", 85.7, 513.5, 103.7, 525.5), _at("开发区", 175.5, 513.5, 211.5, 525.5), _at("20", 445.3, 513.5, 457.3, 525.5),
    ]
    tables, free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not [b.text for b in free if "投资" in b.text]
    assert "投资规模（万元）" in tables[0].grid()[0]


def test_one_row_under_a_two_level_header_without_rules_is_a_table() -> None:
    """单位 | 合计 centred over both levels beside 其中 over 因素法分配 | 项目法分配, then one row of
    figures, no rule anywhere (n06, table_rules_none): a table of one row."""
    boxes = [
        _at("提前下达2025年度中央大气污染防治资金预算表", 107.9, 121.1, 493.1, 139.1),
        _at("单位：元", 473.6, 145.0, 521.6, 157.0),
        _at("其中", 404.4, 165.9, 426.4, 176.9),
        _at("单位", 139.1, 176.0, 161.1, 187.0), _at("合计", 254.1, 176.0, 276.1, 187.0),
        _at("因素法分配", 334.9, 186.2, 389.9, 197.2), _at("项目法分配", 441.0, 186.2, 496.0, 197.2),
        _at("区生态环境局", 117.1, 208.5, 183.1, 219.5), _at("13,230,000", 251.3, 208.5, 306.3, 219.5), _at("8,230,000", 362.9, 208.5, 412.4, 219.5), _at("5,000,000", 469.1, 208.5, 518.6, 219.5),
    ]
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert {b.text for b in free} <= {"提前下达2025年度中央大气污染防治资金预算表", "单位：元"}
    assert table.grid()[-1][1:] == ("13,230,000", "8,230,000", "5,000,000")
