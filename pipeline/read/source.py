"""Open and validate an input file (输入文件) as a PDF: the first stage.

    open_source(path) -> SourceFile          validate, or raise an InputError
    load_source(path) -> (SourceFile, bytes) the same, plus the bytes to read
    read_pdf_bytes(source) -> bytes          bytes for later stages (repaired)

Checks, in order, each failing with a one-line reason:

- empty file                               -> EmptyInputError
- no ``%PDF-`` header in the first 1 KiB   -> NotAPdfError
- no ``%%EOF`` near the end (padding aside) -> TruncatedPdfError
- needs a password                         -> EncryptedPdfError
- unreadable structure or pages            -> TruncatedPdfError
- zero pages                               -> EmptyInputError("no pages")
- a page tree that loops                   -> TruncatedPdfError
- over a size budget (pipeline/read/budget.py: decoded stream length, page
  content, image pixels, page count, nesting depth), checked before any
  decoder runs                             -> OverBudgetError / ImageTooLargeError
- a page too large                         -> ImageTooLargeError

A damaged but repairable file (broken xref table, wrong offsets) is repaired
with pikepdf (qpdf) and the repaired bytes are what later stages read; the
SHA-256 is always that of the original file.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import OrderedDict
from pathlib import Path

import pikepdf

from pipeline.core.errors import (
    EmptyInputError,
    EncryptedPdfError,
    ImageTooLargeError,
    InputError,
    NotAPdfError,
    TruncatedPdfError,
    reason_text,
)
from pipeline.core.model import SourceFile
from pipeline.read.budget import Budgets, check_pdf

# PDF 1.7 caps a page side at 14,400 user units (200 in); bigger is an abuse.
MAX_PAGE_SIDE_PT = 14_400.0
HEADER_WINDOW = 1024
EOF_WINDOW = 2048

_CACHE_SIZE = 8
_bytes_cache: OrderedDict[str, bytes] = OrderedDict()


def open_source(path: str | Path, budgets: Budgets | None = None) -> SourceFile:
    """Validate ``path`` as a readable PDF and describe it."""
    source, _ = load_source(path, budgets)
    return source


def load_source(
    path: str | Path, budgets: Budgets | None = None, data: bytes | None = None
) -> tuple[SourceFile, bytes]:
    """Validate ``path``; return its description and the bytes to parse.

    The bytes are the file itself, or a repaired copy when the file's
    cross-reference table was broken.  ``data``: the file's bytes, already
    read elsewhere (a Ray worker gets them through the object store, not a
    shared filesystem); ``path`` then only names them.
    """
    p = Path(path)
    try:
        data = p.read_bytes() if data is None else data
    except IsADirectoryError as err:
        raise InputError("is a directory") from err
    except FileNotFoundError as err:
        raise InputError("file not found") from err
    except OSError as err:
        raise InputError(f"cannot read file ({err.strerror or err})") from err
    sha256 = hashlib.sha256(data).hexdigest()
    pdf_bytes, pages = validate_pdf_bytes(data, budgets)
    _remember(sha256, pdf_bytes)
    source = SourceFile(
        path=str(p),
        name=p.name,
        sha256=sha256,
        size=len(data),
        pages=pages,
    )
    return source, pdf_bytes


def read_pdf_bytes(source: SourceFile) -> bytes:
    """The (repaired if need be) bytes of an opened source.

    Served from a small in-process cache filled by ``load_source``; otherwise
    the file is read again and must still have the recorded SHA-256.
    """
    cached = _bytes_cache.get(source.sha256)
    if cached is not None:
        _bytes_cache.move_to_end(source.sha256)
        return cached
    data = Path(source.path).read_bytes()
    if hashlib.sha256(data).hexdigest() != source.sha256:
        raise InputError("file changed since it was opened")
    pdf_bytes, _ = validate_pdf_bytes(data)
    _remember(source.sha256, pdf_bytes)
    return pdf_bytes


def validate_pdf_bytes(data: bytes, budgets: Budgets | None = None) -> tuple[bytes, int]:
    """Check ``data`` is a usable PDF within ``budgets``; return (bytes to parse, page count)."""
    if not data.strip():
        raise EmptyInputError("empty file")
    if b"%PDF-" not in data[:HEADER_WINDOW]:
        raise NotAPdfError("not a PDF (no %PDF- header)")
    if b"%%EOF" not in data.rstrip(b"\x00 \t\r\n\f")[-EOF_WINDOW:]:
        raise TruncatedPdfError("truncated PDF (no %%EOF at the end)")
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as err:
        raise EncryptedPdfError("encrypted PDF (needs a password)") from err
    except pikepdf.PdfError as err:
        raise _damaged(err) from err
    with pdf:
        try:
            check_pdf(pdf, budgets or Budgets())  # before anything decodes a stream
            n_pages = len(pdf.pages)
        except pikepdf.PdfError as err:
            raise _damaged(err) from err
        if n_pages == 0:
            raise EmptyInputError("no pages")
        _check_pages(pdf)
        if not pdf.get_warnings():
            return data, n_pages
        # qpdf recovered from damage (e.g. a broken xref): every page must
        # still parse, then its repair is what later stages read.
        for index, page in enumerate(pdf.pages):
            try:
                pikepdf.parse_content_stream(page)
            except (pikepdf.PdfError, TypeError, ValueError) as err:
                raise TruncatedPdfError(f"truncated PDF (page {index + 1} unreadable)") from err
        out = io.BytesIO()
        try:
            pdf.save(out)
        except pikepdf.PdfError as err:
            raise _damaged(err) from err
        return out.getvalue(), n_pages


def _check_pages(pdf: pikepdf.Pdf) -> None:
    for index, page in enumerate(pdf.pages):
        number = index + 1
        try:
            box = page.mediabox
            width = abs(float(box[2]) - float(box[0]))
            height = abs(float(box[3]) - float(box[1]))
            user_unit = float(page.obj.get("/UserUnit", 1))
        except (pikepdf.PdfError, TypeError, ValueError, IndexError) as err:
            raise TruncatedPdfError(f"unreadable page {number}") from err
        if width <= 0 or height <= 0:
            raise TruncatedPdfError(f"unreadable page {number} (empty page box)")
        if max(width, height) * user_unit > MAX_PAGE_SIDE_PT:
            raise ImageTooLargeError(f"page image too large (page {number})")


def _remember(sha256: str, pdf_bytes: bytes) -> None:
    _bytes_cache[sha256] = pdf_bytes
    _bytes_cache.move_to_end(sha256)
    while len(_bytes_cache) > _CACHE_SIZE:
        _bytes_cache.popitem(last=False)


def _damaged(err: Exception) -> TruncatedPdfError:
    """qpdf's complaint as a reason for people."""
    if "Loop detected in /Pages" in str(err):
        return TruncatedPdfError("damaged PDF: the page tree loops back on itself")
    return TruncatedPdfError(f"truncated or damaged PDF ({_first_line(err)})")


def _first_line(err: Exception) -> str:
    lines = str(err).strip().splitlines()
    text = re.sub(r"^(stream )?<[^>]*>:?\s*", "", lines[0]) if lines else type(err).__name__
    return reason_text(text, 120) or type(err).__name__
