"""Tables the parsers could not understand, kept as printed (TABLE_NOT_UNDERSTOOD).

Nothing is silently lost: a table found in an attachment that is neither an
allocation table, a target table nor a blank form, or an allocation-looking
table from which no row could be read, becomes a ``RawTable``: its cells with
their grid positions, spans, page and box, the title above it and the reason.
The checks flag it; the database stores it (db/raw_tables.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from parsers.tablegrid import title_from_context
from pipeline.core.model import AllocationTable, RawTable, Table

NOT_RECOGNISED = "neither an allocation table, a target table nor a blank form"
NO_ROWS = "no row pairs a recipient with an amount"


def raw_table(table: Table, context: Sequence[str], attachment: int | None, reason: str) -> RawTable:
    return RawTable(
        attachment=attachment,
        title=title_from_context(context),
        page=table.page,
        n_rows=table.n_rows,
        n_cols=table.n_cols,
        cells=table.cells,
        reason=reason,
        pages=table.pages or (table.page,),
    )


def understood(allocation: AllocationTable) -> bool:
    """An allocation table the parser could read: amount columns and rows."""
    return bool(allocation.columns) and bool(allocation.rows)
