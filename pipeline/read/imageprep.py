"""Page images for OCR (图像预处理): rasterise, orient, deskew, separate red.

    rasterize(pdf_bytes, page_index, dpi) -> Raster         once per page
    prepare(raster, *, deskew=True, orient=True, ...) -> Prepared  image + transform
    turn_half(prepared) -> Prepared                          when OCR finds it upside down

Steps, each measured rather than assumed:

1. Red separation (``split_red``). In the main image red-tinted pixels are
   read from the red channel, where red ink is nearly as bright as paper:
   a red seal (印章) over the date vanishes and the date under it stays
   dark.
   ``red_image`` is the opposite (red as black, the rest white): OCR reads
   the red 发文机关标志 from it, region by region (``red_text_regions``
   skips seals: big, round, roughly square blobs, and thin rules).
   A seal colour cannot split off (a grey or black-and-white scan) is
   found by its shape and lifted off the print under it
   (``pipeline.read.seals``: ring, star and the seal's own text go, the 署名
   and 成文日期 under it stay); on a colour page it is gone already.
2. Orientation 0/90/180/270. Sideways is decided by morphology: closing
   along the text direction merges a line's characters into one long blob,
   across it merges nothing (line gaps are wider than character gaps), so
   the direction with more line-like blob length is the text direction.
   Upside down cannot be seen in the ink: the OCR pass reads the page as it
   is and, only when that reading is not confident, reads it turned 180
   degrees too (``turn_half``) and keeps the better one. An upright page,
   the common case, costs no extra OCR.
3. Deskew: the projection-profile method (Postl); the angle in ±5 degrees
   whose horizontal projection of ink pixels is sharpest, refined to 0.02
   degrees; undone by rotating about the centre (white fill, same size).
4. Optional denoise: a 3x3 median filter.

The ``Prepared`` transform maps points of the prepared (upright, deskewed)
image back to the original page (``to_original``), for debug drawings.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import cv2
import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium

from pipeline.core.errors import ImageTooLargeError, TruncatedPdfError
from pipeline.read.seals import find_seals, lift_seals

Image = npt.NDArray[np.uint8]
MAX_PIXELS = 150_000_000
DEFAULT_DPI = 200

PREP_VERSION = "6"


@dataclass(frozen=True, slots=True)
class Raster:
    image: Image  # RGB uint8, H x W x 3
    dpi: int
    page_index: int
    width_pt: float  # page size as the PDF states it (after /Rotate)
    height_pt: float


@dataclass(frozen=True, slots=True)
class Prepared:
    """The page made ready for OCR, and how it relates to the original page."""

    image: Image  # RGB uint8 (gray replicated), red lifted to white
    red: Image  # RGB uint8, red ink as black on white
    dpi: int
    rotation: int  # degrees the raster was turned clockwise (0, 90, 180, 270)
    skew: float  # degrees of skew undone (counter-clockwise positive)
    original_size: tuple[float, float]  # (width, height) of the page, points

    @property
    def width_pt(self) -> float:
        return float(self.image.shape[1]) * 72.0 / self.dpi

    @property
    def height_pt(self) -> float:
        return float(self.image.shape[0]) * 72.0 / self.dpi

    def to_original(self, x: float, y: float) -> tuple[float, float]:
        """A point of the prepared page (points) on the original page (points)."""
        cx, cy = self.width_pt / 2, self.height_pt / 2
        a = math.radians(self.skew)
        dx, dy = x - cx, y - cy
        # undo the deskew rotation (image rotated by +skew about the centre)
        ux = cx + dx * math.cos(a) - dy * math.sin(a)
        uy = cy + dx * math.sin(a) + dy * math.cos(a)
        w, h = self.original_size
        r = self.rotation % 360
        if r == 90:  # the original was turned clockwise: turn back
            return uy, h - ux
        if r == 180:
            return w - ux, h - uy
        if r == 270:
            return w - uy, ux
        return ux, uy


def u8(array: object) -> Image:
    """``array`` (an OpenCV result) as a uint8 ndarray, for the type checker."""
    return np.asarray(array, dtype=np.uint8)


# --- rasterising --------------------------------------------------------------


def rasterize(pdf_bytes: bytes, page_index: int, dpi: int = DEFAULT_DPI) -> Raster:
    """Render one page to RGB at ``dpi`` with pdfium."""
    try:
        doc = pdfium.PdfDocument(pdf_bytes)
    except pdfium.PdfiumError as err:
        raise TruncatedPdfError(f"damaged PDF ({err})") from err
    try:
        if not 0 <= page_index < len(doc):
            raise IndexError(f"page_index {page_index} out of range (0..{len(doc) - 1})")
        page = doc[page_index]
        width_pt, height_pt = page.get_size()
        if width_pt * height_pt * (dpi / 72.0) ** 2 > MAX_PIXELS:
            raise ImageTooLargeError(f"page image too large (page {page_index + 1})")
        bitmap = page.render(scale=dpi / 72.0, grayscale=False)
        pil = bitmap.to_pil().convert("RGB")
        image = np.asarray(pil, dtype=np.uint8).copy()
    finally:
        doc.close()
    return Raster(image, dpi, page_index, float(width_pt), float(height_pt))


# --- red ------------------------------------------------------------------------


def redness(rgb: Image) -> npt.NDArray[np.int16]:
    r = rgb[:, :, 0].astype(np.int16)
    gb = np.maximum(rgb[:, :, 1], rgb[:, :, 2]).astype(np.int16)
    out: npt.NDArray[np.int16] = np.clip(r - gb, 0, 255).astype(np.int16)
    return out


def split_red(rgb: Image, dpi: int = DEFAULT_DPI) -> tuple[Image, Image]:
    """(gray with red ink removed, red-as-black), both single channel.

    Red ink, opaque or not, passes red light: in the red channel it is
    nearly as bright as paper, while print stays dark, also under a seal
    (black under a half-transparent seal keeps a third of its darkness; a
    stamped seal leaves it black). So red-tinted pixels (and their rim:
    JPEG keeps colour at half resolution) are taken from the red channel,
    scaled so that ink over paper is white and sharpened with a cube so
    print under ink stays dark; what remains light grey is ink residue and
    becomes white. Everything else is plain grey.
    """
    gray = u8(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
    if not _any_red(rgb):
        return gray, np.full_like(gray, 255)
    r = rgb[:, :, 0].astype(np.float32)
    gb = (rgb[:, :, 1].astype(np.float32) + rgb[:, :, 2].astype(np.float32)) / 2
    diff = r - gb
    if int((diff > 40).sum()) < 20:
        return gray, np.full_like(gray, 255)
    k = 2 * max(1, round(dpi / 50)) + 1  # ~3 pt: the red channel is safe for print too
    tinted = cv2.dilate(diff, np.ones((k, k), np.uint8)) > 25
    # the red channel of ink over paper (the brightest of the clearly red pixels)
    ink_r = float(np.clip(np.percentile(r[diff > 40], 90), 150.0, 255.0))
    through = 255.0 * np.clip(r / ink_r, 0.0, 1.0) ** 3
    # print under (or over) ink is darker than the ink itself in luminance too;
    # the rim of a red stroke is dark in the red channel only because JPEG
    # blurred its colour, and is lighter than the ink
    ink_gray = float(np.percentile(gray[diff > 40], 75))
    is_print = (through < 170.0) & (gray < ink_gray - 10.0)
    through = np.where(is_print, through, 255.0)
    main = np.where(tinted, through, gray).astype(np.uint8)
    red = np.clip(diff, 0, 255)
    red_only = np.clip(255 - 2 * np.where(red > 40, red, 0), 0, 255).astype(np.uint8)
    return main, red_only


def _any_red(rgb: Image, step: int = 3) -> bool:
    """Whether any red ink is likely on the page, from every ``step``-th pixel.

    Red strokes (a 发文机关标志, a seal) are several pixels wide, so a sparse
    grid still hits them; most pages have none and skip the full-size work.
    """
    sample = rgb[::step, ::step].astype(np.int16)
    diff = sample[:, :, 0] - (sample[:, :, 1] + sample[:, :, 2]) // 2
    return int((diff > 40).sum()) >= 3


def red_text_regions(red_gray: Image, dpi: int) -> list[tuple[int, int, int, int]]:
    """Pixel boxes (x0, y0, x1, y1) of red text worth reading (not seals or rules)."""
    ink = (red_gray < 128).astype(np.uint8)
    if int(ink.sum()) < 50:
        return []
    px = dpi / 72.0
    k = max(3, int(8 * px))  # join the characters of a heading
    joined = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (k, max(1, k // 3))))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    found: list[tuple[int, int, int, int]] = []
    h_img, w_img = red_gray.shape
    for i in range(1, n):
        x, y, w, h, _area = (int(v) for v in stats[i])
        # a red text line (发文机关标志, 特急), or one spaced-out character of it
        if h < 8 * px or h > 80 * px:  # a rule, a speck or a whole seal
            continue
        pad = int(4 * px)
        found.append(
            (max(0, x - pad), max(0, y - pad), min(w_img, x + w + pad), min(h_img, y + h + pad))
        )
    # a line of red text is wider than tall; pieces of a seal's ring are not
    return [r for r in _merge_line_regions(found) if r[2] - r[0] >= 1.5 * (r[3] - r[1])]


def _merge_line_regions(
    regions: list[tuple[int, int, int, int]],
) -> list[tuple[int, int, int, int]]:
    """Join regions on one line (spaced-out 财 政 局 文 件) and drop nested ones."""
    out: list[list[int]] = []
    for x0, y0, x1, y1 in sorted(regions):
        for m in out:
            overlap = min(m[3], y1) - max(m[1], y0)
            height = max(m[3] - m[1], y1 - y0)
            if overlap > 0.5 * min(m[3] - m[1], y1 - y0) and x0 - m[2] < 2 * height:
                m[0], m[1], m[2], m[3] = min(m[0], x0), min(m[1], y0), max(m[2], x1), max(m[3], y1)
                break
        else:
            out.append([x0, y0, x1, y1])
    return [(a, b, c, d) for a, b, c, d in out]


# --- orientation --------------------------------------------------------------


def _small_ink(gray: Image, dpi: int, target_dpi: int = 100) -> tuple[npt.NDArray[np.uint8], float]:
    scale = min(1.0, target_dpi / dpi)
    small = (
        cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        if scale < 1
        else gray
    )
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink.astype(np.uint8), dpi * scale


def _even_ink(gray: Image, dpi: int, target_dpi: int = 100) -> tuple[npt.NDArray[np.uint8], float]:
    """Ink (1) of ``gray`` at about ``target_dpi``, each pixel against its own
    neighbourhood: a photographed page's light falls off towards its corners,
    and one global threshold (Otsu) on a page nearly all paper then splits
    the paper into light and shade, its few lines of text lost in the shade."""
    scale = min(1.0, target_dpi / dpi)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    block = max(15, (min(small.shape[:2]) // 40) | 1)
    ink = cv2.adaptiveThreshold(small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 12)
    return np.asarray(ink, dtype=np.uint8), dpi * scale


def _line_length(ink: npt.NDArray[np.uint8], sdpi: float, horizontal: bool) -> float:
    """Total length of text-line-like blobs after closing along one direction."""
    k = max(3, int(round(6 * sdpi / 72.0)))
    kernel = (k, 1) if horizontal else (1, k)
    closed = cv2.morphologyEx(
        ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, kernel)
    )
    _, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    w, h = stats[1:, 2].astype(np.float64), stats[1:, 3].astype(np.float64)
    length, thick = (w, h) if horizontal else (h, w)
    # a line of text: at least 4 pt thick (not a rule) and three times as long
    keep = (thick >= 4 * sdpi / 72.0) & (length >= 3 * thick)
    return float(length[keep].sum())


def is_sideways(gray: Image, dpi: int) -> bool:
    """True when the text lines run vertically (the page is turned 90/270)."""
    ink, sdpi = _even_ink(gray, dpi)
    return _line_length(ink, sdpi, horizontal=False) > _line_length(ink, sdpi, horizontal=True)


def rotate_quarter(image: Image, rotation: int) -> Image:
    """Turn ``image`` clockwise by ``rotation`` (0, 90, 180, 270) degrees."""
    r = rotation % 360
    if r == 90:
        return u8(cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE))
    if r == 180:
        return u8(cv2.rotate(image, cv2.ROTATE_180))
    if r == 270:
        return u8(cv2.rotate(image, cv2.ROTATE_90_COUNTERCLOCKWISE))
    return image


def decide_rotation(gray: Image, dpi: int) -> int:
    """Clockwise quarter turn (0 or 90) that makes the text lines horizontal.

    Whether the page is also upside down (180/270) cannot be told from ink
    geometry; the OCR pass decides that from what it reads (see
    ``pipeline.read.ocr.run``) and turns the prepared page with ``turn_half``.
    """
    return 90 if is_sideways(gray, dpi) else 0


def turn_half(prepared: Prepared) -> Prepared:
    """The prepared page turned by 180 degrees (a lossless turn: skew stays undone)."""
    return replace(
        prepared,
        image=rotate_quarter(prepared.image, 180),
        red=rotate_quarter(prepared.red, 180),
        rotation=(prepared.rotation + 180) % 360,
        skew=prepared.skew,
    )


# --- deskew ---------------------------------------------------------------------


def measure_skew(gray: Image, dpi: int, max_angle: float = 5.0) -> float:
    """Skew of the text lines in degrees (positive: lines fall to the right)."""
    ink, _ = _small_ink(gray, dpi, target_dpi=150)
    ys, xs = np.nonzero(ink)
    if len(xs) < 200:
        return 0.0
    rng = np.random.default_rng(0)
    if len(xs) > 100_000:
        pick = rng.choice(len(xs), 100_000, replace=False)
        xs, ys = xs[pick], ys[pick]
    xf = xs.astype(np.float64) - ink.shape[1] / 2
    yf = ys.astype(np.float64)
    offset = abs(xf).max() * math.tan(math.radians(max_angle)) + 2

    def score(angle: float) -> float:
        proj = yf - xf * math.tan(math.radians(angle)) + offset
        hist = np.bincount(proj.astype(np.int64))
        return float(np.dot(hist.astype(np.float64), hist))

    best = max(np.arange(-max_angle, max_angle + 1e-9, 0.2), key=score)
    fine = max(np.arange(best - 0.2, best + 0.2 + 1e-9, 0.02), key=score)
    return float(round(fine, 3))


def rotate_small(image: Image, angle: float) -> Image:
    """Rotate by ``angle`` degrees counter-clockwise about the centre, paper fill."""
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    # fill with the paper's own tone: a white wedge on grey paper is an edge
    sample = image[::7, ::7]
    border: float | tuple[float, ...]
    if image.ndim == 3:
        border = tuple(float(v) for v in np.median(sample.reshape(-1, image.shape[2]), axis=0))
    else:
        border = float(np.median(sample))
    return u8(
        cv2.warpAffine(
            image,
            m,
            (w, h),
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=border,
        )
    )


def to_rgb(gray: Image) -> Image:
    return np.ascontiguousarray(np.repeat(gray[:, :, None], 3, axis=2))


# --- everything ------------------------------------------------------------------


def prepare(
    raster: Raster,
    *,
    deskew: bool = True,
    orient: bool = True,
    denoise: bool = False,
    min_skew: float = 0.1,
    rotation: int | None = None,
) -> Prepared:
    """Orient, deskew and split the red out of one rendered page (``rotation``:
    a quarter turn already decided, e.g. from how OCR read the page upright)."""
    main, red = split_red(raster.image, raster.dpi)
    # a seal colour could not split off (a grey scan): found by its shape
    main = lift_seals(main, find_seals(main, raster.dpi), raster.dpi)
    blank_red = bool(red.min() == 255)  # no red ink: nothing to turn or read
    if rotation is None:
        rotation = decide_rotation(main, raster.dpi) if orient else 0
    if rotation:
        main = rotate_quarter(main, rotation)
        red = np.full_like(main, 255) if blank_red else rotate_quarter(red, rotation)
    skew = measure_skew(main, raster.dpi) if deskew else 0.0
    if abs(skew) >= min_skew:
        # lines falling to the right (clockwise) are turned back counter-clockwise
        main = rotate_small(main, skew)
        if not blank_red:
            red = rotate_small(red, skew)
    else:
        skew = 0.0
    if denoise:
        main = u8(cv2.medianBlur(main, 3))
    return Prepared(
        image=to_rgb(main),
        red=to_rgb(red),
        dpi=raster.dpi,
        rotation=rotation,
        skew=skew,
        original_size=(raster.width_pt, raster.height_pt),
    )


def settings(
    *, deskew: bool = True, orient: bool = True, denoise: bool = False
) -> dict[str, object]:
    """Preparation settings that change OCR output (part of the cache key)."""
    return {"prep": PREP_VERSION, "deskew": deskew, "orient": orient, "denoise": denoise}
