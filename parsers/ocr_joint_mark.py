"""OCR: a joint 发文机关标志 with its names STACKED, put back from the 署名.

A joint notice (联合行文) prints its organs' names one above the other, then
``文件`` beside the stack; its 署名 lists the same organs in the same order
(GB/T 9704 7.3.5.2 / 7.3.2). OCR reads a stack badly: the line squeezed between
two others is cut (``枞`` for 枞阳县财政局) or misread (``礼财政周局`` for
礼县财政局), while the 署名 below the body, in the body's type, reads right.

Put back from the 署名, only when the two lists are the same organs:

* as many names in the mark as in the 署名: a name differing from the
  署名's at its place is replaced when it is no sound name itself (an
  official region then an organ word, ``notice_names.is_sound_name``: 泸县教育局
  is never turned into 泸县财政局), opens and ends with the same characters
  and is at most ``MAX_EDITS`` edits from it, and some other name agrees
  exactly; so is a name read whole with pieces of a neighbouring line glued at
  one end, a sign or a digit among them (``/田1寸灯淄博市发展和改革委员会``: the
  red pass of the line above reaching into it);
* one name fewer in the mark: the mark's text, less 文件 and the names read,
  leaves a fragment that opens the one 署名 name missing (the stacked line
  cut), and every name read agrees with the 署名 at its place.

The other way round, a 署名 name whose last characters the seal over it took (``龙陵县应急管理``
for 龙陵县应急管理局) is put back from the mark when it is no sound name itself and exactly one
sound name of the mark opens with it, at most ``MAX_LOST`` characters longer.

Text layers are never touched; a name put back keeps what OCR read in
``repaired_from`` and a lowered confidence (LOW_CONFIDENCE). Pure.

    issuers = issuers_from_signatories(header.issuers, closing.signatories)
    signatories = signatories_from_issuers(closing.signatories, issuers)
"""

from __future__ import annotations

from collections.abc import Sequence

import regex as re
from rapidfuzz.distance import Levenshtein

from parsers.normalize.notice_names import is_sound_name
from parsers.normalize.ocr_repair import put_back
from pipeline.core.model import Field
from pipeline.core.textnorm import strip_spaces

__all__ = ["MAX_EDITS", "issuers_from_signatories", "signatories_from_issuers"]

MAX_EDITS = 2  # a stacked name read with a character lost and one misread (礼财政周局 / 礼县财政局)
MIN_NAME = 4  # shorter names are never compared (too many organs alike)
MAX_LOST = 2  # characters of a 署名 name's end a seal may take (局, 员会)
MAX_PIECES = 6  # glyphs of a neighbouring line's pieces glued to a name read whole
_NOT_HAN = re.compile(r"[^\p{Han}]+")


def _near(read: str, printed: str) -> bool:
    return (
        min(len(read), len(printed)) >= MIN_NAME
        and read[0] == printed[0]
        and read[-1] == printed[-1]
        and Levenshtein.distance(read, printed) <= MAX_EDITS
    )


def _glued_to(read: str, printed: str) -> bool:
    """``read`` is ``printed`` whole with pieces of a neighbouring line glued at one end, a sign or a
    digit among them, which no organ name prints (``/田1寸灯淄博市发展和改革委员会``)."""
    if len(printed) < MIN_NAME or read == printed:
        return False
    extra = read.removesuffix(printed) if read.endswith(printed) else read.removeprefix(printed)
    return extra != read and len(extra) <= MAX_PIECES and bool(_NOT_HAN.search(extra))


def _same_size(issuers: Sequence[Field[str]], names: Sequence[str]) -> tuple[Field[str], ...] | None:
    wrong = [k for k, (f, n) in enumerate(zip(issuers, names, strict=True)) if f.value != n]
    if not wrong or len(wrong) == len(names):
        return None  # nothing to do, or no name to show the lists are the same organs
    out = list(issuers)
    for k in wrong:
        read = strip_spaces(issuers[k].value)
        if read in names or is_sound_name(read, ()) or not (_near(read, names[k]) or _glued_to(read, names[k])):
            return None
        out[k] = put_back(issuers[k], names[k])
    return tuple(out)


def _fragment(issuers: Sequence[Field[str]]) -> str:
    """What the mark's text holds beyond its names read and 文件 (Han only)."""
    rest: str = _NOT_HAN.sub("", issuers[0].raw).replace("文件", "")
    for f in issuers:
        rest = rest.replace(f.value, "", 1)
    return rest


def _one_lost(issuers: Sequence[Field[str]], names: Sequence[str]) -> tuple[Field[str], ...] | None:
    if any(f.raw != issuers[0].raw for f in issuers):
        return None  # not one mark read as a whole
    frag = _fragment(issuers)
    if not frag:
        return None
    for k, lost in enumerate(names):
        others = [n for j, n in enumerate(names) if j != k]
        if [f.value for f in issuers] != others or not lost.startswith(frag) or lost == frag:
            continue
        anchor = issuers[min(k, len(issuers) - 1)]
        found = put_back(anchor, lost, frag)
        return (*issuers[:k], found, *issuers[k:])
    return None


def issuers_from_signatories(
    issuers: tuple[Field[str], ...], signatories: Sequence[Field[str]]
) -> tuple[Field[str], ...]:
    """``issuers`` (an OCR-read joint mark) put back from the 署名 ``signatories``
    (see the module docstring); ``issuers`` itself when nothing is put back."""
    if not issuers or len(signatories) < 2 or any(f.prov.confidence is None for f in issuers):
        return issuers
    names = [strip_spaces(s.value) for s in signatories]
    if [f.value for f in issuers] == names:
        return issuers
    if len(issuers) == len(names):
        fixed = _same_size(issuers, names)
    elif len(issuers) == len(names) - 1:
        fixed = _one_lost(issuers, names)
    else:
        fixed = None
    return fixed if fixed is not None else issuers


def signatories_from_issuers(
    signatories: tuple[Field[str], ...], issuers: Sequence[Field[str]]
) -> tuple[Field[str], ...]:
    """OCR-read 署名 names cut short at their end put back from the mark's sound names (see the
    module docstring); ``signatories`` itself when nothing is put back."""
    sound = [strip_spaces(f.value) for f in issuers if is_sound_name(strip_spaces(f.value), ())]
    out = list(signatories)
    for k, f in enumerate(signatories):
        read = strip_spaces(f.value)
        if f.prov.confidence is None or len(read) < MIN_NAME or is_sound_name(read, ()):
            continue
        whole = [n for n in sound if n.startswith(read) and 0 < len(n) - len(read) <= MAX_LOST]
        if len(whole) == 1:
            out[k] = put_back(f, whole[0])
    return tuple(out)

