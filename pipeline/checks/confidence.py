"""LOW_CONFIDENCE: values read with a low OCR confidence, or changed (or left
undecided) by the grammar-grounded OCR repair (amounts, target-table funds,
checkbox options, indicators, organ names) (``Provenance.repaired_from``,
see parsers/normalize/ocr_repair.py). The message says what was read and
what was done with it, not just a confidence the repair set.

Registered by pipeline/checks/notice.py as the ``low_confidence`` check.

No warning where no character is in doubt (session 10: a warning on a clean,
exactly read scan is noise): a speck dropped beside a header line read with
confidence or beside a row label the vocabulary confirms (a region, a total
word); a speck read as a letter or digit at an organ name's end (``11r林甸县财政局``); a dot dropped between two Han characters or after a count in a note; a
文号's year bracket misread or lost and put back by the grammar (``〔2023]``,
``〔20201号``), or the brackets and quotes around a cited 文号, on text read
with confidence. A value that was chosen (a look-alike, a sum, a separator
reading) is always reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import regex

from parsers.normalize.glyphs import GLUED_SPECKS
from parsers.normalize.numbers import parse_amount, to_yuan
from parsers.normalize.rules import is_total_label
from parsers.ocr_specks import LEADING, edge_specks_off
from parsers.ocr_text import canonical_doc_brackets, despecked
from pipeline.checks.ocr_headers import header_flags
from pipeline.core.flags import make_flag
from pipeline.core.model import AllocationRow, Field, Flag, Funds, Notice, Provenance, TargetTable
from pipeline.core.textnorm import clean_text, substituted_at

__all__ = ["LOW_CONFIDENCE_THRESHOLD", "check_confidence", "is_doubtful", "value_doubtful"]

LOW_CONFIDENCE_THRESHOLD = 0.80


def fmt(d: Decimal | None) -> str:
    if d is None:
        return "—"
    return f"{d.normalize():,f}" if d != d.to_integral_value() else f"{int(d):,}"


def _plain(d: Decimal) -> str:
    """A number as digits, without grouping (a repaired ``171.017`` reads 171017)."""
    return format(d.normalize() if d == d.to_integral_value() else d, "f")


def is_doubtful(p: Provenance) -> bool:
    """A value OCR read with low confidence, or that the OCR repair changed,
    inferred or could not decide: LOW_CONFIDENCE reports it, and no check
    raises an error from it."""
    return p.repaired_from is not None or (p.confidence is not None and p.confidence < LOW_CONFIDENCE_THRESHOLD)


def value_doubtful(row: AllocationRow, ci: int) -> bool:
    """Whether amount ``ci`` of an allocation row is doubtful (``is_doubtful``)."""
    return ci < len(row.value_provs) and is_doubtful(row.value_provs[ci])


def _amount_message(what: str, value: Decimal | None, p: Provenance, grammar: str) -> str:
    """What happened to an amount: repaired (and from what), kept though
    doubtful, left empty, or just read with a low OCR confidence."""
    printed = p.repaired_from
    if printed is None:
        return f"{what} {fmt(value)} was read with OCR confidence {p.confidence or 0:.2f}; check it on the page."
    if value is None:
        return f"{what} read as '{printed}', which no reading of {grammar} fits; left empty; check it on the page."
    if parse_amount(printed) is None and parse_amount(printed.replace(":", ".").replace("：", ".")) == value:
        return f"{what} read as '{printed}', its decimal point read as a colon: {_plain(value)}; check it on the page."
    if parse_amount(printed) is None:
        return (
            f"{what} read as '{printed}', which no reading of {grammar} fits; inferred as {_plain(value)} "
            f"from the table's sums ({_agreeing(printed)}); check it on the page."
        )
    if parse_amount(printed) == value:
        return (
            f"{what} read as '{printed}', kept as printed ({_plain(value)}) though its separators may be "
            f"misread ({grammar} admits another reading); check it on the page."
        )
    if _one_glyph_off(printed, _plain(value)):
        return (
            f"{what} read as '{printed}', repaired to {_plain(value)}: one digit stray or misread for a "
            f"look-alike, the value every sum it is part of calls for; check it on the page."
        )
    return f"{what} read as '{printed}', repaired to {_plain(value)} from {grammar}; check it on the page."


def _agreeing(read: str) -> str:
    """What of an inferred cell's OCR text the inferred value agrees with."""
    if any(ch.isdigit() for ch in read):
        return "the digits read agree"
    return "a figure read as letters: one per digit, the look-alikes among them agree"


def _one_glyph_off(read: str, value: str) -> bool:
    """Whether the digits of ``value`` are those of ``read`` with one stray
    digit dropped at an end or one digit changed (parsers/normalize/ocr_slips.py)."""
    a, b = re.sub(r"\D", "", read), re.sub(r"\D", "", value)
    if len(a) == len(b) + 1:
        return b in (a[1:], a[:-1])
    return substituted_at(a, b) is not None


def _field_message(key: str, f: Field[str], how: str) -> str:
    p = f.prov
    if p.repaired_from is not None and p.repaired_from != f.value:
        return f"{key} read as '{p.repaired_from}', repaired to '{f.value}' {how}; check it on the page."
    return (
        f"{key} '{f.value}' was read with OCR confidence {p.confidence or 0:.2f} "
        f"(< {LOW_CONFIDENCE_THRESHOLD}); check it on the page."
    )


def _undoubted_table_amounts(n: Notice) -> set[Decimal]:
    """Every allocation amount (in 元) read without doubt: evidence for a
    body amount whose separators the grammar alone could not decide."""
    out: set[Decimal] = set()
    for table in n.allocation_tables:
        for row in table.rows:
            for ci, v in enumerate(row.values):
                p = row.value_provs[ci] if ci < len(row.value_provs) else row.prov
                if v is not None and not is_doubtful(p) and (y := to_yuan(v, table.unit)) is not None:
                    out.add(y)
    return out


# What a scan changes without any doubt about the text (session 10, flag precision): a speck beside
# a line read exactly, a 文号's bracket glyph its canonical form replaces anyway, the brackets or
# quotes around a cited 文号. No warning: the characters were read, none was chosen.
_TYPOGRAPHY = re.compile(r"[（）()《》〈〉“”\s]")
# the year brackets of a 文号 (〔20201号: the closing one lost; four digits make the year)
_YEAR_BRACKETS = re.compile(r"[〔〕\[\]［］]")
_NOTE_SPECKS = regex.compile(r"(?<=\p{Han})\s*\.\s*(?=\p{Han})|(?<=^\d+)[.·•∙●'`_]+$|(?<=\d\.)\.+(?=\d)")


def _only_edge_specks(read: str | None, value: str, p: Provenance) -> bool:
    """``value`` is ``read`` with specks at its ends dropped (and a 主送's colon), every
    character read with confidence (``ocr_specks.edge_specks_off``)."""
    if read is None or (p.confidence is not None and p.confidence < LOW_CONFIDENCE_THRESHOLD):
        return False
    off = edge_specks_off(clean_text(read))
    return off != read and value in (off, off.rstrip(":："))


def _only_junk_ends(read: str | None, value: str, p: Provenance) -> bool:
    """An organ name whose repair only dropped Latin letters or digits glued at its ends (a speck
    read ``E``, ``11r``: no organ name opens or ends so), every character read with confidence."""
    if read is None or (p.confidence is not None and p.confidence < LOW_CONFIDENCE_THRESHOLD):
        return False
    return bool(GLUED_SPECKS.search(read)) and GLUED_SPECKS.sub("", edge_specks_off(clean_text(read))) == value


def _only_typography(read: str, value: str) -> bool:
    """``read`` and ``value`` differ only in 文号 bracket glyphs (``〔2023]``: the canonical
    ``〔2023〕`` either way) or in the brackets and quotes around a cited 文号."""
    a, b = canonical_doc_brackets(read), canonical_doc_brackets(value)
    if a == b or _TYPOGRAPHY.sub("", a) == _TYPOGRAPHY.sub("", b):
        return True
    # a 文号's year bracket lost or misread, put back by the grammar (〔20201号 -> 〔2020〕1号)
    return _YEAR_BRACKETS.sub("", _TYPOGRAPHY.sub("", a)) == _YEAR_BRACKETS.sub("", _TYPOGRAPHY.sub("", b))


def _specks_only(read: str, value: str) -> bool:
    """A note whose repair only dropped specks: a dot between two Han characters (补.助), one
    after a count (29.)."""
    return bool(value) and _NOTE_SPECKS.sub("", read) == value


def _label_specks_only(row: AllocationRow) -> bool:
    """A row label whose repair only dropped a speck beside a name the vocabulary confirms (a
    region, a total word: ·安次区, 合计.)."""
    read = row.prov.repaired_from
    if read is None or edge_specks_off(clean_text(read)).strip(LEADING + " ") != row.region_as_printed:
        return _only_edge_specks(read, row.region_as_printed, row.prov)
    return row.region_code is not None or is_total_label(row.region_as_printed)


_ORGAN_REPAIR = (
    "from the official region names and organ words, or from the same organ printed elsewhere in the notice"
    " (the mark, the 署名, the 主送: look-alike, lost or cut characters)"
)


def check_confidence(n: Notice) -> Iterator[Flag]:
    """Every value read with a low OCR confidence or changed by the OCR
    repair (``Provenance.repaired_from``): the header and closing elements,
    the organ names (issuers, signatories, printed_by), allocation amounts;
    repaired indicators, target-table funds and options, and body amounts."""
    fields: list[tuple[str, Field[str] | None, str]] = [
        ("doc_number", n.doc_number, "from the 文号 grammar (〔year〕, digits)"),
        ("issue_date", n.issue_date, "by the OCR repair"),
        ("title", n.title, "by the OCR repair"),
        ("recipients", n.recipients, "by the OCR repair"),
        *((f"issuers[{i}]", f, _ORGAN_REPAIR) for i, f in enumerate(n.issuers)),
        *((f"signatories[{i}]", f, _ORGAN_REPAIR) for i, f in enumerate(n.signatories)),
        ("printed_by", n.printed_by, _ORGAN_REPAIR),
        ("cc", n.cc, "(a 、 between two organ names, read as a colon or lost, or the last organ's cut last character put back)"),
        ("annotation", n.annotation, "(a comma read as a full stop before an item's label, put back)"),
    ]
    for key, f, how in fields:
        if f is None or not is_doubtful(f.prov) or _only_edge_specks(f.prov.repaired_from, f.value, f.prov):
            continue
        if how == _ORGAN_REPAIR and _only_junk_ends(f.prov.repaired_from, f.value, f.prov):
            continue  # a speck read as a letter or digit beside an organ name read with confidence
        sure = f.prov.confidence is None or f.prov.confidence >= LOW_CONFIDENCE_THRESHOLD
        if key == "doc_number" and sure and _only_typography(f.prov.repaired_from or f.value, f.value):
            continue  # its year bracket lost and put back by the grammar: every character read
        p = f.prov
        yield make_flag(
            "LOW_CONFIDENCE",
            _field_message(key, f, how),
            page=p.page,
            subject=key,
            expected=f.value if p.repaired_from is not None else None,
            actual=p.repaired_from if p.repaired_from is not None else f"{p.confidence or 0:.2f}",
        )
    for ti, table in enumerate(n.allocation_tables):
        for ri, row in enumerate(table.rows):
            if row.prov.repaired_from is not None and not _label_specks_only(row):
                read = row.prov.repaired_from
                how = (
                    "a speck read beside the name, dropped" if row.region_as_printed in read
                    else "a route's dash read as 一 between two places, put back"
                    if read.replace("一", "—") == row.region_as_printed.replace("一", "—") and "—" in row.region_as_printed
                    else "a total word, one character off" if row.is_total
                    # parsers/normalize/notice_places.py: a town the notice prints elsewhere (主送, body)
                    else "a place the notice prints elsewhere, one look-alike character off"
                    if row.region_code is None and row.region_as_printed in _notice_text(n)
                    # parsers/ocr_script.py: no other same-length repair leaves a name no gazetteer code
                    else "a traditional character read for its simplified one, folded"
                    if row.region_code is None and len(read) == len(row.region_as_printed)
                    else "an official region name under the table's own parent, one character off"
                )
                yield make_flag(
                    "LOW_CONFIDENCE",
                    f"Row label read as '{read}', repaired to '{row.region_as_printed}' ({how}); "
                    "check it on the page.",
                    page=row.prov.page or table.page,
                    subject=f"allocation_tables[{ti}].rows[{ri}].region",
                    expected=row.region_as_printed,
                    actual=row.prov.repaired_from,
                )
            yield from _note_flags(row, ti, ri, table.page)
            for ci, p in enumerate(row.value_provs):
                if not is_doubtful(p):
                    continue
                v = row.values[ci] if ci < len(row.values) else None
                col = f" ('{table.columns[ci]}')" if ci < len(table.columns) else ""
                yield make_flag(
                    "LOW_CONFIDENCE",
                    _amount_message(f"Amount for '{row.region_as_printed}'{col}", v, p, "the column's grammar"),
                    page=p.page,
                    subject=f"allocation_tables[{ti}].rows[{ri}].values[{ci}]",
                    expected=None if p.repaired_from is None or v is None else _plain(v),
                    actual=p.repaired_from if p.repaired_from is not None else f"{p.confidence or 0:.2f}",
                )
    for ti, tt in enumerate(n.target_tables):
        if tt.region_read is not None:
            yield make_flag(
                "LOW_CONFIDENCE",
                f"Target table region read as '{tt.region_read}', repaired to '{tt.region_as_printed}' (the "
                "allocation row it repeats, whose name the region vocabulary or the notice put back); "
                "check it on the page.",
                page=tt.page,
                subject=f"target_tables[{ti}].region",
                expected=tt.region_as_printed,
                actual=tt.region_read,
            )
        for ii, ind in enumerate(tt.indicators):
            if ind.prov.repaired_from is None:
                continue
            yield make_flag(
                "LOW_CONFIDENCE",
                f"Indicator in the target table for {tt.region_as_printed or tt.project or ti + 1} read as "
                f"'{ind.prov.repaired_from}', repaired to '{ind.name}' {ind.value} (from the same indicator "
                "in the notice's other target tables or the other half of its form, a ≥/≤ its table's other "
                "values print, a rate's middle dot between its denominators); check it on the page.",
                page=ind.prov.page or tt.page,
                subject=f"target_tables[{ti}].indicators[{ii}]",
                actual=ind.prov.repaired_from,
            )
    yield from _target_table_flags(n)
    yield from header_flags(n)  # a column name put back from the notice's words (pipeline/checks/ocr_headers.py)
    for ai, item in enumerate(n.attachments_listed):
        if item.prov.repaired_from is not None:  # parsers/ocr_attachment_titles.py
            yield make_flag(
                "LOW_CONFIDENCE",
                f"Listed attachment read as '{item.prov.repaired_from}', repaired to '{item.title}' (the "
                "title the attachment prints, but for a look-alike dot); check it on the page.",
                page=item.prov.page,
                subject=f"attachments_listed[{ai}].title",
                expected=item.title,
                actual=item.prov.repaired_from,
            )
    for ri, ref in enumerate(n.references):
        shown = "".join(x for x in (ref.title and f"《{ref.title}》", ref.doc_number) if x)
        sure = ref.prov.confidence is None or ref.prov.confidence >= LOW_CONFIDENCE_THRESHOLD
        if ref.prov.repaired_from is not None and not (sure and _only_typography(ref.prov.repaired_from, shown)):
            # a cited 文号 the grammar mended, a speck in a title
            yield make_flag(
                "LOW_CONFIDENCE",
                f"Cited document read as '{ref.prov.repaired_from}', repaired to '{shown}' (the 文号 "
                "grammar, specks dropped, a 代字's region one look-alike off the notice's own put back); "
                "check it on the page.",
                page=ref.prov.page,
                subject=f"references[{ri}]",
                expected=shown,
                actual=ref.prov.repaired_from,
            )
    told: set[str] = set()  # one warning per repaired text (amounts of one clause share it)
    for ai, a in enumerate(n.body_amounts):
        as_read = a.context_read
        sure = a.prov.confidence is None or a.prov.confidence >= LOW_CONFIDENCE_THRESHOLD
        token = a.prov.repaired_from or ""
        only_point = bool(token) and as_read is not None and as_read.replace(token, _plain(a.value)) == a.context
        if (
            as_read is not None and as_read not in told and not only_point  # the amount's own warning says it
            and not (sure and _only_typography(despecked(as_read), a.context))
        ):
            told.add(as_read)
            yield make_flag(
                "LOW_CONFIDENCE",
                f"Body text read as “{a.context_read}”, repaired to “{a.context}” (a 文号's brackets "
                "mended, specks dropped, a full stop read as o or lost before an instruction ended, a full stop "
                "alone on a line OCR did not read put back, a dash read as 一 "
                "between two numbers put back, a place one look-alike off a table row's "
                "put back, a character one look-alike off the phrase the notice prints elsewhere put back); "
                "check it on the page.",
                page=a.prov.page,
                subject=f"body_amounts[{ai}].context",
                expected=a.context,
                actual=a.context_read,
            )
    confirmed = _undoubted_table_amounts(n)
    for ai, a in enumerate(n.body_amounts):
        p = a.prov
        if p.repaired_from is None:
            continue  # the body's own confidence is the lines', reported elsewhere if at all
        if parse_amount(p.repaired_from) == a.value and to_yuan(a.value, a.unit) in confirmed:
            continue  # kept as printed, and the tables print the same amount: no doubt left
        yield make_flag(
            "LOW_CONFIDENCE",
            _amount_message(f"Body amount in “{a.context}”", a.value, p, f"the amount grammar in {a.unit}"),
            page=p.page,
            subject=f"body_amounts[{ai}]",
            expected=_plain(a.value),
            actual=p.repaired_from,
        )


# how parsers/ocr_text.py changed a note: a speck dropped (shorter), a separator put back (longer),
# a traditional character folded (as long: parsers/ocr_script.py)
_NOTE_REPAIRS = {
    False: "a speck between two Han characters, dropped",
    True: "a 、 lost between two list items (region names, like items, quantities in one unit), put back",
}
_NOTE_FOLDED = "a traditional character read for its simplified one, folded"
_NOTE_DASH = "a dash read as 一 between two numbers or dates, put back"
_NOTE_INFERRED = "a count read as no figure, inferred from its aggregate row (小计, 合计) less the other members"


def _note_repair(read: str, note: str) -> str:
    """What parsers/ocr_text.py did to a note read as ``read``."""
    if note.isdigit() and not any(c.isdigit() for c in read):
        return _NOTE_INFERRED  # parsers/normalize/ocr_count_notes.py
    if len(note) != len(read):
        return _NOTE_REPAIRS[len(note) > len(read)]
    return _NOTE_DASH if read.replace("一", "—") == note else _NOTE_FOLDED


def _note_flags(row: AllocationRow, ti: int, ri: int, page: int | None) -> Iterator[Flag]:
    """Notes (text columns) the OCR repair changed (parsers/ocr_text.py)."""
    notes = dict(row.notes)
    for col, read in row.notes_read:
        if read.isdigit() and (notes.get(col) or "").isdigit() and _one_glyph_off(read, notes.get(col) or ""):
            yield make_flag(
                "LOW_CONFIDENCE",
                f"Note '{col}' of '{row.region_as_printed}' read as '{read}', repaired to '{notes.get(col)}' "
                "(one digit stray or misread for a look-alike: the column then adds up to its total row); "
                "check it on the page.",
                page=row.prov.page or page,
                subject=f"allocation_tables[{ti}].rows[{ri}].notes.{col}",
                expected=notes.get(col),
                actual=read,
            )
            continue
        if _specks_only(read, notes.get(col) or ""):
            continue  # a dot between two Han characters or after a count: no character in doubt
        yield make_flag(
            "LOW_CONFIDENCE",
            f"Note '{col}' of '{row.region_as_printed}' read as '{read}', repaired to '{notes.get(col)}' "
            f"({_note_repair(read, notes.get(col) or '')}); "
            "check it on the page.",
            page=row.prov.page or page,
            subject=f"allocation_tables[{ti}].rows[{ri}].notes.{col}",
            expected=notes.get(col),
            actual=read,
        )


def _funds_flags(tt: TargetTable, ti: int, key: str, funds: Funds | None) -> Iterator[Flag]:
    if funds is None:
        return
    names = ("total", *(name for name, _ in funds.breakdown))
    values = (funds.total, *(v for _, v in funds.breakdown))
    where = tt.region_as_printed or tt.project or ti + 1
    for i, p in enumerate(funds.provs):
        if p.repaired_from is None or i >= len(values):
            continue
        v = values[i]
        what = f"Target-table funds '{names[i]}'{' (中期)' if key == 'funds_midterm' else ''} for {where}"
        yield make_flag(
            "LOW_CONFIDENCE",
            _amount_message(what, v, p, "the amount grammar of the funds cells"),
            page=p.page or tt.page,
            subject=f"target_tables[{ti}].{key}." + ("total" if i == 0 else f"breakdown[{i - 1}]"),
            expected=None if v is None else _plain(v),
            actual=p.repaired_from,
        )


def _target_table_flags(n: Notice) -> Iterator[Flag]:
    """Target-table funds the amount grammar repaired or left undecided, and
    checkbox groups whose ticked box OCR did not read (inferred or undecided)."""
    for ti, tt in enumerate(n.target_tables):
        yield from _funds_flags(tt, ti, "funds", tt.funds)
        yield from _funds_flags(tt, ti, "funds_midterm", tt.funds_midterm)
        chosen = dict(tt.options)
        for label, p in tt.option_provs:
            if p.repaired_from is None:
                continue
            choice = chosen.get(label)
            done = (
                f"taken as '{choice}': the one option not followed by an unticked box"
                if choice is not None
                else "no ticked option could be decided; left empty"
            )
            yield make_flag(
                "LOW_CONFIDENCE",
                f"Option '{label}' in the target table for {tt.region_as_printed or tt.project or ti + 1} "
                f"read as '{p.repaired_from}' with no ticked box; {done}; check it on the page.",
                page=p.page or tt.page,
                subject=f"target_tables[{ti}].options.{label}",
                expected=choice,
                actual=p.repaired_from,
            )


def _notice_text(n: Notice) -> str:
    """The body, 主送 and 抄送 of ``n`` as one string (where a row's place may be printed)."""
    return "".join(f.value for f in (n.recipients, n.cc) if f is not None) + n.body
