"""The layout stage over every sample PDF (and its replayed scan): no crash, sound grids."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.model import Document, Layout, Line, Table
from pipeline.layout import reconstruct
from pipeline.read.source import load_source
from pipeline.read.textlayer import extract_text_pages
from samples.corpus import files

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
DIGITAL = files("notice.pdf")  # sealed splits (samples/blind/) are never parsed


def _check(layout: Layout) -> None:
    pages = [b.page for b in layout.blocks]
    assert pages == sorted(pages), "blocks out of page order"
    for block in layout.blocks:
        if isinstance(block, Table):
            covered = [[0] * block.n_cols for _ in range(block.n_rows)]
            for c in block.cells:
                for r in range(c.row, c.row + c.rowspan):
                    for k in range(c.col, c.col + c.colspan):
                        covered[r][k] += 1
            assert all(v == 1 for row in covered for v in row)
            assert block.pages[0] == block.page
        else:
            assert isinstance(block, Line) and block.text.strip()


@pytest.mark.parametrize("path", DIGITAL, ids=lambda p: str(p.parent.relative_to(SAMPLES)))
def test_digital_sample_layout(path: Path) -> None:
    source, pdf_bytes = load_source(path)
    pages = extract_text_pages(source, pdf_bytes)
    assert all(p is not None for p in pages), "a digital sample page was sent to OCR"
    layout = reconstruct(Document(source, tuple(p for p in pages if p is not None)))
    _check(layout)
    assert any(isinstance(b, Line) for b in layout.blocks)


def _complete_replays() -> list[Path]:
    out = []
    for scan in files("scan.pdf"):
        ocr = scan.parent / "ocr"
        if ocr.is_dir():
            out.append(scan)
    return out


@pytest.mark.parametrize("scan", _complete_replays(), ids=lambda p: str(p.parent.relative_to(SAMPLES)))
def test_replayed_scan_layout(scan: Path) -> None:
    from pipeline.core.errors import EngineError
    from pipeline.read.ocr.replay import ReplayEngine
    from pipeline.read.ocr.run import ocr_pages

    source, pdf_bytes = load_source(scan)
    try:
        pages = ocr_pages(pdf_bytes, engine=ReplayEngine(scan.parent / "ocr"), sha256=source.sha256)
    except EngineError as err:
        pytest.skip(f"replay data incomplete: {err}")
    _check(reconstruct(Document(source, pages)))
