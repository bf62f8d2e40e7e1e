"""The import arrows of STYLE.md: leaves stay leaves, parsers stay pure, db stays storage."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LEAVES = {"pipeline.model", "pipeline.errors", "pipeline.flags", "pipeline.fonts"}
HEAVY = ("pdfplumber", "pypdfium2", "pikepdf", "rapidocr", "cv2", "sqlalchemy", "onnxruntime", "paddleocr")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def ours(name: str) -> bool:
    return name.split(".")[0] in {"pipeline", "parsers", "db"}


@pytest.mark.parametrize("path", modules("parsers"), ids=lambda p: str(p.relative_to(ROOT)))
def test_parsers_are_pure(path: Path) -> None:
    for name in imports_of(path):
        assert not name.startswith(HEAVY), f"{path.name} imports {name}: parsers take layouts, not PDFs/OCR/SQL"
        if ours(name):
            assert name.startswith("parsers") or name in LEAVES, f"{path.name} imports {name}"


@pytest.mark.parametrize("path", modules("db"), ids=lambda p: str(p.relative_to(ROOT)))
def test_db_imports_only_leaves(path: Path) -> None:
    for name in imports_of(path):
        if ours(name):
            assert name.startswith(("db", "parsers.normalize")) or name in LEAVES, f"{path.name} imports {name}"


@pytest.mark.parametrize("leaf", sorted(LEAVES))
def test_leaves_import_nothing_of_ours(leaf: str) -> None:
    path = ROOT / (leaf.replace(".", "/") + ".py")
    for name in imports_of(path):
        if ours(name):
            assert name in LEAVES and name != leaf, f"{leaf} imports {name}"
