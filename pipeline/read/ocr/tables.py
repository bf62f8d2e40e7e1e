"""Table rulings (表格线) from a page image, in PDF points.

    detect_rulings(image, dpi) -> tuple[Ruling, ...]
    split_at_rulings(boxes, rulings) -> tuple[TextBox, ...]
    fit_to_chars(box) -> TextBox
    through_text(ruling, boxes) -> bool

Binarise (adaptive threshold, so uneven light and faint grey lines survive),
close small gaps along each direction (broken or dotted scan lines), then a
morphological open with a long kernel keeps only straight runs at least
``min_length_pt`` long (``min_vertical_pt`` for vertical ones: a table
row continued on a new page may be one short row): text strokes are
shorter, and a "ruling" that runs inside a recognised text box is dropped. Each surviving
component becomes one thin Ruling (``top == bottom`` for a horizontal one,
``x0 == x1`` for a vertical one) through its centre line. Collinear pieces
separated by less than ``join_gap_pt`` are merged.

At a small detection size the OCR detector can join the text of two
adjacent cells into one box ("630,524受益农户175户" across a column line).
A vertical ruling that crosses such a box and runs on beyond it (a column
line, not a stroke) splits it: the text is cut where the characters'
estimated advance (full width for CJK, half for digits and Latin) puts the
ruling (or, where the engine gives character positions, between the two
characters the line passes between; without them, where the width of the
ink left of the line, in ems, falls between two characters). Rulings are found first without the text, boxes split, and only then
rulings that run along the middle of text are dropped.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import cv2
import numpy as np
import numpy.typing as npt

from pipeline.core.model import BBox, Ruling, TextBox

Image = npt.NDArray[np.uint8]
RULINGS_VERSION = "4"  # part of the OCR cache key


def binarize(image: Image) -> npt.NDArray[np.uint8]:
    """Ink as 255 on 0, robust to uneven lighting."""
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image
    block = max(15, (min(gray.shape[:2]) // 40) | 1)
    ink = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 12
    )
    return np.asarray(ink, dtype=np.uint8)


def _segments(
    mask: npt.NDArray[np.uint8], horizontal: bool, scale: float
) -> list[tuple[float, float, float]]:
    """(position, start, end) in points for each line component of ``mask``."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out: list[tuple[float, float, float]] = []
    for i in range(1, n):
        x, y, w, h, _area = (int(v) for v in stats[i])
        if horizontal:
            ys = np.nonzero(labels[y : y + h, x : x + w] == i)[0]
            pos = (y + float(np.median(ys)) + 0.5) * scale
            out.append((pos, x * scale, (x + w) * scale))
        else:
            xs = np.nonzero(labels[y : y + h, x : x + w] == i)[1]
            pos = (x + float(np.median(xs)) + 0.5) * scale
            out.append((pos, y * scale, (y + h) * scale))
    return out


def _merge(
    segs: list[tuple[float, float, float]], tol: float, gap: float
) -> list[tuple[float, float, float]]:
    """Join collinear pieces (same position within ``tol``, ends within ``gap``)."""
    merged: list[list[float]] = []
    for pos, a, b in sorted(segs, key=lambda s: (round(s[0] / max(tol, 1e-6)), s[1])):
        for m in merged:
            if abs(m[0] - pos) <= tol and a <= m[2] + gap and b >= m[1] - gap:
                m[0] = (m[0] + pos) / 2
                m[1], m[2] = min(m[1], a), max(m[2], b)
                break
        else:
            merged.append([pos, a, b])
    return [(m[0], m[1], m[2]) for m in merged]


def detect_rulings(
    image: Image,
    dpi: int,
    *,
    min_length_pt: float = 40.0,
    min_vertical_pt: float = 18.0,
    close_gap_pt: float = 2.0,
    join_gap_pt: float = 6.0,
    text: tuple[BBox, ...] = (),
    binary: npt.NDArray[np.uint8] | None = None,
) -> tuple[Ruling, ...]:
    """Horizontal and vertical rulings in ``image`` (points, top-left origin).

    ``text``: boxes of recognised text; a "ruling" running along the middle
    of text for most of its length is strokes of adjacent characters and
    is dropped. ``binary``: ``binarize(image)`` when the caller has it.
    """
    ink = binarize(image) if binary is None else binary
    px = dpi / 72.0
    scale = 72.0 / dpi
    min_h = max(10, int(min_length_pt * px))
    min_v = max(10, int(min_vertical_pt * px))
    gap = max(1, int(close_gap_pt * px))
    rulings: list[Ruling] = []
    h_pt, w_pt = ink.shape[0] * scale, ink.shape[1] * scale
    for horizontal in (True, False):
        close_k = (gap, 1) if horizontal else (1, gap)
        min_len = min_h if horizontal else min_v
        open_k = (min_len, 1) if horizontal else (1, min_len)
        m = cv2.morphologyEx(
            ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, close_k)
        )
        m = cv2.morphologyEx(m, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, open_k))
        # a scan line is a few pixels thick and may wobble: thicken slightly across
        m = cv2.dilate(
            m, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3) if horizontal else (3, 1))
        )
        lines: npt.NDArray[np.uint8] = np.asarray(m, dtype=np.uint8)
        segs = _merge(_segments(lines, horizontal, scale), tol=2.0, gap=join_gap_pt)
        for pos, a, b in segs:
            if b - a < (min_length_pt if horizontal else min_vertical_pt):
                continue
            pos, a, b = round(pos, 2), round(a, 2), round(b, 2)
            ruling = Ruling(a, pos, b, pos) if horizontal else Ruling(pos, a, pos, b)
            if not through_text(ruling, text) and not _at_edge(ruling, w_pt, h_pt):
                rulings.append(ruling)
    rulings.sort(key=lambda r: (not r.is_horizontal, r.top, r.x0))
    return tuple(rulings)


def through_text(r: Ruling, text: tuple[BBox, ...], share: float = 0.5) -> bool:
    """True when ``r`` runs along the middle of text for over ``share`` of its length."""
    length = max(r.x1 - r.x0, r.bottom - r.top)
    covered = 0.0
    for b in text:
        if r.is_horizontal:
            band = b.height * 0.2
            if b.top + band < r.top < b.bottom - band:
                covered += max(0.0, min(r.x1, b.x1) - max(r.x0, b.x0))
        else:
            band = b.width * 0.2 if b.width < b.height else 0.0
            if b.x0 + max(band, 2.0) < r.x0 < b.x1 - max(band, 2.0):
                covered += max(0.0, min(r.bottom, b.bottom) - max(r.top, b.top))
    return covered > share * length


def _at_edge(r: Ruling, width: float, height: float, margin: float = 4.0) -> bool:
    """A line hugging the image border: a scanner edge or a deskew wedge."""
    if r.is_horizontal:
        return r.top < margin or r.top > height - margin
    return r.x0 < margin or r.x0 > width - margin


def _advance(ch: str) -> float:
    """A character's width in ems: full for CJK and full-width forms, half otherwise."""
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.5


def _centres(box: TextBox) -> list[tuple[int, float]]:
    """(i, x): the centre of each character or word of ``box``, i its start index.

    From the engine's character positions where it gave them, else estimated
    from the characters' advance across the box.
    """
    if box.chars:
        out, index = [], 0
        for c in box.chars:
            out.append((index, (c.x0 + c.x1) / 2))
            index += len(c.text)
        return out
    b = box.bbox
    widths = [_advance(ch) for ch in box.text]
    total = sum(widths)
    if total <= 0:
        return []
    scale = b.width / total
    out, acc = [], 0.0
    for i, w in enumerate(widths):
        out.append((i, b.x0 + (acc + w / 2) * scale))
        acc += w
    return out


def box_band(box: TextBox, image: Image, dpi: int) -> tuple[npt.NDArray[np.uint8], int] | None:
    """The grey pixels of the page ``image`` under ``box`` (its first channel
    on a colour page) and the band's left edge in pixels; None for a box
    under 4 pixels either way."""
    px = dpi / 72.0
    b = box.bbox
    h_img, w_img = image.shape[:2]
    y0, y1 = max(0, int(b.top * px)), min(h_img, int(b.bottom * px) + 1)
    x0, x1 = max(0, int(b.x0 * px)), min(w_img, int(b.x1 * px) + 1)
    if y1 - y0 < 4 or x1 - x0 < 4:
        return None
    return (image[y0:y1, x0:x1, 0] if image.ndim == 3 else image[y0:y1, x0:x1]), x0


def _box_ink(box: TextBox, image: Image, dpi: int) -> tuple[npt.NDArray[np.bool_], float, int] | None:
    """The text ink of ``box`` on the page ``image`` (rules running through it
    removed), the text's ink height (one em) and the band's left edge in
    pixels; None for a box too small to measure."""
    got = box_band(box, image, dpi)
    if got is None:
        return None
    band, bx0 = got
    ink = band < 128
    # rules running through the box (a row line along it, a column line
    # across it) are not characters
    text = ink & ~(ink.mean(axis=1, keepdims=True) > 0.6) & ~(ink.mean(axis=0, keepdims=True) > 0.95)
    rows = np.flatnonzero(text.any(axis=1))
    if len(rows) < 3:
        return None
    # the line's height: the longest run of inked rows (a neighbouring line
    # the box's padding reaches into is a separate run)
    runs = np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1)
    return text, float(max(len(run) for run in runs)), bx0


def _measured_index(
    box: TextBox, start: tuple[int, float], x: float, ink: tuple[npt.NDArray[np.bool_], float, int], dpi: int
) -> int | None:
    """Where a column line at ``x`` cuts ``box``, from the ink (``_box_ink``):
    the width of the ink between the previous cut ``start`` (index, x) and
    the line, in ems (the text's ink height), matched to the characters'
    advance. For a box the engine gave no character positions for: an even
    estimate over the whole box is thrown off by the padding of the cells
    around a line."""
    px = dpi / 72.0
    text, em, bx0 = ink
    lo, hi = int((start[1] + 2.0) * px) - bx0, int((x - 2.0) * px) - bx0
    cols = np.flatnonzero(text[:, max(0, lo) : max(0, hi)].any(axis=0))
    if len(cols) == 0:
        return None
    # ems of ink in the cell; n characters' ink spans about n - 0.15 ems
    # (the side bearings of the first and last)
    measured = (cols[-1] - cols[0] + 1) / em + 0.15
    first = start[0]
    while first < len(box.text) and not box.text[first].strip():
        first += 1  # the gap at the line is no ink
    acc = sum(_advance(ch) for ch in box.text[:first])
    target = acc + measured
    best, best_d = None, float("inf")
    for i in range(first + 1, len(box.text)):
        acc += _advance(box.text[i - 1])
        if not box.text[i - 1].strip():
            continue
        if abs(acc - target) < best_d:
            best, best_d = i, abs(acc - target)
    return best if best_d <= 0.5 else None


def _cuts(
    box: TextBox, rulings: tuple[Ruling, ...], image: Image | None = None, dpi: int = 200
) -> list[tuple[int, float]]:
    """(character index, x) where a column line passes between two characters of ``box``."""
    b = box.bbox
    h = b.height
    cuts: dict[int, float] = {}
    prev = (0, b.x0)
    measure = image is not None and not box.chars
    ink: tuple[npt.NDArray[np.bool_], float, int] | None = None
    for r in sorted(rulings, key=lambda r: r.x0):
        if r.is_horizontal or not (b.x0 < r.x0 < b.x1):
            continue
        spans = r.top <= b.top + 0.25 * h and r.bottom >= b.bottom - 0.25 * h
        beyond = r.top < b.top - h or r.bottom > b.bottom + h
        if not (spans and beyond):
            continue
        if measure and ink is None and image is not None:
            ink = _box_ink(box, image, dpi)  # once per box, at its first column line
            measure = ink is not None
        measured = _measured_index(box, prev, r.x0, ink, dpi) if ink is not None else None
        if measured is not None:
            cuts[measured] = r.x0
            prev = (measured, r.x0)
            continue
        i = straddling_index(box, r.x0)
        if i is not None:
            cuts[i] = r.x0
            prev = (i, r.x0)
    return sorted(cuts.items())


def straddling_index(box: TextBox, x: float) -> int | None:
    """The index of the first character of ``box`` right of ``x``, when ``x`` lies between two
    characters' centres (``_centres``); None outside them."""
    centres = _centres(box)
    for (_, left), (i, right) in zip(centres, centres[1:], strict=False):
        if left < x < right:
            return i
    return None


def piece_box(box: TextBox, text: str, x0: float, x1: float) -> TextBox:
    """The part of ``box`` between ``x0`` and ``x1`` reading ``text``: the characters the engine
    placed there, kept when they spell ``text``."""
    chars = tuple(c for c in box.chars if x0 <= (c.x0 + c.x1) / 2 <= x1)
    if "".join(c.text for c in chars) != text:
        chars = ()
    return replace(box, text=text, bbox=BBox(x0, box.bbox.top, x1, box.bbox.bottom), chars=chars)


def split_at_rulings(
    boxes: tuple[TextBox, ...], rulings: tuple[Ruling, ...], image: Image | None = None, dpi: int = 200
) -> tuple[TextBox, ...]:
    """Boxes cut where a column line crosses them (one box per cell); with
    the page ``image``, a box without character positions is cut where its
    ink says (``_measured_index``)."""
    out: list[TextBox] = []
    for box in boxes:
        cuts = _cuts(box, rulings, image, dpi)
        if not cuts:
            out.append(box)
            continue
        b = box.bbox
        start, left = 0, b.x0
        for index, x in [*cuts, (len(box.text), b.x1 + 1.0)]:
            piece = box.text[start:index].strip()
            right = min(x - 0.5, b.x1)
            if piece and right > left:
                out.append(piece_box(box, piece, left, right))
            start, left = index, x + 0.5
    return tuple(out)


def fit_to_chars(box: TextBox, pad: float = 1.0) -> TextBox:
    """``box`` narrowed to its characters' extent (the detector pads its boxes).

    A padded box can overhang a column line by part of a character, and the
    layout would then cut a digit off into the next cell.
    """
    if not box.chars:
        return box
    b = box.bbox
    x0 = max(b.x0, min(c.x0 for c in box.chars) - pad)
    x1 = min(b.x1, max(c.x1 for c in box.chars) + pad)
    if x1 <= x0:
        return box
    return replace(box, bbox=BBox(x0, b.top, x1, b.bottom))
