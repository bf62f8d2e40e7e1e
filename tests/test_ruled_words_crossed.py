"""Two narrow cells' header lines, each wider than its cell, read as one text-layer word: the
ruling between two glyphs that neither touch nor leave a clean gap splits it (ae03: 安置人数（人）
overlapping 补贴月数（月）; a wrapped 合计（人） starting a little before its cell's rule)."""

from __future__ import annotations

from typing import Any

from pipeline.core.model import Ruling
from pipeline.read.ruled_words import split_word


def _word(text: str, x0: float, size: float = 10.0, shift: dict[int, float] | None = None) -> dict[str, Any]:
    """Glyphs ``size`` wide from x0; ``shift[k]`` moves glyph k and those after it (negative: overlap)."""
    chars, x = [], x0
    for k, ch in enumerate(text):
        x += (shift or {}).get(k, 0.0)
        chars.append({"text": ch, "x0": x, "x1": x + size, "top": 190.0, "bottom": 200.0})
        x += size
    return {"text": text, "x0": x0, "x1": x, "top": 190.0, "bottom": 200.0, "chars": chars}


RULE = Ruling(274.0, 180.0, 274.0, 480.0)


def test_overlapping_lines_of_two_cells_split_at_the_rule() -> None:
    w = _word("安置人数（人）补贴月数（月）", 205.3, shift={7: -2.6})  # ） ends 275.3, 补 starts 272.7
    assert [p["text"] for p in split_word(w, [RULE])] == ["安置人数（人）", "补贴月数（月）"]


def test_a_line_starting_just_before_its_rule_splits_from_the_one_before() -> None:
    w = _word("儿（人）合计（人）", 232.2, shift={4: 1.1})  # ） 262.2-272.2, 合 273.3-283.3: the rule at 274.0 inside 合
    assert [p["text"] for p in split_word(w, [RULE])] == ["儿（人）", "合计（人）"]


def test_touching_glyphs_over_a_rule_stay_one_word() -> None:
    w = _word("11616833.76", 250.0, size=5.5)  # an amount overflowing into an empty neighbour
    assert [p["text"] for p in split_word(w, [RULE])] == ["11616833.76"]


def test_a_label_spilling_over_its_rule_right_after_a_closed_label_splits() -> None:
    # 学校数（所） ends 235.12 before the rule at 236.28; 受益学生（人） (wider than its cell) starts at 235.26
    rule = Ruling(236.28, 161.5, 236.28, 527.8)
    w = _word("学校数（所）受益学生（人）", 166.12, size=11.5, shift={6: 0.14})
    assert [p["text"] for p in split_word(w, [rule])] == ["学校数（所）", "受益学生（人）"]
    deep = _word("学校数（所）受益学生（人）", 160.12, size=11.5, shift={6: 0.14})  # 受 starts 5 pt before: its own
    assert [p["text"] for p in split_word(deep, [rule])] == ["学校数（所）受益学生（人）"]
