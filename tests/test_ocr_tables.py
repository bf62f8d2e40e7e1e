"""Ruling detection from page images."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.core.model import BBox, CharBox, Ruling, TextBox
from pipeline.read.ocr.tables import detect_rulings, fit_to_chars, split_at_rulings


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


# --- boxes joined across a column line ----------------------------------------

COLUMN = Ruling(424.6, 160.0, 424.6, 750.0)  # a column line, far taller than a text line


def _line(text: str, x0: float, x1: float, chars: tuple[CharBox, ...] = ()) -> TextBox:
    return TextBox(text, BBox(x0, 247.0, x1, 265.0), 0.99, chars=chars)


def _chars(spec: list[tuple[str, float, float]]) -> tuple[CharBox, ...]:
    return tuple(CharBox(t, a, b, 0.99) for t, a, b in spec)


def test_split_by_estimated_advance() -> None:
    # 7 half-width + 8 mixed: the line meets the column line after "630,524"
    box = _line("630,524受益农户175户", 375.0, 508.0)
    parts = split_at_rulings((box,), (COLUMN,))
    assert [p.text for p in parts] == ["630,524", "受益农户175户"]
    assert parts[0].bbox.x1 < COLUMN.x0 < parts[1].bbox.x0
    assert all(p.confidence == 0.99 for p in parts)


def test_split_by_character_positions_wins_over_the_estimate() -> None:
    chars = _chars([("480,220", 381.2, 422.3), ("受", 429.8, 439.6), ("益", 441.7, 451.4)])
    box = _line("480,220受益", 377.0, 452.0, chars)
    parts = split_at_rulings((box,), (COLUMN,))
    assert [p.text for p in parts] == ["480,220", "受益"]
    assert [c.text for c in parts[1].chars] == ["受", "益"]


def test_no_split_when_the_line_only_touches_the_box_edge() -> None:
    # the detector's padding reaches over the column line; no character is beyond it
    chars = _chars([("受", 429.8, 439.6), ("益", 441.7, 451.4), ("农", 453.6, 463.3)])
    box = _line("受益农", 421.5, 466.0, chars)
    assert split_at_rulings((box,), (COLUMN,)) == (box,)


def test_short_rulings_and_horizontal_ones_do_not_split() -> None:
    stroke = Ruling(424.6, 248.0, 424.6, 264.0)  # no taller than the text: a stroke
    rule = Ruling(300.0, 256.0, 600.0, 256.0)
    box = _line("630,524受益农户175户", 375.0, 508.0)
    assert split_at_rulings((box,), (stroke, rule)) == (box,)


def test_two_column_lines_make_three_cells() -> None:
    left, right = Ruling(200.0, 100.0, 200.0, 700.0), Ruling(300.0, 100.0, 300.0, 700.0)
    chars = _chars([("甲", 150, 190), ("乙", 210, 290), ("丙", 310, 390)])
    parts = split_at_rulings((_line("甲乙丙", 140.0, 400.0, chars),), (left, right))
    assert [p.text for p in parts] == ["甲", "乙", "丙"]


def test_fit_to_chars_narrows_a_padded_box() -> None:
    chars = _chars([("480,220", 381.2, 422.3)])
    fitted = fit_to_chars(_line("480,220", 376.9, 430.9, chars))
    assert fitted.bbox.x0 == 380.2 and fitted.bbox.x1 == 423.3 < COLUMN.x0
    plain = _line("480,220", 376.9, 430.9)
    assert fit_to_chars(plain) is plain


def test_split_where_the_ink_says_when_the_engine_gave_no_positions() -> None:
    """Two cells of CJK text, their padding around the column line: an even
    estimate over the whole box cuts one character late; the ink does not."""
    from PIL import Image, ImageDraw, ImageFont

    from pipeline.core.fonts import font_path

    dpi = 144
    px = dpi / 72
    img = Image.new("RGB", (900, 200), (250, 250, 250))
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(font_path("song")), 28, index=0)
    d.text((20, 80), "效益指标", font=font, fill=(0, 0, 0))  # 4 characters, then a wide cell pad
    line_x = 250
    d.line((line_x, 0, line_x, 199), fill=(0, 0, 0), width=2)
    d.text((262, 80), "社会效益 困难", font=font, fill=(0, 0, 0))
    image = np.asarray(img, dtype=np.uint8).copy()
    box = _line("效益指标社会效益 困难", 18 / px, 480 / px)
    box = TextBox(box.text, BBox(18 / px, 70 / px, 480 / px, 120 / px), 0.97)
    ruling = Ruling(line_x / px, 0.0, line_x / px, 199 / px)
    assert [p.text for p in split_at_rulings((box,), (ruling,), image, dpi)] == ["效益指标", "社会效益 困难"]
