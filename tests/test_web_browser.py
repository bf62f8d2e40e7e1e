"""The review page in real headless Chromium (Debian's, driven by Playwright; never
`playwright install`): open a notice, click a flag and see its crop, sign in, correct an
amount, re-parse from the CLI and see the correction kept; a conflicting re-parse shows
CORRECTION_CONFLICT.  Screenshots go to $NOTICES_SCREENSHOTS (else the test's tmp folder)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from db.store import connect
from db.users import add_user
from tests.webnotice import DOC_NUMBER, write_notice

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
CELL = "allocation_tables[0].rows[2].values[0]"  # 大余县 (250 as printed)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason="needs Debian's chromium: bash scripts/sysdeps.sh"),
]
sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[str, str, Path]]:
    import uvicorn

    from web.app import create_app

    pdf = write_notice(tmp_path / "notice.pdf", [120, 250, 310], total=690)
    url = f"sqlite:///{tmp_path / 'review.db'}"
    _cli("ingest", str(pdf), "--db", url, "--workers", "1")
    engine = connect(url)
    with Session(engine) as s, s.begin():
        add_user(s, "li", "correct horse")
    engine.dispose()
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the review server did not start"
    try:
        yield f"http://127.0.0.1:{port}", url, pdf
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _cli(*argv: str) -> None:
    """Run `notices ...` as a user would, in its own process."""
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", *argv], capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr


@pytest.fixture()
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("NOTICES_SCREENSHOTS") or tmp_path / "screens")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_review_correct_reparse_conflict(served: tuple[str, str, Path], shots: Path) -> None:
    base, url, pdf = served
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{base}/")
        page.click(f"text={DOC_NUMBER}")
        page.wait_for_selector("#page-2 img")
        page.screenshot(path=str(shots / "01-notice.png"))

        # a flag: its crop appears under its message
        flag = page.locator(".flag", has_text="ALLOCATION_COLUMN_SUM")
        flag.click()
        crop = flag.locator(".crop img")
        crop.wait_for(state="visible")
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=crop.element_handle())
        assert page.locator("#page-2 .box").is_visible()  # and its region is boxed on the page
        flag.screenshot(path=str(shots / "02-flag-crop.png"))

        # a value: its box is drawn on its page
        page.click(f'[data-path="{CELL}"]')
        box = page.locator("#page-2 .box")
        assert box.is_visible()
        assert box.bounding_box()["width"] > 5  # type: ignore[index]
        page.screenshot(path=str(shots / "03-value-box.png"))

        # correcting needs a signed-in reviewer
        assert page.locator("#correction-form").count() == 0
        page.click("#sign-in")
        page.fill("input[name=name]", "li")
        page.fill("input[name=password]", "correct horse")
        page.click("#login-form button")
        page.wait_for_selector("#signed-in")
        page.click(f'[data-path="{CELL}"]')
        assert page.input_value("#field-path") == CELL
        page.fill("#corrected-value", "260")
        page.fill("#reason", "the scan shows 260")
        page.click("#correction-form button")
        page.wait_for_selector(f'td.corrected[data-path="{CELL}"]')
        assert page.inner_text(f'[data-path="{CELL}"]').startswith("260")
        page.screenshot(path=str(shots / "04-corrected.png"))

        # a re-parse that changes another value keeps the correction
        image = page.get_attribute("#page-2 img", "src")
        write_notice(pdf, [125, 250, 310], total=690)
        _cli("reparse", DOC_NUMBER, "--db", url)
        page.reload()
        assert page.get_attribute("#page-2 img", "src") != image  # the new file's page
        assert page.inner_text(f'[data-path="{CELL}"]').startswith("260")
        assert page.inner_text("#correction-list .status") == "applied"
        page.screenshot(path=str(shots / "05-after-reparse.png"))

        # the value it corrected changed: a warning instead of the correction
        write_notice(pdf, [125, 270, 310], total=705)
        _cli("reparse", DOC_NUMBER, "--db", url)
        page.reload()
        conflict = page.locator(".flag", has_text="CORRECTION_CONFLICT")
        conflict.click()
        conflict_crop = conflict.locator(".crop img")
        conflict_crop.wait_for(state="visible")
        page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                               arg=conflict_crop.element_handle())
        assert page.locator("#page-2 .box").is_visible()
        assert page.inner_text(f'[data-path="{CELL}"]').strip() == "270"
        assert page.inner_text("#correction-list .status") == "conflict"
        page.screenshot(path=str(shots / "06-conflict.png"))
        browser.close()
    assert len(list(shots.glob("*.png"))) >= 6
