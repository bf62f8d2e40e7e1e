"""OCR: a full stop printed alone on a paragraph's last line, not read, put back from the line's
gap it leaves (parsers/ocr_lost_stops.py)."""

from __future__ import annotations

from decimal import Decimal

from parsers.amounts import parse_body_amounts
from parsers.geometry import joined
from parsers.ocr_lost_stops import stops_back, with_contexts_read
from pipeline.core.model import BBox, Line, Provenance

PITCH = 28.0


def _body(texts: list[tuple[str, float, int]], confidence: float | None = 0.98) -> list[Line]:
    """Lines at ``row`` pitches from the top, indented by ``indent`` glyphs (16 pt type)."""
    return [
        Line(text, BBox(80 + 32 * indent, 400 + PITCH * row, 520, 416 + PITCH * row), 1, confidence, False, 16)
        for text, row, indent in texts
    ]


LINES = [
    ("根据《某某厅关于下达资金的通知》精神，现下达", 0, 2),
    ("你们灾后恢复农业生产补助资金226.098万元（详见附件）", 1, 0),
    # row 2: the lone 。, not read
    ("一、补助资金按补种改种面积每亩60元的标准核定，用于", 3, 2),
    ("受灾农户购买种子和化肥。", 4, 0),
    ("二、资金列“2130122农业生产救灾”科目。", 5, 2),
]


def test_a_stop_alone_on_a_lost_line_is_put_back_before_the_next_paragraph() -> None:
    fixed = stops_back(_body(LINES))
    assert fixed[1].text.endswith("（详见附件）。")
    assert [ln.text for ln in fixed[2:]] == [t for t, _, _ in LINES[2:]]


def test_no_stop_without_a_lost_line_or_on_a_text_layer() -> None:
    tight = [(t, row - 1 if row > 1 else row, ind) for t, row, ind in LINES]  # the paragraph run on from ）
    assert [ln.text for ln in stops_back(_body(tight))] == [t for t, _, _ in tight]
    assert [ln.text for ln in stops_back(_body(LINES, confidence=None))] == [t for t, _, _ in LINES]


def test_a_notice_that_spaces_its_paragraphs_is_left_as_read() -> None:
    spaced = [*LINES[:4], ("二、资金列“2130122农业生产救灾”科目。", 5.6, 2)]
    assert [ln.text for ln in stops_back(_body(spaced))] == [t for t, _, _ in spaced]


def test_the_amounts_keep_the_clause_as_read() -> None:
    read = _body(LINES)
    prov = Provenance(page=1, confidence=0.98)
    amounts = with_contexts_read(
        parse_body_amounts(joined(stops_back(read)), prov), parse_body_amounts(joined(read), prov)
    )
    first = next(a for a in amounts if a.value == Decimal("226.098"))
    assert first.context.endswith("（详见附件）")
    assert first.context_read is not None and first.context_read.endswith("一、补助资金按补种改种面积每亩60元的标准核定")
