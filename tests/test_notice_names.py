"""Organ and place names one OCR slip off a name the notice itself prints,
put back from it (parsers/normalize/notice_names.py)."""

from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.normalize.notice_names import from_notice, is_sound_name, repair_from_notice
from parsers.normalize.organ_rules import organ_words
from pipeline.core.divisions import official_names, resolve_region
from pipeline.core.model import Field, Provenance


def _ocr(text: str, confidence: float | None = 0.99) -> Field[str]:
    return Field(text, text, Provenance(page=1, confidence=confidence))


# --- one look-alike character -------------------------------------------------


def test_a_lookalike_region_character_is_put_back_from_the_mark() -> None:
    fix = repair_from_notice("沪县教育和体育局", ["泸县财政局", "泸县教育和体育局文件"])
    assert fix is not None and fix.text == "泸县教育和体育局"


def test_a_speck_read_as_a_letter_is_dropped_and_the_region_put_back() -> None:
    fix = repair_from_notice("可岚县财政局E", ["县级财政部门", "岢岚县财政局办公室"])
    assert fix is not None and fix.text == "岢岚县财政局"


def test_a_township_is_put_back_from_the_recipients_list() -> None:
    fix = repair_from_notice("股店镇", ["柳林镇、洪山镇、三里岗镇、殷店镇人民政府："])
    assert fix is not None and fix.text == "殷店镇"


def test_a_character_that_looks_nothing_alike_is_no_slip() -> None:
    assert repair_from_notice("东店镇", ["、殷店镇人民政府"]) is None


# --- a character lost or one too many -------------------------------------


def test_a_head_lost_under_the_seal_is_put_back() -> None:
    fix = repair_from_notice("亚市财政局", ["2021年8月3日", "三亚市财政局"])
    assert fix is not None and fix.text == "三亚市财政局"


def test_a_doubled_character_is_dropped() -> None:
    fix = repair_from_notice("汉中市南郑区应急管理局局", ["汉中市南郑区应急管理局", "汉中市南郑区财政局"])
    assert fix is not None and fix.text == "汉中市南郑区应急管理局"


def test_a_short_name_gets_no_lost_character() -> None:
    assert repair_from_notice("市财政局", ["东莞市财政局"]) is None


def test_two_ways_to_complete_a_name_repair_nothing() -> None:
    assert repair_from_notice("阳市财政局", ["贵阳市财政局", "沈阳市财政局"]) is None


def test_a_region_names_tail_is_no_name_of_its_own() -> None:
    # 岚县 is a county of its own, and it is also the tail of 岢岚县
    assert repair_from_notice("可岚县财政局", ["岢岚县财政局办公室"]) is not None
    fix = repair_from_notice("可岚县财政局", ["岢岚县财政局办公室"])
    assert fix is not None and fix.text == "岢岚县财政局"


# --- no false repair --------------------------------------------------------


def test_a_real_county_is_never_turned_into_the_one_it_is_the_tail_of() -> None:
    assert repair_from_notice("岚县财政局", ["岢岚县财政局办公室"]) is None


def test_a_name_printed_as_its_own_elsewhere_is_sound() -> None:
    assert is_sound_name("殷店镇", ["、殷店镇人民政府"])
    assert not is_sound_name("亚市财政局", ["三亚市财政局"])


@lru_cache(maxsize=1)
def _county_pairs() -> tuple[tuple[str, str], ...]:
    """Pairs of official counties of one prefecture one character apart (五台县 / 五寨县)."""
    by_group: dict[tuple[str, int], list[str]] = {}
    for name in official_names():
        if len(name) < 3 or name[-1] not in "县区市旗":
            continue
        m = resolve_region(name)
        if m is None or m.level != "county" or m.is_alias:
            continue
        by_group.setdefault((m.code[:4], len(name)), []).append(name)
    out = []
    for names in by_group.values():
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                if sum(x != y for x, y in zip(a, b, strict=True)) == 1:
                    out.append((a, b))
    return tuple(out)


def test_there_are_counties_one_character_apart() -> None:
    assert len(_county_pairs()) > 20


@settings(max_examples=60, deadline=None)
@given(pair=st.data(), word=st.sampled_from(sorted(organ_words())))
def test_two_real_counties_one_character_apart_both_survive(pair: st.DataObject, word: str) -> None:
    a, b = pair.draw(st.sampled_from(_county_pairs()))
    assert repair_from_notice(a + word, [b + word, f"{a}、{b}"]) is None
    assert repair_from_notice(b + word, [a + word]) is None
    # an organ word the vocabulary does not list: the official region read is still kept
    assert repair_from_notice(a + "乡村公路养护中心", [b + "乡村公路养护中心"]) is None


@settings(max_examples=60, deadline=None)
@given(data=st.data(), word=st.sampled_from(["财政局", "教育局", "民政局", "人民政府", "发展和改革委员会"]))
def test_a_lost_head_is_put_back_for_any_prefecture(data: st.DataObject, word: str) -> None:
    region = data.draw(st.sampled_from([n for n in _prefectures() if len(n) >= 3]))
    whole = region + word
    lost = whole[1:]
    if is_sound_name(lost, [whole]):  # the tail is itself a real name: left alone, rightly
        return
    fix = repair_from_notice(lost, ["关于下达资金的通知", whole])
    assert fix is not None and fix.text == whole


@lru_cache(maxsize=1)
def _prefectures() -> tuple[str, ...]:
    out = []
    for name in official_names():
        m = resolve_region(name)
        if m is not None and m.level == "prefecture" and not m.is_alias and name.endswith("市"):
            out.append(name)
    return tuple(out)


# --- the marked field -------------------------------------------------------


def test_the_repair_is_marked_and_doubtful() -> None:
    got = from_notice(_ocr("亚市财政局"), ["三亚市财政局"])
    assert got.value == "三亚市财政局"
    assert got.prov.repaired_from == "亚市财政局"
    assert got.prov.confidence is not None and got.prov.confidence < 0.9


def test_a_text_layer_name_is_never_touched() -> None:
    field = _ocr("亚市财政局", None)
    assert from_notice(field, ["三亚市财政局"]) is field


@pytest.mark.parametrize("name", ["泸县财政局", "三亚市财政局", "汉中市南郑区应急管理局"])
def test_a_right_name_is_returned_as_is(name: str) -> None:
    field = _ocr(name)
    assert from_notice(field, ["泸县教育和体育局", "三亚市应急管理局", "汉中市南郑区财政局"]) is field


def test_a_rare_character_read_is_never_turned_into_a_common_one() -> None:
    # the row reads 佘 right; the body's OCR read it 余: the common one is the misread
    assert repair_from_notice("大佘太镇", ["大余太镇人民政府："]) is None
    fix = repair_from_notice("大余太镇", ["、大佘太镇人民政府："])
    assert fix is not None and fix.text == "大佘太镇"
