"""OCR: a stacked joint 发文机关标志 put back from the 署名 (parsers/ocr_joint_mark.py)."""

from __future__ import annotations

from parsers.normalize.ocr_repair import DOUBTFUL_CONFIDENCE
from parsers.ocr_joint_mark import issuers_from_signatories, signatories_from_issuers
from pipeline.core.model import Field, Provenance

A, B, C = "某某县民政局", "某某县财政局", "某某县残疾人联合会"


def _mark(names: list[str], raw: str, conf: float | None = 0.99) -> tuple[Field[str], ...]:
    return tuple(Field(n, raw, Provenance(page=1, confidence=conf)) for n in names)


def _signed(*names: str) -> tuple[Field[str], ...]:
    return tuple(Field(n, "".join(names), Provenance(page=2, confidence=0.99)) for n in names)


def test_a_misread_middle_name_is_put_back_marked() -> None:
    read = "某某财政周局"
    out = issuers_from_signatories(_mark([A, read, C], A + read + "文件" + C), _signed(A, B, C))
    assert [f.value for f in out] == [A, B, C]
    assert out[1].prov.repaired_from == read
    assert out[1].prov.confidence is not None and out[1].prov.confidence <= DOUBTFUL_CONFIDENCE
    assert out[0].prov.repaired_from is None  # the names read right stay as read


def test_a_stacked_name_cut_to_its_first_character_is_put_back() -> None:
    long_ = "某某县人力资源和社会保障局"
    out = issuers_from_signatories(_mark([long_], long_ + "文件某"), _signed(long_, B))
    assert [f.value for f in out] == [long_, B]
    assert out[1].prov.repaired_from == "某"
    assert out[1].prov.confidence is not None and out[1].prov.confidence <= DOUBTFUL_CONFIDENCE


def test_no_fragment_left_no_name_added() -> None:
    long_ = "某某县人力资源和社会保障局"
    out = issuers_from_signatories(_mark([long_], long_ + "文件"), _signed(long_, B))
    assert [f.value for f in out] == [long_]


def test_a_fragment_that_opens_no_missing_name_adds_nothing() -> None:
    long_ = "某某县人力资源和社会保障局"
    out = issuers_from_signatories(_mark([long_], long_ + "文件甲"), _signed(long_, B))
    assert [f.value for f in out] == [long_]


def test_a_sound_name_of_another_organ_is_never_replaced() -> None:
    # an official region then an organ word: a real organ two characters off the 署名's, kept
    out = issuers_from_signatories(_mark(["泸县民政局", "泸县教育局"], "x"), _signed("泸县民政局", "泸县财政局"))
    assert [f.value for f in out] == ["泸县民政局", "泸县教育局"]


def test_a_name_far_from_the_signatory_is_never_replaced() -> None:
    out = issuers_from_signatories(_mark([A, "某某水务局"], "x"), _signed(A, B))
    assert [f.value for f in out] == [A, "某某水务局"]


def test_no_name_in_common_means_other_lists() -> None:
    out = issuers_from_signatories(_mark(["某某财政周局"], "某某财政周局"), _signed(B, C)[:1] + _signed(C))
    assert [f.value for f in out] == ["某某财政周局"]
    out = issuers_from_signatories(_mark(["某某财政周局", "某某县民政周"], "x"), _signed(B, A))
    assert [f.value for f in out] == ["某某财政周局", "某某县民政周"]


def test_a_text_layer_is_never_touched() -> None:
    read = "某某财政周局"
    out = issuers_from_signatories(_mark([A, read], A + read, conf=None), _signed(A, B))
    assert [f.value for f in out] == [A, read]


def test_a_single_signatory_repairs_nothing() -> None:
    out = issuers_from_signatories(_mark(["某某财政周局"], "某某财政周局"), _signed(B))
    assert [f.value for f in out] == ["某某财政周局"]


def test_a_name_read_whole_with_pieces_of_the_line_above_glued_before_it_is_put_back() -> None:
    read = "/田1寸灯" + B  # the red pass of the line above reaching into the stacked name
    out = issuers_from_signatories(_mark([A, read, C], A + read + "文件" + C), _signed(A, B, C))
    assert [f.value for f in out] == [A, B, C]
    assert out[1].prov.repaired_from == read
    # Han characters alone before the name are no pieces: another organ's name may begin so
    named = "中共" + B
    kept = issuers_from_signatories(_mark([A, named, C], A + named + "文件" + C), _signed(A, B, C))
    assert kept[1].value == named


def test_a_signature_name_whose_end_the_seal_took_is_put_back_from_the_mark() -> None:
    mark = _mark(["永胜县应急管理局", "永胜县财政局"], "永胜县应急管理局永胜县财政局文件")
    out = signatories_from_issuers(_signed("永胜县应急管理", "永胜县财政局"), mark)
    assert [f.value for f in out] == ["永胜县应急管理局", "永胜县财政局"]
    assert out[0].prov.repaired_from == "永胜县应急管理"
    assert out[0].prov.confidence is not None and out[0].prov.confidence <= DOUBTFUL_CONFIDENCE
    assert out[1].prov.repaired_from is None


def test_a_sound_or_too_short_signature_name_is_left_as_read() -> None:
    mark = _mark(["永胜县应急管理委员会"], "")
    assert [f.value for f in signatories_from_issuers(_signed("永胜县应急管理"), mark)] == ["永胜县应急管理"]  # 3 lost
    mark = _mark(["永胜县财政局"], "")
    assert [f.value for f in signatories_from_issuers(_signed("永胜县"), mark)] == ["永胜县"]  # a sound name
    text_layer = (Field("永胜县应急管理", "", Provenance(page=2, confidence=None)),)
    assert signatories_from_issuers(text_layer, _mark(["永胜县应急管理局"], "")) == text_layer
