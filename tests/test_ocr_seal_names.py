"""A 署名 name whose head a seal's ring took away, put back from the notice's other
mentions of it (parsers/ocr_seal_names.py)."""

from __future__ import annotations

import pytest

from parsers.ocr_seal_names import mark_names, restored_head, restored_slots
from pipeline.core.model import Field, Provenance

ELSEWHERE = ["东莞市科学技术局", "关于下达2021年科研资金的通知", "东莞市科学技术局办公室 2021年12月2日印发"]


def _ocr(text: str, confidence: float | None = 0.99) -> Field[str]:
    return Field(text, text, Provenance(page=2, confidence=confidence))


def test_the_lost_region_head_is_put_back_and_marked() -> None:
    got = restored_head(_ocr("莞市科学技术局"), ELSEWHERE)
    assert got.value == "东莞市科学技术局"
    assert got.prov.repaired_from == "莞市科学技术局"
    assert got.prov.confidence is not None and got.prov.confidence < 0.9


@pytest.mark.parametrize(
    ("read", "evidence"),
    [
        ("东莞市科学技术局", ELSEWHERE),  # nothing lost
        ("莞市科学技术局", ["关于下达资金的通知"]),  # printed nowhere else: no guess
        ("市财政局", ["东莞市财政局"]),  # too short to tell whose
        ("县委宣传部办公室", ["中共县委宣传部办公室"]),  # a 中共 a 署名 may leave out: no region lost
        ("阳市财政局", ["贵阳市财政局", "沈阳市财政局"]),  # two ways to complete it
    ],
)
def test_no_repair_without_one_region_name_that_completes_it(read: str, evidence: list[str]) -> None:
    assert restored_head(_ocr(read), evidence).value == read


def test_a_text_layer_name_is_never_touched() -> None:
    assert restored_head(_ocr("莞市科学技术局", None), ELSEWHERE).value == "莞市科学技术局"


# --- a name lost under its seal, read as specks (restored_slots) -----------

JOINT = ["林甸县人力资源和社会保障局", "文件", "林甸县财政局", "林人社发〔2024〕15号", "关于拨付资金的通知",
         "各乡镇人民政府：", "林甸县财政局办公室 2024年7月12日印发"]


def test_the_mark_names_are_the_organ_lines_before_the_doc_number() -> None:
    assert mark_names(JOINT) == ("林甸县人力资源和社会保障局", "林甸县财政局")
    assert mark_names(["林甸县财政局", "关于拨付资金的通知"]) == ()  # no 文号: no telling


def test_a_slot_of_specks_is_the_one_organ_of_the_mark_not_read() -> None:
    got = restored_slots((_ocr("11r"), _ocr("林甸县人力资源和社会保障局")), JOINT)
    assert [n.value for n in got] == ["林甸县人力资源和社会保障局", "林甸县财政局"]  # the mark's order
    filled = got[1]
    assert filled.prov.repaired_from == "11r"
    assert filled.prov.confidence is not None and filled.prov.confidence < 0.9


@pytest.mark.parametrize(
    "names",
    [
        ("林甸县人力资源和社会保障局", "林甸县财政局"),  # nothing lost
        ("11r", "林甸县财政局", "r1"),  # two slots of specks
        ("11r",),  # two organs of the mark missing: which one?
        ("林甸县财政局局", "林甸县人力资源和社会保障局"),  # a name with Han characters is no slot
    ],
)
def test_no_slot_is_filled_unless_one_slot_and_one_organ_are_left(names: tuple[str, ...]) -> None:
    fields = tuple(_ocr(n) for n in names)
    assert restored_slots(fields, JOINT) == fields


def test_a_text_layer_slot_is_never_filled() -> None:
    fields = (_ocr("11r", None), _ocr("林甸县人力资源和社会保障局", None))
    assert restored_slots(fields, JOINT) == fields


def test_names_read_with_specks_beside_seals_take_the_marks_order() -> None:
    specked = Field("林甸县财政局", "11r林甸县财政局", Provenance(page=2, confidence=0.7, repaired_from="11r林甸县财政局"))
    got = restored_slots((specked, _ocr("林甸县人力资源和社会保障局")), JOINT)
    assert [n.value for n in got] == ["林甸县人力资源和社会保障局", "林甸县财政局"]
    # no name repaired: the order read is kept
    plain = (_ocr("林甸县财政局"), _ocr("林甸县人力资源和社会保障局"))
    assert restored_slots(plain, JOINT) == plain
