"""A 成文日期 typed with spaces (2024 年 11 月 28 日) under signatures set side by side is no
borderless table (pipeline/layout/unruled.text_regions): the names look like a header row of
three labels apart and the date's numbers like cells, but a row that reads as a date is a date."""

from __future__ import annotations

from pipeline.layout.unruled import reconstruct_unruled_tables
from tests.pagebuilder import box, page


def _names() -> list:
    return [box("宝鸡市财政局", 100, 300, size=13.5, width=81), box("宝鸡市卫生健康委员会", 250, 302, size=13.5, width=135),
            box("宝鸡市中医药管理局", 420, 298, size=13.5, width=121.5)]


def _spaced(parts: list[str], x: float, y: float) -> list:
    out = []
    for part in parts:
        w = 6.75 * len(part) if part.isdigit() else 13.5
        out.append(box(part, x, y, size=13.5, width=w))
        x += w + 10
    return out


def test_a_spaced_date_under_side_by_side_names_is_no_table() -> None:
    boxes = _names() + _spaced(["2024", "年", "11", "月", "28", "日"], 330, 322)
    tables, free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert tables == ()
    assert len(free) == len(boxes)


def test_a_short_table_under_a_header_row_is_still_read() -> None:
    head = [box("地区", 100, 300, size=12, width=24), box("中央资金", 250, 300, size=12, width=48),
            box("省级资金", 420, 300, size=12, width=48)]
    row = [box("渭滨区", 100, 322, size=12, width=36), box("120", 262, 322, size=12, width=18),
           box("45", 432, 322, size=12, width=12)]
    boxes = head + row
    tables, _ = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert len(tables) == 1
