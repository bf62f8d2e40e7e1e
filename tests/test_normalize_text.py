from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.textnorm import (
    clean_text,
    fold_compat_han,
    fold_ocr_punct,
    fold_width,
    is_cjk,
    is_han,
)

ALPHABET = "关于下达年资金财社号通知（）()：:；;，,〔〕《》“”、。 \t\n\u3000aZ09０９ＡＺ-.%％≥"
texts = st.text(alphabet=ALPHABET, max_size=40)
whitespace = st.sampled_from([" ", "  ", "\t", "\n", "\u3000"])


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("关于下达 2020 年中央财政", "关于下达2020年中央财政"),
        ("财 政 局 文 件", "财政局文件"),
        ("各县(市)财政局", "各县（市）财政局"),
        ("单位:万元", "单位：万元"),
        ("附件: 1. 2022年分配表", "附件：1. 2022年分配表"),
        ("Word 2016", "Word 2016"),
        ("Word    2016", "Word 2016"),
        ("２０２２年", "2022年"),
        ("ＡＢＣ文件", "ABC文件"),
        ("（第二批）", "（第二批）"),
        ("巴财社〔2020〕70 号", "巴财社〔2020〕70号"),
        ("《关于拨付 2022 年资金的通知》", "《关于拨付2022年资金的通知》"),
        ("“02001 参照直达资金”", "“02001参照直达资金”"),
        ("低保,特困", "低保，特困"),
        ("低保;特困", "低保；特困"),
        ("财社(2022)71号", "财社（2022）71号"),
        ("(2022年昌吉州)", "（2022年昌吉州）"),
        ("f(x) = 1", "f(x)=1"),
        ("  前后空白  ", "前后空白"),
        ("", ""),
        ("≥ 90 %", "≥90%"),
        ("90 ％", "90%"),
        ("年度\n总体\n目标", "年度总体目标"),
    ],
)
def test_clean_text(raw: str, canonical: str) -> None:
    assert clean_text(raw) == canonical


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        (">=21933人", "≥21933人"),
        ("> =90%", "≥90%"),
        ("≧95%", "≥95%"),
        ("⩾95%", "≥95%"),
        ("＞＝88％", "≥88%"),
        ("<=5300元/户", "≤5300元/户"),
        ("≦5", "≤5"),
        ("＜5", "<5"),
        ("＝100%", "=100%"),
        ("【2022】", "【2022】"),
        ("[2022]", "[2022]"),
    ],
)
def test_fold_ocr_punct(raw: str, folded: str) -> None:
    assert fold_ocr_punct(raw) == folded


@settings(deadline=None)  # the first call builds caches
@given(texts)
def test_clean_text_total_and_idempotent(s: str) -> None:
    once = clean_text(s)
    assert clean_text(once) == once


@settings(deadline=None)  # the first call builds caches
@given(st.text(max_size=30))
def test_clean_text_never_raises_on_any_text(s: str) -> None:
    assert isinstance(clean_text(s), str)
    assert isinstance(fold_ocr_punct(s), str)


@settings(deadline=None)  # the first call builds caches
@given(texts, st.data())
def test_clean_text_ignores_whitespace_next_to_cjk(s: str, data: st.DataObject) -> None:
    f = fold_width(s)  # full-width letters and digits are Latin once folded
    spots = [
        i
        for i in range(len(f) + 1)
        if (i > 0 and is_cjk(f[i - 1])) or (i < len(f) and is_cjk(f[i]))
    ]
    if not spots:
        return
    i = data.draw(st.sampled_from(spots))
    ws = data.draw(whitespace)
    assert clean_text(s[:i] + ws + s[i:]) == clean_text(s)


@settings(deadline=None)  # the first call builds caches
@given(texts)
def test_fold_ocr_punct_idempotent(s: str) -> None:
    once = fold_ocr_punct(s)
    assert fold_ocr_punct(once) == once


@pytest.mark.parametrize(
    ("ch", "han", "cjk"),
    [("中", True, True), ("㐀", True, True), ("，", False, True), ("。", False, True), ("A", False, False)],
)
def test_is_han_counts_ideographs_only(ch: str, han: bool, cjk: bool) -> None:
    assert (is_han(ch), is_cjk(ch)) == (han, cjk)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("⼆〇⼆⼆年⼗⼆⽉", "二〇二二年十二月"),  # Kangxi radicals
        ("關於\uf900", "關於豈"),  # a compatibility ideograph; traditional characters stay
        ("财政局（2022）", "财政局（2022）"),  # ordinary text untouched
    ],
)
def test_fold_compat_han(raw: str, folded: str) -> None:
    assert fold_compat_han(raw) == folded


@given(st.text(alphabet=st.characters(min_codepoint=0x2E80, max_codepoint=0xFAFF), max_size=20))
def test_fold_compat_han_idempotent_and_keeps_length(s: str) -> None:
    once = fold_compat_han(s)
    assert fold_compat_han(once) == once
    assert len(once) == len(s)  # one code point for one: boxes keep their characters' places


def test_text_ems_counts_full_width_characters_whole_and_others_half() -> None:
    from pipeline.core.textnorm import text_ems

    assert text_ems("财政局") == 3.0
    assert text_ems("2023年") == 3.0
    assert text_ems("（第 二批）") == 5.0  # full-width brackets count whole, the space nothing
