"""What every HTTP route shares: the client, cookies, redirects and small answers.

Nothing here knows who is asking (that is dossier/api/identity.py) and nothing here
imports another module of dossier/api, so every route module can build on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from dossier.db import session_scope
from dossier.domain import sessions
from dossier.settings import get_settings
from dossier.web import is_same_origin, read_cookie

NO_STORE = {"Cache-Control": "no-store"}


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def client(request: Request) -> tuple[str, str]:
    """(ip, user agent) as the access log keeps them."""
    return client_ip(request), request.headers.get("user-agent", "")[:300]


def cookie(request: Request, name: str) -> str | None:
    return read_cookie(request.headers.get("cookie", ""), name)


def session_token(request: Request) -> str | None:
    """The login session cookie's value, as sent; whether it is live is identity's job."""
    return cookie(request, get_settings().session_cookie_name)


def redirect(path: str, **query: str) -> RedirectResponse:
    """303 to a page of this app, with `query` in the address."""
    suffix = f"?{urlencode(query)}" if query else ""
    return RedirectResponse(f"{get_settings().origin}{path}{suffix}", status_code=303)


def no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def json_answer(code: int, body: Mapping[str, Any] | None = None, /, **fields: Any) -> JSONResponse:
    """A small JSON answer that is never cached on the way: `body` and/or `fields`."""
    return JSONResponse({**(body or {}), **fields}, status_code=code, headers=NO_STORE)


def forbidden_cross_site(request: Request) -> bool:
    """A form post or fetch from another site (CSRF): the route answers 403."""
    return not is_same_origin(
        get_settings(), request.headers.get("origin"), request.headers.get("sec-fetch-site")
    )


def set_session_cookie(response: Response, token: str) -> None:
    settings = get_settings()
    response.set_cookie(
        settings.session_cookie_name,
        token,
        max_age=settings.session_absolute_hours * 3600,
        path="/",
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
    )


def clear_session_cookie(response: Response) -> None:
    settings = get_settings()
    response.delete_cookie(
        settings.session_cookie_name, path="/", secure=settings.secure_cookies, httponly=True
    )


def end_current_session(request: Request) -> None:
    """Ends the session this browser's cookie names (any kind); runs in a thread."""
    token = session_token(request)
    if token:
        with session_scope() as session:
            sessions.end_session(session, token)
