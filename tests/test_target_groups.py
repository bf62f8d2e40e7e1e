"""Which target tables share an indicator set (pipeline/checks/target_groups.py) and the
INDICATOR_SET_DIFFERS check that compares only those."""

from __future__ import annotations

from decimal import Decimal

from pipeline.checks.notice import check_notice
from pipeline.checks.target_groups import is_place, project_groups, same_project
from pipeline.core.model import Funds, Indicator, Target, TargetTable
from tests.test_checks import base_notice


def ind(name: str) -> Indicator:
    return Indicator("产出指标", "数量指标", name, "≥1个", Target(">=", Decimal(1), "个"), "annual")


def tt(region: str | None, project: str | None, *names: str) -> TargetTable:
    return TargetTable(attachment=2, kind="regional", year=2025, region=region, region_as_printed=region,
                       project=project, unit="万元", funds=Funds(total=None),
                       indicators=tuple(ind(n) for n in names), layout_repaired=False, page=4)


def set_flags(*tables: TargetTable) -> list[str]:
    n = base_notice(target_tables=tables)
    return [f.subject for f in check_notice(n) if f.code == "INDICATOR_SET_DIFFERS"]


def test_same_project_allows_a_misread_character_not_another_project() -> None:
    assert same_project("困难群众救助补助资金", "困难群众救助补助资金")
    assert same_project("2025年特色现代农业发展资金（农作物新品种展示示范）",
                        "2025年特色现代农业发展资金（农作物新品种展示示苑）")  # OCR: one glyph
    assert not same_project("2025年特色现代农业发展资金（耕地质量保护与提升项目）",
                            "2025年特色现代农业发展资金（农药使用量零增长减量化行动）")
    assert same_project(None, None) and not same_project(None, "某资金")


def test_places_and_projects() -> None:
    assert is_place("木垒哈萨克自治县") and is_place("甲镇") and is_place(None)
    assert not is_place("清江镇河中村人居环境整治项目")
    assert not is_place("后期扶持直补资金")


def test_groups_keep_regions_of_one_fund_together() -> None:
    tables = [(0, tt("甲县", "某资金", "a")), (1, tt(None, "项目一", "a")), (2, tt("乙县", "某资金", "b")),
              (3, tt(None, "项目二", "c")), (4, tt("清江镇某某整治项目", "某资金", "d"))]
    assert [[i for i, _ in g] for g in project_groups(tables)] == [[0, 2], [1], [3], [4]]


def test_different_projects_raise_no_indicator_set_flag() -> None:
    assert set_flags(tt(None, "某资金（项目一）", "a", "b"), tt(None, "某资金（另一个不同的项目）", "c")) == []


def test_project_rows_of_one_table_raise_no_indicator_set_flag() -> None:
    assert set_flags(tt("甲村道路硬化项目", "某资金", "a", "b"), tt("乙村供水工程", "某资金", "c")) == []


def test_regions_of_one_fund_are_still_compared() -> None:
    got = set_flags(tt("甲县", "某资金", "a", "b"), tt("乙县", "某资金", "a", "b"), tt("丙县", "某资金", "a"))
    assert got == ["target_tables[2].indicators"]


def test_ocr_bracket_pairs_take_the_opening_width() -> None:
    from dataclasses import replace

    from parsers.targets import mend_bracket_widths, repair_ocr_indicators
    from pipeline.core.model import Provenance

    assert mend_bracket_widths("满意度（≥**%)") == "满意度（≥**%）"
    assert mend_bracket_widths("项目(工程）验收合格率") == "项目(工程)验收合格率"
    assert mend_bracket_widths("a)b（c") == "a)b（c"  # unpaired brackets stay
    read = replace(ind("受益群众满意度（≥**%)"), prov=Provenance(page=3, confidence=0.95))
    printed = ind("补助对象满意度（≥**%)")  # a text layer is read as printed
    ocr, text = repair_ocr_indicators((tt(None, "某资金", "x"), tt(None, "某资金", "y")))
    fixed = repair_ocr_indicators((replace(ocr, indicators=(read,)), replace(text, indicators=(printed,))))
    assert fixed[0].indicators[0].name == "受益群众满意度（≥**%）"
    assert fixed[0].indicators[0].prov.repaired_from is None  # typography: no LOW_CONFIDENCE
    assert fixed[1].indicators[0].name == "补助对象满意度（≥**%)"
