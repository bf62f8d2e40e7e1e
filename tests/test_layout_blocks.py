from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.model import BBox, Block, Document, Line, Page, SourceFile, Table
from pipeline.layout import reconstruct
from pipeline.layout.blocks import (
    column_edges,
    drop_running_lines,
    is_page_number,
    merge_continued_tables,
    page_blocks,
    repeated_header_rows,
)
from pipeline.read.source import load_source
from pipeline.read.textlayer import extract_text_pages
from tests.pagebuilder import HEIGHT, box, centred, grid_rulings, page
from tests.pdfmaker import notice_pdf, write

SOURCE = SourceFile(path="t.pdf", name="t.pdf", sha256="0" * 64, size=1, pages=3)
XS = (100.0, 250.0, 350.0, 450.0)


def _line(text: str, top: float, number: int = 1) -> Line:
    return Line(text, BBox(250, top, 250 + 12 * len(text), top + 12), number)


@pytest.mark.parametrize("text", ["— 1 —", "-1-", "- 12 -", "一 3 一", "第 2 页 共 5 页", "3/5", "7", "-¹-", "— ² —", "-.5-"])
def test_page_numbers_in_margin(text: str) -> None:
    assert is_page_number(_line(text, 790), HEIGHT)
    assert is_page_number(_line(text, 30), HEIGHT)


@pytest.mark.parametrize("text", ["1.", "2022年6月7日", "附件1"])
def test_not_page_numbers(text: str) -> None:
    assert not is_page_number(_line(text, 790), HEIGHT)


def test_page_number_mid_page_is_kept() -> None:
    assert not is_page_number(_line("— 1 —", 400), HEIGHT)


def test_page_blocks_orders_lines_and_tables() -> None:
    ys = (300.0, 320.0, 340.0)
    boxes = [
        box("附件1", 80, 200), box("分配表", 260, 250),
        centred("单位", 175, 310), centred("金额", 300, 310),
        centred("甲县", 175, 330), centred("100", 300, 330),
        box("说明文字", 80, 400), centred("— 2 —", 297, 800),
    ]
    blocks = page_blocks(page(boxes, grid_rulings(XS[:3], ys)))
    kinds = [b.text if isinstance(b, Line) else "TABLE" for b in blocks]
    assert kinds == ["附件1", "分配表", "TABLE", "说明文字"]


def test_running_header_dropped_but_attachment_heading_kept() -> None:
    pages: list[list[Block]] = [
        [_line("某某县财政局内部资料", 20, n), _line("附件3：", 90, n), _line(f"正文{n}", 200, n)]
        for n in (1, 2, 3, 4)
    ]
    out = drop_running_lines(pages, [HEIGHT] * 4)
    assert [[b.text for b in p if isinstance(b, Line)] for p in out] == [
        ["附件3：", f"正文{n}"] for n in (1, 2, 3, 4)
    ]


def test_running_header_needs_three_pages() -> None:
    pages: list[list[Block]] = [[_line("页眉", 20, n)] for n in (1, 2)]
    assert drop_running_lines(pages, [HEIGHT] * 2) == pages


def _table_page(number: int, rows: list[tuple[str, str, str]], top: float = 100.0) -> Page:
    ys = tuple(top + 20 * i for i in range(len(rows) + 1))
    boxes = [
        centred(text, (XS[c] + XS[c + 1]) / 2, ys[r] + 10)
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
        if text
    ]
    return page(boxes, grid_rulings(XS, ys), number=number)


HEADER = ("单位名称", "金额", "备注")


def test_continued_table_merged_with_repeated_header_dropped() -> None:
    first = page_blocks(_table_page(1, [HEADER, ("甲县", "1", ""), ("乙县", "2", "")], top=500))
    second = page_blocks(_table_page(2, [HEADER, ("丙县", "3", "续")]))
    (table,) = merge_continued_tables([first, second])
    assert isinstance(table, Table)
    assert table.pages == (1, 2) and table.page == 1 and table.n_rows == 4
    assert table.grid() == (HEADER, ("甲县", "1", ""), ("乙县", "2", ""), ("丙县", "3", "续"))
    assert table.cell_at(3, 0) is not None and table.cell_at(3, 0).page == 2  # type: ignore[union-attr]
    assert table.bbox.top == 500


def test_continued_table_without_header_and_three_pages() -> None:
    pages = [
        page_blocks(_table_page(1, [HEADER, ("甲县", "1", "")])),
        page_blocks(_table_page(2, [("乙县", "2", "")])),
        page_blocks(_table_page(3, [("丙县", "3", "")])),
    ]
    (table,) = merge_continued_tables(pages)
    assert isinstance(table, Table)
    assert table.pages == (1, 2, 3) and table.n_rows == 4
    assert [r[0] for r in table.grid()] == ["单位名称", "甲县", "乙县", "丙县"]


def test_no_merge_after_heading_or_with_other_columns() -> None:
    first = page_blocks(_table_page(1, [HEADER, ("甲县", "1", "")]))
    with_heading = [_line("附件2", 60, 2), *page_blocks(_table_page(2, [HEADER]))]
    assert len(merge_continued_tables([first, with_heading])) == 3
    other = page(
        [centred("x", 120, 110)], grid_rulings((100.0, 300.0, 450.0), (100.0, 120.0)), number=2
    )
    assert len(merge_continued_tables([first, page_blocks(other)])) == 2


def test_repeated_header_rows_and_edges() -> None:
    (a,) = page_blocks(_table_page(1, [HEADER, ("甲县", "1", "")]))
    (b,) = page_blocks(_table_page(2, [HEADER]))
    assert isinstance(a, Table) and isinstance(b, Table)
    assert repeated_header_rows(a, b) == 0  # never the whole second part
    assert column_edges(a) == XS


def test_reconstruct_document() -> None:
    p1 = page([box("通知正文", 80, 100), centred("— 1 —", 297, 800)])
    p2 = page([box("附件", 80, 100, conf=0.9)], number=2, ocr=True)
    layout = reconstruct(Document(source=SOURCE, pages=(p2, p1)))
    assert [b.text for b in layout.blocks if isinstance(b, Line)] == ["通知正文", "附件"]
    assert layout.text_source == "mixed"
    assert layout.page_sizes == ((595.0, 842.0), (595.0, 842.0))
    assert layout.source is SOURCE


def test_reconstruct_reportlab_notice(tmp_path: Path) -> None:
    source, pdf_bytes = load_source(write(tmp_path / "n.pdf", notice_pdf(pages=1)))
    pages = extract_text_pages(source, pdf_bytes)
    layout = reconstruct(Document(source, tuple(p for p in pages if p is not None)))
    lines = [b for b in layout.blocks if isinstance(b, Line)]
    tables = [b for b in layout.blocks if isinstance(b, Table)]
    assert lines[0].text == "某某县财政局文件" and lines[0].is_red
    assert lines[1].text == "某财预〔2022〕11号"
    assert lines[2].text.startswith("关于下达 2020 年")
    assert not any("—" in ln.text for ln in lines)  # page number dropped
    (table,) = tables
    assert (table.n_rows, table.n_cols) == (5, 4)
    level1 = table.cell_at(2, 0)
    assert level1 is not None and (level1.row, level1.rowspan, level1.text) == (1, 3, "产出指标")
    level2 = table.cell_at(2, 1)
    assert level2 is not None and (level2.row, level2.rowspan, level2.text) == (1, 2, "数量指标")
    assert table.grid()[2] == ("", "", "临时救助人次", "应救尽救")
    assert table.grid()[4] == ("效益指标", "社会效益", "生活水平", "有所提升")


def test_draw_debug_writes_one_png_per_page(tmp_path: Path) -> None:
    from PIL import Image

    from pipeline.tools.debug import draw_debug

    source, pdf_bytes = load_source(write(tmp_path / "n.pdf", notice_pdf(pages=2)))
    pages = extract_text_pages(source, pdf_bytes)
    document = Document(source, tuple(p for p in pages if p is not None))
    written = draw_debug(pdf_bytes, document, reconstruct(document), tmp_path / "dbg")
    assert [p.name for p in written] == ["page-001.png", "page-002.png"]
    with Image.open(written[0]) as image:
        assert abs(image.width - 827) <= 2  # A4 at 100 dpi


def _open_table_page(
    number: int, rows: list[tuple[str, str, str]], *, top: float, open_top: bool, open_bottom: bool
) -> Page:
    """A 3-column table whose top or bottom rule is missing (a row cut by the page break)."""
    ys = tuple(top + 20 * i for i in range(len(rows) + 1))
    full = _table_page(number, rows, top=top)
    keep = [
        r
        for r in full.rulings
        if not (r.is_horizontal and ((open_top and r.top == ys[0]) or (open_bottom and r.top == ys[-1])))
    ]
    return Page(full.page, full.width, full.height, full.boxes, tuple(keep))


def test_row_cut_by_page_break_is_joined() -> None:
    p1 = _open_table_page(
        1, [HEADER, ("甲县", "1", ""), ("社会救助政策知晓", "", "")],
        top=600, open_top=False, open_bottom=True,
    )
    p2 = _open_table_page(2, [("人数", "≥99%", ""), ("乙县", "2", "")],
                          top=80, open_top=True, open_bottom=False)
    (table,) = merge_continued_tables([page_blocks(p1), page_blocks(p2)], [p1, p2])
    assert isinstance(table, Table)
    assert table.n_rows == 4 and table.pages == (1, 2)
    assert table.grid()[2] == ("社会救助政策知晓人数", "≥99%", "")
    assert table.grid()[3] == ("乙县", "2", "")


def test_row_not_cut_keeps_rows() -> None:
    p1 = _table_page(1, [HEADER, ("甲县", "1", "")], top=600)
    p2 = _table_page(2, [("乙县", "2", "")], top=80)
    (table,) = merge_continued_tables([page_blocks(p1), page_blocks(p2)], [p1, p2])
    assert isinstance(table, Table) and table.n_rows == 3


def test_vertically_merged_cell_runs_on_into_next_page() -> None:
    xs, top = XS, 600.0
    ys1 = (top, top + 20, top + 40, top + 60)
    r1 = grid_rulings(xs, ys1, [(1, 0, 2, 1)])
    b1 = [centred("一级", 175, top + 10), centred("产出指标", 175, top + 40),
          centred("甲", 300, top + 30), centred("乙", 300, top + 50)]
    ys2 = (80.0, 100.0, 120.0)
    r2 = grid_rulings(xs, ys2, [(0, 0, 2, 1)])
    b2 = [centred("丙", 300, 90), centred("丁", 300, 110)]
    p1, p2 = page(b1, r1), page(b2, r2, number=2)
    (table,) = merge_continued_tables([page_blocks(p1), page_blocks(p2)], [p1, p2])
    assert isinstance(table, Table) and table.n_rows == 5
    cell = table.cell_at(4, 0)
    assert cell is not None and (cell.row, cell.rowspan, cell.text) == (1, 4, "产出指标")
    assert [r[1] for r in table.grid()] == ["", "甲", "乙", "丙", "丁"]


def test_a_header_cell_merged_from_the_top_runs_not_into_the_body_on_the_next_page() -> None:
    """The header alone ends page 1 (序号 merged over its two rows), the body starts page 2 with a
    total row whose 序号 is empty (mutation table_font_size of ag05 at seed 34): that row is the
    body's, not the rest of the 序号 cell."""
    xs, top = XS, 600.0
    ys1 = (top, top + 20, top + 40)
    r1 = grid_rulings(xs, ys1, [(0, 0, 2, 1)])
    b1 = [centred("序号", 175, top + 20), centred("地区", 300, top + 10), centred("乡镇", 300, top + 30)]
    ys2 = (80.0, 100.0, 120.0)
    r2 = grid_rulings(xs, ys2)
    b2 = [centred("资阳区", 300, 90), centred("1", 175, 110), centred("茈湖口镇", 300, 110)]
    p1, p2 = page(b1, r1), page(b2, r2, number=2)
    (table,) = merge_continued_tables([page_blocks(p1), page_blocks(p2)], [p1, p2])
    assert isinstance(table, Table) and table.n_rows == 4
    head = table.cell_at(0, 0)
    assert head is not None and (head.rowspan, head.text) == (2, "序号")
    assert [r[1] for r in table.grid()][2:] == ["资阳区", "茈湖口镇"]


def test_continued_table_with_a_column_split_only_on_the_first_page() -> None:
    """Page 1 has an extra vertical rule in one row; page 2 lacks it."""
    xs1 = (100.0, 250.0, 300.0, 350.0, 450.0)
    r1 = grid_rulings(xs1, (500.0, 520.0, 540.0), [(1, 1, 1, 2)])
    b1 = [centred("主管部门", 175, 510), centred("甲", 275, 510), centred("乙", 325, 510),
          centred("指标", 175, 530), centred("值", 300, 530)]
    xs2 = (100.0, 250.0, 350.0, 450.0)
    r2 = grid_rulings(xs2, (80.0, 100.0))
    b2 = [centred("满意度", 175, 90), centred("≥88%", 300, 90)]
    p1, p2 = page(b1, r1), page(b2, r2, number=2)
    (table,) = merge_continued_tables([page_blocks(p1), page_blocks(p2)], [p1, p2])
    assert isinstance(table, Table)
    assert table.n_cols == 4 and table.n_rows == 3 and table.pages == (1, 2)
    assert table.grid()[2] == ("满意度", "≥88%", "", "")
    last = table.cell_at(2, 2)
    assert last is not None and (last.col, last.colspan) == (1, 2)


def test_rows_alike_tolerates_ocr_noise() -> None:
    from pipeline.layout.blocks import rows_alike

    assert rows_alike(("单位名称", "中央全年实际下达资金合计"), ("单位名称", "中央全年实际下达资金台计"))
    assert rows_alike(("单位 名称", ""), ("单位名称", ""))
    assert not rows_alike(("甲县", "100"), ("乙县", "100"))
    assert not rows_alike(("单位名称", ""), ("单位名称", "合计"))


def _assert_covers_grid_once(table: Table) -> None:
    covered = [[0] * table.n_cols for _ in range(table.n_rows)]
    for c in table.cells:
        for r in range(c.row, c.row + c.rowspan):
            for k in range(c.col, c.col + c.colspan):
                covered[r][k] += 1
    assert all(v == 1 for row in covered for v in row), covered


def test_merged_tables_cover_their_grid_once() -> None:
    cases = []
    p1 = _open_table_page(1, [HEADER, ("甲县", "1", ""), ("社会救助", "", "")],
                          top=600, open_top=False, open_bottom=True)
    p2 = _open_table_page(2, [("人数", "≥99%", ""), ("乙县", "2", "")],
                          top=80, open_top=True, open_bottom=False)
    cases.append((p1, p2))
    p3 = _table_page(1, [HEADER, ("甲县", "1", "")], top=600)
    p4 = _table_page(2, [HEADER, ("乙县", "2", "")], top=80)
    cases.append((p3, p4))
    xs, top = XS, 600.0
    p5 = page([centred("产出", 175, top + 40)],
              grid_rulings(xs, (top, top + 20, top + 40, top + 60), [(1, 0, 2, 1)]))
    p6 = page([centred("丙", 300, 90)], grid_rulings(xs, (80.0, 100.0, 120.0), [(0, 0, 2, 1)]),
              number=2)
    cases.append((p5, p6))
    for a, b in cases:
        (table,) = merge_continued_tables([page_blocks(a), page_blocks(b)], [a, b])
        assert isinstance(table, Table)
        _assert_covers_grid_once(table)
