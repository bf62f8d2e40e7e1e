"""Build tiny ``Table`` grids inline for parser tests.

``table([["单位名称", "合计", "其中：", "<"], ["^", "^", "提前", "此次"], ...])``:
``^`` merges a position with the cell above, ``<`` with the cell to the left;
the merged cell keeps the text of its top-left. ``from_tsv`` reads the seed
transcriptions (tab-separated, a leading tab = an empty cell) as unmerged
rows, padded to the widest row.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.core.model import BBox, Cell, Table

COL_W = 60.0
ROW_H = 20.0


def table(
    rows: Sequence[Sequence[str]],
    *,
    page: int = 1,
    confidence: float | None = None,
) -> Table:
    n_rows = len(rows)
    n_cols = max((len(r) for r in rows), default=0)
    grid = [list(r) + [""] * (n_cols - len(r)) for r in rows]
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            v = grid[r][c]
            if v == "<" and c > 0:
                owner[(r, c)] = owner[(r, c - 1)]
            elif v == "^" and r > 0:
                owner[(r, c)] = owner[(r - 1, c)]
            else:
                owner[(r, c)] = (r, c)
    extent: dict[tuple[int, int], list[int]] = {}
    for (r, c), o in owner.items():
        e = extent.setdefault(o, [r, c, r, c])
        e[2] = max(e[2], r)
        e[3] = max(e[3], c)
    cells: list[Cell] = []
    for (r0, c0), (_, _, r1, c1) in sorted(extent.items()):
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if owner[(r, c)] != (r0, c0):
                    raise ValueError(f"merged cell at {(r0, c0)} is not a rectangle")
        cells.append(
            Cell(
                row=r0,
                col=c0,
                text=grid[r0][c0],
                bbox=BBox(c0 * COL_W, r0 * ROW_H, (c1 + 1) * COL_W, (r1 + 1) * ROW_H),
                page=page,
                rowspan=r1 - r0 + 1,
                colspan=c1 - c0 + 1,
                confidence=confidence,
            )
        )
    return Table(
        cells=tuple(cells),
        n_rows=n_rows,
        n_cols=n_cols,
        bbox=BBox(0, 0, n_cols * COL_W, n_rows * ROW_H),
        page=page,
        pages=(page,),
    )


def from_tsv(text: str) -> Table:
    """Rows of tab-separated cells (blank lines ignored), no merges."""
    rows = [line.split("\t") for line in text.strip("\n").splitlines() if line.strip()]
    return table(rows)
