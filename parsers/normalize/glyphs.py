"""How alike two characters look: the tie-breaker of OCR vocabulary repair.

    glyph_similarity("含", "合") -> 0.61     similar shapes
    glyph_similarity("含", "小") -> 0.25     different shapes
    weighted_distance("兄孜勒", "克孜勒") -> edit distance, a look-alike
                                              substitution costing less than 1

OCR trades a character for one that *looks* like it (含 for 合, 兄 for 克,
渍 for 浈, 目 for 自). When a vocabulary leaves several words one
character away from what was read (含计: 合计, 总计 and 小计), the word whose
character looks most like the one read is the reading; when none stands
out, nothing is repaired.

Shapes come from rendering both characters with the project's 宋体 font
(``pipeline.core.fonts``) at 48 px, blurred a little so a stroke one pixel off still
overlaps; similarity is the overlap of the two ink maps (Dice). Without
the font every pair of different characters scores 0: no tie is broken.
Pure and cached.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

import numpy as np
import numpy.typing as npt
import regex as re

SIZE = 48

__all__ = ["DIGIT_LOOKALIKES", "GLUED_SPECKS", "digit_class", "glyph_similarity", "substitution_cost", "weighted_distance"]

# The characters OCR returns for a printed digit (Latin letters, the Han zero, a circle, a
# ruling, a lying 8): the one table of those confusions, read in 文号 years and serials
# (parsers/normalize/doc_number.py), amounts (ocr_repair.py) and dates (parsers/damaged_date.py).
DIGIT_LOOKALIKES: Mapping[str, str] = MappingProxyType(
    {"O": "0", "o": "0", "〇": "0", "○": "0", "l": "1", "I": "1", "|": "1", "∞": "8"}
)

# A speck read as Latin letters or digits glued at either end of a name or label (``11r林甸县财政局``,
# ``满意度指标1``): no organ name or indicator label opens or ends so. The one pattern of it.
GLUED_SPECKS = re.compile(r"^[A-Za-z0-9]+|[A-Za-z0-9]+$")


def digit_class(digit: str | None = None) -> str:
    """A regex character class of ``digit`` (any digit when None) and what OCR reads for it:
    ``digit_class("1")`` -> ``[1lI|]``."""
    alike = "".join(k for k, v in DIGIT_LOOKALIKES.items() if digit is None or v == digit)
    return "[" + (r"\d" if digit is None else digit) + alike + "]"


@lru_cache(maxsize=1)
def _font() -> object | None:
    try:
        from PIL import ImageFont

        from pipeline.core.fonts import font_path

        return ImageFont.truetype(str(font_path("song")), int(SIZE * 0.85), index=0)
    except Exception:  # no font on this machine: no tie-breaking
        return None


@lru_cache(maxsize=8192)
def _ink(ch: str) -> npt.NDArray[np.float32] | None:
    font = _font()
    if font is None:
        return None
    from PIL import Image, ImageDraw, ImageFilter

    img = Image.new("L", (SIZE, SIZE), 0)
    ImageDraw.Draw(img).text((SIZE / 2, SIZE / 2), ch, fill=255, font=font, anchor="mm")  # type: ignore[arg-type]
    blurred = img.filter(ImageFilter.GaussianBlur(1.0))
    arr = np.asarray(blurred, dtype=np.float32) / 255.0
    return arr if float(arr.sum()) > 0 else None


@lru_cache(maxsize=65536)
def glyph_similarity(a: str, b: str) -> float:
    """0..1: how much the rendered shapes of ``a`` and ``b`` overlap (1: same)."""
    if a == b:
        return 1.0
    ia, ib = _ink(a), _ink(b)
    if ia is None or ib is None:
        return 0.0
    return float(2.0 * np.minimum(ia, ib).sum() / (ia.sum() + ib.sum()))


def substitution_cost(a: str, b: str) -> float:
    """Cost of reading ``b`` where ``a`` is printed: 0 same, near 0.3 look-alike, near 1 unlike."""
    return 0.0 if a == b else 1.0 - 0.7 * glyph_similarity(a, b)


def weighted_distance(a: str, b: str, limit: float = float("inf")) -> float:
    """Edit distance of ``a`` and ``b``, a substitution costing ``substitution_cost``.

    Returns early (a value above ``limit``) once every path costs more.
    """
    prev = [float(j) for j in range(len(b) + 1)]
    for i, ca in enumerate(a, 1):
        cur = [float(i)] + [0.0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1.0, cur[j - 1] + 1.0, prev[j - 1] + substitution_cost(ca, cb))
        if min(cur) > limit:
            return min(cur)
        prev = cur
    return prev[-1]
