"""The `notices` command line (CONTRACT.md): parse, ingest, reparse, flags, export, eval.

stdout carries data only (JSON); logs, progress and summaries go to stderr.
Exit codes: 0 all good; 1 some inputs failed; 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

from pipeline.core.errors import InputError, NoticesError

DEFAULT_DB = "sqlite:///notices.db"
log = logging.getLogger("notices")


def _db_url(arg: str | None) -> str:
    return arg or os.environ.get("NOTICES_DB") or DEFAULT_DB


def _settings(args: argparse.Namespace) -> Any:
    from pipeline.run import Settings

    return Settings(
        ocr_engine=getattr(args, "ocr_engine", "auto"),
        dpi=getattr(args, "dpi", 200),
        ocr_cache=getattr(args, "ocr_cache", None),
        force_ocr=getattr(args, "force_ocr", False),
        debug_dir=getattr(args, "debug_dir", None),
        replay_dir=getattr(args, "replay_dir", None),
        budgets=_budgets(args),
    )


def _budgets(args: argparse.Namespace) -> Any:
    """Budgets from the --max-*/--*-timeout/--worker-memory-mb options (defaults in pipeline/read/budget.py)."""
    from dataclasses import fields

    from pipeline.read.budget import Budgets

    given = {f.name: getattr(args, f.name) for f in fields(Budgets) if getattr(args, f.name, None) is not None}
    return Budgets(**given)


def budget_opts(sp: argparse.ArgumentParser) -> None:
    """Per-document budgets; a file over one fails with a reason naming it, the batch goes on."""
    from pipeline.read.budget import Budgets

    d = Budgets()
    g = sp.add_argument_group("budgets per document")
    g.add_argument("--doc-timeout", type=float, metavar="S", help=f"wall-clock seconds per document (default {d.doc_timeout:g})")
    g.add_argument("--page-timeout", type=float, metavar="S", help=f"wall-clock seconds per OCR-ed page (default {d.page_timeout:g})")
    g.add_argument("--worker-memory-mb", type=int, metavar="MB", help=f"address space per worker (default {d.worker_memory_mb}; 0 = no limit)")
    g.add_argument("--max-stream-mb", type=float, metavar="MB", help=f"decoded size of any one stream (default {d.max_stream_mb:g})")
    g.add_argument("--max-content-mb", type=float, metavar="MB", help=f"decoded drawing content of one page (default {d.max_content_mb:g})")
    g.add_argument("--max-document-mb", type=float, metavar="MB", help=f"decoded size of all streams (default {d.max_document_mb:g})")
    g.add_argument("--max-image-mpixels", type=float, metavar="N", help=f"million pixels per image (default {d.max_image_mpixels:g})")
    g.add_argument("--max-pages", type=int, metavar="N", help=f"pages per document (default {d.max_pages})")
    g.add_argument("--max-depth", type=int, metavar="N", help=f"nesting depth of PDF objects (default {d.max_depth})")


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def cmd_parse(args: argparse.Namespace) -> int:
    from pipeline.core.render import dumps
    from pipeline.ingest import ocr_progress
    from pipeline.run import parse_document

    try:
        notice = parse_document(args.file, _settings(args), progress=ocr_progress(args.file))
    except InputError as e:
        from pipeline.events import Events

        Events(getattr(args, "log_format", "text")).say(
            "failed", f"notices: {args.file}: {e}", file=args.file, reason=str(e))
        return 1
    print(dumps(notice))
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from pipeline.ingest import ingest

    settings, workers = _settings(args), args.workers
    if getattr(args, "ray", None) is not None:  # --ray [ADDRESS]: the parse stage on Ray actors
        from dataclasses import replace

        from pipeline.workers.ray_executor import RayMissingError, connect

        try:
            cpus = connect(args.ray)
        except (RayMissingError, ConnectionError) as e:  # not installed; no cluster at ADDRESS
            _err(f"notices: {e}")
            return 2
        settings, workers = replace(settings, ray_address=args.ray), workers or cpus
    report = ingest(
        args.paths, _db_url(args.db), settings, workers=workers,
        log_format=args.log_format, lease=args.claim_lease, command=_command(args),
    )
    return report.exit_code if report.exit_code is not None else (1 if report.failed else 0)


def _command(args: argparse.Namespace) -> str:
    """The command line as recorded in ``runs`` (what the operator typed, without the db URL)."""
    argv = list(getattr(args, "argv", None) or [])
    if "--db" in argv:
        i = argv.index("--db")
        del argv[i:i + 2]
    return " ".join(["notices", *argv]) if argv else f"notices {args.command}"


def cmd_reparse(args: argparse.Namespace) -> int:
    from pipeline.reparse import Selection, reparse, reparse_all

    if args.all == (args.target is not None):
        _err("notices reparse: give a TARGET (file or 文号) or --all, not both")
        return 2
    filters = args.since or args.code or args.parser_older_than
    if filters and not args.all:
        _err("notices reparse: --since, --code and --parser-older-than go with --all")
        return 2
    if not args.all:
        return reparse(args.target, _db_url(args.db), _settings(args), command=_command(args),
                       log_format=args.log_format)
    sel = Selection(since=args.since, code=args.code, parser_older_than=args.parser_older_than)
    return reparse_all(_db_url(args.db), _settings(args), sel, workers=args.workers,
                       log_format=args.log_format, command=_command(args))


def cmd_history(args: argparse.Namespace) -> int:
    from pipeline.reparse import history

    return history(args.target, _db_url(args.db))


def cmd_runs(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from db.claims import live_claims
    from db.runs import last_runs
    from db.store import connect
    from pipeline.operator import format_runs, runs_json

    engine = connect(_db_url(args.db))
    with Session(engine) as s:
        runs = last_runs(s, args.last, failures_per_run=1000 if args.json else 10)
        claims = live_claims(s)
    engine.dispose()
    if args.json:
        print(json.dumps(runs_json(runs), ensure_ascii=False, indent=2))
    else:
        print(format_runs(runs, claims))
    return 0


def _date(text: str) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from e


def cmd_flags(args: argparse.Namespace) -> int:
    from pipeline.ingest import list_flags

    rows = list_flags(_db_url(args.db), code=args.code, severity=args.severity, doc_number=args.doc_number)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        _err("No open flags.")
        return 0
    from pipeline.ingest import format_flags

    print(format_flags(rows))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from db.export import export_views
    from db.store import connect

    engine = connect(_db_url(args.db))
    written = export_views(engine, args.format, Path(args.out))
    from pipeline.events import Events

    events = Events(getattr(args, "log_format", "text"))
    for p in written:
        events.say("wrote", f"wrote {p}", file=str(p))
    return 0


def cmd_db_grant_readonly(args: argparse.Namespace) -> int:
    """`notices db grant-readonly ROLE`: a PostgreSQL login that reads and never writes."""
    from db.grants import grant_readonly
    from db.migrate import make_engine
    from db.store import connect

    url = _db_url(args.db)
    if make_engine(url).dialect.name != "postgresql":
        _err(f"notices db grant-readonly: needs a PostgreSQL database (--db postgresql+psycopg://…),"
             f" not {url}; SQLite has no roles: give auditors a copy or `sqlite3 -readonly`")
        return 2
    password = os.environ.get(args.password_env) if args.password_env else None
    if args.password_env and password is None:
        _err(f"notices db grant-readonly: ${args.password_env} is not set")
        return 2
    engine = connect(url)  # the views exist before they are granted
    try:
        report = grant_readonly(engine, args.role, password=password)
    finally:
        engine.dispose()
    _err(f"{'created' if report.created else 'updated'} role {report.role}: reads "
         f"{report.relations} tables and views in {report.database}.{report.schema}, "
         f"and what {report.owner} creates there later; cannot write")
    for warning in report.warnings:
        _err(f"warning: {warning}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from pipeline.tools.eval_cli import run_eval

    return run_eval(Path(args.folder), _settings(args), pdf_name=args.pdf_name, show_diffs=args.diffs,
                    exclude=args.exclude, unseal=args.unseal)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="notices", description=__doc__.splitlines()[0])
    p.add_argument("-v", "--verbose", action="store_true", help="debug logs on stderr")
    sub = p.add_subparsers(dest="command", required=True)

    def ocr_opts(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--ocr-engine", default=os.environ.get("NOTICES_OCR_ENGINE", "auto"),
                        help="rapidocr (default via auto), paddleocr, tesseract, replay")
        sp.add_argument("--dpi", type=int, default=200, help="rasterisation dpi for OCR (default 200)")
        sp.add_argument("--ocr-cache", default=None, help="OCR cache directory (default ~/.cache/notices/ocr)")
        sp.add_argument("--force-ocr", action="store_true", help="OCR every page, ignore text layers")
        sp.add_argument("--replay-dir", help="recorded OCR boxes for --ocr-engine replay (default: FILE's folder/ocr)")
        budget_opts(sp)

    def log_opts(sp: argparse.ArgumentParser) -> None:
        from pipeline.events import LOG_FORMATS

        sp.add_argument(
            "--log-format", choices=LOG_FORMATS, default=os.environ.get("NOTICES_LOG_FORMAT", "text"),
            help="text (default): progress and a summary; json: one JSON object per event on stderr",
        )

    sp = sub.add_parser("parse", help="parse one notice and print its JSON; touches no database")
    sp.add_argument("file")
    sp.add_argument("--debug-dir", help="write page images with boxes, rulings and grids here")
    ocr_opts(sp)
    log_opts(sp)
    sp.set_defaults(func=cmd_parse)

    sp = sub.add_parser("ingest", help="ingest every PDF under the paths into the database")
    sp.add_argument("paths", nargs="+")
    sp.add_argument("--db", help=f"SQLAlchemy URL (default $NOTICES_DB or {DEFAULT_DB})")
    sp.add_argument(
        "--workers", type=int, default=0,
        help="parallel parser processes (default: one per CPU core; 1 = in this process)",
    )
    ocr_opts(sp)
    log_opts(sp)
    sp.add_argument(
        "--claim-lease", type=float, default=600.0, metavar="S",
        help="seconds a claim on a file lasts unless renewed (renewed while parsing; default 600): "
             "the files of a killed ingester are taken by the next one after this",
    )
    sp.add_argument(
        "--ray", nargs="?", const="", default=None, metavar="ADDRESS",
        help="parse on Ray actors (extra notices[ray]): no ADDRESS starts a local Ray instance; "
             "'auto' or ray://host:port joins a cluster; --workers is then the number of actors "
             "(default: one per CPU of the cluster)",
    )
    sp.set_defaults(func=cmd_ingest)

    sp = sub.add_parser(
        "reparse", help="re-parse one notice (file path or 文号) and show what changed, or --all of them",
    )
    sp.add_argument("target", nargs="?", help="a file path or a 文号")
    sp.add_argument("--db")
    sp.add_argument("--all", action="store_true", help="every stored notice (narrowed by the options below), in workers")
    sp.add_argument("--since", type=_date, metavar="DATE", help="only notices stored or re-parsed on or after DATE (UTC)")
    sp.add_argument("--code", metavar="FLAG", help="only notices with an open flag of this code")
    sp.add_argument("--parser-older-than", metavar="VERSION", help="only notices parsed by an older parser version")
    sp.add_argument("--workers", type=int, default=0, help="parallel parser processes for --all (default: one per core)")
    ocr_opts(sp)
    log_opts(sp)
    sp.set_defaults(func=cmd_reparse)

    sp = sub.add_parser("history", help="the versions of one notice and the per-field diff between them")
    sp.add_argument("target", help="a file path or a 文号")
    sp.add_argument("--db")
    sp.set_defaults(func=cmd_history)

    sp = sub.add_parser("runs", help="the last ingest/reparse runs: start, versions, counts, failures, exit code")
    sp.add_argument("--db")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--last", type=int, default=10, metavar="N", help="how many runs (default 10)")
    sp.set_defaults(func=cmd_runs)

    sp = sub.add_parser("flags", help="list the open inconsistency flags")
    sp.add_argument("--db")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--code", help="only this flag code (e.g. ALLOCATION_COLUMN_SUM)")
    sp.add_argument("--severity", choices=["error", "warning", "info"])
    sp.add_argument("--doc-number", help="only flags of this 文号")
    sp.set_defaults(func=cmd_flags)

    sp = sub.add_parser("export", help="write the auditor views as CSV or XLSX files")
    sp.add_argument("--format", choices=["csv", "xlsx"], required=True)
    sp.add_argument("--out", required=True)
    sp.add_argument("--db")
    log_opts(sp)
    sp.set_defaults(func=cmd_export)

    sp = sub.add_parser("db", help="database administration")
    db_sub = sp.add_subparsers(dest="db_command", required=True)
    sp = db_sub.add_parser("grant-readonly",
                           help="PostgreSQL: a login role that reads the views and tables, never writes")
    sp.add_argument("role")
    sp.add_argument("--db")
    sp.add_argument("--password-env", metavar="VAR",
                    help="set the role's password from this environment variable")
    sp.set_defaults(func=cmd_db_grant_readonly)

    sp = sub.add_parser("eval", help="per-field accuracy against every expected.json under a folder")
    sp.add_argument("folder")
    sp.add_argument("--pdf-name", default="notice.pdf", help="PDF beside each expected.json (default notice.pdf)")
    sp.add_argument("--diffs", action="store_true", help="print every differing field")
    sp.add_argument("--exclude", action="append", default=[], metavar="SUB",
                    help="sub-folder of FOLDER to leave out (repeatable), e.g. --exclude blind")
    sp.add_argument("--unseal", action="store_true",
                    help="also evaluate held-out splits (a folder with a SEALED file): the closing evaluation")
    ocr_opts(sp)
    log_opts(sp)
    sp.set_defaults(func=cmd_eval)

    from web.cli import add_subcommands  # serve, users add, corrections (the review page)

    add_subcommands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    from pipeline.events import configure_logging

    configure_logging(getattr(args, "log_format", "text"), logging.DEBUG if args.verbose else logging.WARNING)
    t0 = time.perf_counter()
    try:
        rc: int = args.func(args)
    except KeyboardInterrupt:
        _err("notices: interrupted")
        return 130
    except BrokenPipeError:  # `notices flags | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return 0
    except NoticesError as e:
        _err(f"notices: {e}")
        return 1
    except Exception as e:  # noqa: BLE001 - the one place that maps anything to an exit code
        if args.verbose:
            raise
        _err(f"notices: internal error: {type(e).__name__}: {e} (run with -v for details)")
        return 1
    log.debug("%s took %.2fs", args.command, time.perf_counter() - t0)
    return rc


if __name__ == "__main__":
    sys.exit(main())
