"""POST /api/invitations/accept: a new person makes an account and joins, in one transaction."""

from __future__ import annotations

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dossier.api.http import (
    client,
    client_ip,
    forbidden_cross_site,
    redirect,
    set_session_cookie,
)
from dossier.api.throttle import count_failure, refuse_if_throttled
from dossier.db import session_scope
from dossier.domain import sessions, throttle
from dossier.domain.accounts import create_user
from dossier.domain.email_confirmation import request_confirmation
from dossier.domain.errors import InvalidInput
from dossier.domain.invitations import InvitationUnusable, accept_invitation, check_invitation
from dossier.mail import outbox

# Catalogue keys from create_user, as short codes for the address bar.
INPUT_ERRORS = {
    "error.email_taken": "email_taken",
    "error.email_invalid": "email_invalid",
    "password.too_short": "too_short",
    "password.too_long": "too_long",
    "error.name_required": "name",
    "error.invisible_text": "name_invisible",
}


def _join(token: str, name: str, email: str, password: str, ip: str, user_agent: str) -> str:
    """The new session token; raises InvalidInput or InvitationUnusable, saving nothing."""
    with session_scope() as session:
        check_invitation(session, token)  # refuse a dead link before creating anything
        user = create_user(session, email=email, name=name, password=password)
        # The invitation link did not prove the address: the mail link does (password
        # resets go only to confirmed addresses).
        request_confirmation(session, user)
        membership = accept_invitation(
            session, token=token, user=user, ip=ip, user_agent=user_agent
        )
        assert user.id is not None  # create_user flushed: the row has its id
        return sessions.start_session(
            session,
            user_id=user.id,
            family_id=membership.family_id,
            ip=ip,
            user_agent=user_agent,
        )


async def accept(request: Request) -> Response:
    if forbidden_cross_site(request):
        return Response(status_code=403)
    form = await request.form()
    token = str(form.get("token", ""))[:100]
    name, email = (str(form.get(field, "")).strip() for field in ("name", "email"))
    password = str(form.get("password", ""))[:1024]
    if not (name and email) or not password:
        return redirect("/uitnodiging", t=token, error="missing")
    ip, user_agent = client(request)
    # Guessing links is what this limit stops: only dead links count as failures.
    keys = throttle.invitation_keys(ip=client_ip(request))
    if refused := await refuse_if_throttled(keys, "/uitnodiging", t=token):
        return refused
    try:
        session_token = await run_in_threadpool(_join, token, name, email, password, ip, user_agent)
    except InvitationUnusable as problem:
        if problem.dead_link:
            await count_failure(keys)
        return redirect("/uitnodiging", t=token)  # the page says why the link is dead
    except InvalidInput as problem:
        return redirect(
            "/uitnodiging", t=token, error=INPUT_ERRORS.get(problem.message_key, "missing")
        )
    response = redirect("/")
    set_session_cookie(response, session_token)
    response.background = BackgroundTask(run_in_threadpool, outbox.run_once)  # the mail, now
    return response


def invitation_routes() -> list[Route]:
    return [Route("/api/invitations/accept", accept, methods=["POST"])]
