"""The review page over HTTP (starlette TestClient): every route, sign-in, CSRF, corrections
that survive a re-parse (applied / confirmed / conflict), no file read outside the stored ones."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from db.store import connect
from db.users import add_user
from pipeline.cli import main
from tests.webnotice import DOC_NUMBER, write_notice
from web.app import create_app

CELL = "allocation_tables[0].rows[2].values[0]"  # 大余县, 金额 (250 as printed)
TOTAL = "allocation_tables[0].rows[0].values[0]"  # 合计 (690 printed, rows add up to 680)


@pytest.fixture()
def site(tmp_path: Path, db_url: str) -> Iterator[tuple[TestClient, str, Path]]:
    """The review app on one ingested notice, on SQLite and PostgreSQL (conftest.db_url)."""
    pdf = write_notice(tmp_path / "notice.pdf", [120, 250, 310], total=690)
    url = db_url
    assert main(["ingest", str(pdf), "--db", url, "--workers", "1"]) == 0
    engine = connect(url)
    with Session(engine) as s, s.begin():
        add_user(s, "li", "correct horse")
    engine.dispose()
    with TestClient(create_app(url)) as client:
        yield client, url, pdf


def _csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)


def _sign_in(client: TestClient) -> None:
    token = _csrf(client.get("/login").text)
    r = client.post("/login", data={"csrf": token, "name": "li", "password": "correct horse",
                                    "next": "/notices/1"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/notices/1"


def _correct(client: TestClient, path: str, value: str, reason: str = "checked the scan") -> int:
    token = _csrf(client.get("/login").text)  # the session's token (the form needs sign-in)
    r = client.post("/notices/1/corrections", follow_redirects=False,
                    data={"csrf": token, "field_path": path, "value": value, "reason": reason})
    return r.status_code


def _allocation(url: str, row: int) -> tuple[object, ...]:
    engine = connect(url)
    with engine.connect() as c:
        found = c.execute(text(
            "SELECT amount, amount_yuan, corrected, value_as_parsed, correction_status"
            " FROM v_allocations WHERE row_index = :r"), {"r": row}).one()
    engine.dispose()
    return tuple(found)


def test_list_filters_and_counts(site: tuple[TestClient, str, Path]) -> None:
    client, _, _ = site
    page = client.get("/")
    assert page.status_code == 200
    assert DOC_NUMBER in page.text and 'id="total">1<' in page.text
    assert "error 1" in page.text  # ALLOCATION_COLUMN_SUM
    assert 'id="total">0<' in client.get("/", params={"doc_number": "不存在"}).text
    assert 'id="total">1<' in client.get("/", params={"issuer": "某某市", "year": "2023"}).text
    assert 'id="total">0<' in client.get("/", params={"year": "2019"}).text
    assert 'id="total">1<' in client.get("/", params={"region": "大余县"}).text
    assert 'id="total">0<' in client.get("/", params={"severity": "warning"}).text
    assert 'id="total">1<' in client.get("/", params={"severity": "error"}).text


def test_notice_page_shows_values_with_boxes_and_flags(site: tuple[TestClient, str, Path]) -> None:
    client, _, _ = site
    page = client.get("/notices/1").text
    cell = re.search(rf'data-path="{re.escape(CELL)}" data-page="2" data-box="([^"]+)"', page)
    assert cell, "the 大余县 cell carries its page and box"
    x0, top, x1, bottom = map(float, cell.group(1).split(","))
    assert 0 < x0 < x1 < 595 and 0 < top < bottom < 842
    assert 'id="page-1"' in page and 'id="page-2"' in page
    assert "ALLOCATION_COLUMN_SUM" in page and f'data-subject="{TOTAL}"' in page
    assert client.get("/notices/99").status_code == 404


def test_page_images_and_flag_crop(site: tuple[TestClient, str, Path]) -> None:
    client, _, _ = site
    png = client.get("/notices/1/pages/2.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert client.get("/notices/1/pages/3.png").status_code == 404
    assert client.get("/notices/1/pages/0.png").status_code == 404
    flag_id = re.search(r'data-flag="(\d+)"', client.get("/notices/1").text)
    assert flag_id
    crop = client.get(f"/notices/1/flags/{flag_id.group(1)}/crop.png")
    assert crop.status_code == 200 and crop.content.startswith(b"\x89PNG")
    assert len(crop.content) < len(png.content)  # a region, not the page
    assert client.get("/notices/1/flags/9999/crop.png").status_code == 404


def test_crafted_paths_read_nothing_outside_the_stored_files(
    site: tuple[TestClient, str, Path],
) -> None:
    client, _, _ = site
    for probe in ("/notices/1/pages/..%2F..%2F..%2Fetc%2Fpasswd", "/notices/1/pages/%2Fetc%2Fpasswd.png",
                  "/notices/1/pages/2.png?path=/etc/passwd", "/static/..%2F..%2Fdb%2Fstore.py",
                  "/static/../app.py", "/notices/..%2F1/pages/1.png"):
        r = client.get(probe)
        assert b"root:" not in r.content and b"def " not in r.content, probe
        if "path=" not in probe:
            assert r.status_code == 404, probe


def test_changed_file_is_not_shown(site: tuple[TestClient, str, Path]) -> None:
    client, url, pdf = site
    pdf.write_bytes(b"%PDF-1.4 something else")
    with TestClient(create_app(url)) as fresh:
        assert fresh.get("/notices/1/pages/1.png").status_code == 404
        assert "not available" in fresh.get("/notices/1").text


def test_post_without_sign_in_changes_nothing(site: tuple[TestClient, str, Path]) -> None:
    client, url, _ = site
    assert _correct(client, CELL, "260") == 403
    r = client.post("/notices/1/corrections", data={"field_path": CELL, "value": "260",
                                                    "reason": "x"}, follow_redirects=False)
    assert r.status_code == 403
    assert _allocation(url, 2)[2] in (0, False)
    assert main(["corrections", "--db", url, "--json"]) == 0


def test_post_without_csrf_token_changes_nothing(site: tuple[TestClient, str, Path]) -> None:
    client, url, _ = site
    _sign_in(client)
    r = client.post("/notices/1/corrections", data={"field_path": CELL, "value": "260",
                                                    "reason": "x", "csrf": "forged"})
    assert r.status_code == 403
    assert _allocation(url, 2)[2] in (0, False)


def test_wrong_password_and_open_redirect(site: tuple[TestClient, str, Path]) -> None:
    client, _, _ = site
    token = _csrf(client.get("/login").text)
    r = client.post("/login", data={"csrf": token, "name": "li", "password": "nope", "next": "/"})
    assert r.status_code == 401 and "Wrong name or password" in r.text
    r = client.post("/login", data={"csrf": token, "name": "li", "password": "correct horse",
                                    "next": "//evil.example/"}, follow_redirects=False)
    assert r.headers["location"] == "/"
    assert 'id="signed-in">li<' in client.get("/").text
    token = _csrf(client.get("/").text)
    client.post("/logout", data={"csrf": token})
    assert 'id="sign-in"' in client.get("/").text


def test_correction_applied_in_views_and_survives_reparse(
    site: tuple[TestClient, str, Path], capsys: pytest.CaptureFixture[str],
) -> None:
    client, url, pdf = site
    _sign_in(client)
    assert _correct(client, CELL, "260", "the scan shows 260") == 303
    assert _allocation(url, 2) == (260, 2600000, 1, 250, "applied")
    page = client.get("/notices/1").text
    assert "corrected" in page and "the scan shows 260" in page
    before = client.get("/notices/1/pages/2.png").content
    # a re-parse that changes another value keeps the correction
    write_notice(pdf, [125, 250, 310], total=690)
    assert main(["reparse", DOC_NUMBER, "--db", url]) == 0
    assert _allocation(url, 2) == (260, 2600000, 1, 250, "applied")
    assert client.get("/notices/1/pages/2.png").content != before  # the new file's page
    # the parser now reads the corrected value itself: confirmed
    write_notice(pdf, [125, 260, 310], total=695)
    assert main(["reparse", DOC_NUMBER, "--db", url]) == 0
    assert _allocation(url, 2)[2:] == (0, 260, "confirmed")
    capsys.readouterr()
    assert main(["corrections", "--db", url, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(c["field_path"], c["status"], c["author"]) for c in listed] == [(CELL, "confirmed", "li")]
    assert main(["corrections", "--db", url]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"{DOC_NUMBER}\t{CELL}\t250 -> 260\tconfirmed\tli\t")
    assert line.endswith("the scan shows 260")


def test_conflicting_reparse_raises_a_warning(site: tuple[TestClient, str, Path]) -> None:
    client, url, pdf = site
    _sign_in(client)
    assert _correct(client, CELL, "260") == 303
    write_notice(pdf, [120, 270, 310], total=700)  # the value it corrected changed: 250 -> 270
    assert main(["reparse", DOC_NUMBER, "--db", url]) == 0
    assert _allocation(url, 2) == (270, 2700000, 0, 270, "conflict")
    page = client.get("/notices/1").text
    assert "CORRECTION_CONFLICT" in page and f'data-subject="{CELL}"' in page
    # the reviewer settles it: a new correction of the value parsed now
    assert _correct(client, CELL, "265", "rechecked") == 303
    assert _allocation(url, 2) == (265, 2650000, 1, 270, "applied")
    assert "CORRECTION_CONFLICT" not in client.get("/notices/1").text
    assert main(["flags", "--db", url, "--json"]) in (0, 1)


def test_bad_corrections_are_refused(site: tuple[TestClient, str, Path]) -> None:
    client, url, _ = site
    _sign_in(client)
    for path, value in ((CELL, "two hundred"), ("allocation_tables[5].rows[0].values[0]", "1"),
                        ("allocation_tables[0]", "1"), ("../../etc", "x")):
        r = client.post("/notices/1/corrections", data={
            "csrf": _csrf(client.get("/notices/1").text), "field_path": path, "value": value,
            "reason": "r"}, follow_redirects=False)
        assert r.status_code == 303 and "error=" in r.headers["location"], path
    assert _allocation(url, 2)[2] in (0, False)
    assert _correct(client, "title", "关于下达资金的通知", "<script>alert(1)</script>") == 303
    listed = client.get("/corrections").text
    assert "关于下达资金的通知" in listed
    assert "<script>alert(1)" not in listed and "&lt;script&gt;alert(1)" in listed
    engine = connect(url)
    with engine.connect() as c:
        row = c.execute(text("SELECT title, corrected, value_as_parsed, doc_number"
                             " FROM v_notices")).one()
    engine.dispose()
    assert tuple(row) == ("关于下达资金的通知", True, "关于下达2023年困难群众救助补助资金的通知",
                          DOC_NUMBER)


def test_fund_flow_page(site: tuple[TestClient, str, Path]) -> None:
    client, url, pdf = site
    page = client.get("/flow")
    assert page.status_code == 200 and "困难群众救助补助资金" in page.text
    drawn = client.get("/flow", params={"fund": "困难群众救助补助资金", "year": "2023"})
    assert drawn.status_code == 200 and "<svg" in drawn.text and "大余县" in drawn.text
    assert "2500000" in drawn.text
    write_notice(pdf, [120, 270, 310], total=700)  # a re-parse: the cached flow is redrawn
    assert main(["reparse", DOC_NUMBER, "--db", url]) == 0
    again = client.get("/flow", params={"fund": "困难群众救助补助资金", "year": "2023"}).text
    assert "2700000" in again and "2500000" not in again


def test_fund_flow_page_shows_a_new_correction(site: tuple[TestClient, str, Path]) -> None:
    """v_fund_flow follows corrections (migration 0007): the page's cached flow is redrawn."""
    client, _url, _pdf = site
    params = {"fund": "困难群众救助补助资金", "year": "2023"}
    assert "2500000" in client.get("/flow", params=params).text
    _sign_in(client)
    assert _correct(client, CELL, "260", "the scan shows 260") == 303
    again = client.get("/flow", params=params).text
    assert "2600000" in again and "2500000" not in again


def test_users_add_reads_the_password_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = f"sqlite:///{tmp_path / 'u.db'}"
    monkeypatch.setenv("REVIEW_PW", "s3cret")
    assert main(["users", "add", "wang", "--db", url, "--password-env", "REVIEW_PW"]) == 0
    assert main(["users", "add", "wang", "--db", url, "--password-env", "REVIEW_PW"]) == 1
    assert main(["users", "add", "zhao", "--db", url, "--password-env", "UNSET_VAR_X"]) == 2
    engine = connect(url)
    with engine.connect() as c:
        stored = c.execute(text("SELECT password_hash FROM users")).scalar_one()
    engine.dispose()
    assert stored.startswith("$argon2") and "s3cret" not in stored


SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_indicator_value_correction_in_v_indicators(tmp_path: Path, db_url: str) -> None:
    pdf = SAMPLES / "flags" / "f07_indicator_set_differs" / "notice.pdf"
    assert main(["ingest", str(pdf), "--db", db_url, "--workers", "1"]) == 0
    engine = connect(db_url)
    with Session(engine) as s, s.begin():
        add_user(s, "li", "correct horse")
    engine.dispose()
    with TestClient(create_app(db_url)) as client:
        page = client.get("/notices/1").text
        found = re.search(r'data-path="(target_tables\[0\]\.indicators\[0\]\.value)"'
                          r' data-page="\d+" data-box="[^"]+" data-parsed="([^"]*)"', page)
        assert found, "the first indicator's 指标值 is shown with its box"
        _sign_in(client)
        assert _correct(client, found.group(1), "≥99%", "the scan reads ≥99%") == 303
        assert "≥99%" in client.get("/notices/1").text
    engine = connect(db_url)
    with engine.connect() as c:
        rows = c.execute(text("SELECT value, corrected, value_as_parsed, correction_status"
                              " FROM v_indicators WHERE corrected = TRUE")).all()
        n = c.execute(text("SELECT COUNT(*) FROM v_indicators")).scalar_one()
        n_raw = c.execute(text("SELECT COUNT(*) FROM indicators")).scalar_one()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("≥99%", True, found.group(2), "applied")]
    assert n == n_raw  # the join adds no rows
