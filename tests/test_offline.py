"""The real OCR engine runs with the network switched off (an air-gapped machine)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCAN = ROOT / "samples" / "seed000" / "scan.pdf"


def _no_network_prefix() -> list[str]:
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare not available")
    probe = subprocess.run([unshare, "-n", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("cannot create a network namespace here (needs root)")
    return [unshare, "-n"]


@pytest.mark.ocr
@pytest.mark.slow
def test_scanned_page_parses_without_network(tmp_path: Path) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    if not SCAN.exists():
        pytest.skip("no scanned sample")
    one_page = tmp_path / "page1.pdf"
    with pikepdf.open(SCAN) as src:
        out = pikepdf.new()
        out.pages.append(src.pages[0])
        out.save(one_page)
    cmd = [*_no_network_prefix(), sys.executable, "-m", "pipeline.cli", "parse", str(one_page),
           "--ocr-engine", "rapidocr", "--ocr-cache", str(tmp_path / "cache")]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=600, check=False)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    expected = json.loads((SCAN.parent / "expected.json").read_text(encoding="utf-8"))
    assert doc["source"]["text_source"] == "ocr"
    assert doc["doc_number"] == expected["doc_number"]
    assert doc["title"] == expected["title"]
    assert list((tmp_path / "cache").rglob("*.json")), "the OCR result was cached"
