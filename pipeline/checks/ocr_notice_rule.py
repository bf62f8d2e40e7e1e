"""The not-a-notice rule on OCR'd pages: a notice is not refused for one misread mark.

On a text layer a first page without a 文号, a 发文机关 and a 公文-kind title is
no notice (``notice_rule.not_a_notice_reason``). On a scan those three marks may
all hang on a few characters: a grey scan loses the red of the 发文机关标志 (so it
is glued to the title), the title's last word goes under a speck, the 文号 is not
printed at all (a 公示). Such a file is still read as a notice when the rest of
what was read says so:

* a notice word: a 公文 kind or 公示 anywhere in a title read on page 1 or 2, or a
  notice's formula in its body (特此通知, 现将…通知如下, 公示期/公示时间, …);
* and at least ``MIN_CORROBORATION`` of: a Chinese organ name (发文机关 or 署名, any
  page), a date (成文日期 or 印发日期), an amount of money in the body, a table
  (allocation or target).

An English letter, a blank scan or 附件 pages without their cover page show no
notice word, and are refused as before; text-layer files never come here.

    if refused and ocr_reads_as_notice(notice): refused = None
"""

from __future__ import annotations

import regex

from pipeline.core.model import Field, Notice

__all__ = ["MIN_CORROBORATION", "corroboration", "has_notice_word", "ocr_reads_as_notice"]

NOTICE_WORDS = (
    "决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示",
    "批复", "议案", "纪要", "公示",
)
"""The 公文 kinds (令 and 函 too short to tell from a misread anywhere in a line) and 公示."""

_TITLE_WORD = regex.compile("|".join(NOTICE_WORDS))
_BODY_FORMULA = regex.compile(
    r"特此(?:通知|公示|公告|通告|批复|函告|报告)|通知如下|公示(?:期|时间|日期)|(?:现|予以|进行)公示"
)
_HAN = regex.compile(r"\p{Han}")
_ORGAN_END = regex.compile(r"(?:局|厅|委|委员会|政府|办公室|办|部|院|中心|所|站|处|会)$")
TITLE_PAGES = (1, 2)
MIN_CORROBORATION = 2


def _on_pages(f: Field[str], pages: tuple[int, ...]) -> bool:
    return f.prov.page is None or f.prov.page in pages


def has_notice_word(notice: Notice) -> bool:
    """A 公文 kind or 公示 in a title read on page 1-2, or a notice's formula in the body."""
    title = notice.title
    if title is not None and _on_pages(title, TITLE_PAGES) and _TITLE_WORD.search("".join(title.value.split())):
        return True
    return bool(_BODY_FORMULA.search(notice.body))


def _organ_name(f: Field[str]) -> bool:
    name = "".join(f.value.split())
    return len(_HAN.findall(name)) >= 3 and bool(_ORGAN_END.search(name))


def corroboration(notice: Notice) -> tuple[str, ...]:
    """Which of organ name, date, money, table the notice shows (any page)."""
    marks: list[str] = []
    if any(_organ_name(f) for f in (*notice.issuers, *notice.signatories)):
        marks.append("organ")
    if notice.issue_date is not None or notice.print_date is not None:
        marks.append("date")
    if notice.body_amounts:
        marks.append("money")
    if notice.allocation_tables or notice.target_tables:
        marks.append("table")
    return tuple(marks)


def ocr_reads_as_notice(notice: Notice) -> bool:
    """An OCR'd file whose marks on page 1 were lost, but whose notice word and at least
    two of organ name, date, money and table say it is a notice."""
    if notice.text_source == "text-layer":
        return False
    return has_notice_word(notice) and len(corroboration(notice)) >= MIN_CORROBORATION
