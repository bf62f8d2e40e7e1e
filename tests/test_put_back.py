"""A name put back by an OCR repair is marked one way (parsers/normalize/ocr_repair.put_back)."""

from __future__ import annotations

from parsers.normalize.ocr_repair import DOUBTFUL_CONFIDENCE, put_back
from pipeline.core.model import Field, Provenance


def _read(value: str, confidence: float | None = 0.93, repaired_from: str | None = None) -> Field[str]:
    return Field(value, f"{value}文件", Provenance(page=1, confidence=confidence, repaired_from=repaired_from))


def test_the_value_changes_the_reading_is_kept_and_the_confidence_lowered() -> None:
    got = put_back(_read("沪县财政局"), "泸县财政局")
    assert (got.value, got.raw) == ("泸县财政局", "沪县财政局文件")
    assert got.prov.repaired_from == "沪县财政局" and got.prov.confidence == DOUBTFUL_CONFIDENCE
    assert got.prov.page == 1


def test_an_earlier_repair_keeps_what_ocr_read_first() -> None:
    got = put_back(_read("泸县财政局E", repaired_from="沪县财政局E"), "泸县财政局")
    assert got.prov.repaired_from == "沪县财政局E"


def test_the_caller_may_name_what_was_read() -> None:
    got = put_back(_read("枞阳县财政局"), "枞阳县教育局", "枞")
    assert got.prov.repaired_from == "枞"


def test_a_confidence_already_low_is_never_raised() -> None:
    assert put_back(_read("亚市财政局", confidence=0.2), "三亚市财政局").prov.confidence == 0.2
