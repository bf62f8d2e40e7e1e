"""The one place that names font files, and the package list that installs them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.core import fonts

ROOT = Path(__file__).resolve().parents[1]


def _listed_packages() -> set[str]:
    text = (ROOT / "scripts" / "system-packages.txt").read_text(encoding="utf-8")
    return {
        line.split("#")[0].split()[0] for line in text.splitlines() if line.split("#")[0].strip()
    }


def test_every_font_package_is_installed_by_the_project() -> None:
    assert {spec.package for spec in fonts.FONTS.values()} <= _listed_packages()


@pytest.mark.parametrize("kind", sorted(fonts.FONTS))
def test_fonts_are_installed(kind: str) -> None:
    assert fonts.font_path(kind).is_file()


def test_missing_font_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        fonts.FONTS,
        "ghost",
        fonts.FontSpec("No Such Family XYZ", ("/nonexistent/x.ttc",), "fonts-ghost"),
    )
    with pytest.raises(fonts.FontMissing, match="fonts-ghost"):
        fonts.font_path("ghost")


def test_no_other_module_names_a_font_file() -> None:
    pattern = re.compile(r"/usr/share/fonts/")
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("pipeline", "parsers", "db", "samples", "tests")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "fonts.py"
        and pattern.search(path.read_text(encoding="utf-8"))
        and path != Path(__file__).resolve()
    ]
    assert offenders == []
