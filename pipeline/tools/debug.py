"""Visual debugging (``notices parse FILE --debug-dir DIR``): one PNG per page.

    draw_debug(pdf_bytes, document, layout, out_dir) -> tuple[Path, ...]

Each page is rendered with pypdfium2 at ``DPI`` and overlaid with:
text boxes (blue; red-printed ones magenta; OCR boxes shaded by confidence),
rulings (red), table cells (green, with row,col[+span] and the cell text),
and free lines (orange, numbered in reading order).
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

from pipeline.core.fonts import cjk_font_path
from pipeline.core.model import BBox, Document, Layout, Line, Page, Table

DPI = 100

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _font(size: int) -> Font:
    path = cjk_font_path()
    if path is not None:
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default()


def draw_debug(
    pdf_bytes: bytes, document: Document, layout: Layout, out_dir: str | Path
) -> tuple[Path, ...]:
    """Write ``page-NNN.png`` for every page of ``document`` into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    font = _font(9)
    written: list[Path] = []
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        for page in document.pages:
            pdf_page = pdf[page.page - 1]
            try:
                image = pdf_page.render(scale=DPI / 72).to_pil().convert("RGB")
            finally:
                pdf_page.close()
            image = draw_page(image, page, layout, font)
            path = out / f"page-{page.page:03d}.png"
            image.save(path)
            written.append(path)
    finally:
        pdf.close()
    return tuple(written)


def draw_page(image: Image.Image, page: Page, layout: Layout, font: Font) -> Image.Image:
    """Overlay one page's boxes, rulings, table grids and lines on its image."""
    sx = image.width / page.width if page.width else DPI / 72
    sy = image.height / page.height if page.height else DPI / 72

    def rect(b: BBox) -> tuple[float, float, float, float]:
        return (b.x0 * sx, b.top * sy, max(b.x1 * sx, b.x0 * sx), max(b.bottom * sy, b.top * sy))

    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for box in page.boxes:
        colour = (200, 0, 200, 255) if box.is_red else (0, 90, 255, 255)
        if box.confidence is not None:
            alpha = int(40 + 120 * (1 - box.confidence))
            draw.rectangle(rect(box.bbox), fill=(255, 200, 0, alpha))
        draw.rectangle(rect(box.bbox), outline=colour, width=1)
    for r in page.rulings:
        draw.line((r.x0 * sx, r.top * sy, r.x1 * sx, r.bottom * sy), fill=(255, 0, 0, 200), width=2)
    number = 0
    for block in layout.blocks:
        if isinstance(block, Table):
            for cell in block.cells:
                if cell.page != page.page:
                    continue
                x0, y0, x1, y1 = rect(cell.bbox)
                draw.rectangle((x0 + 2, y0 + 2, x1 - 2, y1 - 2), outline=(0, 160, 0, 255), width=1)
                span = f"+{cell.rowspan}x{cell.colspan}" if cell.rowspan * cell.colspan > 1 else ""
                label = f"{cell.row},{cell.col}{span} {cell.text[:12]}"
                draw.text((x0 + 3, y0 + 3), label, fill=(0, 120, 0, 255), font=font)
        elif isinstance(block, Line) and block.page == page.page:
            number += 1
            x0, y0, x1, y1 = rect(block.bbox)
            draw.rectangle((x0 - 2, y0 - 2, x1 + 2, y1 + 2), outline=(255, 140, 0, 255), width=1)
            draw.text((max(x0 - 22, 0), y0), str(number), fill=(255, 100, 0, 255), font=font)
    source = "ocr" if page.text_source == "ocr" else "text"
    draw.text((4, 4), f"page {page.page} {source} {page.engine or ''}", fill=(0, 0, 0, 255), font=font)
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
