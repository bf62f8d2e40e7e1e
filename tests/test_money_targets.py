"""Money-and-targets tables (parsers/money_targets.py), tables kept raw
(parsers/raw_tables.py), label-only forms and recipient columns."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from parsers.allocation import parse_allocation_table
from parsers.forms import classify_table
from parsers.money_targets import is_money_targets, parse_money_targets
from parsers.notice import parse_notice
from parsers.tablegrid import title_from_context
from parsers.target_levels import level2_of
from pipeline.checks.notice import check_notice
from pipeline.core.model import BBox, Funds, Notice, Table
from tests.layoutbuilder import layout, line
from tests.tablebuilder import table

D = Decimal
TITLE = ("附件", "2021年中央财政某某发展资金（第4批）安排及绩效目标表", "单位：万元")

WIDE = [
    ["地区", "金额", "主要任务", "绩效目标", "<", "<"],
    ["^", "^", "^", "培训人数", "培训合格率", "学员满意度"],
    ["甲县", "60", "技能培训", "≥120人", "≥90%", "≥85%"],
    ["乙县", "40", "技能培训", "≥80人", "", "≥85%"],
    ["合计", "100", "", "", "", ""],
]


def test_wide_money_and_targets_table_is_split() -> None:
    t = table(WIDE, page=5)
    assert is_money_targets(t, TITLE)
    allocation, targets = parse_money_targets(t, TITLE, None)
    assert allocation.columns == ("金额",)
    assert [(r.region_as_printed, r.values, r.is_total) for r in allocation.rows] == [
        ("甲县", (D(60),), False), ("乙县", (D(40),), False), ("合计", (D(100),), True),
    ]
    assert dict(allocation.rows[0].notes) == {"主要任务": "技能培训"}
    assert [(tt.region, tt.funds.total, tt.year, tt.project) for tt in targets] == [
        ("甲县", D(60), 2021, "中央财政某某发展资金"), ("乙县", D(40), 2021, "中央财政某某发展资金"),
    ]
    first = targets[0].indicators
    assert [(i.name, i.value, i.level2, i.level1) for i in first] == [
        ("培训人数", "≥120人", "数量指标", "产出指标"),
        ("培训合格率", "≥90%", "质量指标", "产出指标"),
        ("学员满意度", "≥85%", "服务对象满意度指标", "满意度指标"),
    ]
    assert first[0].target.op == ">=" and first[0].target.number == D(120)
    assert len(targets[1].indicators) == 2  # an empty cell is no indicator
    assert targets[0].page == 5


def test_items_as_rows_with_a_timeliness_column() -> None:
    """Items (not regions) as the rows, a use column, and a target column of deadlines whose
    name says 时效 only in words: each item row's table names the fund, not the split."""
    rows = [
        ["项目", "金额", "资金用途", "绩效目标", "<", "<"],
        ["^", "^", "^", "保障对象人数", "资金发放时效", "保障对象满意度"],
        ["甲类保障", "30", "基本生活", "700人", "每月10日前", "≥90%"],
        ["乙类救助", "12", "临时困难", "150人次", "审批后5个工作日内", "≥90%"],
        ["合计", "42", "", "", "", ""],
    ]
    title = ("附件", "2022年某某救助补助经费分项安排及绩效目标表", "单位：万元")
    t = table(rows)
    assert is_money_targets(t, title)
    allocation, targets = parse_money_targets(t, title, None)
    assert [r.region_as_printed for r in allocation.rows] == ["甲类保障", "乙类救助", "合计"]
    assert [(tt.region_as_printed, tt.project, tt.funds.total) for tt in targets] == [
        ("甲类保障", "某某救助补助经费", D(30)), ("乙类救助", "某某救助补助经费", D(12)),
    ]
    assert [(i.name, i.level1, i.level2) for i in targets[1].indicators] == [
        ("保障对象人数", "产出指标", "数量指标"),
        ("资金发放时效", "产出指标", "时效指标"),
        ("保障对象满意度", "满意度指标", "服务对象满意度指标"),
    ]


def test_level2_from_a_printed_level_label_beats_the_name() -> None:
    assert level2_of(["绩效目标", "质量指标", "培训人数"]) == "质量指标"
    assert level2_of(["绩效目标", "培训人数"]) == "数量指标"
    assert level2_of(["绩效目标", "群众知晓率"]) is None  # a rate: not certain


def test_level2_from_values_in_a_physical_measure() -> None:
    # bb10: no level printed, the name says nothing certain; every value an amount in a measure
    assert level2_of(["绩效目标", "新增蓄水量"], ["≥1800万立方米", "≥1500万立方米"]) == "数量指标"
    assert level2_of(["绩效目标", "新增蓄水量"], ["≥1800万立方米", "明显提升"]) is None
    # a printed 效益 一级 is not overruled by the values
    assert level2_of(["效益指标", "新增蓄水量"], ["≥1800万立方米"]) is None


def test_long_money_and_targets_table() -> None:
    rows = [
        ["学校", "金额", "一级指标", "二级指标", "三级指标", "指标值"],
        ["甲校", "16", "产出指标", "数量指标", "改造校舍面积", "≥500平方米"],
        ["^", "^", "^", "质量指标", "验收合格率", "100%"],
        ["^", "^", "满意度指标", "服务对象满意度指标", "学生满意度", "≥90%"],
        ["合计", "16", "", "", "", ""],
    ]
    t = table(rows)
    title = ("2020年某某补助资金安排及绩效目标表", "单位：万元")
    assert is_money_targets(t, title)
    allocation, targets = parse_money_targets(t, title, 1)
    assert [(r.region_as_printed, r.values, r.is_total) for r in allocation.rows] == [
        ("甲校", (D(16),), False), ("合计", (D(16),), True),
    ]
    (only,) = targets
    assert only.region == "甲校" and only.funds.total == D(16)
    assert [(i.level1, i.level2, i.name) for i in only.indicators] == [
        ("产出指标", "数量指标", "改造校舍面积"),
        ("产出指标", "质量指标", "验收合格率"),
        ("满意度指标", "服务对象满意度指标", "学生满意度"),
    ]


def test_long_shape_of_names_and_values_without_levels() -> None:
    """指标名称 | 指标值 beside the merged recipient and amount: the long shape, each 二级 from the
    name where its vocabulary is certain."""
    rows = [
        ["地区", "金额", "指标名称", "指标值"],
        ["甲县", "60", "培训人数", "≥120人"], ["^", "^", "群众知晓率", "≥90%"],
        ["乙县", "40", "培训人数", "≥80人"], ["^", "^", "群众知晓率", "≥85%"],
        ["合计", "100", "", ""],
    ]
    title = ("2021年某某资金安排及绩效目标表", "单位：万元")
    t = table(rows)
    assert is_money_targets(t, title)
    allocation, targets = parse_money_targets(t, title, 1)
    assert [(r.region_as_printed, r.values) for r in allocation.rows] == [
        ("甲县", (D(60),)), ("乙县", (D(40),)), ("合计", (D(100),)),
    ]
    assert [(tt.region_as_printed, tt.funds.total) for tt in targets] == [("甲县", D(60)), ("乙县", D(40))]
    assert [(i.level1, i.level2, i.name, i.value) for i in targets[1].indicators] == [
        ("产出指标", "数量指标", "培训人数", "≥80人"),
        (None, None, "群众知晓率", "≥85%"),  # a rate: no certain level
    ]


def test_long_shape_under_a_group_header() -> None:
    """绩效指标 printed over 二级指标 | 三级指标 | 指标值: the block's columns named by their leaves."""
    rows = [
        ["地区", "金额", "绩效指标", "<", "<"],
        ["^", "^", "二级指标", "三级指标", "指标值"],
        ["甲县", "60", "数量指标", "培训人数", "≥120人"], ["^", "^", "质量指标", "培训合格率", "≥90%"],
        ["合计", "60", "", "", ""],
    ]
    title = ("2021年某某资金安排及绩效目标表", "单位：万元")
    allocation, (only,) = parse_money_targets(table(rows), title, 1)
    assert allocation.columns == ("金额",)
    assert [(i.level1, i.level2, i.name, i.value) for i in only.indicators] == [
        ("产出指标", "数量指标", "培训人数", "≥120人"), ("产出指标", "质量指标", "培训合格率", "≥90%"),
    ]


def test_the_row_amount_is_its_total_column_wherever_printed() -> None:
    """Sources first and their 合计 last: each row's target funds are the 合计 column's amount."""
    rows = [
        ["地区", "中央资金", "省级资金", "合计", "绩效目标", "<"], ["^", "^", "^", "^", "培训人数", "学员满意度"],
        ["甲县", "50", "10", "60", "≥120人", "≥90%"], ["乙县", "30", "10", "40", "≥80人", "≥90%"],
        ["合计", "80", "20", "100", "", ""],
    ]
    _, targets = parse_money_targets(table(rows), TITLE, None)
    assert [(tt.region_as_printed, tt.funds.total) for tt in targets] == [("甲县", D(60)), ("乙县", D(40))]


def test_a_table_printing_no_level_takes_timeliness_from_a_time_limit() -> None:
    from parsers.target_levels import levels_from_names
    from pipeline.core.model import Indicator, Target, TargetTable

    def ind(name: str, value: str, level1: str | None = None) -> Indicator:
        return Indicator(level1=level1, level2=None, name=name, value=value, target=Target())

    t = TargetTable(attachment=1, kind="regional", year=None, region=None, region_as_printed=None, project=None,
                    unit=None,
                    funds=Funds(total=None), indicators=(
                        ind("资金拨付", "收到资金后30日内"), ind("群众知晓率", "≥90%"),
                        ind("资金下达", "每月10日前", level1="效益指标")))
    assert [(i.level1, i.level2) for i in levels_from_names(t).indicators] == [
        ("产出指标", "时效指标"), (None, None), ("效益指标", None),  # a printed 一级 that disagrees wins
    ]


def test_long_shape_printed_without_merged_cells() -> None:
    """The recipient and amount printed on the first of its indicator rows, the cells below left
    blank (not merged): the rows that start nothing outside the indicator block are its own."""
    rows = [
        ["学校", "金额", "一级指标", "二级指标", "三级指标", "指标值"],
        ["甲校", "16", "产出指标", "数量指标", "改造校舍面积", "≥500平方米"],
        ["", "", "", "质量指标", "验收合格率", "100%"],
        ["", "", "满意度指标", "服务对象满意度指标", "学生满意度", "≥90%"],
        ["乙校", "10", "产出指标", "数量指标", "改造校舍面积", "≥300平方米"],
        ["", "", "满意度指标", "服务对象满意度指标", "学生满意度", "≥90%"],
        ["合计", "26", "", "", "", ""],
    ]
    title = ("2020年某某补助资金安排及绩效目标表", "单位：万元")
    allocation, targets = parse_money_targets(table(rows), title, 1)
    assert [r.region_as_printed for r in allocation.rows] == ["甲校", "乙校", "合计"]
    assert [[(i.level1, i.name) for i in tt.indicators] for tt in targets] == [
        [("产出指标", "改造校舍面积"), ("产出指标", "验收合格率"), ("满意度指标", "学生满意度")],
        [("产出指标", "改造校舍面积"), ("满意度指标", "学生满意度")],
    ]


LONG_HEAD = ["学校", "金额", "一级指标", "二级指标", "三级指标", "指标值"]


def _long_over_a_page_break(repeat_header: bool) -> list[list[str]]:
    return [
        LONG_HEAD,
        ["甲校", "16", "产出指标", "数量指标", "改造校舍面积", "≥500平方米"],
        *([LONG_HEAD] if repeat_header else []),
        ["甲校", "", "满意度指标", "服务对象满意度指标", "学生满意度", "≥90%"],  # its name again, no amount
        ["乙校", "10", "产出指标", "数量指标", "改造校舍面积", "≥300平方米"],
        ["合计", "26", "", "", "", ""],
    ]


def test_long_shape_with_a_recipient_named_again_after_a_page_break() -> None:
    """A recipient's block broken by the page, its name printed again over the rest (and the
    header too, when the layout did not join the parts over it): one recipient, one table."""
    title = ("2020年某某补助资金安排及绩效目标表", "单位：万元")
    for repeat_header in (False, True):
        allocation, targets = parse_money_targets(table(_long_over_a_page_break(repeat_header)), title, 1)
        assert [(r.region_as_printed, r.values) for r in allocation.rows] == [
            ("甲校", (D(16),)), ("乙校", (D(10),)), ("合计", (D(26),)),
        ]
        assert [(tt.region_as_printed, [i.name for i in tt.indicators]) for tt in targets] == [
            ("甲校", ["改造校舍面积", "学生满意度"]), ("乙校", ["改造校舍面积"]),
        ]


def test_plain_tables_are_not_money_and_targets() -> None:
    alloc = table([["地区", "金额", "备注"], ["甲县", "10", ""], ["合计", "10", ""]])
    assert not is_money_targets(alloc, ("某某资金分配表",))
    regional = table([
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "人数", "≥5人"],
    ])
    assert not is_money_targets(regional, ("区域绩效目标表",))


# --- tables kept raw, forms, recipient columns -----------------------------------------


def _below(t: Table, dy: float) -> Table:
    """``t`` moved down the page by ``dy`` points (under the lines above it)."""
    def move(b: BBox) -> BBox:
        return BBox(b.x0, b.top + dy, b.x1, b.bottom + dy)

    return replace(t, cells=tuple(replace(c, bbox=move(c.bbox)) for c in t.cells), bbox=move(t.bbox))


def _notice_with(tbl: Table, title: str) -> Notice:
    return parse_notice(layout(
        line("某某县财政局文件", 100, align="centre", red=True),
        line("某财〔2021〕1号", 160, align="centre"),
        line("关于下达2021年某某资金的通知", 220, align="centre"),
        line("各乡镇：", 260),
        line("现下达资金10万元。", 290, indent=32),
        line("附件2", 80, page=2),
        line(title, 110, align="centre", page=2),
        _below(tbl, 150),
        pages=2,
    ))


def test_a_table_not_understood_is_kept_raw_and_flagged() -> None:
    odd = table([["因素", "权重", "说明"], ["人口", "高", "按户籍人口"], ["面积", "低", "按耕地面积"]], page=2)
    notice = _notice_with(odd, "资金分配因素说明表")
    (raw,) = notice.raw_tables
    assert raw.title == "资金分配因素说明表" and raw.attachment == 2 and raw.page == 2
    assert {c.text for c in raw.cells} >= {"因素", "按耕地面积"}
    flags = check_notice(notice)
    assert [f.code for f in flags if f.code == "TABLE_NOT_UNDERSTOOD"] == ["TABLE_NOT_UNDERSTOOD"]
    assert next(f for f in flags if f.code == "TABLE_NOT_UNDERSTOOD").severity == "warning"


def test_a_list_of_labels_to_fill_in_is_a_form() -> None:
    rows = [["乡镇、村", "任务内容", "完成时限", "责任单位"], ["甲镇甲村", "", "", ""], ["乙镇乙村", "", "", ""]]
    assert classify_table(table(rows)) == "form"
    notes = [["乡镇、村", "任务内容", "完成时限"], ["甲镇甲村", "修路", "年底"], ["乙镇乙村", "", ""]]
    assert classify_table(table(notes)) == "other"


def test_the_finest_region_column_names_the_recipient() -> None:
    rows = [["乡镇", "村", "项目", "金额"], ["甲乡", "东村", "修路", "8"], ["甲乡", "西村", "修桥", "7"],
            ["", "合计", "", "15"]]
    t = parse_allocation_table(table(rows), ("单位：万元",), 1)
    assert [(r.region_as_printed, dict(r.notes).get("乡镇")) for r in t.rows] == [
        ("东村", "甲乡"), ("西村", "甲乡"), ("合计", ""),
    ]


def test_a_category_column_is_never_the_recipient() -> None:
    rows = [["类别", "项目名称", "分配金额", "备注"], ["老年人福利类", "敬老院改造", "18", "6所"],
            ["^", "护理区建设", "40", ""], ["合计", "<", "58", ""]]
    t = parse_allocation_table(table(rows), ("单位：万元",), 1)
    assert [(r.region, dict(r.notes)["类别"]) for r in t.rows] == [
        ("敬老院改造", "老年人福利类"), ("护理区建设", "老年人福利类"), ("合计", ""),
    ]
    assert t.rows[-1].is_total


def test_district_column_over_project_rows() -> None:
    rows = [["区", "项目名称", "实施单位", "金额"], ["合计", "<", "<", "30"],
            ["甲区", "道路改造", "甲镇人民政府", "10"], ["^", "公厕改造", "乙镇人民政府", "20"]]
    t = parse_allocation_table(table(rows), ("单位：万元",), 1)
    assert [r.region_as_printed for r in t.rows] == ["合计", "甲区", "甲区"]
    assert dict(t.rows[1].notes) == {"项目名称": "道路改造", "实施单位": "甲镇人民政府"}


def test_a_title_wrapped_with_a_bracketed_tail() -> None:
    ctx = ("附件", "某财建〔2023〕21号2023年第一批经建专项补助资", "金明细表（总表不发区）", "单位：万元")
    assert title_from_context(ctx) == "某财建〔2023〕21号2023年第一批经建专项补助资金明细表（总表不发区）"
    assert title_from_context(("2020年某某资金（第二批）", "任务清单")) == "2020年某某资金（第二批）任务清单"


def test_titled_table_with_qualitative_target_columns() -> None:
    rows = [
        ["序号", "乡镇", "项目名称", "补助资金", "产业发展项目产出目标", "效益目标"],
        ["1", "甲镇", "田园风光建设项目", "50", "1个", "带动周边农户增收"],
    ]
    ctx = ("附件1", "2025年某某补助资金分配表和任务清单", "单位：万元")
    t = table(rows)
    assert is_money_targets(t, ctx)
    allocation, (only,) = parse_money_targets(t, ctx, 1)
    assert allocation.rows[0].values == (D(50),)
    assert dict(allocation.rows[0].notes) == {"项目名称": "田园风光建设项目"}
    assert [(i.level1, i.level2, i.value) for i in only.indicators] == [
        ("产出指标", "数量指标", "1个"),  # every value a count
        ("效益指标", "经济效益指标", "带动周边农户增收"),  # income words under a 效益 name
    ]
    # untitled, a qualitative column is a note, not a target
    assert not is_money_targets(t, ("附件1", "2025年某某补助资金分配表"))


def test_a_blank_target_form_is_a_form() -> None:
    blank = table([["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "", "", ""],
                   ["效益指标", "", "", ""], ["满意度指标", "", "", ""]], page=2)
    notice = _notice_with(blank, "2025年某某补助资金绩效目标表")
    assert notice.target_tables == ()
    assert [f.title for f in notice.forms] == ["2025年某某补助资金绩效目标表"]


def test_a_target_approval_form_with_projects_as_rows_is_a_form() -> None:
    """一级 categories as columns over project rows, nothing filled in: a form to fill."""
    blank = table([["项目名称", "产出指标", "效益指标", "满意度指标"], ["甲镇果酒酵母研发项目", "", "", ""],
                   ["乙镇果胶提取中试项目", "", "", ""], ["丙镇冷链仓储项目", "", "", ""]], page=2)
    notice = _notice_with(blank, "绩效目标审批表")
    assert notice.target_tables == ()
    assert [f.title for f in notice.forms] == ["绩效目标审批表"]
    assert "INDICATOR_LAYOUT_REPAIRED" not in [f.code for f in check_notice(notice)]
    filled = table([["项目名称", "产出指标", "效益指标", "满意度指标"], ["甲镇果酒酵母研发项目", "研发酵母1种", "增收", "≥90%"]],
                   page=2)
    assert len(_notice_with(filled, "绩效目标审批表").target_tables) == 1


def test_regions_as_columns_give_one_target_table_each() -> None:
    from parsers.target_matrix import split_target_matrix

    rows = [
        ["项目名称", "<", "某某经费补助", "<", "<"],
        ["一级指标", "二级指标", "三级指标", "指标解释", "区域目标值", "<"],
        ["^", "^", "^", "^", "新罗区", "永定区"],
        ["产出指标", "数量指标", "补助县数量", "反映补助县数量", "2", "3"],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "反映满意程度", ">=90%", ">=85%"],
    ]
    split = split_target_matrix(table(rows), ("专项转移支付绩效目标表", "（2023年度）"), 2)
    assert [(t.region_as_printed, t.funds.total, t.year) for t in split] == [
        ("新罗区", None, 2023), ("永定区", None, 2023),
    ]
    assert [(i.name, i.value, i.level2) for i in split[1].indicators] == [
        ("补助县数量", "3", "数量指标"), ("群众满意度", ">=85%", "服务对象满意度指标"),
    ]
    plain = [["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "人数", "5人"]]
    assert split_target_matrix(table(plain), (), 1) == ()


# A wide target table with the hierarchy in a THREE-row header (一级 > 二级 > 三级 name) and a
# recipient header the vocabulary does not name (项目单位): the labelled columns never name the rows.
LEVELLED = [
    ["项目单位", "补助金额", "产出指标", "<", "<", "效益指标", "<"],
    ["^", "^", "质量指标", "数量指标", "时效指标", "社会效益指标", "<"],
    ["^", "^", "资金合规率", "扶持村数", "资金使用率", "指标1：改善人居环境", "指标2：违规问题"],
    ["甲镇", "16", "100%", "2个", "100%", "有效改善", "0起"],
    ["乙乡", "8", "100%", "1个", "100%", "有效改善", "0起"],
    ["合计", "24", "", "", "", "", ""],
]


def test_three_row_level_header_with_an_unnamed_recipient_column() -> None:
    t = table(LEVELLED)
    context = ("附件3", "2020年某某专项资金绩效目标表")
    assert is_money_targets(t, context)
    allocation, targets = parse_money_targets(t, context, 3)
    assert allocation.columns == ("补助金额",)
    assert [(r.region_as_printed, r.values) for r in allocation.rows] == [
        ("甲镇", (D(16),)), ("乙乡", (D(8),)), ("合计", (D(24),)),
    ]
    assert [tt.region_as_printed for tt in targets] == ["甲镇", "乙乡"]
    assert [(i.name, i.level1, i.level2, i.value) for i in targets[0].indicators] == [
        ("资金合规率", "产出指标", "质量指标", "100%"),
        ("扶持村数", "产出指标", "数量指标", "2个"),
        ("资金使用率", "产出指标", "时效指标", "100%"),
        ("指标1：改善人居环境", "效益指标", "社会效益指标", "有效改善"),
        ("指标2：违规问题", "效益指标", "社会效益指标", "0起"),
    ]
    assert targets[1].funds.total == D(8)


def test_a_known_recipient_header_keeps_its_roles() -> None:
    """With a recipient header the vocabulary knows (地区) the roles need no second reading."""
    rows = [["地区" if i == 0 and r == 0 else c for i, c in enumerate(row)] for r, row in enumerate(LEVELLED)]
    allocation, targets = parse_money_targets(table(rows), ("2020年某某专项资金绩效目标表",), None)
    assert [r.region_as_printed for r in allocation.rows] == ["甲镇", "乙乡", "合计"]
    assert len(targets[0].indicators) == 5
