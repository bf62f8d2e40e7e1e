"""A 主送 too long for the first page printed in the 版记 (``主送：…`` above 抄送, wrapping under its
label): the notice's recipients, read when the head prints none; it ends the block above it."""

from __future__ import annotations

from parsers.imprint import find_imprint
from pipeline.core.model import BBox, Line
from tests.layoutbuilder import LEFT, RIGHT, SIZE, line
from tests.test_closing_layout import at, head_and_body, parse

MAIN_TO = ["主送：甲县财政局、民政局，乙县财政局、民政局，丙县财政局、民政局，丁县", "财政局、民政局，戊县财政局、民政局，己区财政局、民政局。"]


def _imprint(y: float = 660) -> list[Line]:
    rows = [line(MAIN_TO[0], y, size=14, indent=14), line(MAIN_TO[1], y + 22, size=14, indent=56),
            line("抄送：省财政厅，市审计局。", y + 48, size=14, indent=14)]
    printed = Line("某某市财政局办公室 2023年3月10日印发", BBox(LEFT + 14, y + 74, RIGHT - 14, y + 88), 1, None, False, 14)
    return [*rows, printed]


def _no_head_recipients() -> list[Line]:
    return [ln for ln in head_and_body() if not ln.text.endswith("：")]


def test_the_recipients_printed_in_the_imprint() -> None:
    n = parse(*_no_head_recipients(), at("某某市财政局", RIGHT - 8 * SIZE, 420),
              line("2023年3月9日", 460, align="right"), *_imprint())
    assert n.recipients is not None
    assert n.recipients.value == "甲县财政局、民政局，乙县财政局、民政局，丙县财政局、民政局，丁县财政局、民政局，戊县财政局、民政局，己区财政局、民政局"
    assert n.cc is not None and n.cc.value == "省财政厅，市审计局"
    assert [f.value for f in n.signatories] == ["某某市财政局"]


def test_the_imprint_starts_at_its_recipients_row() -> None:
    lines = tuple(_imprint())
    imp = find_imprint(lines, 0)
    assert imp.start == 0 and imp.recipients is not None


def test_the_head_recipients_win() -> None:
    n = parse(*head_and_body(), at("某某市财政局", RIGHT - 8 * SIZE, 420), line("2023年3月9日", 460, align="right"),
              *_imprint())
    assert n.recipients is not None and n.recipients.value == "各县（市、区）财政局、民政局"
