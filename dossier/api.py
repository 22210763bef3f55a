"""Starlette routes: health, login and logout (the only place the session cookie is set)."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from dossier.api_sessions import session_routes
from dossier.api_throttle import count_failure, count_success, refuse_if_throttled
from dossier.db import database_ok, session_scope
from dossier.domain import sessions, throttle
from dossier.domain.accounts import authenticate
from dossier.domain.families import families_of
from dossier.settings import get_settings
from dossier.web import LANG_COOKIE, is_same_origin, read_cookie


def _client(request: Request) -> tuple[str, str]:
    ip = request.client.host if request.client else ""
    return ip, request.headers.get("user-agent", "")[:300]


def _redirect(path: str, **query: str) -> RedirectResponse:
    suffix = f"?{urlencode(query)}" if query else ""
    return RedirectResponse(f"{get_settings().origin}{path}{suffix}", status_code=303)


def _forbidden_cross_site(request: Request) -> bool:
    return not is_same_origin(
        get_settings(), request.headers.get("origin"), request.headers.get("sec-fetch-site")
    )


def _sign_in(email: str, password: str, ip: str, user_agent: str) -> tuple[str, str] | None:
    """(token, locale) for a right password; hashing is slow, so this runs in a thread."""
    with session_scope() as session:
        user = authenticate(session, email=email, password=password, ip=ip, user_agent=user_agent)
        if user is None or user.id is None:
            return None
        families = families_of(session, user_id=user.id)
        family_id = families[0].family_id if families else None
        token = sessions.start_session(
            session, user_id=user.id, family_id=family_id, ip=ip, user_agent=user_agent
        )
        return token, user.locale


async def login(request: Request) -> Response:
    if _forbidden_cross_site(request):
        return Response(status_code=403)
    form = await request.form()
    email = str(form.get("email", "")).strip()[:254]
    password = str(form.get("password", ""))[:1024]
    if not email or not password:
        return _redirect("/login", error="missing")
    ip, user_agent = _client(request)
    keys = throttle.login_keys(ip=ip, email=email)  # 20 failures a minute per IP; per account
    if refused := await refuse_if_throttled(keys, "/login"):  # a growing wait from the 5th
        return refused
    # The old session (if any) ends: a login always gets a fresh session id.
    await run_in_threadpool(_end_current_session, request)
    result = await run_in_threadpool(_sign_in, email, password, ip, user_agent)
    if result is None:
        await count_failure(keys)
        return _redirect("/login", error="invalid")
    await count_success(throttle.account_key(email))
    token, locale = result
    response = _redirect("/")
    _set_session_cookie(response, token)
    response.set_cookie(LANG_COOKIE, locale, max_age=365 * 24 * 3600, samesite="lax")
    return response


def _set_session_cookie(response: Response, token: str) -> None:
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


def _end_current_session(request: Request) -> None:
    token = read_cookie(request.headers.get("cookie", ""), get_settings().session_cookie_name)
    if token:
        with session_scope() as session:
            sessions.end_session(session, token)


async def logout(request: Request) -> Response:
    if _forbidden_cross_site(request):
        return Response(status_code=403)
    await run_in_threadpool(_end_current_session, request)
    response = _redirect("/login", bye="1")
    settings = get_settings()
    response.delete_cookie(
        settings.session_cookie_name, path="/", secure=settings.secure_cookies, httponly=True
    )
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


async def health(_request: Request) -> JSONResponse:
    database = await run_in_threadpool(database_ok)
    redis_status = await run_in_threadpool(_redis_status)
    healthy = database and redis_status != "down"
    body = {
        "status": "ok" if healthy else "unavailable",
        "database": "ok" if database else "down",
        "redis": redis_status,
    }
    return JSONResponse(body, status_code=200 if healthy else 503)


def _redis_status() -> str:
    url = get_settings().redis_url
    if not url:
        return "not configured"
    import redis  # only needed when Redis is configured

    try:
        redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return "down"
    return "ok"


def build_api() -> Starlette:
    from dossier.api_calendar import calendar_routes  # it builds on the helpers above too
    from dossier.api_checkin_export import checkin_export_routes  # builds on the helpers too
    from dossier.api_checkin_links import checkin_link_routes  # it builds on the helpers too
    from dossier.api_invitations import invitation_routes  # it builds on the helpers above
    from dossier.api_live import live_routes
    from dossier.api_offline import offline_routes  # it builds on the helpers above too
    from dossier.api_oidc import oidc_routes  # it builds on the helpers above too
    from dossier.api_push import push_routes  # it builds on the helpers above too
    from dossier.api_push_keys import push_key_routes

    return Starlette(
        routes=[
            Route("/api/health", health, methods=["GET"]),
            Route("/api/auth/login", login, methods=["POST"]),
            Route("/api/auth/logout", logout, methods=["POST"]),
            *session_routes(),  # GET /api/auth/session: time left, for the idle warning
            *invitation_routes(),
            *live_routes(),
            *oidc_routes(),
            *calendar_routes(),  # GET /api/calendar/<token>.ics: no cookie, the token is the key
            *checkin_export_routes(),  # GET /api/checkins/export.csv: the login cookie is the key
            *checkin_link_routes(),  # GET /api/k/<token>: a sibling's personal check-in link
            *push_routes(),  # POST/DELETE /api/push/subscriptions: this browser's push
            *push_key_routes(),  # GET /api/push/vapid-public-key: no login needed
            *offline_routes(),  # GET /api/offline/snapshot: this device's offline card
        ]
    )
