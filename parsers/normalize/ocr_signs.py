"""A ``≥``/``≤`` OCR read without its bar (``>2个``), put back by the other
values of its table's 指标值 column.

    column_sign(">2个", ["3所", ">2个", "100%", "≥90%"])  -> "≥2个"
    column_sign(">2个", ["3所", ">2个", "100%"])          -> None   (no evidence)
    column_sign(">2个", [">2个", ">5所", ">95%", "≥90%"])  -> None   (as many read bare)

A 绩效目标表 states its targets as ``≥``/``≤`` (the 指标值 of a lower bound,
财预〔2020〕10号's notation): the digital notices of the corpus print ``≥``
nearly a thousand times and a bare ``>`` never. The bar under the sign is a
thin stroke a grey scan loses, so OCR returns ``>``. A value read ``>N`` is
the ``≥N`` of its table when the table's other values print that barred sign
(one at least, read with its bar) more often than the bare one: a bar is lost
now and then, not on most of a table's values, so a table read mostly bare
(or as often bare as barred) is left as read. The number and unit stay
as read; the sign is spelled as the table's other values spell it (``>=``
when every one of them does). The caller marks the change (``repaired_from``:
LOW_CONFIDENCE names it). Apply to OCR text only. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence

from parsers.normalize.targets import read_comparison
from pipeline.core.textnorm import fold_ocr_punct, fold_width, strip_spaces

__all__ = ["column_sign"]

_BARRED = {">": ("≥", ">="), "<": ("≤", "<=")}


def _folded(text: str) -> str:
    return fold_ocr_punct(strip_spaces(fold_width(text)))


def _barred_spelling(value: str, sign: str) -> str | None:
    """The barred spelling ``value`` opens with (``≥`` or ``>=``) for the bare ``sign``, or None."""
    barred, ascii_barred = _BARRED[sign]
    if strip_spaces(fold_width(value)).startswith(ascii_barred):
        return ascii_barred
    return barred if _folded(value).startswith(barred) else None


def column_sign(value: str, column: Sequence[str]) -> str | None:
    """``value`` with its bare ``>``/``<`` read as the barred sign its table's
    other values print (module docstring), or None."""
    v = _folded(value)
    sign = v[:1]
    if sign not in _BARRED or v[1:2] == "=":
        return None
    read = read_comparison(v)
    if read.number is None:
        return None
    others = list(column)
    if value in others:
        others.remove(value)  # the value itself
    bare = sum(_folded(c)[:1] == sign and _folded(c)[1:2] != "=" for c in others)
    spellings = [s for c in others if (s := _barred_spelling(c, sign)) is not None]
    if len(spellings) <= bare:
        return None  # no barred sign read, or as many bare ones: nothing says the bar was lost
    spelled = _BARRED[sign][1] if all(s == _BARRED[sign][1] for s in spellings) else _BARRED[sign][0]
    return spelled + v[1:]
