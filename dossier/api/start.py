"""POST /api/auth/start: a parent starts a dossier (an account, the family, a session).

A plain form post from /starten, like the login: only a server answer can set the
HttpOnly session cookie. Refused from another site (CSRF), throttled per IP where every
attempt counts (each makes an account and may mail the owner of an address), and the
slow argon2 work runs in a thread. The rules are in dossier/domain/starting.py; an
address already in use gets no answer of its own: the dossier is then started for a
provisional account and the owner gets the claim mail (dossier/domain/provisional.py).

Answers (303): a bad field back to /starten?error=<code> (name and e-mail are kept by
assets/connectivity.js, never the password); a started dossier to / with a fresh session
cookie, whichever account it was started for.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dossier import routes
from dossier.api.http import (
    client,
    cookie,
    end_current_session,
    forbidden_cross_site,
    redirect,
    set_session_cookie,
)
from dossier.api.throttle import count_failure, refuse_if_throttled
from dossier.db import session_scope
from dossier.domain import sessions, throttle
from dossier.domain.email_confirmation import request_confirmation
from dossier.domain.errors import InvalidInput
from dossier.domain.provisional import request_claim
from dossier.domain.starting import StartForm, check_start, start_dossier
from dossier.mail import outbox
from dossier.models import User, saved_id
from dossier.web import LANG_COOKIE

# Catalogue keys of the form check, as short codes for the address bar (state/start.py
# turns them back into words).
INPUT_ERRORS = {
    "error.name_required": "name",
    "error.invisible_text": "invisible",
    "error.email_invalid": "email_invalid",
    "password.too_short": "too_short",
    "password.too_long": "too_long",
    "start.error.too_long": "too_long_text",
    "start.error.family_missing": "family",
    "start.error.child_missing": "child",
    "start.error.year_missing": "year_missing",
    "start.error.year_format": "year_format",
    "start.error.year_future": "year_future",
    "start.error.year_old": "year_old",
}
FIELDS = ("name", "email", "family_name", "child_name", "birth_year")


def _start(form: StartForm, locale: str, ip: str, user_agent: str) -> tuple[str, str]:
    """(session token, locale); slow: runs in a thread."""
    with session_scope() as session:
        result = start_dossier(session, form, locale=locale, ip=ip, user_agent=user_agent)
        user = session.get(User, result.user_id)
        if user is None:  # start_dossier always has one: never here
            raise InvalidInput("error.generic")
        if result.provisional:
            if result.mail_owner:
                request_claim(session, user)  # to the owner: "Was jij dit? ..."
        elif result.new_user:
            request_confirmation(session, user)  # "Bevestig je e-mailadres"
        token = sessions.start_session(
            session,
            user_id=saved_id(user),
            family_id=result.family_id,
            ip=ip,
            user_agent=user_agent,
        )
        return token, user.locale


async def start(request: Request) -> Response:
    if forbidden_cross_site(request):
        return Response(status_code=403)
    form = await request.form()
    raw = {field: str(form.get(field, ""))[:254] for field in FIELDS}
    password = str(form.get("password", ""))[:1024]
    if not (raw["name"].strip() and raw["email"].strip() and password):
        return redirect(routes.START, error="missing")
    try:
        checked = check_start(
            name=raw["name"],
            email=raw["email"],
            password=password,
            family_name=raw["family_name"],
            child_name=raw["child_name"],
            birth_year=raw["birth_year"],
        )
    except InvalidInput as problem:
        return redirect(routes.START, error=INPUT_ERRORS.get(problem.message_key, "missing"))
    ip, user_agent = client(request)
    keys = throttle.start_keys(ip=ip)
    if refused := await refuse_if_throttled(keys, routes.START):
        return refused
    await count_failure(keys)  # every attempt counts here, not only failures
    locale = cookie(request, LANG_COOKIE) or "nl"
    # A new session id, as with every login.
    await run_in_threadpool(end_current_session, request)
    try:
        token, locale = await run_in_threadpool(_start, checked, locale, ip, user_agent)
    except IntegrityError:  # the same address, started at the same moment: once more
        token, locale = await run_in_threadpool(_start, checked, locale, ip, user_agent)
    except InvalidInput as problem:  # what the form check could not see
        return redirect(routes.START, error=INPUT_ERRORS.get(problem.message_key, "missing"))
    # The mail (either kind) goes out after the answer, so its time tells nothing.
    response = redirect(routes.OVERVIEW)
    response.background = BackgroundTask(run_in_threadpool, outbox.run_once)
    set_session_cookie(response, token)
    response.set_cookie(LANG_COOKIE, locale, max_age=365 * 24 * 3600, samesite="lax")
    return response


def start_routes() -> list[Route]:
    return [Route("/api/auth/start", start, methods=["POST"])]
