"""The CJK fonts the project draws with, found in one place.

    font_path("song") -> Path      # AR PL UMing (宋体 stand-in)
    font_path("hei")  -> Path      # WenQuanYi Zen Hei (黑体 stand-in)
    font_path("symbol") -> Path    # DejaVu Sans (☐ ☑, missing from the CJK fonts)

Used by the visual debugger and by the tools that typeset samples and test
pages.  Each font names the Debian package that ships it; a missing font
raises :class:`FontMissing` saying exactly what to install
(``bash scripts/sysdeps.sh`` installs them all).  A leaf: imports nothing of
the house.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True, slots=True)
class FontSpec:
    family: str  # the fontconfig family name
    files: tuple[str, ...]  # where Debian puts it
    package: str  # the Debian package that ships it


FONTS: dict[str, FontSpec] = {
    "song": FontSpec(
        "AR PL UMing CN", ("/usr/share/fonts/truetype/arphic/uming.ttc",), "fonts-arphic-uming"
    ),
    "hei": FontSpec(
        "WenQuanYi Zen Hei", ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",), "fonts-wqy-zenhei"
    ),
    "symbol": FontSpec(
        "DejaVu Sans", ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",), "fonts-dejavu-core"
    ),
}


class FontMissing(RuntimeError):
    """A font the project needs is not installed; the message names the package."""


def _fontconfig_lookup(family: str) -> Path | None:
    """The file fontconfig has for exactly ``family``, if fc-list is there."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run(
            [fc_list, f"{family}", "file"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    for line in out.splitlines():
        path = Path(line.strip().rstrip(":"))
        if path.is_file():
            return path
    return None


@cache
def font_path(kind: str) -> Path:
    """The installed file of font ``kind`` (``song``, ``hei`` or ``symbol``)."""
    spec = FONTS[kind]
    for name in spec.files:
        if Path(name).is_file():
            return Path(name)
    found = _fontconfig_lookup(spec.family)
    if found is not None:
        return found
    raise FontMissing(
        f"font {spec.family!r} is not installed: install the Debian package {spec.package} "
        f"(apt-get install {spec.package}, or bash scripts/sysdeps.sh for everything)"
    )


def cjk_font_path() -> Path | None:
    """Any installed CJK font (for drawing labels), or None."""
    for kind in ("hei", "song"):
        try:
            return font_path(kind)
        except FontMissing:
            continue
    return None
