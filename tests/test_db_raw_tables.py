"""Raw tables (TABLE_NOT_UNDERSTOOD) stored as printed: db/raw_tables.py, migration 0004."""

from __future__ import annotations

from dataclasses import replace

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from db.migrate import HEAD
from db.models import RawCellRow, RawTableRow
from db.raw_tables import load_raw_tables
from db.store import replace_notice
from parsers.raw_tables import NOT_RECOGNISED, raw_table
from pipeline.core.model import RawTable
from tests.db_helpers import make_notice, save
from tests.tablebuilder import table


def _raw() -> RawTable:
    t = table([["说明", "内容", "<"], ["一", "按因素法分配", "详见附表"]], page=4)
    return raw_table(t, ("附件2", "资金分配因素说明表"), 2, NOT_RECOGNISED)


def test_the_migration_chain_has_one_head() -> None:
    cfg = Config()
    cfg.set_main_option("script_location", "db/migrations")
    heads = ScriptDirectory.from_config(cfg).get_heads()
    assert len(heads) == 1 and heads[0] == HEAD


def test_raw_table_round_trip_and_replace(db_engine: Engine) -> None:
    raw = _raw()
    notice = replace(make_notice(), raw_tables=(raw,))
    with Session(db_engine) as s, s.begin():
        doc_id = save(s, notice)
    with Session(db_engine) as s:
        (back,) = load_raw_tables(s, doc_id)
        assert back.title == "资金分配因素说明表"
        assert (back.attachment, back.page, back.n_rows, back.n_cols) == (2, 4, 2, 3)
        assert back.reason == NOT_RECOGNISED
        merged = next(c for c in back.cells if c.text == "内容")
        assert (merged.row, merged.col, merged.colspan, merged.page) == (0, 1, 2, 4)
        assert merged.bbox.x1 > merged.bbox.x0
        assert len(back.cells) == len(raw.cells)
    with Session(db_engine) as s, s.begin():
        replace_notice(s, doc_id, make_notice(), rendered_json="{}")
    with Session(db_engine) as s:
        assert s.scalar(select(func.count()).select_from(RawTableRow)) == 0
        assert s.scalar(select(func.count()).select_from(RawCellRow)) == 0
