"""A borderless table keeps a row whose label and note wrap around its figure (pipeline/layout/
unruled.text_regions): the figure alone on its line, between the label's lines, is a row of
numbers, so the rows after it (合计) stay in the table."""

from __future__ import annotations

from pipeline.layout.unruled import reconstruct_unruled_tables
from tests.pagebuilder import box, page


def test_rows_after_a_row_wrapped_around_its_figure_stay_in_the_table() -> None:
    head = [box("项目", 140, 166, size=12, width=24), box("金额", 243, 166, size=12, width=24),
            box("资金用途", 380, 166, size=12, width=48)]
    rows = [("城乡低保", "712", "城乡低保对象基本生活保障"), ("特困人员供养", "96", "基本生活和照料护理"),
            ("临时救助", "168", "困难家庭的临时救助")]
    body = []
    for k, (name, amount, note) in enumerate(rows):
        y = 188 + 21.6 * k
        body += [box(name, 152 - 6 * len(name), y, size=12, width=12 * len(name)),
                 box(amount, 284 - 6 * len(amount), y, size=12, width=6 * len(amount)),
                 box(note, 290, y, size=12, width=12 * len(note))]
    # 孤儿和困境儿童基本生活 / 65 / 保障: the label and the note wrap over two lines around the figure
    body += [box("孤儿和困境儿童基本生活", 86, 252.8, size=12, width=132), box("孤儿困境儿童基本", 290, 252.8, size=12, width=96),
             box("65", 272, 260.6, size=12, width=12),
             box("保障", 140, 268.4, size=12, width=24), box("生活费", 290, 268.4, size=12, width=36),
             box("合计", 140, 290, size=12, width=24), box("1041", 260, 290, size=12, width=24)]
    boxes = head + body
    (table,), free = reconstruct_unruled_tables(page(boxes, []), boxes)
    assert not free
    grid = table.grid()
    assert grid[-1][:2] == ("合计", "1041")
    assert grid[-2][:2] == ("孤儿和困境儿童基本生活保障", "65")
