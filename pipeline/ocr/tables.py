"""Table rulings (表格线) from a page image, in PDF points.

    detect_rulings(image, dpi) -> tuple[Ruling, ...]

Binarise (adaptive threshold, so uneven light and faint grey lines survive),
close small gaps along each direction (broken or dotted scan lines), then a
morphological open with a long kernel keeps only straight runs at least
``min_length_pt`` long (``min_vertical_pt`` for vertical ones: a table
row continued on a new page may be one short row): text strokes are
shorter, and a "ruling" that runs inside a recognised text box is dropped. Each surviving
component becomes one thin Ruling (``top == bottom`` for a horizontal one,
``x0 == x1`` for a vertical one) through its centre line. Collinear pieces
separated by less than ``join_gap_pt`` are merged.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from pipeline.model import BBox, Ruling

Image = npt.NDArray[np.uint8]
RULINGS_VERSION = "2"  # part of the OCR cache key


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
) -> tuple[Ruling, ...]:
    """Horizontal and vertical rulings in ``image`` (points, top-left origin).

    ``text``: boxes of recognised text; a "ruling" running along the middle
    of text for most of its length is strokes of adjacent characters and
    is dropped.
    """
    ink = binarize(image)
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
            if not _through_text(ruling, text) and not _at_edge(ruling, w_pt, h_pt):
                rulings.append(ruling)
    rulings.sort(key=lambda r: (not r.is_horizontal, r.top, r.x0))
    return tuple(rulings)


def _through_text(r: Ruling, text: tuple[BBox, ...], share: float = 0.5) -> bool:
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
