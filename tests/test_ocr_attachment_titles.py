"""OCR: a title of the 附件说明 read with a look-alike dot is put back from the title the
attachment prints (parsers/ocr_attachment_titles.py) and reported (pipeline/checks/confidence.py)."""

from __future__ import annotations

from parsers.ocr_attachment_titles import titles_as_printed
from pipeline.checks.confidence import check_confidence
from pipeline.core.model import AttachmentItem, Notice, Provenance, SourceFile

PRINTED = ["“9·5”地震抗震救灾资金分配表", "2022年中央财政补助资金分配表"]


def _item(title: str, confidence: float | None = 0.98) -> AttachmentItem:
    return AttachmentItem(number=None, title=title, prov=Provenance(page=2, confidence=confidence))


def test_a_listed_title_read_with_another_dot_is_the_attachment_title() -> None:
    (item,) = titles_as_printed([_item("“9.5”地震抗震救灾资金分配表")], PRINTED)
    assert item.title == "“9·5”地震抗震救灾资金分配表"
    assert item.prov.repaired_from == "“9.5”地震抗震救灾资金分配表" and item.prov.confidence is not None
    assert item.prov.confidence < 0.98


def test_a_title_printed_as_read_another_title_or_a_text_layer_is_kept() -> None:
    kept = [
        _item("“9·5”地震抗震救灾资金分配表"),  # printed as read
        _item("“9.6”地震抗震救灾资金分配表"),  # a digit differs: another title
        _item("“9.5”地震抗震救灾资金分配表", confidence=None),  # a text layer prints what it prints
        _item("2022年中央财政补助资金分配表"),  # no dot to tell
    ]
    assert titles_as_printed(kept, PRINTED) == tuple(kept)
    both = ["“9·5”分配表", "“9•5”分配表"]  # two printed titles the read one could be: neither
    assert titles_as_printed([_item("“9.5”分配表")], both) == (_item("“9.5”分配表"),)


def test_the_repair_is_a_low_confidence_warning() -> None:
    (item,) = titles_as_printed([_item("“9.5”地震抗震救灾资金分配表")], PRINTED)
    notice = Notice(SourceFile("x.pdf", "x.pdf", "0" * 64, 1, 1), "ocr", attachments_listed=(item,))
    flags = [f for f in check_confidence(notice) if f.subject == "attachments_listed[0].title"]
    assert [(f.code, f.expected, f.actual) for f in flags] == [
        ("LOW_CONFIDENCE", "“9·5”地震抗震救灾资金分配表", "“9.5”地震抗震救灾资金分配表")
    ]
