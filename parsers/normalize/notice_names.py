"""An organ or place name OCR read one slip off a name the notice itself
prints elsewhere, put back from that name.

    repair_from_notice("亚市财政局", ["…", "三亚市财政局", "…"])
        -> NoticeNameRepair("三亚市财政局", "亚市财政局")
    repair_from_notice("沪县教育和体育局", ["泸县教育和体育局文件"])
        -> NoticeNameRepair("泸县教育和体育局", "沪县教育和体育局")
    repair_from_notice("可岚县财政局E", ["岢岚县财政局办公室"])
        -> NoticeNameRepair("岢岚县财政局", "可岚县财政局E")

The vocabulary is the notice's own text (the 发文机关标志, the 署名, the
主送, the 印发机关, the body, the tables): a name one slip from a stretch
of it is put back to that stretch. A slip is one of

- a look-alike character (``glyphs.glyph_similarity`` at least ``LOOKALIKE``:
  沪/泸, 可/岢, 股/殷), no commoner than the one read (GB 2312 levels: OCR
  turns a rare character into a common one, so a row's 大佘太镇 is never
  "repaired" into a body's misread 大余太镇);
- a character lost or one too many (a seal's ring, a doubled ``局局``),
  only in a name of ``MIN_INDEL`` characters or more;
- Latin letters or digits glued at either end (a speck read ``E``), dropped
  before the comparison.

The stretch put back must itself be a name: it opens with an official
region (``三亚市…``) or stands between separators in the text (``、殷店镇``),
and it ends like the name read (its last character: 局, 镇 …).

No false repair: a name read right is never turned into another real one.
The name read is left alone when it is *sound*: it opens with an official
region name followed by an organ word (``organs.yaml``), or the text prints
it as a name of its own; and an official region it opens with is never
changed into another (only what follows it may be put back). Two counties one character apart in one notice
(五台县财政局, 五寨县财政局) are both sound and both kept. A repair is made
only when exactly one stretch is left, or one look-alike clearly beats the
others (``MARGIN``). The caller keeps what OCR read (``repaired_from``) and
lowers the confidence: LOW_CONFIDENCE names every repair. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex as re

from parsers.normalize.glyphs import GLUED_SPECKS, glyph_similarity
from parsers.normalize.ocr_repair import put_back
from parsers.normalize.organ_rules import organ_words, township_suffixes
from pipeline.core.divisions import region_head
from pipeline.core.model import Field
from pipeline.core.textnorm import one_edit_apart, strip_spaces, substituted_at

__all__ = [
    "LOOKALIKE",
    "MIN_INDEL",
    "NoticeNameRepair",
    "from_notice",
    "is_sound_name",
    "lookalike_slip",
    "rarity",
    "repair_from_notice",
]

LOOKALIKE = 0.45  # a misread character looks at least this much like the printed one (可/岢 0.55)
MIN_INDEL = 5  # a lost or extra character is put back only in a name this long (亚市财政局)
MIN_NAME = 3  # shorter names are left alone (a two-character word is too many things)
MARGIN = 0.1  # the best look-alike must lead the next by this much
_HAN = re.compile(r"\p{Han}")


@dataclass(frozen=True, slots=True)
class NoticeNameRepair:
    text: str  # the name as the notice prints it elsewhere
    printed: str  # what OCR read


def is_sound_name(name: str, texts: Sequence[str]) -> bool:
    """Whether ``name`` reads as a real name: an official region then an organ
    word (or nothing), or printed as a name of its own in ``texts``."""
    head = region_head(name)
    rest = name[head:]
    if head and (not rest or rest in organ_words()):
        return True
    return any(_bounded(t, i, len(name)) for t in texts for i in _find_all(t, name))


def _find_all(text: str, word: str) -> list[int]:
    out, i = [], text.find(word)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + 1)
    return out


def _bounded(text: str, i: int, n: int) -> bool:
    """Whether ``text[i:i+n]`` stands as a name of its own: nothing Han before
    it, or an official region opening it."""
    before = text[i - 1] if i > 0 else ""
    if not _HAN.match(before):
        return True
    if region_head(text[i : i + n]) == 0:
        return False
    # 岚县 inside 岢岚县: a region name's tail is no name of its own
    return not any(region_head(text[i - k : i + n]) > k for k in range(1, min(i, 3) + 1))


def substitution_likeness(read: str, word: str) -> float | None:
    """How alike the one character ``read`` has in place of ``word``'s are (glyphs), or None when
    they differ otherwise or the read character is the rarer one."""
    k = substituted_at(read, word)
    if k is None:
        return None
    got, printed = read[k], word[k]
    if rarity(got) > rarity(printed):
        return None  # OCR reads a rare character as a common one, not the other way (佘 is no misread 余)
    return glyph_similarity(got, printed)


def _slip(read: str, word: str) -> float | None:
    """How alike a one-slip pair is (1.0 for a lost/extra character), or None."""
    if len(read) == len(word):
        sim = substitution_likeness(read, word)
        return sim if sim is not None and sim >= LOOKALIKE else None
    if abs(len(read) - len(word)) != 1 or min(len(read), len(word)) < MIN_INDEL:
        return None
    return 1.0 if one_edit_apart(read, word) else None


def rarity(ch: str) -> int:
    """1 for a GB 2312 level-1 (common) character, 2 for level 2, 3 for one outside GB 2312."""
    try:
        lead = ch.encode("gb2312")[0]
    except UnicodeEncodeError:
        return 3
    return 1 if lead <= 0xD7 else 2


def lookalike_slip(read: str, word: str) -> bool:
    """Whether ``read`` is ``word`` with one look-alike character, no commoner
    in ``read`` than in ``word`` (the substitution rule of ``repair_from_notice``)."""
    return len(read) == len(word) and read != word and _slip(read, word) is not None


def _candidates(key: str, texts: Sequence[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    sizes = (len(key),) if len(key) < MIN_INDEL else (len(key) - 1, len(key), len(key) + 1)
    for t in texts:
        for n in sizes:
            for i in range(len(t) - n + 1):
                w = t[i : i + n]
                if w == key or w[-1] != key[-1] or not _bounded(t, i, n):
                    continue
                sim = _slip(key, w)
                if sim is not None and _HAN.match(w[0]):
                    out[w] = max(out.get(w, 0.0), sim)
    return out


def repair_from_notice(name: str, evidence: Iterable[str]) -> NoticeNameRepair | None:
    """``name`` put back to the one name the notice prints one slip from it
    (see the module docstring), or None."""
    key = GLUED_SPECKS.sub("", strip_spaces(name))
    if len(key) < MIN_NAME or not _HAN.match(key[0]):
        return None
    texts = [strip_spaces(e) for e in evidence]
    if is_sound_name(key, texts):
        return NoticeNameRepair(key, name) if key != strip_spaces(name) else None
    cands = _candidates(key, texts)
    head = region_head(key)
    if head:  # an official region read is kept: only what follows it may be put back
        cands = {w: s for w, s in cands.items() if w.startswith(key[:head])}
    cands = {w: s for w, s in cands.items() if not _is_township(key) or _is_township(w)}
    if any(region_head(w) for w in cands):  # a whole name beats a stretch of one
        cands = {w: s for w, s in cands.items() if region_head(w)}
    if not cands:
        return None
    ranked = sorted(((s, w) for w, s in cands.items()), reverse=True)
    if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < MARGIN:
        return None
    return NoticeNameRepair(ranked[0][1], name)


def _is_township(name: str) -> bool:
    return any(name.endswith(s) for s in township_suffixes())


def from_notice(name: Field[str], evidence: Iterable[str]) -> Field[str]:
    """The OCR-read ``name`` put back to the name the notice prints one slip
    from it (``repair_from_notice``), marked: what OCR read kept in
    ``repaired_from``, the confidence lowered. A text layer is never touched;
    ``name`` itself is returned when nothing is repaired."""
    if name.prov.confidence is None:
        return name
    fix = repair_from_notice(name.value, evidence)
    if fix is None:
        return name
    return put_back(name, fix.text)
