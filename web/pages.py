"""Page images for the review page: rendered on demand from the stored file, cached in memory.

The file is found by the document id (``db.review.stored_files``), never by a
path from the request; a file whose bytes no longer hash to the stored
SHA-256 is not shown.  PNG bytes are kept in a small LRU cache keyed by
(sha256, page, scale, crop).
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from db.review import Box

SCALE = 1.5  # pixels per PDF point (108 dpi): readable, small
CROP_MARGIN = 24.0  # points around a flag's region


@dataclass(frozen=True, slots=True)
class PageSize:
    width: float
    height: float


def verified_file(
    candidates: tuple[tuple[str, str], ...], base: Path | None = None
) -> tuple[str, Path] | None:
    """(sha256, path) of the first stored path that still holds the stored bytes."""
    for sha256, raw in candidates:
        path = Path(raw)
        if not path.is_absolute() and base is not None:
            path = base / path
        if path.is_file() and _sha256(path) == sha256:
            return sha256, path
    return None


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


class PageRenderer:
    """Renders and caches page PNGs and page sizes of stored files."""

    def __init__(self, max_items: int = 128) -> None:
        self._png: OrderedDict[tuple[object, ...], bytes] = OrderedDict()
        self._sizes: dict[str, tuple[PageSize, ...]] = {}
        self._max = max_items
        self._lock = threading.Lock()  # pdfium is not thread-safe

    def sizes(self, sha256: str, path: Path) -> tuple[PageSize, ...]:
        with self._lock:
            if sha256 not in self._sizes:
                pdf = pdfium.PdfDocument(str(path))
                try:
                    self._sizes[sha256] = tuple(
                        PageSize(*pdf[i].get_size()) for i in range(len(pdf))
                    )
                finally:
                    pdf.close()
            return self._sizes[sha256]

    def png(self, sha256: str, path: Path, page: int, crop: Box | None = None) -> bytes | None:
        """PNG of 1-based ``page`` (or of ``crop`` on it); None for a page the file lacks."""
        sizes = self.sizes(sha256, path)
        if not 1 <= page <= len(sizes):
            return None
        key = (sha256, page, SCALE, crop)
        with self._lock:
            if key in self._png:
                self._png.move_to_end(key)
                return self._png[key]
            data = _render(path, page, crop, sizes[page - 1])
            self._png[key] = data
            while len(self._png) > self._max:
                self._png.popitem(last=False)
            return data


def _render(path: Path, page: int, crop: Box | None, size: PageSize) -> bytes:
    pdf = pdfium.PdfDocument(str(path))
    try:
        if crop is None:
            image = pdf[page - 1].render(scale=SCALE).to_pil()
        else:
            left = max(0.0, crop.x0 - CROP_MARGIN)
            top = max(0.0, crop.top - CROP_MARGIN)
            right = max(0.0, size.width - crop.x1 - CROP_MARGIN)
            bottom = max(0.0, size.height - crop.bottom - CROP_MARGIN)
            image = pdf[page - 1].render(scale=SCALE, crop=(left, bottom, right, top)).to_pil()
    finally:
        pdf.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
