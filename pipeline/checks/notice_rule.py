"""The not-a-notice rule: what a file needs on its first page to be read as a notice.

A 公文 (GB/T 9704) shows on its first page at least one of three marks:

* a 文号 (doc_number, ``某财预〔2022〕11号``),
* a 发文机关 (issuer: a Chinese organ name in the 版头 or the 署名),
* a title naming one of the 15 document kinds of the 党政机关公文处理工作条例
  (决议 决定 命令/令 公报 公告 通告 意见 通知 通报 报告 请示 批复 议案 函 纪要),
  e.g. ``关于下达…资金的通知``.

A file with none of them (an English business letter, an invoice, a blank
scan, the 附件 tables without their cover page) is refused: ``not a notice:
…``, nothing stored. A notice missing only some of them is parsed and
flagged (``MISSING_FIELD``) as before.

    reason = not_a_notice_reason(notice)   # None: it is a notice
"""

from __future__ import annotations

import regex

from pipeline.core.model import Field, Notice

DOCUMENT_KINDS = (
    "决议", "决定", "命令", "令", "公报", "公告", "通告", "意见",
    "通知", "通报", "报告", "请示", "批复", "议案", "函", "纪要",
)
"""公文种类, 党政机关公文处理工作条例 (2012) art. 8."""

_KIND_AT_END = regex.compile(
    "(?:" + "|".join(sorted(DOCUMENT_KINDS, key=len, reverse=True)) + r")"
    r"(?:[（(][^）)]{1,20}[）)])?[。.]?$"
)
_HAN = regex.compile(r"\p{Han}")
FIRST_PAGE = 1


def _on_first_page(f: Field[str]) -> bool:
    return f.prov.page is None or f.prov.page == FIRST_PAGE


def has_doc_number(notice: Notice) -> bool:
    return notice.doc_number is not None and _on_first_page(notice.doc_number)


def has_issuer(notice: Notice) -> bool:
    """A 发文机关 in Chinese read from the first page (版头 or 署名 there)."""
    return any(_HAN.search(f.value) and _on_first_page(f) for f in notice.issuers)


def is_notice_title(text: str) -> bool:
    """A title that ends with a document kind (``…的通知``, ``…的批复（代拟）``)."""
    compact = "".join(text.split())
    return bool(_HAN.search(compact)) and bool(_KIND_AT_END.search(compact))


def has_notice_title(notice: Notice) -> bool:
    return notice.title is not None and _on_first_page(notice.title) and is_notice_title(notice.title.value)


def not_a_notice_reason(notice: Notice) -> str | None:
    """None when the first page shows a 文号, a 发文机关 or a notice title; else why not."""
    if has_doc_number(notice) or has_issuer(notice) or has_notice_title(notice):
        return None
    return "not a notice: no 文号, no 发文机关 and no 通知/决定/函/意见/批复/… title on page 1"
