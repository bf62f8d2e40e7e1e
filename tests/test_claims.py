"""Claims (db/claims.py): one holder per file, leases that run out, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from db.claims import ClaimInfo, ClaimRow, Holder, LeaseKeeper, claim, live_claims, release, renew

SHA = "a" * 64


def holder(tag: str) -> Holder:
    return Holder(tag, "host-" + tag, 1000 + len(tag))


def take(engine: Engine, h: Holder, lease: float = 60.0, sha: str = SHA) -> ClaimInfo | None:
    with Session(engine) as s, s.begin():
        return claim(s, sha, h, file="in/a.pdf", lease=lease)


def test_first_claim_wins_second_sees_the_holder(db_engine: Engine) -> None:
    a, b = holder("a"), holder("bb")
    assert take(db_engine, a) is None
    other = take(db_engine, b)
    assert other is not None and other.holder == "a" and other.host == "host-a" and other.pid == 1001
    assert "being ingested by host-a pid 1001" in other.describe()
    assert take(db_engine, a) is None  # the holder may claim again (renews)


def test_expired_claim_is_taken_over(db_engine: Engine) -> None:
    dead, alive = holder("dead"), holder("alive")
    assert take(db_engine, dead) is None
    with Session(db_engine) as s, s.begin():  # the dead ingester's lease ran out a while ago
        s.execute(update(ClaimRow).values(expires=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)))
    assert take(db_engine, alive) is None
    with Session(db_engine) as s:
        assert s.scalar(select(ClaimRow.holder)) == "alive"


def test_renew_and_release(db_engine: Engine) -> None:
    a, b = holder("a"), holder("bb")
    assert take(db_engine, a, lease=1.0) is None
    with Session(db_engine) as s, s.begin():
        before = s.scalar(select(ClaimRow.expires))
        assert renew(s, a, lease=3600) == 1
        after = s.scalar(select(ClaimRow.expires))
    assert before is not None and after is not None and after > before
    with Session(db_engine) as s:
        assert [c.holder for c in live_claims(s)] == ["a"]
    with Session(db_engine) as s, s.begin():
        release(s, [SHA], b)  # not b's: nothing happens
        assert s.scalar(select(func.count()).select_from(ClaimRow)) == 1
        release(s, [SHA], a)
        assert s.scalar(select(func.count()).select_from(ClaimRow)) == 0
    assert take(db_engine, b) is None


def test_lease_keeper_renews_while_running(db_engine: Engine) -> None:
    a, b = holder("a"), holder("bb")
    assert take(db_engine, a, lease=2.0) is None
    with LeaseKeeper(db_engine, a, lease=2.0) as keeper:
        threading.Event().wait(4.5)  # longer than the lease: only renewals keep it
        assert take(db_engine, b) is not None
    assert keeper.renewals >= 3


@pytest.mark.postgres
def test_many_threads_one_winner_per_file(db_url: str, db_engine: Engine) -> None:
    if db_engine.dialect.name != "postgresql":
        pytest.skip("concurrent writers: PostgreSQL")
    shas = [f"{i:064x}" for i in range(20)]
    won: dict[str, list[str]] = {sha: [] for sha in shas}
    lock = threading.Lock()
    start = threading.Barrier(6)

    def worker(tag: str) -> None:
        h = holder(tag)
        start.wait()
        for sha in shas:
            if take(db_engine, h, sha=sha) is None:
                with lock:
                    won[sha].append(tag)

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(len(tags) == 1 for tags in won.values()), won
