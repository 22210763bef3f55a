"""GET /api/k/<token>: a sibling opens their personal check-in link (or scans its QR code).

A live link starts a *link session* (dossier/domain/checkin_links.py), sets the session
cookie and sends the browser to the sibling's check-in screen (/mijn-check-in); that
session reaches nothing else. Whoever was signed in on this browser before (a parent
on the shared family tablet) is signed out in the same transaction, and the browser's
stored page state is cleared, so nothing of theirs stays behind for the child.

A dead link (unknown, revoked, the sibling left) goes to the login page, which says
the link no longer works, and counts as a failure against the client's IP: from the
21st in a minute even a good link waits (Retry-After), which makes guessing hopeless.
The token is never put anywhere but the database lookup; answers are not cached.
A HEAD request (link checkers) opens nothing.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dossier import routes
from dossier.api import _client, _redirect, _set_session_cookie
from dossier.api_throttle import client_ip, count_failure, refuse_if_throttled
from dossier.db import session_scope
from dossier.domain import sessions, throttle
from dossier.domain.checkin_links import LINK_PATH, MAX_TOKEN_LENGTH, open_link
from dossier.settings import get_settings
from dossier.web import read_cookie

DEAD_LINK_REASON = "link"  # /login?reason=link: "this link no longer works"


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _open(token: str, previous: str | None, ip: str, user_agent: str) -> str | None:
    """The new link session's token, with the browser's earlier session ended; or None."""
    with session_scope() as session:
        new_token = open_link(session, token, ip=ip, user_agent=user_agent)
        if new_token is not None and previous:
            sessions.end_session(session, previous)
        return new_token


async def open_checkin_link(request: Request) -> Response:
    if request.method == "HEAD":  # link checkers and previews: open nothing, count nothing
        return _no_store(Response(status_code=204))
    token = str(request.path_params.get("token", ""))[: MAX_TOKEN_LENGTH + 1]
    keys = throttle.link_keys(ip=client_ip(request))
    if refused := await refuse_if_throttled(keys, routes.LOGIN):
        return _no_store(refused)
    ip, user_agent = _client(request)
    previous = read_cookie(request.headers.get("cookie", ""), get_settings().session_cookie_name)
    session_token = await run_in_threadpool(_open, token, previous, ip, user_agent)
    if session_token is None:
        await count_failure(keys)
        return _no_store(_redirect(routes.LOGIN, reason=DEAD_LINK_REASON))
    response = _redirect(routes.MY_CHECKIN)
    _set_session_cookie(response, session_token)
    # A fresh start for the child: no page state of whoever used this browser before.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return _no_store(response)


def checkin_link_routes() -> list[Route]:
    return [Route(LINK_PATH + "{token}", open_checkin_link, methods=["GET"])]
