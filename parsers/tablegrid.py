"""Reading a reconstructed ``Table`` grid (shared by the table parsers).

A ``Table`` lists each merged cell once, at its top-left. ``Grid`` indexes it
so that every position knows its covering cell, and offers the few questions
the allocation, target and form parsers ask: the cleaned text of a position,
the cells that *start* in a row, whether a text is a number, whether a row is
the column-number row (1 2 3 4), and provenance.

Pure: imports only ``pipeline.core.model`` and the normalisers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from parsers.normalize.numbers import parse_amount, unit_from_text
from parsers.normalize.ocr_repair import readings
from pipeline.core.model import BBox, Cell, Provenance, Table, union_all
from pipeline.core.textnorm import clean_text
from pipeline.core.units import MONEY_UNIT_RE

_INT_RE = re.compile(r"^[0-9]{1,3}$")
_BLANK_RE = re.compile(r"^[-－−–—―/／\\、.…]+$")
# Tokens that may stand in a column-number row next to the numbers.
_COLUMN_NUMBER_WORDS = frozenset({"栏次", "行次", "甲", "乙", "丙", "丁", "序号", "列次"})
# Checkbox glyphs as text layers and OCR render them.
CHECKED = "☑☒■√✓✔▣"
UNCHECKED = "☐□"
_UNIT_PAREN_RE = re.compile(rf"[（(]\s*(?:单位\s*[：:]\s*)?(?:{MONEY_UNIT_RE}|万)\s*[)）]")
# a money unit at a label's end with one bracket of its pair lost (a scan): ``…资金万元）``, ``…资金（万元``
_HALF_UNIT_RE = re.compile(rf"(?:[（(]\s*(?:{MONEY_UNIT_RE})|(?<![（(])(?:{MONEY_UNIT_RE})\s*[)）])\s*$")
_QIZHONG_RE = re.compile(r"^其中\s*[：:]?\s*")


@dataclass(frozen=True, slots=True)
class Grid:
    """A ``Table`` with every grid position mapped to its covering cell."""

    table: Table
    cover: tuple[tuple[Cell | None, ...], ...]

    @property
    def n_rows(self) -> int:
        return self.table.n_rows

    @property
    def n_cols(self) -> int:
        return self.table.n_cols

    def at(self, row: int, col: int) -> Cell | None:
        if 0 <= row < self.n_rows and 0 <= col < self.n_cols:
            return self.cover[row][col]
        return None

    def text(self, row: int, col: int) -> str:
        """Cleaned text of the cell covering (row, col) ('' if none)."""
        cell = self.at(row, col)
        return text_of(cell) if cell is not None else ""

    def own_text(self, row: int, col: int) -> str:
        """Cleaned text only where a cell starts at (row, col)."""
        cell = self.at(row, col)
        if cell is None or cell.row != row or cell.col != col:
            return ""
        return text_of(cell)

    def starting_cells(self, row: int) -> tuple[Cell, ...]:
        """Cells whose top-left lies in ``row``, left to right."""
        seen: list[Cell] = []
        for col in range(self.n_cols):
            cell = self.cover[row][col]
            if cell is not None and cell.row == row and cell.col == col:
                seen.append(cell)
        return tuple(seen)

    def row_cells(self, row: int) -> tuple[Cell, ...]:
        """Distinct cells covering ``row`` (merged ones included), left to right."""
        out: list[Cell] = []
        for col in range(self.n_cols):
            cell = self.cover[row][col]
            if cell is not None and (not out or out[-1] is not cell):
                out.append(cell)
        return tuple(out)

    def row_texts(self, row: int) -> tuple[str, ...]:
        """Text per column of ``row``, a merged cell's text at its top-left only."""
        return tuple(self.own_text(row, c) for c in range(self.n_cols))

    def all_texts(self) -> tuple[str, ...]:
        return tuple(t for t in (text_of(c) for c in self.table.cells) if t)


def build_grid(table: Table) -> Grid:
    cover: list[list[Cell | None]] = [[None] * table.n_cols for _ in range(table.n_rows)]
    for cell in table.cells:
        for r in range(max(cell.row, 0), min(cell.row + max(cell.rowspan, 1), table.n_rows)):
            for c in range(max(cell.col, 0), min(cell.col + max(cell.colspan, 1), table.n_cols)):
                cover[r][c] = cell
    return Grid(table, tuple(tuple(row) for row in cover))


def text_of(cell: Cell) -> str:
    return clean_text(cell.text or "").strip()


def compact(text: str) -> str:
    """A matching key: no whitespace, no punctuation, brackets folded."""
    return re.sub(r"[\s\W_]+", "", text)


def is_number_text(text: str) -> bool:
    """A cell holding one amount as ``parse_amount`` reads it (11438, -20, 200,000),
    or one the amount grammar can read with its separators confused by OCR
    (``1.234.56``): structure (header rows, column roles) must not hinge on
    whether a scan kept a comma's tail."""
    return bool(text) and (parse_amount(text) is not None or bool(readings(text)))


def is_blank_text(text: str) -> bool:
    """An empty cell, or one holding only a dash or slash (no amount)."""
    return not text or bool(_BLANK_RE.match(text))


def amount_of(text: str) -> Decimal | None:
    """The amount in a numeric cell, else None (an empty cell is None, never 0)."""
    return parse_amount(text) if text else None


# A column's letter in a lettered row, maybe with the formula that computes it (L=J*100-K).
_LETTER_RE = re.compile(r"^([A-Z]{1,2})(?:\s*[=＝]\s*[A-Z0-9+\-*/×÷.()（）\s]+)?$")
# A letter OCR reads as a digit or a lower-case look-alike (O=L*M read 0=L*M, I read 1 or l).
_LETTER_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "l": "I", "|": "I", "5": "S", "8": "B", "o": "O"})


def _letter(text: str) -> tuple[str, bool] | None:
    """The column letter a lettered-row cell names, and whether a look-alike was read for it."""
    m = _LETTER_RE.match(text)
    if m is not None:
        return m.group(1), False
    head = text[:1].translate(_LETTER_LOOKALIKES)
    m = _LETTER_RE.match(head + text[1:]) if head != text[:1] else None
    return (m.group(1), True) if m is not None else None


def _is_letter_row(texts: Sequence[str]) -> bool:
    """A row lettering the columns under a header (A B C … L=J*100-K …), in alphabetical order;
    a letter a scan read as its look-alike digit (0=L*M) counts when most are letters."""
    letters: list[str] = []
    alike = 0
    for t in texts:
        if not t:
            continue
        found = _letter(t.strip())
        if found is None:
            if t not in _COLUMN_NUMBER_WORDS:
                return False
            continue
        letters.append(found[0])
        alike += found[1]
    keys = [(len(x), x) for x in letters]
    return (len(letters) - alike >= 3 and alike * 2 < len(letters)
            and all(b > a for a, b in zip(keys, keys[1:], strict=False)))


# A budget or project code (2018209001016, z175080010001): ten digits or more, maybe a letter first.
_CODE_RE = re.compile(r"^[A-Za-z]{0,3}[0-9]{10,}$")


def _is_code_row(texts: Sequence[str]) -> bool:
    """A row of project codes under a header (z175080010001 | 2018209001016), no label: no amounts."""
    filled = [t.strip() for t in texts if t.strip()]
    return len(filled) >= 2 and all(_CODE_RE.match(t) for t in filled)


def is_column_number_row(texts: Sequence[str]) -> bool:
    """The row of column numbers under a header (1 2 3 4, maybe 栏次/甲 乙), of column letters
    with their formulas (A B C … L=J*100-K), or of the columns' project codes."""
    if _is_letter_row(texts) or _is_code_row(texts):
        return True
    nums: list[int] = []
    for t in texts:
        if not t:
            continue
        if _INT_RE.match(t):
            nums.append(int(t))
        elif t not in _COLUMN_NUMBER_WORDS:
            return False
    if len(nums) < 2:
        return False
    return all(b > a for a, b in zip(nums, nums[1:], strict=False)) and nums[-1] <= len(texts) + 2


def is_serial_text(text: str) -> bool:
    """A 序号 entry: 1, 2., (3), 一、 …"""
    return bool(re.match(r"^[（(]?[0-9一二三四五六七八九十]{1,3}[)）.、．]?$", text))


def strip_qizhong(text: str) -> str:
    """Drop a leading 其中： (``其中：市本级`` -> ``市本级``)."""
    return _QIZHONG_RE.sub("", text).strip()


def starts_with_qizhong(text: str) -> bool:
    return text.startswith("其中")


def strip_unit_parens(text: str) -> str:
    """The header label without its money unit in brackets (``补助资金（万元）`` -> ``补助资金``), also
    when a scan lost one bracket of the pair at the label's end (``财政衔接资金万元）``: the ``（``
    closed the cell's second line and OCR dropped it)."""
    out = _UNIT_PAREN_RE.sub("", text).strip()
    half = _HALF_UNIT_RE.search(out)
    if half and not _opens_unclosed(out[: half.start()]):
        return out[: half.start()].strip()
    return out


def _opens_unclosed(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += ch in "（("
        depth -= ch in ")）" and depth > 0
    return depth > 0


def unit_in(lines: Iterable[str]) -> str | None:
    """The first unit stated in ``lines`` (单位：万元, (元) …)."""
    for line in lines:
        if not line:
            continue
        if "单位" in line or _UNIT_PAREN_RE.search(line):
            unit = unit_from_text(line)
            if unit:
                return unit
    return None


def cell_unit(cell: Cell) -> str | None:
    """The money unit a label cell states (``项目资金（万元）``); on a scan also with one bracket of
    its pair lost at the label's end (``项目资金（万元``: the thin ``）`` closing the cell's line is
    what a scan drops), as ``strip_unit_parens`` reads such a label."""
    text = text_of(cell)
    unit = unit_in([text])
    if unit is not None or cell.confidence is None:
        return unit
    half = _HALF_UNIT_RE.search(text)
    return half.group(0).strip("（()） ") if half else None


def paired_brackets(text: str) -> str:
    """A bracket pair written half one width, half the other (a scan reads ``（镇级1、村级18)``)
    made full-width, as the canonical text of a Chinese field has it; pairs of one width stay."""
    chars = list(text)
    stack: list[int] = []
    for i, ch in enumerate(chars):
        if ch in "(（":
            stack.append(i)
        elif ch in ")）" and stack:
            j = stack.pop()
            if (chars[j] == "（") != (ch == "）"):
                chars[j], chars[i] = "（", "）"
    return "".join(chars)


def provenance(cell: Cell | None) -> Provenance:
    if cell is None:
        return Provenance()
    return Provenance(page=cell.page, bbox=cell.bbox, confidence=cell.confidence)


def merged_provenance(cells: Sequence[Cell]) -> Provenance:
    if not cells:
        return Provenance()
    boxes: list[BBox] = [c.bbox for c in cells]
    confs = [c.confidence for c in cells if c.confidence is not None]
    return Provenance(
        page=cells[0].page,
        bbox=union_all(boxes),
        confidence=min(confs) if confs else None,
    )


_SUBTITLE_RE = re.compile(r"^[（(].*[)）]$")
# a heading of the body above a table printed in it (三、分配结果): never the table's title
_BODY_HEADING_RE = re.compile(r"^[一二三四五六七八九十]{1,3}、[^，。；]{1,10}$")
# a title ends with 表 (or 清单, a roster 名册/名单, a 台账), maybe followed by a bracketed remark
# (…明细表（总表不发区）)
_ENDS_TABLE_RE = re.compile(r"(表|清单|名册|名单|台账)([（(][^（）()]{1,12}[)）])?$")
# a numbered section heading of the body (三、分配结果, （二）, 1.) starts no title
ENUMERATED_RE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十0-9]{1,3}[)）]|[0-9]{1,2}[、.．](?![0-9]))")
_WRAPPED_TAIL_MAX = 16  # the second line of a wrapped title is its short tail ...
# ... or no longer than the first (a centred title fills its first line before it wraps)
# a table's own label before its title (表1　…明细表, 表二：…): a label as 附件1 is, no part of the title
_TABLE_LABEL_RE = re.compile(r"^表\s*[0-9一二三四五六七八九十]{1,3}(?:[.．\-－][0-9]{1,2})?\s*[：:．.、]?\s*")
_ATTACHMENT_RE = re.compile(r"^附[件表]\s*[0-9一二三四五六七八九十]*(?:[.．\-－][0-9]{1,2})?\s*[：:]?$")
# the same label with the title after it on its line (附件：…分配表): the label is no part of the title
_ATTACHMENT_LABEL_RE = re.compile(r"^附[件表]\s*[0-9一二三四五六七八九十]*(?:[.．\-－][0-9]{1,2})?\s*[：:]\s*(?=\S)")
# the table's money unit printed at the end of its title (…预算表（单位：万元）, …分配表 单位：元):
# the unit is the table's ``unit``, not part of its title
_TITLE_UNIT_TAIL_RE = re.compile(
    rf"(?:[（(]\s*(?:(?:金额|资金)?单位\s*[：:]\s*)?(?:{MONEY_UNIT_RE})\s*[)）]|(?:金额|资金)?单位\s*[：:]\s*(?:{MONEY_UNIT_RE}))$"
    # … and with a count unit beside the money one (（单位：元、户）)
    rf"|[（(]?\s*单位\s*[：:]\s*(?:[^\s（）()：:]{{1,3}}[、，,/])*(?:{MONEY_UNIT_RE})(?:[、，,/][^\s（）()：:]{{1,3}})*\s*[)）]?$"
)


def title_from_context(context: Sequence[str]) -> str | None:
    """The attachment title among the lines above a table.

    Skips the 附件N heading, a bracketed subtitle, the unit line and form
    lines ending in a colon; joins a title wrapped over two lines.
    """
    lines = [
        ln
        for ln in (_label_off(_TITLE_UNIT_TAIL_RE.sub("", x)) for x in _bracket_joined(context))
        if ln
        and not _ATTACHMENT_RE.match(ln)
        and not _SUBTITLE_RE.match(ln)
        and not ln.startswith("单位")
        and not ln.endswith(("：", ":"))
        and not _BODY_HEADING_RE.match(ln)
    ]
    if not lines:
        return None
    first = lines[0]
    if len(lines) > 1 and _unbalanced(first) and _ENDS_TABLE_RE.search(first + lines[1]):
        return first + lines[1]  # wrapped inside its bracket (…安排表（ / 汇总表）)
    if (
        not _ENDS_TABLE_RE.search(first)
        and not ENUMERATED_RE.match(first)
        and len(lines) > 1
        and _ENDS_TABLE_RE.search(first + lines[1])  # the break may fall inside the word (…清 / 单)
        and (
            len(lines[1]) <= _WRAPPED_TAIL_MAX
            or _unbalanced(first)
            or _fills_before(first, lines[1])
            or _continues(lines[1])
        )
    ):
        return first + lines[1]  # a title wrapped over two lines
    if (
        len(lines) > 1
        and not any(_ENDS_TABLE_RE.search(ln) for ln in lines)
        and _title_line(first)
        and not ENUMERATED_RE.match(first)
        and _WRAPPED_PLAIN_TAIL_RE.fullmatch(lines[1])
        and _fills_before(first, lines[1])
    ):
        return first + lines[1]  # …环境空气质量考核 / 奖惩情况: a title not ending in 表, wrapped
    titles = [ln for ln in lines if _ENDS_TABLE_RE.search(ln)]
    # a numbered section heading of the body naming the table (四、…分配情况表) gives way to the
    # table's own title printed under it
    own = [ln for ln in titles if not ENUMERATED_RE.match(ln)]
    title = (own or titles or [first])[0]
    at = lines.index(title)
    if at > 0 and len(title) <= _SHORT_TAIL and _title_line(lines[at - 1]):
        return lines[at - 1] + title  # …补助资金 / 安排表: a short tail under the title's first line
    return title


_SHORT_TAIL = 6  # a line of a few characters ending in 表 (安排表, 分配明细表) is a wrapped title's tail
# … or, for a title that names no 表, in a word such titles end with (奖惩情况, 资金分配明细)
_WRAPPED_PLAIN_TAIL_RE = re.compile(r"[^，。；：,;:！？\s（）()]{0,6}(?:情况|明细|汇总|计划|方案|一览)")
_SENTENCE_MARKS = re.compile(r"[，。；：,;:！？]")


def _title_line(line: str) -> bool:
    """A line that may be a title's first line: no sentence mark in it (running text has them),
    not itself a title, not a numbered heading."""
    return not _SENTENCE_MARKS.search(line) and not _ENDS_TABLE_RE.search(line) and not ENUMERATED_RE.match(line)


def _label_off(line: str) -> str:
    """The line without a label printed before the title (表1　…, 附件：…)."""
    return _ATTACHMENT_LABEL_RE.sub("", _TABLE_LABEL_RE.sub("", line))


def _fills_before(first: str, tail: str) -> bool:
    """``first`` is the full first line of a title that goes on in ``tail``: at least as long,
    and not the end of a sentence."""
    return len(first) >= len(tail) and not first.endswith(("。", "；", ";", "！"))


def _continues(tail: str) -> bool:
    """``tail`` opens with a bracketed phrase and goes on after it (``（应急救助项目）第一批…表``): a
    title's own line never begins so (a whole bracketed line is a subtitle), its wrapped tail may."""
    return tail[:1] in "（(" and not _SUBTITLE_RE.match(tail)


def _bracket_joined(context: Sequence[str]) -> list[str]:
    """The lines, cleaned, a line that ends inside a unit bracket joined to the next
    (…明细表（单位： / 万元）): the unit then comes off the title whole."""
    out: list[str] = []
    for x in (clean_text(x).strip() for x in context):
        if out and _unbalanced(out[-1]) and re.search(r"单位\s*[：:]?$", out[-1]) and not _unbalanced(out[-1] + x):
            out[-1] += x
        else:
            out.append(x)
    return out


def _unbalanced(text: str) -> bool:
    """A bracket or quotation mark opened and not closed: the line goes on."""
    return any(text.count(a) > text.count(b) for a, b in (("（", "）"), ("(", ")"), ("“", "”"), ("《", "》")))


def checkbox_choices(text: str) -> tuple[tuple[str, bool], ...]:
    """``产业发展☐民生保障☑`` -> (('产业发展', False), ('民生保障', True)).

    The glyph normally follows its label; a text that starts with a glyph is
    read glyph-first.
    """
    glyphs = CHECKED + UNCHECKED
    text = text.replace(" ", "")
    if not any(g in text for g in glyphs):
        return ()
    parts = re.split(f"([{re.escape(glyphs)}])", text)
    out: list[tuple[str, bool]] = []
    if parts and parts[0] == "":
        # glyph first: ['', '☑', 'A', '☐', 'B']
        for i in range(1, len(parts) - 1, 2):
            label = parts[i + 1].strip()
            if label:
                out.append((label, parts[i] in CHECKED))
        return tuple(out)
    for i in range(0, len(parts) - 1, 2):
        label = parts[i].strip()
        if label:
            out.append((label, parts[i + 1] in CHECKED))
    return tuple(out)
