"""OCR: the 抄送's last organ cut at its line's end (a skewed scan's page edge took its last
character) takes back the one organ word of its level (parsers/imprint.py)."""

from __future__ import annotations

from parsers.imprint import _repaired_cc, cut_organ_completed
from pipeline.core.model import Field, Provenance


def test_the_last_organ_cut_one_character_short_takes_its_levels_word_back() -> None:
    assert cut_organ_completed("市委办公室，市政府办公室，市财政") == "市委办公室，市政府办公室，市财政局"
    assert cut_organ_completed("省委办公厅、省财政") == "省委办公厅、省财政厅"
    assert cut_organ_completed("县委办、淄川区民政") == "县委办、淄川区民政局"


def test_a_whole_organ_a_short_form_or_an_unknown_level_is_kept() -> None:
    for text in (
        "市委办公室，市财政局",  # whole
        "市委办公室，市人大",  # a short form no organ word opens
        "市委办公室，各有关单位",
        "市财政",  # no list: nothing says a line was cut
        "市委办公室，财政",  # no level: 财政局, 财政厅 or 财政部
    ):
        assert cut_organ_completed(text) == text


def test_the_repair_is_marked() -> None:
    cc = _repaired_cc(Field("市委办公室，市财政", "抄送：市委办公室，市财政", Provenance(page=2, confidence=0.96)))
    assert cc.value == "市委办公室，市财政局" and cc.prov.repaired_from == "市委办公室，市财政"
    assert cc.prov.confidence is not None and cc.prov.confidence < 0.96
    layer = Field("市委办公室，市财政", "抄送：市委办公室，市财政", Provenance(page=2))
    assert _repaired_cc(layer) == layer
