"""The house's layers (pyproject.toml `[tool.importlinter]`), checked with import-linter.

Leaves (pipeline.core) import nothing of the house; parsers import neither
reading nor storage (nor a PDF, OCR or SQL library); reading imports no
parser; storage imports no parser and no reader; no stage imports a tool.
The other tests plant a forbidden import in a copy of the house and show
that the same contracts then fail, so the first one can fail too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pipeline", "parsers", "db", "web", "notices")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(exe), "--no-cache", str(root / "pyproject.toml")],
        cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False,
    )


def test_the_house_keeps_its_layers() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def _copy_house(dest: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", dest / "pyproject.toml")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, dest / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def _plant(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")


def test_a_reader_importing_a_parser_breaks_the_layers(tmp_path: Path) -> None:
    _copy_house(tmp_path)
    _plant(tmp_path / "pipeline" / "read" / "textlayer.py", "from parsers.amounts import *")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "Reading (pipeline.read, pipeline.layout) knows nothing of notices or storage BROKEN" in result.stdout
    assert "pipeline.read.textlayer -> parsers.amounts" in result.stdout


def test_storage_importing_a_reader_breaks_the_layers(tmp_path: Path) -> None:
    _copy_house(tmp_path)
    _plant(tmp_path / "db" / "store.py", "import pipeline.read.source")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "Storage (db) imports no parser, no reader and no composition root BROKEN" in result.stdout


def test_a_leaf_importing_a_stage_breaks_the_layers(tmp_path: Path) -> None:
    _copy_house(tmp_path)
    _plant(tmp_path / "pipeline" / "core" / "model.py", "import pipeline.checks.notice")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "The leaves (pipeline.core) import nothing of the house BROKEN" in result.stdout
