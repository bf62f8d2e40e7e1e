"""Text-layer words split where a table's vertical ruling separates their glyphs."""

from __future__ import annotations

from typing import Any

from pipeline.core.model import Ruling
from pipeline.read.ruled_words import split_at_rulings, split_word


def _word(text: str, x0: float, size: float = 12.0, gaps: dict[int, float] | None = None) -> dict[str, Any]:
    """A word of ``text`` whose glyphs start at x0, ``size`` wide; ``gaps[k]``: extra space before glyph k."""
    chars, x = [], x0
    for k, ch in enumerate(text):
        x += (gaps or {}).get(k, 0.0)
        chars.append({"text": ch, "x0": x, "x1": x + size, "top": 160.0, "bottom": 172.0})
        x += size
    return {"text": text, "x0": x0, "x1": x, "top": 160.0, "bottom": 172.0, "chars": chars,
            "non_stroking_color": (0,)}


RULE = Ruling(240.2, 150.0, 240.2, 180.0)


def test_a_hanging_closing_bracket_does_not_glue_the_next_cell() -> None:
    # 补贴户数（户） hangs its ） over the rule at 240.2; 补贴面积（亩） starts 0.4 pt after it
    w = _word("补贴户数（户）补贴面积（亩）", 158.0, gaps={7: 0.4})
    assert [p["text"] for p in split_word(w, [RULE])] == ["补贴户数（户）", "补贴面积（亩）"]
    left, right = split_word(w, [RULE])
    assert left["x1"] == 242.0 and right["x0"] == 242.4


def test_the_glyph_after_a_hanging_mark_may_start_a_little_left_of_the_rule() -> None:
    # bb18: 学校数（所） ends at 239.2, 受 starts there too (0.14 pt gap), the rule 1 pt into 受
    w = _word("学校数（所）受益学生（人）", 167.2, gaps={6: 0.14})
    assert [p["text"] for p in split_word(w, [RULE])] == ["学校数（所）", "受益学生（人）"]
    # … not when the rule runs through the middle of the glyph
    deep = _word("学校数（所）受益学生（人）", 163.2, gaps={6: 0.14})
    assert [p["text"] for p in split_word(deep, [RULE])] == ["学校数（所）受益学生（人）"]


def test_a_rule_in_a_gap_between_glyphs_splits() -> None:
    w = _word("合计备注", 216.0, gaps={2: 1.2})  # 合计 ends at 240.0, 备注 starts at 241.2
    assert [p["text"] for p in split_word(w, [RULE])] == ["合计", "备注"]


def test_a_word_overflowing_its_cell_stays_whole() -> None:
    w = _word("1234567890", 200.0, size=6.0)  # touching glyphs, the rule through a digit
    assert [p["text"] for p in split_word(w, [RULE])] == ["1234567890"]


def test_a_rule_that_does_not_reach_the_word_changes_nothing() -> None:
    w = _word("补贴户数（户）补贴面积（亩）", 158.0, gaps={7: 0.4})
    above = Ruling(240.2, 10.0, 240.2, 100.0)
    horizontal = Ruling(100.0, 166.0, 400.0, 166.0)
    assert split_at_rulings([w], [above, horizontal]) == [w]
