"""Table-rule mutations of samples.mutate: the same allocation table printed with fewer rules.

Real attachments are not all full grids: a Word table with only its row rules, a 三线表, an
Excel sheet printed without borders. Each mutation sets the attachment's ``rules`` (see
samples/README.md); nothing the notice says changes, so the truth stays as it is.
"""

from __future__ import annotations

import random

from samples.mutation_grid import Spec, alloc_attachments, mutation


def _set_rules(spec: Spec, rules: str) -> Spec | None:
    atts = [a for a in alloc_attachments(spec) if a.get("rules", "grid") != rules]
    for att in atts:
        att["rules"] = rules
    return spec if atts else None


@mutation("table_rules_horizontal")
def table_rules_horizontal(spec: Spec, rng: random.Random) -> Spec | None:
    """A rule under every row and none between the columns."""
    return _set_rules(spec, "horizontal")


@mutation("table_rules_three_line")
def table_rules_three_line(spec: Spec, rng: random.Random) -> Spec | None:
    """A 三线表: a thick rule above the header, a thin one under it, a thick one under the last row."""
    return _set_rules(spec, "three_line")


@mutation("table_rules_none")
def table_rules_none(spec: Spec, rng: random.Random) -> Spec | None:
    """No rules at all (an Excel sheet printed without borders)."""
    return _set_rules(spec, "none")
