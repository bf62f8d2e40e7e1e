"""Table-rule mutations of samples.mutate: the same allocation table printed with fewer rules.

Real attachments are not all full grids: a Word table with only its row rules, a 三线表, an
Excel sheet printed without borders. Each mutation sets the attachment's ``rules`` (see
samples/README.md); nothing the notice says changes, so the truth stays as it is.
"""

from __future__ import annotations

import random
from typing import Any

from samples.generator.fonts import HEI, SONG, width
from samples.mutation_grid import PAGE_W, Spec, alloc_attachments, cell_amount, mutation


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


def wrapped_numbers(att: dict[str, Any]) -> int:
    """Body cells holding a number (an amount, a count, a percentage) wider than their column.

    The generator would break such a figure inside it (``1071.`` over ``2385``): a sheet sized by
    hand prints ``####`` or widens the column instead, so a width mutation must not cause it."""
    cols = att["columns"]
    total = sum(float(c.get("w", 1)) for c in cols)
    page = PAGE_W[bool(att.get("landscape"))]
    size = float(att.get("font_size", 11))
    pad = 6.0  # LEFTPADDING + RIGHTPADDING of every cell
    n = 0
    for row in att.get("rows") or []:
        font = HEI if row.get("total") and att.get("bold_totals") else SONG
        for col, cell in zip(cols, row.get("cells") or [], strict=False):
            text = str(cell).strip()
            if not text or cell_amount(text.rstrip("%")) is None:
                continue
            n += width(text, font, size) > page * float(col.get("w", 1)) / total - pad
    return n


@mutation("table_rules_uneven_widths")
def table_rules_uneven_widths(spec: Spec, rng: random.Random) -> Spec | None:
    """No rules (or a 三线表) and columns of very different widths (name column x2, another x0.75).

    As an Excel sheet sized by hand prints them."""
    cols = _columns(spec)
    if not cols:
        return None
    before = [wrapped_numbers(a) for a in alloc_attachments(spec)]
    for columns in cols:
        for col in columns:
            w = float(col.get("w", 1.0))  # type: ignore[arg-type]
            if col.get("role") == "region":
                col["w"] = round(w * 2.0, 2)
        others = [c for c in columns if c.get("role") not in ("region", "seq")]
        if others:
            narrow = others[rng.randrange(len(others))]
            narrow["w"] = round(float(narrow.get("w", 1.0)) * 0.75, 2)  # type: ignore[arg-type]
    after = [wrapped_numbers(a) for a in alloc_attachments(spec)]
    if any(a > b for a, b in zip(after, before, strict=True)):
        return None  # a figure broken over two lines by the generator: no real sheet prints that
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
