"""How fast the review page answers on a large database (issue 14: under 300 ms a page).

    .venv/bin/python -m web.bench [--notices 10000] [--db URL] [--samples DIR]

Parses the bundled digital samples once, stores them again and again under new
SHA-256s, 文号 and dates until the database holds ``--notices`` notices (kept
when ``--db`` names an existing one of that size), then times every route of
the review page through the whole ASGI stack (starlette's TestClient): the
median and the slowest of a few requests each.  A measurement, not a test.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import re
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.fund_flow import refresh_fund_notices
from db.models import DocumentRow
from db.store import connect, save_notice
from pipeline.core.model import Notice
from pipeline.core.render import dumps
from pipeline.run import Settings, parse_document


def _variant(base: Notice, i: int, n_bases: int) -> Notice:
    """The i-th stored notice: the samples themselves first (their pages can be drawn),
    then copies under new SHA-256s, 文号 and years."""
    if i < n_bases:
        return base
    sha = hashlib.sha256(f"bench-{i}".encode()).hexdigest()
    source = dataclasses.replace(base.source, sha256=sha, name=f"bench-{i}.pdf")
    year = 2000 + (i // n_bases) % 25  # ~17 copies of a notice per fund and year
    number = base.doc_number
    if number is not None:
        number = dataclasses.replace(number, value=f"{number.value}-{i}")
    date = base.issue_date
    if date is not None and date.value:
        date = dataclasses.replace(date, value=f"{year}{date.value[4:]}")
    title = base.title
    if title is not None and title.value:
        title = dataclasses.replace(title, value=re.sub(r"(19|20)\d\d", str(year), title.value, count=1))
    return dataclasses.replace(base, source=source, doc_number=number, issue_date=date,
                               title=title)


def fill(url: str, n: int, samples: Path) -> int:
    """Store notices until the database holds ``n``; return how many it holds."""
    engine = connect(url)
    with Session(engine) as s:
        have = s.scalar(select(func.count()).select_from(DocumentRow)) or 0
    if have >= n:
        return int(have)
    pdfs = sorted(p for p in samples.rglob("notice.pdf") if "blind" not in p.parts)[:24]
    bases = [parse_document(str(p), Settings()) for p in pdfs]
    print(f"parsed {len(bases)} samples; storing {n - have} notices", file=sys.stderr)
    i = have
    while i < n:
        with Session(engine) as s, s.begin():
            ids = []
            for _ in range(min(500, n - i)):
                notice = _variant(bases[i % len(bases)], i, len(bases))
                base_path = str(pdfs[i % len(pdfs)])
                ids.append(save_notice(s, notice, file_name=notice.source.name,
                                       file_path=base_path, rendered_json=dumps(notice)))
                i += 1
            refresh_fund_notices(s, ids)
        print(f"  {i}/{n}", file=sys.stderr)
    engine.dispose()
    return n


def _time(client: object, path: str, repeat: int) -> tuple[float, float, int]:
    times, status = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        r = client.get(path)  # type: ignore[attr-defined]
        times.append((time.perf_counter() - t0) * 1000)
        status = r.status_code
    return statistics.median(times), max(times), status


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notices", type=int, default=10000)
    ap.add_argument("--db", default="sqlite:///bench-review.db")
    ap.add_argument("--samples", default="samples")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    from starlette.testclient import TestClient

    from web.app import create_app

    held = fill(args.db, args.notices, Path(args.samples))
    engine = connect(args.db)
    with Session(engine) as s:
        last = s.scalar(select(func.max(DocumentRow.id))) or 1
    engine.dispose()
    routes = [
        "/", "/?page=100", "/?year=2021", "/?severity=error", "/?region=赣州市", "/?region=章贡区",
        "/?fund=困难群众", "/?doc_number=赣财社", "/?issuer=财政局&year=2023&severity=warning",
        f"/notices/{last}", "/notices/1", "/notices/1/pages/1.png", "/corrections",
        "/flow", "/flow?fund=中央财政困难群众救助补助资金&year=2023",
        "/flow?fund=困难残疾人生活补贴和重度残疾人护理补贴资金&year=2010",
    ]
    print(f"{held} notices in {args.db}; ms over {args.repeat} requests (first includes"
          " rendering/caching)")
    print(f"{'route':60} {'median':>8} {'max':>8} status")
    with TestClient(create_app(args.db)) as client:
        for path in routes:
            median, worst, status = _time(client, path, args.repeat)
            print(f"{path:60} {median:8.1f} {worst:8.1f} {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
