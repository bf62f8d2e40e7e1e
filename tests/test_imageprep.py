"""Image preparation: rasterise, red separation, orientation, deskew."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from pipeline.core.errors import TruncatedPdfError
from pipeline.read import imageprep

DEMO = Path(__file__).resolve().parent / "data" / "scan_demo" / "notice.pdf"  # tests/scan_demo.py


@pytest.fixture(scope="module")
def page1() -> imageprep.Raster:
    return imageprep.rasterize(DEMO.read_bytes(), 0, 100)


@pytest.fixture(scope="module")
def page1_gray(page1: imageprep.Raster) -> np.ndarray:
    return imageprep.split_red(page1.image)[0]


def test_rasterize_size(page1: imageprep.Raster) -> None:
    assert page1.image.dtype == np.uint8 and page1.image.shape == (1170, 827, 3)
    assert round(page1.width_pt) == 595 and round(page1.height_pt) == 842


def test_rasterize_errors() -> None:
    with pytest.raises(TruncatedPdfError):
        imageprep.rasterize(b"%PDF-1.4 garbage", 0, 100)
    with pytest.raises(IndexError):
        imageprep.rasterize(DEMO.read_bytes(), 9, 100)


def test_split_red_keeps_print_under_a_seal() -> None:
    img = np.full((200, 400, 3), 255, dtype=np.uint8)
    img[90:110, 50:350] = 0  # a black bar: "the date"
    seal = img.copy()
    cv2.circle(seal, (200, 100), 80, (214, 20, 20), -1)
    img = cv2.addWeighted(seal, 0.67, img, 0.33, 0)  # a half-transparent red seal
    main, red = imageprep.split_red(img)
    assert main[100, 200] < 110  # the bar under the seal is still dark
    assert main[60, 200] > 200  # plain seal ink became paper
    assert red[60, 200] < 100 and red[5, 5] == 255


def test_split_red_without_red_is_gray(page1: imageprep.Raster) -> None:
    gray = np.full((10, 10, 3), 128, dtype=np.uint8)
    main, red = imageprep.split_red(gray)
    assert (main == 128).all() and (red == 255).all()


def test_red_text_regions_find_the_header_not_the_seal(page1: imageprep.Raster) -> None:
    red = imageprep.split_red(page1.image)[1]
    regions = imageprep.red_text_regions(red, 100)
    assert len(regions) == 1
    x0, y0, x1, y1 = regions[0]
    assert y1 < 300 and x1 - x0 > 500  # the 发文机关标志 across the top


@pytest.mark.parametrize("angle", [1.5, -0.7, 0.4, -2.0])
def test_measure_skew(page1_gray: np.ndarray, angle: float) -> None:
    skewed = imageprep.rotate_small(page1_gray, -angle)  # clockwise = lines fall right
    assert imageprep.measure_skew(skewed, 100) == pytest.approx(angle, abs=0.15)


def test_is_sideways(page1_gray: np.ndarray) -> None:
    assert not imageprep.is_sideways(page1_gray, 100)
    assert imageprep.is_sideways(imageprep.rotate_quarter(page1_gray, 90), 100)
    assert imageprep.is_sideways(imageprep.rotate_quarter(page1_gray, 270), 100)


def test_decide_rotation_sees_sideways_pages(page1_gray: np.ndarray) -> None:
    assert imageprep.decide_rotation(page1_gray, 100) == 0
    assert imageprep.decide_rotation(imageprep.rotate_quarter(page1_gray, 270), 100) == 90


def test_turn_half_is_lossless_and_counts(page1: imageprep.Raster) -> None:
    prepared = imageprep.prepare(page1)
    turned = imageprep.turn_half(prepared)
    assert turned.rotation == (prepared.rotation + 180) % 360 and turned.skew == prepared.skew
    again = imageprep.turn_half(turned)
    assert np.array_equal(again.image, prepared.image) and np.array_equal(again.red, prepared.red)


def test_prepare_undoes_skew(page1: imageprep.Raster) -> None:
    skewed = imageprep.Raster(
        imageprep.rotate_small(page1.image, -1.2), 100, 0, page1.width_pt, page1.height_pt
    )
    prepared = imageprep.prepare(skewed)
    assert prepared.skew == pytest.approx(1.2, abs=0.15)
    assert prepared.rotation == 0
    again = imageprep.measure_skew(prepared.image[:, :, 0], 100)
    assert abs(again) < 0.15


def test_prepare_turns_a_sideways_page(page1: imageprep.Raster) -> None:
    turned = imageprep.rotate_quarter(page1.image, 90)
    raster = imageprep.Raster(turned, 100, 0, page1.height_pt, page1.width_pt)
    prepared = imageprep.prepare(raster)
    assert prepared.rotation in (90, 270)
    assert prepared.image.shape[0] > prepared.image.shape[1]  # portrait again


def test_to_original_maps_points_back() -> None:
    img = np.zeros((100, 200, 3), dtype=np.uint8)  # prepared: 200 x 100 px at 72 dpi
    prepared = imageprep.Prepared(img, img, 72, 90, 0.0, (100.0, 200.0))
    assert prepared.to_original(0, 0) == (0, 200)
    assert prepared.to_original(200, 100) == (100, 0)
    upside = imageprep.Prepared(img, img, 72, 180, 0.0, (200.0, 100.0))
    assert upside.to_original(10, 20) == (190, 80)
    flat = imageprep.Prepared(img, img, 72, 0, 2.0, (200.0, 100.0))
    assert flat.to_original(100, 50) == pytest.approx((100, 50))



def _one_row(fall_off: float, h: int = 827, w: int = 1169) -> np.ndarray:
    """A landscape page at 100 dpi, nearly all paper, with one table row of
    grey text near its top; its light falling off by ``fall_off`` grey levels
    towards the corners (a photographed page)."""
    yy, xx = np.mgrid[0:h, 0:w]
    r = np.hypot((yy - h / 2) / (h / 2), (xx - w / 2) / (w / 2)) / np.sqrt(2)
    page = 255 - fall_off * r
    page[100:102, 100:1070] = 150  # the row's rules
    page[132:134, 100:1070] = 150
    for x in (100, 260, 400, 540, 680, 820, 960, 1068):
        page[100:134, x : x + 2] = 150
    for x0 in range(130, 1040, 140):  # a few characters in each cell
        for k in range(4):
            page[108:126, x0 + k * 17 : x0 + k * 17 + 13] = 160
    return np.clip(page, 0, 255).astype(np.uint8)


def test_a_photographed_page_of_one_row_is_read_as_on_flat_paper() -> None:
    flat, shaded = _one_row(0.0), _one_row(50.0)
    ink, sdpi = imageprep._even_ink(flat, 100)
    row = imageprep._line_length(ink, sdpi, horizontal=True)
    assert row > 1000
    ink, sdpi = imageprep._even_ink(shaded, 100)
    assert imageprep._line_length(ink, sdpi, horizontal=True) >= 0.9 * row  # not lost in the shade
    assert not imageprep.is_sideways(shaded, 100)
    assert imageprep.is_sideways(imageprep.rotate_quarter(shaded, 90), 100)
