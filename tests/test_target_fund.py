"""A target table whose title names no fund (资金分配绩效目标表) takes the notice's fund
(parsers/target_fund.py; e06's money-and-targets table came out with project `资金`)."""

from __future__ import annotations

from parsers.target_fund import notice_fund, with_notice_fund
from pipeline.core.model import Field, Funds, Provenance, TargetTable

PROV = Provenance(page=1, bbox=None, confidence=None)


def title(text: str) -> Field[str]:
    return Field(text, text, PROV)


def table(project: str | None) -> TargetTable:
    return TargetTable(attachment=2, kind="regional", year=2023, region=None, region_as_printed=None,
                       project=project, unit="万元", funds=Funds(total=None), indicators=(),
                       layout_repaired=False)


def test_the_fund_a_notice_title_names() -> None:
    assert notice_fund(title("遂宁市财政局遂宁市卫生健康委员会关于下达2023年民族地区卫生发展十年行动计划专项资金的通知")) \
        == "民族地区卫生发展十年行动计划专项资金"
    assert notice_fund(title("关于提前下达2024年就业补助资金预算的通知")) == "就业补助资金"
    assert notice_fund(title("关于下达资金的通知")) is None  # names no fund
    assert notice_fund(title("关于做好资金管理工作的通知")) is None
    assert notice_fund(None) is None


def test_only_a_project_that_is_a_word_for_money_is_replaced() -> None:
    t = title("关于下达2023年民族地区卫生发展十年行动计划专项资金的通知")
    got = with_notice_fund((table("资金"), table("专项资金"), table("某某项目资金"), table(None)), t)
    assert [x.project for x in got] == ["民族地区卫生发展十年行动计划专项资金"] * 2 + ["某某项目资金", None]
