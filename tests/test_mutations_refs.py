"""samples/mutations_refs.py: the citation and body-amount mutations keep the truth consistent
with what they print, and the variations the parsers once got wrong parse exactly."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from samples import mutations_refs
from samples.generator import export
from samples.generator.canon import text as canon_text
from samples.mutate import mutate
from tests.mutation_specs import SPECS, assert_mutated_parse, load_spec

NAMES = [n for n in dir(mutations_refs) if n.startswith(("ref_", "amount_", "public_"))]
SAMPLE = sorted(SPECS)[::9]  # every ninth development spec: the truth checks are cheap



def _prints_number(body: str, doc_number: str) -> bool:
    """Whether the body prints ``doc_number``'s year and serial, whatever its brackets (`【】`) or leading zeros
    (`0393号`), or its serial bare after another 文号 of the same year (`焦财预〔2017〕450号、490号`), or one of
    two serials printed as one (`内财农〔2016〕1126、1302号`)."""
    m = re.fullmatch(r".*〔(\d{4})〕(\d+)号", doc_number)
    if m is None:
        return True
    run = rf"{m[1]}[〕\]］﹞)）】]?\s*\d+\s*号?(?:、\d+\s*号?)*、"
    return re.search(rf"{m[1]}[〕\]］﹞)）】]?\s*0*{m[2]}(?:、\d+)*\s*号|{run}0*{m[2]}\s*号", body) is not None


@pytest.mark.parametrize("name", NAMES)
def test_the_truth_names_only_what_the_body_prints(name: str) -> None:
    applied = 0
    for spec_id in SAMPLE:
        spec = load_spec(spec_id)
        out = mutate(spec, name, 1)
        if out is None:
            continue
        applied += 1
        body = "".join(out["body"]).replace("⏎", "")  # ⏎: a page break the spec forces
        plain = canon_text(body) or ""
        for a in out.get("truth", {}).get("body_amounts") or []:
            if "printed" in a:
                assert a["printed"] in body, (spec_id, a)
                export.body_amount(a, out)  # the exporter finds its clause
        for r in out.get("truth", {}).get("references") or []:
            assert r.get("title") is None or (canon_text(r["title"]) or "") in plain, (spec_id, r)
            assert not r.get("doc_number") or _prints_number(body, r["doc_number"]), (spec_id, r)
    assert applied, f"{name} applies to none of the sampled specs"


def test_amounts_keep_their_value() -> None:
    """Thousands separators, two decimals, 亿元 and 元 to the 分 re-print the same value."""
    spec = next(load_spec(s) for s in SPECS if mutate(load_spec(s), "amount_in_yi", 1) is not None)
    before = [export.body_amount(a, spec) for a in spec["truth"]["body_amounts"]]
    for name in ("amount_thousands", "amount_trailing_zeros", "amount_in_yi", "amount_yuan_cents"):
        out = mutate(spec, name, 1)
        if out is None:
            continue
        after = [export.body_amount(a, out) for a in out["truth"]["body_amounts"]]
        factor = {"万元": Decimal(10000), "亿元": Decimal(100000000), "元": Decimal(1)}
        assert [Decimal(str(a["value"])) * factor[a["unit"]] for a in after] == [
            Decimal(str(b["value"])) * factor[b["unit"]] for b in before
        ], name


@pytest.mark.parametrize(
    ("name", "spec_id"),
    [
        ("ref_number_before_title", "n05_yunnan_linxiang_rangers"),  # a body line of two cited 文号
        ("ref_title_unquoted", "a05_hebei_langfang_tcm"),  # 关于…的通知（文号） without 《》
        ("ref_number_before_title", "m05_hebei_dingzhou_employment"),  # 六部门 before the 文号
    ],
)
def test_mutated_notice_parses(name: str, spec_id: str) -> None:
    assert_mutated_parse(name, spec_id)
