"""Build tiny Layouts inline for parser tests: lines placed like a printed 公文."""

from __future__ import annotations

from pipeline.core.model import BBox, Block, Layout, Line, SourceFile

WIDTH, HEIGHT = 595.0, 842.0
LEFT, RIGHT = 79.0, 516.0
SIZE = 16.0

SOURCE = SourceFile(path="t.pdf", name="t.pdf", sha256="0" * 64, size=1, pages=1)


def line(
    text: str,
    y: float,
    *,
    align: str = "left",
    page: int = 1,
    size: float = SIZE,
    red: bool = False,
    indent: float = 0.0,
    conf: float | None = None,
) -> Line:
    """A line of ``text`` at height ``y``: align left | centre | right | full."""
    w = min(len(text.replace(" ", "")) * size, RIGHT - LEFT)
    if align == "centre":
        x0 = (LEFT + RIGHT) / 2 - w / 2
    elif align == "right":
        x0 = RIGHT - 4 * size - w
    elif align == "full":
        x0, w = LEFT + indent, RIGHT - LEFT - indent
    else:
        x0 = LEFT + indent
    return Line(text, BBox(x0, y, x0 + w, y + size), page, conf, red, size)


def layout(*blocks: Block, pages: int = 1) -> Layout:
    src = SourceFile(path="t.pdf", name="t.pdf", sha256="0" * 64, size=1, pages=pages)
    return Layout(source=src, blocks=tuple(blocks), page_sizes=((WIDTH, HEIGHT),) * pages)
