"""The development specs the mutation tests mutate, and their truth without typesetting.

    SPECS[spec_id] -> path;  load_spec(spec_id) -> the spec, loaded once (mutations work on deep copies)
    truth(spec) -> expected.json as the exporter writes it, every anchor on page 1, no ``source``
    assert_mutated_parse(name, spec_id) -> the mutated spec parses exactly (as tests/test_golden.py)
"""

from __future__ import annotations

import functools
from typing import Any

from samples.generator import __main__ as gen
from samples.generator import export
from samples.mutate import Case, dev_spec_paths, mutate, run_case

SPECS = {p.stem: p for p in dev_spec_paths()}


@functools.cache
def load_spec(spec_id: str) -> dict[str, Any]:
    return gen.load(SPECS[spec_id])


class _Pages(dict[str, int]):
    """Every anchor on page 1: the truth without typesetting."""

    def __missing__(self, key: str) -> int:
        return 1


def truth(spec: dict[str, Any]) -> dict[str, Any]:
    out = export.expected(spec, b"", 1, _Pages())
    out.pop("source")
    return out


def assert_mutated_parse(name: str, spec_id: str, *, missed_flags: bool = False) -> None:
    """The spec mutated by ``name`` (seed 1) typesets and parses exactly, with no false error
    (and, with ``missed_flags``, every planted flag raised)."""
    spec = load_spec(spec_id)
    assert mutate(spec, name, 1) is not None
    out = run_case(spec, Case(name, spec_id, 1))
    assert out.error is None, out.error
    assert not out.diffs, "\n".join(out.diffs[:20])
    assert not out.false_errors
    if missed_flags:
        assert not out.missed_flags
