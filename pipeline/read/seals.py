"""Seals (印章) found by their shape, and lifted off the text under them.

    find_seals(gray, dpi) -> tuple[Seal, ...]       rings on a grey page
    lift_seals(gray, seals, dpi) -> gray            the text under them kept

A red seal on a colour scan is split off by colour (``imageprep.split_red``);
on a grey or black-and-white scan it cannot be, and the 署名 and 成文日期
it is stamped over come out crossed by a ring, a star and a ring of text.
So seals are found by shape, on any page:

1. ``find_seals``: the page at ~50 dpi, ink against the local paper tone;
   only blobs of ink as tall as a seal (joint seals stacked, a long name
   across one) go to the Hough circle transform (cheap: a page of tables
   costs a few ms); circles of a seal's size (30-60 mm across) are kept
   only when they are *rings*: ink on most of the circle (``MIN_COVER`` of
   the angles) and clearly less ink just inside and just outside it (a
   circle through dense text has as much ink on either side). Centre and
   radius are then fitted to the ring's own ink at full resolution.
2. ``lift_seals``: inside each ring, seal ink and print differ in
   intensity on a grey scan (red ink greys to a mid tone, print is black,
   also where it runs under the seal). The seal's level is measured on the
   ring itself, print's on the darkest ink in the disc; the ring, the star
   and the seal's own text vanish and the date and name under them stay. Where
   the two levels are too close to tell apart (a black-and-white scan, a
   black seal), only the ring band is whitened: the text crossing it keeps
   everything but a thin slice.

   Print is never thinned: the seal's ink is taken away only where it is
   not connected to a stroke darker than the seal itself (details in
   ``lift_seal``); seal ink touching print stays, and OCR reads through it.

Pure functions of the image; no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

Image = npt.NDArray[np.uint8]

WORK_DPI = 50.0  # detection resolution
MIN_DIAMETER_MM = 30.0
MAX_DIAMETER_MM = 60.0
MIN_COVER = 0.7  # share of the circle's angles that must show ring ink
MIN_CONTRAST = 0.3  # ring cover minus the cover just inside / outside it
MIN_LEVEL_GAP = 35.0  # seal level - print level needed to lift by intensity
ANGLES = 180


@dataclass(frozen=True, slots=True)
class Seal:
    """A ring in pixels of the image it was found on."""

    cx: float
    cy: float
    r: float
    cover: float  # share of the ring's angles with ink


def _ink(gray: Image, window: int, depth: float) -> npt.NDArray[np.bool_]:
    """Pixels at least ``depth`` darker than the paper around them (max filter)."""
    paper = cv2.dilate(gray, cv2.getStructuringElement(cv2.MORPH_RECT, (window, window)))
    out: npt.NDArray[np.bool_] = gray.astype(np.int16) < paper.astype(np.int16) - depth
    return out


def _cover(ink: npt.NDArray[np.bool_], cx: float, cy: float, r: float, band: float) -> float:
    """Share of ``ANGLES`` directions with ink within ``band`` px of radius ``r``."""
    h, w = ink.shape
    t = np.linspace(0.0, 2 * math.pi, ANGLES, endpoint=False)
    hit = np.zeros(ANGLES, dtype=bool)
    inside = np.zeros(ANGLES, dtype=bool)
    for dr in np.arange(-band, band + 1e-9, 1.0):
        xs = np.round(cx + (r + dr) * np.cos(t)).astype(np.int64)
        ys = np.round(cy + (r + dr) * np.sin(t)).astype(np.int64)
        ok = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
        inside |= ok
        hit[ok] |= ink[ys[ok], xs[ok]]
    n = int(inside.sum())
    return float(hit.sum()) / ANGLES if n >= ANGLES * 0.9 else 0.0


def _ring_score(ink: npt.NDArray[np.bool_], cx: float, cy: float, r: float, band: float) -> tuple[float, float]:
    """(cover on the ring, cover on the ring minus the most on either side of it)."""
    on = _cover(ink, cx, cy, r, band)
    gap = max(2.5 * band, 0.12 * r)
    off = max(_cover(ink, cx, cy, r - gap, band), _cover(ink, cx, cy, r + gap, band))
    return on, on - off


def find_seals(gray: Image, dpi: int) -> tuple[Seal, ...]:
    """Seal rings on a grey page image (pixels of ``gray``)."""
    scale = min(1.0, WORK_DPI / dpi)
    small = (
        np.asarray(cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), dtype=np.uint8)
        if scale < 1
        else gray
    )
    sdpi = dpi * scale
    mm = sdpi / 25.4
    r_min, r_max = int(MIN_DIAMETER_MM / 2 * mm), int(math.ceil(MAX_DIAMETER_MM / 2 * mm))
    ink_small = _ink(small, max(5, int(8 * mm)), 40.0)
    if int(ink_small.sum()) < 2 * math.pi * r_min * MIN_COVER:
        return ()
    band = max(1.0, 0.6 * mm)  # ~1.2 mm wide: the ring itself, blurred
    found: list[Seal] = []
    for x0, y0, x1, y1 in _ring_sized(ink_small, r_min, r_max):
        for cx, cy, rr, cover in _rings_in(ink_small[y0:y1, x0:x1], r_min, r_max, band):
            cx, cy = cx + x0, cy + y0
            if any(math.hypot(s.cx * scale - cx, s.cy * scale - cy) < max(s.r * scale, rr) for s in found):
                continue
            found.append(Seal(cx / scale, cy / scale, rr / scale, cover))
    return tuple(_refine(gray, s, dpi) for s in found)


def _ring_sized(ink: npt.NDArray[np.bool_], r_min: int, r_max: int) -> list[tuple[int, int, int, int]]:
    """Regions (x0, y0, x1, y1) around ink blobs as tall as a seal.

    A seal's ring is one blob (small gaps closed) about as tall as it is
    wide; the name and date stamped over it may widen it, the seals of a
    joint issuance stack. Text lines are not seal-tall, full-width table
    grids are far wider.
    Only these regions go to the (costly) circle transform.
    """
    joined = cv2.dilate(ink.astype(np.uint8), np.ones((3, 3), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    h_img, w_img = ink.shape
    out = []
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i][:4])
        # up to three seals of a joint issuance stacked; a long name over a seal
        if not (1.6 * r_min <= h <= 6.5 * r_max and 1.6 * r_min <= w <= 4 * r_max):
            continue
        pad = r_min // 3
        out.append((max(0, x - pad), max(0, y - pad), min(w_img, x + w + pad), min(h_img, y + h + pad)))
    return out


def _rings_in(
    ink: npt.NDArray[np.bool_], r_min: int, r_max: int, band: float
) -> list[tuple[float, float, float, float]]:
    """(cx, cy, r, cover) of the rings in one region of the ink mask."""
    # the ring is what Hough sees best on the ink mask, blurred so its edge is smooth
    mask = cv2.GaussianBlur(ink.astype(np.uint8) * 255, (0, 0), 1.0)
    circles = cv2.HoughCircles(
        mask, cv2.HOUGH_GRADIENT, dp=1.0, minDist=float(r_min), param1=120, param2=18,
        minRadius=r_min, maxRadius=r_max,
    )
    if circles is None:
        return []
    out = []
    for cx, cy, r in circles[0][:20]:
        rr, cover, contrast = max(
            ((float(rr), *_ring_score(ink, float(cx), float(cy), float(rr), band))
             for rr in np.arange(r - 2, r + 2.01, 1.0)),
            key=lambda s: s[1],
        )
        if cover >= MIN_COVER and contrast >= MIN_CONTRAST:
            out.append((float(cx), float(cy), rr, cover))
    return out


def _fit_circle(xs: npt.NDArray[np.float64], ys: npt.NDArray[np.float64]) -> tuple[float, float, float]:
    """Least-squares circle through points (Kasa): centre and radius."""
    a = np.column_stack([xs, ys, np.ones_like(xs)])
    b = xs * xs + ys * ys
    (c0, c1, c2), *_ = np.linalg.lstsq(a, b, rcond=None)
    cx, cy = c0 / 2, c1 / 2
    return float(cx), float(cy), float(math.sqrt(max(0.0, c2 + cx * cx + cy * cy)))


def _refine(gray: Image, seal: Seal, dpi: int) -> Seal:
    """The ring's centre and radius fitted to its own ink at full resolution."""
    mm = dpi / 25.4
    ys, xs, dist = _disc(gray.shape, seal, 1.25)
    ink = _ink(gray[ys, xs], max(5, int(4 * mm)) | 1, 40.0)
    cx, cy, r = seal.cx, seal.cy, seal.r
    for band in (0.1 * seal.r, 0.05 * seal.r):
        yy, xx = np.mgrid[ys, xs]
        d = np.hypot(xx - cx, yy - cy)
        near = ink & (np.abs(d - r) <= band)
        if int(near.sum()) < 50:
            return seal
        fx, fy, fr = _fit_circle(xx[near].astype(np.float64), yy[near].astype(np.float64))
        if abs(fr - r) > 0.15 * seal.r or math.hypot(fx - cx, fy - cy) > 0.15 * seal.r:
            return seal  # the fit ran off (text, not ring): keep the detection
        cx, cy, r = fx, fy, fr
    del dist
    return Seal(cx, cy, r, seal.cover)


def _disc(shape: tuple[int, ...], seal: Seal, grow: float) -> tuple[slice, slice, npt.NDArray[np.float64]]:
    """Crop slices around ``seal`` and each pixel's distance from its centre."""
    h, w = shape[:2]
    reach = seal.r * grow
    y0, y1 = max(0, int(seal.cy - reach)), min(h, int(seal.cy + reach) + 1)
    x0, x1 = max(0, int(seal.cx - reach)), min(w, int(seal.cx + reach) + 1)
    yy, xx = np.mgrid[y0:y1, x0:x1]
    return slice(y0, y1), slice(x0, x1), np.hypot(xx - seal.cx, yy - seal.cy)


def lift_seal(gray: Image, seal: Seal, dpi: int) -> Image:
    """``gray`` with one seal's ink made paper, the print under it kept."""
    mm = dpi / 25.4
    ring_half = max(2.0, 1.2 * mm)  # the ring's half width, with blur and the fit's error
    ys, xs, dist = _disc(gray.shape, seal, 1.0 + 2.5 * ring_half / seal.r)
    crop = gray[ys, xs]
    window = max(5, int(4 * mm)) | 1
    ink = _ink(crop, window, 40.0)
    paper = float(np.percentile(crop, 90))
    in_disc = dist <= seal.r + ring_half
    on_ring = (np.abs(dist - seal.r) <= ring_half * 0.6) & ink
    if int(on_ring.sum()) < 20 or _cover(ink, seal.cx - xs.start, seal.cy - ys.start, seal.r, ring_half) < MIN_COVER:
        return gray  # no ring there: nothing of a seal to lift
    seal_level = float(np.median(crop[on_ring]))
    print_level = float(np.percentile(crop[in_disc & ink], 3)) if int((in_disc & ink).sum()) else 0.0
    out = gray.copy()
    region = out[ys, xs]
    if seal_level - print_level >= MIN_LEVEL_GAP:
        # print is darker than the seal alone, also where it runs under it
        # (ink over ink): what is darker than the seal's darkest ink (specks
        # of noise aside) is the core of a print stroke. The ring is cut
        # away but within ~0.6 mm of such a core; then every blob of ink
        # without a core (the seal's text, its star, what is left of the
        # ring) becomes paper, while a blob with one (a character with its
        # thin strokes and blurred edges, and seal ink touching it) stays
        # whole: print is never thinned.
        darkest = float(np.percentile(crop[on_ring], 5)) - 3.0
        core = _without_specks((in_disc & (crop < darkest)).astype(np.uint8), max(4, int((0.3 * mm) ** 2)))
        k = max(3, int(round(1.2 * mm))) | 1
        near = cv2.dilate(core, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))) > 0
        cut = in_disc & (np.abs(dist - seal.r) <= ring_half) & ~near
        blobs = (in_disc & ink & ~cut).astype(np.uint8)
        n, labels = cv2.connectedComponents(blobs, connectivity=8)
        printed = np.zeros(n, dtype=bool)
        printed[np.unique(labels[core > 0])] = True
        printed[0] = False
        lift = in_disc & (cut | ((blobs > 0) & ~printed[labels]))
        region[lift] = np.uint8(min(255.0, paper))
    else:  # too close to tell apart: whiten the ring band only
        region[np.abs(dist - seal.r) <= ring_half] = np.uint8(min(255.0, paper))
    return out


def _without_specks(mask: npt.NDArray[np.uint8], min_area: int) -> npt.NDArray[np.uint8]:
    """``mask`` without its blobs smaller than ``min_area`` pixels."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = np.zeros(n, dtype=np.uint8)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] >= min_area
    return np.asarray(keep[labels], dtype=np.uint8)


def lift_seals(gray: Image, seals: tuple[Seal, ...], dpi: int) -> Image:
    """``gray`` with every seal in ``seals`` lifted (``lift_seal``)."""
    for seal in seals:
        gray = lift_seal(gray, seal, dpi)
    return gray
