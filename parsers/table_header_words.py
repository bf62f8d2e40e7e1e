"""OCR: an allocation table's column name with one character misread, put back
from the words the notice itself prints, and without a speck read before it.

    repair_header_words(tables, texts) -> tables
        司比变化（%） -> 同比变化（%）  (the body: …平均浓度同比变化情况分担…)
        ☑林业        -> 林业          (the cell's left rule and a speck read as a ticked box)

An allocation table's header prints no checkbox (its options are a 绩效目标表's,
``tablegrid.CHECKED``/``UNCHECKED``) and, like any line of Chinese text, opens
with no dot or comma (``ocr_specks.LEADING``): such glyphs read before a column
name's first Han character or opening bracket are a speck (or a piece of the
cell's rule) and are dropped (``header_specks_off``).

A traditional character read for the simplified one printed (``大櫻桃（亩）``: the
recogniser knows both scripts) is folded back as in the notes (``ocr_script.simplified``).

A rate's middle dot between its two denominators read as a full stop (``（元/人.月）``) is the
middle dot when the notice prints that rate with it (``1800元/人·月`` in its 绩效目标表) and never
with the stop (``rate_dots_back``); a notice may print ``元/生.学年``.

A 、 lost where the header cell's line wrapped (``县（市`` / ``区）配套资金`` read
``县（市区）配套资金``) is put back when the notice prints the whole name with it
(the body: ``县（市、区）配套资金1.14万元``) and no other way (``separators_back``).

A column name (a money column or a note column) is cut into its runs of Han
characters. A run of ``MIN_RUN`` characters or more that the notice's text
(its body, its other lines) never prints, while it prints exactly one stretch
of the same length one look-alike character off it (glyphs at least
``HEADER_LOOKALIKE`` alike, ``glyphs.glyph_similarity``, stricter than a
name's slip: a column name is often a word the body prints with a sibling
character, 扣缴资金 beside the body's 扣罚资金 at 0.45; and the one read no
rarer than the one printed, ``notice_names.rarity``), is that stretch
misread: the run is put back. A run the
text prints, or one with no such stretch or several, is kept as read; so is
one whose repair would break a word of the column vocabulary the run reads
(``table_structure.yaml``'s money, quantity and rate words: 补助金额 is never
put back to the body's 补助全额下达, "in full"; nor a count, a run ending in 数: 村卫生室数 is
never the body's 村卫生室部分), and one whose character read stands beside
each of its neighbours in words the notice prints (补种面积 is never put back to the body's
补助面积 when the body prints 补种改种面积: 补种 and 种面 are the notice's words).

Only tables read by OCR are touched (a row with an OCR confidence); a text
layer is read as printed. The names as read are kept in
``AllocationTable.headers_read`` (name as repaired, name as read), so the
LOW_CONFIDENCE check names each repair. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

import regex as re

from parsers.normalize.notice_names import substitution_likeness
from parsers.ocr_script import simplified
from parsers.ocr_specks import LEADING
from parsers.table_vocab import structure_rules
from parsers.tablegrid import CHECKED, UNCHECKED
from pipeline.core.model import AllocationTable
from pipeline.core.textnorm import strip_spaces

__all__ = [
    "HEADER_LOOKALIKE",
    "MIN_RUN",
    "header_specks_off",
    "repair_header_name",
    "rate_dots_back",
    "repair_header_words",
    "separators_back",
]

MIN_RUN = 4  # a shorter run (two or three characters) is too many words to put back from one stretch
HEADER_LOOKALIKE = 0.55  # 司/同 0.61; 缴/罚 0.45 (扣缴资金 and the body's 扣罚资金 are both printed words)
_HAN_RUN = re.compile(r"\p{Han}+")
_LEAD_SPECK = re.compile(rf"^[{re.escape(CHECKED + UNCHECKED + LEADING)}\s]+(?=[\p{{Han}}（(《“〔【])")


def header_specks_off(name: str) -> str:
    """``name`` without the checkbox or speck glyphs read before its first character (``☑林业`` -> ``林业``)."""
    out: str = _LEAD_SPECK.sub("", name)
    return out


def _slip(read: str, word: str) -> bool:
    """``word`` is ``read`` with one look-alike character, no rarer in ``read`` than in ``word``."""
    sim = substitution_likeness(read, word)
    return sim is not None and sim >= HEADER_LOOKALIKE


def _breaks_vocabulary(run: str, stretch: str) -> bool:
    """Whether putting ``stretch`` in place of ``run`` loses a column word the run reads (金额)."""
    rules = structure_rules()
    words = (*rules.money_words, *rules.quantity_words, *rules.rate_words)
    # ... or the count a run ending in 数 makes of the word before it (村卫生室数: the clinics counted)
    return any(w in run and w not in stretch for w in words) or (run.endswith("数") and not stretch.endswith("数"))


def _words_of_notice(run: str, stretch: str, texts: Sequence[str]) -> bool:
    """Whether the character ``run`` reads where ``stretch`` prints another stands beside each of
    its neighbours in the notice's own words (补种面积 beside the body's 补助面积: 补种 and 种面 are
    printed in its 补种改种面积): a word the notice uses, not a slip."""
    i = next(k for k, (a, b) in enumerate(zip(run, stretch, strict=True)) if a != b)
    pairs = [run[j : j + 2] for j in (i - 1, i) if 0 <= j < len(run) - 1]
    return all(any(p in t for t in texts) for p in pairs)


def _stretches(run: str, texts: Sequence[str]) -> set[str]:
    n = len(run)
    return {
        w
        for t in texts
        for i in range(len(t) - n + 1)
        if _slip(run, w := t[i : i + n]) and not _breaks_vocabulary(run, w) and not _words_of_notice(run, w, texts)
    }


def separators_back(name: str, texts: Sequence[str]) -> str:
    """``name`` as the one stretch of ``texts`` that prints it with a 、 or more between its characters,
    else ``name`` (see the module docstring)."""
    if len(name) < MIN_RUN or any(name in t for t in texts):
        return name
    pattern = re.compile("、?".join(re.escape(c) for c in name))
    found = {m.group(0) for t in texts for m in pattern.finditer(t)}
    return found.pop() if len(found) == 1 else name


# a compound rate's two denominators parted by a dot read as a full stop (元/人.月)
_RATE_STOP = re.compile(r"(?<=/(\p{Han}{1,2}))\.(?=(\p{Han}{1,2}))")


def rate_dots_back(name: str, texts: Sequence[str]) -> str:
    """``name`` with a rate's ``.`` between its two denominators (``（元/人.月）``) written ``·`` where
    the notice prints that rate with the middle dot (``人·月``) and never with the stop."""

    def dot(m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(2)
        k = next((j for j in range(len(b), 0, -1) if any(f"{a}·{b[:j]}" in t for t in texts)), 0)
        printed_stop = any(f"{a}.{b[:1]}" in t for t in texts)
        return "·" if k and not printed_stop else "."

    out: str = _RATE_STOP.sub(dot, name)
    return out


def repair_header_name(name: str, texts: Sequence[str]) -> str | None:
    """``name`` without a speck before it, with a traditional character folded (``ocr_script.simplified``)
    and with each misread run put back (see the module docstring), or None."""
    folded = rate_dots_back(simplified(name), texts)  # a traditional glyph read (大櫻桃); a rate's dot (元/人.月)
    out = separators_back(header_specks_off(folded), texts)
    for m in _HAN_RUN.finditer(folded):
        run = m.group(0)
        if len(run) < MIN_RUN or any(run in t for t in texts):
            continue
        found = _stretches(run, texts)
        if len(found) == 1:
            out = out.replace(run, found.pop(), 1)
    return out if out != name else None


def _by_ocr(table: AllocationTable) -> bool:
    return any(r.prov.confidence is not None for r in table.rows)


def repair_header_words(tables: Iterable[AllocationTable], texts: Iterable[str]) -> tuple[AllocationTable, ...]:
    """Every OCR-read allocation table with its misread column names put back from ``texts``."""
    evidence = [strip_spaces(t) for t in texts if t]
    out: list[AllocationTable] = []
    for table in tables:
        if not _by_ocr(table):
            out.append(table)
            continue
        names = {*table.columns, *(n for r in table.rows for n, _ in r.notes)}
        fixed = {n: new for n in names if (new := repair_header_name(n, evidence)) is not None}
        if not fixed:
            out.append(table)
            continue
        rows = tuple(
            replace(
                r,
                notes=tuple((fixed.get(n, n), v) for n, v in r.notes),
                notes_read=tuple((fixed.get(n, n), v) for n, v in r.notes_read),
            )
            for r in table.rows
        )
        out.append(
            replace(
                table,
                columns=tuple(fixed.get(c, c) for c in table.columns),
                rows=rows,
                headers_read=(*table.headers_read, *((new, old) for old, new in sorted(fixed.items()))),
            )
        )
    return tuple(out)
