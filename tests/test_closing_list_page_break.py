"""An attachment title goes on to the next page only from a full line (parsers/closing.py).

The scan sweep's case (seed 6, a grey scan): the 附件说明 ends page 1 with a short item,
and page 2 holds the 署名 under two seals whose ring text OCR read as a line above the
names (``龙岩市财政间 民族与宗教``); it was taken for the rest of the item's title.
"""

from __future__ import annotations

from parsers.closing import parse_closing
from parsers.geometry import estimate_frame
from pipeline.core.model import Line
from tests.scan_w07 import HEAD_AND_BODY, ocr_line

LIST = (
    ocr_line("附件：1.2023年龙岩市民族发展专项资金分配表", (112.4, 617.8, 454.6, 637.6)),
    ocr_line("2. 专项转移支付绩效目标表", (158.4, 647.3, 360.4, 664.9)),
)
SIGNATURE_PAGE = (
    ocr_line("龙岩市财政局 龙岩市民族与宗教事务局", (141.6, 132.8, 498.2, 159.1), 2),
    ocr_line("2023年3月13日", (360.4, 162.0, 452.1, 183.6), 2),
)
RING_TEXT = ocr_line("龙岩市财政间 民族与宗教", (144.4, 93.2, 449.6, 147.6), 2)


def _titles(lines: tuple[Line, ...]) -> list[str]:
    closing = parse_closing(lines, 3, estimate_frame(HEAD_AND_BODY, 595.8))
    return [a.title for a in closing.attachments_listed]


def test_a_short_items_title_does_not_run_on_to_the_next_page() -> None:
    got = _titles((*HEAD_AND_BODY, *LIST, RING_TEXT, *SIGNATURE_PAGE))
    assert got == ["2023年龙岩市民族发展专项资金分配表", "专项转移支付绩效目标表"]


def test_a_full_line_still_runs_on_to_the_next_page() -> None:
    full = ocr_line("2.2023年龙岩市民族发展专项资金专项转移支付区域绩效目标", (158.4, 647.3, 511.0, 664.9))
    rest = ocr_line("表", (80.0, 93.2, 96.0, 110.0), 2)
    got = _titles((*HEAD_AND_BODY, LIST[0], full, rest, *SIGNATURE_PAGE))
    assert got[1] == "2023年龙岩市民族发展专项资金专项转移支付区域绩效目标表"
