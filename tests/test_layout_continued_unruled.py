"""Borderless tables continued on a page without their header, labels merged over columns and
marks hanging into a cell's padding (pipeline/layout/blocks.py, unruled.py, text_columns.py;
mutation table_rules_wrapped_names of samples/mutations_rules.py). Coordinates are those the
generator printed in the failing mutated cases (d01, d07, q03, d06, h02, e04 at seed 1)."""

from __future__ import annotations

from pipeline.core.model import BBox, Page, Table, TextBox
from pipeline.layout.blocks import merge_continued_tables, page_blocks
from pipeline.layout.text_columns import ink_x1, split_at_marks
from pipeline.layout.text_grid import text_grid
from pipeline.layout.unruled import reconstruct_unruled_tables

Box = tuple[str, float, float, float, float]


def _boxes(items: list[Box]) -> list[TextBox]:
    return [TextBox(t, BBox(x0, top, x1, bottom)) for t, x0, top, x1, bottom in items]


def _page(number: int, items: list[Box]) -> Page:
    return Page(number, 595.0, 842.0, tuple(_boxes(items)))


_HEAD: list[Box] = [
    ("小学", 237.8, 191.8, 257.8, 201.8), ("初中", 364.2, 191.8, 384.2, 201.8), ("序号", 86.9, 201.3, 106.9, 211.3),
    ("学校名称", 129.6, 201.3, 169.6, 211.3), ("合计", 469.5, 201.3, 489.5, 211.3), ("人数", 199.2, 210.8, 219.2, 220.8),
    ("金额", 262.4, 210.8, 282.4, 220.8), ("人数", 325.6, 210.8, 345.6, 220.8), ("金额", 388.7, 210.8, 408.7, 220.8),
    ("合计", 122.0, 230.8, 142.0, 240.8), ("795", 187.7, 230.8, 202.7, 240.8), ("248437.50", 263.0, 230.8, 308.0, 240.8),
    ("750", 314.0, 230.8, 329.0, 240.8), ("281250.00", 389.3, 230.8, 434.3, 240.8),
    ("529687.50", 473.6, 230.8, 518.6, 240.8),
    ("乐平市第一小", 119.6, 251.8, 179.6, 261.8), ("1", 94.4, 258.3, 99.4, 268.3), ("55", 187.7, 258.3, 197.7, 268.3),
    ("17187.50", 268.0, 258.3, 308.0, 268.3), ("17187.50", 478.6, 258.3, 518.6, 268.3), ("学", 144.6, 264.8, 154.6, 274.8),
    ("乐平市第二小", 119.6, 285.8, 179.6, 295.8), ("2", 94.4, 292.3, 99.4, 302.3), ("25", 187.7, 292.3, 197.7, 302.3),
    ("7812.50", 273.0, 292.3, 308.0, 302.3), ("7812.50", 483.6, 292.3, 518.6, 302.3), ("学", 144.6, 298.8, 154.6, 308.8),
    ("乐平市第三小", 119.6, 319.8, 179.6, 329.8), ("3", 94.4, 326.3, 99.4, 336.3), ("39", 187.7, 326.3, 197.7, 336.3),
    ("12187.50", 268.0, 326.3, 308.0, 336.3), ("12187.50", 478.6, 326.3, 518.6, 336.3), ("学", 144.6, 332.8, 154.6, 342.8),
]
_JUNIOR_ONLY: list[Box] = [
    ("36", 91.9, 90.3, 101.9, 100.3), ("洪岩中学", 129.6, 90.3, 169.6, 100.3), ("45", 314.0, 90.3, 324.0, 100.3),
    ("16875.00", 394.3, 90.3, 434.3, 100.3), ("16875.00", 478.6, 90.3, 518.6, 100.3),
    ("37", 91.9, 111.3, 101.9, 121.3), ("礼林中学", 129.6, 111.3, 169.6, 121.3), ("14", 314.0, 111.3, 324.0, 121.3),
    ("5250.00", 399.3, 111.3, 434.3, 121.3), ("5250.00", 483.6, 111.3, 518.6, 121.3),
    ("38", 91.9, 132.3, 101.9, 142.3), ("后港中学", 129.6, 132.3, 169.6, 142.3), ("45", 314.0, 132.3, 324.0, 142.3),
    ("16875.00", 394.3, 132.3, 434.3, 142.3), ("16875.00", 478.6, 132.3, 518.6, 142.3),
]


def test_a_part_continued_without_its_header_takes_the_first_parts_columns() -> None:
    """Page 2 prints only 初中 rows: its own text leaves the 小学 columns out (five columns read
    from its gaps), so the 初中 人数 would land under 小学 金额. Re-cut at page 1's seven columns,
    every figure stays in its column (a false ALLOCATION_COLUMN_SUM before)."""
    pages = [_page(1, _HEAD), _page(2, _JUNIOR_ONLY)]
    per_page = [page_blocks(p) for p in pages]
    assert [b.n_cols for b in per_page[1] if isinstance(b, Table)] == [5]  # what the page alone says
    (table,) = [b for b in merge_continued_tables(per_page, pages) if isinstance(b, Table)]
    assert table.n_cols == 7 and table.pages == (1, 2)
    grid = table.grid()
    assert grid[-3] == ("36", "洪岩中学", "", "", "45", "16875.00", "16875.00")
    assert grid[-1] == ("38", "后港中学", "", "", "45", "16875.00", "16875.00")
    assert grid[3] == ("1", "乐平市第一小学", "55", "17187.50", "", "", "17187.50")


def test_a_part_that_repeats_the_header_keeps_its_own_columns() -> None:
    """A continuation that prints the header again is read by its own labels (not re-cut): the
    repeated header rows are dropped as before."""
    head = [("696" if t == "795" else t, x0, top - 100.0, x1, bottom - 100.0) for t, x0, top, x1, bottom in _HEAD]
    rows = [(t, x0, top + 160.0, x1, bottom + 160.0) for t, x0, top, x1, bottom in _JUNIOR_ONLY]
    pages = [_page(1, _HEAD), _page(2, head + rows)]
    (table,) = [b for b in merge_continued_tables([page_blocks(p) for p in pages], pages) if isinstance(b, Table)]
    grid = table.grid()
    assert table.n_cols == 7 and table.n_rows == 13
    assert sum(1 for row in grid if row[2] == "人数") == 1  # the header printed again is no row
    assert grid[-1] == ("38", "后港中学", "", "", "45", "16875.00", "16875.00")


def test_a_total_label_merged_over_two_columns_leaves_their_gap_a_column() -> None:
    """16个项目合计 is centred over 序号 | 项目名称 | 资金来源 and crosses the gap every other row
    keeps between the wrapped names and 资金来源: the labels 项目名称 | 资金来源 ask for that cut."""
    items: list[Box] = [
        ("资金规模（", 327.7, 354.3, 377.7, 364.3), ("序号", 87.5, 360.8, 107.5, 370.8),
        ("项目名称", 151.8, 360.8, 191.8, 370.8), ("资金来源", 254.3, 360.8, 294.3, 370.8),
        ("项目实施单位", 423.2, 360.8, 483.2, 370.8), ("万元）", 337.7, 367.3, 367.7, 377.3),
        ("16个项目合计", 170.0, 387.3, 230.0, 397.3), ("7040.49", 346.9, 387.3, 381.9, 397.3),
        ("精河县托里镇牛羊肉禽", 121.8, 408.3, 221.8, 418.3), ("1", 95.0, 414.8, 100.0, 424.8),
        ("中央、自治区", 231.1, 414.8, 291.1, 424.8), ("1000", 361.9, 414.8, 381.9, 424.8),
        ("托里镇人民政府", 387.9, 414.8, 457.9, 424.8), ("类屠宰场项目", 141.8, 421.3, 201.8, 431.3),
        ("精河县大河沿子镇呼和", 121.8, 442.3, 221.8, 452.3), ("2", 95.0, 455.3, 100.0, 465.3),
        ("哈夏南村食品加工厂项", 121.8, 455.3, 221.8, 465.3), ("中央", 231.1, 455.3, 251.1, 465.3),
        ("174", 366.9, 455.3, 381.9, 465.3), ("大河沿子镇人民政府", 387.9, 455.3, 477.9, 465.3),
        ("目", 166.8, 468.3, 176.8, 478.3), ("精河县托里镇滴灌带（", 121.8, 489.3, 221.8, 499.3),
        ("3", 95.0, 495.8, 100.0, 505.8), ("中央", 231.1, 495.8, 251.1, 505.8), ("300", 366.9, 495.8, 381.9, 505.8),
        ("托里镇人民政府", 387.9, 495.8, 457.9, 505.8),
    ]
    boxes = _boxes(items)
    (table,), _ = reconstruct_unruled_tables(Page(2, 595.0, 842.0, tuple(boxes)), boxes)
    grid = table.grid()
    assert table.n_cols == 5
    assert grid[0] == ("序号", "项目名称", "资金来源", "资金规模（万元）", "项目实施单位")
    assert grid[2][1:3] == ("精河县托里镇牛羊肉禽类屠宰场项目", "中央、自治区")
    assert grid[1][1] == "16个项目合计"


def test_a_mark_hanging_into_the_padding_ends_its_text_short_of_it() -> None:
    """一等村：…（3个村）； ends 0.7 pt short of the next cell's text: its ink ends a character
    earlier; a line ending in a character is not shortened."""
    hanging = TextBox("一等村：联漾村、杨溇村、戴北村（3个村）；", BBox(228.9, 230.8, 433.9, 240.8))
    assert ink_x1(hanging) == 423.9
    assert ink_x1(TextBox("伍浦村、义皋村", BBox(228.9, 269.8, 298.9, 279.8))) == 298.9


def test_a_word_run_over_a_cut_at_a_hanging_mark_is_split_after_it() -> None:
    """The text layer reads 村：…三等村： and the next cell's 2022年预拨22万元 as one word (the
    hanging ： touches it): at the cut between them it is split after that mark, each part with
    its own extent; a word crossing no cut, or with no mark near the cut, stays whole."""
    word = TextBox("村：道场浜村、南山坞村（2个村）；三等村：2022年预拨22万元", BBox(228.9, 564.8, 514.6, 574.8))
    head, tail = split_at_marks(word, [429.3])
    assert head.text == "村：道场浜村、南山坞村（2个村）；三等村：" and tail.text == "2022年预拨22万元"
    assert abs(head.bbox.x1 - 433.9) < 1.0 and tail.bbox.x1 == 514.6
    assert split_at_marks(word, [600.0]) == [word]
    assert split_at_marks(word, [360.0]) == [word]  # no mark ends within a character of 360
    read = TextBox(word.text, word.bbox, 0.9)
    assert split_at_marks(read, [429.3]) == [read]  # OCR boxes are cut by fill_cells


def test_a_one_row_part_whose_note_begins_above_its_figures_is_a_table() -> None:
    """A page that continues a table with one row whose note and name wrap over lines above its
    figures (at the page's top) is that table's last part, not free text."""
    items: list[Box] = [
        ("家庭经济困难儿童、", 235.3, 89.0, 307.3, 97.0), ("孤儿、残疾儿童500", 235.3, 99.4, 303.3, 107.4),
        ("学前教", 104.0, 109.8, 128.0, 117.8), ("元/生，公办幼儿园", 235.3, 109.8, 303.3, 117.8),
        ("乐山市五通", 312.0, 115.0, 352.0, 123.0), ("涉及全区34所幼儿园500人，", 365.2, 115.0, 465.2, 123.0),
        ("6", 87.7, 120.2, 91.7, 128.2), ("育保教", 104.0, 120.2, 128.0, 128.2), ("上级资金", 134.9, 120.2, 166.9, 128.2),
        ("27.48", 209.3, 120.2, 229.3, 128.2), ("据实发放脱贫户学", 235.3, 120.2, 299.3, 128.2),
        ("桥区教育局", 312.0, 125.4, 352.0, 133.4), ("金额27.48万元", 365.2, 125.4, 417.2, 133.4),
        ("费减免", 104.0, 130.6, 128.0, 138.6), ("生“三儿”资助金，", 235.3, 130.6, 307.3, 138.6),
        ("学生本人一卡通发", 235.3, 141.0, 299.3, 149.0), ("放。", 235.3, 151.4, 251.3, 159.4),
        ("公示期为7天。如对公示内容有异议，请在公示期内向区委", 111.4, 165.8, 519.4, 181.8),
    ]
    boxes = _boxes(items)
    (table,), free = reconstruct_unruled_tables(Page(2, 595.0, 842.0, tuple(boxes)), boxes)
    assert [b.text for b in free] == ["公示期为7天。如对公示内容有异议，请在公示期内向区委"]
    (row,) = table.grid()
    assert row[:4] == ("6", "学前教育保教费减免", "上级资金", "27.48")
    assert "乐山市五通桥区教育局" in row and "涉及全区34所幼儿园500人，金额27.48万元" in row



def test_the_line_saying_who_filled_the_table_in_is_no_header_line() -> None:
    """填报单位：… | 韶财教〔2019〕194号 | 单位：元 stands over the header as cells apart would: it is
    the table's caption (``单位：``), so the header starts under it and the group label
    2018年义务教育寄宿制公 / 办学校学生人数 keeps its three columns."""
    items: list[Box] = [
        ("填报单位：乐昌市教育局", 215.6, 171.0, 347.6, 183.0), ("韶财教〔2019〕194号", 353.6, 171.0, 467.6, 183.0),
        ("单位：元", 473.6, 171.0, 521.6, 183.0), ("2018年义务教育寄宿制公", 245.5, 191.8, 355.5, 201.8),
        ("补助标准", 366.1, 201.3, 406.1, 211.3), ("补助资金（", 416.4, 201.3, 466.4, 211.3),
        ("办学校学生人数", 265.5, 204.8, 335.5, 214.8), ("序号", 83.2, 207.8, 103.2, 217.8),
        ("学校名称", 153.3, 207.8, 193.3, 217.8), ("备注", 486.7, 207.8, 506.7, 217.8),
        ("（元/人）", 363.6, 214.3, 408.6, 224.3), ("元）", 431.4, 214.3, 451.4, 224.3), ("合计", 251.8, 223.8, 271.8, 233.8),
        ("小学", 293.2, 223.8, 313.2, 233.8), ("初中", 331.9, 223.8, 351.9, 233.8), ("合计", 149.5, 243.8, 169.5, 253.8),
        ("443", 242.7, 243.8, 257.7, 253.8), ("367", 286.9, 243.8, 301.9, 253.8), ("76", 325.6, 243.8, 335.6, 253.8),
        ("156,800", 433.8, 243.8, 468.8, 253.8), ("1", 90.7, 264.8, 95.7, 274.8),
        ("乐昌市北乡镇中心学校", 123.3, 264.8, 223.3, 274.8), ("350", 364.3, 264.8, 379.3, 274.8),
        ("1,750", 443.8, 264.8, 468.8, 274.8), ("小学教育", 474.8, 264.8, 514.8, 274.8), ("2", 90.7, 285.8, 95.7, 295.8),
        ("乐昌市五山镇中心学校", 123.3, 285.8, 223.3, 295.8), ("106", 242.7, 285.8, 257.7, 295.8),
        ("30", 286.9, 285.8, 296.9, 295.8), ("76", 325.6, 285.8, 335.6, 295.8), ("350", 364.3, 285.8, 379.3, 295.8),
        ("37,100", 438.8, 285.8, 468.8, 295.8), ("小学教育", 474.8, 285.8, 514.8, 295.8),
    ]
    boxes = _boxes(items)
    (table,), free = reconstruct_unruled_tables(Page(3, 595.0, 842.0, tuple(boxes)), boxes)
    assert sorted(b.text for b in free) == ["单位：元", "填报单位：乐昌市教育局", "韶财教〔2019〕194号"]
    grid = table.grid()
    assert grid[0] == ("序号", "学校名称", "2018年义务教育寄宿制公办学校学生人数", "", "", "补助标准（元/人）",
                       "补助资金（元）", "备注")
    assert grid[1][2:5] == ("合计", "小学", "初中")


def test_an_empty_side_columns_cut_stands_clear_of_the_label_before_it() -> None:
    """Codes set flush left in a wide 政府经济分类科目 column (its label reaching past them) beside an
    empty 备注 column: the cut stands between the two labels, not through the first."""
    items: list[Box] = [
        ("单位名称", 122.9, 165.9, 166.9, 176.9), ("分配金额", 233.4, 165.9, 277.4, 176.9),
        ("政府经济分类科目", 317.9, 165.9, 405.9, 176.9), ("备注", 461.4, 165.9, 483.4, 176.9),
        ("竟成镇", 128.4, 187.2, 161.4, 198.2), ("55", 286.5, 187.2, 297.5, 198.2), ("51301", 303.5, 187.2, 331.0, 198.2),
        ("珠山街道", 122.9, 209.5, 166.9, 220.5), ("18", 286.5, 209.5, 297.5, 220.5), ("51301", 303.5, 209.5, 331.0, 220.5),
        ("里村街道", 122.9, 231.8, 166.9, 242.8), ("20", 286.5, 231.8, 297.5, 242.8), ("51301", 303.5, 231.8, 331.0, 242.8),
    ]
    boxes = _boxes(items)
    (table,), _ = reconstruct_unruled_tables(Page(3, 595.0, 842.0, tuple(boxes)), boxes)
    grid = table.grid()
    assert grid[0] == ("单位名称", "分配金额", "政府经济分类科目", "备注")
    assert grid[1] == ("竟成镇", "55", "51301", "")


def test_lines_of_running_text_over_the_rows_make_no_header() -> None:
    """A 三线表's rules share their extent with the 版头's rule above the body text: the stretch from
    that rule takes in paragraphs of running text above the header, which is no table (the
    stretch from the table's own top rule is)."""
    wide = _boxes([("根据中共疏附县委农村工作领导小组暨乡村振兴领导小组", 84.0, 250.0, 520.0, 266.0),
                   ("涉及乡村振兴衔接资金9600万元。为保障群众的知情权、参与", 84.0, 278.0, 520.0, 294.0)])
    table = _boxes([("序号", 84.0, 320.0, 104.0, 330.0), ("项目名称", 150.0, 320.0, 190.0, 330.0),
                    ("总投资", 300.0, 320.0, 330.0, 330.0), ("实施单位", 420.0, 320.0, 460.0, 330.0),
                    ("1", 90.0, 345.0, 95.0, 355.0), ("果蔬储备库", 145.0, 345.0, 195.0, 355.0),
                    ("4000", 305.0, 345.0, 325.0, 355.0), ("商务局", 425.0, 345.0, 455.0, 355.0),
                    ("2", 90.0, 370.0, 95.0, 380.0), ("冷链物流中心", 140.0, 370.0, 200.0, 380.0),
                    ("5600", 305.0, 370.0, 325.0, 380.0), ("商务局", 425.0, 370.0, 455.0, 380.0)])
    region = BBox(79.0, 222.0, 522.0, 390.0)
    assert text_grid(region, wide + table, [222.0, 390.0]) is None
    assert text_grid(BBox(79.0, 315.0, 522.0, 390.0), table, [315.0, 335.0, 390.0]) is not None


def test_two_labels_read_as_one_word_are_split_at_the_cut_between_them() -> None:
    """走读生（四类学生， and 寄宿生（四类学生， (two header cells' first lines, the first one's hanging
    ， touching the second) read as one word: split after that mark at the cut between the
    columns (a08 under table_rules_uneven_widths); the second mark, ending the word, hangs alone."""
    word = TextBox("走读生（四类学生，寄宿生（四类学生，", BBox(337.6, 191.3, 518.3, 201.3))
    head, tail = split_at_marks(word, [428.3])
    assert (head.text, tail.text) == ("走读生（四类学生，", "寄宿生（四类学生，")
    hanging = TextBox("房（含2700平方米冷库）、", BBox(204.4, 693.7, 312.4, 702.7))
    assert split_at_marks(hanging, [307.2]) == [hanging]  # nothing after the marks: no next cell's text


def test_two_labels_padded_till_they_touch_part_at_the_mark_over_the_gap() -> None:
    """受灾人口（人） and 死亡牲畜（头只匹）, padded till the text layer reads them as one word over
    the gap between their columns' numbers (mutation table_rules_horizontal + header_padding of
    bc15 at seed 35): the word parts at its ） inside the gap and each label names its column."""
    from pipeline.core.model import Ruling

    items: list[Box] = [
        ("救灾资金", 412.0, 166.0, 456.0, 177.0), ("乡", 111.0, 183.0, 122.0, 194.0), ("镇", 128.0, 183.0, 139.0, 194.0),
        ("受灾人口（人）死亡牲畜（头只匹）", 171.0, 183.0, 347.0, 194.0), ("饲草料补", 469.0, 186.0, 513.0, 197.0),
        ("合", 359.0, 193.0, 370.0, 204.0), ("计", 376.0, 193.0, 387.0, 204.0), ("生活救助", 409.0, 193.0, 453.0, 204.0),
        ("助", 486.0, 200.0, 497.0, 211.0),
    ]
    for k, (town, a, b, c, d, e) in enumerate([("玛查理镇", "1268", "2105", "98.65", "38.04", "60.61"),
                                               ("花石峡镇", "1015", "1642", "77.67", "30.45", "47.22"),
                                               ("黄河乡", "842", "1486", "68.96", "25.26", "43.70")]):
        y = 226.0 + 30 * k
        items += [(town, 103.0, y, 147.0, y + 11), (a, 173.0, y, 195.0, y + 11), (b, 252.0, y, 274.0, y + 11),
                  (c, 370.0, y, 397.0, y + 11), (d, 430.0, y, 458.0, y + 11), (e, 491.0, y, 519.0, y + 11)]
    rules = [Ruling(79.0, y, 522.0, y) for y in (162.0, 216.0, 247.0, 277.0, 307.0)] + [Ruling(346.0, 182.0, 522.0, 182.0)]
    boxes = _boxes(items)
    page = Page(3, 595.0, 842.0, tuple(boxes), tuple(rules))
    tables, _ = reconstruct_unruled_tables(page, boxes)
    assert len(tables) == 1
    texts = {c.text for c in tables[0].cells}
    assert {"受灾人口（人）", "死亡牲畜（头只匹）"} <= texts
