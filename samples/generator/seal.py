"""A red official seal (印章) drawn with PIL as a semi-transparent raster image.

The seal is an image, so it adds nothing to the PDF text layer.
"""

from __future__ import annotations

import io
import math
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from pipeline.core.fonts import font_path

SIZE = 360
RED = (214, 20, 20)
ALPHA = 170


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    pts = []
    for k in range(10):
        ang = -math.pi / 2 + k * math.pi / 5
        rr = r if k % 2 == 0 else r * 0.382
        pts.append((cx + rr * math.cos(ang), cy + rr * math.sin(ang)))
    draw.polygon(pts, fill=RED + (ALPHA,))


@cache
def seal_png(name: str) -> bytes:
    """PNG bytes of a round seal reading ``name`` around the upper arc, a star inside."""
    img = Image.new("RGBA", (SIZE, SIZE), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    c = SIZE / 2
    ring = 12
    draw.ellipse((ring / 2, ring / 2, SIZE - ring / 2, SIZE - ring / 2),
                 outline=RED + (ALPHA,), width=ring)
    _star(draw, c, c, SIZE * 0.17)
    font = ImageFont.truetype(str(font_path("song")), int(SIZE * 0.12), index=0)
    n = len(name)
    span = min(240.0, 22.0 * n)  # degrees of arc used by the text
    radius = SIZE * 0.36
    for k, ch in enumerate(name):
        ang = -90 - span / 2 + span * (k + 0.5) / n
        glyph = Image.new("RGBA", (80, 80), (255, 255, 255, 0))
        gd = ImageDraw.Draw(glyph)
        gd.text((40, 40), ch, font=font, fill=RED + (ALPHA,), anchor="mm")
        glyph = glyph.rotate(-(ang + 90), resample=Image.Resampling.BICUBIC)
        x = c + radius * math.cos(math.radians(ang)) - 40
        y = c + radius * math.sin(math.radians(ang)) - 40
        img.alpha_composite(glyph, (int(round(x)), int(round(y))))
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()
