"""The fund flow of one fund and year as a server-side SVG (no JavaScript chart library).

One row per allocation (from region -> to region), grouped by the level that
allocates it (province -> prefectures -> counties): a bar for the amount
allocated, a bar for the amount the onward notice passes on, and the gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from db.flow_view import FlowEdge
from db.values import fmt

ROW = 26
LABEL = 260
BAR = 360


def _width(value: Decimal | None, top: Decimal) -> float:
    if value is None or top <= 0:
        return 0.0
    return float(abs(value) / top) * BAR


def _rows(edges: Sequence[FlowEdge]) -> list[tuple[str, FlowEdge | None]]:
    """A heading row for each allocating notice (in the order given: upper levels first),
    then its allocations."""
    rows: list[tuple[str, FlowEdge | None]] = []
    current: tuple[str | None, str | None] | None = None
    for e in edges:
        if (e.from_doc_number, e.from_region) != current:
            current = (e.from_doc_number, e.from_region)
            rows.append((f"{e.from_region or '?'} · {e.from_doc_number or '(no 文号)'}", None))
        rows.append(("", e))
    return rows


def flow_svg(edges: Sequence[FlowEdge]) -> str:
    """An SVG document (as text) drawing ``edges``; every label is escaped."""
    top = max((abs(v) for e in edges for v in (e.allocated_yuan, e.passed_on_yuan)
               if v is not None), default=Decimal(0))
    rows = _rows(edges)
    height = ROW * (len(rows) + 1) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="flow" width="{LABEL + BAR + 260}" '
        f'height="{height}" role="img" aria-label="fund flow">',
        f'<text x="4" y="16" class="head">allocating notice → region</text>'
        f'<text x="{LABEL}" y="16" class="head">allocated (blue) / passed on (green), 元</text>',
    ]
    for i, (heading, e) in enumerate(rows, start=1):
        y = ROW * i + 4
        if e is None:
            parts.append(f'<text x="4" y="{y + 13}" font-weight="bold">{escape(heading)}</text>')
            continue
        gap = e.difference_yuan
        gap_text = "no onward notice stored" if e.to_doc_number is None else (
            "no gap" if not gap else f"gap {fmt(gap)}")
        color = ' fill="#b00"' if gap else ""
        parts.append(
            f'<g class="edge{" gap" if gap else ""}">'
            f'<title>{escape(e.from_doc_number or "")} → {escape(e.to_doc_number or "—")}</title>'
            f'<text x="20" y="{y + 13}">→ {escape(e.to_region)}</text>'
            f'<rect x="{LABEL}" y="{y}" width="{_width(e.allocated_yuan, top):.1f}" height="9" '
            f'fill="#3b6fb6"/>'
            f'<rect x="{LABEL}" y="{y + 10}" width="{_width(e.passed_on_yuan, top):.1f}" '
            f'height="9" fill="#3a9a5b"/>'
            f'<text x="{LABEL + BAR + 8}" y="{y + 13}"'
            f'{color}>'
            f'{escape(fmt(e.allocated_yuan) if e.allocated_yuan is not None else "?")} · '
            f'{escape(gap_text)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
