"""Tables not understood, stored as printed (TABLE_NOT_UNDERSTOOD).

``raw_tables`` holds one row per table (attachment, title, page(s), grid size,
the parser's reason) and ``raw_table_cells`` every cell with its grid
position, spans, text and provenance (page, bbox in points, OCR confidence),
so an auditor can see and rebuild a table the parsers could not read.
"""

from __future__ import annotations

import json

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from db.models import RawCellRow, RawTableRow
from pipeline.core.model import BBox, Cell, Notice, RawTable

__all__ = ["delete_raw_tables", "insert_raw_tables", "load_raw_tables"]


def insert_raw_tables(session: Session, doc_id: int, notice: Notice) -> None:
    for position, raw in enumerate(notice.raw_tables):
        table_id = session.execute(
            insert(RawTableRow).returning(RawTableRow.id),
            {
                "document_id": doc_id, "position": position, "attachment": raw.attachment,
                "title": raw.title, "page": raw.page, "pages": json.dumps(list(raw.pages)),
                "n_rows": raw.n_rows, "n_cols": raw.n_cols, "reason": raw.reason,
            },
        ).scalar_one()
        cells = [
            {
                "document_id": doc_id, "raw_table_id": table_id, "grid_row": c.row, "grid_col": c.col,
                "rowspan": c.rowspan, "colspan": c.colspan, "text": c.text, "page": c.page,
                "bbox_x0": c.bbox.x0, "bbox_top": c.bbox.top, "bbox_x1": c.bbox.x1,
                "bbox_bottom": c.bbox.bottom, "confidence": c.confidence,
            }
            for c in raw.cells
        ]
        if cells:
            session.execute(insert(RawCellRow), cells)


def delete_raw_tables(session: Session, doc_id: int) -> None:
    session.execute(delete(RawCellRow).where(RawCellRow.document_id == doc_id))
    session.execute(delete(RawTableRow).where(RawTableRow.document_id == doc_id))


def load_raw_tables(session: Session, doc_id: int) -> tuple[RawTable, ...]:
    """The raw tables of a stored notice, as the parser kept them."""
    out: list[RawTable] = []
    tables = session.scalars(
        select(RawTableRow).where(RawTableRow.document_id == doc_id).order_by(RawTableRow.position)
    ).all()
    for t in tables:
        rows = session.scalars(
            select(RawCellRow).where(RawCellRow.raw_table_id == t.id).order_by(RawCellRow.id)
        ).all()
        cells = tuple(
            Cell(
                row=c.grid_row, col=c.grid_col, text=c.text,
                bbox=BBox(c.bbox_x0 or 0.0, c.bbox_top or 0.0, c.bbox_x1 or 0.0, c.bbox_bottom or 0.0),
                page=c.page or 0, rowspan=c.rowspan, colspan=c.colspan, confidence=c.confidence,
            )
            for c in rows
        )
        out.append(
            RawTable(
                attachment=t.attachment, title=t.title, page=t.page, n_rows=t.n_rows,
                n_cols=t.n_cols, cells=cells, reason=t.reason, pages=tuple(json.loads(t.pages)),
            )
        )
    return tuple(out)
