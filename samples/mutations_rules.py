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


def _columns(spec: Spec) -> list[list[dict[str, object]]]:
    """The column lists of the allocation attachments that print plain columns (with widths)."""
    return [a["columns"] for a in alloc_attachments(spec) if isinstance(a.get("columns"), list) and a["columns"]]


def _unruled(spec: Spec, rng: random.Random) -> Spec | None:
    return _set_rules(spec, "none" if rng.random() < 0.6 else "three_line")


@mutation("table_rules_uneven_widths")
def table_rules_uneven_widths(spec: Spec, rng: random.Random) -> Spec | None:
    """No rules (or a 三线表) and columns of very different widths (name column x2, another x0.75).

    As an Excel sheet sized by hand prints them."""
    cols = _columns(spec)
    if not cols:
        return None
    for columns in cols:
        for col in columns:
            w = float(col.get("w", 1.0))  # type: ignore[arg-type]
            if col.get("role") == "region":
                col["w"] = round(w * 2.0, 2)
        others = [c for c in columns if c.get("role") not in ("region", "seq")]
        if others:
            narrow = others[rng.randrange(len(others))]
            narrow["w"] = round(float(narrow.get("w", 1.0)) * 0.75, 2)  # type: ignore[arg-type]
    return _unruled(spec, rng)


@mutation("table_rules_wrapped_names")
def table_rules_wrapped_names(spec: Spec, rng: random.Random) -> Spec | None:
    """No rules (or a 三线表) and a name column so narrow that long names wrap around their figures.

    Two or three lines each, the row's figures centred on them."""
    cols = _columns(spec)
    if not cols:
        return None
    for columns in cols:
        for col in columns:
            if col.get("role") == "region":
                col["w"] = round(float(col.get("w", 1.0)) * rng.choice((0.5, 0.6)), 2)  # type: ignore[arg-type]
    return _unruled(spec, rng)
