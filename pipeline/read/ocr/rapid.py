"""The default engine: RapidOCR 3.x (PaddleOCR's PP-OCR det/rec as ONNX).

Settings (RapidOCR 3.x parameter names in brackets):

- ``det_limit_side_len`` [Det.limit_side_len, Det.limit_type="max"]: the
  detector sees the image resized to this long side (default 1280, chosen by
  ``make bench``; see the README's figures). Text
  detection is most of the time; recognition crops always come from the
  full-resolution image (Global.max_side_len is raised to ``max_side_len``).
- the angle classifier [Global.use_cls] is OFF: it flips upright lines.
  Sideways pages are turned by ``pipeline.read.imageprep``, upside-down ones by
  ``pipeline.read.ocr.run.read_upright`` from what the main pass reads.
- ``threads`` [EngineConfig.onnxruntime.intra_op_num_threads]: onnxruntime
  intra-op threads; default ``$NOTICES_OCR_THREADS`` or onnxruntime's own
  choice. Two workers on two cores want ``threads=1`` each (``notices
  ingest --workers N`` sets it).
- ``rec_batch`` [Rec.rec_batch_num]: text lines recognised per batch (6, as
  RapidOCR; larger batches pad more and cost more CPU: ``make bench``).
- ``mem_arena`` [EngineConfig.onnxruntime.enable_cpu_mem_arena]: on (RapidOCR
  turns it off): about 8% less CPU on recognition, measured by ``make bench``.

The model is loaded once per process, lazily, on the first ``recognize``.

``parts()`` gives the same model with detection and recognition callable
apart (``RapidParts``), for ``pipeline.read.ocr.parts.read_by_parts``: the
detector over chosen bands of the page only, recognition of lines cut by
the caller (table cells) in batches of similar width. An engine without
``parts`` (paddleocr, tesseract) reads whole pages as before.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from pipeline.core import timing
from pipeline.core.errors import EngineError
from pipeline.core.model import CharBox, TextBox
from pipeline.read.ocr.base import (
    EngineInfo,
    Image,
    check_image,
    make_settings,
    px_to_pt,
    quad_to_box,
)

DEFAULT_DET_LIMIT = 1280
DEFAULT_MAX_SIDE = 4000
DEFAULT_REC_BATCH = 6

_MODELS: dict[tuple[object, ...], Any] = {}
_LOCK = threading.Lock()


def missing() -> str | None:
    for package in ("rapidocr", "onnxruntime"):
        if importlib.util.find_spec(package) is None:
            return f"Python package {package!r} is not installed"
    return None


def _version() -> str:
    try:
        return importlib.metadata.version("rapidocr")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


def _threads_from_env() -> int:
    raw = os.environ.get("NOTICES_OCR_THREADS", "")
    try:
        return int(raw) if raw else -1
    except ValueError as err:
        raise EngineError(f"$NOTICES_OCR_THREADS must be an integer, got {raw!r}") from err


class RapidOcrEngine:
    """PP-OCR detection + recognition through RapidOCR on onnxruntime (CPU)."""

    name = "rapidocr"

    def __init__(
        self,
        *,
        det_limit_side_len: int = DEFAULT_DET_LIMIT,
        max_side_len: int = DEFAULT_MAX_SIDE,
        threads: int | None = None,
        text_score: float = 0.5,
        box_thresh: float = 0.5,
        unclip_ratio: float = 1.6,
        mem_arena: bool = True,
        rec_batch: int = DEFAULT_REC_BATCH,
    ) -> None:
        reason = missing()
        if reason is not None:
            raise EngineError(f"rapidocr unavailable: {reason}")
        self.det_limit_side_len = int(det_limit_side_len)
        self.max_side_len = int(max_side_len)
        self.threads = _threads_from_env() if threads is None else int(threads)
        self.text_score = float(text_score)
        self.box_thresh = float(box_thresh)
        self.unclip_ratio = float(unclip_ratio)
        self.mem_arena = bool(mem_arena)
        self.rec_batch = int(rec_batch)

    def info(self) -> EngineInfo:
        # threads do not change the output, so they are not part of the key
        return EngineInfo(
            name=self.name,
            version=f"{_version()}+PP-OCRv6-small",
            settings=make_settings(
                {
                    "det_limit_side_len": self.det_limit_side_len,
                    "max_side_len": self.max_side_len,
                    "text_score": self.text_score,
                    "box_thresh": self.box_thresh,
                    "unclip_ratio": self.unclip_ratio,
                    "use_cls": False,
                    # batches pad lines to the widest: part of the key, when not the default
                    **({} if self.rec_batch == DEFAULT_REC_BATCH else {"rec_batch": self.rec_batch}),
                }
            ),
        )

    def _params(self) -> dict[str, Any]:
        return {
            "Global.use_cls": False,
            "Global.log_level": "error",
            "Global.text_score": self.text_score,
            "Global.max_side_len": self.max_side_len,
            "Global.return_word_box": True,  # character positions: free (CTC alignment)
            "Det.limit_side_len": self.det_limit_side_len,
            "Det.limit_type": "max",
            "Det.box_thresh": self.box_thresh,
            "Det.unclip_ratio": self.unclip_ratio,
            "EngineConfig.onnxruntime.intra_op_num_threads": self.threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1 if self.threads > 0 else -1,
            "EngineConfig.onnxruntime.enable_cpu_mem_arena": self.mem_arena,
            "Rec.rec_batch_num": self.rec_batch,
        }

    def model(self) -> Any:
        """The process-wide RapidOCR instance for these settings."""
        key = tuple(sorted(self._params().items()))
        with _LOCK:
            ocr = _MODELS.get(key)
            if ocr is None:
                try:
                    from rapidocr import RapidOCR

                    ocr = RapidOCR(params=self._params())
                except Exception as err:
                    raise EngineError(f"rapidocr could not load its models: {err}") from err
                _MODELS[key] = ocr
        return ocr

    def parts(self) -> RapidParts:
        """Detection and recognition callable apart (``pipeline.read.ocr.parts``)."""
        return _parts_for(self)

    def result_boxes(self, result: Any, dpi: int) -> tuple[TextBox, ...]:
        return result_boxes(result, dpi)

    def recognize(self, image: Image, *, page: int, dpi: int) -> tuple[TextBox, ...]:
        check_image(image)
        ocr = self.model()
        bgr = np.ascontiguousarray(image[:, :, ::-1])
        w0, c0 = time.perf_counter(), time.process_time()
        try:
            result = ocr(bgr)
        except Exception as err:
            raise EngineError(f"rapidocr failed on page {page}: {err}") from err
        _book_stages(result, time.perf_counter() - w0, time.process_time() - c0)
        return result_boxes(result, dpi)


def result_boxes(result: Any, dpi: int) -> tuple[TextBox, ...]:
    """A RapidOCR result as TextBoxes in points (characters where they add up)."""
    boxes = getattr(result, "boxes", None)
    txts = getattr(result, "txts", None)
    scores = getattr(result, "scores", None)
    if boxes is None or txts is None or scores is None:
        return ()
    words = getattr(result, "word_results", None) or ()
    out: list[TextBox] = []
    for i, (quad, text, score) in enumerate(zip(boxes, txts, scores, strict=False)):
        text = str(text).strip()
        if text:
            out.append(line_box(quad, text, float(score), words[i] if i < len(words) else (), dpi))
    return tuple(out)


def line_box(quad: Any, text: str, score: float, words: Any, dpi: int) -> TextBox:
    """One recognised line as a TextBox in points, with its characters where they add up to ``text``."""
    box = quad_to_box(quad, text, score, dpi)
    chars = _char_boxes(words, dpi)
    if chars and "".join(c.text for c in chars) == text:
        box = replace(box, chars=chars)
    return box


def _char_boxes(words: Any, dpi: int) -> tuple[CharBox, ...]:
    """RapidOCR's word results ((text, score, quad), ...) as CharBoxes in points."""
    out: list[CharBox] = []
    for item in words or ():
        try:
            text, score, quad = item
            xs = [float(pt[0]) for pt in quad]
        except (TypeError, ValueError, IndexError):
            return ()
        out.append(CharBox(str(text), px_to_pt(min(xs), dpi), px_to_pt(max(xs), dpi), float(score)))
    return tuple(out)


def _book_stages(result: Any, wall: float, cpu: float) -> None:
    """Split one engine call into detect and recognise (RapidOCR's own elapsed times)."""
    elapse = list(getattr(result, "elapse_list", None) or [])
    det = elapse[0] if elapse and isinstance(elapse[0], float) else 0.0
    det = min(max(det, 0.0), wall)
    share = det / wall if wall > 0 else 0.0
    timing.add("detect", det, cpu * share)
    timing.add("recognise", wall - det, cpu * (1 - share))


# --- reading by parts: detection over chosen bands, recognition of given lines ----

REC_HEIGHT = 48  # PP-OCR recognition input height
REC_GROUP = 1.25  # a batch's widest line at most this times its narrowest (little padding)
REC_MAX_BATCH = 24
BAND_PAD = 24  # white margin around a band in the detector's input (pixels there)


def det_scale(shape: tuple[int, ...], limit: int) -> float:
    """The detector's scale for a page of ``shape`` (long side at most ``limit``)."""
    long = max(int(shape[0]), int(shape[1]))
    return limit / long if long > limit else 1.0


def width_groups(ratios: list[float], *, group: float = REC_GROUP, most: int = REC_MAX_BATCH) -> list[list[int]]:
    """Indexes of lines in recognition batches: sorted by width/height, a batch
    closed when the next line is ``group`` times wider than its first or it is full."""
    order = sorted(range(len(ratios)), key=lambda i: ratios[i])
    batches: list[list[int]] = []
    for i in order:
        if batches and len(batches[-1]) < most and ratios[i] <= group * max(ratios[batches[-1][0]], 1.0):
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches


class _FixedDetection:
    """Stands in for RapidOCR's detector: returns lines found beforehand."""

    def __init__(self, quads: Any) -> None:
        self.quads = quads

    def __call__(self, img: Any) -> Any:
        from rapidocr.ch_ppocr_det.utils import TextDetOutput

        if len(self.quads) == 0:
            return TextDetOutput()
        return TextDetOutput(img, self.quads.copy(), [1.0] * len(self.quads), elapse=0.0)


class RapidParts:
    """Detection and recognition of a RapidOCR model called separately.

    ``detect(image, bands, skip)`` -> line quads (pixels of ``image``): the
    page is resized for the detector once, as a whole-page call would; only
    the ``bands`` of that input are run through the detector (each on white,
    ``skip`` rectangles whitened), their probability maps put back in place
    and boxed in one go, so a band's lines come out as a whole-page call
    gives them. ``read_page(image, quads)`` recognises those lines as a
    whole-page call does (RapidOCR's own call, ``quads`` standing in for
    its detector). ``read(crops, quads)`` recognises
    lines cut by the caller (table cells' lines) in batches of similar width
    (``width_groups``): padded to the widest of the batch only, no minimum.
    Each gives (text, score, ((char, score, quad), ...)) per line.
    """

    def __init__(self, ocr: Any) -> None:
        self.ocr = ocr
        self.det = ocr._load_det_model()
        self.rec = ocr._load_rec_model()
        from rapidocr.ch_ppocr_det.utils import DetPreProcess

        cfg = ocr.cfg.Det
        self.pre = DetPreProcess(cfg.limit_side_len, cfg.limit_type, cfg.mean, cfg.std)
        self.text_score = float(ocr.cfg.Global.text_score)
        self.padding = [0, 0]  # columns recognised, columns of padding (for the bench)

    def detect(
        self,
        image: Image,
        bands: Sequence[tuple[int, int, int, int]],
        skip: Sequence[tuple[int, int, int, int]] = (),
    ) -> Any:
        if not bands:
            return np.zeros((0, 4, 2), dtype=np.int32)
        bgr = np.ascontiguousarray(image[:, :, ::-1])
        resized = self.pre.resize(bgr)
        if resized is None:
            return np.zeros((0, 4, 2), dtype=np.int32)
        h, w = bgr.shape[:2]
        rh, rw = resized.shape[:2]
        sy, sx = rh / h, rw / w
        prob = np.zeros((rh, rw), dtype=np.float32)
        for x0, y0, x1, y1 in bands:
            bx0, by0 = int(x0 * sx), int(y0 * sy)
            bx1, by1 = min(rw, int(np.ceil(x1 * sx)) + 1), min(rh, int(np.ceil(y1 * sy)) + 1)
            cx0, cy0 = max(0, bx0 - BAND_PAD), max(0, by0 - BAND_PAD)
            cx1, cy1 = min(rw, bx1 + BAND_PAD), min(rh, by1 + BAND_PAD)
            ch, cw = -(-(cy1 - cy0) // 32) * 32, -(-(cx1 - cx0) // 32) * 32
            canvas = np.full((ch, cw, 3), 255, dtype=np.uint8)
            canvas[by0 - cy0 : by1 - cy0, bx0 - cx0 : bx1 - cx0] = resized[by0:by1, bx0:bx1]
            for sx0, sy0, sx1, sy1 in skip:
                ax0, ay0 = max(int(sx0 * sx), cx0), max(int(sy0 * sy), cy0)
                ax1, ay1 = min(int(np.ceil(sx1 * sx)), cx1), min(int(np.ceil(sy1 * sy)), cy1)
                if ax1 > ax0 and ay1 > ay0:
                    canvas[ay0 - cy0 : ay1 - cy0, ax0 - cx0 : ax1 - cx0] = 255
            x = np.expand_dims(self.pre.permute(self.pre.normalize(canvas)), axis=0).astype(np.float32)
            pred = np.asarray(self.det.session(x))[0, 0, : cy1 - cy0, : cx1 - cx0]
            np.maximum(prob[cy0:cy1, cx0:cx1], pred, out=prob[cy0:cy1, cx0:cx1])
        boxes, _scores = self.det.postprocess_op(prob[None, None], (h, w))
        if len(boxes) == 0:
            return np.zeros((0, 4, 2), dtype=np.int32)
        return self.det.sorted_boxes(boxes)

    def read_page(self, image: Image, quads: Any) -> Any:
        """RapidOCR's own whole-page call (cropping, recognition in batches of
        ``rec_batch`` by width, word boxes, score filter) with the lines at
        ``quads`` taken as what its detector found."""
        fixed = _FixedDetection(np.asarray(quads))
        real = self.ocr.text_det
        self.ocr.text_det = fixed
        try:
            return self.ocr(np.ascontiguousarray(image[:, :, ::-1]))
        finally:
            self.ocr.text_det = real

    def read(self, crops: list[Image], quads: list[Any]) -> list[tuple[str, float, tuple[Any, ...]]]:
        from rapidocr.ch_ppocr_rec.typings import TextRecOutput

        rec = self.rec
        bgr = [np.ascontiguousarray(c[:, :, ::-1]) for c in crops]
        ratios = [c.shape[1] / max(1, c.shape[0]) for c in bgr]
        out: list[tuple[str, float, tuple[Any, ...]]] = [("", 0.0, ())] * len(bgr)
        for batch in width_groups(ratios):
            widest = max(ratios[i] for i in batch)
            width = int(REC_HEIGHT * widest)
            norm = np.stack([rec.resize_norm_img(bgr[i], widest) for i in batch]).astype(np.float32)
            self.padding[0] += sum(min(width, int(np.ceil(REC_HEIGHT * ratios[i]))) for i in batch)
            self.padding[1] += width * len(batch)
            preds = rec.session(norm)
            lines, words = rec.postprocess_op(
                preds, True, wh_ratio_list=[ratios[i] for i in batch], max_wh_ratio=widest
            )
            part = TextRecOutput(
                imgs=[bgr[i] for i in batch],
                txts=tuple(t for t, _ in lines),
                scores=[s for _, s in lines],
                word_results=tuple(words),
            )
            if all(part.word_results):
                part = self.ocr.cal_rec_boxes(part.imgs, np.array([quads[i] for i in batch]), part, False)
            for k, i in enumerate(batch):
                text, score = lines[k]
                chars = part.word_results[k] if k < len(part.word_results or ()) else ()
                out[i] = (str(text), float(score), tuple(chars or ()))
        return out


def _parts_for(engine: RapidOcrEngine) -> RapidParts:
    key = ("parts", *sorted(engine._params().items()))
    with _LOCK:
        found = _MODELS.get(key)
    if found is None:
        found = RapidParts(engine.model())
        with _LOCK:
            _MODELS[key] = found
    return found
