"""What a 分配表 column measures: money, or a quantity (a count, an area, a rate, a share).

A quantity column (人数, 补贴面积（亩）, 补助标准（元/人）, 占比) is a note of its row, never
an amount: it is not summed as money and no sum check reads it. Each header cell on a
column's path says one of three things (vocabulary in ``parsers/rules/table_structure.yaml``):

- money: a money unit in its brackets (``（万元）``), or a money word as the head of its
  text (``中央资金``, ``人数补助``: in a Chinese compound the last word is the head);
- a quantity: a measure unit in its brackets (``（人）``, ``（亩）``, ``（元/人）``, ``%``),
  or a quantity word as the head (``补助人数``); a rate or share as the head is one whatever
  its unit (``补助标准（元）``, ``占总补贴人数比例``);
- nothing (``小计``, ``合计``, ``2021年下达``, ``（到户）``): it defers to its group.

A column measures what the nearest cell of its path says, from the leaf up: a ``小计`` under
``2021年移民核定人数`` is a count, ``2021年下达`` under ``市资金`` is money; a column whose
path says nothing is money (the default of an allocation table).

The numbers have the last word where the header vocabulary may mislead: columns the words
call quantities that, with the other parts, add up to a money total the header tree puts
over them in every row (``合计 | 按人数分配 | 按面积分配``) are money; a column in money per
something (``发放金额（元/人）``) that is the product of two other columns in every row (人数 ×
标准) is the money they make. And a header naming a kind of place (``民族乡``, ``贫困村``), its
path saying nothing else, over whole numbers beside money counts those places.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from typing import Literal

from parsers.normalize.rules import is_total_label
from parsers.table_vocab import is_counted_header, structure_rules
from parsers.tablegrid import Grid, amount_of, is_blank_text
from pipeline.core.textnorm import clean_text, strip_spaces
from pipeline.core.units import MONEY_UNIT_RE, MONEY_UNITS

Measure = Literal["money", "quantity"]

# A bracketed tail (the closing bracket may be lost by OCR when the header wraps: 楼栋数（ / 幢).
_TAIL_RE = re.compile(r"[（(]\s*(?:单位\s*[：:]\s*)?([^（）()]{1,8})\s*[)）]?\s*$")


def bracket_unit(text: str) -> str | None:
    """The content of a header's bracketed tail (``补贴面积（亩）`` -> ``亩``), if any."""
    m = _TAIL_RE.search(strip_spaces(clean_text(text)))
    return m.group(1).strip() if m else None


def bare_header(text: str) -> str:
    """The header without its bracketed tail (``项目数（个）`` -> ``项目数``, ``（人）`` -> '')."""
    return _TAIL_RE.sub("", strip_spaces(clean_text(text)))


_COUNTED = re.compile(r"[0-9]+(?:\.[0-9]+)?\s*(\D{1,4})")


def unit_measure(unit: str) -> Measure | None:
    """``万元`` money; ``人``, ``亩``, ``元/人``, ``%``, ``平方米`` a quantity; ``到户`` nothing; a
    figure before the unit (社区（25个）: 25 of them in all) leaves the unit to say it."""
    if (counted := _COUNTED.fullmatch(unit)) is not None:
        unit = counted.group(1)
    rules = structure_rules()
    if unit.endswith("数") and unit[:-1] in rules.count_units:
        return "quantity"  # 山塘清淤（处数）: how many 处
    if unit in MONEY_UNITS:
        return "money"
    if len(unit) == 1 or "/" in unit or "%" in unit or unit in rules.measure_units or unit in rules.count_units:
        return "quantity"
    if all(c in rules.count_units for c in unit):
        return "quantity"  # 死亡牲畜（头只匹）: head of cattle, sheep and horses counted together
    return None


_Kind = Literal["money", "quantity", "rate"]
_BRACKETED_RE = re.compile(r"[（(][^（）()]*[)）]")


@cache
def _word_re(kind: _Kind) -> re.Pattern[str]:
    rules = structure_rules()
    # a count of things in a count unit is a quantity word too (间数, 眼数, 户数: 间, 眼, 户 + 数)
    counts = [f"{u}数" for u in rules.count_units if len(u) == 1]
    words = {"money": rules.money_words, "quantity": [*rules.quantity_words, *counts], "rate": rules.rate_words}[kind]
    return re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))


def _head_word(text: str) -> _Kind | None:
    """The kind of the last measure word of ``text`` (the head of the compound)."""
    best: tuple[int, int, _Kind] | None = None
    kinds: tuple[_Kind, ...] = ("money", "quantity", "rate")
    for kind in kinds:
        for m in _word_re(kind).finditer(text):
            key = (m.end(), m.end() - m.start())
            if best is None or key > best[:2]:
                best = (*key, kind)
    return best[2] if best else None


def cell_measure(text: str) -> Measure | None:
    """What one header cell says its columns measure (None: it says nothing)."""
    text = strip_spaces(clean_text(text))
    if not text:
        return None
    if text.endswith(("%", "％")):
        return "quantity"
    # the head of the text outside its brackets (应下达…经费总额（万元）（按2017年学生人数）: 经费, not the
    # 人数 of a remark), else of the text with its tail only left out (小计（人数）)
    head = _head_word(_BRACKETED_RE.sub("", text)) or _head_word(bare_header(text))
    if head == "rate":
        return "quantity"  # 补助标准（元）, 亩均财政投入（元）: a rate in 元 is no amount
    if head is None and _counts_things(bare_header(text)):
        return "quantity"  # 村卫生室数, 乡村医生数: how many (下达数, 预算数 are money)
    if head is None and (alone := _unit_alone(text)) is not None:
        return alone  # 户 | 人 | 月补金额 under 集中供养: a leaf that is a unit alone measures in it
    if head is None and _states_standard(text):
        return "quantity"  # 走读生（每生每学期250元）: the pupils paid at that standard, counted
    unit = bracket_unit(text)
    if unit is not None and not _other_places(text, unit) and (by_unit := unit_measure(unit)) is not None:
        return by_unit
    return "money" if head == "money" else "quantity" if head == "quantity" else None


# the last character of a thing counted before 数 (村卫生室数, 乡村医生数, 教师数, 站点数); an act before
# it (下达数, 预算数, 调整数) makes an amount of money
_COUNTED_THING_END = frozenset("室生师员医户人村校院所站点处个家床间头只株座栋台辆场园馆镇乡组")


def _counts_things(bare: str) -> bool:
    """A header whose head is 数 after a thing counted (村卫生室数, 乡村医生数): a count."""
    return len(bare) >= 3 and bare.endswith("数") and bare[-2] in _COUNTED_THING_END


# Kinds of place a region header names (镇, 街道, 县, 场: a farm …); in brackets after another kind they
# are the places the column also covers (所在镇（街）, 乡镇（场）, 县（市、区）), never a unit of measure.
_PLACE_KINDS = ("街道", "社区", "苏木", "嘎查", "乡", "镇", "街", "村", "场", "县", "区", "市", "旗", "州", "盟")
_PLACE_LIST_RE = re.compile(rf"(?:{'|'.join(_PLACE_KINDS)})(?:[、，,/](?:{'|'.join(_PLACE_KINDS)}))*")


def _other_places(text: str, unit: str) -> bool:
    """The bracket after a header that names a kind of place lists other kinds the column covers
    (所在镇（街）: towns and streets), not what it measures; the same kind again (贫困村（村）) is a unit."""
    head = bare_header(text)
    return (
        bool(_PLACE_LIST_RE.fullmatch(unit))
        and head.endswith(_PLACE_KINDS)
        and not any(head.endswith(kind) for kind in re.split(r"[、，,/]", unit))
    )


@cache
def _standard_re() -> re.Pattern[str]:
    units = MONEY_UNIT_RE
    return re.compile(rf"每[^（）()，,、；;]{{0,8}}?[0-9]+(?:\.[0-9]+)?\s*(?:{units})|[0-9]+(?:\.[0-9]+)?\s*(?:{units})\s*/")


def _states_standard(text: str) -> bool:
    """A bracket of ``text`` states money per thing (每生每学期250元, 10万元/个): a standard."""
    return any(_standard_re().search(m.group(0)) for m in _BRACKETED_RE.finditer(text))


def _unit_alone(text: str) -> Measure | None:
    """A header cell that is nothing but a unit (户, 人, 亩, 万元; brackets dropped), not a place
    word a region column could be headed by (村, 镇)."""
    unit = bare_header(text) or (bracket_unit(text) or "")
    rules = structure_rules()
    if unit in ("村", "镇") or not (unit in rules.count_units or unit in rules.measure_units
                                     or unit in MONEY_UNITS):
        return None
    return unit_measure(unit)


def path_measure(path: Sequence[str]) -> Measure | None:
    """The nearest cell of a header path (top -> leaf) that says something, from the leaf up."""
    for text in reversed(path):
        if (kind := cell_measure(text)) is not None:
            return kind
    return None


def is_quantity_header(head: str) -> bool:
    """One header cell that says its column holds a quantity (a note, not money)."""
    return cell_measure(head) == "quantity"


def adds_up_everywhere(
    grid: Grid, first_body_row: int, total: int, members: Sequence[int], *, empty_is_zero: bool = False
) -> bool:
    """Grid column ``total`` equals the sum of grid columns ``members`` in every body row that
    prints them all (``empty_is_zero``: that prints any of them, an empty cell counting 0), and
    at least one does."""
    tested = False
    for r in range(first_body_row, grid.n_rows):
        t = amount_of(grid.own_text(r, total))
        vals = [amount_of(grid.own_text(r, m)) for m in members]
        missing = all(v is None for v in vals) if empty_is_zero else any(v is None for v in vals)
        if t is None or missing:
            continue
        if sum((v for v in vals if v is not None), Decimal(0)) != t:
            return False
        tested = True
    return tested


_WHOLE_RE = re.compile(r"^[0-9]{1,6}$")


def counts_things(grid: Grid, first_body_row: int, col: int, leaf: str) -> bool:
    """Grid column ``col``, headed ``leaf``, names a kind of place or institution (民族乡, 贫困村)
    over whole numbers only: it counts them (table_structure.yaml: counted_headers)."""
    if not is_counted_header(bare_header(leaf)):
        return False
    texts = (grid.own_text(r, col) for r in range(first_body_row, grid.n_rows))
    filled = [t for t in texts if not is_blank_text(t) and not is_total_label(t)]
    return bool(filled) and all(_WHOLE_RE.match(strip_spaces(t)) for t in filled)


def money_per_unit(leaf: str) -> bool:
    """A header in money per something (发放金额（元/人）): a standard, or the amount a count times
    a standard makes; printed headers say either way."""
    unit = bracket_unit(leaf)
    return unit is not None and "/" in unit and unit.split("/", 1)[0] in MONEY_UNITS


_PRODUCT_ROWS = 2  # rows with a non-zero product that must show it


def is_product(grid: Grid, first_body_row: int, col: int, others: Sequence[int]) -> bool:
    """Grid column ``col`` is, in every row printing them, the product of two of ``others``
    (人数 × 标准), non-zero in two rows at least."""
    body = range(first_body_row, grid.n_rows)
    values = {c: [amount_of(grid.own_text(r, c)) for r in body] for c in (col, *others)}
    for i, a in enumerate(others):
        for b in others[i + 1 :]:
            rows = [
                (v, x, y) for v, x, y in zip(values[col], values[a], values[b], strict=True)
                if v is not None and x is not None and y is not None
            ]
            if (
                rows
                and all(v == x * y for v, x, y in rows)
                and sum(1 for v, _, _ in rows if v != 0) >= _PRODUCT_ROWS
            ):
                return True
    return False


def never_exceeds(grid: Grid, first_body_row: int, col: int, whole: int) -> bool:
    """Grid column ``col`` is at most grid column ``whole`` in every body row printing both, and
    at least one does (a 其中 column: a part of the column it follows)."""
    pairs = [(amount_of(grid.own_text(r, col)), amount_of(grid.own_text(r, whole))) for r in range(first_body_row, grid.n_rows)]
    both = [(a, b) for a, b in pairs if a is not None and b is not None]
    return bool(both) and all(a <= b for a, b in both)
