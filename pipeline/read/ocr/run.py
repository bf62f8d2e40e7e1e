"""OCR one page: rasterise -> prepare -> recognise (cached) -> rulings.

    ocr_page(pdf_bytes, page_index, *, engine, dpi=200, cache=None) -> Page
    ocr_pages(pdf_bytes, *, engine, ...) -> tuple[Page, ...]

Pure except for the cache. The Page is in points of the *prepared* page
(upright and deskewed; width and height swap for a sideways scan). Boxes
from the red pass (the 发文机关标志) carry ``is_red=True``. A ReplayEngine
short-circuits everything: its stored page (boxes and rulings) is returned
without rendering. Any failure inside an engine becomes an EngineError
naming the engine and the page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from pipeline.core import timing
from pipeline.core.errors import EngineError, NoticesError
from pipeline.core.model import BBox, Page, Ruling, TextBox
from pipeline.core.textnorm import is_han
from pipeline.read import imageprep
from pipeline.read.ocr.base import EngineInfo, Image, OcrEngine, make_settings, px_to_pt
from pipeline.read.ocr.cache import CachedPage, CacheKey, OcrCache
from pipeline.read.ocr.gaps import split_at_gaps
from pipeline.read.ocr.parts import read_by_parts
from pipeline.read.ocr.replay import ReplayEngine
from pipeline.read.ocr.tables import (
    RULINGS_VERSION,
    detect_rulings,
    fit_to_chars,
    split_at_rulings,
    through_text,
)

READ_VERSION = "14"  # how boxes are combined (red pass, dedupe, cell lines, gaps): part of the cache key


@dataclass(frozen=True, slots=True)
class OcrOptions:
    dpi: int = imageprep.DEFAULT_DPI
    deskew: bool = True
    orient: bool = True
    denoise: bool = False
    read_red: bool = True  # OCR the red ink separately (发文机关标志)
    by_parts: bool = True  # tables cell by cell, detection over text bands only (engine permitting)


def cache_key(sha256: str, page: int, info: EngineInfo, options: OcrOptions) -> CacheKey:
    prep = imageprep.settings(deskew=options.deskew, orient=options.orient, denoise=options.denoise)
    extra = make_settings(
        {
            **prep,
            "dpi": options.dpi,
            "read_red": options.read_red,
            "rulings": RULINGS_VERSION,
            "read": READ_VERSION,
            **({"by_parts": True} if options.by_parts else {}),
        }
    )
    return CacheKey(sha256, page, info.name, info.version, tuple(sorted(info.settings + extra)))


def _recognize(engine: OcrEngine, image: Image, page: int, dpi: int) -> tuple[TextBox, ...]:
    try:
        return tuple(engine.recognize(image, page=page, dpi=dpi))
    except NoticesError:
        raise
    except Exception as err:  # an engine's own failure, re-raised as ours
        raise EngineError(
            f"OCR engine {engine.info().name!r} failed on page {page}: {err}"
        ) from err


# rapidocr: upright pages of the samples score 0.97-1.0, a turned one 0.6; an
# engine whose confidences run lower says so with an ``upright_confident`` attribute
UPRIGHT_CONFIDENT = 0.93


def upright_score(boxes: tuple[TextBox, ...] | list[TextBox]) -> float:
    """Mean confidence per character, discounted when few Chinese characters were read.

    Digits and Latin letters read upside down still look like digits and
    letters; Chinese characters upside down do not.
    """
    chars = sum(len(b.text) for b in boxes)
    if chars == 0:
        return 0.0
    cjk = sum(is_han(ch) for b in boxes for ch in b.text)
    mean = sum((b.confidence or 0.0) * len(b.text) for b in boxes) / chars
    return mean * min(1.0, cjk / 8.0)


def _shift(box: TextBox, dx: float, dy: float, *, is_red: bool) -> TextBox:
    b = box.bbox
    chars = tuple(replace(c, x0=c.x0 + dx, x1=c.x1 + dx) for c in box.chars)
    return replace(
        box, bbox=BBox(b.x0 + dx, b.top + dy, b.x1 + dx, b.bottom + dy), is_red=is_red, chars=chars
    )


def read_upright(
    engine: OcrEngine, prepared: imageprep.Prepared, page: int, *, orient: bool = True
) -> tuple[imageprep.Prepared, tuple[TextBox, ...]]:
    """Main pass on the red-free image; if it reads poorly, the page turned 180 too.

    Returns the orientation that reads better, with its boxes.
    """
    with timing.stage("ocr"):
        boxes = _recognize(engine, prepared.image, page, prepared.dpi)
    confident = _confident(engine)
    if not orient or upright_score(boxes) >= confident:
        return prepared, boxes
    with timing.stage("orient"):
        turned = imageprep.turn_half(prepared)
        other = _recognize(engine, turned.image, page, prepared.dpi)
    if upright_score(other) > upright_score(boxes):
        return turned, other
    return prepared, boxes


def _confident(engine: OcrEngine) -> float:
    return float(getattr(engine, "upright_confident", UPRIGHT_CONFIDENT))


def read_prepared(
    engine: OcrEngine,
    prepared: imageprep.Prepared,
    page: int,
    *,
    read_red: bool = True,
    main: tuple[TextBox, ...] | None = None,
) -> tuple[TextBox, ...]:
    """Main pass on the red-free image (unless ``main`` is given), then each red text region."""
    dpi = prepared.dpi
    if main is None:
        with timing.stage("ocr"):
            main = _recognize(engine, prepared.image, page, dpi)
    boxes = list(main)
    if read_red:
        red: list[TextBox] = []
        with timing.stage("red"):
            red_gray = prepared.red[:, :, 0]
            for x0, y0, x1, y1 in imageprep.red_text_regions(red_gray, dpi):
                crop = prepared.red[y0:y1, x0:x1]
                for box in _recognize(engine, crop, page, dpi):
                    red.append(_shift(box, px_to_pt(x0, dpi), px_to_pt(y0, dpi), is_red=True))
        # the rim of red ink can leave a ghost of the red line in the main pass
        boxes = [b for b in boxes if not any(_overlap(b.bbox, r.bbox) > 0.5 for r in red)]
        boxes.extend(_drop_nested(red))
    boxes.sort(key=lambda b: (round(b.bbox.top), b.bbox.x0))
    return tuple(boxes)


def _overlap(a: BBox, b: BBox) -> float:
    """Intersection over the smaller box's area."""
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.bottom, b.bottom) - max(a.top, b.top)
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min(a.width * a.height, b.width * b.height)
    return w * h / smaller if smaller > 0 else 0.0


def _drop_nested(boxes: list[TextBox]) -> list[TextBox]:
    """Drop a box lying inside a bigger one that reads the same text (a re-read piece)."""

    def area(b: TextBox) -> float:
        return b.bbox.width * b.bbox.height

    return [
        b
        for b in boxes
        if not any(
            o is not b and area(o) > area(b) and _overlap(b.bbox, o.bbox) > 0.8 and b.text in o.text
            for o in boxes
        )
    ]


def ocr_page(
    pdf_bytes: bytes,
    page_index: int,
    *,
    engine: OcrEngine,
    dpi: int | None = None,
    cache: OcrCache | None = None,
    sha256: str | None = None,
    options: OcrOptions | None = None,
) -> Page:
    """One page read by OCR, as a ``Page`` with ``text_source="ocr"``."""
    opts = options or OcrOptions()
    if dpi is not None:
        opts = replace(opts, dpi=dpi)
    page = page_index + 1
    if isinstance(engine, ReplayEngine):
        stored, key = engine.stored(page)
        label = engine.recorded_engine(page) or engine.info().label
        return _to_page(page, stored, label)
    info = engine.info()
    key_ = None
    if cache is not None:
        digest = sha256 or hashlib.sha256(pdf_bytes).hexdigest()
        key_ = cache_key(digest, page, info, opts)
        with timing.stage("cache"):
            hit = cache.get(key_)
        if hit is not None:
            return _to_page(page, hit, info.label)
    entry = read_page_image(pdf_bytes, page_index, engine=engine, options=opts)
    if cache is not None and key_ is not None:
        with timing.stage("cache"):
            cache.put(key_, entry)
    return _to_page(page, entry, info.label)


STANDING = 2.0  # a box this many times taller than wide stands (its line runs down the page)
STANDING_SHARE = 0.5  # ...and a page whose characters mostly stand in such boxes lies sideways


def standing_share(boxes: tuple[TextBox, ...] | list[TextBox]) -> float:
    """Share of the characters read that stand in boxes STANDING times taller
    than wide, three characters or more each: lines read down the page.

    A page turned a quarter that holds little but a 署名 block under its seals
    (a grey scan: the seal's star and text stay) shows its ink no line either
    way (``imageprep.is_sideways``: the star fuses each name into a square blob),
    and is read as it lies; the engine reads the standing lines all the same,
    and the layout then takes the 成文日期 beside a name for part of it."""
    chars = sum(len(b.text.strip()) for b in boxes)
    if chars == 0:
        return 0.0
    up = sum(
        len(b.text.strip())
        for b in boxes
        if len(b.text.strip()) >= 3 and b.bbox.height >= STANDING * b.bbox.width
    )
    return up / chars


def _read_main(
    engine: OcrEngine,
    raster: imageprep.Raster,
    page: int,
    options: OcrOptions,
    rotation: int | None = None,
) -> tuple[imageprep.Prepared, tuple[TextBox, ...], tuple[Ruling, ...] | None]:
    """The page prepared (turned by ``rotation`` when given) and its main pass read:
    (prepared page, boxes, rulings found on the way or None)."""
    with timing.stage("prepare"):
        prepared = imageprep.prepare(
            raster,
            deskew=options.deskew,
            orient=options.orient,
            denoise=options.denoise,
            rotation=rotation,
        )
    if options.by_parts and callable(getattr(engine, "parts", None)):
        with timing.stage("ocr"):
            got = read_by_parts(engine, prepared, page, orient=options.orient, confident=_confident(engine))
        return got.prepared, got.boxes, got.rulings
    prepared, main = read_upright(engine, prepared, page, orient=options.orient)
    return prepared, main, None


def read_page_image(
    pdf_bytes: bytes, page_index: int, *, engine: OcrEngine, options: OcrOptions
) -> CachedPage:
    """The uncached work: render, prepare, recognise, find rulings."""
    page = page_index + 1
    with timing.stage("rasterise"):
        raster = imageprep.rasterize(pdf_bytes, page_index, options.dpi)
    prepared, main, found = _read_main(engine, raster, page, options)
    if options.orient and prepared.rotation % 180 == 0 and standing_share(main) > STANDING_SHARE:
        turned = _read_main(engine, raster, page, options, rotation=90)
        if standing_share(turned[1]) <= STANDING_SHARE and upright_score(turned[1]) >= _confident(engine):
            prepared, main, found = turned
    boxes = read_prepared(engine, prepared, page, read_red=options.read_red, main=main)
    with timing.stage("rulings"):
        # rulings first, then boxes joined across a column line are split and
        # narrowed, then "rulings" that are strokes along a line of text dropped
        candidates = found if found is not None else detect_rulings(prepared.image, options.dpi)
        # narrowed to their characters (the detector pads its boxes); character
        # positions then have served: the cache and the Page keep lines
        # a line with a column's width of blank paper inside (a borderless
        # table's two cells) is split there too (``gaps.split_at_gaps``)
        split = split_at_rulings(boxes, candidates, prepared.image, options.dpi)
        boxes = tuple(
            replace(fit_to_chars(b), chars=()) if b.chars else b
            for b in split_at_gaps(split, prepared.image, options.dpi)
        )
        text = tuple(b.bbox for b in boxes)
        rulings = tuple(r for r in candidates if not through_text(r, text))
    return CachedPage(
        width=prepared.width_pt,
        height=prepared.height_pt,
        boxes=boxes,
        rulings=rulings,
        rotation=prepared.rotation,
        skew=prepared.skew,
    )


STARS = frozenset("★☆")
SEAL_STAR_PT = 24.0  # a seal's star is a quarter of a 4 cm seal: far taller than any line of text


def is_seal_star(box: TextBox) -> bool:
    """A box reading nothing but a star, as tall as a seal's emblem: the star
    in the middle of a 印章, no text (a classification prints its ★ inside
    a line, ``秘密★1年``, at the size of its characters)."""
    text = box.text.strip()
    return bool(text) and set(text) <= STARS and box.bbox.height >= SEAL_STAR_PT


RULE_GLYPHS = frozenset("1lI|丨")
RULE_PIECE_DOUBT = 0.8  # a true lone 1 reads at 0.95 and more
RULE_PIECE_WIDTH_PT = 8.0
RULE_PIECE_REACH_PT = 2.0


def is_rule_piece(box: TextBox, rulings: tuple[Ruling, ...]) -> bool:
    """A box reading a lone ``1`` (or ``l``, ``|``) with doubt, narrow, on a column line:
    a piece of the cell's rule that came into a cell line's crop (a photographed page's
    rules are not quite upright), not a character. Glued to the cell's figure it would
    make ``13272512.20`` of ``3272512.20``."""
    text = box.text.strip()
    if len(text) != 1 or text not in RULE_GLYPHS or box.confidence is None:
        return False
    b = box.bbox
    if box.confidence >= RULE_PIECE_DOUBT or b.width > RULE_PIECE_WIDTH_PT:
        return False
    return any(
        not r.is_horizontal
        and b.x0 - RULE_PIECE_REACH_PT <= r.x0 <= b.x1 + RULE_PIECE_REACH_PT
        and r.top <= b.bottom and r.bottom >= b.top
        for r in rulings
    )


def _to_page(page: int, entry: CachedPage, label: str) -> Page:
    """The Page of a reading (fresh, cached or replayed), seal stars and pieces of
    column lines read as ``1`` left out."""
    return Page(
        page=page,
        width=entry.width,
        height=entry.height,
        boxes=tuple(b for b in entry.boxes if not is_seal_star(b) and not is_rule_piece(b, entry.rulings)),
        rulings=entry.rulings,
        text_source="ocr",
        engine=label,
    )


def page_count(pdf_bytes: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        return len(doc)
    finally:
        doc.close()


def ocr_pages(
    pdf_bytes: bytes,
    *,
    engine: OcrEngine,
    page_indexes: tuple[int, ...] | None = None,
    cache: OcrCache | None = None,
    sha256: str | None = None,
    options: OcrOptions | None = None,
) -> tuple[Page, ...]:
    """Every page (or ``page_indexes``) read by OCR, in order."""
    digest = sha256 or hashlib.sha256(pdf_bytes).hexdigest()
    indexes = page_indexes if page_indexes is not None else tuple(range(page_count(pdf_bytes)))
    return tuple(
        ocr_page(pdf_bytes, i, engine=engine, cache=cache, sha256=digest, options=options)
        for i in indexes
    )
