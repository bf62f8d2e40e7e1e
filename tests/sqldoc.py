"""docs/sql.md's example queries with their outputs, and docs/schema.md's diagram.

    .venv/bin/python -m tests.sqldoc --update   # re-run every query, rewrite the outputs,
                                                # redraw the schema from the models
    .venv/bin/python -m tests.sqldoc            # say what is stale (exit 1), change nothing

Each example in docs/sql.md is a ```sql block followed by a ```text block:
what the ``sqlite3`` command-line shell prints for it (``.headers on``, list
mode) over the example database, which holds the notices of
``EXAMPLE_PDFS`` ingested as ``notices ingest`` stores them.
tests/test_db_docs.py checks that every output is still what both
databases return.  docs/schema.md is drawn from the SQLAlchemy models with
paracelsus (mermaid ``erDiagram``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "sql.md"
SCHEMA = ROOT / "docs" / "schema.md"
SAMPLES = ROOT / "samples"
EXAMPLE_PDFS = (
    *sorted((SAMPLES / "chain").glob("c*/notice.pdf")),
    SAMPLES / "seed000" / "notice.pdf",
    SAMPLES / "seed002" / "notice.pdf",
)
FIRST = 5  # the queries a new user pastes into `sqlite3 notices.db` after `make demo`
UPDATE = ".venv/bin/python -m tests.sqldoc --update"

_EXAMPLE = re.compile(r"```sql\n(?P<sql>.*?)```\n+```text\n(?P<output>.*?)```", re.S)


@dataclass(frozen=True, slots=True)
class Example:
    sql: str
    output: str  # as the sqlite3 shell prints it: a header line, then rows, cells split by |
    start: int  # span of the output text in the document
    end: int


def examples(text: str) -> list[Example]:
    return [Example(m.group("sql"), m.group("output"), m.start("output"), m.end("output"))
            for m in _EXAMPLE.finditer(text)]


def sql_blocks(text: str) -> list[str]:
    return re.findall(r"```sql\n(.*?)```", text, re.S)


# --- the example database ----------------------------------------------------------------


def ingest_examples(engine: Engine, pdfs: Sequence[Path] = EXAMPLE_PDFS) -> None:
    """Parse and store the notices one transaction each, with the database checks."""
    from db.checks import check_database
    from db.store import save_notice
    from pipeline.core.render import dumps
    from pipeline.run import Settings, parse_document

    settings = Settings(ocr_cache="")
    for pdf in pdfs:
        notice = parse_document(pdf, settings)
        with Session(engine) as s, s.begin():
            doc = save_notice(s, notice, file_name=pdf.name,
                              file_path=str(pdf.relative_to(ROOT)), rendered_json=dumps(notice))
            check_database(s, [doc])


def sqlite_shell() -> str | None:
    return shutil.which("sqlite3")


def run_shell(db_file: Path, sql: str) -> str:
    """What ``sqlite3`` prints for ``sql`` with headers on (errors raise)."""
    shell = sqlite_shell()
    if shell is None:
        raise RuntimeError("the sqlite3 shell is not installed: bash scripts/sysdeps.sh")
    done = subprocess.run([shell, "-bail", "-header", str(db_file)], input=sql,
                          capture_output=True, text=True, check=False, timeout=120)
    if done.returncode != 0 or done.stderr:
        raise RuntimeError(f"sqlite3 failed on:\n{sql}\n{done.stderr}")
    return done.stdout


# --- comparing a database's rows with the printed output -----------------------------------


def _same(printed: str, value: object) -> bool:
    if value is None:
        return printed == ""
    if isinstance(value, bool):
        return printed == ("1" if value else "0")
    if isinstance(value, int | float | Decimal):
        try:
            return Decimal(printed) == Decimal(str(value))
        except InvalidOperation:
            return False
    if isinstance(value, dt.date):
        return printed == value.isoformat()
    return printed == str(value)


def differences(output: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """Where ``rows`` differ from the printed ``output`` (empty: the same)."""
    lines = output.splitlines()
    if not lines:
        return [f"the guide prints nothing; the database returns {len(rows)} rows"]
    out = []
    if lines[0].split("|") != list(columns):
        out.append(f"columns: printed {lines[0]!r}, returned {'|'.join(columns)!r}")
    if len(lines) - 1 != len(rows):
        out.append(f"rows: printed {len(lines) - 1}, returned {len(rows)}")
    for n, (line, row) in enumerate(zip(lines[1:], rows, strict=False), start=1):
        cells = line.split("|")
        if len(cells) != len(row) or not all(_same(c, v) for c, v in zip(cells, row,
                                                                        strict=False)):
            out.append(f"row {n}: printed {line!r}, returned {tuple(row)!r}")
    return out


# --- the schema diagram --------------------------------------------------------------------


def mermaid() -> str:
    """The tables of every ``db`` model as a mermaid erDiagram (paracelsus)."""
    from paracelsus.transformers.mermaid import Mermaid

    from db.models import Base

    return str(Mermaid(Base.metadata, "preserve-order", omit_comments=True)).strip()


def schema_markdown() -> str:
    return (
        "# The tables of `notices`\n\n"
        f"<!-- generated from db/models.py by `{UPDATE}`: do not edit by hand -->\n\n"
        "Auditors query the views (docs/sql.md), not these tables: the tables may\n"
        "change between versions, the views' columns only grow. Every table below\n"
        "is created by the Alembic migrations in `db/migrations/`.\n\n"
        f"```mermaid\n{mermaid()}\n```\n"
    )


# --- update / check --------------------------------------------------------------------------


def refreshed_doc(text: str, db_file: Path) -> str:
    """``text`` with every example's output replaced by what sqlite3 prints now."""
    parts, last = [], 0
    for example in examples(text):
        parts += [text[last:example.start], run_shell(db_file, example.sql)]
        last = example.end
    return "".join(parts) + text[last:]


def build_example_sqlite(directory: Path) -> Path:
    from db.store import connect

    db_file = directory / "examples.db"
    engine = connect(f"sqlite:///{db_file}")
    try:
        ingest_examples(engine)
    finally:
        engine.dispose()
    return db_file


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="rewrite docs/sql.md and "
                        "docs/schema.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db_file = build_example_sqlite(Path(tmp))
        text = DOC.read_text(encoding="utf-8")
        new = refreshed_doc(text, db_file)
    schema = schema_markdown()
    stale = [p for p, new_text in ((DOC, new), (SCHEMA, schema))
             if not p.exists() or p.read_text(encoding="utf-8") != new_text]
    if args.update:
        DOC.write_text(new, encoding="utf-8")
        SCHEMA.write_text(schema, encoding="utf-8")
        print(f"wrote {DOC.relative_to(ROOT)} and {SCHEMA.relative_to(ROOT)}", file=sys.stderr)
        return 0
    for path in stale:
        print(f"{path.relative_to(ROOT)} is stale: {UPDATE}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
