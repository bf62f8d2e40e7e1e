"""OCR repair by vocabulary: a word read one character (or a few look-alike
characters) wrong, put back when the vocabulary leaves exactly one reading.

    repair_total_label("含计")            -> VocabRepair("合计", "含计", ...)
    repair_region_name("渍江区", within="4402", taken={"武江区", "曲江区"})
                                          -> VocabRepair("浈江区", ...)
    repair_organ_name("兄孜勒办柯尔兄孜目治州财政局")
                                          -> VocabRepair("克孜勒苏柯尔克孜自治州财政局", ...)
    repaired_recipients(Field("赣州市章责区财政局、…"), evidence)
                                          -> Field("赣州市章贡区财政局、…", repaired_from=…)

The vocabularies:

- total-row labels: 合计, 总计, 小计, 共计 (a prefix such as ``××市`` kept);
- region names: the official names (``pipeline.core.divisions``) under a
  parent region (the notice's own: a prefecture's districts), less those
  the same table prints on another row (a table lists a region once);
- organ names: a region name followed by an organ word
  (``parsers/rules/organs.yaml``: 财政局, 财政厅, 民政局, 卫生健康委员会 …).

Unique-reading rule: a repair is made only when one candidate is left.
Several candidates one character away are told apart by how alike the
characters look (``parsers.normalize.glyphs``): the best must beat the
next by a clear margin, else nothing is changed. An organ name may differ
in several characters, each a look-alike (``weighted_distance``), within
``ORGAN_BUDGET`` of its length, and again with a clear margin.

The 主送机关 is a list of organ names (``、``/``，`` between them): each
is given ``ocr_repair.repair_region_in_name`` (a region one character off,
attested elsewhere in the document or pinned by its parent region), and
the field keeps what OCR read, its confidence lowered unless attested.
A name of the list that opens with no region at all, beside two or more
names that open with counties of one prefecture, is read against that
prefecture's counties (its siblings; those the list names already left
out): ``埔桥区、砀山县、萧县、灵璧县、泗县财政局`` -> ``埇桥区、…``.

An organ name whose region part is read right is left alone, whatever
organ word follows (the vocabulary of organ words is never complete).
Callers apply this to OCR-read text only, keep what OCR read in
``Provenance.repaired_from`` and lower the confidence, so LOW_CONFIDENCE
names every repair. Pure; the vocabularies are cached data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import regex as re

from parsers.normalize.glyphs import glyph_similarity, weighted_distance
from parsers.normalize.ocr_repair import NameRepair, lowered_confidence, repair_region_in_name
from parsers.normalize.organ_rules import ORGAN_END, area_words, organ_words, township_suffixes
from pipeline.core.divisions import (
    DIVISION_END,
    is_official_name,
    near_region_names,
    official_names,
    region_head,
    resolve_region,
)
from pipeline.core.model import Field
from pipeline.core.textnorm import strip_spaces, substituted_at

__all__ = [
    "TOTAL_WORDS",
    "VocabRepair",
    "organ_words",
    "pick_lookalike",
    "repair_organ_name",
    "repair_region_name",
    "repair_recipient_list",
    "repair_total_label",
    "repaired_recipients",
]

TOTAL_WORDS = ("合计", "总计", "小计", "共计")
MARGIN = 0.1  # glyph similarity the best candidate must lead the next by
TOTAL_LOOKALIKE = 0.4  # a total word's character misread looks at least this much like it (含/合 0.61, 汁/计 0.73, 场/计 0.38)
SHORT_LOOKALIKE = 0.6  # a two-character name's misread character looks this much like it (孟/盂 0.79)
ORGAN_BUDGET = 0.3  # the most weighted edits per character of an organ name
ORGAN_MARGIN = 0.5  # weighted edits the next organ name must be further off


@dataclass(frozen=True, slots=True)
class VocabRepair:
    text: str  # the repaired word
    printed: str  # what OCR read
    candidates: tuple[str, ...]  # every word the vocabulary offered


def pick_lookalike(read: str, candidates: Iterable[str]) -> str | None:
    """The one candidate (each one substitution from ``read``), or the one
    whose differing character looks clearly most like the one read."""
    scored = []
    for c in set(candidates):
        i = substituted_at(read, c)
        if i is not None:
            scored.append((glyph_similarity(read[i], c[i]), c))
    if len(scored) == 1:
        return scored[0][1]
    scored.sort(reverse=True)
    if len(scored) >= 2 and scored[0][0] - scored[1][0] >= MARGIN:
        return scored[0][1]
    return None


def repair_total_label(label: str) -> VocabRepair | None:
    """A total-row label with one character misread (含计 -> 合计, ××市小汁 -> ××市小计).

    The last two characters are compared with the total words; what stands
    before them must be nothing or a region name (``赣州市``), and the
    character read must look like the total word's (``TOTAL_LOOKALIKE``:
    ``石河子总场`` is a farm, not a misread ``石河子总计``). A label that
    already ends in a total word is left alone.
    """
    key = strip_spaces(label)
    if len(key) < 2 or key[-2:] in TOTAL_WORDS:
        return None
    prefix, tail = key[:-2], key[-2:]
    if prefix and resolve_region(prefix) is None:
        return None
    cands = tuple(w for w in TOTAL_WORDS if substituted_at(tail, w) is not None)
    best = pick_lookalike(tail, cands)
    if best is None or _looks(tail, best) < TOTAL_LOOKALIKE:
        return None  # a word of its own (石河子总场: a farm, 场 looks nothing like 计)
    return VocabRepair(prefix + best, label, cands)


def _looks(read: str, word: str) -> float:
    """How much the one character ``read`` differs in looks like ``word``'s."""
    i = substituted_at(read, word)
    return 1.0 if i is None else glyph_similarity(read[i], word[i])


def repair_region_name(name: str, *, within: str, taken: Iterable[str] = ()) -> VocabRepair | None:
    """A region name one character off, among the official names under ``within``
    (a parent region's name or code prefix), less the names in ``taken``. A
    two-character name (``孟县`` for 盂县) is one character and its suffix:
    its misread character must look like the official one (SHORT_LOOKALIKE)."""
    key = strip_spaces(name)
    if resolve_region(key, within=within) is not None:
        return None
    used = {strip_spaces(t) for t in taken}
    cands = tuple(c for c in near_region_names(key, within=within, shortest=2) if c not in used)
    best = pick_lookalike(key, cands)
    if best is None or (len(key) == 2 and _looks(key, best) < SHORT_LOOKALIKE):
        return None
    return VocabRepair(best, name, cands)


def _is_known_organ(key: str) -> bool:
    """An organ word after a region read right, or any organ ending after an
    official region name: nothing for the vocabulary to repair."""
    if any(key.endswith(w) and (not key[: -len(w)] or resolve_region(key[: -len(w)]) is not None)
           for w in organ_words()):
        return True
    if any(key.endswith(w) and len(key) - len(w) > len(t) and key[: -len(w)].endswith(t)
           for w in organ_words() for t in township_suffixes()):
        return True  # a township's organ (洛阳镇人民政府): no listed region to check it against
    return bool(ORGAN_END.search(key)) and any(is_official_name(key[:cut]) for cut in range(2, len(key) - 1))


@lru_cache(maxsize=1)
def _names_by_length() -> dict[int, tuple[str, ...]]:
    """The official names by their length (a candidate is at most one longer or shorter)."""
    out: dict[int, list[str]] = {}
    for name in official_names():
        out.setdefault(len(name), []).append(name)
    return {n: tuple(names) for n, names in out.items()}


def _near_names(part: str, budget: float) -> list[tuple[float, str]]:
    """Official names within ``budget`` weighted edits of ``part``."""
    chars = set(part)
    out = []
    by_length = _names_by_length()
    for name in (n for k in (len(part) - 1, len(part), len(part) + 1) for n in by_length.get(k, ())):
        if len(chars & set(name)) * 2 < len(name):
            continue
        d = weighted_distance(part, name, budget)
        if d <= budget:
            out.append((d, name))
    return out


def repair_organ_name(name: str) -> VocabRepair | None:
    """An organ name (region + organ word) read with a few look-alike
    characters wrong, when exactly one region + organ word fits clearly best."""
    key = strip_spaces(name)
    if len(key) < 4 or _is_known_organ(key):
        return None
    budget = ORGAN_BUDGET * len(key)
    scored: dict[str, float] = {}
    for word in organ_words():
        for cut in {len(key) - len(word) - 1, len(key) - len(word), len(key) - len(word) + 1}:
            if cut < 2:
                continue
            d_word = weighted_distance(key[cut:], word, budget)
            if d_word > budget:
                continue
            for d_region, region in _near_names(key[:cut], budget - d_word):
                total = d_word + d_region
                cand = region + word
                scored[cand] = min(scored.get(cand, total), total)
    if not scored:
        return None
    ranked = sorted((d, c) for c, d in scored.items())
    best_d, best = ranked[0]
    if best == key or (len(ranked) > 1 and ranked[1][0] - best_d < ORGAN_MARGIN):
        return None
    return VocabRepair(best, name, tuple(c for _, c in ranked[:5]))


def taken_names(names: Sequence[str | None]) -> set[str]:
    """The printed names of a table's rows (for ``repair_region_name``'s ``taken``)."""
    return {strip_spaces(n) for n in names if n}


_LIST_SEPARATORS = re.compile(r"([、，,；;])")


def repair_recipient_list(text: str, evidence: Iterable[str] = ()) -> NameRepair | None:
    """A list of organ names (主送机关) with a region read one character wrong
    in some of them (``ocr_repair.repair_region_in_name`` on each), or None.
    ``attested`` only when every repaired name is attested in ``evidence``."""
    texts = tuple(evidence)
    parts = _LIST_SEPARATORS.split(text)
    parent = _siblings_parent(parts)
    out: list[str] = []
    changed, attested = False, True
    for part in parts:
        fix = None if not part or _LIST_SEPARATORS.fullmatch(part) else repair_region_in_name(part, texts)
        if fix is None and parent is not None and part and not _LIST_SEPARATORS.fullmatch(part):
            fix = _sibling_repair(part, parent, texts, taken=_heads(parts))
        out.append(fix.text if fix is not None else part)
        if fix is not None:
            changed, attested = True, attested and fix.attested
    return NameRepair("".join(out), text, attested) if changed else None


def _siblings_parent(parts: Sequence[str]) -> str | None:
    """The one prefecture (4-digit code) whose counties the list's names open
    with, two of them at least (``砀山县、萧县、灵璧县、泗县财政局``: 宿州市), or None."""
    parents = []
    for part in parts:
        head = region_head(strip_spaces(part))
        match = resolve_region(strip_spaces(part)[:head]) if head else None
        if match is not None and match.level == "county":
            parents.append(match.code[:4])
    return parents[0] if len(parents) >= 2 and len(set(parents)) == 1 else None


def _heads(parts: Sequence[str]) -> set[str]:
    """The regions the list's names open with."""
    return {strip_spaces(p)[: region_head(strip_spaces(p))] for p in parts if region_head(strip_spaces(p))}


def _sibling_repair(part: str, parent: str, evidence: Sequence[str], *, taken: set[str]) -> NameRepair | None:
    """A list name opening with no region where its siblings open with counties of
    ``parent``: its opening stretch one look-alike from exactly one county of
    ``parent`` the list does not name already (``埔桥区`` beside 砀山县、萧县: 埇桥区)."""
    key = strip_spaces(part)
    if region_head(key):
        return None
    for j in range(len(key), 2, -1):
        if key[j - 1] not in DIVISION_END:
            continue
        best = repair_region_name(key[:j], within=parent, taken=taken)
        if best is not None and not any(key[:j].endswith(w) for w in area_words()):  # 高新区: no misread 高要区
            fixed = best.text + key[j:]
            return NameRepair(fixed, part, any(fixed in strip_spaces(t) for t in evidence))
    return None


def repaired_recipients(field: Field[str] | None, evidence: Iterable[str]) -> Field[str] | None:
    """The OCR-read 主送机关 with its regions repaired (``repair_recipient_list``):
    what OCR read kept in ``repaired_from`` (after any earlier repair's), the
    confidence lowered unless the document attests the names. A text layer
    is never touched."""
    if field is None or field.prov.confidence is None:
        return field
    fix = repair_recipient_list(field.value, evidence)
    if fix is None:
        return field
    confidence = field.prov.confidence if fix.attested else lowered_confidence(field.prov.confidence)
    read = field.prov.repaired_from or field.raw
    return Field(fix.text, field.raw, replace(field.prov, confidence=confidence, repaired_from=read))
