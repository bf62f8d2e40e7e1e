"""The header-tree mutations (samples/mutations_headers.py) keep the truth consistent: the group's
total is printed as each row's sum of its parts, named after the group, under one spanning cell."""

from __future__ import annotations

import random
from decimal import Decimal

from samples.mutations_headers import (
    group_over_printed_total,
    group_total_first,
    subtotal_group_beside,
)


def _spec(header: list[str], rows: list[list[str]]) -> dict[str, object]:
    cols = [{"role": "region"}] + [{"role": "amount", "name": h} for h in header[1:]]
    att = {"kind": "allocation", "unit": "万元", "unit_line": "单位：万元", "header": [header],
           "columns": cols, "rows": [{"cells": r} for r in rows]}
    return {"id": "t", "attachments": [att]}


def _att(spec: dict[str, object]) -> dict[str, object]:
    return spec["attachments"][0]  # type: ignore[index,no-any-return]


def test_a_total_is_added_first_under_the_group() -> None:
    spec = _spec(["县", "中央资金", "省级资金"], [["甲县", "12.5", "3"], ["乙县", "7", ""]])
    out = group_total_first(spec, random.Random(1))
    assert out is not None
    att = _att(out)
    names = [c.get("name") for c in att["columns"]]  # type: ignore[index,union-attr]
    assert names[2:] == ["中央资金", "省级资金"] and str(names[1]).endswith(("合计", "小计"))
    assert [r["cells"][1] for r in att["rows"]] == ["15.5", "7"]  # type: ignore[index]
    assert [1, 0, 3, 0] in att["spans"]  # type: ignore[operator]


def test_a_column_that_sums_the_others_is_no_part() -> None:
    spec = _spec(["县", "原下达数", "本次调整数", "调整后"], [["甲县", "10", "2", "12"], ["乙县", "5", "1", "6"]])
    assert group_total_first(spec, random.Random(1)) is None


def test_a_group_over_the_printed_total_renames_it() -> None:
    spec = _spec(["县", "合计", "中央资金", "省级资金"], [["甲县", "15", "12", "3"]])
    out = group_over_printed_total(spec, random.Random(1))
    assert out is not None
    att = _att(out)
    word = att["header"][0][1]  # type: ignore[index]
    assert att["columns"][1]["name"] == str(word).split("（")[0] + "合计"  # type: ignore[index]
    assert att["header"][1][1:] == ["合计", "中央资金", "省级资金"]  # type: ignore[index]


def test_a_finer_group_with_its_subtotal_beside_single_columns() -> None:
    spec = _spec(["县", "甲", "乙", "丙"], [["A县", "1", "2", "4"], ["B县", "2", "2", "2"]])
    out = subtotal_group_beside(spec, random.Random(3))
    assert out is not None
    att = _att(out)
    names = [c.get("name") for c in att["columns"]]  # type: ignore[index,union-attr]
    assert names[1] == "合计" and str(names[2]).endswith("小计")
    first = att["rows"][0]["cells"]  # type: ignore[index]
    assert Decimal(first[1]) == Decimal(7)
    parts = [Decimal(c) for c in first[3:3 + len(names) - 4]]
    assert Decimal(first[2]) == sum(parts, Decimal(0))
