"""Layouts found in real notices of provinces already in the corpus (samples r50-r55): a bracketed
qualifier in an amount column's header, attachments headed 附表N."""

from __future__ import annotations

import pytest

from parsers.allocation_header import _is_quantity_header
from parsers.sections import ATTACHMENT_HEADING
from parsers.tablegrid import title_from_context


@pytest.mark.parametrize(
    ("head", "quantity"),
    [
        ("产业发展（到户）", False),  # a qualifier, not a unit: money
        ("基础设施（到村）", False),
        ("补贴面积（亩）", True),
        ("楼栋数（幢）", True),
        ("补助标准（元/人）", True),
        ("补助资金（万元）", False),
        ("受益人次（人次）", True),
    ],
)
def test_a_bracketed_qualifier_is_not_a_quantity_unit(head: str, quantity: bool) -> None:
    assert _is_quantity_header(head) is quantity


def test_attachment_headed_fubiao() -> None:
    assert ATTACHMENT_HEADING.match("附表1")
    assert ATTACHMENT_HEADING.match("附表2：")
    assert not ATTACHMENT_HEADING.match("附表1为各乡镇分配数")
    lines = ["附表1", "2023年度补助资金指标分解", "表", "单位：元"]
    assert title_from_context(lines) == "2023年度补助资金指标分解表"
