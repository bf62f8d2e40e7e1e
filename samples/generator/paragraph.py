"""reportlab's Paragraph with one repair: a paragraph split after its first line whose text holds an
escaped ``<`` (a title quoted as ``《…印发<…>的通知》``) is re-wrapped by reportlab as plain text
(``kind`` 0) while its lines are FragLines, and drawing it fails (``'FragLine' object is not
subscriptable``). The lines are drawn as the FragLines they are; nothing else changes, so every
notice reportlab could typeset before comes out byte-identical."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus.paragraph import FragLine


class Paragraph(_Paragraph):  # type: ignore[misc]
    def wrap(self, avail_width: float, avail_height: float) -> Any:
        out = super().wrap(avail_width, avail_height)
        bl = getattr(self, "blPara", None)
        if bl is not None and bl.kind == 0 and any(isinstance(ln, FragLine) for ln in bl.lines):
            bl.kind = 1
        return out
