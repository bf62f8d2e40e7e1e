"""OCR: a title in the 附件说明 read with a look-alike punctuation glyph, put back
from the title the attachment itself prints.

    titles_as_printed(listed, printed)
        附件：“9.5”泸定地震抗震救灾资金分配表  +  the table's title “9·5”泸定地震抗震救灾资金分配表
        -> attachments_listed[0].title “9·5”泸定地震抗震救灾资金分配表

The 附件说明 (``附件：1. …``) repeats the title each attachment prints over its
own page (GB/T 9704), and the notice's title often quotes it too. The small
punctuation glyphs of a dated event (``“9·5”``, month and day parted by a
middle dot), a rate (``元/人·月``) or a list come back from OCR as one
another (``.``, ``·``, ``•``, ``・``, ``∙``): a listed title read by OCR that
no printed title holds, while exactly one printed title is the same text but
for such glyphs (``DOTS``), is that title: it is put back, and what OCR read
is kept in ``Provenance.repaired_from`` (LOW_CONFIDENCE names the repair).
Han characters, digits and every other glyph must agree as read, so two
different titles are never confused. A text layer is never touched. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from parsers.normalize.ocr_repair import lowered_confidence
from pipeline.core.model import AttachmentItem
from pipeline.core.textnorm import strip_spaces

__all__ = ["DOTS", "titles_as_printed"]

DOTS = ".·•・∙"  # one small round glyph at mid or base height: OCR reads each as another
_ONE_DOT = str.maketrans(dict.fromkeys(DOTS, "·"))


def _key(text: str) -> str:
    return strip_spaces(text).translate(_ONE_DOT)


def titles_as_printed(listed: Iterable[AttachmentItem], printed: Iterable[str]) -> tuple[AttachmentItem, ...]:
    """``listed`` with each OCR-read title put back to the one printed title it matches but for
    look-alike dots (see the module docstring)."""
    titles = {strip_spaces(t): t.strip() for t in printed if t and t.strip()}
    out: list[AttachmentItem] = []
    for item in listed:
        read = strip_spaces(item.title)
        if item.prov.confidence is None or not read or read in titles or not any(d in read for d in DOTS):
            out.append(item)
            continue
        same = [t for k, t in titles.items() if _key(k) == _key(read)]
        if len(same) != 1:
            out.append(item)
            continue
        prov = replace(item.prov, confidence=lowered_confidence(item.prov.confidence), repaired_from=item.title)
        out.append(replace(item, title=same[0], prov=prov))
    return tuple(out)
