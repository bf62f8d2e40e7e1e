"""A 三线表's header alone at a page's foot (pipeline/layout/header_part.py): read as a one-row
table whose columns are its labels', it joins the body on the next page. Coordinates are those of
the mutated case that raised a false BODY_AMOUNT_MISMATCH (ac05 with table_rules_three_line at
seed 37): the body lost its header, the money columns their names."""

from __future__ import annotations

from pipeline.layout.blocks import merge_continued_tables, page_blocks
from pipeline.layout.unruled import reconstruct_unruled_tables
from tests.pagebuilder import box, hline, page

_LABELS = [box("序", 86, 689, size=9.5), box("本次安", 488, 689, size=9.5), box("项目编码", 127, 695, size=9.5),
           box("项目名称", 225, 695, size=9.5), box("实施地点", 300, 695, size=9.5), box("建设内容", 370, 695, size=9.5),
           box("总投资", 440, 695, size=9.5), box("号", 86, 701, size=9.5), box("排", 497, 701, size=9.5)]
_FOOT = [box("—", 273, 779, size=14, width=14), box("1", 294, 779, size=14, width=7), box("—", 308, 779, size=14, width=14)]


def _body_page() -> list:
    out = []
    for k, (name, place, total, now) in enumerate([("嘉明镇中心学校宿舍", "嘉明镇", "260", "180"),
                                                   ("得胜镇中学食堂", "得胜镇", "150", "120"),
                                                   ("玄滩镇中心学校跑道", "玄滩镇", "130", "100")]):
        y = 100.0 + 30 * k
        out += [box(str(k + 1), 88, y, size=9.5, width=5), box(f"JY-00{k + 1}", 120, y, size=9.5, width=40),
                box(name, 197, y, size=9.5), box(place, 300, y, size=9.5), box("改造", 370, y, size=9.5),
                box(total, 444, y, size=9.5, width=15), box(now, 496, y, size=9.5, width=15)]
    return out


def test_a_header_alone_at_a_page_foot_is_a_table_that_heads_the_next_pages_body() -> None:
    p1 = page([*_LABELS, *_FOOT], [hline(685, 79, 522), hline(715, 79, 522)])
    tables, free = reconstruct_unruled_tables(p1, p1.boxes)
    assert len(tables) == 1 and tables[0].n_cols == 7
    assert tables[0].grid()[0] == ("序号", "项目编码", "项目名称", "实施地点", "建设内容", "总投资", "本次安排")
    assert {b.text for b in free} == {"—", "1"}
    body = _body_page()
    p2 = page(body, [hline(85, 79, 522), hline(200, 79, 522)], number=2)
    (table,) = [b for b in merge_continued_tables([page_blocks(p1), page_blocks(p2)], [p1, p2]) if hasattr(b, "grid")]
    grid = table.grid()
    assert len(grid) == 4 and grid[1][5:] == ("260", "180")


def test_an_imprint_between_the_pages_last_two_rules_is_no_header() -> None:
    """The 版记 (抄送：… and the 印发 line) between a page's last rules stays text."""
    boxes = [box("抄送：市财政局", 90, 696, size=14), box("市审计局", 250, 696, size=14), box("市档案局", 380, 696, size=14),
             box("某县财政局办公室", 90, 722, size=14), box("2024年4月8日印发", 400, 722, size=14, width=112), *_FOOT]
    p1 = page(boxes, [hline(690, 79, 522), hline(742, 79, 522)])
    tables, free = reconstruct_unruled_tables(p1, p1.boxes)
    assert tables == () and len(free) == len(boxes)
