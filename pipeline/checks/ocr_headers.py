"""LOW_CONFIDENCE for an OCR-read column name put back from the notice's own words
(``parsers/table_header_words.py``: 司比变化（%） -> 同比变化（%）).

    header_flags(notice) -> Iterator[Flag]

One warning per name repaired, on the table's column header: what OCR read and
what it was put back to, so a reviewer checks it on the page.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.core.flags import make_flag
from pipeline.core.model import Flag, Notice

__all__ = ["header_flags"]


def header_flags(n: Notice) -> Iterator[Flag]:
    for ti, table in enumerate(n.allocation_tables):
        for name, read in table.headers_read:
            yield make_flag(
                "LOW_CONFIDENCE",
                f"Column name read as '{read}', repaired to '{name}' (a speck before it, a lost 、 or "
                "one look-alike character put back from words the notice prints elsewhere); check it on the page.",
                page=table.page,
                subject=f"allocation_tables[{ti}].columns.{name}",
                expected=name,
                actual=read,
            )
