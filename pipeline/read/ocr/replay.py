"""The ``replay`` engine: boxes read back from a replay directory.

``samples/<id>/ocr/page-NNN.json`` (written by ``python -m samples.scanmaker``)
holds what the real engine read on each page of ``samples/<id>/scan.pdf``,
so golden tests need no engine. ``ocr_page`` takes the whole stored page
(boxes and rulings) from a ReplayEngine without rasterising.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.core.errors import EngineError
from pipeline.core.model import TextBox
from pipeline.read.ocr.base import EngineInfo, Image, make_settings
from pipeline.read.ocr.cache import CachedPage, read_replay_page


class ReplayEngine:
    name = "replay"

    def __init__(self, directory: str | Path | None = None) -> None:
        if directory is None:
            raise EngineError("replay engine needs a directory of page-NNN.json files")
        self.directory = Path(directory)
        if not self.directory.is_dir():
            raise EngineError(f"replay directory not found: {self.directory}")

    def info(self) -> EngineInfo:
        return EngineInfo(self.name, "1", make_settings({"directory": self.directory.as_posix()}))

    def stored(self, page: int) -> tuple[CachedPage, dict[str, Any]]:
        found = read_replay_page(self.directory, page)
        if found is None:
            raise EngineError(f"no replay data for page {page} in {self.directory}")
        return found

    def recorded_engine(self, page: int) -> str | None:
        """``"rapidocr 3.10.0+..."``: the engine that made the replay data."""
        key = self.stored(page)[1]
        if "engine" in key:
            return f"{key['engine']} {key.get('version', '')}".strip()
        return None

    def recognize(self, image: Image, *, page: int, dpi: int) -> tuple[TextBox, ...]:
        return self.stored(page)[0].boxes
