"""The columns of a table printed without rules, read from where its text stands.

- the body's clear x gaps are the column gaps (``column_gaps``, ``infer_columns``); each is cut
  between the leaf labels nearer either side (``place_cuts``);
- the header's leaf labels (``leaf_labels``: a label wrapped over lines is one; a group label
  over sub-labels is none) ask for cuts the body leaves unsaid: columns no body row fills at
  the sides (``empty_side_columns``) or inside (``empty_inner_columns``), and narrow gaps
  between two labels (``cuts_between_leaves``);
- ``looks_tabular`` tells a table from running text by those cuts.

Used by ``pipeline/layout/text_grid.py`` (header levels; its rows come from ``text_rows.py``), which ``unruled.py`` calls.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

from pipeline.core.model import BBox, Ruling, TextBox
from pipeline.layout.lines import cluster_rows
from pipeline.layout.tables import split_box

MIN_GAP = 4.0  # points of clear space between two columns (two cell paddings; a space is less)
NARROW_GAP = 1.5  # points of clear space that part two columns when their header labels say there are two
MIN_ROWS = 3
MAX_CROSSING = 0.1  # share of body boxes that may straddle an inferred column gap
BODY_WIDEST = 0.8  # share of the table's width beyond which a body line is a note across it
_FIGURE = re.compile(r"[-+−]?[\d.,，%％]+")  # a cell's number, never a merged label
HANGING = frozenset("，。；、：）》”’！？")  # marks Word lets hang past a line's end
LABEL_WRAP_SHARE = 0.6  # white between a header label's lines, in line heights, beyond which they are two labels


def column_gaps(
    boxes: Sequence[TextBox], x0: float, x1: float, widest: float = 0.5, min_gap: float = MIN_GAP
) -> list[tuple[float, float]]:
    """Clear vertical gaps between boxes, left to right (boxes wider than ``widest`` of the
    region, e.g. a spanning header or a note across the table, do not count)."""
    narrow = [b for b in boxes if b.bbox.width <= widest * (x1 - x0)]
    spans = sorted((max(b.bbox.x0, x0), min(ink_x1(b), x1)) for b in narrow)
    gaps: list[tuple[float, float]] = []
    reach: float | None = None
    for start, end in spans:
        if reach is not None and start - reach >= min_gap:
            gaps.append((reach, start))
        reach = end if reach is None else max(reach, end)
    return gaps


def ink_x1(box: TextBox) -> float:
    """Where a box's text ends, short of a line-ending full-width mark (，。；、：）) set hanging
    into the cell's padding (Word's 允许标点溢出边界): its glyph's ink is in its left half, and it
    may touch the next cell's text."""
    if box.text and box.text[-1] in HANGING and len(box.text) > 1:
        return max(box.bbox.x0, box.bbox.x1 - box.bbox.height)
    return box.bbox.x1


def _char_width(ch: str) -> float:
    """A character's advance in ems: CJK and full-width forms one, Latin letters and digits half."""
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 0.5


def split_at_marks(box: TextBox, cuts: Sequence[float]) -> list[TextBox]:
    """A text-layer word running over column cuts, split after the full-width mark its cell's
    line ends with: a mark hanging into the padding touches the next cell's text, and the text
    layer reads the two as one word (``涉及63人次；`` + ``资金``). The mark is the one whose end
    (characters' advances, CJK one em, digits half) lies within a character of the cut, with
    text after it; a word with none, or a read (OCR) box, is left whole."""
    inside = [c for c in cuts if box.bbox.x0 + 1.0 < c < box.bbox.x1 - 1.0]
    if not inside or box.confidence is not None or len(box.text) < 2:
        return [box]
    ends = _char_ends(box)
    cut = inside[0]
    marks = [i for i in _marks_before_text(box) if abs(ends[i] - cut) <= box.bbox.height]
    if not marks:
        return [box]
    i = min(marks, key=lambda k: abs(ends[k] - cut))
    head = TextBox(box.text[: i + 1], BBox(box.bbox.x0, box.bbox.top, ends[i], box.bbox.bottom), None, box.is_red)
    tail = TextBox(box.text[i + 1 :], BBox(ends[i], box.bbox.top, box.bbox.x1, box.bbox.bottom), None, box.is_red)
    return [head, *split_at_marks(tail, inside[1:])]


def _char_ends(box: TextBox) -> list[float]:
    """Where each character of a text-layer word ends (advances: CJK one em, digits half)."""
    advances = [_char_width(ch) for ch in box.text]
    scale = box.bbox.width / sum(advances)
    ends, x = [], box.bbox.x0
    for adv in advances:
        x += adv * scale
        ends.append(x)
    return ends


def _marks_before_text(box: TextBox) -> list[int]:
    """The hanging marks of a word with text after them (not marks hanging after its end)."""
    return [i for i, ch in enumerate(box.text[:-1]) if ch in HANGING and not set(box.text[i + 1 :]) <= HANGING]


def mark_in_gap(box: TextBox, gaps: Sequence[tuple[float, float]]) -> float | None:
    """Where a text-layer label word running over a whole gap between body columns ends a
    hanging mark inside that gap (受灾人口（人）死亡牲畜（头只匹）: two labels padded till they touch,
    one word to the text layer): the boundary of their columns, else None."""
    if box.confidence is not None or len(box.text) < 2:
        return None
    ends = _char_ends(box)
    for a, b in gaps:
        if box.bbox.x0 < a and box.bbox.x1 > b:
            marks = [ends[i] for i in _marks_before_text(box) if a <= ends[i] <= b]
            if len(marks) == 1:
                return marks[0]
    return None


def split_wrapped_pairs(lines: Sequence[list[TextBox]], cuts: Sequence[float]) -> list[list[TextBox]]:
    """Header lines with each OCR box that crosses a cut under a label on either side of it (each
    over part of the box, the box tight under both) split at that cut: the wrapped next lines of
    two labels read as one box (``数（人）月数`` under ``在岗人`` | ``补贴``), each going to its
    column (``tables.split_box``: the characters' share, a bracket pair kept whole). A box under
    one label, or a text-layer word, is left whole."""
    out: list[list[TextBox]] = []
    for k, line in enumerate(lines):
        above = [u for upper in lines[:k] for u in upper]
        new: list[TextBox] = []
        for box in line:
            inside = [c for c in cuts if box.bbox.x0 + 1.0 < c < box.bbox.x1 - 1.0]
            over = [u for u in above if overlaps(u, box) and _line_under(u, box)]
            apart = [
                c for c in inside
                if any(u.bbox.x1 <= c for u in over) and any(u.bbox.x0 >= c for u in over)
            ]
            new.extend(split_box(box, apart) if apart and box.confidence is not None else [box])
        out.append(new)
    return out


def split_words_at_rulings(boxes: Sequence[TextBox], rulings: Sequence[Ruling]) -> dict[int, list[TextBox]]:
    """``split_at_marks`` at the vertical rulings (an inferred grid's column cuts) beside each box:
    id(box) -> its parts, for the boxes split."""
    out: dict[int, list[TextBox]] = {}
    for box in boxes:
        cuts = sorted(r.x0 for r in rulings if not r.is_horizontal and r.top <= box.bbox.cy <= r.bottom)
        parts = split_at_marks(box, cuts)
        if len(parts) > 1:
            out[id(box)] = parts
    return out


def infer_columns(boxes: Sequence[TextBox], x0: float, x1: float) -> list[float]:
    """x positions of column separators: the middles of the clear gaps between boxes."""
    return [(a + b) / 2 for a, b in column_gaps(boxes, x0, x1)]


def overlaps(a: TextBox, b: TextBox) -> bool:
    return a.bbox.x0 < b.bbox.x1 and b.bbox.x0 < a.bbox.x1


def _line_under(upper: TextBox, lower: TextBox) -> bool:
    """``lower`` may be the next line of ``upper``'s label: less white between them than
    LABEL_WRAP_SHARE of a line (a row's padding and a group label's rule space are more)."""
    height = max(upper.bbox.height, lower.bbox.height)
    return lower.bbox.top - upper.bbox.bottom < LABEL_WRAP_SHARE * height


def labels_above(lines: Sequence[list[TextBox]]) -> Iterator[tuple[TextBox, TextBox | None]]:
    """Each header box, top to bottom, with the nearest box above it that it alone stands under
    in its line (the line it may continue), or None."""
    seen: list[TextBox] = []
    for line in lines:
        for box in line:
            above = [o for o in seen if overlaps(o, box) and o.bbox.bottom <= box.bbox.top + 1.0]
            near = max(above, key=lambda o: o.bbox.bottom) if above else None
            alone = near is not None and sum(1 for o in line if overlaps(near, o)) == 1
            yield box, near if alone else None
        seen.extend(line)


def leaf_labels(lines: Sequence[list[TextBox]]) -> list[tuple[float, float]]:
    """The x extents of the header's leaf labels: a label wrapped over lines (each line under
    the one above it and alone there) is one label; a label with nothing under it is a leaf,
    unless sub-labels stand close on both its sides under it (a group label)."""
    blocks: list[list[TextBox]] = []
    block_of: dict[int, list[TextBox]] = {}
    for box, near in labels_above(lines):
        blk = block_of.get(id(near)) if near is not None else None
        # a later line of the label set tight under it; a label a row's padding below another
        # (公用经费 | 寄宿生生活补助 under an off-centre 其中：) is a label of its own
        if blk is not None and blk[-1] is near and near is not None and _line_under(near, box):
            blk.append(box)
        else:
            blk = [box]
            blocks.append(blk)
        block_of[id(box)] = blk
    out = []
    for k, blk in enumerate(blocks):
        x0, x1 = min(b.bbox.x0 for b in blk), max(b.bbox.x1 for b in blk)
        bottom = max(b.bbox.bottom for b in blk)
        lower = [o for j, other in enumerate(blocks) if j != k for o in other if o.bbox.top >= bottom - 1.0]
        if any(o.bbox.x0 < x1 and x0 < o.bbox.x1 for o in lower):
            continue  # a label over others
        reach = (x1 - x0) / 2  # a group label narrower than the gap between its sub-labels
        left = any(x0 - reach <= o.bbox.x1 <= x0 for o in lower)
        right = any(x1 <= o.bbox.x0 <= x1 + reach for o in lower)
        if not (left and right or _over_a_gap(blk, lower)):
            out.append((x0, x1))
    return out


def _over_a_gap(label: Sequence[TextBox], lower: Sequence[TextBox]) -> bool:
    """A label standing a line higher than the labels beside it under it, one on each side of
    it on one line within a label's width (or two line heights): a group label centred over
    its columns (小学 over 人数 | 金额), not the label of an empty column between them (that one
    is centred over the header's levels and reaches down beside them)."""
    x0, x1 = min(b.bbox.x0 for b in label), max(b.bbox.x1 for b in label)
    bottom = max(b.bbox.bottom for b in label)
    height = max(b.bbox.height for b in label)
    reach = max(x1 - x0, 2 * height)
    under = [o for o in lower if o.bbox.top >= bottom + 0.5 * height]
    lefts = [o for o in under if x0 - reach <= o.bbox.x1 <= x0]
    rights = [o for o in under if x1 <= o.bbox.x0 <= x1 + reach]
    return any(abs(a.bbox.top - b.bbox.top) <= 1.0 and a.bbox.cx < (x0 + x1) / 2 < b.bbox.cx
               for a in lefts for b in rights)


def cut_in(gap: tuple[float, float], leaves: Sequence[tuple[float, float]], left: float, right: float) -> float:
    """Where to cut the body gap between two columns whose body text is centred at ``left`` and
    ``right``: between the leaf labels nearer the left column's text and those nearer the right
    one's (a label centred over right-aligned numbers reaches into the gap; a group label above
    them may well cross the cut; a box over the whole gap tells no side: ``数（人）月数``, the wrapped
    lines of two labels OCR read as one), else the gap's middle."""
    a, b = gap
    lo, hi = a, b
    for x0, x1 in leaves:
        if x1 <= a or x0 >= b or (x0 <= a and x1 >= b):
            continue  # beside the gap, or over the whole of it (two wrapped labels OCR read as one box)
        centre = (x0 + x1) / 2
        # a label centred before the gap stands over the left column, one after it over the right
        # (the text centres mislead where a long name fills the gap before the left column)
        if centre < a or (centre <= b and abs(centre - left) <= abs(centre - right)):
            lo = max(lo, x1)
        else:
            hi = min(hi, x0)
    return (lo + hi) / 2 if lo <= hi else (a + b) / 2


def empty_side_columns(
    body: Sequence[TextBox], leaves: Sequence[tuple[float, float]], gaps: Sequence[tuple[float, float]] = ()
) -> list[float]:
    """Cuts for columns no body row fills at the table's sides (a 备注 column left empty): a
    leaf label wholly right (or left) of all body text. A column's own label is centred on its
    column, over the column's text; only a body column no label stands over (贫困县 set at the
    left of a wide 备注 column, its label centred right of it) takes the label beyond it."""
    if not body:
        return []
    left, right = min(b.bbox.x0 for b in body), max(b.bbox.x1 for b in body)
    last_lo = gaps[-1][1] if gaps else left
    first_hi = gaps[0][0] if gaps else right
    out: list[float] = []
    beyond = sorted(x0 for x0, _ in leaves if x0 >= right + MIN_GAP)
    # (a label ending just short of its column: centred in it over numbers set flush right; or the
    # label nearest the last column's text is one within the body: 金额 centred left of its figures)
    if beyond and (not gaps or any(a < right and b > last_lo - MIN_GAP for a, b in leaves)
                   or _nearest_within(leaves, (last_lo + right) / 2, right)):
        # between the body and the empty column's label, and clear of the labels before it (a label
        # centred over figures set flush left in their column reaches past them)
        out.append((max([right, *(x1 for _, x1 in leaves if x1 <= beyond[0])]) + beyond[0]) / 2)
    before = sorted(x1 for _, x1 in leaves if x1 <= left - MIN_GAP)
    if before and (not gaps or any(a < first_hi + MIN_GAP and b > left for a, b in leaves)):
        out.append((before[-1] + min([left, *(x0 for x0, _ in leaves if x0 >= before[-1])])) / 2)
    return out


def _nearest_within(leaves: Sequence[tuple[float, float]], centre: float, right: float) -> bool:
    """The leaf label whose centre is nearest ``centre`` (the body's last column) starts before
    ``right`` (the body's end): that column has its label, so a label beyond is an empty column's."""
    if not leaves:
        return False
    x0, _ = min(leaves, key=lambda lv: abs((lv[0] + lv[1]) / 2 - centre))
    return x0 < right + MIN_GAP


def cuts_between_leaves(
    cuts: Sequence[float], leaves: Sequence[tuple[float, float]], body: Sequence[TextBox], x0: float, x1: float
) -> list[float]:
    """Cuts two neighbouring leaf labels ask for where no cut stands between their centres: the
    one clear gap of the body between them, even one narrower than two paddings (a long name
    set up to 3 points short of the next column's text)."""
    ordered = sorted(leaves, key=lambda lv: lv[0] + lv[1])
    fine = column_gaps(body, x0, x1, BODY_WIDEST, min_gap=NARROW_GAP)
    out: list[float] = []
    for (a0, a1), (b0, b1) in zip(ordered, ordered[1:], strict=False):
        if any((a0 + a1) / 2 < c < (b0 + b1) / 2 for c in cuts):
            continue
        inner = [(g0 + g1) / 2 for g0, g1 in fine if a1 <= (g0 + g1) / 2 <= b0]  # between the labels
        if not inner:
            inner = _gap_under_merged(body, ((a0 + a1) / 2, (b0 + b1) / 2), (a1, b0), x0, x1)
        if len(inner) == 1:
            out.append(inner[0])
    return out


def _gap_under_merged(
    body: Sequence[TextBox], between: tuple[float, float], labels: tuple[float, float], x0: float, x1: float
) -> list[float]:
    """The clear gap between two leaf labels' centres that only labels merged over the two columns cross
    (a 合计 row's label centred over 序号, 项目名称 and 资金来源; 杭州市小计 over 序号 | 市、县 on each
    subtotal row), while every other row keeps them apart by two paddings. The boxes crossing
    are text, not figures, and few (at most MAX_CROSSING of the body's, at least one): each set
    of boxes covering a stretch between the labels is tried, fewest first."""
    lo, hi = between
    if labels[0] < labels[1]:  # the stretches the labels leave clear, if they leave any
        lo, hi = max(lo, labels[0]), min(hi, labels[1])
    edges = sorted({lo, hi, *(v for b in body for v in (b.bbox.x0, ink_x1(b)) if lo < v < hi)})
    covers: list[frozenset[int]] = []
    for p, q in zip(edges, edges[1:], strict=False):
        cover = frozenset(id(b) for b in body if b.bbox.x0 < (p + q) / 2 < ink_x1(b))
        if cover and cover not in covers:
            covers.append(cover)
    limit = max(1, int(MAX_CROSSING * len(body)))
    for cover in sorted(covers, key=len):
        crossing = [b for b in body if id(b) in cover]
        if len(crossing) > limit or any(_FIGURE.fullmatch(b.text.strip()) for b in crossing):
            continue
        rest = [b for b in body if id(b) not in cover]
        inner = [(g0, g1) for g0, g1 in column_gaps(rest, x0, x1, BODY_WIDEST)
                 if between[0] <= (g0 + g1) / 2 <= between[1] and g0 < hi and lo < g1]
        if len(inner) == 1:
            (g0, g1), (a, b) = inner[0], labels
            a, b = max(a, g0), min(b, g1)  # between the labels where they leave room: no label cut
            return [(a + b) / 2 if a < b else (g0 + g1) / 2]
    return []


def empty_inner_columns(
    cuts: Sequence[float], leaves: Sequence[tuple[float, float]], gaps: Sequence[tuple[float, float]],
    extent: tuple[float, float] = (float("-inf"), float("inf")),
) -> list[float]:
    """Cuts around a column no body row fills between filled ones (中央资金 over no amount beside
    资金合计): a leaf label wholly inside one clear gap of the body is a column of its own, cut
    from each neighbouring label (halfway between their edges, within the gap) where no cut
    stands between their centres; unless the body text beside the gap (``extent``: where the body
    begins and ends) has no label of its own, which makes the label its own (``_unlabelled_beside``)."""
    ordered = sorted(leaves, key=lambda lv: lv[0] + lv[1])
    out: list[float] = []
    for k, (l0, l1) in enumerate(ordered):
        gap = next(((g0, g1) for g0, g1 in gaps if g0 <= l0 and l1 <= g1), None)
        if gap is None or _unlabelled_beside(gap, gaps, [lv for j, lv in enumerate(ordered) if j != k], extent):
            continue
        centre = (l0 + l1) / 2
        for j in (k - 1, k + 1):
            if not 0 <= j < len(ordered):
                continue
            n0, n1 = ordered[j]
            other = (n0 + n1) / 2
            lo, hi = sorted((centre, other))
            if any(lo < c < hi for c in [*cuts, *out]):
                continue
            edge = (l0 + n1) / 2 if j < k else (l1 + n0) / 2
            cut = min(max(edge, gap[0]), gap[1])
            if lo < cut < hi:
                out.append(cut)
    return out


def _unlabelled_beside(
    gap: tuple[float, float], gaps: Sequence[tuple[float, float]], others: Sequence[tuple[float, float]],
    extent: tuple[float, float],
) -> bool:
    """The body text on either side of ``gap`` (up to the next gap) stands under no other leaf
    label: the label inside the gap is that text's own (小计 centred in a narrow column over
    numbers set flush right, past its end), not the label of an empty column."""
    edges = sorted(v for g in gaps for v in g)
    before = max((v for v in edges if v < gap[0]), default=extent[0])
    after = min((v for v in edges if v > gap[1]), default=extent[1])
    return any(not any(x0 < b and a < x1 for x0, x1 in others) for a, b in ((before, gap[0]), (gap[1], after)))


def place_cuts(gaps: Sequence[tuple[float, float]], leaves: Sequence[tuple[float, float]], x0: float, x1: float) -> list[float]:
    """One cut per body gap (``cut_in``), each column's body text centre taken between its gaps
    (``x0``/``x1``: where the body text begins and ends)."""
    edges = [x0, *(v for g in gaps for v in g), x1]
    centres = [(edges[2 * k] + edges[2 * k + 1]) / 2 for k in range(len(gaps) + 1)]
    return [cut_in(g, leaves, centres[k], centres[k + 1]) for k, g in enumerate(gaps)]


def column_of(x: float, cuts: Sequence[float]) -> int:
    return sum(1 for c in cuts if x > c)


def looks_tabular(boxes: Sequence[TextBox], cuts: Sequence[float], min_rows: int = MIN_ROWS) -> bool:
    """Two or more columns, at least ``min_rows`` rows using two of them, and almost no box
    across a column gap (running text crosses them)."""
    if not cuts:
        return False
    crossing = sum(1 for b in boxes if any(b.bbox.x0 < c < ink_x1(b) for c in cuts))  # a hanging mark crosses none
    if crossing > MAX_CROSSING * len(boxes):
        return False
    rows = cluster_rows(boxes)
    multi = sum(1 for row in rows if len({column_of(b.bbox.cx, cuts) for b in row}) >= 2)
    return len(rows) >= min_rows and multi >= min_rows


PADDED_GAP = 1.6  # glyph heights: the widest space a padded label (合　计, 单　位) puts between its characters
PADDED_MAX = 4  # characters of a padded label


def _lone_han(box: TextBox) -> bool:
    return len(box.text) == 1 and "\u4e00" <= box.text <= "\u9fff"


def _apart_below(left: TextBox, right: TextBox, body: Sequence[TextBox]) -> bool:
    """A body box under ``left`` alone and another under ``right`` alone: two columns (男 | 女)."""
    mid = (left.bbox.x1 + right.bbox.x0) / 2
    under_left = any(left.bbox.x0 - left.bbox.height <= b.bbox.x0 and b.bbox.x1 <= mid for b in body)
    under_right = any(mid <= b.bbox.x0 and b.bbox.x1 <= right.bbox.x1 + right.bbox.height for b in body)
    return under_left and under_right


def join_padded_labels(line: Sequence[TextBox], body: Sequence[TextBox]) -> list[TextBox]:
    """A header line with its padded labels as one box each: single characters a space apart
    (合　计, 单　位 — a short label spread over its cell), unless the body sets a column under each
    character. A text layer only (OCR reads such a label as one box or two it keeps apart)."""
    out: list[TextBox] = []
    padded: list[bool] = []  # out[i] is a lone character or a padded label joined so far
    for box in sorted(line, key=lambda b: b.bbox.x0):
        if (
            out
            and padded[-1]
            and box.confidence is None
            and _lone_han(box)
            and len(out[-1].text) < PADDED_MAX
            and 0 < box.bbox.x0 - out[-1].bbox.x1 <= PADDED_GAP * box.bbox.height
            and abs(box.bbox.cy - out[-1].bbox.cy) <= box.bbox.height / 2
            and not _apart_below(out[-1], box, body)
        ):
            prev = out[-1]
            bbox = BBox(prev.bbox.x0, min(prev.bbox.top, box.bbox.top), box.bbox.x1, max(prev.bbox.bottom, box.bbox.bottom))
            out[-1] = TextBox(prev.text + box.text, bbox, prev.confidence, prev.is_red)
            continue
        out.append(box)
        padded.append(box.confidence is None and _lone_han(box))
    return out
