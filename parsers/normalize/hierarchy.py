"""The indicator hierarchy (绩效指标: 一级/二级) and its label synonyms.

The hierarchy and every spelling are data (``parsers/rules/indicators.yaml``,
validated at load). ``classify_label`` strips decoration (whitespace, ★,
scores glued on like ``产出指标(50分)``, numbering, a trailing colon) and
looks the label up:

- exact canonical labels and certain synonyms (``社会效益`` -> 社会效益指标)
  give ``certain=True``; approximate names printed as a level
  (``项目完成指标`` ≈ 产出指标, ``效果指标`` ≈ 效益指标) give ``certain=False``;
- a label valid at both levels is read by ``level`` when given (the column
  or position it was printed in) and otherwise: an exact canonical name
  beats a synonym, and the 163号 reading beats the later one, so
  ``满意度指标`` is 一级 and ``成本指标`` is 二级 (under 产出指标) unless
  ``level=1`` is passed. A ``level`` no reading fits is ignored (the label
  is misplaced, not unknown).

``classify_ocr_label`` reads an OCR cell's label the same way, a speck read
as a letter, digit, dash or dot glued at its ends aside (``满意度指标1``,
``数量指标-``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from parsers.normalize.glyphs import GLUED_SPECKS
from parsers.normalize.rules import indicator_rules
from pipeline.core.textnorm import clean_text, strip_spaces

__all__ = ["LabelMatch", "classify_label", "classify_ocr_label", "is_label", "level1_of", "level1_labels", "level2_labels"]

Level = Literal[1, 2]


@dataclass(frozen=True, slots=True)
class LabelMatch:
    level: Level
    canonical: str
    certain: bool


@dataclass(frozen=True, slots=True)
class _Reading:
    match: LabelMatch
    exact: bool  # the key is the canonical name itself
    later: bool  # a 2021-guidance-only reading (成本指标 as 一级)

    def rank(self) -> tuple[int, int, int, int]:
        return (
            0 if self.exact else 1,
            0 if self.match.certain else 1,
            1 if self.later else 0,
            self.match.level,
        )


def _variants(form: str) -> tuple[str, ...]:
    if form.endswith("指标"):
        return (form, form[:-2]) if len(form) > 2 else (form,)
    return (form, form + "指标")


@lru_cache(maxsize=1)
def _lookup() -> dict[str, tuple[_Reading, ...]]:
    rules = indicator_rules()
    table: dict[str, list[_Reading]] = {}

    def add(form: str, match: LabelMatch, *, later: bool) -> None:
        for v in _variants(strip_spaces(form)):
            readings = table.setdefault(v, [])
            reading = _Reading(match, exact=v == match.canonical, later=later)
            if all(r.match != match for r in readings):
                readings.append(reading)

    for l1 in rules.level1:
        add(l1.canonical, LabelMatch(1, l1.canonical, True), later=l1.later)
        for syn in l1.certain:
            add(syn, LabelMatch(1, l1.canonical, True), later=l1.later)
        for syn in l1.uncertain:
            add(syn, LabelMatch(1, l1.canonical, False), later=l1.later)
    for l2 in rules.level2:
        add(l2.canonical, LabelMatch(2, l2.canonical, True), later=False)
        for syn in l2.certain:
            add(syn, LabelMatch(2, l2.canonical, True), later=False)
    return {k: tuple(v) for k, v in table.items()}


@lru_cache(maxsize=1)
def _decorations() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in indicator_rules().decorations)


def _key(text: str) -> str:
    s = strip_spaces(clean_text(text))
    for _ in range(3):
        before = s
        for pattern in _decorations():
            s = pattern.sub("", s)
        if s == before:
            break
    return s


def classify_label(text: str, level: int | None = None) -> LabelMatch | None:
    """The canonical 一级/二级 label ``text`` stands for, or None."""
    readings = _lookup().get(_key(text))
    if not readings:
        return None
    fitting = [r for r in readings if r.match.level == level] if level else []
    best = min(fitting or readings, key=_Reading.rank)
    return best.match


# a speck or a piece of the cell's rule read as a dash or a dot at a label's end (``数量指标-``)
_DASH_ENDS = re.compile(r"^[-_—－~.·•'`]+|[-_—－~.·•'`]+$")


def classify_ocr_label(text: str, level: int | None = None) -> LabelMatch | None:
    """``classify_label`` of a label read by OCR: a speck read as a Latin letter or a digit glued
    at its ends aside (``满意度指标1``: no label opens or ends so; a score is printed with its 分),
    and so a dash or dot (``数量指标-``: a piece of the cell's rule beside its last character)."""
    match = classify_label(text, level)
    bare = GLUED_SPECKS.sub("", _DASH_ENDS.sub("", strip_spaces(clean_text(text))))
    if match is None and bare and bare != strip_spaces(clean_text(text)):
        return classify_label(bare, level)
    return match


def is_label(text: str) -> bool:
    """True when ``text`` is a 一级 or 二级 indicator label."""
    return classify_label(text) is not None


@lru_cache(maxsize=1)
def _parents() -> dict[str, str]:
    return {l2.canonical: l2.parent for l2 in indicator_rules().level2}


def level1_of(level2_canonical: str) -> str:
    """The 一级 label a canonical 二级 label belongs to (数量指标 -> 产出指标).

    A synonym is accepted too (社会效益 -> 效益指标); an unknown label raises
    KeyError. 经济/社会/生态环境成本指标 belong to 成本指标 (2021 guidance).
    """
    parents = _parents()
    if level2_canonical in parents:
        return parents[level2_canonical]
    match = classify_label(level2_canonical, level=2)
    if match is not None and match.level == 2:
        return parents[match.canonical]
    raise KeyError(f"not a 二级 indicator label: {level2_canonical!r}")


def level1_labels(*, include_later: bool = True) -> tuple[str, ...]:
    """Canonical 一级 labels in rule order (成本指标 last, if included)."""
    return tuple(
        l1.canonical for l1 in indicator_rules().level1 if include_later or not l1.later
    )


def level2_labels(level1: str | None = None) -> tuple[str, ...]:
    """Canonical 二级 labels, all or those under one 一级 label."""
    return tuple(
        l2.canonical
        for l2 in indicator_rules().level2
        if level1 is None or l2.parent == level1
    )
