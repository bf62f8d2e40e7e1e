"""A 成文日期 typed with spaces (2024 年 11 月 28 日) under signatures set side by side is no
borderless table (pipeline/layout/unruled.text_regions): the names look like a header row of
three labels apart and the date's numbers like cells, but a row that reads as a date is a date."""

from __future__ import annotations

from pipeline.layout.unruled import reconstruct_unruled_tables
from tests.pagebuilder import box, hline, page, vline


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


def test_a_ruled_tables_bottom_rule_starts_no_three_line_table_with_the_imprint_rules() -> None:
    """A ruled table ends a page's top; below it the body, the signature, a spaced date, and the
    版记 between three rules of the table's width: the table's bottom rule (its column rules
    come down onto it) is no rule of a 三线表 reaching down to the 版记."""
    rulings = [hline(y, 80, 520) for y in (85, 110, 135)] + [vline(x, 85, 135) for x in (80, 220, 360, 520)]
    rulings += [hline(y, 80, 520) for y in (690, 716, 742)]
    cells = [box("雄梅镇", 100, 92, size=12, width=36), box("548", 240, 92, size=12, width=18),
             box("739.44887", 440, 92, size=12, width=54), box("买巴乡", 100, 117, size=12, width=36),
             box("264", 240, 117, size=12, width=18), box("351.11211", 440, 117, size=12, width=54)]
    text = [box("二、补奖资金兑现情况要在村（居）委会公示，公示期不少于7天。", 84, 170, size=16, width=430),
            box("名册报县财政局、县农业农村局备案。", 84, 200, size=16, width=272),
            box("申扎县财政局", 350, 480, size=16, width=96), box("申扎县农业农村局", 340, 510, size=16, width=128),
            *_spaced(["2024", "年", "4", "月", "8", "日"], 330, 540),
            box("抄送：那曲市财政局，那曲市农业农村局", 90, 696, size=14, width=252),
            box("申扎县财政局办公室", 90, 722, size=14, width=126), box("2024年4月8日印发", 400, 722, size=14, width=112)]
    boxes = cells + text
    tables, free = reconstruct_unruled_tables(page(boxes, rulings), text)
    assert tables == ()
    assert len(free) == len(text)


def test_a_spaced_date_between_the_red_rule_and_the_imprint_rules_gives_no_columns() -> None:
    """No table on the page: the 版头's red rule and the 版记's three rules are one run of rules
    of one width, and the spaced date's numbers alone would cut it into columns."""
    rulings = [hline(y, 80, 520) for y in (222, 690, 716, 742)]
    text = [box("关于下达2020年县级储备粮专项资金的通知", 92, 270, size=22, width=418),
            box("县商务和粮食局：", 80, 320, size=16, width=128),
            box("为保持和稳定地方粮食储备机制，现下达你局专项资金194.9万元。", 112, 350, size=16, width=400),
            box("附件：2020年度县级专项资金绩效目标表", 112, 420, size=16, width=304),
            box("衡山县财政局", 400, 560, size=16, width=96),
            *_spaced(["2020", "年", "3", "月", "20", "日"], 370, 590),
            box("抄送：县审计局", 90, 696, size=14, width=98),
            box("衡山县财政局办公室", 90, 722, size=14, width=126), box("2020年3月20日印发", 400, 722, size=14, width=119)]
    tables, free = reconstruct_unruled_tables(page(text, rulings), text)
    assert tables == ()
    assert len(free) == len(text)


def test_a_spaced_print_line_under_a_subject_words_line_is_no_table() -> None:
    """The 版记's 印发 line typed with spaces (办公室 2018 年 4 月 22 日印发) under a 主题词 line of
    words apart (主题词：财政 资金 通知): a label row over a row of numbers to look at, but the
    only figures are a date's."""
    rulings = [hline(y, 79, 522) for y in (716, 742)]
    text = [box("邵阳市财政局", 358, 155, size=16, width=96), box("2018年4月20日", 354, 183, size=16, width=104),
            box("主题词：财政", 79, 694, size=14, width=84), box("资金", 170, 694, size=14, width=28),
            box("通知", 205, 694, size=14, width=28),
            box("邵阳市财政局办公室", 93, 724, size=14, width=126),
            *_spaced(["2018", "年", "4", "月", "22", "日印发"], 354, 724)]
    tables, free = reconstruct_unruled_tables(page(text, rulings), text)
    assert tables == ()
    assert len(free) == len(text)
