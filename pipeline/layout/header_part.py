"""A 三线表's header printed alone at a page's foot, its body all on the next page.

    header_at_foot(page, rules, free) -> (table, boxes outside it) | None

Word moves a table's rows to the next page when they do not fit, and a 三线表 whose header row
just fits leaves the header alone between the table's top rule and the rule under its header,
with nothing below but the page number. Two rules make no 三线表 (``unruled`` wants three), so
the labels would stay free text and the body on the next page would be a table without its
header. Read here as a one-row table whose columns are the labels' (a label wrapped over lines
is one label), it joins the next page's part as any continued table does
(``blocks.merge_continued_tables``: the body is re-cut at these columns).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.core.model import Page, Ruling, Table, TextBox
from pipeline.layout.lines import cluster_rows
from pipeline.layout.tables import Segment, reconstruct_tables
from pipeline.layout.text_columns import leaf_labels
from pipeline.layout.text_rows import is_number

EXTENT_TOL = 6.0  # the two rules of one table start and end within this many points
MIN_LABELS = 3
MAX_HEADER_LINES = 6  # a header's labels wrapped over up to this many lines
# a 版记 between its rules (抄送：…, …印发) is no header: labels hold no colon and no print line
_NO_LABEL = re.compile(r"[：:]|印发$")
PAGE_NUMBER = re.compile(r"^[—\-－–]*\s*[0-9]{1,3}\s*[—\-－–]*$")


def header_at_foot(
    page: Page, rules: Sequence[Segment], free: Sequence[TextBox]
) -> tuple[Table, list[TextBox]] | None:
    """The page's last two rules, of one extent, with labels between them (three or more, no
    figure among them) and nothing under them but the page number: the header of a table whose
    body is on the next page."""
    if len(rules) < 2:
        return None
    upper, lower = sorted(rules, key=lambda s: s.pos)[-2:]
    if abs(upper.start - lower.start) > EXTENT_TOL or abs(upper.end - lower.end) > EXTENT_TOL:
        return None
    inside = [b for b in free if upper.pos < b.bbox.cy < lower.pos and upper.start <= b.bbox.cx <= upper.end]
    below = [b for b in free if b.bbox.top > lower.pos]
    if not inside or any(is_number(b.text) or _NO_LABEL.search(b.text) for b in inside) or not all(
        PAGE_NUMBER.match(b.text.strip()) or not b.text.strip("—-－– ") for b in below
    ):
        return None
    lines = cluster_rows(inside)
    leaves = sorted(leaf_labels(lines))
    if len(lines) > MAX_HEADER_LINES or len(leaves) < MIN_LABELS or any(
        b[0] <= a[1] for a, b in zip(leaves, leaves[1:], strict=False)
    ):
        return None
    cuts = [(a[1] + b[0]) / 2 for a, b in zip(leaves, leaves[1:], strict=False)]
    x0, x1 = upper.start, upper.end
    rulings = (
        Ruling(x0, upper.pos, x1, upper.pos),
        Ruling(x0, lower.pos, x1, lower.pos),
        *(Ruling(x, upper.pos, x, lower.pos) for x in (x0, *cuts, x1)),
    )
    found, rest = reconstruct_tables(Page(page.page, page.width, page.height, tuple(inside), rulings, page.text_source))
    if len(found) != 1:
        return None
    taken = {id(b) for b in inside} - {id(b) for b in rest}
    return found[0], [b for b in free if id(b) not in taken]
