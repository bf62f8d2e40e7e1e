"""OCR: the region character that opens a 文号's 机关代字, one look-alike off the notice's own
region, put back.

A 机关代字 opens with the short name of its organ's region: 亳财社 is 亳州市财政局's, 利人社
利辛县人力资源和社会保障局's. A notice of 利辛县 cites its prefecture's 转下达 notice
(``亳财社〔2023〕95号``); OCR reads the rare 亳 as the common 毫 (``毫财社``). The notice's own
regions (its issuers' county and prefecture: ``own_regions``) are the vocabulary: a
文号 read by OCR whose first character is none of their initials, but looks very much like
exactly one of them (``glyphs.glyph_similarity`` at least ``HEAD_LOOKALIKE``, far above the
likeness two unrelated characters reach) and is no rarer than it (OCR turns a rare
character into a common one, not the reverse), takes that initial.

    repaired_head("毫财社〔2023〕95号", ("利辛县", "亳州市")) -> "亳财社〔2023〕95号"

A central 文号 (财社, 国办发) or another province's (皖, 赣) is left alone: its head looks
like no initial of the notice's regions that closely. The callers keep what OCR read
(``repaired_from``), so LOW_CONFIDENCE names the repair; a text layer is never touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from parsers.normalize.glyphs import glyph_similarity
from parsers.normalize.notice_names import rarity
from parsers.normalize.ocr_repair import put_back
from pipeline.core.divisions import (
    official_names,
    province_short_names,
    region_head,
    resolve_region,
)
from pipeline.core.model import Field, Reference

__all__ = ["HEAD_LOOKALIKE", "own_regions", "repaired_head", "with_region_heads"]

HEAD_LOOKALIKE = 0.7  # 毫/亳 0.75; a province's short name and an unrelated initial stay under 0.62
_PARENT_DIGITS = (4,)  # the prefecture: the leading digits of a division code (341623 -> 341600); a
# province's 文号 opens with its 简称 (divisions.province_short_names), not a region's initial


@lru_cache(maxsize=1)
def _names_by_code() -> dict[str, str]:
    out: dict[str, str] = {}
    for name in official_names():
        m = resolve_region(name)
        if m is not None and not m.is_alias:
            out.setdefault(m.code, m.canonical)
    return out


def own_regions(issuers: Iterable[str]) -> tuple[str, ...]:
    """The official names of the issuers' regions below the province and of their prefectures."""
    names: list[str] = []
    by_code = _names_by_code()
    for issuer in issuers:
        k = region_head(issuer)
        m = resolve_region(issuer[:k]) if k else None
        if m is None:
            continue
        for code in (m.code, *(m.code[:d].ljust(len(m.code), "0") for d in _PARENT_DIGITS)):
            if code.endswith("0000"):
                continue  # the province (湖南省 has 湘, not 湖)
            name = by_code.get(code)
            if name and name not in names:
                names.append(name)
    return tuple(names)


def repaired_head(doc_number: str, regions: Iterable[str]) -> str | None:
    """``doc_number`` with its first character put back to the one initial of ``regions`` it
    is a close look-alike of (see the module docstring), else None."""
    if not doc_number:
        return None
    head = doc_number[0]
    initials = {r[0] for r in regions if r}
    if head in initials or head in province_short_names():  # a province's 简称 is never a misread
        return None
    alike = [i for i in initials if rarity(head) <= rarity(i) and glyph_similarity(head, i) >= HEAD_LOOKALIKE]
    return alike[0] + doc_number[1:] if len(alike) == 1 else None


def _repaired_field(f: Field[str] | None, regions: tuple[str, ...]) -> Field[str] | None:
    if f is None or f.prov.confidence is None:
        return f
    fixed = repaired_head(f.value, regions)
    if fixed is None:
        return f
    return put_back(f, fixed)


def with_region_heads(
    doc_number: Field[str] | None, references: tuple[Reference, ...], issuers: Iterable[str]
) -> tuple[Field[str] | None, tuple[Reference, ...]]:
    """The notice's 文号 and its cited 文号, each read by OCR with its 代字's region character one
    look-alike off the notice's own regions, put back (see the module docstring)."""
    regions = own_regions(issuers)
    if not regions:
        return doc_number, references
    out: list[Reference] = []
    for ref in references:
        fixed = repaired_head(ref.doc_number, regions) if ref.doc_number and ref.prov.confidence is not None else None
        if fixed is None:
            out.append(ref)
            continue
        read = ref.prov.repaired_from or ref.raw or ref.doc_number
        out.append(replace(ref, doc_number=fixed, prov=replace(ref.prov, repaired_from=read)))
    return _repaired_field(doc_number, regions), tuple(out)
