"""How many notices (and rows) per second PostgreSQL stores, the way ingest stores them.

    export NOTICES_TEST_PG_URL=$(bash scripts/pg.sh start)
    .venv/bin/python scripts/pg_insert_bench.py [--copies 5] [--writers 1,2]

Parses the digital samples once, then stores each notice ``--copies`` times
(each copy under a new SHA-256, so nothing is refused as already stored)
into a fresh schema, one transaction per notice (``db.store.save_notice``,
as the ingest writer does, with its claim and release), from 1 and 2
writer processes. Prints notices/s and row inserts/s (rows counted in the
tables afterwards); the schema is dropped at the end. Numbers for
docs/scale.md.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing as mp
import os
import sys
import time
import uuid
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, inspect, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from db.claims import Holder, claim, release  # noqa: E402
from db.store import connect, save_notice  # noqa: E402
from pipeline.core.model import Notice  # noqa: E402
from pipeline.core.render import dumps  # noqa: E402
from pipeline.run import Settings, parse_document  # noqa: E402
from samples.corpus import files  # noqa: E402


def copies_of(notices: list[Notice], copies: int, writer: int) -> list[Notice]:
    out = []
    for k in range(copies):
        for n in notices:
            sha = hashlib.sha256(f"{n.source.sha256}/{writer}/{k}".encode()).hexdigest()
            out.append(replace(n, source=replace(n.source, sha256=sha, path=f"{n.source.path}#{writer}.{k}")))
    return out


def store_all(url: str, notices: list[Notice]) -> None:
    engine = connect(url)
    holder = Holder.here()
    try:
        with Session(engine) as s:
            for n in notices:
                with s.begin():
                    claim(s, n.source.sha256, holder, file=n.source.path)
                with s.begin():
                    save_notice(s, n, file_name=n.source.path, rendered_json=dumps(n))
                    release(s, [n.source.sha256], holder)
    finally:
        engine.dispose()


def _writer(args: tuple[str, list[Notice]]) -> None:
    store_all(*args)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--copies", type=int, default=5)
    p.add_argument("--writers", default="1,2")
    a = p.parse_args()
    base = os.environ.get("NOTICES_TEST_PG_URL")
    if not base:
        print("set NOTICES_TEST_PG_URL: export NOTICES_TEST_PG_URL=$(bash scripts/pg.sh start)", file=sys.stderr)
        return 2
    paths = files("notice.pdf")  # never a sealed split
    notices = [parse_document(q, Settings(ocr_cache="")) for q in paths]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    print("| writers | notices | seconds | notices/s | rows/notice | row inserts/s |")
    print("|---|---|---|---|---|---|")
    for writers in [int(w) for w in a.writers.split(",")]:
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        with admin.connect() as c:
            c.execute(text(f"CREATE SCHEMA {schema}"))
        url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
        try:
            connect(url).dispose()  # migrate before the clock starts
            jobs = [(url, copies_of(notices, a.copies, w)) for w in range(writers)]
            t0 = time.perf_counter()
            with mp.get_context("fork").Pool(writers) as pool:
                pool.map(_writer, jobs)
            seconds = time.perf_counter() - t0
            engine = create_engine(url)
            with engine.connect() as c:
                tables = [t for t in inspect(c).get_table_names() if t not in ("alembic_version",)]
                rows = sum(int(c.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one()) for t in tables)
                stored = int(c.execute(text("SELECT count(*) FROM documents")).scalar_one())
            engine.dispose()
            print(f"| {writers} | {stored} | {seconds:.1f} | {stored / seconds:.1f} | "
                  f"{rows / stored:.0f} | {rows / seconds:.0f} |", flush=True)
        finally:
            with admin.connect() as c:
                c.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
