"""`notices serve`, `notices users add NAME`, `notices corrections` (issue 14).

Added to the `notices` parser by ``pipeline.cli`` (:func:`add_subcommands`).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from typing import Any


def _url(args: argparse.Namespace) -> str:
    from db.store import resolve_url

    return resolve_url(args.db)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from web.app import create_app

    app = create_app(_url(args))
    if args.host not in {"127.0.0.1", "localhost", "::1"}:
        print(f"notices serve: listening on {args.host}, not only on this machine: sign-in "
              "passwords and session cookies travel unencrypted unless a TLS proxy is in front",
              file=sys.stderr)
    url = f"http://{args.host}:{args.port}/"
    from pipeline.events import Events

    Events(args.log_format).say("serving", f"notices review page: {url}", url=url, host=args.host,
                                port=args.port)
    # log_config=None: uvicorn's records go through the handler the CLI set up (text or JSON)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", log_config=None)
    return 0


def _password(args: argparse.Namespace) -> str | None:
    if args.password_env:
        return os.environ.get(args.password_env)
    first = getpass.getpass(f"password for {args.name}: ")
    again = getpass.getpass("again: ")
    return first if first == again else None


def cmd_users_add(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from db.store import connect
    from db.users import add_user

    password = _password(args)
    if not password:
        print("notices users add: no password (empty, unset variable, or the two differ)",
              file=sys.stderr)
        return 2
    engine = connect(_url(args))
    with Session(engine) as s, s.begin():
        add_user(s, args.name, password, replace=args.replace)
    engine.dispose()
    print(f"user {args.name} may now sign in to the review page", file=sys.stderr)
    return 0


def cmd_corrections(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from db.corrections import list_corrections
    from db.store import connect

    engine = connect(_url(args))
    with Session(engine) as s:
        rows = list_corrections(s)
    engine.dispose()
    if args.json:
        print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        print(f"{r.doc_number or r.document_id}\t{r.field_path}\t{r.value_as_parsed} -> "
              f"{r.corrected_value}\t{r.status}\t{r.author}\t{r.created_at:%Y-%m-%d %H:%M}\t"
              f"{r.reason}")
    if not rows:
        print("no corrections", file=sys.stderr)
    return 0


def add_subcommands(sub: Any) -> None:
    """Add serve, users and corrections to the `notices` subparsers ``sub``."""
    sp = sub.add_parser("serve", help="the review page: page images, value boxes, flags, corrections")
    sp.add_argument("--db")
    sp.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sp.add_argument("--port", type=int, default=8000)
    sp.add_argument(
        "--log-format", choices=["text", "json"], default=os.environ.get("NOTICES_LOG_FORMAT", "text"),
        help="text (default) or json: one JSON object per event on stderr",
    )
    sp.set_defaults(func=cmd_serve)

    sp = sub.add_parser("users", help="reviewers who may sign in to the review page")
    users = sp.add_subparsers(dest="users_command", required=True)
    sp = users.add_parser("add", help="add a reviewer (password from a prompt or --password-env)")
    sp.add_argument("name")
    sp.add_argument("--db")
    sp.add_argument("--password-env", metavar="VAR", help="read the password from this variable")
    sp.add_argument("--replace", action="store_true", help="set a new password for an existing user")
    sp.set_defaults(func=cmd_users_add)

    sp = sub.add_parser("corrections", help="reviewers' corrections with who, when, reason, status")
    sp.add_argument("--db")
    sp.add_argument("--json", action="store_true", help="print a JSON list")
    sp.set_defaults(func=cmd_corrections)
