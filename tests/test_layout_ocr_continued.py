"""OCR: a 续表's first row (a row the page break cut) takes the column rule its scan lost from
the columns the page before prints (pipeline/layout/ocr_continued.py)."""

from __future__ import annotations

from pipeline.core.model import BBox, Document, Page, Ruling, SourceFile, Table, TextBox
from pipeline.layout import reconstruct

XS = (70.0, 150.0, 300.0, 400.0, 520.0)  # 一级 | 二级 | 三级 | 指标值


def _h(y: float) -> Ruling:
    return Ruling(XS[0], y, XS[-1], y)


def _v(x: float, top: float, bottom: float) -> Ruling:
    return Ruling(x, top, x, bottom)


def _box(text: str, x0: float, top: float, x1: float) -> TextBox:
    return TextBox(text, BBox(x0, top, x1, top + 14.0), 0.99)


def _first(bottom_rule: bool) -> Page:
    """Two rows, the second cut by the page break (no rule under it unless ``bottom_rule``)."""
    rules = [_h(600.0), _h(640.0), *(_v(x, 600.0, 760.0) for x in XS)]
    if bottom_rule:
        rules.append(_h(760.0))
    boxes = (
        _box("一级指标", 80, 612, 140), _box("二级指标", 200, 612, 260), _box("三级指标", 320, 612, 380),
        _box("指标值", 440, 612, 480),
        _box("满意度", 80, 650, 130), _box("服务对象", 160, 650, 220),
    )
    return Page(1, 595.0, 842.0, boxes, tuple(rules), text_source="ocr")


def _second(lost_rule: bool, top_rule: bool = False) -> Page:
    """The cut row's rest on the next page: its rule at x=400 lost when ``lost_rule``."""
    xs = [x for x in XS if not (lost_rule and x == 400.0)]
    rules = [_h(120.0), *(_v(x, 80.0, 120.0) for x in xs)]
    if top_rule:
        rules.append(_h(80.0))
    # one box over two cells where the rule is lost: 13 pt a character, 入园企业满意度 left of x=400
    boxes = (_box("指标", 80, 90, 110), _box("满意度指标", 160, 90, 225), _box("入园企业满意度≥90%", 310, 90, 453))
    return Page(2, 595.0, 842.0, boxes, tuple(rules), text_source="ocr")


def _tables(*pages: Page) -> list[Table]:
    doc = Document(SourceFile("x.pdf", "x.pdf", "0" * 64, 1, len(pages)), pages)
    return [b for b in reconstruct(doc).blocks if isinstance(b, Table)]


def _last_row(t: Table) -> list[str]:
    return [c.text for c in sorted(t.cells, key=lambda c: c.col) if c.row == t.n_rows - 1]


def test_the_cut_row_takes_the_lost_rule_and_joins_cell_by_cell() -> None:
    (whole,) = _tables(_first(False), _second(lost_rule=False))
    assert _last_row(whole) == ["满意度指标", "服务对象满意度指标", "入园企业满意度", "≥90%"]
    (mended,) = _tables(_first(False), _second(lost_rule=True))
    assert _last_row(mended) == _last_row(whole)
    assert mended.pages == (1, 2)


def test_a_part_closed_by_its_rule_borrows_nothing() -> None:
    """The first part ends with a rule: the next page's rows are its own (a merged cell is printed so)."""
    tables = _tables(_first(True), _second(lost_rule=True, top_rule=True))
    assert any("入园企业满意度≥90%" in c.text for t in tables for c in t.cells)


# A table printed with row rules only (no column rule): its columns are read from its text.
COLS = ((90.0, "仙女山街道", "河东街道", "马口镇", "城隍镇", "沉湖镇"), (200.0, "3957", "5175", "4210", "3300", "2800"))


def _ruled_rows(page: int, top: float, n: int, header: bool) -> tuple[TextBox, ...]:
    rows: list[TextBox] = []
    y = top + 8.0
    if header:
        rows += [_box("乡镇（街道）", 90, y, 160), _box("领取人数", 200, y, 248), _box("基础养老金", 268, y, 328),
                 _box("高龄补贴", 362, y, 410)]
        y += 34.0
    for i in range(n):
        k = i + (0 if page == 1 else 2)
        name, count = COLS[0][1 + k], COLS[1][1 + k]
        rows += [_box(name, 90, y, 90 + 12 * len(name)), _box(count, 200, y, 224)]
        money, old = f"{1_934_973 + k:,}.00", f"{79_350 + k:,}.00"
        if page == 1:  # the two money figures read as one box, a space's width apart
            rows.append(_box(f"{money}{old}", 268, y, 420))
        else:
            rows += [_box(money, 268, y, 336), _box(old, 362, y, 412)]
        y += 34.0
    return tuple(rows)


def _row_ruled_page(page: int, n: int, header: bool) -> Page:
    top = 600.0 if page == 1 else 85.0
    count = n + (1 if header else 0)
    rules = tuple(Ruling(78.0, top + 34.0 * i, 523.0, top + 34.0 * i) for i in range(count + 1))
    return Page(page, 595.0, 842.0, _ruled_rows(page, top, n, header), rules, text_source="ocr")


def test_a_part_glued_on_every_row_takes_its_continuations_columns() -> None:
    tables = _tables(_row_ruled_page(1, 2, True), _row_ruled_page(2, 3, True))  # the header repeated
    assert len(tables) == 1
    grid = tables[0].grid()
    assert grid[0] == ("乡镇（街道）", "领取人数", "基础养老金", "高龄补贴")
    assert grid[1][2:] == ("1,934,973.00", "79,350.00")
    assert grid[3][2:] == ("1,934,975.00", "79,352.00")


def _scaled(page: Page, scale: float, offset: float) -> Page:
    """``page`` as photographed a little closer: every x mapped by ``scale * x + offset``."""
    def x(v: float) -> float:
        return scale * v + offset

    boxes = tuple(TextBox(b.text, BBox(x(b.bbox.x0), b.bbox.top, x(b.bbox.x1), b.bbox.bottom), b.confidence)
                  for b in page.boxes)
    return Page(page.page, page.width, page.height, boxes,
                tuple(Ruling(x(r.x0), r.top, x(r.x1), r.bottom) for r in page.rulings), text_source="ocr")


def test_a_continuation_photographed_closer_is_scaled_onto_the_page_before() -> None:
    """Its edges off by +3.3 pt at the left border and -1.2 pt at the right: no shift joins them."""
    second = _second(lost_rule=False, top_rule=True)
    (whole,) = _tables(_first(True), second)
    (joined,) = _tables(_first(True), _scaled(second, 0.99, 4.0))
    assert joined.pages == (1, 2) and joined.grid() == whole.grid()
    assert len(_tables(_first(True), _scaled(second, 0.95, 20.0))) == 2  # 5 %: another table
