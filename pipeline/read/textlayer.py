"""Read a PDF's own text layer (文字层) into Pages of words and rulings.

    extract_text_pages(source, pdf_bytes) -> tuple[Page | None, ...]

One entry per page, in order. A page comes back as ``None`` when its text
layer is unusable and it needs OCR: no characters at all, characters that are
mostly garbage (``(cid:N)``, private-use or replacement characters) in both
pdfplumber and pdfium, or a page covered by an image with too little CJK text
to be the real content (a scan with a stray caption).

Words come from pdfplumber (pdfminer); when pdfminer reads no usable
characters but pdfium does (pdfminer misses some CFF CID fonts), the page's
words come from pypdfium2's character boxes instead (``engine="pdfium"``).
pdfium is also asked when more than 2% of pdfminer's characters are
undecodable (its reading wins if cleaner) and when pdfminer cannot parse a
page at all. Fake-bold text (every glyph printed twice) is de-duplicated;
words outside the page are dropped.
Rulings (horizontal and vertical line segments of tables and rules) come
from pdfplumber's vector objects: lines, rect borders, thin filled rects and
straight pieces of stroked paths; from pdfium's path objects only when
pdfminer cannot parse the page.
"""

from __future__ import annotations

import ctypes
import io
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from pipeline.core.errors import reason_text
from pipeline.core.model import BBox, Page, SourceFile, TextBox
from pipeline.core.textnorm import fold_compat_han, is_han
from pipeline.read.ruled_words import split_at_rulings
from pipeline.read.rulings import Obj, extract_rulings, pdfium_rulings, to_display

# Two characters of one word are at most this far apart (points). CJK glyphs
# of a line touch (gap ~0); table cells are ≥ 2 x cell padding apart.
X_TOLERANCE = 1.5
Y_TOLERANCE = 2.5
GARBAGE_RATIO = 0.3  # share of bad characters that makes a layer garbage
PARTIAL_BAD = 0.02  # above this share of bad characters pdfium gets a try too
MIN_CJK_OVER_IMAGE = 20  # CJK chars a page under a full-page image must have
IMAGE_COVER_RATIO = 0.5
SCAN_MARK = "pdfplumber-scan"  # internal: an image covers this page

# What pdfminer raises on a broken page (PDFSyntaxError etc. derive from PSException;
# pdfplumber wraps what the interpreter raises in PdfminerException).
PDFMINER_ERRORS = (
    PSException, PdfminerException, MalformedPDFException, ValueError, KeyError, TypeError,
    IndexError, AssertionError, AttributeError, RecursionError, EOFError, OverflowError,
    ZeroDivisionError, UnicodeError,
)

log = logging.getLogger(__name__)


def extract_text_pages(source: SourceFile, pdf_bytes: bytes) -> tuple[Page | None, ...]:
    """Pages read from the text layer; ``None`` where a page needs OCR.

    A page pdfminer cannot parse (a broken content stream) is read by pdfium
    instead, and needs OCR if pdfium cannot read it either.
    """
    pages: list[Page | None] = []
    pdfium_doc: pdfium.PdfDocument | None = None

    def fallback(index: int, plumber: Page | None) -> Page | None:
        nonlocal pdfium_doc
        try:
            if pdfium_doc is None:
                pdfium_doc = pdfium.PdfDocument(pdf_bytes)
            return _read_pdfium_fallback(pdfium_doc, index, plumber)
        except Exception as err:  # noqa: BLE001 - any pdfium failure: the page is OCR-ed instead
            log.warning("%s page %d: pdfium cannot read the text either (%s); it will be OCR-ed",
                        source.name, index + 1, _short(err))
            log.debug("pdfium failure", exc_info=True)
            return None

    try:
        with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
            if len(pdf.pages) != source.pages:  # pages would not line up
                raise MalformedPDFException(f"{len(pdf.pages)} pages, not {source.pages}")
            for index, plumber_page in enumerate(pdf.pages):
                pages.append(_read_one(plumber_page, index, source.name, fallback))
    except PDFMINER_ERRORS as err:  # the file as a whole: pdfium (then OCR) reads what is left
        log.warning("%s: pdfminer cannot read the file (%s); reading it with pdfium",
                    source.name, _short(err))
        log.debug("pdfminer failure", exc_info=True)
        pages.extend(fallback(i, None) for i in range(len(pages), source.pages))
    finally:
        if pdfium_doc is not None:
            pdfium_doc.close()
    return tuple(pages)


Fallback = Callable[[int, "Page | None"], "Page | None"]


def _read_one(plumber_page: Any, index: int, name: str, fallback: Fallback) -> Page | None:
    """One page from pdfplumber, pdfium where its text is unusable or unreadable, else None."""
    try:
        page, usable = _read_plumber_page(plumber_page, index + 1)
    except PDFMINER_ERRORS as err:
        log.warning("%s page %d: pdfminer failed (%s); trying pdfium", name, index + 1, _short(err))
        log.debug("pdfminer failure", exc_info=True)
        return fallback(index, None)
    finally:
        plumber_page.close()
    if page.engine == SCAN_MARK and usable:
        page = replace(page, engine="pdfplumber")
    if not usable:
        return fallback(index, page)
    if bad_share(page) > PARTIAL_BAD:  # some glyphs undecodable: try pdfium
        other = fallback(index, page)
        return other if other is not None and bad_share(other) < bad_share(page) else page
    return page


def _short(err: BaseException) -> str:
    return reason_text(f"{type(err).__name__}: {err}", 160)


# --- pdfplumber -------------------------------------------------------------


def _read_plumber_page(plumber_page: Any, number: int) -> tuple[Page, bool]:
    """The page as pdfplumber reads it, and whether its text is usable.

    An unusable page still carries its rulings and size, and ``boxes`` is
    empty; ``engine`` is "pdfplumber-scan" when an image covers the page.
    """
    width = float(plumber_page.width)
    height = float(plumber_page.height)
    chars: list[Obj] = plumber_page.chars
    rulings = extract_rulings(
        plumber_page.lines, plumber_page.rects, plumber_page.curves, width, height
    )
    scan = covered_by_image(plumber_page.images, width, height)
    texts = [fold_compat_han(str(c.get("text", ""))) for c in chars]
    usable = is_usable(texts, scan)
    boxes: tuple[TextBox, ...] = ()
    if usable:
        source_page = plumber_page
        if has_duplicate_chars(chars):  # fake bold: every glyph printed twice
            source_page = plumber_page.dedupe_chars(tolerance=1)
        words = source_page.extract_words(
            x_tolerance=X_TOLERANCE,
            y_tolerance=Y_TOLERANCE,
            keep_blank_chars=False,
            use_text_flow=False,
            extra_attrs=["non_stroking_color"],
            return_chars=True,
        )
        words = split_at_rulings(words, rulings)  # a hanging ） joined to the next cell's word
        boxes = tuple(
            _word_box(w) for w in words if str(w["text"]).strip() and _on_page_word(w, width, height)
        )
    page = Page(
        page=number,
        width=width,
        height=height,
        boxes=boxes,
        rulings=rulings,
        text_source="text-layer",
        engine=SCAN_MARK if scan else "pdfplumber",
    )
    return page, usable


def has_duplicate_chars(chars: Sequence[Obj], share: float = 0.05) -> bool:
    """Whether more than ``share`` of the characters are printed twice in place."""
    seen: set[tuple[str, int, int]] = set()
    duplicates = 0
    for c in chars:
        key = (str(c.get("text", "")), round(float(c["x0"])), round(float(c["top"])))
        if key in seen:
            duplicates += 1
        else:
            seen.add(key)
    return duplicates > share * len(chars)


def _on_page_word(word: Obj, width: float, height: float) -> bool:
    """A word at least partly inside the page (content can overflow the crop box)."""
    return (
        float(word["x1"]) > 0
        and float(word["x0"]) < width
        and float(word["bottom"]) > 0
        and float(word["top"]) < height
    )


def is_usable(texts: Sequence[str], scan: bool) -> bool:
    """Characters that are real text (and, over a scan, enough CJK to be the page)."""
    if not texts or is_garbage(texts):
        return False
    return not scan or count_cjk(texts) >= MIN_CJK_OVER_IMAGE


def _word_box(word: Obj) -> TextBox:
    bbox = BBox(float(word["x0"]), float(word["top"]), float(word["x1"]), float(word["bottom"]))
    return TextBox(
        text=fold_compat_han(str(word["text"])),
        bbox=bbox,
        confidence=None,
        is_red=is_red_color(word.get("non_stroking_color")),
    )


def is_red_color(color: object) -> bool:
    """True when a pdfplumber/pdfminer fill colour is predominantly red.

    RGB: red well above green and blue; CMYK: magenta and yellow well above
    cyan (a red ink); grey or a pattern name: never red.
    """
    if not isinstance(color, (tuple, list)):
        return False
    try:
        values = [float(v) for v in color]
    except (TypeError, ValueError):
        return False
    if len(values) == 3:
        r, g, b = values
        return r >= 0.5 and r - max(g, b) >= 0.3
    if len(values) == 4:
        c, m, y, k = values
        return k <= 0.5 and min(m, y) >= 0.5 and min(m, y) - c >= 0.3
    return False


_CID = re.compile(r"\(cid:\d+\)")


def bad_share(page: Page) -> float:
    """Share of a page's characters that are undecodable (``(cid:N)`` counts as one)."""
    total = bad = 0
    for box in page.boxes:
        text = _CID.sub("\ufffd", box.text)
        total += len(text)
        bad += sum(1 for ch in text if _is_bad_char(ch))
    return bad / total if total else 0.0


def is_garbage(texts: Sequence[str]) -> bool:
    """Mostly undecodable characters: ``(cid:N)``, private use, U+FFFD."""
    if not texts:
        return True
    bad = sum(1 for t in texts if _is_bad_char(t))
    return bad / len(texts) > GARBAGE_RATIO


def _is_bad_char(text: str) -> bool:
    if text.startswith("(cid:") or not text:
        return True
    ch = text[0]
    code = ord(ch)
    return (
        ch == "\ufffd"
        or 0xE000 <= code <= 0xF8FF
        or code >= 0xF0000
        or (code < 0x20 and ch not in "\t\n\r")
    )


def count_cjk(texts: Iterable[str]) -> int:
    """Han ideographs in ``texts`` (punctuation does not count)."""
    return sum(1 for t in texts for ch in t if is_han(ch))


def covered_by_image(images: Sequence[Obj], width: float, height: float) -> bool:
    """Whether one image covers at least half the page (a scan)."""
    area = width * height
    if area <= 0:
        return False
    for img in images:
        w = min(float(img["x1"]), width) - max(float(img["x0"]), 0.0)
        h = min(float(img["bottom"]), height) - max(float(img["top"]), 0.0)
        if w > 0 and h > 0 and w * h >= IMAGE_COVER_RATIO * area:
            return True
    return False


# --- pdfium fallback ---------------------------------------------------------


def _read_pdfium_fallback(
    doc: pdfium.PdfDocument, index: int, plumber: Page | None
) -> Page | None:
    """Words from pdfium when pdfplumber's are unusable; None if these are too.

    ``plumber`` is pdfplumber's reading of the page (for its rulings and the
    scan check), or None when pdfminer could not parse the page at all.
    """
    page = doc[index]
    try:
        rotation = int(page.get_rotation()) % 360
        width, height = (float(v) for v in page.get_size())
        if rotation in (90, 270):
            width, height = height, width  # unrotated size
        textpage = page.get_textpage()
        try:
            chars = _pdfium_chars(textpage, rotation, width, height)
        finally:
            textpage.close()
        rulings = (
            plumber.rulings if plumber is not None else pdfium_rulings(page, rotation, width, height)
        )
    finally:
        page.close()
    texts = [c[0] for c in chars if c[0] != " "]
    scan = plumber is None or plumber.engine == SCAN_MARK
    if not is_usable(texts, scan):
        return None
    boxes = group_chars_into_words(chars)
    display_w, display_h = (height, width) if rotation in (90, 270) else (width, height)
    return Page(
        page=index + 1,
        width=display_w,
        height=display_h,
        boxes=boxes,
        rulings=rulings,
        text_source="text-layer",
        engine="pdfium",
    )


PdfiumChar = tuple[str, BBox, bool]  # text, box (top-left origin), is_red


def _pdfium_chars(
    textpage: pdfium.PdfTextPage, rotation: int, width: float, height: float
) -> list[PdfiumChar]:
    raw = textpage.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    out: list[PdfiumChar] = []
    r, g, b, a = (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())
    for i in range(n):
        if pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
            out.append((" ", BBox(0, 0, 0, 0), False))
            continue
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        ch = fold_compat_han(chr(code)) if 0 < code < 0x110000 else "\ufffd"
        if ch.isspace():
            out.append((" ", BBox(0, 0, 0, 0), False))
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        ax, ay = to_display(left, bottom, rotation, width, height)
        bx, by = to_display(right, top, rotation, width, height)
        red = False
        if pdfium_c.FPDFText_GetFillColor(raw, i, r, g, b, a):
            red = is_red_color((r.value / 255, g.value / 255, b.value / 255))
        out.append((ch, BBox(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)), red))
    return out


def group_chars_into_words(chars: Sequence[PdfiumChar]) -> tuple[TextBox, ...]:
    """Join characters in content order into words (a gap or space splits)."""
    words: list[TextBox] = []
    text: list[str] = []
    box: BBox | None = None
    red: list[bool] = []

    def flush() -> None:
        nonlocal box
        if box is not None and text:
            words.append(TextBox("".join(text), box, None, sum(red) * 2 > len(red)))
        text.clear()
        red.clear()
        box = None

    for ch, cbox, is_red in chars:
        if ch == " " or cbox.width <= 0:
            flush()
            continue
        if box is not None:
            same_line = abs(cbox.cy - box.cy) <= max(1.0, 0.5 * min(cbox.height, box.height))
            gap = cbox.x0 - box.x1
            if not same_line or gap > X_TOLERANCE or gap < -0.5 * max(cbox.width, 1.0):
                flush()
        text.append(ch)
        red.append(is_red)
        box = cbox if box is None else box.union(cbox)
    flush()
    return tuple(words)


