"""Reading a PDF into pages of text boxes: size guards (budget), the file
(source), its text layer (textlayer, rulings), page images (imageprep,
seals) and OCR (ocr/). Reading knows nothing of notice fields: it imports
no parser and no storage."""
