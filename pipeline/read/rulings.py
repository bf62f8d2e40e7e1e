"""Rulings (表格线): straight horizontal and vertical segments of a page.

    extract_rulings(lines, rects, curves, width, height)  from pdfplumber objects
    pdfium_rulings(page, rotation, width, height)          from pdfium path objects
    to_display(x, y, rotation, width, height)              PDF space -> top-left

Kept: lines, the borders of stroked rects, thin filled rects (a line drawn as
a rectangle), and the straight (lineto / closepath) pieces of stroked paths;
dropped: white (masking) lines, slanted or short pieces, Bézier curves.
"""

from __future__ import annotations

import ctypes
from collections.abc import Mapping, Sequence
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.core.model import Ruling

MIN_RULING_LENGTH = 4.0  # points; shorter segments are glyph parts or ticks
MAX_RULING_THICKNESS = 3.0  # a filled rect thinner than this is a line
STRAIGHT_TOLERANCE = 1.0  # points of slant still counted as straight

Obj = Mapping[str, Any]
Point = tuple[float, float]


def extract_rulings(
    lines: Sequence[Obj],
    rects: Sequence[Obj],
    curves: Sequence[Obj],
    width: float,
    height: float,
) -> tuple[Ruling, ...]:
    """Straight, long-enough horizontal and vertical segments, top-left origin."""
    out: list[Ruling] = []
    for ln in lines:
        if _is_invisible(ln):
            continue
        _add_segment(out, ln["x0"], ln["top"], ln["x1"], ln["bottom"])
    for rc in rects:
        x0, top, x1, bottom = (float(rc[k]) for k in ("x0", "top", "x1", "bottom"))
        w, h = x1 - x0, bottom - top
        if min(w, h) <= MAX_RULING_THICKNESS:
            if (rc.get("fill") or rc.get("stroke")) and not _is_invisible(rc):
                if w >= h:
                    _add_segment(out, x0, (top + bottom) / 2, x1, (top + bottom) / 2)
                else:
                    _add_segment(out, (x0 + x1) / 2, top, (x0 + x1) / 2, bottom)
            continue
        if rc.get("stroke") and not _is_invisible(rc, key="stroking_color"):
            _add_segment(out, x0, top, x1, top)
            _add_segment(out, x0, bottom, x1, bottom)
            _add_segment(out, x0, top, x0, bottom)
            _add_segment(out, x1, top, x1, bottom)
    for cv in curves:
        if cv.get("stroke"):
            for (ax, ay), (bx, by) in straight_pieces(cv):
                _add_segment(out, ax, ay, bx, by)
    return tuple(r for r in out if _on_page(r, width, height))


def straight_pieces(curve: Obj) -> list[tuple[Point, Point]]:
    """The straight (lineto / closepath) pieces of a path; Bézier parts skipped.

    Without pdfplumber's ``path`` commands, consecutive points are used.
    """
    path = curve.get("path")
    if not path:
        pts = [(float(x), float(y)) for x, y in curve.get("pts") or []]
        return list(zip(pts, pts[1:], strict=False))
    pieces: list[tuple[Point, Point]] = []
    start: Point | None = None
    current: Point | None = None
    for command in path:
        op, args = command[0], command[1:]
        if op == "m" and args:
            start = current = (float(args[-1][0]), float(args[-1][1]))
        elif op == "l" and args and current is not None:
            point = (float(args[-1][0]), float(args[-1][1]))
            pieces.append((current, point))
            current = point
        elif op == "c" and args:
            current = (float(args[-1][0]), float(args[-1][1]))
        elif op == "h" and current is not None and start is not None:
            pieces.append((current, start))
            current = start
    return pieces


def _add_segment(out: list[Ruling], ax: Any, ay: Any, bx: Any, by: Any) -> None:
    x0, x1 = sorted((float(ax), float(bx)))
    top, bottom = sorted((float(ay), float(by)))
    dx, dy = x1 - x0, bottom - top
    if dy <= STRAIGHT_TOLERANCE and dx >= MIN_RULING_LENGTH:
        y = (top + bottom) / 2
        out.append(Ruling(x0, y, x1, y))
    elif dx <= STRAIGHT_TOLERANCE and dy >= MIN_RULING_LENGTH:
        x = (x0 + x1) / 2
        out.append(Ruling(x, top, x, bottom))


def _is_invisible(obj: Obj, key: str = "non_stroking_color") -> bool:
    """A white line or rect (used to mask, not to rule)."""
    color = obj.get("stroking_color") if obj.get("stroke") else obj.get(key)
    if not isinstance(color, (tuple, list)) or not color:
        return False
    try:
        values = [float(v) for v in color]
    except (TypeError, ValueError):
        return False
    if len(values) in (1, 3):
        return min(values) >= 0.98
    if len(values) == 4:
        return max(values) <= 0.02
    return False


def _on_page(r: Ruling, width: float, height: float) -> bool:
    return r.x1 >= 0 and r.x0 <= width and r.bottom >= 0 and r.top <= height


def to_display(
    x: float, y: float, rotation: int, width: float, height: float
) -> tuple[float, float]:
    """A point in unrotated PDF space (y up) as displayed: (x, top), top-left origin.

    ``width`` and ``height`` are the unrotated page size; ``rotation`` is the
    page's /Rotate (clockwise degrees).
    """
    if rotation == 90:
        return y, x
    if rotation == 180:
        return width - x, y
    if rotation == 270:
        return height - y, width - x
    return x, height - y


def pdfium_rulings(
    page: pdfium.PdfPage, rotation: int, width: float, height: float
) -> tuple[Ruling, ...]:
    """Rulings from pdfium's top-level path objects (when pdfminer cannot parse a page).

    Straight pieces of stroked paths, and thin filled paths as one line each.
    """
    out: list[Ruling] = []
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    x, y = ctypes.c_float(), ctypes.c_float()
    display_w, display_h = (height, width) if rotation in (90, 270) else (width, height)

    def show(px: float, py: float) -> Point:
        return to_display(px, py, rotation, width, height)

    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=0):
        raw = obj.raw
        if not pdfium_c.FPDFPath_GetDrawMode(raw, fill_mode, stroke):
            continue
        left, bottom, right, top = obj.get_bounds()
        if not stroke.value:
            if fill_mode.value and min(right - left, top - bottom) <= MAX_RULING_THICKNESS:
                (ax, ay), (bx, by) = show(left, bottom), show(right, top)
                if abs(bx - ax) >= abs(by - ay):
                    mid = (ay + by) / 2
                    _add_segment(out, ax, mid, bx, mid)
                else:
                    mid = (ax + bx) / 2
                    _add_segment(out, mid, ay, mid, by)
            continue
        m = obj.get_matrix()
        start: Point | None = None
        current: Point | None = None
        for i in range(pdfium_c.FPDFPath_CountSegments(raw)):
            segment = pdfium_c.FPDFPath_GetPathSegment(raw, i)
            if not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
                continue
            point = show(m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                start = point
            elif kind == pdfium_c.FPDF_SEGMENT_LINETO and current is not None:
                _add_segment(out, *current, *point)
            current = point
            if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
                _add_segment(out, *point, *start)
                current = start
    return tuple(r for r in out if _on_page(r, display_w, display_h))
