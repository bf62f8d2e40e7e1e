"""What fund a title names, for following funds across levels and for tables that name none (pure).

    fund_key("关于下达2023年中央财政困难群众救助补助资金（第三批）的通知")
        -> FundKey(fund="中央财政困难群众救助补助资金", year=2023, batch="第三批")
    fund_key("2021年第二批就业补助资金分配表")
        -> FundKey(fund="就业补助资金", year=2021, batch="第二批")

A fund (资金) is named in the title between the year (``2023年``) and the
end (``的通知``, ``分配表``); the batch (批次) is ``第N批`` before or after the
name (``第3批`` is ``第三批``), or ``提前下达`` for an advance allocation
without a number.  A parenthesised part that is not a batch
(``（稳岗和职业技能提升部分）``) is not part of the name.  No year, no key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["FundKey", "fund_key"]


@dataclass(frozen=True, slots=True)
class FundKey:
    """资金名称, 年度 and 批次 (``None``: the title names no batch)."""

    fund: str
    year: int
    batch: str | None


_DIGITS = "零一二三四五六七八九"
_VERBS = r"(?:提前|预先|继续|转|再|预)?(?:下达|拨付|分配|安排|预拨|追加|清算|调整|收回|下拨|转拨|核拨)"
_BATCH = r"第(?P<{name}>[一二三四五六七八九十\d]{{1,3}})批"
_TITLE = re.compile(
    r"(?:.*?关于)?(?:(?:" + _VERBS + r")[和及、]?)*"
    r"(?P<year>(?:19|20)\d{2})年度?"
    r"(?:" + _BATCH.format(name="lead") + r")?"
    r"(?P<fund>.+?)"
    r"(?:[（(](?P<paren>[^）)]*)[）)])?"
    r"(?:的?(?:通知|函|批复|意见|决定)|(?:分配|安排|明细|分配明细|分配情况)表)?"
    r"(?:[（(](?P<tail>[^）)]*)[）)])?$"
)
_TRAILING = re.compile(r"(?:的|预算|指标)+$")


def _chinese_number(text: str) -> str:
    """``3`` -> ``三``, ``12`` -> ``十二``; Chinese numerals are kept."""
    if not text.isdigit():
        return text
    n = int(text)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    return text


def fund_key(title: str | None) -> FundKey | None:
    """The fund, year and batch a notice (or an allocation table) title names."""
    if not title:
        return None
    text = re.sub(r"\s+", "", title)
    match = _TITLE.match(text)
    if match is None:
        return None
    fund = match.group("fund")
    batch_number = match.group("lead")
    paren = match.group("paren")
    inner = re.search(_BATCH.format(name="n"), fund)
    if inner is not None:  # 资金第三批 without brackets
        batch_number = batch_number or inner.group("n")
        fund = fund[: inner.start()] + fund[inner.end():]
    for group in (paren, match.group("tail")):  # （第三批）, （第二批扶贫开发项目）, …的通知（第一批）
        in_paren = re.search(_BATCH.format(name="n"), group or "")
        if in_paren is not None:
            batch_number = batch_number or in_paren.group("n")
    fund = _TRAILING.sub("", fund).strip("（()）")
    if not fund:
        return None
    if batch_number is not None:
        batch: str | None = f"第{_chinese_number(batch_number)}批"
    elif re.search(r"提前(?:下达|拨付)", text):
        batch = "提前下达"
    else:
        batch = None
    return FundKey(fund, int(match.group("year")), batch)
