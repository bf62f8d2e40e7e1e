"""parsers/joint_issuers.py: a joint notice whose mark names the lead organ only."""

from __future__ import annotations

from parsers.joint_issuers import joint_issuers
from pipeline.core.model import Field, Provenance


def _fields(*names: str, page: int) -> tuple[Field[str], ...]:
    return tuple(Field(n, n, Provenance(page=page)) for n in names)


def test_the_organs_of_the_signature_issue_a_notice_whose_mark_names_the_lead() -> None:
    mark = _fields("某区财政局", page=1)
    signed = _fields("某区财政局", "某区乡村振兴局", page=2)
    got = joint_issuers(mark, signed)
    assert [f.value for f in got] == ["某区财政局", "某区乡村振兴局"]
    assert got[0].prov.page == 1  # the mark's reading kept for the organ it names


def test_a_signature_that_does_not_hold_the_mark_organ_changes_nothing() -> None:
    mark = _fields("某区财政局", page=1)
    assert joint_issuers(mark, _fields("某县财政局", "某县民政局", page=2)) == mark


def test_a_signature_name_that_is_no_organ_changes_nothing() -> None:
    mark = _fields("某区财政局", page=1)
    assert joint_issuers(mark, _fields("某区财政局", "张三", page=2)) == mark


def test_as_many_names_in_the_mark_as_signed_changes_nothing() -> None:
    mark = _fields("某区财政局", "某区民政局", page=1)
    assert joint_issuers(mark, _fields("某区民政局", "某区财政局", page=2)) == mark
