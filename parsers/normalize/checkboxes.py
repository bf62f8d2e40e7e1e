"""Checkbox options read by OCR (项目类型: 产业发展□民生保障☑基础设施□…).

    read_checkboxes(text, known=()) -> ChoiceRepair
    has_checkbox(text) -> bool

A row of options is ``label + box`` (or ``box + label``). OCR sometimes drops
the ticked box; when exactly one option lacks its unticked box, that one is
the ticked option (status "repaired"), else nothing is chosen ("ambiguous").
Either way the caller marks the value doubtful (LOW_CONFIDENCE). Pure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import yaml

from parsers.normalize.rules import RULES_DIR
from pipeline.core.textnorm import strip_spaces

# Ticked and unticked boxes as printed; OCR look-alikes of an unticked box
# (囗, ▢ …) read the same. A look-alike of a ticked one is not taken as a
# tick: it is an unknown glyph after a label (see ``read_checkboxes``).
TICKED = "☑☒■√✓✔▣"
UNTICKED = "☐□囗▢◻◽▫⬜❏❐❑❒"
_ODD_LETTERS = "VvXx"
# Characters OCR reads for a box (ticked or not); they are words too (回, 区),
# so one counts as a box only exactly between two labels of the row's length.
_BOX_LOOKALIKE_CJK = "回团図囚凶区口日目田"

ChoiceStatus = Literal["clean", "repaired", "ambiguous", "none"]


@lru_cache(maxsize=1)
def standard_options() -> tuple[str, ...]:
    """The usual option labels (``parsers/rules/checkbox_options.yaml``)."""
    data = yaml.safe_load((RULES_DIR / "checkbox_options.yaml").read_text(encoding="utf-8"))
    return tuple(str(o) for o in data["options"])


@dataclass(frozen=True, slots=True)
class ChoiceRepair:
    """What the checkbox grammar makes of one row of options."""

    text: str  # as read
    choices: tuple[str, ...]  # the ticked option(s); () when none or undecided
    status: ChoiceStatus
    labels: tuple[str, ...] = ()  # every option label, in order, as split

    @property
    def doubtful(self) -> bool:
        return self.status in ("repaired", "ambiguous", "none")


def has_checkbox(text: str) -> bool:
    """A text holding a printed box, ticked or not (or an OCR look-alike)."""
    return any(ch in TICKED or ch in UNTICKED for ch in text)


def _is_cjk(ch: str) -> bool:
    return unicodedata.category(ch) == "Lo"


def _odd_positions(segment: str) -> list[int]:
    """Where an unknown glyph or a gap sits inside a segment (not at its ends):
    a symbol OCR made of a tick, a lone V/x between Chinese characters, a space."""
    out: list[int] = []
    for i, ch in enumerate(segment):
        if i == 0 or i == len(segment) - 1:
            continue
        cat = unicodedata.category(ch)
        symbol = ch.isspace() or cat[0] == "S" or cat in ("Co", "Cn")
        if symbol or (ch in _ODD_LETTERS and _is_cjk(segment[i - 1]) and _is_cjk(segment[i + 1])):
            out.append(i)
    return out


def _trim(label: str) -> str:
    """A label without spaces and without an unknown glyph at either end."""
    s = strip_spaces(label)
    while s and (unicodedata.category(s[-1])[0] == "S" or s[-1] in _ODD_LETTERS):
        s = s[:-1]
    while s and unicodedata.category(s[0])[0] == "S":
        s = s[1:]
    return s


def _merged_split(segments: Sequence[str], known: Sequence[str]) -> dict[int, tuple[int, int] | None]:
    """Segments that hold two labels run together (their box not read), and
    where each splits (end of the first, start of the second; None: somewhere,
    but not decidable): one unknown glyph
    or gap inside it; else ``known`` labels (the notice's other option rows,
    and the usual option labels, ``standard_options``) that make it two; else every other label (two at least) has the same
    length L >= 2 and it has 2L (or 2L + 1 with a box look-alike such as 回
    in the middle)."""
    out: dict[int, tuple[int, int] | None] = {}
    lengths = [len(_trim(s)) for s in segments]
    known_set = {k for k in known if k} | set(standard_options())
    for i, seg in enumerate(segments):
        seg = seg.strip()
        odd = _odd_positions(seg)
        if odd:
            ok = len(odd) == 1 and _trim(seg[: odd[0]]) and _trim(seg[odd[0] + 1 :])
            out[i] = (odd[0], odd[0] + 1) if ok else None  # several gaps: boxes lost, or a spaced label
            continue
        s = _trim(seg)
        if s in known_set:
            continue
        cuts = [j for j in range(1, len(s)) if s[:j] in known_set and s[j:] in known_set]
        if len(cuts) == 1:
            out[i] = (cuts[0], cuts[0])
            continue
        # two known labels parted by a box look-alike (产业发展口民生保障: 口 read for ☐)
        boxed = [j for j in range(1, len(s) - 1)
                 if s[j] in _BOX_LOOKALIKE_CJK and s[:j] in known_set and s[j + 1 :] in known_set]
        if len(boxed) == 1:
            out[i] = (boxed[0], boxed[0] + 1)
            continue
        rest = [n for j, n in enumerate(lengths) if j != i]
        if len(rest) >= 2 and len(set(rest)) == 1 and rest[0] >= 2:
            size = rest[0]
            if len(s) == 2 * size:
                out[i] = (size, size)
            elif len(s) == 2 * size + 1 and s[size] in _BOX_LOOKALIKE_CJK:
                out[i] = (size, size + 1)
    return out


def _ticked_row_labels(segments: Sequence[str], known: Sequence[str]) -> tuple[list[str], list[str]]:
    """The label before each box of a row whose tick was read, and every label of the row: a
    segment holding two labels parted by an unticked box read as a look-alike
    (``产业发展口民生保障☑``: 口 for ☐) is two labels, the box's the second (``_merged_split``)."""
    splits = _merged_split(segments, known)
    by_box: list[str] = []
    every: list[str] = []
    for i, seg in enumerate(segments):
        cut, s = splits.get(i), seg.strip()
        if cut is not None and cut[1] > cut[0] and s[cut[0] : cut[1]] in _BOX_LOOKALIKE_CJK:
            by_box.append(_trim(s[cut[1] :]))
            every.extend((_trim(s[: cut[0]]), _trim(s[cut[1] :])))
        else:
            by_box.append(_trim(seg))
            every.append(_trim(seg))
    return by_box, every


def read_checkboxes(text: str, known: Sequence[str] = ()) -> ChoiceRepair:
    """The ticked option(s) of one OCR-read row of ``label + box`` options.

    Clean when a ticked box was read. When none was, OCR has dropped the
    ticked box (an unticked one is a plain square and survives): then if
    every option but exactly one is followed by an unticked box and that one
    is followed by nothing (the row ends with it, or the next label follows
    at once) or by an unknown glyph, that one is the ticked option
    (``repaired``). Where two labels run together, ``_merged_split`` says
    where one ends, or nothing is decided. Two or more such places (two boxes
    lost) are ``ambiguous``; a row where every label has its unticked box is
    ``none`` (no tick read). A row read box-first (``☐A☑B``) is the mirror.
    ``known``: option labels printed in other rows of the notice, if any.
    """
    raw = text.strip()
    if not raw or not has_checkbox(raw):
        return ChoiceRepair(text, (), "none")
    if raw[0] in TICKED or raw[0] in UNTICKED:  # box first: the mirror image
        mirrored = read_checkboxes(raw[::-1], [k[::-1] for k in known])
        return ChoiceRepair(
            text,
            tuple(c[::-1] for c in mirrored.choices),
            mirrored.status,
            tuple(lab[::-1] for lab in reversed(mirrored.labels)),
        )
    parts = re.split(f"([{re.escape(TICKED + UNTICKED)}])", raw)
    segments, boxes, trailing = parts[0:-1:2], parts[1::2], parts[-1]
    labels = [_trim(s) for s in segments]
    every = labels
    if any(box in TICKED for box in boxes):
        labels, every = _ticked_row_labels(segments, known)
    ticked = tuple(lab for lab, box in zip(labels, boxes, strict=True) if box in TICKED and lab)
    if ticked:
        return ChoiceRepair(text, ticked, "clean", tuple(lab for lab in every if lab))
    if any(not lab for lab in labels):
        return ChoiceRepair(text, (), "ambiguous", tuple(lab for lab in labels if lab))
    tail = trailing.strip()
    texts = [*segments, tail] if _trim(tail) else list(segments)
    splits = _merged_split(texts, known)
    anomalies: list[str] = []  # the label each lost box would have ticked ('' unknown)
    split_labels: list[str] = []
    for i, seg in enumerate(texts):
        seg = seg.strip()
        if i not in splits:
            split_labels.append(_trim(seg))
            continue
        cut = splits[i]
        if cut is None:
            anomalies.append("")
            split_labels.append(_trim(seg))
        else:
            anomalies.append(_trim(seg[: cut[0]]))
            split_labels.extend((_trim(seg[: cut[0]]), _trim(seg[cut[1] :])))
    if _trim(tail):
        anomalies.append(split_labels[-1])  # the row ends with a label: its box lost too
    if len(anomalies) == 1 and anomalies[0]:
        return ChoiceRepair(text, (anomalies[0],), "repaired", tuple(split_labels))
    return ChoiceRepair(text, (), "ambiguous" if anomalies else "none", tuple(split_labels))
