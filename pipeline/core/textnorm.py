"""Canonical text: layout whitespace removed, punctuation folded (文本规范化).

``clean_text`` is what every text field of a notice goes through:

- full-width digits, Latin letters and ``％`` fold to ASCII (NFKC-style,
  but only for those: ``（`` ``：`` ``〔`` ``《`` ``“`` stay as printed);
- whitespace between or around CJK characters and punctuation is layout
  and goes (``关于下达 2020 年`` -> ``关于下达2020年``); a run of whitespace
  between two Latin/digit tokens is kept as one space (``Word 2016``);
  a space after ``.`` ``,`` ``;`` ``:`` before a digit/letter is kept too
  (``1. 2022年`` stays two tokens, it is a list number, not a decimal);
- half-width ``( ) : ; ,`` next to a CJK character fold to full-width
  ``（ ） ： ； ，``; a bracket pair folds as a pair when either side or its
  content is CJK (``财社(2022)`` -> ``财社（2022）``).

``fold_compat_han`` folds the look-alike code points some PDF producers put in a text layer
for ordinary characters (Kangxi radicals ``⽇`` U+2F47 for ``日``, CJK compatibility
ideographs) to the unified ideographs (their NFKC forms); reading applies it to every word.

``fold_ocr_punct`` folds OCR spellings of comparison signs (``>=`` ``≧``
-> ``≥``) and leaves brackets for the 文号 code to handle.

Both are total (never raise) and idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = ["clean_text", "fold_compat_han", "fold_ocr_punct", "fold_width", "is_cjk", "is_han", "is_subsequence", "one_edit_apart", "strip_spaces", "substituted_at", "text_ems"]

_WIDTH_TABLE: dict[int, str] = {}
for _cp in range(0xFF10, 0xFF1A):  # ０-９
    _WIDTH_TABLE[_cp] = chr(_cp - 0xFEE0)
for _cp in range(0xFF21, 0xFF3B):  # Ａ-Ｚ
    _WIDTH_TABLE[_cp] = chr(_cp - 0xFEE0)
for _cp in range(0xFF41, 0xFF5B):  # ａ-ｚ
    _WIDTH_TABLE[_cp] = chr(_cp - 0xFEE0)
_WIDTH_TABLE[0xFF05] = "%"  # ％
_WIDTH_TABLE[0x3000] = " "  # ideographic space

_HALF_TO_FULL = {"(": "（", ")": "）", ":": "：", ";": "；", ",": "，"}
_KEEP_SPACE_AFTER = frozenset(".,;:")


def is_cjk(ch: str) -> bool:
    """A Han character or a CJK/full-width punctuation mark."""
    cp = ord(ch)
    return (
        0x3400 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x3FFFF
        or 0x3000 < cp <= 0x303F  # 、。〃〔〕《》「」【】…
        or 0xFF00 <= cp <= 0xFFEF  # full-width forms (（）：，…)
        or 0x2014 <= cp <= 0x201D  # — ‘ ’ “ ”
        or ch in "…·★☆○●□■√×≥≤"
    )


def is_han(ch: str) -> bool:
    """A Han ideograph (汉字) only: no punctuation, no full-width forms.

    What "CJK text" counts when deciding whether a page's text is real
    (``pipeline.read.textlayer.count_cjk``) or an OCR read is Chinese.
    """
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2FA1F
        or 0xF900 <= cp <= 0xFAFF
    )


def _is_word(ch: str) -> bool:
    return ch.isalnum() and not is_cjk(ch)


@cache
def _compat_han_table() -> dict[int, str]:
    """Kangxi radicals (U+2F00-2FDF), CJK radicals supplement (U+2E80-2EFF) and compatibility
    ideographs (U+F900-FAFF, U+2F800-2FA1F) whose NFKC form is one unified ideograph."""
    table: dict[int, str] = {}
    for lo, hi in ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)):
        for cp in range(lo, hi + 1):
            folded = unicodedata.normalize("NFKC", chr(cp))
            if len(folded) == 1 and folded != chr(cp) and 0x3400 <= ord(folded) <= 0x2FFFF:
                table[cp] = folded
    return table


def fold_compat_han(s: str) -> str:
    """``⽇⽉`` (Kangxi radicals) -> ``日月``: look-alike code points to unified ideographs."""
    return s.translate(_compat_han_table())


def fold_width(s: str) -> str:
    """Full-width digits, Latin letters, ``％`` and U+3000 to ASCII."""
    return s.translate(_WIDTH_TABLE)


def strip_spaces(s: str) -> str:
    """Every whitespace character removed (for codes, numbers, dates)."""
    return "".join(s.split())


def text_ems(text: str) -> float:
    """The advance of ``text`` in ems: a full-width character one, any other a half
    (spaces count nothing)."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text if not ch.isspace())


def is_subsequence(part: str, whole: str) -> bool:
    """Whether the characters of ``part`` appear in ``whole`` in order (not necessarily adjacent)."""
    it = iter(whole)
    return all(ch in it for ch in part)


def substituted_at(a: str, b: str) -> int | None:
    """The one position at which ``a`` and ``b``, of one length, differ (``含计``, ``合计``: 0),
    else None (other lengths, no difference, or more than one)."""
    if len(a) != len(b):
        return None
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return diff[0] if len(diff) == 1 else None


def one_edit_apart(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by at most one substitution, insertion or deletion."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return substituted_at(a, b) is not None
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _collapse_whitespace(s: str) -> str:
    parts = re.split(r"\s+", s.strip())
    if len(parts) <= 1:
        return parts[0] if parts else ""
    out = [parts[0]]
    for part in parts[1:]:
        left = out[-1][-1] if out[-1] else ""
        right = part[0]
        if _is_word(right) and (_is_word(left) or left in _KEEP_SPACE_AFTER):
            out.append(" ")
        out.append(part)
    return "".join(out)


def _fold_half_punct(s: str) -> str:
    chars = list(s)
    n = len(chars)

    def cjk_at(i: int) -> bool:
        return 0 <= i < n and is_cjk(chars[i])

    # bracket pairs first: fold both when either neighbour or the content is CJK
    cjk_before = [0]  # cjk_before[i]: CJK characters in chars[:i]
    for ch in chars:
        cjk_before.append(cjk_before[-1] + is_cjk(ch))
    stack: list[int] = []
    paired: set[int] = set()
    for i, ch in enumerate(chars):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            j = stack.pop()
            paired.update((i, j))
            inner_cjk = cjk_before[i] - cjk_before[j + 1] > 0
            if cjk_at(j - 1) or cjk_at(i + 1) or inner_cjk:
                chars[j], chars[i] = "（", "）"
    for i, ch in enumerate(chars):
        if ch in _HALF_TO_FULL and i not in paired and (cjk_at(i - 1) or cjk_at(i + 1)):
            chars[i] = _HALF_TO_FULL[ch]
    return "".join(chars)


def _clean_once(s: str) -> str:
    return _fold_half_punct(_collapse_whitespace(fold_width(s)))


def clean_text(s: str) -> str:
    """Canonical text for a printed Chinese text field (see module docstring)."""
    out = _clean_once(s)
    for _ in range(4):  # folding can create new CJK adjacency; run to a fixpoint
        nxt = _clean_once(out)
        if nxt == out:
            break
        out = nxt
    return out


_OCR_PUNCT: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:>|＞)\s*(?:=|＝)|≧|⩾|≥"), "≥"),
    (re.compile(r"(?:<|＜)\s*(?:=|＝)|≦|⩽|≤"), "≤"),
    (re.compile(r"＞"), ">"),
    (re.compile(r"＜"), "<"),
    (re.compile(r"＝"), "="),
    (re.compile(r"％"), "%"),
    (re.compile(r"‰"), "‰"),
)


def fold_ocr_punct(s: str) -> str:
    """Fold OCR spellings of comparison signs and percent; brackets stay."""
    for pattern, repl in _OCR_PUNCT:
        s = pattern.sub(repl, s)
    return s
