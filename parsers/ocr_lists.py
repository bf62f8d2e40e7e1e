"""OCR repair of lists of names: the separator OCR lost between two names.

    split_glued_organs("福州市卫生和计划生育委员会福州市财政局")
        -> "福州市卫生和计划生育委员会、福州市财政局"
    split_glued_regions("含昔阳县和顺县") -> "含昔阳县、和顺县"

A list of names (the 抄送 of the 版记, a 备注 naming counties) separates
its names with ``、`` (or ``，``). That mark is small, low in its em box
and often faint on a scan; the recogniser drops it now and then and reads
the two names as one word. Print never glues two names: a name is never
followed by another name of the same kind without a separator. So where
the vocabulary reads a run of text as two whole names, one after the
other, the separator was lost:

- organ names (``split_glued_organs``): a region (an official name, or a
  level word alone: 省, 市, 县 …) followed by an organ word of
  ``parsers/rules/organs.yaml`` (财政局, 卫生和计划生育委员会 …). A list
  item is cut only when it reads as whole organ names in exactly one way,
  and not as one organ name: ``财政部江西监管局`` or
  ``人民银行益阳市中心支行`` (an organ under its parent) stay whole, their
  tails are no organ words of a region;
- region names (``split_glued_regions``): two official names (GB/T 2260)
  of one level in one province, side by side (``昔阳县和顺县``: two
  counties of 山西). A parent and its child (``晋中市昔阳县``) is one
  name, as printed, and stays.

- list items of one kind (``split_glued_items``): ``一分区、二分区三分区`` - items
  that end alike (分区), one of them two such items of the others' length side
  by side - and quantities in one unit (``split_glued_quantities``):
  ``新建3000平方米加工厂房3000平方米储存厂房`` - a second quantity in the unit of
  one before it in the same item, right after a noun (no 及, 和, 含 … before it,
  no bracket around it, no verb of output or measure word whose quantity it is:
  ``年产420吨工业芴和年产500吨蒽醌``, ``建设规模``) starts the next item; where the items
  print their quantity last (``新建中型淤地坝2座小型淤地坝5座``: the second quantity ends the
  item), the next item starts after the first quantity instead.

- specified parts (``split_glued_specs``): ``排水工程主管D300支管D160`` - a
  part's name and its lettered size code (管径 D300, 强度 C25, DN100), right
  after another part named alike (the same last character) with a code of the
  same letters: two parts of one list, the ``、`` between them lost where
  the cell's line wrapped after the first code.

- items a table column prints (``split_column_items``): ``伯西热克乡水利局`` in a
  责任单位 column whose other rows print ``洛克乡、水利局``, ``宗朗乡、水利局``: an
  item ending with a whole item two or more other rows print on its own, its
  head ending like another of the column's items (乡), is those two items.

- clauses a table column prints apart (``split_column_clauses``): ``治理山洪沟道4.8公里新建谷坊12座``
  in a 建设内容 column whose other rows print ``改造供水管网24公里，新建加压泵站2座``: a quantity
  glued to a word the column prints after a quantity and a separator ends its clause there
  (the separator hangs past the last character of a full cell line, where a scan loses it
  into the column rule); the separator put back is the one the column prints there.

- township names (``split_glued_towns``): ``阿不都拉乡阿西尔乡`` - an item that
  is, in exactly one way, two or more names of two to six characters each
  ending in 乡, 镇, 街道 or 苏木 (townships are below the gazetteer's counties;
  the whole item read as one long name does not count as another way).

The separator put back is the one the list already uses, else ``、``.
Applied by the callers to OCR-read text only (a text layer prints what it
prints); they keep what OCR read (``repaired_from``, ``notes_read``), so
LOW_CONFIDENCE names each repair.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import regex as re

from parsers.normalize.organ_rules import organ_words
from pipeline.core.divisions import RegionMatch, official_names, resolve_region

__all__ = [
    "LEVEL_WORDS",
    "split_column_clauses",
    "split_column_items",
    "split_glued_items",
    "split_glued_organs",
    "split_glued_quantities",
    "split_glued_regions",
    "split_glued_specs",
    "split_glued_towns",
]

# A region written as its level alone (市财政局, 省民政厅, 自治区财政厅): the notice's own.
LEVEL_WORDS = ("自治区", "自治州", "省", "市", "县", "区", "州", "旗", "盟", "乡", "镇")
_SEPARATORS = re.compile(r"([、，,；;\s])")
_MIN_NAME = 3  # a region name of two characters (河北, 北京) is too often part of a word
_MAX_NAME = 12
_LISTED_LEVELS = ("prefecture", "county")  # a province is named once, not listed with its peers


def _region_part(text: str) -> bool:
    return text in LEVEL_WORDS or (len(text) >= 2 and resolve_region(text) is not None)


def _is_organ(text: str) -> bool:
    """Whether ``text`` is one whole organ name: a region + an organ word."""
    return any(text.endswith(w) and _region_part(text[: -len(w)]) for w in organ_words() if len(text) > len(w))


def _organ_cuts(text: str, limit: int = 2) -> list[tuple[str, ...]]:
    """The ways (at most ``limit``) ``text`` reads as whole organ names, one after another."""
    out: list[tuple[str, ...]] = [(text,)] if _is_organ(text) else []
    for k in range(3, len(text) - 2):
        if len(out) >= limit:
            break
        head = text[:k]
        if _is_organ(head):
            out.extend((head, *rest) for rest in _organ_cuts(text[k:], limit - len(out)))
    return out[:limit]


def _separator(text: str) -> str:
    found = [s for s in _SEPARATORS.findall(text) if not s.isspace()]
    return found[0] if found and found[0] in "、，" else "、"


def split_glued_organs(text: str) -> str:
    """``text`` (a list of organ names) with the separator put back between
    two whole organ names read as one item (see the module docstring)."""
    sep = _separator(text)
    out: list[str] = []
    for part in _SEPARATORS.split(text):
        if not part or _SEPARATORS.fullmatch(part) or _is_organ(part):
            out.append(part)
            continue
        cuts = _organ_cuts(part)
        out.append(sep.join(cuts[0]) if len(cuts) == 1 and len(cuts[0]) > 1 else part)
    return "".join(out)


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    return frozenset(n for n in official_names() if _MIN_NAME <= len(n) <= _MAX_NAME)


def _peers(a: RegionMatch, b: RegionMatch) -> bool:
    """Two divisions of one level (prefectures, counties) in one province,
    not one and the same (a parent and its child differ in level)."""
    return a.level in _LISTED_LEVELS and a.level == b.level and a.code != b.code and a.code[:2] == b.code[:2]


def _glued_at(text: str, k: int, within: str | None) -> bool:
    """Whether an official name ends at ``k`` and a peer of it starts there
    (a name several divisions bear is read ``within`` the region given)."""
    names = _names()
    for i in range(max(0, k - _MAX_NAME), k - _MIN_NAME + 1):
        if text[i:k] not in names:
            continue
        a = resolve_region(text[i:k]) or (resolve_region(text[i:k], within=within) if within else None)
        if a is None:
            continue
        for j in range(k + _MIN_NAME, min(len(text), k + _MAX_NAME) + 1):
            b = resolve_region(text[k:j], within=a.code[:2]) if text[k:j] in names else None
            if b is not None and _peers(a, b):
                return True
    return False


def split_glued_regions(text: str, *, within: str | None = None) -> str:
    """``text`` with the separator put back between two official region names
    of one level and province printed side by side (see the module
    docstring); ``within``: a region (the row's) that settles a name several
    divisions bear (鼓楼区)."""
    cuts = [k for k in range(_MIN_NAME, len(text) - _MIN_NAME + 1) if _glued_at(text, k, within)]
    if not cuts:
        return text
    sep = _separator(text)
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return sep.join(pieces)


_CLAUSES = re.compile(r"([，,；;。：:（）()]+)")
_MAX_SUFFIX = 4
_DIGIT = re.compile(r"\d")  # names, not figures: a figure's unit (元) ends many a clause
_LONGER_BY = 2  # a glued part is at most this longer than the list's longest whole item


def _glued_cut(item: str, others: list[str]) -> int | None:
    """Where ``item`` is two items ending like the ``others`` (same suffix, their length)."""
    if not others:
        return None
    longest = max(len(o) for o in others)
    for size in range(_MAX_SUFFIX, 0, -1):
        least = size + 1 if size > 1 else 3  # a part holds more than the suffix; one Han char is too common
        for suffix in {o[-size:] for o in others if len(o) > size}:
            if not item.endswith(suffix) or item.count(suffix) != 2:
                continue
            k = item.index(suffix) + size
            parts = (item[:k], item[k:])
            alike = abs(len(parts[0]) - len(parts[1])) <= _LONGER_BY and not _DIGIT.search(item)
            if alike and all(least <= len(p) <= longest + _LONGER_BY for p in parts):
                return k
    return None


_ITEM_SPLIT = re.compile(r"[、，,；;]")
_MIN_ROWS = 2  # an item printed on its own in this many other rows is a whole item of the column


def split_column_items(texts: Sequence[str]) -> tuple[str, ...]:
    """A table column's cells, each with the ``、`` put back inside an item that is two items the
    column's other rows print (see the module docstring)."""
    items = [[i for i in _ITEM_SPLIT.split(t) if i] for t in texts]
    out = []
    for k, text in enumerate(texts):
        others = [set(row) for j, row in enumerate(items) if j != k]
        whole = {i for i in set().union(*others) if sum(i in row for row in others) >= _MIN_ROWS} if others else set()
        ends = {i[-1] for row in others for i in row}
        for item in items[k]:
            if item in whole or _DIGIT.search(item):
                continue
            cuts = [
                len(item) - len(w) for w in whole
                if len(w) >= 2 and item.endswith(w) and len(item) - len(w) >= 2 and item[-len(w) - 1] in ends - {w[-1]}
            ]
            if len(cuts) == 1:
                text = text.replace(item, f"{item[: cuts[0]]}、{item[cuts[0] :]}", 1)
        out.append(text)
    return tuple(out)


def split_glued_items(text: str) -> str:
    """``text`` with the ``、`` put back inside a list item that is two items ending like the
    list's others (see the module docstring)."""
    out: list[str] = []
    for clause in _CLAUSES.split(text):
        items = clause.split("、")
        if len(items) < 2 or _CLAUSES.fullmatch(clause):
            out.append(clause)
            continue
        fixed = []
        for i, item in enumerate(items):
            cut = _glued_cut(item, [o for j, o in enumerate(items) if j != i and o])
            fixed.append(item if cut is None else f"{item[:cut]}、{item[cut:]}")
        out.append("、".join(fixed))
    return "".join(out)


_QUANTITY = re.compile(
    r"\d+(?:\.\d+)?万?(?P<unit>平方米|立方米|平米|公里|千米|米|亩|个|座|套|台|吨|间|栋|处|条|口|眼|㎡|m²|户|所|家)"
)
_ITEM_ENDS = "、，,；;。：:"
_JOINING = frozenset("及和与或为至到含共计达约增其中建改扩新等年月日第产")  # a word that joins, not a noun that ends an item
# a quantity's own measure or verb of output before it (年产500吨, 建设规模3000平方米, 处理能力50吨): no item ends there
_MEASURE_BEFORE = ("规模", "面积", "能力", "容量", "长度", "总量", "产能", "年产", "日产")
_NOUN_END = re.compile(r"[\p{Han}）)]")


def _depths(text: str) -> list[int]:
    depth, out = 0, []
    for ch in text:
        if ch in "（(":
            depth += 1
        out.append(depth)
        if ch in "）)":
            depth = max(0, depth - 1)
    return out


def _item_start(text: str, second: re.Match[str], first_end: int) -> int | None:
    """Where the item that holds the ``second`` quantity starts: at that quantity when the items
    print it first (``…加工厂房3000平方米储存厂房``), right after the ``first`` one when they print it
    last (``新建中型淤地坝2座小型淤地坝5座``: the second quantity ends its item), None when a joining
    word follows the first there (``2座和小型淤地坝5座``: one item)."""
    if second.end() < len(text) and text[second.end()] not in _ITEM_ENDS:
        return int(second.start())
    after = text[first_end]
    return first_end if _NOUN_END.fullmatch(after) and after not in _JOINING else None


def split_glued_quantities(text: str) -> str:
    """``text`` with the ``、`` put back before a quantity in the unit of an earlier one in
    its list item, glued to the noun that ends the item before (see the module docstring)."""
    cuts: list[int] = []
    depth = _depths(text)
    units: dict[int, dict[str, int]] = {}  # list item (its start) -> units of its quantities so far, and where each ends
    for m in _QUANTITY.finditer(text):
        if depth[m.start()]:
            continue  # in brackets: a part of the item (含2700平方米冷库), not an item
        before = text[: m.start()]
        start = max([before.rfind(c) for c in _ITEM_ENDS] + cuts[-1:]) + 1
        seen = units.setdefault(start, {})
        prev = before[-1:]
        if (
            m.group("unit") in seen and _NOUN_END.fullmatch(prev) and prev not in _JOINING
            and not before.endswith(_MEASURE_BEFORE)
        ):
            cut = _item_start(text, m, seen[m.group("unit")])
            if cut is not None:
                cuts.append(cut)
                seen = units.setdefault(cut + 1, {})
        seen[m.group("unit")] = m.end()
    for k in reversed(cuts):
        text = f"{text[:k]}、{text[k:]}"
    return text


_SEPARATED_CLAUSE = re.compile(r"(?P<sep>[，,；;、])(?P<word>\p{Han}{2})")


def split_column_clauses(texts: Sequence[str]) -> tuple[str, ...]:
    """A table column's cells, each with the separator put back between a quantity and the word
    opening the next clause where the column prints that word after a quantity and a separator
    (see the module docstring)."""
    seps: dict[str, Counter[str]] = {}
    for text in texts:
        for q in _QUANTITY.finditer(text):
            m = _SEPARATED_CLAUSE.match(text, q.end())
            if m:
                seps.setdefault(m.group("word"), Counter())[m.group("sep")] += 1
    if not seps:
        return tuple(texts)
    out = []
    for text in texts:
        depth = _depths(text)
        cuts = [
            (q.end(), seps[text[q.end() : q.end() + 2]].most_common(1)[0][0])
            for q in _QUANTITY.finditer(text)
            if not depth[q.start()] and text[q.end() : q.end() + 2] in seps
        ]
        for k, sep in reversed(cuts):
            text = f"{text[:k]}{sep}{text[k:]}"
        out.append(text)
    return tuple(out)


# <a part's name ending in X><code letters><size> then <one to three Han ending in X><the same letters><size>
_GLUED_SPEC = re.compile(r"(?<=(\p{Han})(?P<code>[A-Z]{1,2})\d+(?:\.\d+)?)(?=\p{Han}{0,2}\1(?P=code)\d)")


def split_glued_specs(text: str) -> str:
    """``text`` with the ``、`` put back between two like parts each with a size code of the same
    letters (``主管D300支管D160`` -> ``主管D300、支管D160``; see the module docstring)."""
    out: str = _GLUED_SPEC.sub("、", text)
    return out


_TOWN = re.compile(r"\p{Han}{2,6}?(?:乡|镇|街道|苏木)")
_TOWN_ITEMS = re.compile(r"([、，,；;。：:（）()\s]+)")
_MAX_TOWN = 9
_INNER_TOWN = re.compile(r"乡|镇|街道|苏木")  # a name holding a township word before its end is two names


def _town_cuts(item: str, limit: int = 2) -> list[tuple[str, ...]]:
    """The ways (at most ``limit``) ``item`` reads as township names one after another."""
    if not item:
        return [()]
    out: list[tuple[str, ...]] = []
    for k in range(3, min(len(item), _MAX_TOWN) + 1):
        if len(out) >= limit:
            break
        if _TOWN.fullmatch(item[:k]) and not _INNER_TOWN.search(item[: k - 1]):
            out.extend((item[:k], *rest) for rest in _town_cuts(item[k:], limit - len(out)))
    return out[:limit]


def split_glued_towns(text: str) -> str:
    """``text`` with the ``、`` put back inside an item that is two or more township names in
    exactly one way (see the module docstring)."""
    out: list[str] = []
    for part in _TOWN_ITEMS.split(text):
        cuts = [c for c in _town_cuts(part, 3) if len(c) > 1] if part and not _TOWN_ITEMS.fullmatch(part) else []
        out.append("、".join(cuts[0]) if len(cuts) == 1 else part)
    return "".join(out)
