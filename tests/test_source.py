from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from pipeline.core.errors import (
    EmptyInputError,
    EncryptedPdfError,
    ImageTooLargeError,
    InputError,
    NotAPdfError,
    TruncatedPdfError,
)
from pipeline.read.source import load_source, open_source, read_pdf_bytes
from pipeline.read.textlayer import extract_text_pages
from tests.pdfmaker import notice_pdf, write


@pytest.fixture(scope="module")
def good() -> bytes:
    return notice_pdf(pages=2)


def test_open_valid_pdf(tmp_path: Path, good: bytes) -> None:
    path = write(tmp_path / "a.pdf", good)
    source = open_source(path)
    assert source.pages == 2
    assert source.name == "a.pdf"
    assert source.size == len(good)
    assert source.sha256 == hashlib.sha256(good).hexdigest()
    assert read_pdf_bytes(source) == good


def test_read_pdf_bytes_rereads_when_not_cached(tmp_path: Path, good: bytes) -> None:
    from pipeline.read import source as module

    path = write(tmp_path / "a.pdf", good)
    src = open_source(path)
    module._bytes_cache.clear()
    assert read_pdf_bytes(src) == good
    path.write_bytes(good + b"\n")
    module._bytes_cache.clear()
    with pytest.raises(InputError, match="changed"):
        read_pdf_bytes(src)


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    [
        (b"", EmptyInputError, "empty file"),
        (b"   \n", EmptyInputError, "empty file"),
        (b"PK\x03\x04 this is a zip" * 20, NotAPdfError, "not a PDF"),
        (b"<html>%PDF-1.4 later</html>".rjust(2000, b" "), NotAPdfError, "not a PDF"),
    ],
)
def test_rejects_non_pdf(tmp_path: Path, data: bytes, error: type[InputError], reason: str) -> None:
    with pytest.raises(error, match=reason) as info:
        open_source(write(tmp_path / "x.pdf", data))
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        open_source(tmp_path / "nope.pdf")


def test_truncated(tmp_path: Path, good: bytes) -> None:
    with pytest.raises(TruncatedPdfError, match="truncated"):
        open_source(write(tmp_path / "t.pdf", good[: len(good) // 2]))


def test_truncated_with_eof_marker(tmp_path: Path, good: bytes) -> None:
    data = good[: len(good) // 2] + b"\n%%EOF\n"
    with pytest.raises(TruncatedPdfError) as info:
        open_source(write(tmp_path / "t.pdf", data))
    assert "BytesIO" not in str(info.value)


def test_encrypted(tmp_path: Path, good: bytes) -> None:
    buf = io.BytesIO()
    with pikepdf.open(io.BytesIO(good)) as pdf:
        pdf.save(buf, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    with pytest.raises(EncryptedPdfError, match="encrypted"):
        open_source(write(tmp_path / "e.pdf", buf.getvalue()))


def test_encrypted_with_empty_user_password_opens(tmp_path: Path, good: bytes) -> None:
    buf = io.BytesIO()
    with pikepdf.open(io.BytesIO(good)) as pdf:
        pdf.save(buf, encryption=pikepdf.Encryption(user="", owner="owner"))
    assert open_source(write(tmp_path / "e.pdf", buf.getvalue())).pages == 2


def test_no_pages(tmp_path: Path) -> None:
    buf = io.BytesIO()
    pikepdf.new().save(buf)
    with pytest.raises(EmptyInputError, match="no pages"):
        open_source(write(tmp_path / "n.pdf", buf.getvalue()))


def test_page_too_large(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(500, 500))
    pdf.pages[0].obj.MediaBox = pikepdf.Array([0, 0, 20000, 500])
    buf = io.BytesIO()
    pdf.save(buf)
    with pytest.raises(ImageTooLargeError, match="too large"):
        open_source(write(tmp_path / "big.pdf", buf.getvalue()))


def test_image_too_large(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(500, 500))
    image = pikepdf.Stream(
        pdf,
        b"\x00" * 16,
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=40000,
        Height=40000,
        ColorSpace=pikepdf.Name.DeviceGray,
        BitsPerComponent=8,
    )
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    buf = io.BytesIO()
    pdf.save(buf)
    with pytest.raises(ImageTooLargeError, match="too large"):
        open_source(write(tmp_path / "img.pdf", buf.getvalue()))


@pytest.mark.parametrize("damage", ["startxref", "xref"])
def test_broken_xref_is_repaired(tmp_path: Path, good: bytes, damage: str) -> None:
    if damage == "startxref":
        cut = good.rfind(b"startxref")
        data = good[:cut] + b"startxref\n999999\n%%EOF\n"
    else:
        at = good.rfind(b"\nxref")
        data = good[:at] + b"\nxrxx" + good[at + 5 :]
    source, pdf_bytes = load_source(write(tmp_path / "r.pdf", data))
    assert source.pages == 2
    assert source.sha256 == hashlib.sha256(data).hexdigest()  # of the original bytes
    assert pdf_bytes != data
    assert read_pdf_bytes(source) == pdf_bytes
    pages = extract_text_pages(source, pdf_bytes)
    assert all(p is not None and p.boxes for p in pages)


@pytest.mark.parametrize(
    "wrap",
    [
        lambda d: b"HTTP/1.1 200 OK\r\n\r\n" + d,  # junk before the header
        lambda d: d + b"\x00" * 5000,  # zero padding after %%EOF
    ],
    ids=["leading-junk", "zero-padding"],
)
def test_tolerated_wrappings(tmp_path: Path, good: bytes, wrap: Any) -> None:
    source, pdf_bytes = load_source(write(tmp_path / "w.pdf", wrap(good)))
    assert source.pages == 2
    assert all(p is not None for p in extract_text_pages(source, pdf_bytes))
