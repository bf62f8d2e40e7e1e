"""Budgets per document, and the size guards that run before any decoder does.

    Budgets                      the limits (all settable from the CLI)
    check_pdf(pdf, budgets)      walk an opened pikepdf.Pdf without decoding
                                 anything big; raise OverBudgetError (or
                                 TruncatedPdfError for a page tree that loops)
    capped_length(raw, filters, cap)
                                 a stream's decoded size, decoded with a cap

The guards look at what the text reader (pdfminer), the renderer (pdfium) and
the image decoders would be asked to do: the page tree (loops, page count),
the nesting depth of objects, each stream's declared and actually decoded
length (Flate/LZW/RunLength/ASCII decoded chunk by chunk and stopped at the
cap, so a decompression bomb costs a few MB of memory, never its size), the
content a page draws (operators cost pdfminer ~70 MB of memory per MB), and
each image's pixel count, declared and, for JPEG/JPEG 2000, as its own header
says. Every reason names the budget and the option that sets it.
"""

from __future__ import annotations

import base64
import io
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pikepdf

from pipeline.core.errors import ImageTooLargeError, OverBudgetError, TruncatedPdfError

MB = 1_000_000
CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Budgets:
    """Limits per document; each has a CLI option of the same name (``--max-stream-mb`` ...)."""

    max_stream_mb: float = 64.0  # any one stream, decoded
    max_content_mb: float = 4.0  # everything one page draws (content streams and forms), decoded
    max_document_mb: float = 512.0  # all streams of the file, decoded
    max_image_mpixels: float = 150.0  # one image (≈ a 1 m² scan at 300 dpi)
    max_pages: int = 2000
    max_depth: int = 100  # arrays / dictionaries inside each other
    doc_timeout: float = 600.0  # seconds per document, wall clock (worker pool only)
    page_timeout: float = 180.0  # seconds per OCR-ed page, wall clock
    worker_memory_mb: int = 3072  # address space per worker (RLIMIT_AS; rapidocr peaks ~2.1 GB); 0 = none


def check_pdf(pdf: pikepdf.Pdf, budgets: Budgets) -> int:
    """Check ``pdf`` against ``budgets`` before anything decodes it; return its page count."""
    pages = _walk_page_tree(pdf, budgets.max_pages)
    where = _stream_places(pages)
    _check_depth(pdf, budgets.max_depth)
    _check_streams(pdf, where, budgets)
    return len(pages)


# --- page tree ----------------------------------------------------------------


def _walk_page_tree(pdf: pikepdf.Pdf, max_pages: int) -> list[pikepdf.Dictionary]:
    """The page leaves in order; a node met twice is a loop (qpdf would refuse it anyway)."""
    root = pdf.Root.get("/Pages")
    if not isinstance(root, pikepdf.Dictionary):
        raise TruncatedPdfError("damaged PDF (no page tree)")
    leaves: list[pikepdf.Dictionary] = []
    seen: set[tuple[int, int]] = set()
    stack: list[pikepdf.Object] = [root]
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                raise TruncatedPdfError(
                    f"damaged PDF: the page tree loops back on itself (object {node.objgen[0]})"
                )
            seen.add(node.objgen)
        kids = node.get("/Kids")
        if isinstance(kids, pikepdf.Array) and node.get("/Type") != pikepdf.Name.Page:
            stack.extend(reversed(list(kids)))
            continue
        leaves.append(node)
        if len(leaves) > max_pages:
            raise OverBudgetError(f"more than {max_pages} pages (budget --max-pages)")
    return leaves


def _stream_places(pages: list[pikepdf.Dictionary]) -> dict[tuple[int, int], tuple[str, int]]:
    """objgen of each page's content streams, forms and images -> (kind, page number)."""
    where: dict[tuple[int, int], tuple[str, int]] = {}
    for number, page in enumerate(pages, start=1):
        contents = page.get("/Contents")
        items = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        for c in items:
            if isinstance(c, pikepdf.Stream) and c.is_indirect:
                where.setdefault(c.objgen, ("content", number))
        _xobjects(page.get("/Resources"), number, where, depth=0)
    return where


def _xobjects(
    resources: object, number: int, where: dict[tuple[int, int], tuple[str, int]], depth: int
) -> None:
    if not isinstance(resources, pikepdf.Dictionary) or depth > 32:
        return
    xobjects = resources.get("/XObject")
    if not isinstance(xobjects, pikepdf.Dictionary):
        return
    for _name, x in xobjects.items():
        if not isinstance(x, pikepdf.Stream) or not x.is_indirect or x.objgen in where:
            continue
        if x.get("/Subtype") == pikepdf.Name.Form:
            where[x.objgen] = ("content", number)  # a form draws as part of the page
            _xobjects(x.get("/Resources"), number, where, depth + 1)
        else:
            where[x.objgen] = ("image", number)


# --- nesting depth --------------------------------------------------------------


def _check_depth(pdf: pikepdf.Pdf, max_depth: int) -> None:
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Array):
            continue
        if nesting_depth(obj, max_depth) > max_depth:
            raise OverBudgetError(
                f"objects nested more than {max_depth} deep (budget --max-depth)"
            )


def nesting_depth(obj: pikepdf.Object, limit: int) -> int:
    """Depth of arrays/dictionaries directly inside each other (stops counting past ``limit``)."""
    deepest = 0
    stack: list[tuple[pikepdf.Object, int]] = [(obj, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        values = node.values() if isinstance(node, pikepdf.Dictionary) else node
        for v in values:
            if isinstance(v, pikepdf.Dictionary | pikepdf.Array) and not v.is_indirect:
                stack.append((v, depth + 1))
    return deepest


# --- streams ----------------------------------------------------------------------


def _check_streams(
    pdf: pikepdf.Pdf, where: dict[tuple[int, int], tuple[str, int]], budgets: Budgets
) -> None:
    content_cap = int(budgets.max_content_mb * MB)
    document_cap = int(budgets.max_document_mb * MB)
    content_per_page: dict[int, int] = {}
    total = 0
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        try:
            size = _check_stream(obj, where, budgets)
        except _UNREADABLE:  # a dictionary pikepdf cannot interpret: nothing decodes it either
            continue
        kind, page = where.get(obj.objgen, ("other", 0))
        if kind == "content":
            content_per_page[page] = content_per_page.get(page, 0) + size
            if content_per_page[page] > content_cap:
                raise OverBudgetError(
                    f"content of page {page} inflates past {budgets.max_content_mb:g} MB "
                    "(budget --max-content-mb)"
                )
        total += size
        if total > document_cap:
            raise OverBudgetError(
                f"streams inflate past {budgets.max_document_mb:g} MB in all "
                "(budget --max-document-mb)"
            )


_UNREADABLE = (pikepdf.PdfError, UnicodeError, ValueError, TypeError, KeyError)


def _check_stream(
    obj: pikepdf.Stream, where: dict[tuple[int, int], tuple[str, int]], budgets: Budgets
) -> int:
    """One stream's declared and decoded size and its pixels; returns its decoded size."""
    stream_cap = int(budgets.max_stream_mb * MB)
    kind, page = where.get(obj.objgen, ("other", 0))
    label = _label(kind, page, obj.objgen[0])
    try:
        raw: bytes | None = obj.read_raw_bytes()  # once: the image header and the decoded count
    except _UNREADABLE:  # nothing to decode: no header, no size
        raw = None
    filters = _filters(obj)
    if obj.get("/Subtype") == pikepdf.Name.Image:
        _check_image(obj, raw, filters, label, budgets.max_image_mpixels)
    declared = _int(obj.get("/DL"))
    if declared > stream_cap:
        raise OverBudgetError(
            f"{label} declares {declared / MB:.0f} MB decoded, past "
            f"{budgets.max_stream_mb:g} MB (budget --max-stream-mb)"
        )
    cap = min(stream_cap, int(budgets.max_content_mb * MB)) if kind == "content" else stream_cap
    size = capped_length(raw, filters, cap) if raw is not None else 0
    if size > stream_cap:
        raise OverBudgetError(
            f"{label} inflates past {budgets.max_stream_mb:g} MB (budget --max-stream-mb)"
        )
    return size


def _label(kind: str, page: int, number: int) -> str:
    if kind == "content":
        return f"content stream of page {page}"
    if kind == "image":
        return f"image on page {page}"
    return f"stream (object {number})"


def _int(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload,no-any-return]
    except (TypeError, ValueError, pikepdf.PdfError):
        return 0


def _check_image(
    stream: pikepdf.Stream, raw: bytes | None, filters: list[str], label: str, max_mpixels: float
) -> None:
    limit = max_mpixels * 1e6
    sizes = [(_int(stream.get("/Width")), _int(stream.get("/Height")))]
    header = _codec_header_size(raw, filters) if raw is not None else None
    if header is not None:
        sizes.append(header)
    for w, h in sizes:
        if w * h > limit:
            raise ImageTooLargeError(
                f"{label} too large: {w}x{h} pixels, past {max_mpixels:g} million "
                "(budget --max-image-mpixels)"
            )


def _codec_header_size(raw: bytes, filters: list[str]) -> tuple[int, int] | None:
    """Width and height a JPEG / JPEG 2000 image's own header declares (what decoders allocate)."""
    if not filters or filters[-1] not in ("/DCTDecode", "/JPXDecode"):
        return None
    try:
        if filters[-1] == "/DCTDecode":
            return jpeg_size(raw)
        from PIL import Image

        Image.MAX_IMAGE_PIXELS = None  # the budget is ours; PIL only reads the header here
        with Image.open(io.BytesIO(raw)) as im:
            return int(im.size[0]), int(im.size[1])
    except Exception:  # noqa: BLE001 - an unreadable header is the decoder's problem, not a size
        return None


_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def jpeg_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a JPEG's start-of-frame marker, None if there is none."""
    i = 2 if data[:2] == b"\xff\xd8" else -1
    while 0 <= i < len(data) - 9:
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in _SOF:
            height = int.from_bytes(data[i + 5 : i + 7], "big")
            width = int.from_bytes(data[i + 7 : i + 9], "big")
            return width, height
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            i += 1 if marker == 0xFF else 2
            continue
        i += 2 + int.from_bytes(data[i + 2 : i + 4], "big")
    return None


def _filters(stream: pikepdf.Stream) -> list[str]:
    f = stream.get("/Filter")
    names = list(f) if isinstance(f, pikepdf.Array) else [f] if f is not None else []
    out: list[str] = []
    for name in names:
        try:
            out.append(str(name))
        except UnicodeError:  # a name no decoder knows: decoding stops there
            out.append("/?")
    return out


def capped_length(raw: bytes, filters: list[str], cap: int) -> int:
    """Bytes the raw stream data ``raw`` decodes to through ``filters``,
    counted up to just past ``cap``.

    Image codecs (DCT, JPX, CCITT, JBIG2) end the count: their size is the
    pixel budget's business. Damaged data ends it where the decoder would stop.
    """
    chunks: Iterable[bytes] = [raw]
    for name in filters:
        decode = _DECODERS.get(name)
        if decode is None:
            break
        chunks = decode(chunks, cap)
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > cap:
            break
    return total


def _flate(chunks: Iterable[bytes], cap: int) -> Iterator[bytes]:
    d = zlib.decompressobj()
    made = 0
    try:
        for chunk in chunks:
            data = chunk
            while data and made <= cap:
                out = d.decompress(data, CHUNK)
                made += len(out)
                yield out
                data = d.unconsumed_tail
            if made > cap or d.eof:
                return
        yield d.flush()
    except zlib.error:
        return


def _lzw(chunks: Iterable[bytes], cap: int) -> Iterator[bytes]:
    from pdfminer.lzw import LZWDecoder

    data = _gather(chunks, cap)
    try:
        yield from LZWDecoder(io.BytesIO(data)).run()
    except Exception:  # noqa: BLE001 - damaged LZW data ends where the decoder stops
        return


def _run_length(chunks: Iterable[bytes], cap: int) -> Iterator[bytes]:
    data = _gather(chunks, cap)
    i = made = 0
    out = bytearray()
    while i < len(data) and made <= cap:
        n = data[i]
        if n == 128:
            break
        if n < 128:
            piece = data[i + 1 : i + 2 + n]
            i += 2 + n
        else:
            piece = data[i + 1 : i + 2] * (257 - n)
            i += 2
        out += piece
        made += len(piece)
        if len(out) >= CHUNK:
            yield bytes(out)
            out.clear()
    yield bytes(out)


def _ascii_hex(chunks: Iterable[bytes], cap: int) -> Iterator[bytes]:
    text = _gather(chunks, 2 * cap).split(b">")[0].translate(None, _NOT_HEX)
    if len(text) % 2:
        text += b"0"
    yield bytes.fromhex(text.decode("ascii"))


_NOT_HEX = bytes(c for c in range(256) if chr(c) not in "0123456789abcdefABCDEF")
_NOT_A85 = bytes(c for c in range(256) if not (33 <= c <= 117 or c == ord("z")))


def _ascii85(chunks: Iterable[bytes], cap: int) -> Iterator[bytes]:
    data = _gather(chunks, 2 * cap).split(b"~>")[0].replace(b"<~", b"")
    data = data.translate(None, _NOT_A85)
    try:
        yield base64.a85decode(data + b"~>", adobe=True)
    except ValueError:
        return


def _gather(chunks: Iterable[bytes], cap: int) -> bytes:
    """The previous stage's output, stopped just past ``cap`` (what follows cannot matter)."""
    out = bytearray()
    for chunk in chunks:
        out += chunk
        if len(out) > cap:
            break
    return bytes(out)


_DECODERS = {
    "/FlateDecode": _flate,
    "/Fl": _flate,
    "/LZWDecode": _lzw,
    "/LZW": _lzw,
    "/RunLengthDecode": _run_length,
    "/RL": _run_length,
    "/ASCIIHexDecode": _ascii_hex,
    "/AHx": _ascii_hex,
    "/ASCII85Decode": _ascii85,
    "/A85": _ascii85,
}
