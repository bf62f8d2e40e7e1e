"""OCR: a bracketed list of division levels read without its 顿号, put back from the notice.

    enumeration_repairs(text, evidence) -> text
    indicators_from_notice(tables, evidence) -> tables

A list of levels in brackets (``县（市、区）``, ``（市、县）``) prints its 、 small and low; a scan at
low resolution or a photographed page loses it (``县（市区）``), though the same list is read whole
where the notice prints it in larger type (the 主送: ``相关县（市、区）财政局``). The marks are put back
only when the notice's own text prints the list with them and never prints the bracket as read
(``（市区）`` may be a real word, an urban area). The evidence is the notice's own title, 主送 and
body, never a word list; a text layer is read as printed. A repaired indicator keeps its name as
read in ``repaired_from`` (LOW_CONFIDENCE names it). Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import regex as re

from pipeline.core.model import TargetTable

__all__ = ["enumeration_repairs", "indicators_from_notice"]

_LEVELS = "省市县区旗州盟乡镇街村"
_BARE = re.compile(rf"([（(])([{_LEVELS}]{{2,4}})([）)])")


def enumeration_repairs(text: str, evidence: Sequence[str]) -> str:
    """``text`` with each bracketed list of levels the notice prints with its 、 put back."""

    def listed(m: re.Match[str]) -> str:
        read = m.group(2)
        whole = "、".join(read)
        printed = any(f"（{whole}）" in t or f"({whole})" in t for t in evidence)
        as_read = any(f"（{read}）" in t or f"({read})" in t for t in evidence)
        return f"{m.group(1)}{whole}{m.group(3)}" if printed and not as_read else m.group(0)

    fixed: str = _BARE.sub(listed, text)
    return fixed


def indicators_from_notice(tables: tuple[TargetTable, ...], evidence: Sequence[str]) -> tuple[TargetTable, ...]:
    """The OCR-read indicator names of ``tables`` with their lists of levels put back."""
    texts = tuple(evidence)
    out = []
    for table in tables:
        inds = tuple(
            ind if ind.prov.confidence is None or (name := enumeration_repairs(ind.name, texts)) == ind.name
            else replace(ind, name=name, prov=replace(ind.prov, repaired_from=ind.prov.repaired_from or ind.name))
            for ind in table.indicators
        )
        out.append(table if inds == table.indicators else replace(table, indicators=inds))
    return tuple(out)
