"""绩效目标表 parsing (parsers/targets.py) and hierarchy repair (parsers/target_hierarchy.py)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.allocation import parse_allocation_table
from parsers.forms import parse_form
from parsers.tablegrid import compact
from parsers.targets import classify_table, parse_target_table, repair_target_tables
from pipeline.core.model import Funds, TargetTable
from tests.tablebuilder import from_tsv, table

D = Decimal
DATA = Path(__file__).parent / "data"
REGIONAL = "中央对地方转移支付区域绩效目标表"

# The hierarchy the Ministry's rules give each indicator of seed 002.
OUT, BEN, SAT = "产出指标", "效益指标", "满意度指标"
SEED002_TRUTH = {
    "低保对象人数": (OUT, "数量指标"),
    "临时救助人次": (OUT, "数量指标"),
    "求助的流浪乞讨人员救助率": (OUT, "数量指标"),
    "孤儿、艾滋病病毒感染儿童、生活困难家庭中的和纳入特困人员救助供养范围的事实无人抚养儿童纳入保障范围率": (
        OUT,
        "数量指标",
    ),
    "农村留守儿童、困境儿童纳入监测范围率": (OUT, "数量指标"),
    "城乡低保标准": (OUT, "质量指标"),
    "城乡特困人员救助供养标准": (OUT, "质量指标"),
    "临时救助水平": (OUT, "质量指标"),
    "建立社会救助家庭居民经济状况核对机制的县（市、区）比例": (OUT, "质量指标"),
    "孤儿、艾滋病病毒感染儿童、事实无人抚养儿童认定准确率": (OUT, "质量指标"),
    "向本行政区域县级以上各级财政部门下达中央财政困难群众救助补助资金": (OUT, "时效指标"),
    "困难群众基本生活救助和孤儿基本生活费按时发放率": (OUT, "时效指标"),
    "受助人员救助情况当日录入全国救助管理信息系统率": (OUT, "时效指标"),
    "困难群众生活水平情况": (BEN, "社会效益指标"),
    "帮助查明身份滞留流浪乞讨人员返乡情况": (BEN, "社会效益指标"),
    "为自愿前来救助站或由公安等部门护送至救助站的传销解救人员、打拐解救人员、家暴受害者等提供临时救助服务率": (
        BEN,
        "社会效益指标",
    ),
    "救助对象对社会救助实施的满意度": (SAT, "服务对象满意度指标"),
}
TRUTH_BY_KEY = {compact(k): v for k, v in SEED002_TRUTH.items()}


def seed002_blocks() -> list[tuple[str, str]]:
    text = (DATA / "seed002_targets.txt").read_text(encoding="utf-8")
    out = []
    for block in text.split("---\n")[1:]:
        subtitle, rows = block.split("\n", 1)
        out.append((subtitle, rows))
    return out


def parse_seed002() -> list[TargetTable]:
    return [
        parse_target_table(from_tsv(rows), (REGIONAL, subtitle), 3)
        for subtitle, rows in seed002_blocks()
    ]


def test_seed002_has_eight_layouts() -> None:
    assert len(seed002_blocks()) == 8


@pytest.mark.parametrize("index", range(8))
def test_seed002_table_header_fields(index: int) -> None:
    subtitle, rows = seed002_blocks()[index]
    t = from_tsv(rows)
    assert classify_table(t, (REGIONAL, subtitle)) == "targets"
    tt = parse_target_table(t, (REGIONAL, subtitle), 3)
    assert tt.kind == "regional"
    assert tt.year == 2022
    assert tt.attachment == 3
    assert tt.project == "困难群众救助补助资金"
    assert tt.unit == "万元"
    assert tt.region_as_printed == subtitle.strip("()")[5:]
    assert tt.funds.total is not None
    assert tt.funds.breakdown == (("中央财政补助", tt.funds.total), ("地方资金", None))
    names = {compact(i.name) for i in tt.indicators}
    assert names <= set(TRUTH_BY_KEY)
    assert len(names) >= 16
    assert all(i.value for i in tt.indicators)
    assert all(i.period == "annual" for i in tt.indicators)


def test_seed002_regions_canonical() -> None:
    tables = parse_seed002()
    regions = [(t.region, t.region_as_printed) for t in tables]
    assert regions[0] == ("昌吉回族自治州", "昌吉州")
    assert regions[-1] == ("木垒哈萨克自治县", "木垒县")
    assert tables[0].funds == Funds(D(11438), (("中央财政补助", D(11438)), ("地方资金", None)))
    assert tables[-1].funds.total == D(2030)


def test_seed002_all_eight_layouts_repaired_together() -> None:
    repaired = repair_target_tables(tuple(parse_seed002()))
    assert len(repaired) == 8
    for t in repaired:
        for ind in t.indicators:
            assert (ind.level1, ind.level2) == TRUTH_BY_KEY[compact(ind.name)], (
                t.region_as_printed,
                ind.name,
            )
        assert t.layout_repaired, t.region_as_printed


def test_seed002_values_and_targets() -> None:
    t = parse_seed002()[0]
    by_name = {i.name: i for i in t.indicators}
    rate = by_name["农村留守儿童、困境儿童纳入监测范围率"]
    assert rate.value == "≥85%"
    assert (rate.target.op, rate.target.number, rate.target.unit) == (">=", D(85), "%")
    qualitative = by_name["低保对象人数"]
    assert (qualitative.value, qualitative.target.op) == ("应保尽保", None)
    # 奇台县 prints "≥ 90%": the value loses its layout whitespace
    qitai = parse_seed002()[6]
    assert any(i.value == "≥90%" for i in qitai.indicators)


def test_seed002_changjizhou_alone_level1_from_level2() -> None:
    """昌吉州 prints 效益指标 beside 时效指标: the 一级 follows the 二级."""
    t = parse_seed002()[0]
    by_name = {i.name: i for i in t.indicators}
    timely = by_name["困难群众基本生活救助和孤儿基本生活费按时发放率"]
    assert (timely.level1, timely.level2) == (OUT, "时效指标")
    assert timely.level1_as_printed == "效益指标"
    assert t.layout_repaired


def test_seed002_changjishi_alone_keeps_its_reading() -> None:
    """昌吉市 lacks 数量指标: alone, its first rows have no 二级."""
    t = parse_seed002()[3]
    (alone,) = repair_target_tables((t,))
    first = alone.indicators[0]
    assert (first.level1, first.level2) == (OUT, None)
    assert first.level2_as_printed is None
    assert alone.layout_repaired


def test_seed002_jimusaer_label_in_wrong_column() -> None:
    t = parse_seed002()[5]
    first = t.indicators[0]
    assert (first.level1, first.level2) == (OUT, "数量指标")
    assert first.level1_as_printed is None
    assert t.layout_repaired


def test_seed002_hutubi_trailing_labels_belong_to_last_indicator() -> None:
    t = parse_seed002()[2]
    last = t.indicators[-1]
    assert last.name == "救助对象对社会救助实施的满意度"
    assert (last.level1, last.level2) == (SAT, "服务对象满意度指标")


def test_seed002_pairs_repair() -> None:
    """Any two tables with a correct one fix the other's shifted labels."""
    tables = parse_seed002()
    pair = repair_target_tables((tables[1], tables[7]))  # 玛纳斯县 + 木垒县
    # 3 readings would be needed for a majority; 2 disagreeing ones tie, and the
    # tie goes to the reading that agrees with its own printed labels
    mulei = {i.name: i for i in pair[1].indicators}
    assert (mulei["城乡低保标准"].level1, mulei["城乡低保标准"].level2) == (OUT, "质量指标")
    assert mulei["困难群众生活水平情况"].level2 == "社会效益指标"


# --- a regional table with proper merged cells ---------------------------------------------

MERGED = [
    ["项目名称", "<", "耕地地力保护补贴", "<", "<"],
    ["资金情况（万元）", "<", "下达资金总额：", "<", "500"],
    ["^", "^", "其中：中央财政补助", "<", "450"],
    ["^", "^", "地方资金", "<", "50"],
    ["年度总体目标", "稳定耕地地力", "<", "<", "<"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
    ["^", "产出指标", "数量指标", "补贴面积", "≥120万亩"],
    ["^", "^", "^", "补贴农户数", "≥3万户"],
    ["^", "^", "质量指标", "补贴发放准确率", "100%"],
    ["^", "^", "时效指标", "资金兑付时间", "6月底前"],
    ["^", "效益指标", "经济效益指标", "亩均增收", ">=50元"],
    ["^", "^", "生态效益指标", "耕地质量", "稳中有升"],
    ["^", "满意度指标", "服务对象满意度指标", "农户满意度", "≥ 90%"],
]


def test_merged_regional_table_is_clean() -> None:
    context = (REGIONAL, "（2021年湘西州）")
    tt = parse_target_table(table(MERGED), context, 2)
    assert (tt.year, tt.region, tt.region_as_printed) == (2021, "湘西土家族苗族自治州", "湘西州")
    assert tt.project == "耕地地力保护补贴"
    assert tt.funds == Funds(D(500), (("中央财政补助", D(450)), ("地方资金", D(50))))
    levels = [(i.name, i.level1, i.level2) for i in tt.indicators]
    assert levels == [
        ("补贴面积", OUT, "数量指标"),
        ("补贴农户数", OUT, "数量指标"),
        ("补贴发放准确率", OUT, "质量指标"),
        ("资金兑付时间", OUT, "时效指标"),
        ("亩均增收", BEN, "经济效益指标"),
        ("耕地质量", BEN, "生态效益指标"),
        ("农户满意度", SAT, "服务对象满意度指标"),
    ]
    assert tt.indicators[-1].value == "≥90%"
    assert not tt.layout_repaired
    (same,) = repair_target_tables((tt,))
    assert not same.layout_repaired
    assert tt.indicators[0].prov.bbox is not None


def _shifted(rows: list[list[str]], *, drop_level2: bool = False) -> list[list[str]]:
    """The MERGED indicator rows flattened with every label one row lower (a
    text extraction of vertically merged cells): the last labels end on a
    row of their own. With ``drop_level2`` the 二级 column is empty."""
    out = [r[:] for r in rows[:6]]
    body = rows[6:]
    labels1 = [""] + [r[1] if r[1] != "^" else "" for r in body]
    labels2 = [""] + [r[2] if r[2] != "^" and not drop_level2 else "" for r in body]
    for i in range(len(body) + 1):
        name, value = (body[i][3], body[i][4]) if i < len(body) else ("", "")
        out.append(["", labels1[i], labels2[i], name, value])
    return out


def test_other_province_shifted_layouts_repaired_by_consensus() -> None:
    clean = parse_target_table(table(MERGED), (REGIONAL, "（2021年湘西州）"), 2)
    clean2 = parse_target_table(table(MERGED), (REGIONAL, "（2021年吉首市）"), 2)
    shifted = parse_target_table(table(_shifted(MERGED)), (REGIONAL, "（2021年泸溪县）"), 2)
    no_l2 = parse_target_table(
        table(_shifted(MERGED, drop_level2=True)), (REGIONAL, "（2021年凤凰县）"), 2
    )
    # alone, the shifted table reads 亩均增收 under the 时效指标 printed above it
    alone = {i.name: i for i in shifted.indicators}
    assert (alone["亩均增收"].level1, alone["亩均增收"].level2) == (OUT, "时效指标")
    assert (alone["补贴面积"].level1, alone["补贴面积"].level2) == (None, None)
    assert shifted.layout_repaired
    out = repair_target_tables((clean, shifted, no_l2, clean2))
    expected = [(i.name, i.level1, i.level2) for i in clean.indicators]
    for t in out:
        assert [(i.name, i.level1, i.level2) for i in t.indicators] == expected
    assert [t.layout_repaired for t in out] == [False, True, True, False]
    fixed = {i.name: i for i in out[1].indicators}
    assert fixed["亩均增收"].level2_as_printed == "时效指标"  # as printed is kept


def test_uncertain_level_names_stay_as_printed() -> None:
    rows = [
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["项目完成指标", "数量指标", "新建校舍", "2所"],
        ["^", "^", "改造面积", "≥3000平方米"],
        ["项目效益指标", "", "学生受益", "有所提升"],
    ]
    tt = parse_target_table(table(rows), ("专项资金绩效目标表", "(2021年度)"), 1)
    first, _, last = tt.indicators
    assert (first.level1, first.level2, first.level1_as_printed) == (OUT, "数量指标", "项目完成指标")
    assert (last.level1, last.level2, last.level1_as_printed) == (None, None, "项目效益指标")
    assert tt.year == 2021 and tt.region is None


def test_labels_with_scores_and_duplicated_column() -> None:
    rows = [
        ["一级指标", "二级指标", "", "三级指标", "指标值", "分值"],
        ["产出指标(50分)", "数量指标", "数量指标", "培训人次", "≥200人次", "20"],
        ["^", "质量指标★", "质量指标", "合格率", "≥95%", "30"],
        ["满意度指标(10分)", "满意度", "满意度", "学员满意度", "≥90%", "10"],
    ]
    tt = parse_target_table(table(rows), (), None)
    assert [(i.level1, i.level2, i.value) for i in tt.indicators] == [
        (OUT, "数量指标", "≥200人次"),
        (OUT, "质量指标", "≥95%"),
        (SAT, "服务对象满意度指标", "≥90%"),
    ]
    assert tt.layout_repaired  # labels duplicated into an extra column


def test_tie_keeps_each_tables_reading() -> None:
    a = [
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "培训人次", "200人次"],
    ]
    b = [
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "质量指标", "培训人次", "200人次"],
    ]
    ta = parse_target_table(table(a), (), 1)
    tb = parse_target_table(table(b), (), 1)
    ra, rb = repair_target_tables((ta, tb))
    assert ra.indicators[0].level2 == "数量指标"
    assert rb.indicators[0].level2 == "质量指标"


# --- the project form (seed 000) --------------------------------------------------------

SEED000 = [
    ["项目名称", "<", "困难群众救助补助资金", "<", "<", "<", "<", "<"],
    ["预算单位", "<", "库尔勒经济技术开发区社会发展局", "<", "<", "<", "<", "<"],
    ["项目类型", "<", "产业发展 ☐", "民生保障 ☑", "<", "基础设施 ☐", "<", "行政运行 ☐"],
    ["项目概况", "中长期规划（名称、文号，仅指常年项目）", "<", "做好日常社会救助工作", "<", "<", "<", "<"],
    ["^", "绩效分配方式", "<", "因素法 ☐ 项目法 ☐ 据实据效 ☑ 因素法与项目法相结合 ☐", "<", "<", "<", "<"],
    ["^", "项目起止年限", "<", "2020-01-01-2020-12-31", "<", "<", "<", "<"],
    ["项目资金（万元）", "<", "中期资金总额：", "8", "<", "年度资金总额：", "8", "<"],
    ["^", "^", "其中：财政拨款", "0.00", "<", "其中：财政拨款", "0.00", "<"],
    ["^", "^", "其他资金", "0.00", "<", "其他资金", "0.00", "<"],
    ["中期目标（2020年—2020年）", "<", "<", "<", "<", "年度目标（2020年—2020年）", "<", "<"],
    ["总体目标", "建立起资金来源稳定", "<", "<", "<", "建立起资金来源稳定", "<", "<"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"],
    ["^", "产出指标", "数量指标", "低保、特困享受人数", "≥50人", "数量指标", "低保、特困享受人数", "≥50人"],
    ["^", "^", "^", "社会救助享受人数", "≥300人", "^", "社会救助享受人数", "≥300人"],
    ["^", "^", "质量指标", "社会救助政策知晓人数", "≥99%", "质量指标", "社会救助政策知晓人数", "≥99%"],
    ["^", "^", "时效指标", "社会救助资金完成时限", "2020年12月1日前", "时效指标", "社会救助资金完成时限", "2020年12月1日前"],
    ["^", "^", "成本指标", "社会救助资金总额", "8万元", "成本指标", "社会救助资金总额", "8万元"],
    ["^", "效益指标", "社会效益指标", "困难群众家庭帮扶率", "≥95%", "社会效益指标", "困难群众家庭帮扶率", "≥95%"],
    ["^", "满意度指标", "服务对象满意度指标", "困难群众满意度", "≥99%", "服务对象满意度指标", "困难群众满意度", "≥99%"],
]
SEED000_CONTEXT = ("专项预算项目支出绩效目标表", "(2020年度)")
SEED000_LEVELS = [
    (OUT, "数量指标"),
    (OUT, "数量指标"),
    (OUT, "质量指标"),
    (OUT, "时效指标"),
    (OUT, "成本指标"),
    (BEN, "社会效益指标"),
    (SAT, "服务对象满意度指标"),
]

# The same indicator block as text extraction flattens it (seed 000's transcription).
SEED000_FLAT = """
\t一级指标\t二级指标\t三级指标\t指标值\t二级指标\t三级指标\t指标值\t
绩效指标\t产出指标\t数量指标\t低保、特困享受人数\t≥50人\t数量指标\t低保、特困享受人数\t≥50人\t
\t\t\t社会救助享受人数\t≥300人\t\t社会救助享受人数\t≥300人\t
\t\t质量指标\t社会救助政策知晓人数\t≥99%\t质量指标\t社会救助政策知晓人数\t≥99%\t
\t时效指标\t社会救助资金完成时限\t2020年12月1日前\t时效指标\t社会救助资金完成时限\t2020年12月1日前\t\t
\t\t成本指标\t社会救助资金总额\t\t8万元\t成本指标\t社会救助资金总额\t8万元
效益指标\t社会效益指标\t困难群众家庭帮扶率\t≥95%\t社会效益指标\t困难群众家庭帮扶率\t≥95%\t\t
满意度指标\t服务对象满意度指标\t困难群众满意度\t≥99%\t服务对象满意度指标\t困难群众满意度\t≥99%\t\t
"""


def test_seed000_project_table() -> None:
    t = table(SEED000, page=2)
    assert classify_table(t, SEED000_CONTEXT) == "targets"
    tt = parse_target_table(t, SEED000_CONTEXT, None)
    assert (tt.kind, tt.year, tt.region, tt.project, tt.unit, tt.page) == (
        "project",
        2020,
        None,
        "困难群众救助补助资金",
        "万元",
        2,
    )
    split = (("财政拨款", D("0.00")), ("其他资金", D("0.00")))
    assert tt.funds == Funds(D(8), split)
    assert tt.funds_midterm == Funds(D(8), split)
    assert tt.options == (("项目类型", "民生保障"), ("绩效分配方式", "据实据效"))
    mid = [i for i in tt.indicators if i.period == "midterm"]
    annual = [i for i in tt.indicators if i.period == "annual"]
    assert len(mid) == len(annual) == 7
    assert [(i.level1, i.level2) for i in mid] == SEED000_LEVELS
    assert [(i.level1, i.level2) for i in annual] == SEED000_LEVELS
    assert [i.name for i in mid] == [i.name for i in annual]
    cost = mid[4]
    assert (cost.value, cost.target.op, cost.target.number, cost.target.unit) == (
        "8万元",
        "=",
        D(8),
        "万元",
    )
    assert not tt.layout_repaired


def test_seed000_flattened_halves_split_by_tokens() -> None:
    tt = parse_target_table(from_tsv(SEED000_FLAT), SEED000_CONTEXT, None)
    assert tt.kind == "project"
    mid = [i for i in tt.indicators if i.period == "midterm"]
    annual = [i for i in tt.indicators if i.period == "annual"]
    assert [(i.level1, i.level2) for i in mid] == SEED000_LEVELS
    assert [(i.level1, i.level2) for i in annual] == SEED000_LEVELS
    assert [i.value for i in mid] == [i.value for i in annual]
    assert mid[4].value == "8万元"
    assert tt.layout_repaired  # 时效指标 printed in the 一级 column


def test_project_halves_differ_and_annual_first() -> None:
    rows = [
        ["年度目标", "<", "<", "<", "中期目标", "<", "<"],
        ["一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "新增床位", "20张", "数量指标", "新增床位", "100张"],
        ["^", "时效指标", "完工时间", "", "时效指标", "完工时间", "2025年底"],
    ]
    tt = parse_target_table(table(rows), ("项目支出绩效目标表",), 1)
    annual = [(i.name, i.value) for i in tt.indicators if i.period == "annual"]
    mid = [(i.name, i.value) for i in tt.indicators if i.period == "midterm"]
    assert annual == [("新增床位", "20张"), ("完工时间", "")]
    assert mid == [("新增床位", "100张"), ("完工时间", "2025年底")]
    assert tt.indicators[0].period == "annual"  # the left half first


def test_funds_in_one_row_and_missing_block() -> None:
    rows = [
        ["项目名称", "某某资金"],
        ["资金情况（万元）", "年度资金总额", "120", "其中：中央补助", "100", "地方资金", ""],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "受益人数", "≥50人"],
    ]
    tt = parse_target_table(table(rows), (REGIONAL,), 3)
    assert tt.funds == Funds(D(120), (("中央补助", D(100)), ("地方资金", None)))
    assert tt.funds_midterm is None
    bare = parse_target_table(table(rows[2:]), (), 3)
    assert bare.funds == Funds(None) and bare.project is None and bare.unit is None


def test_subtitle_variants_and_region_cell() -> None:
    rows = [
        ["地区", "凤凰县"],
        ["一级指标", "二级指标", "三级指标", "年度指标值"],
        ["产出指标", "数量指标", "受益人数", "≥50人"],
        ["一级指标", "二级指标", "三级指标", "年度指标值"],  # repeated after a page break
        ["效益指标", "社会效益指标", "生活改善", "有所提升"],
    ]
    tt = parse_target_table(table(rows), (REGIONAL, "(凤凰县 2021年度)"), 1)
    assert (tt.year, tt.region_as_printed) == (2021, "凤凰县")
    assert [i.name for i in tt.indicators] == ["受益人数", "生活改善"]
    bare = parse_target_table(table(rows), (REGIONAL,), 1)
    assert (bare.year, bare.region, bare.region_as_printed) == (None, "凤凰县", "凤凰县")


def test_name_that_reads_as_a_label_and_unknown_labels() -> None:
    rows = [
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "培训人次", "≥200人次"],
        ["满意度指标", "服务对象满意度指标", "满意度", "≥90%"],
        ["产岀指标", "时效指标", "完成时间", "年底前"],  # OCR: 岀 for 出
        ["项目推进指标", "", "开工率", "100%"],
    ]
    tt = parse_target_table(table(rows), (), 1)
    got = [(i.name, i.value, i.level1, i.level2) for i in tt.indicators]
    assert got == [
        ("培训人次", "≥200人次", OUT, "数量指标"),
        ("满意度", "≥90%", SAT, "服务对象满意度指标"),
        ("完成时间", "年底前", OUT, "时效指标"),  # the 二级 decides
        ("开工率", "100%", None, None),  # unknown 一级: kept as printed only
    ]
    assert tt.indicators[3].level1_as_printed == "项目推进指标"


# --- never raises on arbitrary grids ---------------------------------------------------



_WORDS = st.sampled_from(
    [
        "", "", "^", "<", "合计", "其中：", "一级指标", "三级指标", "指标值", "产出指标", "数量指标",
        "满意度", "社会效益", "≥90%", "应保尽保", "11438", "-20", "0.00", "昌吉州", "木垒县",
        "单位名称", "序号", "1", "2", "备注", "资金情况（万元）", "下达资金总额：", "民生保障 ☑",
        "中期资金总额：", "年度资金总额：", "二级指标", "项目名称", "…", "—",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_WORDS, min_size=1, max_size=6), min_size=1, max_size=8))
def test_parsers_never_raise(rows: list[list[str]]) -> None:
    width = max(len(r) for r in rows)
    grid = [r + [""] * (width - len(r)) for r in rows]
    # the builder needs rectangles: drop merge marks that would not make one
    grid = [["" if v in "^<" else v for v in r] for r in grid] if _ragged(grid) else grid
    t = table(grid)
    context = ("某某表", "(2022年昌吉州)", "单位：万元")
    assert classify_table(t, context) in ("allocation", "targets", "form", "other")
    parse_allocation_table(t, context, 1)
    tt = parse_target_table(t, context, 1)
    repair_target_tables((tt, tt))
    parse_form(t, context, 1)


def _ragged(grid: list[list[str]]) -> bool:
    try:
        table(grid)
    except (ValueError, KeyError):
        return True
    return False


# --- OCR: a dropped tick, funds read by the amount grammar ------------------------------


def _ocr_project(options: str, funds: tuple[str, str, str] = ("8", "0.00", "0.00"), *, confidence: float | None = 0.95) -> TargetTable:
    total, grant, other = funds
    rows = [
        ["项目名称", "<", "困难群众救助补助资金", "<", "<", "<"],
        ["项目类型", "<", options, "<", "<", "<"],
        ["项目资金（万元）", "<", "中期资金总额：", total, "年度资金总额：", total],
        ["^", "^", "其中：财政拨款", grant, "其中：财政拨款", grant],
        ["^", "^", "其他资金", other, "其他资金", other],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", ""],
        ["^", "产出指标", "数量指标", "低保、特困享受人数", "≥50人", ""],
    ]
    return parse_target_table(table(rows, page=3, confidence=confidence), SEED000_CONTEXT, None)


def test_ocr_dropped_tick_is_inferred_and_marked() -> None:
    tt = _ocr_project("产业发展□民生保障基础设施□行政运行□")
    assert tt.options == (("项目类型", "民生保障"),)
    ((label, prov),) = tt.option_provs
    assert label == "项目类型" and prov.repaired_from == "产业发展□民生保障基础设施□行政运行□"
    assert prov.page == 3 and prov.confidence is not None and prov.confidence <= 0.5


def test_ocr_tick_read_is_clean_and_two_lost_is_undecided() -> None:
    tt = _ocr_project("产业发展□民生保障☑ 基础设施□ 行政运行□")
    assert tt.options == (("项目类型", "民生保障"),)
    assert tt.option_provs[0][1].repaired_from is None and tt.option_provs[0][1].confidence == 0.95
    lost = _ocr_project("产业发展□民生保障基础设施□行政运行")
    assert lost.options == ()
    assert lost.option_provs[0][1].repaired_from == "产业发展□民生保障基础设施□行政运行"


def test_text_layer_options_and_funds_are_read_as_printed() -> None:
    tt = _ocr_project("产业发展□民生保障基础设施□行政运行□", ("1,208", "1.200", "8"), confidence=None)
    assert tt.options == () and tt.option_provs == ()
    assert tt.funds == Funds(D(1208), (("财政拨款", D("1.200")), ("其他资金", D(8))))
    assert tt.funds.provs == ()


def test_ocr_funds_repaired_by_the_amount_grammar() -> None:
    tt = _ocr_project("产业发展□民生保障☑基础设施□行政运行□", ("1,208", "1.200", "8"))
    for funds in (tt.funds, tt.funds_midterm):
        assert funds is not None
        assert (funds.total, funds.breakdown) == (D(1208), (("财政拨款", D(1200)), ("其他资金", D(8))))
        assert [p.repaired_from for p in funds.provs] == [None, "1.200", None]
        assert funds.provs[1].confidence is not None and funds.provs[1].confidence <= 0.5
        assert funds.provs[0].confidence == 0.95 and funds.provs[0].page == 3


def test_ocr_funds_undecided_amount_settled_by_the_sum() -> None:
    # the cells disagree on the decimals: 12.345 is 12.345 or 12345; the 其中 sum decides
    tt = _ocr_project("产业发展☑民生保障□", ("12.345", "12,000", "345.0"))
    assert tt.funds.total == D(12345)
    assert [p.repaired_from for p in tt.funds.provs] == ["12.345", None, None]
    # nothing decides: kept as printed, still marked
    kept = _ocr_project("产业发展☑民生保障□", ("12.345", "12.3", "0.5"))
    assert kept.funds.total == D("12.345") and kept.funds.provs[0].repaired_from == "12.345"
    clean = _ocr_project("产业发展☑民生保障□", ("8", "0.00", "0.00"))
    assert clean.funds == Funds(D(8), (("财政拨款", D("0.00")), ("其他资金", D("0.00"))), clean.funds.provs)
    assert all(p.repaired_from is None for p in clean.funds.provs)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet="产业发展民生保障基础设施行政运行", min_size=4, max_size=4), min_size=4, max_size=6, unique=True),
    st.integers(min_value=0, max_value=5),
)
def test_ocr_dropped_tick_any_label_any_position(labels: list[str], pos: int) -> None:
    k = pos % len(labels)
    printed = "".join(lab + ("" if i == k else "□") for i, lab in enumerate(labels))
    tt = _ocr_project(printed)
    assert tt.options == (("项目类型", labels[k]),)
    assert tt.option_provs[0][1].repaired_from == printed
    digital = _ocr_project(printed, confidence=None)
    assert digital.options == () and digital.option_provs == ()


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=0, max_value=10**7),
    st.integers(min_value=0, max_value=10**7),
    st.integers(min_value=0, max_value=2),
)
def test_ocr_funds_grouping_lost_is_repaired_and_marked(grant: int, other: int, which: int) -> None:
    """Integer funds printed with thousands separators: OCR reads them as a
    text layer does; a comma read as a point in one cell (any of the three)
    is repaired to the printed amount and marked; a text layer is untouched."""
    printed = [f"{grant + other:,}", f"{grant:,}", f"{other:,}"]
    values = [D(grant + other), D(grant), D(other)]
    tt = _ocr_project("产业发展☑民生保障□", (printed[0], printed[1], printed[2]))
    assert (tt.funds.total, [v for _, v in tt.funds.breakdown]) == (values[0], values[1:])
    assert all(p.repaired_from is None for p in tt.funds.provs)
    if "," not in printed[which]:
        return
    misread = list(printed)
    misread[which] = printed[which].replace(",", ".")
    bad = _ocr_project("产业发展☑民生保障□", (misread[0], misread[1], misread[2]))
    assert (bad.funds.total, [v for _, v in bad.funds.breakdown]) == (values[0], values[1:])
    assert [p.repaired_from for p in bad.funds.provs] == [misread[which] if i == which else None for i in range(3)]
    digital = _ocr_project("产业发展☑民生保障□", (misread[0], misread[1], misread[2]), confidence=None)
    assert digital.funds.provs == ()


def test_a_region_several_divisions_bear_alone_in_brackets_under_the_title() -> None:
    """朝阳区 names a district of two cities (it resolves to neither alone): printed in brackets
    under the title it is still the table's region; a bracketed word that names none is not."""
    from parsers.target_region import _subtitle

    assert _subtitle(["某某资金区域绩效目标表", "（朝阳区）"]) == (None, "朝阳区")
    assert _subtitle(["某某资金区域绩效目标表", "（暂行）"]) == (None, None)
    rows = [
        ["项目名称", "某某资金", "<", "<"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "建设数量", "≥1个"],
    ]
    parsed = parse_target_table(table(rows), ("附件2", "某某资金区域绩效目标表", "（朝阳区）"), 2)
    assert (parsed.region, parsed.region_as_printed) == ("朝阳区", "朝阳区")


def test_the_kind_is_read_from_the_form_not_the_title() -> None:
    """A regional form (funds, indicator rows, no 中期 half, no 项目类型 boxes) titled
    …项目支出绩效目标表 is regional; the project form's 中期 half makes a project table."""
    regional = [
        ["项目名称", "某某校区建设项目", "<", "<"],
        ["资金情况", "年度资金总额", "<", "100"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "建筑面积", "≥3万平方米"],
    ]
    title = ("附件", "某某校区建设项目支出绩效目标表", "（2023年度）")
    assert parse_target_table(table(regional), title, None).kind == "regional"
    project = [
        ["项目名称", "某某校区建设项目", "<", "<"],
        ["项目资金", "中期资金总额", "<", "300"],
        ["^", "年度资金总额", "<", "100"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "建筑面积", "≥3万平方米"],
    ]
    assert parse_target_table(table(project), title, None).kind == "project"
