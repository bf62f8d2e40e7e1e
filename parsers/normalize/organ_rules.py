"""``parsers/rules/organs.yaml``: the vocabularies of OCR organ-name repair.

- ``organ_words``: what follows the region in an organ name (财政局, 民政厅 …),
  used by ``vocab_repair.repair_organ_name``;
- ``area_words``: names of areas that are no administrative division though
  they end like one (高新区, 经开区, 开发区 …): a name ending so is never
  "repaired" into a region one character away (``肇庆高新区`` is not a
  misread ``肇庆高要区``), see ``ocr_repair.repair_region_in_name``;
- ``township_suffixes``: how the name of a place below the county ends (镇, 乡,
  街道 …): GB/T 2260 does not list them, so an organ of one is left as read.
"""

from __future__ import annotations

from functools import lru_cache

import regex as re

from parsers.normalize.rules import RULES_DIR, load_rules
from pipeline.core.rulefiles import StrictRules

__all__ = ["ORGAN_END", "OrganRules", "area_words", "organ_words", "township_suffixes"]

# How an organ name ends (局, 厅, 委员会 …): an issuer line (parsers.header),
# a name for the vocabulary to leave alone (vocab_repair).
ORGAN_END = re.compile(r"(?:局|厅|委|委员会|部|署|院|中心|办公室|办公厅|政府|处|会|所|站|室|社|行)$")


class OrganRules(StrictRules):
    organ_words: list[str]
    area_words: list[str] = []
    township_suffixes: list[str] = []


@lru_cache(maxsize=1)
def _rules() -> OrganRules:
    return load_rules(OrganRules, RULES_DIR / "organs.yaml")


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def organ_words() -> tuple[str, ...]:
    """The organ words, longest first."""
    return _longest_first(_rules().organ_words)


@lru_cache(maxsize=1)
def area_words() -> tuple[str, ...]:
    """The area words (non-division areas), longest first."""
    return _longest_first(_rules().area_words)


@lru_cache(maxsize=1)
def township_suffixes() -> tuple[str, ...]:
    """How the names of places below the county end (镇, 乡, 街道 …), longest first."""
    return _longest_first(_rules().township_suffixes)
