"""Document-level consistency checks: check_notice(notice) -> tuple[Flag, ...].

Each check is a small registered function of the Notice. Arithmetic is
Decimal with a tolerance of one unit of the last printed digit; no float.
LOW_CONFIDENCE lives in pipeline/checks/confidence.py, the allocation sum checks
(which follow the tables' row and header trees) in pipeline/checks/allocation.py. Database-level checks (REFERENCE_NOT_FOUND, CROSS_DOC_AMOUNT,
LATE_DISBURSEMENT, DUPLICATE_DOC_NUMBER) live in db/checks.py.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal

import regex as re

from pipeline.checks.allocation import (
    check_allocation_sums,
    check_raw_tables,
    combined_totals,
    moved_sums,
    present,
    tolerance,
)
from pipeline.checks.confidence import LOW_CONFIDENCE_THRESHOLD as LOW_CONFIDENCE_THRESHOLD
from pipeline.checks.confidence import check_confidence, fmt, is_doubtful, value_doubtful
from pipeline.checks.target_groups import project_groups
from pipeline.core.flags import make_flag
from pipeline.core.model import (
    AllocationRow,
    AllocationTable,
    BodyAmount,
    Flag,
    Notice,
    TargetTable,
)
from pipeline.core.units import to_yuan, yuan_factor

Check = Callable[[Notice], Iterable[Flag]]
CHECKS: dict[str, Check] = {}


def register(name: str) -> Callable[[Check], Check]:
    def deco(fn: Check) -> Check:
        CHECKS[name] = fn
        return fn

    return deco


def check_notice(notice: Notice) -> tuple[Flag, ...]:
    flags: list[Flag] = []
    for check in CHECKS.values():
        flags.extend(check(notice))
    return tuple(flags)


def _members(table: AllocationTable) -> list[AllocationRow]:
    return [r for r in table.rows if not r.is_total and not r.region_as_printed.startswith("其中")]


# --- allocation tables (pipeline/checks/allocation.py) -----------------------

register("allocation_sums")(check_allocation_sums)
register("table_not_understood")(check_raw_tables)


@register("negative_allocation")
def check_negative(n: Notice) -> Iterator[Flag]:
    for ti, table in enumerate(n.allocation_tables):
        for ri, row in enumerate(table.rows):
            for ci, v in enumerate(row.values):
                if v is not None and v < 0 and not value_doubtful(row, ci):  # doubtful: LOW_CONFIDENCE
                    col = table.columns[ci] if ci < len(table.columns) else f"column {ci + 1}"
                    yield make_flag(
                        "NEGATIVE_ALLOCATION",
                        f"'{row.region_as_printed}' has a negative amount {fmt(v)} {table.unit or ''} in '{col}' "
                        f"(a claw-back of funds allocated earlier).",
                        page=(row.value_provs[ci].page if ci < len(row.value_provs) else None) or row.prov.page,
                        subject=f"allocation_tables[{ti}].rows[{ri}].values[{ci}]",
                        actual=v,
                    )


def _clean_region(printed: str) -> str:
    return str(re.sub(r"^其中[:：]?|\s", "", printed))


@register("region_alias")
def check_region_alias(n: Notice) -> Iterator[Flag]:
    seen: set[tuple[str, str, int | None]] = set()
    items: list[tuple[str | None, str | None, int | None, str]] = []
    for ti, table in enumerate(n.allocation_tables):
        for ri, row in enumerate(table.rows):
            if row.region_code:
                items.append((row.region, row.region_as_printed, row.prov.page, f"allocation_tables[{ti}].rows[{ri}]"))
    for ti, tt in enumerate(n.target_tables):
        items.append((tt.region, tt.region_as_printed, tt.page, f"target_tables[{ti}]"))
    for region, printed, page, subject in items:
        if not region or not printed:
            continue
        p = _clean_region(printed)
        if p != region and (p, region, page) not in seen:
            seen.add((p, region, page))
            yield make_flag(
                "REGION_ALIAS",
                f"'{p}' is printed for the official name '{region}'.",
                page=page,
                subject=subject,
                expected=region,
                actual=p,
            )


# --- target tables ----------------------------------------------------------


@register("funds_breakdown")
def check_funds_breakdown(n: Notice) -> Iterator[Flag]:
    for ti, tt in enumerate(n.target_tables):
        for label, funds in (("annual", tt.funds), ("midterm", tt.funds_midterm)):
            if funds is None or funds.total is None:
                continue
            parts = [v for _, v in funds.breakdown if v is not None]
            if not parts:
                continue
            s = sum(parts, Decimal(0))
            if abs(s - funds.total) > tolerance([funds.total, *parts]):
                items = " + ".join(f"{k} {fmt(v)}" for k, v in funds.breakdown if v is not None)
                where = tt.region_as_printed or tt.project or f"table {ti + 1}"
                yield make_flag(
                    "FUNDS_BREAKDOWN_MISMATCH",
                    f"Target table '{where}' ({label}): total funds {fmt(funds.total)} {tt.unit or ''} but "
                    f"its items {items} = {fmt(s)}.",
                    page=tt.page,
                    subject=f"target_tables[{ti}].funds" + ("_midterm" if label == "midterm" else ""),
                    expected=funds.total,
                    actual=s,
                )


def _allocation_for(n: Notice, region: str) -> tuple[AllocationTable, AllocationRow, list[Decimal]] | None:
    """The first table's row for ``region`` and every amount that may stand for the region:
    each of its rows' values and, for a region over several project rows, their sums."""
    for table in n.allocation_tables:
        rows = [r for r in table.rows if r.region == region]
        if not rows:
            continue
        values = [v for r in rows for v in r.values if v is not None]
        members = [r for r in rows if not r.is_total]
        if len(members) > 1:
            width = max(len(r.values) for r in members)
            values += [sum(present(r.values[c] for r in members if c < len(r.values)), Decimal(0)) for c in range(width)]
        return table, rows[0], values
    return None


@register("target_funds")
def check_target_funds(n: Notice) -> Iterator[Flag]:
    for ti, tt in enumerate(n.target_tables):
        if tt.kind != "regional" or not tt.region or tt.funds.total is None:
            continue
        found = _allocation_for(n, tt.region)
        if found is None:
            continue
        table, row, values = found
        total = to_yuan(tt.funds.total, tt.unit)
        candidates = [to_yuan(v, table.unit) for v in values]
        if total is None or not candidates:
            continue
        tol = max(tolerance([tt.funds.total]) * (yuan_factor(tt.unit) or Decimal(1)), Decimal(0))
        if all(c is None or abs(c - total) > tol for c in candidates):
            if any(is_doubtful(p) for p in tt.funds.provs[:1]) or any(
                value_doubtful(row, c) for c in range(len(row.values))
            ):
                continue  # OCR doubted a value: LOW_CONFIDENCE says so, no error from it
            first = row.values[0]
            yield make_flag(
                "TARGET_FUNDS_MISMATCH",
                f"Target table for {tt.region}: 下达资金总额 {fmt(tt.funds.total)} {tt.unit or ''}, but the "
                f"allocation table gives {tt.region} {fmt(first)} {table.unit or ''} ('{table.columns[0] if table.columns else ''}').",
                page=tt.page,
                subject=f"target_tables[{ti}].funds.total",
                expected=first,
                actual=tt.funds.total,
            )


def _grand_totals(table: AllocationTable) -> tuple[Decimal | None, ...]:
    """The grand total row's values, or the column sums when no total row is printed."""
    totals = [r for r in table.rows if r.is_total]
    if totals:
        return max(totals, key=lambda r: max((v for v in r.values if v is not None), default=Decimal(0))).values
    return tuple(
        sum(present(r.values[c] for r in _members(table) if c < len(r.values)), Decimal(0))
        for c in range(len(table.columns))
    )


# what allocates an amount; 列入/列支 put a part of the money under its 科目 (…334.48万元列入
# “2100408基本公共卫生服务”): a table may detail that part alone
# 合计补助100万元, 以上资金合计12070万元: the sum of the sources; …资金为X万元（详见附件1）: what
# the attachment details
_ALLOCATE = (
    r"下达|拨付|安排|分配|调整用于|调剂用于|列入|列支|见附件|见附表"
    r"|^(?:以上|上述|两项|各项)?(?:资金|经费|补助)?(?:合计|共计|总计)"
)
# a part passed on (现将其中1200万元分配下达给你们) or the part this unit received of a larger sum
# (省财政厅下达全省15.28亿元，其中下达我市2029万元): either is what the table may detail
_PASS_ON = r"(?:下达|拨付|分配|安排)(?:给|到|至|你|我)"
_DETAILED = r"见附[件表]"


def _in_cited_title(a: BodyAmount) -> bool:
    """An amount printed inside the title of a cited document (《关于下达…5000万元的通知》):
    what the upper notice allocated, not what this one allocates."""
    digits = format(a.value.normalize(), "f")
    return any(
        digits in title.replace(",", "").replace("，", "") for title in re.findall(r"《[^《》]*》", a.context)
    )


def _row_amount(a: BodyAmount, tables: Sequence[AllocationTable]) -> bool:
    """An amount the body gives one row of a table (分配舞钢市154万元，宝丰县89万元…): the clause
    names the row's region and the row holds the amount; no total of the notice."""
    ay = to_yuan(a.value, a.unit)
    if ay is None:
        return False
    for table in tables:
        for r in (r for r in table.rows if not r.is_total):  # a 其中 row too
            names = {x for x in (r.region, r.region_as_printed) if x and len(x) >= 2}
            if any(name in a.context for name in names) and any(
                v is not None and to_yuan(v, table.unit) == ay for v in r.values
            ):
                return True
    return False


def _adjustment_totals(tables: Sequence[AllocationTable]) -> list[Decimal]:
    """In 元: for a column that takes money back from some rows (negative) and gives it
    to others, the amount given and the amount taken back - what an adjustment's body
    states (收回300万元调整用于…) while the column nets to 0 or to the difference."""
    out: list[Decimal] = []
    for table in tables:
        for c in range(len(table.columns)):
            values = present(r.values[c] for r in _members(table) if c < len(r.values))
            out += present(to_yuan(v, table.unit) for v in moved_sums(values))
    return out


# a clause that adds its amount to the one before it (加上2024年结余17.49万元, 另加…, 连同…)
_ADDED = r"^(?:再?加上?|另加|连同)"


def _with_additions(amounts: Sequence[BodyAmount], a: BodyAmount) -> Decimal | None:
    """In 元: ``a`` plus the amounts of the clauses right after it that add theirs to it; None when
    no clause does (or a unit is unknown)."""
    i = next(k for k, b in enumerate(amounts) if b is a)
    added = list(itertools.takewhile(lambda b: re.match(_ADDED, b.context) is not None, amounts[i + 1:]))
    ys = [to_yuan(b.value, b.unit) for b in (a, *added)]
    if not added or None in ys:
        return None
    return sum(present(ys), Decimal(0))


def _its_parts(amounts: Sequence[BodyAmount], a: BodyAmount) -> list[BodyAmount]:
    """The 其中 parts printed right after the total ``a`` (is_total False), in order."""
    i = next(k for k, b in enumerate(amounts) if b is a)
    return list(itertools.takewhile(lambda b: not b.is_total, amounts[i + 1:]))


@register("body_amount")
def check_body_amount(n: Notice) -> Iterator[Flag]:
    """The body's allocated total must equal some column of the tables' grand total
    (全年合计 or 此次下达), summed over the allocation tables."""
    # the totals said to be allocated, and a part passed on in its own clause
    # (财政部下达我省5000万元，现将其中1200万元分配下达给你们)
    stated = [
        a for a in n.body_amounts
        if a.is_total and re.search(_ALLOCATE, a.context) and not _in_cited_title(a)
        and not _row_amount(a, n.allocation_tables)
    ]
    # … and a part whose clause points at the attachment (相关县（市、区）258万元（详见附件1）)
    passed_on = [a for a in n.body_amounts if not a.is_total and re.search(f"{_PASS_ON}|{_DETAILED}", a.context)]
    if not stated or not n.allocation_tables:
        return
    grands = [_grand_totals(t) for t in n.allocation_tables]
    width = min(len(g) for g in grands)
    per_column: list[Decimal | None] = []
    for c in range(width):
        ys = [to_yuan(g[c], t.unit) for g, t in zip(grands, n.allocation_tables, strict=True)]
        per_column.append(None if any(y is None for y in ys) else sum(present(ys), Decimal(0)))
    candidates = [c for c in per_column if c is not None]
    candidates += combined_totals(grands, [t.unit for t in n.allocation_tables])
    candidates += _adjustment_totals(n.allocation_tables)
    if not candidates:
        return
    for a in (*stated, *passed_on):
        ay = to_yuan(a.value, a.unit)
        tol = tolerance([a.value]) * (yuan_factor(a.unit) or Decimal(1))
        if ay is not None and any(abs(ay - c) <= tol for c in candidates):
            return
    # a total with money added in the next clause (下达…7023万元，加上上年结余17.49万元)
    for a in stated:
        together = _with_additions(n.body_amounts, a)
        tol = tolerance([a.value]) * (yuan_factor(a.unit) or Decimal(1))
        if together is not None and any(abs(together - c) <= tol for c in candidates):
            return
    # a total whose 其中 parts are each a column's grand total (补助资金3840万元，其中省级资金2010万元，
    # 县级资金1830万元 over 省级 | 县级 under a 财政补助 group the table prints no column of)
    for a in stated:
        parts = _its_parts(n.body_amounts, a)
        ys = [to_yuan(b.value, b.unit) for b in (a, *parts)]
        if len(parts) < 2 or None in ys:
            continue
        tol = tolerance([b.value for b in (a, *parts)]) * (yuan_factor(a.unit) or Decimal(1))
        columns = [c for c in per_column if c is not None]
        each = all(any(abs(y - c) <= tol for c in columns) for y in present(ys[1:]))
        if each and abs(sum(present(ys[1:]), Decimal(0)) - (ys[0] or Decimal(0))) <= tol:
            return
    # money from several sources, each allocated in its own sentence (市级经费50万元 … 县本级经费50万元)
    sources = [to_yuan(a.value, a.unit) for a in stated]
    if len(sources) > 1 and None not in sources:
        together = sum((y for y in sources if y is not None), Decimal(0))
        tol = tolerance([a.value for a in stated]) * (yuan_factor(stated[0].unit) or Decimal(1))
        if any(abs(together - c) <= tol for c in candidates):
            return
    if any(t.unit is None for t in n.allocation_tables):
        return  # a table's unit unread: the candidates are part of the money only, no mismatch shown
    a = stated[0]
    if is_doubtful(a.prov) or any(
        value_doubtful(r, c) for t in n.allocation_tables for r in t.rows if r.is_total for c in range(len(r.values))
    ):
        return  # OCR doubted a value: LOW_CONFIDENCE says so, no error from it
    unit = n.allocation_tables[0].unit
    shown = ", ".join(f"{fmt(g)}" for g in grands[0][:width] if g is not None)
    yield make_flag(
        "BODY_AMOUNT_MISMATCH",
        f"The body says {fmt(a.value)} {a.unit} is allocated (“{a.context}”), but the allocation "
        f"table's total row shows {shown} {unit or ''} ({fmt(candidates[0])} 元 in its first column).",
        page=a.prov.page,
        subject=f"body_amounts[{next(i for i, b in enumerate(n.body_amounts) if b is a)}]",
        expected=candidates[0],
        actual=a.value,
    )


@register("attachment_numbering")
def check_attachment_numbering(n: Notice) -> Iterator[Flag]:
    listed = [a.number for a in n.attachments_listed if a.number is not None]
    headed = sorted({h.number for h in n.attachment_headings if h.number is not None})
    if not listed or not headed:
        return
    if sorted(set(listed)) != headed or listed != sorted(listed):
        page = n.attachments_listed[0].prov.page  # the 附件说明, where the list is printed
        yield make_flag(
            "ATTACHMENT_NUMBERING",
            f"The 附件 list in the body numbers the attachments {', '.join(map(str, listed))}, but the "
            f"attachments are headed 附件{', 附件'.join(map(str, headed))}.",
            page=page,
            subject="attachments_listed",
            expected=listed,
            actual=headed,
        )


@register("indicator_set")
def check_indicator_sets(n: Notice) -> Iterator[Flag]:
    tables = [(i, t) for i, t in enumerate(n.target_tables) if t.kind == "regional" and t.indicators]
    for regional in project_groups(tables):  # tables of different projects share no indicator set
        if len(regional) >= 2:
            yield from _indicator_set_flags(regional)


def _indicator_set_flags(regional: list[tuple[int, TargetTable]]) -> Iterator[Flag]:
    sets = {i: frozenset(ind.name for ind in t.indicators) for i, t in regional}
    common, count = Counter(sets.values()).most_common(1)[0]
    if count <= len(regional) / 2:
        # no majority layout: compare with every indicator any table has
        common = frozenset().union(*sets.values())
    for i, t in regional:
        s = sets[i]
        if s == common:
            continue
        missing = sorted(common - s)
        extra = sorted(s - common)
        parts = []
        if missing:
            parts.append(f"lacks {len(missing)} indicator(s) the other tables have: " + "；".join(missing))
        if extra:
            parts.append(f"has {len(extra)} the others lack: " + "；".join(extra))
        yield make_flag(
            "INDICATOR_SET_DIFFERS",
            f"Target table for {t.region_as_printed or t.region}: " + "; ".join(parts) + ".",
            page=t.page,
            subject=f"target_tables[{i}].indicators",
            expected=len(common),
            actual=len(s),
        )


@register("indicator_layout")
def check_layout_repaired(n: Notice) -> Iterator[Flag]:
    for i, t in enumerate(n.target_tables):
        if t.layout_repaired:
            yield make_flag(
                "INDICATOR_LAYOUT_REPAIRED",
                f"Target table for {t.region_as_printed or t.project or i + 1}: the 一级/二级 labels were "
                f"misplaced in the printed table; the hierarchy was rebuilt.",
                page=t.page,
                subject=f"target_tables[{i}]",
            )


# --- elements ---------------------------------------------------------------


@register("missing_field")
def check_missing(n: Notice) -> Iterator[Flag]:
    required: list[tuple[str, str, object]] = [
        ("doc_number", "文号", n.doc_number),
        ("issuers", "发文机关", n.issuers),
        ("title", "标题", n.title),
        ("issue_date", "成文日期", n.issue_date),
    ]
    for key, label, value in required:
        if not value:
            yield make_flag("MISSING_FIELD", f"No {label} ({key}) was found in the notice.", page=1, subject=key)


@register("date_order")
def check_dates(n: Notice) -> Iterator[Flag]:
    issued = n.issue_date.value if n.issue_date else None
    if issued and n.print_date and n.print_date.value < issued:
        yield make_flag(
            "DATE_ORDER",
            f"Printed (印发) on {n.print_date.value}, before it was issued (成文) on {issued}.",
            page=n.print_date.prov.page,
            subject="print_date",
            expected=f">= {issued}",
            actual=n.print_date.value,
        )
    if issued and n.doc_number:
        m = re.search(r"〔(\d{4})〕", n.doc_number.value)
        if m and m.group(1) != issued[:4]:
            yield make_flag(
                "DATE_ORDER",
                f"Issued (成文) on {issued}, but its 文号 {n.doc_number.value} is numbered in {m.group(1)}.",
                page=n.issue_date.prov.page if n.issue_date else None,
                subject="issue_date",
                expected=m.group(1),
                actual=issued,
            )
    if issued:
        year = int(issued[:4])
        for ri, r in enumerate(n.references):
            m = re.search(r"〔(\d{4})〕", r.doc_number or "")
            if m and int(m.group(1)) > year:
                yield make_flag(
                    "DATE_ORDER",
                    f"Issued on {issued} but cites {r.doc_number}, a document of a later year.",
                    page=r.prov.page,
                    subject=f"references[{ri}]",
                    expected=f"<= {year}",
                    actual=m.group(1),
                )


# --- OCR confidence and repairs (pipeline/checks/confidence.py) ------------------------

register("low_confidence")(check_confidence)
