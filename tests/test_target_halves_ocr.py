"""A project target table read by OCR, its 中期 and 年度 halves side by side: the halves' split
from their own 中期目标 / 年度目标 line when a header word lost a character (``级指标``), and a
``>`` where the other half prints the same indicator ``≥`` (parsers/target_blocks.py,
parsers/target_hierarchy.py, parsers/targets.py)."""

from __future__ import annotations

from parsers.tablegrid import build_grid
from parsers.target_blocks import period_line_split
from parsers.targets import other_half_sign, parse_target_table, repair_ocr_indicators
from pipeline.core.model import Indicator, Target
from tests.tablebuilder import table

HEAD = [
    ["项目名称", "<", "园区奖励资金", "<", "<", "<", "<", "<"],
    ["项目类型", "<", "产业发展☑民生保障☐", "<", "<", "<", "<", "<"],
    ["中期目标（2024年—2025年）", "<", "<", "<", "<", "年度目标（2024年）", "<", "<"],
    ["总体目标", "完善园区基础设施", "<", "<", "<", "实施配套设施提升项目", "<", "<"],
]


def _rows(second_level2: str, last_value: str = "≥90%") -> list[list[str]]:
    return [
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", second_level2, "三级指标", "指标值"],
        ["^", "产出指标", "数量指标", "新引进产业项目数", "≥10个", "数量指标", "新引进产业项目数", "≥5个"],
        ["^", "满意度指标", "服务对象满意度指标", "入园企业满意度", "≥90%", "服务对象满意度指标",
         "入园企业满意度", last_value],
    ]


CONTEXT = ("专项预算项目支出绩效目标表", "（2024年度）")


def _periods(rows: list[list[str]]) -> list[tuple[str, str]]:
    t = parse_target_table(table(HEAD + rows, confidence=0.99), CONTEXT, 1)
    return [(i.period, i.value) for i in t.indicators]


def test_the_halves_split_where_their_target_line_says() -> None:
    grid = build_grid(table(HEAD + _rows("二级指标")))
    assert period_line_split(grid, 4) == (5, ("midterm", "annual"))


def test_a_header_word_short_of_a_character_moves_no_half() -> None:
    want = [("midterm", "≥10个"), ("midterm", "≥90%"), ("annual", "≥5个"), ("annual", "≥90%")]
    assert _periods(_rows("二级指标")) == want
    assert _periods(_rows("级指标")) == want  # OCR lost the thin 二


def test_the_annual_half_printed_first() -> None:
    head = [*HEAD[:2], ["年度目标（2024年）", "<", "<", "<", "<", "中期目标（2024年—2025年）", "<", "<"], HEAD[3]]
    grid = build_grid(table(head + _rows("级指标")))
    assert period_line_split(grid, 4) == (5, ("annual", "midterm"))


def test_no_target_line_no_split_from_it() -> None:
    grid = build_grid(table([HEAD[0], *_rows("二级指标")]))
    assert period_line_split(grid, 1) is None


def _ind(name: str, value: str, period: str) -> Indicator:
    return Indicator("满意度指标", None, name, value, Target(), period=period)  # type: ignore[arg-type]


def test_a_barless_sign_takes_the_other_halfs() -> None:
    mid = _ind("入园企业满意度", "≥90%", "midterm")
    assert other_half_sign(">90%", "入园企业满意度", "annual", [mid]) == "≥90%"
    assert other_half_sign(">90%", "入园企业满意度", "annual", [_ind("入园企业满意度", ">=90%", "midterm")]) == ">=90%"


def test_no_sign_from_another_figure_name_or_the_same_half() -> None:
    assert other_half_sign(">90%", "入园企业满意度", "annual", [_ind("入园企业满意度", "≥95%", "midterm")]) is None
    assert other_half_sign(">90%", "入园企业满意度", "annual", [_ind("群众满意度", "≥90%", "midterm")]) is None
    assert other_half_sign(">90%", "入园企业满意度", "annual", [_ind("入园企业满意度", "≥90%", "annual")]) is None
    assert other_half_sign("90%", "入园企业满意度", "annual", [_ind("入园企业满意度", "≥90%", "midterm")]) is None


def test_the_repair_is_marked_and_the_text_layer_kept() -> None:
    rows = _rows("二级指标", last_value=">90%")
    scanned = parse_target_table(table(HEAD + rows, confidence=0.99), CONTEXT, 1)
    (fixed,) = repair_ocr_indicators((scanned,))
    last = fixed.indicators[-1]
    assert (last.value, last.target.op, last.prov.repaired_from) == ("≥90%", ">=", ">90%")
    printed = parse_target_table(table(HEAD + rows), CONTEXT, 1)
    assert repair_ocr_indicators((printed,))[0].indicators[-1].value == ">90%"
