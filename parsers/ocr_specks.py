"""Specks at the ends of an OCR-read line: a dot of dust or toner beside the
first or last character comes back from OCR as a punctuation mark that the
element's grammar never prints there.

    edge_specks_off("关于预拨2018年产粮大县奖励资金的通知·") -> "…的通知"
    edge_specks_off("·江北区财政局：")                      -> "江北区财政局："
    edge_specks_off("各有关乡镇财政所、农业服务中心：.")      -> "…农业服务中心："
    inner_specks_off("剩余3.6万2022年补.助")                  -> "剩余3.6万2022年补助"
    value_specks_off("≥95%.")                                 -> "≥95%"

The grammar (GB/T 9704 标题 and 主送机关; Chinese typesetting):

- a line never starts with punctuation other than an opening bracket or
  quote: ``LEADING`` glyphs before a Han character or an opening bracket are
  specks;
- a line may end with ``、`` or ``，`` (a title or a list broken over two
  lines), never with a lone dot: ``TRAILING`` glyphs after a Han character or
  a closing bracket are specks; after the colon that ends a 主送机关 line
  nothing is printed, so any ``AFTER_COLON`` glyph there is a speck;
- a value cell (an indicator's 指标值) never ends with a lone dot either:
  after a number, a ``%`` or a unit the ``TRAILING`` glyphs are specks
  (``value_specks_off``); and a rate with two denominators parts them with a
  middle dot (``元/人·月``) or a slash: a colon there is the dot, and a
  head-count glued to a time (``元/人月``, the dot lost where the cell's
  line wraps) takes its dot back (``value_specks_off``);
- between two numbers a ``一`` (the numeral one) is never printed (Arabic
  and Chinese numerals do not mix): it is a dash ``—`` read so
  (``2022一2023年度`` -> ``2022—2023年度``), in ``speckless_text`` and, for
  a cited title (``〈2015一2017年…意见〉``), ``dashes_back``;
- inside Chinese text a half-width ``.`` between two Han characters is never
  printed (the full stop is ``。``, a decimal point sits between digits):
  ``inner_specks_off`` drops it (``·`` stays: it joins the parts of a
  transliterated name), except in a compound unit after its slash, which
  prints it (``1000元/生.学年``, per pupil-year).

A seal (印章) stamped over the 署名 bears the organ's name around its ring;
where the seal could not be lifted off the scan (two seals overlapping),
OCR reads a piece of that ring text as a line of its own (``一省教一`` over
``福建省教育厅``): ``is_seal_ring_text`` knows it by its doubt (OCR
confidence under ``RING_DOUBT``), its small type (a ring's characters are smaller than
the 署名's) or its red ink (read by the red pass, where
the seal's colour could be lifted off: ``西省财政`` over a black ``江西省财政厅``), its few characters and the name beside it
that holds them in order (or holds two or more of them in a run, with a glyph
of the ring's arc read at either end: ``小教育安`` over ``红河州教育体育局``);
the 署名 reader looks past it like a speck.
A lone seal's whole ring may come back as one line arched over the printed
name (``东山市财政局`` over ``乐山市财政局``): ``is_seal_ring_name`` knows it by
its box overlapping the name's (printed lines never overlap), its text that
is the name's but for one character (or, read with doubt under ``RING_DOUBT``,
holds a run of half the name's characters, the arc's other glyphs garbled:
``北州圳市财政公司`` over ``抚顺市财政局``), and its doubt above the name's.

Applied to OCR-read lines only (a line with a confidence); a text layer is
never touched. ``speckless_field`` keeps what OCR read in
``Provenance.repaired_from``, so LOW_CONFIDENCE names the repair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import regex as re

from parsers.geometry import joined, prov_of
from pipeline.core.model import Field, Line
from pipeline.core.textnorm import clean_text, is_subsequence, substituted_at

__all__ = [
    "AFTER_COLON",
    "dashes_back",
    "RING_DOUBT",
    "LEADING",
    "TRAILING",
    "body_specks_off",
    "edge_specks_off",
    "inner_specks_off",
    "is_seal_ring_name",
    "is_seal_ring_text",
    "route_dashes",
    "speckless_field",
    "speckless_text",
    "value_specks_off",
]

# What a speck beside a character is read as (``_``: a piece of a rule left beside it).
TRAILING = ".·•∙●'`_"
LEADING = TRAILING + "，,、。"
AFTER_COLON = LEADING
_OPENING = "（(《〈“‘【〔"
_CLOSING = "）)》〉”’】〕"

# ... but a run of underscores is a fill-in blank the template prints (______区财政局：,
# pipeline/layout/blanks.py), no speck
_NO_BLANK = r"(?!\s*_{3})"
_LEAD = re.compile(rf"^{_NO_BLANK}[{re.escape(LEADING)}\s]+(?=[\p{{Han}}{re.escape(_OPENING)}])")
_TRAIL = re.compile(rf"(?<=[\p{{Han}}{re.escape(_CLOSING)}]){_NO_BLANK}[{re.escape(TRAILING)}\s]+$")
_AFTER_COLON = re.compile(rf"(?<=[：:]){_NO_BLANK}[{re.escape(AFTER_COLON)}\s]+$")
# not after a slash and a unit's one or two characters: a compound unit prints
# its dot (``元/生.学年``, ``元/亩.年``: per pupil-year)
_INNER = re.compile(r"(?<=\p{Han})(?<!/\p{Han}{1,2})\s*\.\s*(?=\p{Han})")


def edge_specks_off(text: str) -> str:
    """``text`` without speck glyphs at its start and end (see the module docstring)."""
    s: str = _LEAD.sub("", text.strip())
    s = _AFTER_COLON.sub("", s)
    out: str = _TRAIL.sub("", s)
    return out


_VALUE_TRAIL = re.compile(rf"(?<=[\p{{Han}}\d%‰{re.escape(_CLOSING)}])[{re.escape(TRAILING)}\s]+$")


# A rate with two denominators (元/人·月: per person and month) parts them with a middle dot (or a
# slash, 元/人/月): a colon there is the dot read with a speck over it, and a head-count denominator
# glued to a time one (元/人月, the dot lost, often where the cell's line wraps) is the dot lost.
_HEADS = "人户生"
_TIMES = r"(?:月|年|天|日|季|周|学期|学年)"
_DOT_AS_COLON = re.compile(rf"(?<=/[{_HEADS}])[:：](?={_TIMES})")
_DOT_LOST = re.compile(rf"(?<=/[{_HEADS}])(?={_TIMES}(?:$|[^\p{{Han}}]))")


_BODY_LEAD = re.compile(rf"^[{re.escape(TRAILING)}\s]+(?=\p{{Han}})")


def body_specks_off(lines: Sequence[Line]) -> tuple[Line, ...]:
    """Body lines read by OCR without a speck glyph opening a line before a Han character
    (``.元，重度残疾人…`` under ``…生活补贴3492720``: a dot or a middle dot never opens a line of
    Chinese text); text-layer lines as printed."""
    return tuple(
        replace(ln, text=_BODY_LEAD.sub("", ln.text)) if ln.confidence is not None and _BODY_LEAD.match(ln.text)
        else ln
        for ln in lines
    )


def value_specks_off(text: str) -> str:
    """A value cell's text without speck glyphs after its last character, and a two-denominator
    rate's middle dot put back where it was read as a colon or lost (``1650元/人月`` ->
    ``1650元/人·月``; see the module docstring)."""
    out: str = _VALUE_TRAIL.sub("", text.strip())
    dotted: str = _DOT_LOST.sub("·", _DOT_AS_COLON.sub("·", out))
    return dotted


def inner_specks_off(text: str) -> str:
    """``text`` without a half-width dot between two Han characters (``补.助``)."""
    out: str = _INNER.sub("", text)
    return out


# between two numbers, or between a date's 年/月/日 and the year opening the range's other end
# (``2024年4月一2024年10月``): numerals never mix, and a date is no count of 一
_DASH_READ_AS_ONE = re.compile(r"(?<=\d)一(?=\d)|(?<=\d[年月日])一(?=(?:19|20)\d{2}年)")


def dashes_back(text: str) -> str:
    """``text`` with a dash read as ``一`` between two numbers or two dates put back (``2015一2017`` ->
    ``2015—2017``, ``2024年4月一2024年10月`` -> ``2024年4月—2024年10月``)."""
    out: str = _DASH_READ_AS_ONE.sub("—", text)
    return out


# A route between two places (a road, a canal, a pipeline): ``清水河一三道河重要农村公路``. Between a
# place's last character (or the 公里 of a milestone) and the next place a ``一`` is the dash
# ``—`` read so; a route's name ends with its kind.
_ROUTE_END = re.compile(r"(?:公路|道路|牧道|通道|大道|干道|便道|线|渠|干渠|管道|管线|航道|河道|堤防|通达工程|公路工程)$")
_PLACE_END = "河镇村乡县区市厂站场沟湾口桥街里头山岭湖塘坝寺庄屯寨营堡港岛园关"
_ROUTE_DASH = re.compile(rf"(?<=[{_PLACE_END}])一(?=[\p{{Han}}A-Za-z0-9])")


def route_dashes(text: str) -> str:
    """A route's name (``…公路``, ``…渠``) with the dash read as ``一`` between two of its
    places put back (``松树头一果子沟牧道`` -> ``松树头—果子沟牧道``); any other text unchanged."""
    if not _ROUTE_END.search(text):
        return text
    out: str = _ROUTE_DASH.sub("—", text)
    return out


def speckless_text(line: Line) -> str:
    """The clean text of ``line``; for an OCR line, without edge specks and
    with a dash read as ``一`` between two numbers put back."""
    text = clean_text(line.text)
    return dashes_back(edge_specks_off(text)) if line.confidence is not None else text


def speckless_field(lines: tuple[Line, ...] | list[Line], *, drop_end: str = "") -> Field[str]:
    """A header element read from ``lines`` (title, 主送机关): the lines
    joined, edge specks of OCR lines dropped, then a final ``drop_end``
    character (the 主送机关's colon) dropped. A value the specks changed keeps
    what OCR read in ``repaired_from`` (LOW_CONFIDENCE reports it)."""
    read = joined(lines)
    value = clean_text("".join(speckless_text(ln) for ln in lines))
    as_read = read
    if drop_end:
        as_read, value = _drop_last(read, drop_end), _drop_last(value, drop_end)
    prov = prov_of(lines)
    if value != as_read:
        prov = replace(prov, repaired_from=read)
    return Field(value, read, prov)


def _drop_last(text: str, chars: str) -> str:
    return text[:-1] if text[-1:] and text[-1] in chars else text


RING_DOUBT = 0.8  # seal ring text is read with doubt: curved, crossed by the ring
_RING_MARKS = "一－—-~～·•"  # the ring's edge read beside the characters
_RING_CHARS = 6  # a piece of ring text: at most this many characters
_RING_TYPE = 0.7  # a ring's characters are set smaller than the 署名 (a box under this share of its height)


def is_seal_ring_text(line: Line, neighbours: Sequence[Line]) -> bool:
    """Whether OCR line ``line`` is a piece of a seal's ring text: read with
    doubt, or in red ink (the seal's colour; a 署名 is printed black), or in
    type clearly smaller than the name's (``东临川区`` over ``抚州市临川区财政局``), a few
    characters (ring marks aside) that a longer name among ``neighbours`` on
    its page, printed black, holds in order (see the module docstring)."""
    if line.confidence is None:
        return False
    core = clean_text(line.text).strip(_RING_MARKS)
    if not core or len(core) > _RING_CHARS:
        return False
    marked = line.confidence < RING_DOUBT or line.is_red
    return any(
        n is not line
        and n.page == line.page
        and not (line.is_red and n.is_red)
        and (marked or line.bbox.height < _RING_TYPE * n.bbox.height)
        and len(name := clean_text(n.text)) > len(core)
        and (is_subsequence(core, name) or _ring_piece(core, name))
        for n in neighbours
    )


_RING_EDGE = 1  # a glyph at each end of a ring piece may be the ring's arc or star read as a character


def _ring_piece(core: str, name: str) -> bool:
    """``core`` is a run of two or more of ``name``'s characters, with at most one glyph more at
    either end (``小教育安`` over ``红河州教育体育局``: the ring's arc read beside 教育)."""
    for head in range(_RING_EDGE + 1):
        for tail in range(_RING_EDGE + 1):
            run = core[head : len(core) - tail]
            if len(run) >= 2 and (head or tail) and run in name:
                return True
    return False


_RING_OVERLAP = 0.3  # of the lower box's height: two printed lines never overlap so much


def _overlap(a: Line, b: Line) -> bool:
    high = min(a.bbox.bottom, b.bbox.bottom) - max(a.bbox.top, b.bbox.top)
    wide = min(a.bbox.x1, b.bbox.x1) - max(a.bbox.x0, b.bbox.x0)
    return wide > 0 and high >= _RING_OVERLAP * min(a.bbox.height, b.bbox.height)


def _one_char_off(a: str, b: str) -> bool:
    """``a`` is ``b`` with one character read otherwise (same length, at most one differs)."""
    return a == b or substituted_at(a, b) is not None


def is_seal_ring_name(line: Line, neighbours: Sequence[Line]) -> bool:
    """Whether OCR line ``line`` is a seal's ring text arched over the organ's
    printed name: its box overlaps the name's (printed lines never overlap), it
    reads as that name but for at most one character (the ring bends one), or
    as a run of at least half the name's characters with a glyph of the arc at
    an end (``木斯市财政区`` over ``佳木斯市财政局``), and it is read with more
    doubt than the printed name."""
    if line.confidence is None:
        return False
    core = clean_text(line.text).strip(_RING_MARKS)
    return len(core) >= 2 and any(
        n is not line
        and n.page == line.page
        and n.confidence is not None
        and n.confidence > line.confidence
        and _overlap(line, n)
        and _spells_ring_of(core, n.text, doubted=line.confidence < RING_DOUBT)
        for n in neighbours
    )


_RING_RUN = 3  # a doubted ring holds a run of at least this many of the name's characters (市财政)


def _spells_ring_of(core: str, row: str, *, doubted: bool = False) -> bool:
    """``core`` is ``name`` but for one character, or a ring piece of it holding half its characters;
    read with doubt (``RING_DOUBT``), a run of half the characters of the name (or of one of the
    names the row prints side by side) anywhere in it, whatever the arc's glyphs around it were read
    as (``北州圳市财政公司`` over ``抚顺市财政局  抚顺市民政局``)."""
    name = clean_text(row)
    if _one_char_off(core, name) or (2 * len(core) >= len(name) and _ring_piece(core, name)):
        return True
    return doubted and any(_holds_half(core, clean_text(part)) for part in row.split())  # names side by side


def _holds_half(core: str, name: str) -> bool:
    least = max(_RING_RUN, (len(name) + 1) // 2)
    return any(name[i : i + least] in core for i in range(len(name) - least + 1))
