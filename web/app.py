"""The review page (issue 14): a thin Starlette layer over ``db.review`` and ``db.corrections``.

    app = create_app("sqlite:///notices.db")    # `notices serve` runs it with uvicorn

Viewing is open; changing anything needs a signed-in reviewer (``notices users
add``), a session cookie signed with a per-database secret (``db.users``)
and a CSRF token on every form.  Files are found by document id only.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from db.corrections import CorrectionError, add_correction, list_corrections
from db.flow_view import FlowEdge, fund_choices, fund_flow
from db.review import (
    SEVERITIES,
    NoticeFilter,
    data_version,
    flag_region,
    list_notices,
    notice_view,
    stored_files,
)
from db.store import connect
from db.users import app_secret, check_password
from web.charts import flow_svg
from web.pages import PageRenderer, verified_file

HERE = Path(__file__).resolve().parent
PAGE_SIZE = 50


@dataclass
class State:
    engine: Engine
    renderer: PageRenderer
    base: Path
    files: dict[tuple[object, ...], tuple[str, Path] | None]
    flows: dict[tuple[object, ...], tuple[FlowEdge, ...]]


def _state(request: Request) -> State:
    state: State = request.app.state.review
    return state


def _session(request: Request) -> Session:
    return Session(_state(request).engine)


def _csrf(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def _user(request: Request) -> str | None:
    user = request.session.get("user")
    return user if isinstance(user, str) else None


templates = Jinja2Templates(directory=str(HERE / "templates"))


def _render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    context = {"user": _user(request), "csrf": _csrf(request), **context}
    return templates.TemplateResponse(request, name, context, status_code=status)


async def _form_checked(request: Request) -> dict[str, str] | None:
    """The form's fields when its CSRF token matches the session's, else None."""
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    expected = request.session.get("csrf")
    given = fields.get("csrf", "")
    if not isinstance(expected, str) or not secrets.compare_digest(expected, given):
        return None
    return fields


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


# --- views ------------------------------------------------------------------------


def notices(request: Request) -> Response:
    q = request.query_params
    severity = q.get("severity") if q.get("severity") in SEVERITIES else None
    f = NoticeFilter(doc_number=q.get("doc_number") or None, issuer=q.get("issuer") or None,
                     year=_int(q.get("year")), fund=q.get("fund") or None,
                     region=q.get("region") or None, severity=severity)
    page = max(1, _int(q.get("page")) or 1)
    with _session(request) as s:
        result = list_notices(s, f, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    params = {k: v for k, v in q.items() if k != "page" and v}
    return _render(request, "list.html", {
        "page": result, "filter": f, "page_no": page, "page_size": PAGE_SIZE,
        "query": urlencode(params), "severities": SEVERITIES,
    })


def _stored_file(request: Request, doc_id: int) -> tuple[str, Path] | None:
    """(sha256, path) of the document's file as the database names it now; the check that
    the file still holds those bytes is cached by (path, size, mtime)."""
    state = _state(request)
    with _session(request) as s:
        candidates = stored_files(s, doc_id)
    if not candidates:
        return None
    key = (candidates, *(_stamp(state.base, raw) for _, raw in candidates))
    if key not in state.files:
        if len(state.files) > 4096:
            state.files.clear()
        state.files[key] = verified_file(candidates, state.base)
    return state.files[key]


def _stamp(base: Path, raw: str) -> tuple[int, int] | None:
    path = Path(raw) if Path(raw).is_absolute() else base / raw
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def notice(request: Request) -> Response:
    doc_id = int(request.path_params["doc_id"])
    with _session(request) as s:
        view = notice_view(s, doc_id)
    if view is None:
        return _render(request, "missing.html", {"what": f"notice {doc_id}"}, 404)
    stored = _stored_file(request, doc_id)
    sizes = _state(request).renderer.sizes(*stored) if stored else ()
    return _render(request, "notice.html", {
        "n": view, "sizes": sizes, "file_ok": stored is not None,
        "corrections": {c.field_path: c for c in view.corrections},
        "error": request.query_params.get("error"),
    })


def page_image(request: Request) -> Response:
    doc_id, page = int(request.path_params["doc_id"]), int(request.path_params["page"])
    stored = _stored_file(request, doc_id)
    data = _state(request).renderer.png(*stored, page) if stored else None
    if data is None:
        return PlainTextResponse("no such page", status_code=404)
    return Response(data, media_type="image/png", headers={"Cache-Control": "max-age=3600"})


def flag_crop(request: Request) -> Response:
    doc_id, flag_id = int(request.path_params["doc_id"]), int(request.path_params["flag_id"])
    with _session(request) as s:
        found = flag_region(s, doc_id, flag_id)
    stored = _stored_file(request, doc_id)
    if found is None or stored is None:
        return PlainTextResponse("no such flag region", status_code=404)
    page, region = found
    data = _state(request).renderer.png(*stored, page, region)
    if data is None:
        return PlainTextResponse("no such page", status_code=404)
    # a flag id may name another flag after a re-parse: never reuse a crop unasked
    return Response(data, media_type="image/png", headers={"Cache-Control": "no-cache"})


async def correct(request: Request) -> Response:
    doc_id = int(request.path_params["doc_id"])
    user = _user(request)
    fields = await _form_checked(request)
    if user is None or fields is None:
        return PlainTextResponse("sign in to correct values (and submit the page's form)",
                                 status_code=403)
    try:
        with _session(request) as s, s.begin():
            add_correction(s, doc_id, fields.get("field_path", ""), fields.get("value", ""),
                           reason=fields.get("reason", ""), author=user)
    except CorrectionError as e:
        query = urlencode({"error": str(e)})
        return RedirectResponse(f"/notices/{doc_id}?{query}", status_code=303)
    return RedirectResponse(f"/notices/{doc_id}#corrections", status_code=303)


def corrections(request: Request) -> Response:
    with _session(request) as s:
        rows = list_corrections(s)
    return _render(request, "corrections.html", {"rows": rows})


def flow(request: Request) -> Response:
    fund = request.query_params.get("fund") or None
    year = _int(request.query_params.get("year"))
    state = _state(request)
    with _session(request) as s:
        choices = fund_choices(s)
        edges: tuple[FlowEdge, ...] = ()
        if fund and year:
            # v_fund_flow is evaluated whole on SQLite: keep each answer until a notice changes
            key = (fund, year, data_version(s))
            if key not in state.flows:
                if len(state.flows) > 256:
                    state.flows.clear()
                state.flows[key] = fund_flow(s, fund, year)
            edges = state.flows[key]
    return _render(request, "flow.html", {
        "choices": choices, "fund": fund, "year": year, "edges": edges,
        "svg": flow_svg(edges) if edges else None,
    })


async def login(request: Request) -> Response:
    if request.method == "GET":
        return _render(request, "login.html", {"next": _safe_next(request.query_params.get("next")),
                                               "failed": False})
    fields = await _form_checked(request)
    if fields is None:
        return PlainTextResponse("the form expired: reload the page", status_code=403)
    name, password = fields.get("name", ""), fields.get("password", "")
    with _session(request) as s, s.begin():
        ok = check_password(s, name, password)
    target = _safe_next(fields.get("next"))
    if not ok:
        return _render(request, "login.html", {"next": target, "failed": True}, 401)
    request.session.clear()
    request.session["user"] = name.strip()
    request.session["csrf"] = secrets.token_urlsafe(32)
    return RedirectResponse(target, status_code=303)


async def logout(request: Request) -> Response:
    if await _form_checked(request) is not None:
        request.session.clear()
    return RedirectResponse("/", status_code=303)


def create_app(url: str | None = None, *, base: Path | None = None) -> Starlette:
    """The review application on database ``url``; relative stored paths resolve from ``base``."""
    engine = connect(url)
    with Session(engine) as s, s.begin():
        secret = app_secret(s, "session")
    routes = [
        Route("/", notices),
        Route("/notices/{doc_id:int}", notice),
        Route("/notices/{doc_id:int}/pages/{page:int}.png", page_image),
        Route("/notices/{doc_id:int}/flags/{flag_id:int}/crop.png", flag_crop),
        Route("/notices/{doc_id:int}/corrections", correct, methods=["POST"]),
        Route("/corrections", corrections),
        Route("/flow", flow),
        Route("/login", login, methods=["GET", "POST"]),
        Route("/logout", logout, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    middleware = [Middleware(SessionMiddleware, secret_key=secret, same_site="strict",
                             session_cookie="notices_review", max_age=12 * 3600)]
    app = Starlette(routes=routes, middleware=middleware)
    app.state.review = State(engine=engine, renderer=PageRenderer(),
                             base=base or Path.cwd(), files={}, flows={})
    return app
