"""Composition root: the stages in order, like a table of contents.

    parse_document(path)  = open_source -> extract pages (text layer, OCR where
                            needed) -> reconstruct -> parse_notice -> check_notice
                            (touches no database: that is `notices parse`)
    ingest(paths, url)    = parse_document in workers, save_notice per notice in
                            its own transaction in the main process, then
                            check_database over the touched notices.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from parsers.notice import parse_notice
from pipeline.checks.notice import check_notice
from pipeline.checks.notice_rule import not_a_notice_reason
from pipeline.checks.ocr_notice_rule import ocr_reads_as_notice
from pipeline.core import timing
from pipeline.core.errors import NotANoticeError, NoticesError, TruncatedPdfError, reason_text
from pipeline.core.model import Document, Layout, Notice, Page
from pipeline.layout import reconstruct
from pipeline.read.budget import Budgets
from pipeline.read.source import load_source
from pipeline.read.textlayer import extract_text_pages
from pipeline.workers.deadline import time_limit

if TYPE_CHECKING:
    from pipeline.workers.executor import ParseExecutor

log = logging.getLogger("notices")

PARSER_VERSION = "1"


@dataclass(frozen=True, slots=True)
class Settings:
    """How to read pages: OCR engine name, dpi, cache dir, debug output."""

    ocr_engine: str = "auto"
    dpi: int = 200
    ocr_cache: str | None = None  # None: $NOTICES_OCR_CACHE or ~/.cache/notices/ocr; "" disables it
    force_ocr: bool = False
    debug_dir: str | None = None
    replay_dir: str | None = None  # recorded OCR boxes (engine "replay"), e.g. samples/<id>/ocr
    engine_options: tuple[tuple[str, object], ...] = ()  # e.g. (("det_limit_side_len", 1280),)
    budgets: Budgets = Budgets()  # size, time and memory limits per document
    ray_address: str | None = None  # --ray: None local workers; "" a local Ray instance; "auto"/"ray://h:p" a cluster


@dataclass(frozen=True, slots=True)
class ParseResult:
    path: str
    notice: Notice | None = None
    error: str | None = None
    seconds: float = 0.0
    stage_seconds: tuple[tuple[str, float], ...] = field(default_factory=tuple)


PageProgress = Callable[[int, int], None]  # (pages OCR-ed so far, pages to OCR)


def extract_document(
    path: str | Path, settings: Settings, *, progress: PageProgress | None = None,
    data: bytes | None = None,
) -> tuple[Document, bytes]:
    if settings.ocr_engine == "replay" and settings.replay_dir is None:
        # recorded boxes beside the file: samples/<id>/scan.pdf + samples/<id>/ocr/
        settings = replace(settings, replay_dir=str(Path(path).parent / "ocr"))
    with timing.stage("open"):
        source, pdf_bytes = load_source(path, settings.budgets, data)
    with timing.stage("text layer"):
        text_pages = (None,) * source.pages if settings.force_ocr else extract_text_pages(source, pdf_bytes)
    pages: list[Page] = []
    to_ocr = sum(p is None for p in text_pages)
    done = 0
    for index, page in enumerate(text_pages):
        if page is None:
            if progress is not None:
                progress(done, to_ocr)
            page = _read_by_ocr(source.sha256, pdf_bytes, index, settings)
            done += 1
        pages.append(page)
    if progress is not None and to_ocr:
        progress(done, to_ocr)
    return Document(source=source, pages=tuple(pages)), pdf_bytes


def _read_by_ocr(sha256: str, pdf_bytes: bytes, index: int, settings: Settings) -> Page:
    """A page the text layer could not give: rendered and OCR-ed; the file fails only if that fails."""
    try:
        return _ocr(sha256, pdf_bytes, index, settings)
    except (NoticesError, MemoryError):
        raise
    except Exception as err:  # noqa: BLE001 - pdfium cannot render it either: no reader can
        log.debug("rendering page %d failed", index + 1, exc_info=True)
        raise TruncatedPdfError(
            f"damaged PDF: page {index + 1} cannot be read (no usable text layer, and it cannot "
            f"be rendered for OCR: {type(err).__name__})"
        ) from err


_ENGINES: dict[tuple[object, ...], object] = {}


def _engine(settings: Settings) -> object:
    """One engine instance per process and settings: models load once per worker."""
    from pipeline.read.ocr.base import get_engine

    key = (settings.ocr_engine, settings.replay_dir, settings.engine_options)
    if key not in _ENGINES:
        options = dict(settings.engine_options)
        if settings.ocr_engine == "replay":
            options["directory"] = settings.replay_dir
        _ENGINES[key] = get_engine(settings.ocr_engine, **options)
    return _ENGINES[key]


def _ocr(sha256: str, pdf_bytes: bytes, index: int, settings: Settings) -> Page:
    from pipeline.read.ocr.cache import OcrCache  # heavy imports only when a page needs OCR
    from pipeline.read.ocr.run import ocr_page

    if settings.ocr_cache == "":
        cache = None
    elif settings.ocr_cache:
        cache = OcrCache(settings.ocr_cache)
    else:
        cache = OcrCache.default()
    log.info("OCR page %d", index + 1)
    limit = settings.budgets.page_timeout
    reason = f"OCR of page {index + 1} took longer than {limit:g} s (budget --page-timeout)"
    with time_limit(limit, reason):
        return ocr_page(
            pdf_bytes, index, engine=_engine(settings), dpi=settings.dpi, cache=cache, sha256=sha256  # type: ignore[arg-type]
        )


def parse_layout(layout: Layout) -> Notice:
    with timing.stage("parse"):
        notice = parse_notice(layout)
    refused = not_a_notice_reason(notice)  # the rule stated in the README
    if refused is not None and ocr_reads_as_notice(notice):
        refused = None  # OCR lost the marks, the rest says notice (pipeline/checks/ocr_notice_rule.py)
    if refused is not None:
        raise NotANoticeError(refused)
    with timing.stage("checks"):
        flags = check_notice(notice)
    return replace(notice, flags=flags)


def parse_document(
    path: str | Path, settings: Settings | None = None, *, progress: PageProgress | None = None,
    data: bytes | None = None,
) -> Notice:
    """One notice, no database; ``progress`` hears of each page that needs OCR.

    ``data``: the file's bytes when they came from elsewhere (``path`` then only names them).
    """
    settings = settings or Settings()
    document, pdf_bytes = extract_document(path, settings, progress=progress, data=data)
    with timing.stage("layout"):
        layout = reconstruct(document)
    if settings.debug_dir:
        from pipeline.tools.debug import draw_debug

        with timing.stage("debug"):
            draw_debug(pdf_bytes, document, layout, settings.debug_dir)
    return parse_layout(layout)


def safe_parse(path: str, settings: Settings, data: bytes | None = None) -> ParseResult:
    """parse_document for a worker: errors come back as one-line reasons, with stage times."""
    import time

    t0 = time.perf_counter()
    notice: Notice | None = None
    error: str | None = None
    with timing.recording() as times:
        try:
            notice = parse_document(path, settings, data=data)
        except NoticesError as e:  # InputError included: bad input is a reason, not a crash
            ran_out = isinstance(e.__cause__, MemoryError)  # e.g. an engine's failure, wrapped
            error = memory_reason(settings.budgets.worker_memory_mb) if ran_out else reason_text(str(e))
            log.debug("%s: %s", path, error, exc_info=True)
        except MemoryError:
            error = memory_reason(settings.budgets.worker_memory_mb)
            log.debug("%s: %s", path, error, exc_info=True)
        except RecursionError:
            error = "damaged PDF: objects nested too deep to read"
            log.debug("%s: %s", path, error, exc_info=True)
        except Exception as e:  # noqa: BLE001 - a worker must report, not die
            log.debug("unexpected error in %s", path, exc_info=True)  # the traceback with -v only
            error = reason_text(f"internal error: {type(e).__name__}: {e}")
    return ParseResult(
        path,
        notice=notice,
        error=error,
        seconds=time.perf_counter() - t0,
        stage_seconds=tuple(sorted(times.by_leaf().items())),
    )


def memory_reason(memory_mb: int) -> str:
    if memory_mb > 0:
        return f"out of memory: needs more than {memory_mb} MB (budget --worker-memory-mb)"
    return "out of memory"


def file_size(path: str | Path) -> int:
    """The file's size in bytes (0 when it cannot be read): biggest files are parsed first."""
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


def iter_pdf_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every PDF under ``paths`` (files given by name are taken whatever their suffix)."""
    for p in map(Path, paths):
        if p.is_dir():
            for root, _dirs, files in os.walk(p):
                for name in sorted(files):
                    if name.lower().endswith(".pdf"):
                        yield Path(root) / name
        else:
            yield p


def sha256_file(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def default_workers(files: int, cpus: int | None = None) -> int:
    """One worker per core, never more than there are files (measured by ``make bench``:
    2 workers x 1 thread read scans as fast as 1 x 2 threads, and digital ones 1.9x)."""
    return max(1, min(files, cpus or os.cpu_count() or 1))


def threads_per_worker(workers: int, cpus: int | None = None) -> int:
    """Intra-op threads each worker's OCR engine gets so that workers do not fight."""
    return max(1, (cpus or os.cpu_count() or 1) // max(1, workers))


def parse_many(
    paths: list[str], settings: Settings, workers: int, on_result: Callable[[ParseResult], None],
    *, executor: ParseExecutor | None = None,
) -> None:
    """Parse ``paths`` in a worker pool (``workers`` 0 = one per core; 1 = serial, in this process).

    ``executor``: one the caller keeps open across calls (its workers and their OCR models
    stay loaded); without it a pool is started for these paths and closed after them."""
    if executor is not None:
        executor.run(paths, on_result)
        return
    from pipeline.workers.executor import make_executor

    with make_executor(settings, workers, len(paths)) as own:
        own.run(paths, on_result)
