"""One page read once, OCR spent only where text is (分区识别).

    read_by_parts(engine, prepared, page, *, orient=True) -> PartsRead

For an engine that can detect and recognise apart (``engine.parts()``, see
``pipeline.read.ocr.rapid.RapidParts``):

1. The table rulings are found first (``tables.detect_rulings``); the cells
   of each ruled grid are cut into text lines by their own ink
   (``regions.cell_lines``): recognition reads each line, no detector runs
   over a table.
2. The rest of the page's ink is grouped into bands (``regions.text_bands``:
   margins, blank space and the tables left out); the detector runs over
   each band alone, cut from the input a whole-page call would give it, and
   the lines it finds are read exactly as a whole-page call reads them.
3. The cells' lines are recognised in batches of similar width (little
   padding: most are short numbers); a line of one character is read a
   second time with white paper round it (``regions.lone_margin``), its
   quad widened alike so its character is still placed where it is
   printed, and the more confident reading kept (``_read_cells``); one
   line of a cell the line finder cut in two overlapping lines, read twice
   one character apart, is kept once (``_read_twice``).
4. Upside down is judged from that reading (``upright_score``); only a
   doubtful page is read again, its same lines turned 180 degrees
   (recognition only: the lines are where they were), and the better
   reading kept. ``STATS`` counts pages read and second readings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from pipeline.core import timing
from pipeline.core.model import Ruling, TextBox
from pipeline.core.textnorm import one_edit_apart
from pipeline.read import imageprep
from pipeline.read.ocr import regions
from pipeline.read.ocr.base import Image
from pipeline.read.ocr.tables import binarize, detect_rulings

STATS: dict[str, int] = {"pages": 0, "second_reads": 0, "lines": 0, "cell_lines": 0}


class Parts(Protocol):
    text_score: float

    def detect(self, image: Image, bands: Sequence[regions.Rect], skip: Sequence[regions.Rect] = ()) -> Any: ...

    def read_page(self, image: Image, quads: Any) -> Any: ...

    def read(self, crops: list[Image], quads: list[Any]) -> list[tuple[str, float, tuple[Any, ...]]]: ...


@dataclass(frozen=True, slots=True)
class PartsRead:
    prepared: imageprep.Prepared
    boxes: tuple[TextBox, ...]
    rulings: tuple[Ruling, ...] | None  # candidates on the final image, when still valid


def _rect_quad(rect: regions.Rect) -> Any:
    x0, y0, x1, y1 = rect
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float32)


def _widen_quad(quad: Any, margin: int) -> Any:
    """``quad`` (first corner top-left) ``margin`` pixels wider on the left and right."""
    q = np.array(quad, dtype=np.float32)
    q[[0, 3], 0] -= margin
    q[[1, 2], 0] += margin
    return q


def _turn_quad(quad: Any, width: int, height: int) -> Any:
    """A quad on the page turned 180 degrees, first corner again top-left."""
    q = np.asarray(quad)
    turned = np.stack([width - q[:, 0], height - q[:, 1]], axis=1)
    return np.roll(turned, 2, axis=0)


def _boxes(
    reads: list[tuple[str, float, tuple[Any, ...]]], quads: list[Any], dpi: int, text_score: float
) -> list[TextBox]:
    from pipeline.read.ocr.rapid import line_box  # the same conversion as a whole page's

    out: list[TextBox] = []
    for (text, score, words), quad in zip(reads, quads, strict=True):
        text = text.strip()
        if not text or score < text_score:
            continue
        out.append(line_box(quad, text, score, words, dpi))
    return out


def _inside(rect: regions.Rect, cell: regions.Rect) -> regions.Rect:
    """``rect`` cut at its cell's right edge (the rule)."""
    return (rect[0], rect[1], min(rect[2], cell[2] - 1), rect[3])


SPECK_MARKS = frozenset(".·•,'`")


def _no_specks(boxes: list[TextBox]) -> list[TextBox]:
    """Cell lines that read as a lone dot or tick are a speck of dust the
    line finder took for a line (a 。 or a dash alone is kept)."""
    return [b for b in boxes if not set(b.text) <= SPECK_MARKS]


def _read_cells(
    parts: Parts, crops: list[Image], quads: list[Any], margins: list[int]
) -> list[tuple[str, float, tuple[Any, ...]]]:
    """The cells' lines read as cut; a line of one character (``margins``,
    ``regions.lone_margin``) read again on white paper, its quad widened
    alike, and the more confident of its two readings kept (a lone ``0``
    cut tight may come back ``O`` in doubt; another font's ``0`` comes back
    ``o`` from the wider view)."""
    reads = parts.read(crops, quads)
    lone = [(i, m) for i, m in enumerate(margins) if m > 0]
    for (i, _m), other in zip(lone, _on_white(parts, crops, quads, lone), strict=True):
        if other[1] > reads[i][1]:
            reads[i] = other
    return _empty_brackets_again(parts, reads, crops, quads)


def _on_white(
    parts: Parts, crops: list[Image], quads: list[Any], picks: list[tuple[int, int]]
) -> list[tuple[str, float, tuple[Any, ...]]]:
    """The lines ``picks`` (index, margin in pixels) read again on white paper that wide round
    them, their quads widened alike (none picked: no reading)."""
    if not picks:
        return []
    return parts.read(
        [regions.with_margin(crops[i], m) for i, m in picks],
        [_widen_quad(quads[i], m) for i, m in picks],
    )


EMPTY_BRACKETS = re.compile(r"[（(]\s*[）)]")
BRACKET_MARGIN = 0.3  # white paper each side of a line re-read for an empty bracket pair, in crop heights


def _empty_brackets_again(
    parts: Parts, reads: list[tuple[str, float, tuple[Any, ...]]], crops: list[Image], quads: list[Any]
) -> list[tuple[str, float, tuple[Any, ...]]]:
    """A cell line read with an empty bracket pair (``()``: nothing prints one;
    a faint unit between thin brackets on a light scan, ``（人）``, was missed)
    read again on white paper BRACKET_MARGIN of its height wider each side;
    the second reading is kept when it fills the brackets."""
    again = [
        (i, max(1, int(round(BRACKET_MARGIN * crops[i].shape[0]))))
        for i, (text, _s, _w) in enumerate(reads)
        if EMPTY_BRACKETS.search(text)
    ]
    out = list(reads)
    for (i, _m), other in zip(again, _on_white(parts, crops, quads, again), strict=True):
        if other[0].strip() and not EMPTY_BRACKETS.search(other[0]):
            out[i] = other
    return out


def _one_off(a: str, b: str) -> bool:
    """Two readings of one printed text: the same length (two or more), at most one character apart."""
    return len(a) == len(b) >= 2 and one_edit_apart(a, b)


def _rows_overlap(a: Any, b: Any) -> bool:
    qa, qb = np.asarray(a), np.asarray(b)
    return bool(min(qa[:, 1].max(), qb[:, 1].max()) > max(qa[:, 1].min(), qb[:, 1].min()))


def _read_twice(
    reads: list[tuple[str, float, tuple[Any, ...]]], quads: list[Any], owners: list[int]
) -> list[tuple[str, float, tuple[Any, ...]]]:
    """The cells' readings with a line read twice left once: two lines of
    one cell (``owners``) whose rectangles overlap and whose readings are one
    character apart are one printed line the line finder cut at a gap
    between its strokes (``特困户数`` over ``特因户数``); the more confident
    reading stays."""
    out = list(reads)
    by_cell: dict[int, list[int]] = {}
    for i, owner in enumerate(owners):
        by_cell.setdefault(owner, []).append(i)
    for lines in by_cell.values():  # only lines of one cell are compared: a page's tables are large
        for k, i in enumerate(lines):
            for j in lines[k + 1 :]:
                a, b = out[i][0].strip(), out[j][0].strip()
                if _one_off(a, b) and _rows_overlap(quads[i], quads[j]):
                    weaker = i if out[i][1] < out[j][1] else j
                    out[weaker] = ("", 0.0, ())
    return out


def _read_lines(
    engine: Any,
    parts: Parts,
    image: Image,
    quads: Any,
    cells: tuple[list[Image], list[Any], list[int], list[int]],
    dpi: int,
) -> list[TextBox]:
    """The free lines at ``quads`` read as a whole page reads them, then the
    cells' lines (crops, their quads, their margins: ``_read_cells``; the
    cell each is in: ``_read_twice``) without specks."""
    free = list(engine.result_boxes(parts.read_page(image, quads), dpi))
    crops, cell_quads, margins, owners = cells
    reads = _read_twice(_read_cells(parts, crops, cell_quads, margins), cell_quads, owners)
    in_cells = _boxes(reads, cell_quads, dpi, parts.text_score)
    return free + _no_specks(in_cells)


def read_by_parts(
    engine: Any, prepared: imageprep.Prepared, page: int, *, orient: bool = True, confident: float = 0.93
) -> PartsRead:
    """The page's text lines, read once (see the module docstring)."""
    from pipeline.read.ocr.run import upright_score

    parts: Parts = engine.parts()
    image, dpi = prepared.image, prepared.dpi
    h, w = image.shape[:2]
    with timing.stage("regions"):
        binary = binarize(image)  # one adaptive threshold for the rulings and the ink
        candidates = detect_rulings(image, dpi, binary=binary)
        gray = regions.gray_of(image)  # for the ink, and a mark hanging on a cell's rule
        ink = regions.ink_mask(image, binary, gray)
        cells = regions.table_cells(candidates, dpi, image.shape)
        grids = regions.grid_rects(cells, dpi, image.shape)
        lines = regions.cell_lines(ink, cells, dpi, gray=gray)
        bands = regions.text_bands(ink, dpi, skip=grids)
    with timing.stage("detect"):
        quads = parts.detect(image, bands, grids)
    # a line reaching over its cell's right rule (a mark hanging on it) is
    # still placed inside its cell: the layout must not cut the mark off
    cell_quads = [_rect_quad(_inside(line.rect, cells[line.cell].rect)) for line in lines]
    crops = [regions.line_crop(image, line, cells[line.cell].rect, dpi, gray=gray) for line in lines]
    margins = [
        regions.lone_margin(crop, line, cells[line.cell].rect, dpi) for crop, line in zip(crops, lines, strict=True)
    ]
    owners = [line.cell for line in lines]
    with timing.stage("recognise"):
        boxes = _read_lines(engine, parts, image, quads, (crops, cell_quads, margins, owners), dpi)
    STATS["pages"] += 1
    STATS["lines"] += len(quads) + len(lines)
    STATS["cell_lines"] += len(lines)
    rulings: tuple[Ruling, ...] | None = candidates
    if orient and upright_score(boxes) < confident:
        STATS["second_reads"] += 1
        with timing.stage("orient"):
            turned = imageprep.turn_half(prepared)
            turned_quads = np.asarray([_turn_quad(q, w, h) for q in quads], dtype=np.float32).reshape(-1, 4, 2)
            turned_cells = [_turn_quad(q, w, h) for q in cell_quads]
            turned_crops = [np.ascontiguousarray(np.rot90(c, 2)) for c in crops]
            other = _read_lines(
                engine, parts, turned.image, turned_quads, (turned_crops, turned_cells, margins, owners), dpi
            )
        if upright_score(other) > upright_score(boxes):
            prepared, boxes, rulings = turned, other, None
    return PartsRead(prepared, tuple(boxes), rulings)
