"""An organ name in the 署名 whose first characters a seal's ring took away
(``莞市科学技术局`` under the seal of ``东莞市科学技术局``), put back from the
same name printed elsewhere in the notice.

    restored_head(name, evidence) -> Field[str]
    restored_slots(names, evidence) -> tuple[Field[str], ...]

The seal is stamped over the 署名, and its ring may cross the name's first
character hard enough that OCR reads nothing there. The notice prints its
organs' names elsewhere too (the 发文机关标志, the 印发机关 ``…办公室``), so
the name read is completed when exactly one printed name elsewhere is this
one with ``MAX_LOST`` or fewer Han characters before it, the whole name
opening with a region's name that the name read lost (``东莞市…`` read
``莞市…``: a 中共 or a 省 a 署名 may leave out is no lost head), and the
name read is long enough to say which (``MIN_KEPT`` characters). The value is marked repaired and doubtful
(LOW_CONFIDENCE names what OCR read). A text layer is never touched.

Two names side by side, each under its seal, may come back as one name and a
slot of specks (``11r``: no Han character at all). The 署名 signs for the
organs of the 发文机关标志 (the organ lines that open the notice, before its
文号), so when exactly one slot is specks and exactly one organ of the mark
is missing from the names read, the slot is that organ (marked, doubtful).
When a name of such a 署名 was repaired (a slot filled, specks glued to a
name dropped) and the names are the mark's organs, they take the mark's order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import regex as re

from parsers.normalize.doc_number import find_doc_numbers
from parsers.normalize.ocr_repair import lowered_confidence
from pipeline.core.divisions import region_head
from pipeline.core.model import Field
from pipeline.core.textnorm import strip_spaces

__all__ = ["MAX_LOST", "MIN_KEPT", "mark_names", "restored_head", "restored_slots"]

MAX_LOST = 2  # characters a ring can take off a name's start
MIN_KEPT = 5  # characters of the name read: a shorter one could be part of many names
_ORGAN_END = re.compile(r"(?:局|厅|委|委员会|办|办公室|中心|政府|部|院|会|所|站|处)$")


def _heads(name: str, evidence: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for text in evidence:
        t = strip_spaces(text)
        for lost in range(1, MAX_LOST + 1):
            head = t[:lost]
            whole = head + name
            if (
                t[lost:].startswith(name)
                and all(re.match(r"\p{Han}", ch) for ch in head)
                and _opens_with_region(whole)
                and not _opens_with_region(name)
            ):
                found.add(whole)
    return found


def _opens_with_region(text: str) -> bool:
    """Whether ``text`` starts with a region's name (up to a 省/市/县/区… it holds)."""
    return region_head(text) > 0


def restored_head(name: Field[str], evidence: Iterable[str]) -> Field[str]:
    """``name`` with the characters a seal took off its start, when the notice's other
    lines (``evidence``) print it whole, once (see the module docstring)."""
    if name.prov.confidence is None or name.prov.repaired_from is not None:
        return name
    value = strip_spaces(name.value)
    if len(value) < MIN_KEPT or not _ORGAN_END.search(value):
        return name
    texts = [strip_spaces(t) for t in evidence]
    if any(t == value or t.startswith(value) for t in texts):
        return name  # printed so elsewhere too: nothing lost
    options = _heads(value, texts)
    if len(options) != 1:
        return name
    (whole,) = options
    prov = replace(name.prov, confidence=lowered_confidence(name.prov.confidence), repaired_from=name.value)
    return Field(whole, name.raw, prov)


_HAN = re.compile(r"\p{Han}")
_MARK_WORD = re.compile(r"(?:文件|文\s*件)$")


def mark_names(texts: Iterable[str]) -> tuple[str, ...]:
    """The organ names of the 发文机关标志: the lines that open the notice, up to
    its 文号, each ending like an organ (a trailing 文件 dropped) and opening
    with a region's name."""
    out: list[str] = []
    for text in texts:
        t = strip_spaces(text)
        if find_doc_numbers(t):
            return tuple(out)
        name = _MARK_WORD.sub("", t)
        if len(name) >= 4 and _ORGAN_END.search(name) and _opens_with_region(name):
            out.append(name)
    return ()  # no 文号: no telling where the mark ends


def restored_slots(names: tuple[Field[str], ...], evidence: Iterable[str]) -> tuple[Field[str], ...]:
    """``names`` with a slot of specks put back to the one organ of the mark
    no name read gives (see the module docstring)."""
    mark = mark_names(evidence)
    return _in_mark_order(_filled(names, mark), mark)


def _filled(names: tuple[Field[str], ...], mark: tuple[str, ...]) -> tuple[Field[str], ...]:
    junk = [i for i, n in enumerate(names) if n.prov.confidence is not None and not _HAN.search(n.value)]
    read = {strip_spaces(n.value) for n in names}
    missing = [m for m in mark if m not in read]
    if len(junk) != 1 or len(missing) != 1:
        return names
    (i,) = junk
    slot = names[i]
    confidence = lowered_confidence(slot.prov.confidence) if slot.prov.confidence is not None else None
    filled = Field(missing[0], slot.raw, replace(slot.prov, confidence=confidence, repaired_from=slot.value))
    return (*names[:i], filled, *names[i + 1 :])


def _in_mark_order(names: tuple[Field[str], ...], mark: tuple[str, ...]) -> tuple[Field[str], ...]:
    """Names read beside seals, one of them repaired (specks glued to it, a slot
    filled), in the mark's order once they are the mark's organs: the order
    OCR gave names side by side under seals is no order of the notice's."""
    if not any(n.prov.confidence is not None and n.prov.repaired_from is not None for n in names):
        return names
    if sorted(strip_spaces(n.value) for n in names) != sorted(mark):
        return names
    return tuple(sorted(names, key=lambda n: mark.index(strip_spaces(n.value))))
