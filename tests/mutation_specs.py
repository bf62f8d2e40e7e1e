"""The development specs the mutation tests mutate, and their truth without typesetting.

    SPECS[spec_id] -> path;  load_spec(spec_id) -> the spec, loaded once (mutations work on deep copies)
    truth(spec) -> expected.json as the exporter writes it, every anchor on page 1, no ``source``
"""

from __future__ import annotations

import functools
from typing import Any

from samples.generator import __main__ as gen
from samples.generator import export
from samples.mutate import dev_spec_paths

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
