"""Who issued a notice, for following funds across levels (pure); what fund a title names is
:func:`pipeline.core.fund_keys.fund_key` (re-exported here).

    own_region(["赣州市章贡区财政局"]) -> "章贡区"
    own_division(["赣州市章贡区财政局"]) -> ("章贡区", "360702")

The issuer's own division is the last administrative division named in
an issuer's name (``赣州市章贡区财政局``: 赣州市, then 章贡区), read with
:func:`pipeline.core.divisions.resolve_region`, each division within the
one before it.  If what follows the last division still names a territory
(``库尔勒经济技术开发区财政局``: a zone is not 库尔勒市), there is no own
division: a wrong one would match the wrong allocation row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.core.divisions import resolve_region
from pipeline.core.fund_keys import FundKey, fund_key

__all__ = ["FundKey", "fund_key", "own_division", "own_region"]


_TERRITORY = re.compile(r"[省市县区州旗盟乡镇]|街道|开发|园区|新区|管委")


def _divisions(name: str) -> tuple[list[tuple[str, str]], str]:
    """The divisions (name, GB/T 2260 code) named in ``name`` left to right, and the
    text after the last."""
    found: list[tuple[str, str]] = []
    within: str | None = None
    i, end_of_last = 0, 0
    text = re.sub(r"\s+", "", name)
    while i < len(text) - 1:
        hit = None
        for j in range(len(text), i + 1, -1):
            match = resolve_region(text[i:j], within=within)
            if match is not None:
                hit = (j, match)
                break
        if hit is None:
            i += 1
            continue
        j, match = hit
        if not found or found[-1][1] != match.code:
            found.append((match.canonical, match.code))
        within = match.code
        i = end_of_last = j
    return found, text[end_of_last:]


def own_division(names: Iterable[str]) -> tuple[str, str] | None:
    """The issuing division (official name, code): the last division of the first
    issuer name that has one."""
    for name in names:
        found, rest = _divisions(name)
        if not found:
            continue
        return None if _TERRITORY.search(rest) else found[-1]
    return None


def own_region(names: Iterable[str]) -> str | None:
    """The official name of the issuing division (see :func:`own_division`)."""
    division = own_division(names)
    return division[0] if division else None
