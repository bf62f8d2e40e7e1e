"""Where two names one character apart differ (pipeline/core/textnorm.substituted_at), the one test
the look-alike repairs share."""

from __future__ import annotations

import pytest

from parsers.normalize.notice_names import lookalike_slip, repair_from_notice
from pipeline.core.textnorm import one_edit_apart, substituted_at


@pytest.mark.parametrize(
    ("a", "b", "at"),
    [("含计", "合计", 0), ("泸县财政局", "沪县财政局", 0), ("赣州市章责区", "赣州市章贡区", 4),
     ("合计", "合计", None), ("含汁", "合计", None), ("亚市财政局", "三亚市财政局", None), ("", "", None)],
)
def test_the_one_substituted_position(a: str, b: str, at: int | None) -> None:
    assert substituted_at(a, b) == at
    assert substituted_at(b, a) == at


def test_one_edit_apart_counts_one_substitution_or_one_indel() -> None:
    assert one_edit_apart("含计", "合计") and one_edit_apart("亚市财政局", "三亚市财政局")
    assert one_edit_apart("合计", "合计")
    assert not one_edit_apart("含汁", "合计") and not one_edit_apart("亚市财局", "三亚市财政局")


def test_the_notice_name_repair_reads_slips_the_same_way() -> None:
    assert lookalike_slip("沪县", "泸县") and not lookalike_slip("沪县财", "泸县财政")
    fix = repair_from_notice("亚市财政局", ["请三亚市财政局按规定拨付"])  # a lost character
    assert fix is not None and fix.text == "三亚市财政局"
    assert repair_from_notice("亚市财政局局", ["三亚市财政局"]) is None  # two edits: left alone
