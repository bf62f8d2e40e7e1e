"""samples.mutations_shapes: each mutation keeps the truth consistent with what it prints, and a few
fixed-seed mutated notices parse exactly."""

from __future__ import annotations

import pytest

from samples import mutations_shapes
from samples.mutate import mutate
from samples.mutation_grid import MUTATIONS
from tests.mutation_specs import SPECS, assert_mutated_parse, load_spec, truth

NEW = [m.name for m in MUTATIONS if m.fn.__module__ == mutations_shapes.__name__]
SOME = sorted(SPECS)[:40]


def _pairs(name: str) -> list[tuple[dict, dict]]:
    out = []
    for sid in SOME:
        spec = load_spec(sid)
        got = mutate(spec, name, 1)
        if got is not None:
            out.append((truth(spec), truth(got)))
    assert out, name
    return out


def test_the_shapes_are_registered_and_each_applies_somewhere() -> None:
    assert len(NEW) == 9
    for name in NEW:
        assert any(mutate(load_spec(s), name, 1) is not None for s in SOME), name


@pytest.mark.parametrize("name", ["title_four_lines", "imprint_every_row", "date_circle_zero", "cited_doc_wenjian",
                                  "signature_stamp_marks"])
def test_print_only_shapes_keep_the_truth(name: str) -> None:
    for before, after in _pairs(name):
        assert before == after


def test_each_region_recipients_are_the_printed_list() -> None:
    for before, after in _pairs("recipients_each_region"):
        assert after["recipients"] != before["recipients"] and after["recipients"].count("财政局") >= 5
        assert {k: v for k, v in after.items() if k != "recipients"} == {
            k: v for k, v in before.items() if k != "recipients"}


def test_a_public_notice_with_its_period_has_no_doc_number_and_no_recipients() -> None:
    for before, after in _pairs("public_notice_period"):
        assert after["doc_number"] is None and after["recipients"] is None
        assert "MISSING_FIELD" in {f["code"] for f in after["flags"]}
        assert after["issue_date"] == before["issue_date"] and after["body_amounts"] == before["body_amounts"]


def test_file_names_listed_keep_their_extension() -> None:
    for before, after in _pairs("attachment_file_names"):
        assert len(after["attachments_listed"]) == len(before["attachments_listed"])
        assert all(a["title"].endswith((".xls", ".xlsx", ".doc", ".docx")) for a in after["attachments_listed"])


def test_a_title_over_four_lines_has_four_lines() -> None:
    spec = mutate(load_spec("a05_hebei_langfang_tcm"), "title_four_lines", 1)
    assert spec is not None and len(spec["title_lines"]) == 4


@pytest.mark.parametrize("name", ["signature_stamp_marks", "public_notice_period", "recipients_each_region"])
def test_a_mutated_notice_parses(name: str) -> None:
    assert_mutated_parse(name, "a01_anhui_chuzhou_forest", missed_flags=True)


def test_recipients_moved_to_the_imprint_stay_the_recipients() -> None:
    for before, after in _pairs("recipients_in_imprint"):
        assert after["recipients"] and after["recipients"].count("、") >= before["recipients"].count("、") // 2
        assert {k: v for k, v in after.items() if k != "recipients"} == {
            k: v for k, v in before.items() if k != "recipients"}


def test_a_notice_with_its_recipients_in_the_imprint_parses() -> None:
    assert_mutated_parse("recipients_in_imprint", "a01_anhui_chuzhou_forest", missed_flags=True)
