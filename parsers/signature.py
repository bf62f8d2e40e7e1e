"""发文机关署名 read by layout: the block of organ names above the 成文日期.

    find_signature(lines, start, end, frame) -> SignatureBlock

The block is the run of lines right above ``end`` (the 成文日期, or the
版记 / end of the main document when the date is missing) whose text is
organ names: one name, a stack of names, or two or three names side by
side (each centred under its own seal, possibly at uneven heights). Names
on one visual row are told apart by the gaps between them and by how organ
names end (局, 厅, 委员会, 政府 …), never by a list of issuers.

Rows are formed by vertical overlap (a name printed a few points higher
than its neighbour is on the same row), names within a row read left to
right, rows top to bottom.

The block never takes a line of the 附件说明 above it: a numbered item,
a line ending in sentence punctuation, or a line printed right under a
list line (a wrapped attachment title) ends the block.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex as re

from parsers.geometry import PageFrame, is_flush_left, is_right_side
from parsers.normalize.dates import find_dates
from parsers.ocr_specks import is_seal_ring_name, is_seal_ring_text
from parsers.signature_slots import assemble, line_pieces
from pipeline.core.model import Line
from pipeline.core.textnorm import clean_text

# How organ names end (机关, 部门, 事业单位, 群团, 金融机构).
ORGAN_END = re.compile(
    r"(?:局|厅|委|委员会|部|署|院|中心|办公室|办公厅|办|政府|处|会|所|站|室|社|行|库|司|校|学|馆|团|队|场|组|联|盟|府)$"
)
LIST_START = re.compile(r"^附件\s*[:：]\s*")  # the 附件说明's first line
ITEM_START = re.compile(r"^([0-9０-９]{1,2})\s*[.．、]\s*")  # a numbered item, its number
SENTENCE_PUNCT = re.compile(r"[。；：:，,、！？!?《》“”\"]")
_NUM = r"[0-9０-９〇○零OoIlSs一二三四五六七八九十\s.]"
# A 成文日期 OCR damaged beyond parsing (``20201年07月03日``) or cut by a seal
# (``2023年3月``, ``6月7日``, ``2022年7日29日``: 月 read 日): never a name, still the block's end.
DATE_LIKE = re.compile(
    rf"^(?:{_NUM}{{2,8}}年{_NUM}{{1,4}}[月日]{_NUM}{{0,4}}日?|{_NUM}{{1,3}}月{_NUM}{{1,4}}日|{_NUM}{{4}}年)$"
)
MAX_ROWS = 6  # stacked names (a joint notice of six organs)
MAX_SPECKS = 2  # fragments looked past inside the block
SPECK_CHARS = 3  # a fragment: at most this many characters, not ending like an organ
MAX_NAME = 40  # characters in one organ name
WRAP_GAP = 0.9  # a line closer than this share of its size under a list line wraps it
ROW_OVERLAP = 0.3  # share of the smaller height two lines of one row overlap by
WRAP_INDENT = 5.0  # a wrapped title starts at most this many glyphs right of the line above
LIST_LINE_CHARS = 6  # shorter lines above a name are fragments (seal text), not the list
# Where the seal was, a copy published without it prints a mark after the name or on a line of its own:
# 某某局（盖章）, （章）, （公章）; no part of the name.
STAMP_MARK = re.compile(r"\s*[（(]\s*(?:盖\s*章|公\s*章|印\s*章|签\s*章|章)\s*[）)]")


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    start: int  # index of the first line of the block (== end when there is none)
    end: int
    names: tuple[tuple[str, Line], ...]  # each name with the line it was read from


def organ_names(text: str) -> tuple[str, ...] | None:
    """The organ names printed on one line, or None when it is not (only) names.

    Pieces between visible gaps are joined until they end like an organ name
    (``财 政 局`` letter-spaced, ``昌吉回族自治州 财政局`` split by OCR); a
    line whose text does not end like one is not a name line.
    """
    if not text.strip() or SENTENCE_PUNCT.search(text) or find_dates(clean_text(text)):
        return None
    if DATE_LIKE.match(clean_text(text)):
        return None
    if ITEM_START.match(clean_text(text)) or LIST_START.match(clean_text(text)):
        return None
    names: list[str] = []
    carry = ""
    for piece in text.split():
        carry += clean_text(piece)
        if ORGAN_END.search(carry):
            names.append(carry)
            carry = ""
    if carry or not names:
        return None
    names = [part for name in names for part in split_glued(name)]
    if any(len(n) < 3 or len(n) > MAX_NAME for n in names):
        return None
    return tuple(names)


# A Party organ's name opens with the Party's short name before its region (中共松阳县委组织部).
PARTY_PREFIX = re.compile(r"^中共(?=\p{Han}{2})")


def _region_of(name: str) -> str:
    """The first two characters of a name's region, a Party organ's 中共 before it looked past."""
    head: str = PARTY_PREFIX.sub("", name)
    return head[:2]


def split_glued(name: str) -> tuple[str, ...]:
    """Two names OCR read as one box: ``益阳市财政局益阳市民政局``.

    Split after an organ ending where the rest repeats the first name's
    region prefix (two or more characters; a Party organ's ``中共`` before it
    looked past either side: ``松阳县农业农村局中共松阳县委组织部``) and ends like
    an organ itself; ``国家税务总局益阳市税务局`` (one organ, no repeated prefix)
    stays whole.
    """
    for p in range(3, len(name) - 2):
        left, right = name[:p], name[p:]
        if (
            ORGAN_END.search(left) and ORGAN_END.search(right) and len(right) >= 4
            and _region_of(right) == _region_of(left)
        ):
            return (left, *split_glued(right))
    return (name,)


def _plain_right_line(line: Line, frame: PageFrame) -> bool:
    """A short right-hand line without punctuation (a name of an unusual form)."""
    t = clean_text(line.text)
    return (
        is_right_side(line, frame)
        and 4 <= len(t) <= MAX_NAME
        and not SENTENCE_PUNCT.search(t)
        and not ITEM_START.match(t)
        and not LIST_START.match(t)
        and not find_dates(t)
        and not DATE_LIKE.match(t)
    )


def _wraps_list_line(line: Line, above: Line, in_list: bool, n_names: int) -> bool:
    """Whether ``line`` continues the attachment list line right above it.

    A wrap is printed right under a list line (a real one: long, or numbered,
    not a fragment of a seal) and starts near it, under the item's text; a
    row of two or more names far apart is never a wrap.
    """
    if not in_list or above.page != line.page or n_names > 1:
        return False
    size = line.font_size or line.bbox.height
    t = clean_text(above.text)
    list_like = len(t) >= LIST_LINE_CHARS or bool(ITEM_START.match(t) or LIST_START.match(t))
    return (
        list_like
        and line.bbox.top - above.bbox.bottom < WRAP_GAP * size
        and line.bbox.x0 <= above.bbox.x0 + WRAP_INDENT * size
    )


def unstamped(line: Line) -> Line:
    """The line without its stamp marks (某某局（盖章） -> 某某局; a line of marks alone -> empty)."""
    text = STAMP_MARK.sub("", line.text)
    return line if text == line.text else replace(line, text=text)


def _is_name_line(line: Line, frame: PageFrame) -> tuple[str, ...] | None:
    line = unstamped(line)
    names = organ_names(line.text)
    if names is not None:
        return names
    if _plain_right_line(line, frame):
        return (clean_text(line.text),)
    return None


def find_signature(
    lines: tuple[Line, ...],
    start: int,
    end: int,
    frame: PageFrame,
    list_start: int | None = None,
    *,
    end_is_date: bool = True,
) -> SignatureBlock:
    """The 署名 block in ``lines[start:end]``, ending right above ``end``.

    ``list_start``: index of the 附件说明 line (``附件：``) when known; a line
    right under a list line is a wrapped attachment title, never a name.
    ``end_is_date``: ``lines[end]`` is the 成文日期, printed on the names' page;
    otherwise (the 版记, which may stand on the next page) the block lies on
    the page of its lowest name.
    """
    k = end
    found: list[tuple[Line, tuple[str, ...]]] = []
    page = lines[end].page if end < len(lines) and end_is_date else None
    skipped = 0
    while k - 1 >= start and len(found) < MAX_ROWS:
        line = unstamped(lines[k - 1])
        if page is not None and line.page != page:
            break
        if line is not lines[k - 1] and not line.text.strip() and k - 1 > start:
            skipped += 1  # a （盖章） line under a name, where its seal was: look past it
            k -= 1
            continue
        near = lines[max(start, k - 2) : k + 1]
        ring = is_seal_ring_text(line, near) or is_seal_ring_name(line, near)  # parsers/ocr_specks.py
        if (_is_speck(line) or ring) and skipped < MAX_SPECKS and k - 1 > start:
            skipped += 1  # a stroke of a seal read as a character: look past it
            k -= 1
            continue
        names = _is_name_line(line, frame)
        slots = max(len(names), _slots(line)) if names is not None else 0
        if names is None or (
            slots == 1
            and is_flush_left(line, frame)
            and not _has_row_mate(lines, k - 1, frame)
            and not _centred_over(line, found)
            and not (k == end and end_is_date and organ_names(line.text) is not None)
        ):
            # a lone name flush with the margin is body text, unless a name shares its row - or it
            # is one organ's name and nothing else, right above the 成文日期 (a long name that
            # fills the line: 中共…工作领导小组办公室)
            break
        above = lines[k - 2] if k - 2 >= start else None
        in_list = list_start is not None and list_start <= k - 2
        in_list = in_list and above is not None and _is_name_line(above, frame) is None
        if above is not None and _wraps_list_line(line, above, in_list, slots):
            break
        found.insert(0, (line, names))
        page = line.page
        k -= 1
        skipped = 0
    if skipped:  # specks above the topmost name belong to whatever is above
        k += skipped
    return SignatureBlock(start=k, end=end, names=_reading_order(found))


def _centred_over(line: Line, found: list[tuple[Line, tuple[str, ...]]]) -> bool:
    """A long organ name that starts at the margin but is centred over the name stacked right
    under it (西安市鄠邑区农村脱贫攻坚领导小组产业脱贫办公室 over 西安市鄠邑区财政局): one block."""
    if not found or organ_names(line.text) is None:
        return False
    below = found[0][0]
    size = line.font_size or line.bbox.height
    centre = (line.bbox.x0 + line.bbox.x1) / 2
    return below.page == line.page and abs(centre - (below.bbox.x0 + below.bbox.x1) / 2) <= size


def _is_speck(line: Line) -> bool:
    """A short fragment (a seal's stroke or ring text read by OCR), no name on its own."""
    t = clean_text(line.text)
    return (
        0 < len(t) <= SPECK_CHARS
        and not ORGAN_END.search(t)
        and not ITEM_START.match(t)
        and not SENTENCE_PUNCT.search(t)
    )


def _ends_name(text: str) -> bool:
    return bool(ORGAN_END.search(text))


def _slots(line: Line) -> int:
    """How many names far apart the line holds (pieces at wide gaps)."""
    return len(line_pieces(line, _ends_name))


def _has_row_mate(lines: tuple[Line, ...], i: int, frame: PageFrame) -> bool:
    """Whether a neighbouring line on the same row as ``lines[i]`` is a name (side by side)."""
    return any(
        0 <= j < len(lines) and same_row(lines[i], lines[j]) and _is_name_line(lines[j], frame) is not None
        for j in (i - 1, i + 1)
    )


def same_row(a: Line, b: Line) -> bool:
    overlap = min(a.bbox.bottom, b.bbox.bottom) - max(a.bbox.top, b.bbox.top)
    return a.page == b.page and overlap > ROW_OVERLAP * min(a.bbox.height, b.bbox.height)


def _reading_order(found: list[tuple[Line, tuple[str, ...]]]) -> tuple[tuple[str, Line], ...]:
    """Names row by row (rows by vertical overlap, single link), by slot within a row."""
    rows: list[list[Line]] = []
    for line, _ in sorted(found, key=lambda it: (it[0].page, it[0].bbox.top)):
        row = next((r for r in rows if any(same_row(line, other) for other in r)), None)
        if row is None:
            rows.append([line])
        else:
            row.append(line)
    names = assemble(rows, _ends_name)
    return tuple((part, line) for name, line in names for part in split_glued(name))


__all__ = ["DATE_LIKE", "ITEM_START", "LIST_START", "SignatureBlock", "find_signature", "organ_names", "same_row"]
