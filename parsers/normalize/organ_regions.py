"""Region names inside organ names (署名, 印发机关, 发文机关标志, 主送机关)
that OCR read one character wrong, repaired from the region list:
``repair_region_in_name("赣州市章责区财政局")`` -> ``赣州市章贡区财政局``.
(Re-exported by ``parsers.normalize.ocr_repair``.) Pure; the region index
and the area words (``parsers/rules/organs.yaml``) are cached data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from parsers.normalize.organ_rules import area_words
from pipeline.core.divisions import DIVISION_END, near_region_names, resolve_region
from pipeline.core.textnorm import strip_spaces

__all__ = ["NameRepair", "repair_region_in_name"]

@dataclass(frozen=True, slots=True)
class NameRepair:
    """An organ name whose region part was repaired."""

    text: str  # the repaired name
    printed: str  # as OCR read it
    attested: bool  # the repaired name appears elsewhere in the document


def repair_region_in_name(name: str, evidence: Iterable[str] = ()) -> NameRepair | None:
    """A region inside ``name`` read one character wrong, or None.

    Every stretch of ``name`` that ends in a region suffix (县, 区, 市 …), is
    not itself a region name and lies one substituted character (not the
    suffix) from official region names is a candidate; what stands before
    it must be empty or a region that contains the candidate (``赣州市`` +
    ``章责区``: only 章贡区, not Jinan's 章丘区). The repair is made when

    - exactly one candidate repair appears in ``evidence`` (the document's
      other mentions: 发文机关标志, 印发机关): ``attested``; or
    - there is exactly one candidate and a parent region pins it down:
      not attested, so the caller must lower its confidence.

    Otherwise nothing is changed: a country-wide near miss alone is a guess,
and so is a change inside an area word the name ends with (``肇庆高新区``
is a development zone, not a misread ``肇庆高要区``; organs.yaml).
    """
    key = strip_spaces(name)
    options: dict[str, bool] = {}  # repaired name -> pinned by a parent region
    for i in range(len(key) - 2):
        parent = key[:i]
        if parent and resolve_region(parent) is None:
            continue
        for j in range(i + 3, len(key) + 1):
            if key[j - 1] not in DIVISION_END:
                continue
            for region in near_region_names(key[i:j], within=parent or None):
                if _inside_area_word(key[i:j], region):
                    continue  # 肇庆高新区 is a development zone, not a misread 高要区
                fixed = key[:i] + region + key[j:]
                options[fixed] = options.get(fixed, False) or bool(parent)
    if not options:
        return None
    texts = [strip_spaces(e) for e in evidence]
    attested = [n for n in options if any(n in t for t in texts)]
    if len(attested) == 1:
        return NameRepair(attested[0], name, True)
    if len(options) == 1 and not attested:
        (fixed, pinned), = options.items()
        if pinned:
            return NameRepair(fixed, name, False)
    return None


def _inside_area_word(read: str, region: str) -> bool:
    """Whether the one character ``region`` changes in ``read`` lies in an
    area word ``read`` ends with (``高新区``, ``开发区``: organs.yaml)."""
    at = next((k for k, (x, y) in enumerate(zip(read, region, strict=False)) if x != y), len(read))
    return any(read.endswith(w) and at >= len(read) - len(w) for w in area_words())
