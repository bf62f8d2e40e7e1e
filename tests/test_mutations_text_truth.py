"""samples/mutations_text.body_rate_sentence keeps the truth consistent when the added rate's
figure is already printed in the body: the added amount is the figure's later occurrence
(``nth``), so the exporter quotes the rate's own clause, not the earlier one."""

from __future__ import annotations

import random

from samples.generator.export import body_amount
from samples.mutations_text import body_rate_sentence


def _spec() -> dict:
    body = ["按照每人每月200元、每亩45元、每生每年1000元的标准，共需资金28000元。"]
    return {"body": body, "truth": {"body_amounts": [{"printed": "28000元"}]}}


def test_the_added_rate_quotes_its_own_clause_when_its_figure_is_printed_before() -> None:
    for seed in range(6):
        spec = body_rate_sentence(_spec(), random.Random(seed))
        assert spec is not None
        added = spec["truth"]["body_amounts"][-1]
        assert added.get("nth") == 1
        context = body_amount(added, spec)["context"]
        assert "标准" in context and "28000元" not in context and context.startswith(("补助", "补贴", "按每生"))


def test_a_new_figure_needs_no_nth() -> None:
    spec = body_rate_sentence({"body": ["共需资金28000元。"], "truth": {"body_amounts": [{"printed": "28000元"}]}},
                              random.Random(0))
    assert spec is not None
    assert "nth" not in spec["truth"]["body_amounts"][-1]
