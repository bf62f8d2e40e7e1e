"""Build tiny Pages inline for layout tests: boxes, rulings and grids in points."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pipeline.core.model import BBox, Page, Ruling, TextBox

WIDTH, HEIGHT = 595.0, 842.0


def box(
    text: str,
    x0: float,
    top: float,
    *,
    size: float = 10.0,
    width: float | None = None,
    red: bool = False,
    conf: float | None = None,
) -> TextBox:
    """A box of ``text`` with its top-left at (x0, top); CJK chars are ``size`` wide."""
    w = width if width is not None else size * len(text)
    return TextBox(text, BBox(x0, top, x0 + w, top + size), conf, red)


def centred(text: str, cx: float, cy: float, *, size: float = 10.0, **kw: object) -> TextBox:
    w = size * len(text)
    return box(text, cx - w / 2, cy - size / 2, size=size, **kw)  # type: ignore[arg-type]


def hline(y: float, x0: float, x1: float) -> Ruling:
    return Ruling(x0, y, x1, y)


def vline(x: float, top: float, bottom: float) -> Ruling:
    return Ruling(x, top, x, bottom)


def grid_rulings(
    xs: Sequence[float],
    ys: Sequence[float],
    merged: Sequence[tuple[int, int, int, int]] = (),
) -> tuple[Ruling, ...]:
    """Per-cell-edge rulings of a grid, leaving out edges inside merged cells.

    ``merged`` holds (row, col, rowspan, colspan) of merged cells.
    """
    def inside(r: int, c: int) -> tuple[int, int, int, int] | None:
        for m in merged:
            if m[0] <= r < m[0] + m[2] and m[1] <= c < m[1] + m[3]:
                return m
        return None

    out: list[Ruling] = []
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    for r in range(n_rows + 1):
        for c in range(n_cols):
            above = inside(r - 1, c) if r > 0 else None
            below = inside(r, c) if r < n_rows else None
            if above is not None and above is below:
                continue
            out.append(hline(ys[r], xs[c], xs[c + 1]))
    for c in range(n_cols + 1):
        for r in range(n_rows):
            left = inside(r, c - 1) if c > 0 else None
            right = inside(r, c) if c < n_cols else None
            if left is not None and left is right:
                continue
            out.append(vline(xs[c], ys[r], ys[r + 1]))
    return tuple(out)


def page(
    boxes: Sequence[TextBox] = (),
    rulings: Sequence[Ruling] = (),
    *,
    number: int = 1,
    ocr: bool = False,
) -> Page:
    return Page(
        page=number,
        width=WIDTH,
        height=HEIGHT,
        boxes=tuple(boxes),
        rulings=tuple(rulings),
        text_source="ocr" if ocr else "text-layer",
        engine="fake" if ocr else "pdfplumber",
    )


def draw_grid(img: Any, xs: Sequence[int], ys: Sequence[int], px: float) -> tuple[Ruling, ...]:
    """Draw a ruled grid into a page image (pixel positions, 3 px black rules) and return its
    rulings in points (``px``: pixels per point)."""
    out = []
    for y in ys:
        img[y - 1 : y + 2, xs[0] : xs[-1] + 1] = 0
        out.append(Ruling(xs[0] / px, y / px, xs[-1] / px, y / px))
    for x in xs:
        img[ys[0] : ys[-1] + 1, x - 1 : x + 2] = 0
        out.append(Ruling(x / px, ys[0] / px, x / px, ys[-1] / px))
    return tuple(out)

