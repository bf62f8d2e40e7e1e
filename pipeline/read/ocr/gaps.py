"""OCR lines split where the ink leaves a column's width of paper (borderless tables).

    split_at_gaps(boxes, image, dpi) -> tuple[TextBox, ...]

A table printed without vertical rules (三线表, or no rules at all) gives
the detector nothing between two neighbouring cells: two header labels
(``一类幼儿（`` ``二类幼儿（``) a little apart come back as one line, and the
layout sees one column where the page prints two. The page image still says
where they part: across the line's own band (thresholded by Otsu, so a grey
scan's faint ink counts), a run of blank columns far wider than any space
between the characters of one text.

A line parts at a blank at least ``TEXT_GAP`` of its characters' height
(one em: a justified line, an opening bracket's blank half and a
character's own open middle stay under three quarters), and only when
every piece keeps two characters or more (a label printed letter-spaced,
``合    计``, stays whole).

A line of figures (``494400702``: two amounts half an em apart) is left
whole: the unruled-table layout (``pipeline.layout.unruled``) takes two
cells of a row apart only at a blank of 0.45 of the row's box height, which
an OCR box (the detector's padded line, some 1.6 of the text's height)
makes about 0.7 of the text's height: two figures split at half an em would
stand in one row too close for it, and the row would fall out of its table
(y02's first two rows). Splitting them waits for that measure.

The cut between characters is taken from the engine's character positions
where it gave them (the two characters whose centres straddle the blank),
else from the ink: each piece of ink holds characters in proportion to its
width (``tables._advance``: full-width characters one em, others half).
Red boxes (the 发文机关标志) are left alone.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from pipeline.core.model import TextBox
from pipeline.read.ocr.tables import Image, _advance, box_band, piece_box, straddling_index

TEXT_GAP = 1.0  # of a character's height (one em)
MIN_CONTRAST = 60  # grey levels between the band's paper and its ink: else no ink to measure
RULE_SHARE = 0.95  # a row or column of the band this inked is a rule, not text
CLOSING = frozenset("，。、；：？！）》〉」』】〕”’)")  # ink on the left: a blank half after it
OPENING = frozenset("（《〈「『【〔“‘(")  # ink on the right: a blank half before it
FIGURE_CHARS = frozenset("0123456789.,，%-+ ")


def is_figures(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and set(text) <= FIGURE_CHARS


def _band_ink(box: TextBox, image: Image, dpi: int) -> tuple[npt.NDArray[np.bool_], int, int] | None:
    """The ink of ``box``'s band (Otsu; rules running along or across it
    removed), the text's height in pixels (the tallest run of inked rows)
    and the band's left edge; None when there is nothing to measure."""
    got = box_band(box, image, dpi)
    if got is None:
        return None
    band, x0 = np.ascontiguousarray(got[0]), got[1]
    if int(band.max()) - int(band.min()) < MIN_CONTRAST:
        return None
    _, inked = cv2.threshold(band, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = inked.astype(bool)
    ink &= ~(ink.mean(axis=1, keepdims=True) > RULE_SHARE) & ~(ink.mean(axis=0, keepdims=True) > RULE_SHARE)
    rows = np.flatnonzero(ink.any(axis=1))
    if len(rows) < 3:
        return None
    # a faint stroke may leave a row or two blank inside a character
    runs = np.split(rows, np.flatnonzero(np.diff(rows) > 3) + 1)
    return ink, max(int(run[-1] - run[0]) + 1 for run in runs), x0


def ink_pieces(box: TextBox, image: Image, dpi: int, gap_em: float) -> tuple[list[tuple[float, float]], float]:
    """(x0, x1) in points of each run of ink in ``box`` parted from the next
    by a blank at least ``gap_em`` of the text's height, and that height in
    points; no pieces when there is no ink to measure."""
    got = _band_ink(box, image, dpi)
    if got is None:
        return [], 0.0
    ink, em, left = got
    cols = np.flatnonzero(ink.any(axis=0))
    if len(cols) == 0:
        return [], 0.0
    wide = np.flatnonzero(np.diff(cols) - 1 >= gap_em * em)
    starts = [int(cols[0]), *(int(cols[i + 1]) for i in wide)]
    ends = [*(int(cols[i]) for i in wide), int(cols[-1])]
    pt = 72.0 / dpi
    return [((left + a) * pt, (left + b + 1) * pt) for a, b in zip(starts, ends, strict=True)], em * pt


def _cut_by_ink(text: str, pieces: list[tuple[float, float]], k: int) -> int:
    """The index after which piece ``k``'s characters end, by the pieces' ink widths."""
    widths = [b - a for a, b in pieces]
    total = sum(_advance(ch) for ch in text if ch.strip())
    target = total * sum(widths[: k + 1]) / sum(widths)
    best, best_d, acc = 0, float("inf"), 0.0
    for i, ch in enumerate(text):
        if ch.strip():
            acc += _advance(ch)
        if abs(acc - target) < best_d and i + 1 < len(text):
            best, best_d = i + 1, abs(acc - target)
    return best


def _cuts(box: TextBox, pieces: list[tuple[float, float]]) -> list[int]:
    cuts: list[int] = []
    for k in range(len(pieces) - 1):
        x = (pieces[k][1] + pieces[k + 1][0]) / 2
        cut = straddling_index(box, x) if len(box.chars) > 1 else None
        cuts.append(_cut_by_ink(box.text, pieces, k) if cut is None else cut)
    return cuts


def _parts(text: str, cuts: list[int]) -> list[str]:
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def _blank_needed(left: str, right: str, reach: int) -> float:
    """The blank (ems) that parts two texts: ``TEXT_GAP``, plus the half em a
    closing mark leaves after its ink (``》``, ``。``) and an opening one
    before it (``（``), for a mark within ``reach`` characters of the cut
    (1 where the engine placed the characters, 2 where the cut is estimated
    from the ink and may be one character off)."""
    closing = any(ch in CLOSING for ch in left[-reach:] + right[: reach - 1])
    opening = any(ch in OPENING for ch in right[:reach] + left[len(left) - reach + 1 :])
    return TEXT_GAP + 0.5 * closing + 0.5 * opening


def _acceptable(parts: list[str], blanks: list[float], reach: int) -> bool:
    """Pieces of text of two characters each, parted by more than their marks' own blank halves."""
    if not all(len(p.strip()) >= 2 for p in parts):
        return False
    return all(
        blank >= _blank_needed(a.strip(), b.strip(), reach)
        for a, b, blank in zip(parts, parts[1:], blanks, strict=False)
    )


def split_box(box: TextBox, image: Image, dpi: int) -> tuple[TextBox, ...]:
    """``box`` as one box per piece of text the page prints apart (see the module docstring)."""
    text = box.text
    if box.is_red or len(text.strip()) < 2:
        return (box,)
    if is_figures(text):
        return (box,)  # see the module docstring
    pieces, em = ink_pieces(box, image, dpi, TEXT_GAP)
    if len(pieces) < 2:
        return (box,)
    cuts = _cuts(box, pieces)
    if cuts != sorted(set(cuts)) or not all(0 < c < len(text) for c in cuts):
        return (box,)
    parts = _parts(text, cuts)
    blanks = [(b[0] - a[1]) / em for a, b in zip(pieces, pieces[1:], strict=False)]
    if not _acceptable(parts, blanks, 1 if len(box.chars) > 1 else 2):
        return (box,)
    return tuple(piece_box(box, part.strip(), x0, x1) for (x0, x1), part in zip(pieces, parts, strict=True))


def split_at_gaps(boxes: tuple[TextBox, ...], image: Image, dpi: int) -> tuple[TextBox, ...]:
    """Every box split where its ink parts by a column's width (``split_box``)."""
    return tuple(piece for box in boxes for piece in split_box(box, image, dpi))
