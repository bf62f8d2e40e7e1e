"""Which sample folders tests may parse: everything under ``samples/`` except sealed splits.

A directory holding a file named ``SEALED`` is sealed: no test parses the samples under it
(the held-out blind split, ``samples/blind/``, until the lead's closing evaluation removes the
file). Tests build their case lists with :func:`files` or :func:`folders` instead of their own
``rglob``, so a sealed split is skipped in one place.

    from samples.corpus import files, folders
    files("notice.pdf")                      # every unsealed samples/**/notice.pdf
    folders("expected.json", "scan.pdf")     # unsealed folders holding all of these files
"""

from __future__ import annotations

from pathlib import Path

from pipeline.tools.evaluate import sealed

SAMPLES = Path(__file__).resolve().parent


def is_sealed(path: Path, root: Path = SAMPLES) -> bool:
    """Whether ``path`` (a file or folder under ``root``) lies in a directory holding SEALED."""
    return sealed(path, root)


def files(pattern: str, root: Path = SAMPLES) -> list[Path]:
    """Unsealed files under ``root`` matching the glob ``pattern`` (searched recursively)."""
    return sorted(p for p in root.rglob(pattern) if "generator" not in p.relative_to(root).parts
                  and not is_sealed(p, root))


def folders(*names: str, root: Path = SAMPLES) -> list[Path]:
    """Unsealed folders under ``root`` that hold every one of ``names`` (files or dirs)."""
    first, *rest = names or ("expected.json",)
    return [p.parent for p in files(first, root) if all((p.parent / n).exists() for n in rest)]


def sealed_folders(root: Path = SAMPLES) -> list[Path]:
    """Sample folders (holding a notice.pdf) that are sealed: for counting, never for parsing."""
    return sorted(p.parent for p in root.rglob("notice.pdf") if is_sealed(p, root))
