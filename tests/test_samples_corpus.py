"""samples.corpus: the one place that lists sample folders for tests, honouring SEALED splits."""

from __future__ import annotations

from pathlib import Path

from samples.corpus import SAMPLES, files, folders, is_sealed, sealed_folders


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x", encoding="utf-8")
    return path


def test_a_folder_under_a_sealed_directory_is_left_out(tmp_path: Path) -> None:
    dev = _touch(tmp_path / "v01" / "notice.pdf")
    _touch(tmp_path / "blind" / "SEALED")
    held = _touch(tmp_path / "blind" / "r36" / "notice.pdf")
    deep = _touch(tmp_path / "blind" / "sub" / "r40" / "notice.pdf")
    near = _touch(tmp_path / "blindness" / "r01" / "notice.pdf")  # a name alone seals nothing
    assert files("notice.pdf", tmp_path) == [near, dev]
    assert is_sealed(held, tmp_path) and is_sealed(deep.parent, tmp_path)
    assert not is_sealed(dev, tmp_path) and not is_sealed(near, tmp_path)
    assert sealed_folders(tmp_path) == [held.parent, deep.parent]


def test_unsealing_brings_the_split_back(tmp_path: Path) -> None:
    seal = _touch(tmp_path / "blind" / "SEALED")
    held = _touch(tmp_path / "blind" / "r36" / "notice.pdf")
    assert files("notice.pdf", tmp_path) == []
    seal.unlink()
    assert files("notice.pdf", tmp_path) == [held]


def test_folders_need_every_named_entry(tmp_path: Path) -> None:
    both = _touch(tmp_path / "a" / "expected.json").parent
    _touch(both / "scan.pdf")
    (both / "ocr").mkdir()
    digital_only = _touch(tmp_path / "b" / "expected.json").parent
    assert folders("expected.json", "scan.pdf", "ocr", root=tmp_path) == [both]
    assert folders("expected.json", root=tmp_path) == [both, digital_only]


def test_the_blind_split_is_sealed_in_the_repository() -> None:
    """While samples/blind/SEALED exists no test case list may hold a blind folder (and the
    split is not empty); the lead removes the file at the closing evaluation."""
    if not (SAMPLES / "blind" / "SEALED").is_file():
        return
    listed = files("notice.pdf") + files("scan.pdf") + folders("expected.json")
    assert not [p for p in listed if "blind" in p.relative_to(SAMPLES).parts]
    assert len(sealed_folders()) >= 10
