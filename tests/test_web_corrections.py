"""Pure parts of the corrections and the review page: field paths, statuses, flag regions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from db.corrections import _MISSING as MISSING
from db.corrections import (
    CorrectionError,
    as_text,
    cell_indexes,
    decide,
    parse_amount,
    path_steps,
    same,
    value_at,
)
from db.review import Box, region_of

NOTICE = {"title": "关于下达资金的通知", "issuers": ["甲财政局", "乙民政局"],
          "allocation_tables": [{"unit": "万元", "rows": [{"values": [690, None, 9.2128]}]}]}


@pytest.mark.parametrize(("path", "value"), [
    ("title", "关于下达资金的通知"),
    ("issuers[1]", "乙民政局"),
    ("allocation_tables[0].rows[0].values[0]", 690),
    ("allocation_tables[0].rows[0].values[1]", None),
    ("allocation_tables[0].unit", "万元"),
])
def test_value_at(path: str, value: object) -> None:
    assert value_at(NOTICE, path) == value


@pytest.mark.parametrize("path", ["issuers[2]", "allocation_tables[1].rows", "nope",
                                  "title[0]", "issuers.x"])
def test_value_at_missing(path: str) -> None:
    assert value_at(NOTICE, path) is MISSING


@pytest.mark.parametrize("path", ["", "[0]", "../etc", "a[b]", "a..b[", "/etc/passwd"])
def test_bad_paths_are_refused(path: str) -> None:
    with pytest.raises(CorrectionError):
        path_steps(path)


def test_cell_indexes() -> None:
    assert cell_indexes("allocation_tables[2].rows[13].values[4]") == (2, 13, 4)
    assert cell_indexes("allocation_tables[2].rows[13]") is None


@pytest.mark.parametrize(("as_parsed", "corrected", "now", "status"), [
    ("250", "260", "250", "applied"),
    ("250", "260", "260", "confirmed"),
    ("250", "260", "260.00", "confirmed"),
    ("250", "260", "270", "conflict"),
    ("250", "260", None, "conflict"),       # the value is gone
    (None, "260", None, "applied"),         # an empty cell filled in, still empty
    ("甲", "乙", "甲", "applied"),
    ("甲", "乙", "丙", "conflict"),
])
def test_decide(as_parsed: str | None, corrected: str, now: str | None, status: str) -> None:
    assert decide(as_parsed, corrected, now) == status


def test_numbers_as_text_and_amounts() -> None:
    assert as_text(9.2128) == "9.2128" and as_text(690) == "690" and as_text(None) is None
    assert same("690", "690.0") and not same("690", "69") and same(None, None)
    assert parse_amount("1,234.50") == Decimal("1234.5")
    for bad in ("", "abc", "NaN", "Infinity"):
        with pytest.raises(CorrectionError):
            parse_amount(bad)


def test_region_of_a_flag_is_the_union_under_its_subject() -> None:
    boxes = {
        "allocation_tables[0].rows[1].values[0]": Box(2, 100, 200, 150, 210),
        "allocation_tables[0].rows[1].values[1]": Box(2, 160, 200, 210, 210),
        "allocation_tables[0].rows[10].values[0]": Box(2, 100, 400, 150, 410),
        "title": Box(1, 50, 50, 500, 70),
    }
    assert region_of(boxes, "allocation_tables[0].rows[1]", 2) == Box(2, 100, 200, 210, 210)
    assert region_of(boxes, "allocation_tables[0].rows[1].values[1]", None) == boxes[
        "allocation_tables[0].rows[1].values[1]"]
    assert region_of(boxes, "title", 2) is None
    assert region_of(boxes, None, 1) is None


def test_web_holds_no_parsing_or_sql() -> None:
    """STYLE.md: the review page is a thin layer: db/ queries and pipeline renderers only."""
    import ast
    from pathlib import Path

    web = Path(__file__).resolve().parents[1] / "web"
    for path in sorted(web.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("parsers", "pdfplumber", "rapidocr")), (path, name)
                if path.name != "bench.py":  # the benchmark parses samples to fill a database
                    assert not name.startswith("pipeline.run"), (path, name)
        assert "SELECT " not in source.upper().replace("SELECTED", ""), path
