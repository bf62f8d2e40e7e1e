"""Seals found by shape on grey and colour pages, and the print under them kept
(pipeline/read/seals.py). The pages are drawn here: a ring, a star, the seal's
own text around the arc, and a name and date printed across it."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.core.fonts import font_path
from pipeline.read import imageprep
from pipeline.read.seals import Seal, find_seals, lift_seal, lift_seals

DPI = 200
R = 155  # a 40 mm seal at 200 dpi (radius in pixels)
CX, CY = 520, 400


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path("song")), size, index=0)


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, fill: tuple[int, ...]) -> None:
    pts = []
    for k in range(10):
        ang = -math.pi / 2 + k * math.pi / 5
        rr = r if k % 2 == 0 else r * 0.382
        pts.append((cx + rr * math.cos(ang), cy + rr * math.sin(ang)))
    draw.polygon(pts, fill=fill)


def page(seal_rgb: tuple[int, int, int] | None, *, alpha: int = 170) -> np.ndarray:
    """An RGB page: a name and a date printed in black, a seal stamped over them."""
    img = Image.new("RGB", (1000, 800), (250, 250, 248))
    d = ImageDraw.Draw(img)
    body = _font(44)
    d.text((CX, CY), "栾川县财政局", font=body, fill=(15, 15, 15), anchor="mm")
    d.text((CX, CY + 70), "2021年9月16日", font=body, fill=(15, 15, 15), anchor="mm")
    d.text((80, 80), "根据有关文件要求，现将资金下达给你们。", font=body, fill=(15, 15, 15))
    if seal_rgb is not None:
        layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
        s = ImageDraw.Draw(layer)
        fill = (*seal_rgb, alpha)
        s.ellipse((CX - R - 6, CY - R - 6, CX + R + 6, CY + R + 6), outline=fill, width=12)
        _star(s, CX, CY, 0.34 * R, fill)
        small = _font(36)
        for k, ch in enumerate("栾川县财政局"):
            ang = math.radians(-90 - 60 + 24 * k)
            s.text((CX + 0.72 * R * math.cos(ang), CY + 0.72 * R * math.sin(ang)), ch, font=small, fill=fill,
                   anchor="mm")
        img = Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB")
    return np.asarray(img, dtype=np.uint8).copy()


def grey(rgb: np.ndarray) -> np.ndarray:
    return np.asarray(Image.fromarray(rgb).convert("L"), dtype=np.uint8)


RED = (214, 20, 20)


@pytest.mark.parametrize("colour", [RED, (120, 120, 120), (60, 60, 200)], ids=["red", "grey", "blue"])
def test_seal_found_by_its_shape_whatever_its_colour(colour: tuple[int, int, int]) -> None:
    seals = find_seals(grey(page(colour)), DPI)
    assert len(seals) == 1
    s = seals[0]
    assert math.hypot(s.cx - CX, s.cy - CY) < 6
    assert abs(s.r - R) < 0.05 * R
    assert s.cover > 0.9


def test_no_seal_on_text_and_tables() -> None:
    rgb = page(None)
    img = Image.fromarray(rgb)
    d = ImageDraw.Draw(img)
    for x in range(100, 900, 140):  # a ruled grid of seal-sized cells
        d.line((x, 150, x, 750), fill=(0, 0, 0), width=2)
    for y in range(150, 760, 120):
        d.line((100, y, 800, y), fill=(0, 0, 0), width=2)
    d.ellipse((850, 700, 880, 730), outline=(0, 0, 0), width=2)  # a small circle: ① or a box
    assert find_seals(grey(np.asarray(img)), DPI) == ()


def _dark(a: np.ndarray, box: tuple[int, int, int, int], level: int = 90) -> np.ndarray:
    x0, y0, x1, y1 = box
    return a[y0:y1, x0:x1] < level


def test_grey_seal_lifted_print_kept() -> None:
    clean = grey(page(None))
    stamped = grey(page(RED))
    (seal,) = find_seals(stamped, DPI)
    lifted = lift_seal(stamped, seal, DPI)
    date = (CX - 200, CY + 40, CX + 200, CY + 100)
    name = (CX - 150, CY - 30, CX + 150, CY + 30)
    for box in (date, name):  # every print pixel is still print
        want = _dark(clean, box)
        got = _dark(lifted, box, 120)
        assert (got & want).sum() >= 0.97 * want.sum()
    # the ring, away from the print, is paper again; so is the seal's own text
    top = lifted[CY - R - 8 : CY - R + 8, CX - 60 : CX + 60]
    assert (top < 200).mean() < 0.02
    arc = (CX - 120, CY - R + 10, CX + 120, CY - 0.45 * R)
    assert (_dark(lifted, tuple(int(v) for v in arc), 200)).mean() < 0.02  # type: ignore[arg-type]
    # outside the seal nothing changed
    assert np.array_equal(lifted[:150, :], stamped[:150, :])


def test_black_seal_only_its_ring_is_whitened() -> None:
    stamped = grey(page((10, 10, 10), alpha=255))
    (seal,) = find_seals(stamped, DPI)
    lifted = lift_seal(stamped, seal, DPI)
    top = lifted[CY - R - 8 : CY - R + 8, CX - 60 : CX + 60]
    assert (top < 200).mean() < 0.02
    # the date inside the ring is untouched (intensity cannot tell seal from print)
    inner = (slice(CY + 40, CY + 100), slice(CX - 100, CX + 100))
    assert np.array_equal(lifted[inner], stamped[inner])


def test_lift_seals_without_seals_is_the_identity() -> None:
    g = grey(page(None))
    assert lift_seals(g, (), DPI) is g
    assert np.array_equal(lift_seal(g, Seal(CX, CY, R, 1.0), DPI), g)  # no ring ink: nothing to do


@pytest.mark.parametrize("colour", ["grey", "colour"])
def test_prepare_leaves_the_date_under_the_seal(colour: str) -> None:
    rgb = page(RED)
    if colour == "grey":
        rgb = np.repeat(grey(rgb)[:, :, None], 3, axis=2)
    raster = imageprep.Raster(rgb, DPI, 0, rgb.shape[1] * 72 / DPI, rgb.shape[0] * 72 / DPI)
    prepared = imageprep.prepare(raster, deskew=False, orient=False)
    main = prepared.image[:, :, 0]
    clean = grey(page(None))
    date = (CX - 200, CY + 40, CX + 200, CY + 100)
    want = _dark(clean, date)
    assert (_dark(main, date, 140) & want).sum() >= 0.95 * want.sum()
    top = main[CY - R - 8 : CY - R + 8, CX - 60 : CX + 60]
    assert (top < 200).mean() < 0.05  # the ring is gone, by colour or by shape
