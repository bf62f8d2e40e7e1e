"""Ruling detection from page images."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.model import BBox
from pipeline.ocr.tables import detect_rulings


def _grid(broken: bool = False, faint: bool = False) -> np.ndarray:
    img = np.full((1000, 800, 3), 250, dtype=np.uint8)
    color = (170, 170, 170) if faint else (20, 20, 20)
    ys = [100, 160, 220, 280]
    xs = [100, 300, 500, 700]
    for y in ys:
        cv2.line(img, (100, y), (700, y), color, 2)
    for x in xs:
        cv2.line(img, (x, 100), (x, 280), color, 2)
    if broken:
        for x in (180, 420, 610):  # scanner dropouts in the horizontal lines
            img[95:290, x : x + 4] = 250
    for i, y in enumerate(ys[:-1]):
        cv2.putText(img, f"11438 {i}", (120, y + 40), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)
    cv2.putText(img, "====== ======", (100, 500), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 3)
    return img


def _check(rulings: tuple, dpi: int = 144) -> None:
    scale = 72 / dpi
    horiz = [r for r in rulings if r.is_horizontal]
    vert = [r for r in rulings if not r.is_horizontal]
    assert [round(r.top / scale) for r in sorted(horiz, key=lambda r: r.top)] == [
        100,
        160,
        220,
        280,
    ]
    assert all(abs(r.x0 / scale - 100) < 6 and abs(r.x1 / scale - 700) < 6 for r in horiz)
    assert sorted(round(r.x0 / scale) for r in vert) == [100, 300, 500, 700]


def test_detects_grid_in_points() -> None:
    _check(detect_rulings(_grid(), 144))


def test_joins_broken_lines() -> None:
    _check(detect_rulings(_grid(broken=True), 144))


def test_faint_lines() -> None:
    _check(detect_rulings(_grid(faint=True), 144))


def test_uneven_light() -> None:
    img = _grid().astype(np.float32)
    img *= np.linspace(0.6, 1.0, img.shape[1], dtype=np.float32)[None, :, None]
    _check(detect_rulings(img.astype(np.uint8), 144))


def test_strokes_inside_text_boxes_are_not_rulings() -> None:
    img = _grid()
    text = (BBox(40.0, 230.0, 330.0, 260.0),)  # around the "======" line, points at 144 dpi
    found = detect_rulings(img, 144, text=text)
    assert not any(r.is_horizontal and 235 < r.top < 255 for r in found)


def test_blank_page() -> None:
    assert detect_rulings(np.full((300, 300, 3), 255, dtype=np.uint8), 100) == ()
