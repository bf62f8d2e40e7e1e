"""OCR repair of lists of names: the separator OCR lost between two names.

    split_glued_organs("福州市卫生和计划生育委员会福州市财政局")
        -> "福州市卫生和计划生育委员会、福州市财政局"
    split_glued_regions("含昔阳县和顺县") -> "含昔阳县、和顺县"

A list of names (the 抄送 of the 版记, a 备注 naming counties) separates
its names with ``、`` (or ``，``). That mark is small, low in its em box
and often faint on a scan; the recogniser drops it now and then and reads
the two names as one word. Print never glues two names: a name is never
followed by another name of the same kind without a separator. So where
the vocabulary reads a run of text as two whole names, one after the
other, the separator was lost:

- organ names (``split_glued_organs``): a region (an official name, or a
  level word alone: 省, 市, 县 …) followed by an organ word of
  ``parsers/rules/organs.yaml`` (财政局, 卫生和计划生育委员会 …). A list
  item is cut only when it reads as whole organ names in exactly one way,
  and not as one organ name: ``财政部江西监管局`` or
  ``人民银行益阳市中心支行`` (an organ under its parent) stay whole, their
  tails are no organ words of a region;
- region names (``split_glued_regions``): two official names (GB/T 2260)
  of one level in one province, side by side (``昔阳县和顺县``: two
  counties of 山西). A parent and its child (``晋中市昔阳县``) is one
  name, as printed, and stays.

The separator put back is the one the list already uses, else ``、``.
Applied by the callers to OCR-read text only (a text layer prints what it
prints); they keep what OCR read (``repaired_from``, ``notes_read``), so
LOW_CONFIDENCE names each repair.
"""

from __future__ import annotations

from functools import lru_cache

import regex as re

from parsers.normalize.organ_rules import organ_words
from pipeline.core.divisions import RegionMatch, official_names, resolve_region

__all__ = ["LEVEL_WORDS", "split_glued_organs", "split_glued_regions"]

# A region written as its level alone (市财政局, 省民政厅, 自治区财政厅): the notice's own.
LEVEL_WORDS = ("自治区", "自治州", "省", "市", "县", "区", "州", "旗", "盟", "乡", "镇")
_SEPARATORS = re.compile(r"([、，,；;\s])")
_MIN_NAME = 3  # a region name of two characters (河北, 北京) is too often part of a word
_MAX_NAME = 12
_LISTED_LEVELS = ("prefecture", "county")  # a province is named once, not listed with its peers


def _region_part(text: str) -> bool:
    return text in LEVEL_WORDS or (len(text) >= 2 and resolve_region(text) is not None)


def _is_organ(text: str) -> bool:
    """Whether ``text`` is one whole organ name: a region + an organ word."""
    return any(text.endswith(w) and _region_part(text[: -len(w)]) for w in organ_words() if len(text) > len(w))


def _organ_cuts(text: str, limit: int = 2) -> list[tuple[str, ...]]:
    """The ways (at most ``limit``) ``text`` reads as whole organ names, one after another."""
    out: list[tuple[str, ...]] = [(text,)] if _is_organ(text) else []
    for k in range(3, len(text) - 2):
        if len(out) >= limit:
            break
        head = text[:k]
        if _is_organ(head):
            out.extend((head, *rest) for rest in _organ_cuts(text[k:], limit - len(out)))
    return out[:limit]


def _separator(text: str) -> str:
    found = [s for s in _SEPARATORS.findall(text) if not s.isspace()]
    return found[0] if found and found[0] in "、，" else "、"


def split_glued_organs(text: str) -> str:
    """``text`` (a list of organ names) with the separator put back between
    two whole organ names read as one item (see the module docstring)."""
    sep = _separator(text)
    out: list[str] = []
    for part in _SEPARATORS.split(text):
        if not part or _SEPARATORS.fullmatch(part) or _is_organ(part):
            out.append(part)
            continue
        cuts = _organ_cuts(part)
        out.append(sep.join(cuts[0]) if len(cuts) == 1 and len(cuts[0]) > 1 else part)
    return "".join(out)


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    return frozenset(n for n in official_names() if _MIN_NAME <= len(n) <= _MAX_NAME)


def _peers(a: RegionMatch, b: RegionMatch) -> bool:
    """Two divisions of one level (prefectures, counties) in one province,
    not one and the same (a parent and its child differ in level)."""
    return a.level in _LISTED_LEVELS and a.level == b.level and a.code != b.code and a.code[:2] == b.code[:2]


def _glued_at(text: str, k: int, within: str | None) -> bool:
    """Whether an official name ends at ``k`` and a peer of it starts there
    (a name several divisions bear is read ``within`` the region given)."""
    names = _names()
    for i in range(max(0, k - _MAX_NAME), k - _MIN_NAME + 1):
        if text[i:k] not in names:
            continue
        a = resolve_region(text[i:k]) or (resolve_region(text[i:k], within=within) if within else None)
        if a is None:
            continue
        for j in range(k + _MIN_NAME, min(len(text), k + _MAX_NAME) + 1):
            b = resolve_region(text[k:j], within=a.code[:2]) if text[k:j] in names else None
            if b is not None and _peers(a, b):
                return True
    return False


def split_glued_regions(text: str, *, within: str | None = None) -> str:
    """``text`` with the separator put back between two official region names
    of one level and province printed side by side (see the module
    docstring); ``within``: a region (the row's) that settles a name several
    divisions bear (鼓楼区)."""
    cuts = [k for k in range(_MIN_NAME, len(text) - _MIN_NAME + 1) if _glued_at(text, k, within)]
    if not cuts:
        return text
    sep = _separator(text)
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return sep.join(pieces)
