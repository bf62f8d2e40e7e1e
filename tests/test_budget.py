"""Size guards before any decoder runs (pipeline/read/budget.py, called by pipeline/read/source.py)."""

from __future__ import annotations

import base64
import contextlib
import io
import random
import time
import tracemalloc
import zlib
from pathlib import Path

import pikepdf
import pytest

from pipeline.core.errors import ImageTooLargeError, OverBudgetError, TruncatedPdfError
from pipeline.read.budget import Budgets, capped_length, jpeg_size, nesting_depth
from pipeline.read.source import validate_pdf_bytes
from tests.hostile import bomb, deep_nesting, flate_of, font_bomb, inflate_image, page_tree_loop

GOOD = (Path(__file__).resolve().parents[1] / "samples" / "seed000" / "notice.pdf").read_bytes()
SCAN = (Path(__file__).resolve().parents[1] / "samples" / "seed000" / "scan.pdf").read_bytes()


def test_a_decompression_bomb_is_refused_without_inflating_it() -> None:
    data = bomb(GOOD, page=2, mb=630)
    assert len(data) < 2_000_000  # a small file ...
    tracemalloc.start()
    t0 = time.perf_counter()
    with pytest.raises(OverBudgetError) as err:
        validate_pdf_bytes(data)
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert str(err.value) == "content of page 3 inflates past 4 MB (budget --max-content-mb)"
    assert peak < 40_000_000 and seconds < 5  # ... never inflated to its 630 MB


def test_the_content_budget_is_settable() -> None:
    data = bomb(GOOD, page=0, mb=6)
    with pytest.raises(OverBudgetError, match="page 1 inflates past 4 MB"):
        validate_pdf_bytes(data)
    assert validate_pdf_bytes(data, Budgets(max_content_mb=8))[1] == 4


def test_a_stream_outside_the_pages_has_its_own_budget() -> None:
    data = font_bomb(GOOD, mb=70)
    with pytest.raises(OverBudgetError, match=r"inflates past 64 MB \(budget --max-stream-mb\)"):
        validate_pdf_bytes(data)
    assert validate_pdf_bytes(data, Budgets(max_stream_mb=100))[1] == 4


def test_the_document_budget_adds_up_every_stream() -> None:
    with pytest.raises(OverBudgetError, match="budget --max-document-mb"):
        validate_pdf_bytes(font_bomb(GOOD, mb=30), Budgets(max_document_mb=20))


def test_a_declared_decoded_length_past_the_budget_is_refused() -> None:
    pdf = pikepdf.open(io.BytesIO(GOOD))
    pdf.pages[0].obj.Contents.DL = 10**10
    out = io.BytesIO()
    pdf.save(out)
    with pytest.raises(OverBudgetError, match="declares 10000 MB decoded"):
        validate_pdf_bytes(out.getvalue())


@pytest.mark.parametrize("source", ["digital", "scan"])
def test_an_inflated_image_size_is_refused(source: str) -> None:
    data = GOOD if source == "digital" else SCAN
    for seed in range(6):  # dictionary sizes and, for the scan, JPEG header sizes
        with pytest.raises(ImageTooLargeError, match=r"too large: \d+x\d+ pixels.*--max-image-mpixels"):
            validate_pdf_bytes(inflate_image(data, random.Random(seed)))


def test_a_jpeg_header_is_read_for_its_size() -> None:
    pdf = pikepdf.open(io.BytesIO(SCAN))
    jpeg = next(o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Filter") == "/DCTDecode")
    from PIL import Image

    with Image.open(io.BytesIO(jpeg.read_raw_bytes())) as im:
        assert jpeg_size(jpeg.read_raw_bytes()) == im.size
    assert jpeg_size(b"not a jpeg") is None


def test_the_page_count_budget() -> None:
    with pytest.raises(OverBudgetError, match=r"more than 3 pages \(budget --max-pages\)"):
        validate_pdf_bytes(GOOD, Budgets(max_pages=3))


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(OverBudgetError, match=r"nested more than 100 deep \(budget --max-depth\)"):
        validate_pdf_bytes(deep_nesting(GOOD, random.Random(1)))
    assert nesting_depth(pikepdf.Array([pikepdf.Array([1]), 2]), 10) == 2


def test_a_page_tree_loop_is_refused_as_damage() -> None:
    for seed in range(4):
        with pytest.raises(TruncatedPdfError, match="page tree loops back on itself"):
            validate_pdf_bytes(page_tree_loop(GOOD, random.Random(seed)))


def test_the_page_tree_walk_finds_a_loop_qpdf_has_not_seen() -> None:
    from pipeline.read.budget import check_pdf

    pdf = pikepdf.open(io.BytesIO(GOOD))
    middle = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Pages, Count=1))
    middle.Kids = pikepdf.Array([middle])
    pdf.Root.Pages.Kids.append(middle)
    with pytest.raises(TruncatedPdfError, match=f"loops back on itself \\(object {middle.objgen[0]}\\)"):
        check_pdf(pdf, Budgets())


@pytest.mark.parametrize(
    ("filters", "encode"),
    [
        (["/FlateDecode"], zlib.compress),
        (["/ASCIIHexDecode"], lambda b: b.hex().encode() + b">"),
        (["/ASCII85Decode", "/FlateDecode"], lambda b: base64.a85encode(zlib.compress(b), adobe=True)),
        (["/RunLengthDecode"], lambda b: b"".join(bytes([129]) + b[i:i + 1] for i in range(0, len(b), 128)) + b"\x80"),
    ],
)
def test_capped_length_counts_decoded_bytes(filters: list[str], encode: object) -> None:
    data = b"x" * 51_200  # 400 runs of 128
    raw = encode(data)  # type: ignore[operator]
    assert capped_length(raw, filters, 10**9) == 51_200
    assert 1_000 < capped_length(raw, filters, 1_000) <= 1_000 + (1 << 20)  # stops just past the cap


def lzw_encode(data: bytes) -> bytes:
    """PDF LZW with 9-bit codes only (the table is cleared before it needs a 10th bit)."""
    codes = [256]
    table = {bytes([i]): i for i in range(256)}
    w = b""
    for byte in data:
        wc = w + bytes([byte])
        if wc in table:
            w = wc
            continue
        codes.append(table[w])
        table[wc] = len(table) + 2
        w = bytes([byte])
        if len(table) + 2 >= 500:
            codes.append(256)
            table = {bytes([i]): i for i in range(256)}
    codes += [table[w], 257]
    bits = "".join(f"{c:09b}" for c in codes)
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def test_capped_length_of_lzw() -> None:
    raw = lzw_encode(b"abc" * 10_000)
    assert capped_length(raw, ["/LZWDecode"], 10**9) == 30_000
    assert capped_length(raw, ["/LZWDecode"], 100) < 30_000


def test_damaged_flate_data_counts_what_decodes() -> None:
    raw = flate_of(3_000_000)
    assert capped_length(raw[: len(raw) // 2], ["/FlateDecode"], 10**9) < 3_000_000
    assert capped_length(b"garbage", ["/FlateDecode"], 10**9) == 0
    assert capped_length(b"\xff\xd8 jpeg", ["/DCTDecode"], 10) == 7  # counted as stored: pixels have their own budget


def test_every_sample_passes_the_guards() -> None:
    root = Path(__file__).resolve().parents[1] / "samples"
    files = sorted(root.glob("*/*.pdf"))
    assert len(files) >= 20
    for f in files:
        validate_pdf_bytes(f.read_bytes())


def test_a_filter_name_that_is_not_utf8_does_not_crash_the_guard() -> None:
    at = GOOD.index(b"/FlateDecode")
    data = GOOD[:at] + b"/Fl\x8cteDecode" + GOOD[at + len(b"/FlateDecode") :]
    with contextlib.suppress(TruncatedPdfError, OverBudgetError):  # a reason is fine
        validate_pdf_bytes(data)  # a UnicodeDecodeError was the bug
