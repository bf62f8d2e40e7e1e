"""Font registration and paragraph styles (embedded TrueType subsets with ToUnicode)."""

from __future__ import annotations

from functools import cache

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from pipeline.core.fonts import font_path

SONG = "GenSong"  # body text (仿宋/宋体 stand-in): AR PL UMing CN
HEI = "GenHei"  # headings (黑体 stand-in): WenQuanYi Zen Hei
SYM = "GenSym"  # checkbox glyphs ☐ ☑ (missing from the CJK fonts)

RED = Color(0.86, 0.05, 0.05)
BLACK = Color(0, 0, 0)


# 禁则 (kinsoku): Word never starts a line with these; reportlab's list lacks the full-width ones
_CANNOT_START = "，：；？！”’》）〉」』】〕％"


@cache
def register() -> None:
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    for module in (paragraph, textsplit):
        if _CANNOT_START not in module.ALL_CANNOT_START:
            module.ALL_CANNOT_START = module.ALL_CANNOT_START + _CANNOT_START
    pdfmetrics.registerFont(TTFont(SONG, str(font_path("song")), subfontIndex=0))
    pdfmetrics.registerFont(TTFont(HEI, str(font_path("hei")), subfontIndex=0))
    pdfmetrics.registerFont(TTFont(SYM, str(font_path("symbol"))))


def width(text: str, font: str, size: float) -> float:
    register()
    return float(pdfmetrics.stringWidth(text, font, size))


ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


@cache
def style(
    name: str,
    font: str = SONG,
    size: float = 16,
    leading: float | None = None,
    align: str = "justify",
    first_indent: float = 0,
    left_indent: float = 0,
    color: str = "black",
) -> ParagraphStyle:
    register()
    return ParagraphStyle(
        name,
        fontName=font,
        fontSize=size,
        leading=leading if leading is not None else size * 1.8,
        alignment=ALIGN[align],
        firstLineIndent=first_indent,
        leftIndent=left_indent,
        wordWrap="CJK",
        textColor=RED if color == "red" else BLACK,
        allowWidows=1,
        allowOrphans=1,
    )
