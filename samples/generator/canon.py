"""Canonical forms per the contract: whitespace, full-width folding, 文号, dates, targets."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

_WS = re.compile(r"[\s\u3000]+")
_HALF_TO_FULL = {"(": "（", ")": "）", ":": "：", ";": "；", ",": "，"}


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFFEF
        or 0x2014 <= o <= 0x201D
    )


def strip_ws(text: str) -> str:
    return _WS.sub("", text)


def text(value: str | None) -> str | None:
    """Layout whitespace removed; half-width ( ) : ; , next to CJK folded to full width.

    A bracket pair folds as a pair when either side or its content is CJK.
    """
    if value is None:
        return None
    s = list(strip_ws(value))
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for i, ch in enumerate(s):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            pairs.append((stack.pop(), i))
    for a, b in pairs:
        around = s[a - 1 : a] + s[a + 1 : b] + s[b + 1 : b + 2]
        if any(_is_cjk(c) for c in around):
            s[a], s[b] = "（", "）"
    for i, ch in enumerate(s):
        if ch in ":;,":
            prev = s[i - 1] if i > 0 else ""
            nxt = s[i + 1] if i + 1 < len(s) else ""
            if (prev and _is_cjk(prev)) or (nxt and _is_cjk(nxt)):
                s[i] = _HALF_TO_FULL[ch]
    return "".join(s)


_BRACKETS = r"[〔\[［【(（﹝]"
_CLOSERS = r"[〕\]］】)）﹞]"


def doc_number(printed: str | None) -> str | None:
    """机关代字〔YYYY〕N号, repairing bracket variants and a missing closing bracket."""
    if printed is None:
        return None
    s = strip_ws(printed)
    m = re.fullmatch(rf"(.*?){_BRACKETS}(\d{{4}}){_CLOSERS}(\d+)号", s)
    if m:
        return f"{m[1]}〔{m[2]}〕{m[3]}号"
    m = re.fullmatch(rf"(.*?){_BRACKETS}(\d{{4}})(\d+)号", s)
    if m:
        return f"{m[1]}〔{m[2]}〕{m[3]}号"
    return s


def quoted_doc_numbers(value: str | None) -> str | None:
    """A text quoting 文号 (a body amount's context) with their year brackets canonical,
    ``郑财预﹝2017﹞814号`` -> ``郑财预〔2017〕814号``, as the 文号 fields (parsers/ocr_text.py)."""
    if value is None:
        return None
    return re.sub(rf"(?<=[\u4e00-\u9fff]){_BRACKETS}((?:19|20)\d{{2}}){_CLOSERS}(?=\d{{1,5}}号)", r"〔\1〕", value)


_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}


def _cn_number(s: str) -> int:
    if all(c in _CN_DIGITS for c in s):
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_DIGITS[s[1]]
    if s.endswith("十"):
        return _CN_DIGITS[s[0]] * 10
    tens, ones = s.split("十")
    return _CN_DIGITS[tens] * 10 + _CN_DIGITS[ones]


def date(printed: str | None) -> str | None:
    """``2022年6月7日``, ``2020年07月03日`` or ``二〇二二年六月七日`` -> ISO."""
    if printed is None:
        return None
    s = strip_ws(printed)
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:印发)?", s)
    if m:
        return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    m = re.fullmatch(r"(.{4})年(.{1,3})月(.{1,3})日(?:印发)?", s)
    if not m:
        raise ValueError(f"unparseable date {printed!r}")
    return f"{_cn_number(m[1]):04d}-{_cn_number(m[2]):02d}-{_cn_number(m[3]):02d}"


def amount(printed: str | int | float | None) -> Decimal | None:
    """A printed amount cell (``200,000``, ``-20``, ``9.2128``, ``""``) -> Decimal or None."""
    if printed is None:
        return None
    s = strip_ws(str(printed)).replace(",", "").replace("，", "")
    if s in ("", "-", "—"):
        return None
    return Decimal(s)


_OPS = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", ">": ">", "<": "<", "=": "=", "＞": ">",
        "＜": "<", "≧": ">=", "≦": "<="}
_TARGET = re.compile(r"(≥|>=|≤|<=|≧|≦|>|<|＞|＜|=)?(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([^\d]*)")
_WIDE = str.maketrans("０１２３４５６７８９％．，", "0123456789%.,")


# Comparison words written before or after the number (不低于90% is ≥90%, 90%以上 too, 5%以内 is ≤5%).
_WORD_OPS = sorted({"不低于": ">=", "不少于": ">=", "不小于": ">=", "大于等于": ">=", "达到": ">=", "至少": ">=",
                    "高于等于": ">=", "大于或等于": ">=", "不高于": "<=", "不超过": "<=", "不多于": "<=",
                    "不大于": "<=", "小于等于": "<=", "低于等于": "<=", "小于或等于": "<=", "控制在": "<=",
                    "大于": ">", "高于": ">", "超过": ">", "多于": ">", "小于": "<", "低于": "<", "少于": "<",
                    "等于": "="}.items(), key=lambda kv: -len(kv[0]))
_SUFFIX_OPS = (("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="), ("之内", "<="))


def target(value: str) -> dict[str, Any]:
    s = strip_ws(value).translate(_WIDE).rstrip("。，,；;、")  # typing: ％, a full stop after the value
    word, word_op = next(((w, op) for w, op in _WORD_OPS if s.startswith(w) and s[len(w):][:1].isdigit()),
                         ("", None))
    s = s[len(word):]
    m = _TARGET.fullmatch(s)
    if m is None or (word_op and m[1]):
        return {"op": None, "number": None, "unit": None}
    op, unit = (_OPS[m[1]] if m[1] else word_op), m[3]
    for w, suffix_op in _SUFFIX_OPS:
        if unit.endswith(w) and op is None:
            op, unit = suffix_op, unit[: -len(w)]
            break
    # A deadline (30日内, 12月底到位) is qualitative; a rate unit (元/生·年) is not.
    if not re.search(r"[前后内底]", unit) and not re.match(r"[年月日]", unit):
        return {"op": op or "=", "number": Decimal(m[2].replace(",", "")), "unit": unit or None}
    return {"op": None, "number": None, "unit": None}


def json_number(d: Decimal | None) -> int | float | None:
    if d is None:
        return None
    if d == d.to_integral_value():
        return int(d)
    return float(d.normalize())
