"""A page turned a quarter whose ink shows no line either way, read by how OCR read it (no real engine).

The scan sweep's case (seed 6, a grey scan): the 署名 page of a joint notice turned 270
degrees, nothing on it but two names under their seals, the date and the page number.
The seals' stars fuse each name into a square blob, so ``imageprep.is_sideways`` sees no
line and the page is read as it lies; the engine reads the standing lines all the same
(``023年3月13日`` beside ``龙岩市民族与宗教事务局``), and the layout takes the date for
part of the name: no 成文日期, a false MISSING_FIELD.
"""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium

from pipeline.core.model import BBox, TextBox
from pipeline.read.ocr.run import OcrOptions, read_page_image, standing_share
from pipeline.read.ocr.testing import FakeEngine

# what the engine read on the page lying sideways (points of the landscape page)
STANDING = (
    TextBox("龙岩市财政局", BBox(665.6, 119.2, 709.9, 233.3), 0.99874),
    TextBox("龙岩市民族与宗教事务局", BBox(682.6, 305.3, 718.2, 490.3), 0.99931),
    TextBox("023年3月13日", BBox(660.2, 334.8, 688.3, 449.6), 0.99976),
)
# ...and on the page turned upright
LYING = (
    TextBox("龙岩市财政局", BBox(141.6, 132.8, 236.4, 158.8), 0.99997),
    TextBox("龙岩市民族与宗教事务局", BBox(320.1, 135.0, 498.2, 159.1), 0.99847),
    TextBox("2023年3月13日", BBox(360.4, 162.0, 452.1, 183.6), 0.99979),
)


class ReadsAsItLies(FakeEngine):
    """Reads standing lines on a landscape image, lying ones on a portrait image."""

    def recognize(self, image: np.ndarray, *, page: int, dpi: int) -> tuple[TextBox, ...]:
        super().recognize(image, page=page, dpi=dpi)
        return STANDING if image.shape[1] > image.shape[0] else LYING


def _blank_pdf(width: float, height: float) -> bytes:
    doc = pdfium.PdfDocument.new()
    doc.new_page(width, height)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_standing_share_counts_the_characters_read_down_the_page() -> None:
    assert standing_share(STANDING) == 1.0
    assert standing_share(LYING) == 0.0
    label = TextBox("合计", BBox(100, 100, 112, 140), 0.99)  # two characters stacked in a narrow cell
    assert standing_share((*LYING, label)) == 0.0


def test_a_page_read_standing_is_turned_a_quarter_and_read_again() -> None:
    engine = ReadsAsItLies()
    entry = read_page_image(_blank_pdf(842.0, 595.3), 0, engine=engine, options=OcrOptions(dpi=72))
    assert entry.rotation == 90 and entry.width < entry.height
    assert [b.text for b in entry.boxes] == [b.text for b in LYING]
    assert len(engine.calls) == 2


def test_an_upright_page_is_read_once() -> None:
    engine = ReadsAsItLies()
    entry = read_page_image(_blank_pdf(595.3, 842.0), 0, engine=engine, options=OcrOptions(dpi=72))
    assert entry.rotation == 0 and len(engine.calls) == 1
