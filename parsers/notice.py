"""parse_notice(layout) -> Notice: every element of the 公文, its tables, no flags.

Pure: composes the part parsers (header, closing, references, amounts,
attachments) over the sections of a Layout. Flags are the checks' business.
"""

from __future__ import annotations

from dataclasses import replace

from parsers.allocation import parse_allocation_table
from parsers.allocation_unit import with_body_units
from parsers.amounts import parse_body_amounts, parse_budget_codes, parse_fund_markers
from parsers.body_tables import main_captions, with_body_tables
from parsers.closing import parse_closing
from parsers.context_lines import join_bracket_wraps
from parsers.forms import parse_form
from parsers.geometry import estimate_frame, joined, prov_of
from parsers.header import parse_header
from parsers.joint_issuers import joint_issuers
from parsers.money_targets import read_money_targets
from parsers.normalize.doc_number import find_doc_numbers
from parsers.normalize.notice_places import (
    contexts_from_rows,
    places_from_notice,
    recipients_from_rows,
)
from parsers.normalize.ocr_doc_heads import with_region_heads
from parsers.ocr_attachment_titles import titles_as_printed
from parsers.ocr_context_phrases import phrases_from_notice
from parsers.ocr_enumerations import indicators_from_notice
from parsers.ocr_joint_mark import issuers_from_signatories, signatories_from_issuers
from parsers.ocr_lost_stops import stops_back, with_contexts_read
from parsers.ocr_mark import with_mark_apart
from parsers.ocr_specks import body_specks_off
from parsers.ocr_text import mend_body_contexts, repair_table_notes
from parsers.raw_tables import NO_ROWS, NOT_RECOGNISED, raw_table, understood
from parsers.references import parse_references
from parsers.sections import AttachmentSection, split_sections
from parsers.table_header_words import repair_header_words
from parsers.target_fund import with_notice_fund
from parsers.target_matrix import split_target_matrix, without_explanations
from parsers.target_year import with_notice_year
from parsers.targets import classify_table, parse_target_table, repair_target_tables
from pipeline.core.model import (
    AllocationTable,
    AttachmentItem,
    Field,
    FormAttachment,
    Layout,
    Notice,
    RawTable,
    TargetTable,
)
from pipeline.core.textnorm import clean_text


def parse_notice(layout: Layout) -> Notice:
    sections = split_sections(layout)
    main = sections.main
    first_page = tuple(ln for ln in main if ln.page == (main[0].page if main else 1))
    frame = estimate_frame(first_page or main, sections.page_width)
    header = with_mark_apart(parse_header(main, frame), main)  # OCR: a grey mark read as the title's head
    closing = parse_closing(main, header.body_start, frame)
    # OCR: a stacked joint mark's name cut or misread, put back from the 署名 (parsers/ocr_joint_mark.py)
    header = replace(header, issuers=issuers_from_signatories(header.issuers, closing.signatories))
    # a joint notice whose mark names the lead organ only (parsers/joint_issuers.py)
    header = replace(header, issuers=joint_issuers(header.issuers, closing.signatories))
    # OCR: a 署名 name's end taken by the seal over it, put back from the mark
    closing = replace(closing, signatories=signatories_from_issuers(closing.signatories, header.issuers))
    captions = main_captions(sections)  # a body table's title and unit line are no body text
    body_lines = tuple(ln for ln in closing.body_lines if id(ln) not in captions)
    read_lines = body_specks_off(body_lines)  # OCR: a speck opening a line (parsers/ocr_specks.py)
    body = joined(stops_back(read_lines))  # OCR: a stop alone on a line OCR did not read (parsers/ocr_lost_stops.py)
    body_prov = prov_of(body_lines)
    doc_number = header.doc_number or doc_number_of_attachments(closing.attachments_listed)
    own = doc_number.value if doc_number else None
    references = parse_references(body, own_doc_number=own, prov=body_prov)
    # OCR: a 代字's region character one look-alike off the notice's own regions (毫财社 -> 亳财社)
    doc_number, references = with_region_heads(doc_number, references, (f.value for f in header.issuers))

    allocations, targets, forms, headings, raws = _parse_attachments(with_body_tables(sections))
    allocations, targets = places_from_notice(allocations, targets, (ln.text for ln in main))  # OCR: a town one slip off
    targets = indicators_from_notice(targets, (  # OCR: 县（市区） where the notice prints 县（市、区）
        *(f.value for f in (header.title, header.recipients, closing.recipients) if f is not None), body))
    body_amounts = with_contexts_read(parse_body_amounts(body, body_prov), parse_body_amounts(joined(read_lines), body_prov))
    body_amounts = mend_body_contexts(body_amounts)  # OCR (parsers/ocr_text.py)
    body_amounts = contexts_from_rows(body_amounts, allocations)  # OCR: a place one look-alike off a row's
    body_amounts = phrases_from_notice(  # OCR: a character one look-alike off the phrase the notice prints
        body_amounts, (header.title.value if header.title else "", body, *(t.title or "" for t in allocations))
    )
    return Notice(
        source=layout.source,
        text_source=layout.text_source,
        doc_number=doc_number,
        issuers=header.issuers,
        title=header.title,
        # a 主送 too long for page 1 is in the 版记; OCR: a town one look-alike off a row's (notice_places)
        recipients=recipients_from_rows(header.recipients or closing.recipients, allocations),
        copy_number=header.copy_number,
        classification=header.classification,
        urgency=header.urgency,
        signer=header.signer,
        issue_date=closing.issue_date,
        annotation=closing.annotation,
        signatories=closing.signatories,
        cc=closing.cc,
        printed_by=closing.printed_by,
        print_date=closing.print_date,
        references=references,
        fund_markers=parse_fund_markers(body, body_prov),
        budget_codes=_with_attachment_codes(parse_budget_codes(body, body_prov), sections.attachments),
        body_amounts=body_amounts,
        # OCR: a listed title's dot read as another (“9.5” for “9·5”), put back from the attachment's own
        attachments_listed=titles_as_printed(
            closing.attachments_listed,
            (*(h.title for h in headings), *(t.title or "" for t in allocations), *(f.title for f in forms)),
        ),
        attachment_headings=headings,
        # OCR: specks in notes (parsers/ocr_text.py); a table printing no unit takes its totals' in the body
        allocation_tables=repair_header_words(  # OCR: a column name one look-alike off the notice's words
            repair_table_notes(with_body_units(allocations, body_amounts)),
            (*(ln.text for ln in main), *(i.value for t in targets for i in t.indicators)),  # and its targets' values
        ),
        target_tables=with_notice_fund(with_notice_year(targets, header.title), header.title),  # no year, no fund
        forms=forms,
        raw_tables=raws,
        body=body,
    )


def doc_number_of_attachments(items: tuple[AttachmentItem, ...]) -> Field[str] | None:
    """The notice's 文号 when it is printed only in its attachments' file names, each listed
    entry beginning with the same one (``韶财科教[2021]124号附件1：….xls``)."""
    found = [find_doc_numbers(item.title) for item in items]
    leading = {ms[0].canonical for ms in found if ms and ms[0].start == 0}
    if not items or len(leading) != 1 or any(not ms or ms[0].start != 0 for ms in found):
        return None
    (value,) = leading
    return Field(value, found[0][0].raw, items[0].prov)


def _with_attachment_codes(
    codes: tuple[Field[str], ...], attachments: tuple[AttachmentSection, ...]
) -> tuple[Field[str], ...]:
    """The body's budget codes, then those a note beside an attachment's table names (备注：…支出款列
    “2130705对村民委员会和党支部的补助”) that the body does not."""
    out = list(codes)
    for sec in attachments:
        if not sec.lines:
            continue
        text = "".join(clean_text(ln.text) for ln in sec.lines)
        for code in parse_budget_codes(text, prov_of(list(sec.lines))):
            if code.value not in [f.value for f in out]:
                out.append(code)
    return tuple(out)


def _parse_attachments(
    sections: tuple[AttachmentSection, ...],
) -> tuple[
    tuple[AllocationTable, ...],
    tuple[TargetTable, ...],
    tuple[FormAttachment, ...],
    tuple[AttachmentItem, ...],
    tuple[RawTable, ...],
]:
    raws: list[RawTable] = []  # tables not understood, kept as printed
    allocations: list[AllocationTable] = []
    targets: list[TargetTable] = []
    forms: list[FormAttachment] = []
    headings: list[AttachmentItem] = []
    derived: set[int] = set()  # target tables split from a money-and-targets table
    titles: dict[int, str] = {}  # per 附件 number, the title of its first allocation table
    for sec in sections:
        title = next((t for t in (sec.context_before(sec.tables[0]) if sec.tables else ()) if t), None)
        if sec.heading is not None:
            headings.append(
                AttachmentItem(number=sec.number, title=title or "", prov=prov_of([sec.heading]))
            )
        for table in sec.tables:
            context = join_bracket_wraps(sec.context_before(table))
            if (money_targets := read_money_targets(table, context, sec.number)) is not None:
                allocation, split = money_targets
                allocations.append(allocation)
                derived.update(range(len(targets), len(targets) + len(split)))
                targets.extend(split)
                continue
            kind = classify_table(table, context)
            if kind == "allocation":
                allocation = parse_allocation_table(table, context, sec.number)
                if allocation.title is None and sec.number is not None and sec.number in titles:
                    # a later table of the 附件 printed without a title of its own: the 附件's title
                    allocation = replace(allocation, title=titles[sec.number])
                if understood(allocation):
                    if sec.number is not None and allocation.title is not None:
                        titles.setdefault(sec.number, allocation.title)
                    allocations.append(allocation)
                else:
                    raws.append(raw_table(table, context, sec.number, NO_ROWS))
            elif kind == "targets" and (matrix := split_target_matrix(table, context, sec.number)):
                targets.extend(matrix)  # regions as columns: one table per region
            elif kind == "targets":
                target = parse_target_table(without_explanations(table), context, sec.number)
                if any(ind.value.strip() for ind in target.indicators) or target.funds.total is not None:
                    targets.append(target)
                else:  # a target form left blank (labels, no indicator value, no funds)
                    forms.append(parse_form(table, context, sec.number))
            elif kind == "form":
                forms.append(parse_form(table, context, sec.number))
            else:
                raws.append(raw_table(table, context, sec.number, NOT_RECOGNISED))
    return tuple(allocations), _repaired(targets, derived), tuple(forms), tuple(headings), tuple(raws)


def _repaired(targets: list[TargetTable], derived: set[int]) -> tuple[TargetTable, ...]:
    """The cross-table hierarchy repair over the printed target tables; those
    derived from a money-and-targets table (levels read from their header,
    nothing misplaced) keep their place in the document order."""
    printed = iter(repair_target_tables(tuple(t for i, t in enumerate(targets) if i not in derived)))
    return tuple(t if i in derived else next(printed) for i, t in enumerate(targets))
