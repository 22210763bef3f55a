"""Getting back in: POST /api/auth/password/forgotten and /api/auth/password/reset.

"Wachtwoord vergeten" always answers the same (`?sent=1`), whether or not the address
is known, after the same minimum time; every request counts against the asking IP
(`reset:<ip>`, 10 per 15 minutes), the account's own limit lives in the domain
(dossier/domain/password_reset.py). The mail goes out after the answer (a background
task runs the outbox; the lifespan worker retries what failed).

Setting the new password ends every session of the account and signs this browser in
with a fresh one: the person just proved the address and chose a password, so making
them type it again at once would only be a hurdle.
"""

from __future__ import annotations

import asyncio
import time

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dossier import routes
from dossier.api.http import (
    client,
    end_current_session,
    forbidden_cross_site,
    redirect,
    set_session_cookie,
)
from dossier.api.throttle import count_failure, refuse_if_throttled
from dossier.db import session_scope
from dossier.domain import password_reset, sessions, throttle
from dossier.domain.errors import InvalidInput
from dossier.domain.families import families_of
from dossier.domain.mail_tokens import MAX_TOKEN_LENGTH, LinkUnusable
from dossier.mail import outbox
from dossier.web import LANG_COOKIE

# Every "Wachtwoord vergeten" answer takes at least this long, so a known address (a
# token and a mail row written) and an unknown one (one lookup) cannot be told apart.
ANSWER_FLOOR = 0.4  # seconds
# Catalogue keys from the domain, as short codes for the address bar.
INPUT_ERRORS = {
    "reset.error.mismatch": "mismatch",
    "password.too_short": "too_short",
    "password.too_long": "too_long",
}


def _deliver_mail() -> None:
    """Run the outbox once, right after the answer (errors stay in the outbox's rows)."""
    try:
        outbox.run_once()
    except Exception:  # the lifespan worker tries again; never fail the request for this
        import logging

        logging.getLogger(__name__).exception("mail outbox round after a request failed")


def _request(email: str) -> None:
    with session_scope() as session:
        password_reset.request_reset(session, email)


async def forgotten(request: Request) -> Response:
    if forbidden_cross_site(request):
        return Response(status_code=403)
    started = time.monotonic()
    form = await request.form()
    email = str(form.get("email", "")).strip()[:254]
    if not email:
        return redirect(routes.PASSWORD_FORGOTTEN, error="missing")
    ip, _user_agent = client(request)
    keys = throttle.reset_keys(ip=ip)
    if refused := await refuse_if_throttled(keys, routes.PASSWORD_FORGOTTEN):
        return refused
    await count_failure(keys)  # every request counts: each may send a mail
    await run_in_threadpool(_request, email)
    if (left := ANSWER_FLOOR - (time.monotonic() - started)) > 0:
        await asyncio.sleep(left)
    response = redirect(routes.PASSWORD_FORGOTTEN, sent="1")
    response.background = BackgroundTask(run_in_threadpool, _deliver_mail)
    return response


def _reset(token: str, password: str, repeat: str, ip: str, user_agent: str) -> tuple[str, str]:
    """(new session token, locale); raises InvalidInput or LinkUnusable, saving nothing."""
    with session_scope() as session:
        user = password_reset.reset_password(
            session, token=token, password=password, repeat=repeat, ip=ip, user_agent=user_agent
        )
        assert user.id is not None  # read from the database
        families = families_of(session, user_id=user.id)
        session_token = sessions.start_session(
            session,
            user_id=user.id,
            family_id=families[0].family_id if families else None,
            ip=ip,
            user_agent=user_agent,
        )
        return session_token, user.locale


async def reset(request: Request) -> Response:
    if forbidden_cross_site(request):
        return Response(status_code=403)
    form = await request.form()
    token = str(form.get("token", ""))[:MAX_TOKEN_LENGTH]
    password = str(form.get("password", ""))[:1024]
    repeat = str(form.get("repeat", ""))[:1024]
    if not password or not repeat:
        return redirect(routes.PASSWORD_RESET, token=token, error="missing")
    ip, user_agent = client(request)
    keys = throttle.reset_keys(ip=ip)  # only dead links count here
    if refused := await refuse_if_throttled(keys, routes.PASSWORD_RESET, token=token):
        return refused
    try:
        session_token, locale = await run_in_threadpool(
            _reset, token, password, repeat, ip, user_agent
        )
    except InvalidInput as problem:
        code = INPUT_ERRORS.get(problem.message_key, "missing")
        return redirect(routes.PASSWORD_RESET, token=token, error=code)
    except LinkUnusable:
        await count_failure(keys)
        return redirect(routes.PASSWORD_RESET, token=token)  # the page says the link is dead
    await run_in_threadpool(end_current_session, request)
    response = redirect(routes.OVERVIEW)
    set_session_cookie(response, session_token)
    response.set_cookie(LANG_COOKIE, locale, max_age=365 * 24 * 3600, samesite="lax")
    return response


def password_reset_routes() -> list[Route]:
    return [
        Route("/api/auth/password/forgotten", forgotten, methods=["POST"]),
        Route("/api/auth/password/reset", reset, methods=["POST"]),
    ]
