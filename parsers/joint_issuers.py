"""A joint notice whose 发文机关标志 names only the lead organ: the issuers from the 署名.

GB/T 9704 (7.2.2) lets a joint document (联合行文) print the lead organ's name alone in its
mark; its 署名 then lists every issuing organ (7.3.5.2). When the organs the mark names are all
among the 署名's organs and the 署名 names more, the notice is issued by every organ of the 署名,
in the 署名's order (the lead first); the organs the mark names keep its reading. A 署名 name that is no organ (a person, a seal's text) puts
nothing back. Pure.

    issuers = joint_issuers(header.issuers, closing.signatories)
"""

from __future__ import annotations

from collections.abc import Sequence

from parsers.normalize.organ_rules import organ_words
from pipeline.core.model import Field
from pipeline.core.textnorm import strip_spaces

__all__ = ["joint_issuers"]


def _is_organ(name: str) -> bool:
    return name.endswith(organ_words())


def joint_issuers(issuers: tuple[Field[str], ...], signatories: Sequence[Field[str]]) -> tuple[Field[str], ...]:
    """The 署名's organs when the mark names fewer and each of them is among the 署名's, else
    ``issuers`` as read."""
    if not issuers or len(signatories) <= len(issuers):
        return issuers
    signed = [strip_spaces(s.value) for s in signatories]
    if not all(_is_organ(name) for name in signed):
        return issuers
    marked = {strip_spaces(f.value): f for f in issuers}
    if not all(name in signed for name in marked):
        return issuers
    # the organs the mark names keep the mark's reading (page 1), the others the 署名's
    return tuple(marked.get(name, s) for name, s in zip(signed, signatories, strict=True))
