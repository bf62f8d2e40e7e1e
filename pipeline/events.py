"""What a long-running command tells the operator: text lines or one JSON object per event.

``--log-format text`` (default): a progress bar on a terminal, plain
``[i/n] …`` lines otherwise, a summary at the end.  ``--log-format json``:
one JSON object per line on stderr, for log collectors (journald, Loki,
ELK), e.g.::

    {"event": "stored", "file": "in/a.pdf", "doc_number": "某财预〔2022〕11号", "pages": 3, ...}
    {"event": "failed", "file": "in/b.pdf", "sha256": "…", "reason": "not a notice: …"}
    {"event": "run_finished", "run": 7, "seen": 12, "stored": 10, "skipped": 1, "failed": 1, "exit_code": 1}

Every object has ``event`` and ``time`` (UTC ISO); file events have ``file``,
page events ``page``.  Python log records become ``{"event": "log", ...}``.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import logging
import sys
from typing import Any, TextIO

LOG_FORMATS: tuple[str, ...] = ("text", "json")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def event_json(event: str, **fields: Any) -> str:
    """One event as a JSON line (None values dropped, non-JSON values as text)."""
    obj = {"event": event, "time": _now(), **{k: v for k, v in fields.items() if v is not None}}
    return json.dumps(obj, ensure_ascii=False, default=str)


class Progress:
    """A rich progress bar on a terminal, plain lines otherwise (cron, CI)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.bar: Any = None
        if sys.stderr.isatty() and total > 1:
            from rich.progress import BarColumn, MofNCompleteColumn, TimeRemainingColumn
            from rich.progress import Progress as RichProgress

            self.bar = RichProgress(
                "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                TimeRemainingColumn(), transient=True,
            )
            self.task = self.bar.add_task("parsing", total=total)
            self.bar.start()

    def step(self, line: str) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(self.task, advance=1)
            self.bar.console.print(line, highlight=False)
        else:
            print(f"[{self.done}/{self.total}] {line}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


class Events:
    """Progress and events of one run, in the chosen format, on stderr."""

    def __init__(self, fmt: str = "text", total: int = 0, stream: TextIO | None = None) -> None:
        self.json = fmt == "json"
        self.stream = stream or sys.stderr
        self.progress: Any = None
        if not self.json:
            self.progress = Progress(total)

    def emit(self, event: str, **fields: Any) -> None:
        """A JSON object in json mode; nothing in text mode (see :meth:`file`, :meth:`say`)."""
        if self.json:
            print(event_json(event, **fields), file=self.stream, flush=True)

    def file(self, event: str, line: str, **fields: Any) -> None:
        """One file done: a progress step in text mode, an event in json mode."""
        if self.json:
            self.emit(event, **fields)
        elif self.progress is not None:
            self.progress.step(line)

    def say(self, event: str, line: str, **fields: Any) -> None:
        """A plain line in text mode, an event in json mode."""
        if self.json:
            self.emit(event, **fields)
        else:
            print(line, file=self.stream, flush=True)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.close()


class JsonLogFormatter(logging.Formatter):
    """Python log records as ``{"event": "log", "level": ..., "message": ..., "file": ..., "page": ...}``."""

    def format(self, record: logging.LogRecord) -> str:
        fields: dict[str, Any] = {
            "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage(),
            "file": getattr(record, "file", None), "page": getattr(record, "page", None),
        }
        if record.exc_info:
            fields["traceback"] = self.formatException(record.exc_info)
        return event_json("log", **fields)


def configure_logging(fmt: str, level: int) -> None:
    """stderr logging in ``fmt`` (the CLI calls it once)."""
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonLogFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def engine_label(ocr_engine: str) -> str:
    """The OCR engine a run uses, as ``name version`` (``auto`` resolved), without loading it."""
    from pipeline.read.ocr.base import AUTO_ORDER, is_available

    name = ocr_engine
    if name == "auto":
        name = next((n for n in AUTO_ORDER if is_available(n)), "none")
    package = {"rapidocr": "rapidocr", "paddleocr": "paddleocr", "tesseract": "pytesseract"}.get(name)
    if package is None:
        return name
    try:
        return f"{name} {importlib.metadata.version(package)}"
    except importlib.metadata.PackageNotFoundError:
        return name
