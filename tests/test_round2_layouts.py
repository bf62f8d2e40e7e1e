"""Layouts of the second round of unseen real-world notices (samples r70 upward), on synthetic input."""

from __future__ import annotations

from parsers.body_tables import with_body_tables
from parsers.sections import Sections
from pipeline.core.model import BBox, Line, Table


def _line(text: str, top: float, page: int) -> Line:
    return Line(text=text, bbox=BBox(90, top, 500, top + 16), page=page)


def test_a_body_table_at_the_head_of_a_page_takes_its_title_from_the_foot_of_the_page_before() -> None:
    main = (
        _line("资金按因素分配。", 640, 1),
        _line("三、资金分配情况", 680, 1),
        _line("2018年扶贫资金分配表", 720, 1),
        _line("— 1 —", 800, 1),  # the page number is no caption
        _line("请及时公告公示。", 300, 2),
    )
    table = Table(cells=(), n_rows=0, n_cols=0, bbox=BBox(90, 80, 500, 200), page=2)
    (body,) = with_body_tables(Sections(main=main, main_tables=(table,), attachments=(), page_width=595))
    assert body.context_before(table) == ("三、资金分配情况", "2018年扶贫资金分配表")


def test_a_body_table_under_lines_on_its_own_page_does_not_look_at_the_page_before() -> None:
    main = (
        _line("2018年扶贫资金分配表", 720, 1),
        _line("现将资金分配如下：", 60, 2),
        _line("分配表（第二批）", 90, 2),
    )
    table = Table(cells=(), n_rows=0, n_cols=0, bbox=BBox(90, 120, 500, 300), page=2)
    (body,) = with_body_tables(Sections(main=main, main_tables=(table,), attachments=(), page_width=595))
    assert body.context_before(table) == ("分配表（第二批）",)


def test_a_blank_form_is_a_form_whatever_its_column_words() -> None:
    from parsers.targets import classify_table
    from tests.tablebuilder import table

    blank = [["序号", "项目名称", "公示时间", "公示地点", "公示内容", "备注"],
             ["1", "", "", "", "", ""], ["2", "", "", "", "", ""], ["3", "", "", "", "", ""]]
    assert classify_table(table(blank), ("资金项目公告公示情况表",)) == "form"
    # one filled row makes it no blank form
    filled = [*blank[:2], ["2", "道路硬化", "3月1日", "村委会", "项目及资金", ""], blank[3]]
    assert classify_table(table(filled), ("资金项目公告公示情况表",)) != "form"
    # two labels are not enough to call an empty grid a form
    narrow = [["序号", "公示内容"], ["1", ""], ["2", ""]]
    assert classify_table(table(narrow), ()) != "form"


def test_a_count_of_incidents_is_a_target_with_its_unit() -> None:
    from decimal import Decimal

    from parsers.normalize.targets import parse_target

    t = parse_target("0起")
    assert (t.op, t.number, t.unit) == ("=", Decimal(0), "起")
    assert parse_target("高").op is None


def test_a_project_name_label_with_a_longer_stem_gives_the_project() -> None:
    from parsers.targets import parse_target_table
    from tests.tablebuilder import table

    grid = [["专项资金名称", "县级储备粮", "", ""],
            ["县级主管部门", "某县商务和粮食局", "", ""],
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "库存数量真实率", "100%"]]
    assert parse_target_table(table(grid), ("2020年度县级专项资金绩效目标表",)).project == "县级储备粮"
