"""samples/scanmaker.py: scans made the way they arrive, seeded and byte-deterministic."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from samples.scanmaker import MODES, degrade, make_scan, plan_for, to_mode

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_plans_cover_every_kind_of_scan() -> None:
    plans = [plan_for(f"s{i:03d}", 4) for i in range(200)]
    assert {p.mode for p in plans} == set(MODES)
    assert Counter(p.photographed for p in plans)[True] > 20
    assert all(150 <= p.dpi <= 300 and 60 <= p.quality <= 85 for p in plans)
    assert all(0.3 <= abs(s) <= 2.0 for p in plans for s in p.skews)
    assert plan_for("seed000", 4) == plan_for("seed000", 4)


def test_grey_modes_store_a_grey_page_and_the_seal_as_a_grey_ring() -> None:
    rgb = np.full((40, 40, 3), 250, dtype=np.uint8)
    rgb[5:35, 5:35] = (228, 97, 97)  # a red seal at 2/3 ink over paper
    for mode in ("grey", "grey-light"):
        page = to_mode(rgb, mode)
        assert page.mode == "L"
        ring = int(np.asarray(page)[15, 15])
        assert 110 <= ring <= 190  # mid grey: lighter than print, darker than paper
    assert to_mode(rgb, "colour").mode == "RGB"


def test_photographed_page_is_warped_and_darker_at_the_corners() -> None:
    rgb = np.full((400, 300, 3), 250, dtype=np.uint8)
    out = degrade(rgb, 0.0, 0, np.random.default_rng(1), photographed=True, dpi=100)
    centre = out[180:220, 130:170].mean()
    corner = out[:20, :20].mean()
    assert corner < centre - 5


@pytest.mark.slow
def test_make_scan_is_byte_deterministic(tmp_path: Path) -> None:
    notice = SAMPLES / "flags" / "f09_region_alias" / "notice.pdf"
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    plan = make_scan(notice, a, "f09_region_alias")
    make_scan(notice, b, "f09_region_alias")
    assert a.read_bytes() == b.read_bytes()
    doc = pdfium.PdfDocument(str(a))
    try:
        assert len(doc) == len(plan.skews)
    finally:
        doc.close()
