"""Lines above a table, with a line wrapped inside a bracket joined back to its tail.

A centred attachment title too long for one line wraps wherever the width ends, also inside
the bracket of a unit printed at its end (``…分配表（`` / ``单位：万元）``).  Read line by line,
the tail looks like a stray unit line and the title keeps a dangling ``（``; joined, the title
reads whole and its unit is found where it is printed.
"""

from __future__ import annotations

from collections.abc import Sequence

_PAIRS = (("（", "）"), ("(", ")"), ("〔", "〕"), ("《", "》"))


def _opens(text: str) -> bool:
    """More brackets opened than closed."""
    return any(text.count(a) > text.count(b) for a, b in _PAIRS)


def _closes_first(text: str) -> bool:
    """The line closes a bracket before it opens any: it continues the line above."""
    for ch in text:
        if any(ch == a for a, _ in _PAIRS):
            return False
        if any(ch == b for _, b in _PAIRS):
            return True
    return False


def join_bracket_wraps(lines: Sequence[str]) -> tuple[str, ...]:
    """Join each line left with an open bracket to the next line when that line closes it."""
    out: list[str] = []
    for line in lines:
        text = line.strip()
        if out and text and _opens(out[-1]) and _closes_first(text):
            out[-1] = out[-1] + text
        else:
            out.append(line)
    return tuple(out)
