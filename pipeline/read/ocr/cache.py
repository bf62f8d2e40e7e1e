"""OCR cache (OCR 缓存): a page's boxes and rulings as small JSON files.

    key = CacheKey(sha256, page, engine, version, settings)   settings incl. dpi
    cache = OcrCache.default()        $NOTICES_OCR_CACHE or ~/.cache/notices/ocr
    cache.get(key) -> CachedPage | None;  cache.put(key, CachedPage)

A re-parse after a parser fix reads the cache instead of running the engine.
The same JSON, one file per page (``page-001.json``), is the replay format
kept in ``samples/<id>/ocr/`` so golden tests run without any engine
(``write_replay_page`` / ``read_replay_page``; see ``ReplayEngine``).

Everything in a CachedPage is in PDF points of the *prepared* page (upright,
deskewed), which is what ``Page`` carries.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.model import BBox, Ruling, TextBox

FORMAT = "ocr-page/1"


@dataclass(frozen=True, slots=True)
class CacheKey:
    sha256: str  # of the PDF file
    page: int  # 1-based
    engine: str
    version: str
    settings: tuple[tuple[str, str], ...]  # engine + preparation settings, incl. dpi

    def digest(self) -> str:
        blob = json.dumps(
            [self.sha256, self.page, self.engine, self.version, list(self.settings)],
            ensure_ascii=False,
        )
        return hashlib.sha256(blob.encode()).hexdigest()

    def as_json(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "page": self.page,
            "engine": self.engine,
            "version": self.version,
            "settings": dict(self.settings),
        }


@dataclass(frozen=True, slots=True)
class CachedPage:
    """What OCR produced for one page, in points of the prepared page."""

    width: float
    height: float
    boxes: tuple[TextBox, ...]
    rulings: tuple[Ruling, ...] = ()
    rotation: int = 0  # degrees turned clockwise to make the page upright
    skew: float = 0.0  # degrees of skew undone


def _r(v: float) -> float:
    return round(v, 2)


def page_to_json(entry: CachedPage, key: CacheKey | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"format": FORMAT}
    if key is not None:
        out["key"] = key.as_json()
    out.update(
        {
            "width": _r(entry.width),
            "height": _r(entry.height),
            "rotation": entry.rotation,
            "skew": round(entry.skew, 3),
            "boxes": [
                [
                    b.text,
                    *map(_r, (b.bbox.x0, b.bbox.top, b.bbox.x1, b.bbox.bottom)),
                    None if b.confidence is None else round(b.confidence, 4),
                    int(b.is_red),
                ]
                for b in entry.boxes
            ],
            "rulings": [[*map(_r, (r.x0, r.top, r.x1, r.bottom))] for r in entry.rulings],
        }
    )
    return out


def page_from_json(data: dict[str, Any]) -> CachedPage:
    if data.get("format") != FORMAT:
        raise ValueError(f"not an {FORMAT} record")
    boxes = tuple(
        TextBox(
            text=str(t),
            bbox=BBox(float(x0), float(top), float(x1), float(bottom)),
            confidence=None if conf is None else float(conf),
            is_red=bool(red),
        )
        for t, x0, top, x1, bottom, conf, red in data["boxes"]
    )
    rulings = tuple(
        Ruling(float(a), float(b), float(c), float(d)) for a, b, c, d in data["rulings"]
    )
    return CachedPage(
        width=float(data["width"]),
        height=float(data["height"]),
        boxes=boxes,
        rulings=rulings,
        rotation=int(data.get("rotation", 0)),
        skew=float(data.get("skew", 0.0)),
    )


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise


def _dumps(data: dict[str, Any]) -> str:
    # one box per line: small diffs when replay files are re-generated
    head = {k: v for k, v in data.items() if k not in ("boxes", "rulings")}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ","]
    for name in ("boxes", "rulings"):
        items = [json.dumps(x, ensure_ascii=False) for x in data[name]]
        sep = ",\n  "
        body = ("\n  " + sep.join(items) + "\n") if items else ""
        lines.append(f'"{name}": [{body}]' + ("," if name == "boxes" else ""))
    return "\n".join(lines) + "}\n"


class OcrCache:
    """A directory of ``<digest>.json`` page records."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    @classmethod
    def default(cls) -> OcrCache:
        env = os.environ.get("NOTICES_OCR_CACHE")
        return cls(Path(env) if env else Path.home() / ".cache" / "notices" / "ocr")

    def path_for(self, key: CacheKey) -> Path:
        digest = key.digest()
        return self.directory / digest[:2] / f"{digest}.json"

    def get(self, key: CacheKey) -> CachedPage | None:
        path = self.path_for(key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return page_from_json(data)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent or unreadable: recompute

    def put(self, key: CacheKey, entry: CachedPage) -> None:
        _atomic_write(self.path_for(key), _dumps(page_to_json(entry, key)))


def replay_path(directory: str | Path, page: int) -> Path:
    return Path(directory) / f"page-{page:03d}.json"


def write_replay_page(
    directory: str | Path, page: int, entry: CachedPage, key: CacheKey | None = None
) -> Path:
    path = replay_path(directory, page)
    _atomic_write(path, _dumps(page_to_json(entry, key)))
    return path


def read_replay_page(directory: str | Path, page: int) -> tuple[CachedPage, dict[str, Any]] | None:
    """The stored page and its key (as JSON), or None when absent."""
    path = replay_path(directory, page)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return page_from_json(data), dict(data.get("key", {}))
