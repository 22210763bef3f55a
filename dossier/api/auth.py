"""POST /api/auth/login and /api/auth/logout (the only password login), GET /api/health."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from dossier.api.http import (
    clear_session_cookie,
    client,
    end_current_session,
    forbidden_cross_site,
    redirect,
    set_session_cookie,
)
from dossier.api.throttle import count_failure, count_success, refuse_if_throttled
from dossier.db import database_ok, session_scope
from dossier.domain import sessions, throttle
from dossier.domain.accounts import authenticate
from dossier.domain.families import families_of
from dossier.settings import get_settings
from dossier.web import LANG_COOKIE


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
    if forbidden_cross_site(request):
        return Response(status_code=403)
    form = await request.form()
    email = str(form.get("email", "")).strip()[:254]
    password = str(form.get("password", ""))[:1024]
    if not email or not password:
        return redirect("/login", error="missing")
    ip, user_agent = client(request)
    keys = throttle.login_keys(ip=ip, email=email)  # 20 failures a minute per IP; per account
    if refused := await refuse_if_throttled(keys, "/login"):  # a growing wait from the 5th
        return refused
    # The old session (if any) ends: a login always gets a fresh session id.
    await run_in_threadpool(end_current_session, request)
    result = await run_in_threadpool(_sign_in, email, password, ip, user_agent)
    if result is None:
        await count_failure(keys)
        return redirect("/login", error="invalid")
    await count_success(throttle.account_key(email))
    token, locale = result
    response = redirect("/")
    set_session_cookie(response, token)
    response.set_cookie(LANG_COOKIE, locale, max_age=365 * 24 * 3600, samesite="lax")
    return response


async def logout(request: Request) -> Response:
    if forbidden_cross_site(request):
        return Response(status_code=403)
    await run_in_threadpool(end_current_session, request)
    response = redirect("/login", bye="1")
    clear_session_cookie(response)
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


def auth_routes() -> list[Route]:
    return [
        Route("/api/health", health, methods=["GET"]),
        Route("/api/auth/login", login, methods=["POST"]),
        Route("/api/auth/logout", logout, methods=["POST"]),
    ]
