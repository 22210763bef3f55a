"""GET /api/auth/oidc/start and /callback: login for professionals via their organisation.

The start route sends the browser to the identity provider and keeps `state`, `nonce`
and the PKCE verifier in a signed, HttpOnly, SameSite=Lax cookie for 10 minutes. The
callback deletes that cookie whatever happens, so a replayed callback finds nothing.
A person is known by issuer + subject; someone new gets in only with an invitation.
Every refusal is logged and sends the browser to /login?error=oidc.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from dossier import audit
from dossier.api.http import (
    client,
    cookie,
    end_current_session,
    no_store,
    redirect,
    set_session_cookie,
)
from dossier.db import session_scope
from dossier.domain import oidc, sessions
from dossier.domain.accounts import normalise_email
from dossier.domain.families import families_of
from dossier.domain.invitations import InvitationUnusable, accept_invitation, check_invitation
from dossier.domain.text import visible_line
from dossier.models import User
from dossier.settings import get_settings
from dossier.web import LANG_COOKIE

logger = logging.getLogger(__name__)

PENDING_COOKIE = "dossier_oidc"
PENDING_PATH = "/api/auth/oidc"  # the cookie goes to these routes only
AUDIT_ACTION = "login.oidc"


class Refused(Exception):
    """The provider vouched for someone who may not come in (yet)."""

    def __init__(self, reason: str, why: str = "", user_id: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.why = why  # shown as /login?error=oidc&why=<why>; "" is the general message
        self.user_id = user_id


def _set_pending_cookie(response: Response, value: str) -> None:
    response.set_cookie(
        PENDING_COOKIE,
        value,
        max_age=oidc.PENDING_MAX_AGE,
        path=PENDING_PATH,
        httponly=True,
        secure=get_settings().secure_cookies,
        samesite="lax",  # must survive the top-level redirect back from the provider
    )


def _delete_pending_cookie(response: Response) -> None:
    response.delete_cookie(
        PENDING_COOKIE,
        path=PENDING_PATH,
        httponly=True,
        secure=get_settings().secure_cookies,
        samesite="lax",
    )


def _record_failure(reason: str, ip: str, user_agent: str, user_id: int | None = None) -> None:
    logger.warning("OIDC login refused: %s", reason)
    with session_scope() as session:
        audit.record(
            session,
            None,
            AUDIT_ACTION,
            outcome="failed",
            detail=reason,
            user_id=user_id,
            ip=ip,
            user_agent=user_agent,
        )


async def _refuse(request: Request, reason: str, why: str = "", user_id: int | None = None):
    ip, user_agent = client(request)
    await run_in_threadpool(_record_failure, reason, ip, user_agent, user_id)
    query = {"error": "oidc", "why": why} if why else {"error": "oidc"}
    response = redirect("/login", **query)
    _delete_pending_cookie(response)
    return no_store(response)


async def start(request: Request) -> Response:
    config = oidc.config_from()
    if config is None:
        return Response(status_code=404)
    invite = request.query_params.get("invite", "").strip()[:100] or None
    try:
        authorize_url, pending = await oidc.start_login(invite, config)
    except oidc.OidcError as exc:
        return await _refuse(request, f"start: {exc.reason}")
    response = RedirectResponse(authorize_url, status_code=303)
    _set_pending_cookie(response, oidc.seal_pending(pending))
    return no_store(response)


async def callback(request: Request) -> Response:
    config = oidc.config_from()
    if config is None:
        return Response(status_code=404)
    raw = cookie(request, PENDING_COOKIE)
    params = {key: value[:2048] for key, value in request.query_params.items()}
    try:
        pending = oidc.open_pending(raw)
        identity = await oidc.finish_login(pending, params, config)
    except oidc.OidcError as exc:
        return await _refuse(request, exc.reason)
    ip, user_agent = client(request)
    await run_in_threadpool(end_current_session, request)
    try:
        token, locale = await run_in_threadpool(_sign_in, identity, pending.invite, ip, user_agent)
    except Refused as refusal:
        return await _refuse(request, refusal.reason, refusal.why, refusal.user_id)
    except IntegrityError:  # the same person, twice at the same moment
        return await _refuse(request, "concurrent first login for this issuer + subject")
    response = redirect("/")
    set_session_cookie(response, token)
    _delete_pending_cookie(response)
    response.set_cookie(LANG_COOKIE, locale, max_age=365 * 24 * 3600, samesite="lax")
    return no_store(response)


def _sign_in(
    identity: oidc.Identity, invite: str | None, ip: str, user_agent: str
) -> tuple[str, str]:
    """(session token, locale) for the person behind issuer + subject; raises Refused.

    Runs in one transaction: a refused invitation leaves no new user behind.
    """
    with session_scope() as session:
        user = session.exec(
            select(User).where(
                User.oidc_issuer == identity.issuer, User.oidc_subject == identity.subject
            )
        ).first()
        family_id: int | None = None
        if invite:
            try:
                check_invitation(session, invite)  # refuse a dead link before creating anything
                if user is None:
                    user = _new_professional(session, identity)
                membership = accept_invitation(
                    session, token=invite, user=user, ip=ip, user_agent=user_agent
                )
            except InvitationUnusable as problem:
                raise Refused(
                    f"invitation {problem.problem}",
                    "invitation",
                    user.id if user and user.id is not None else None,
                ) from problem
            family_id = membership.family_id
        elif user is None:
            raise Refused("no user for this issuer + subject and no invitation", "no_access")
        assert user.id is not None
        if family_id is None:
            families = families_of(session, user_id=user.id)
            family_id = families[0].family_id if families else None
        token = sessions.start_session(
            session, user_id=user.id, family_id=family_id, ip=ip, user_agent=user_agent
        )
        audit.record(session, None, AUDIT_ACTION, user_id=user.id, ip=ip, user_agent=user_agent)
        return token, user.locale


def _new_professional(session: Session, identity: oidc.Identity) -> User:
    """A user known only through the provider: no password, ever."""
    email = normalise_email(identity.email)
    if not email or "@" not in email:
        raise Refused("the provider gave no e-mail address for a new user")
    if session.exec(select(User).where(User.email == email)).first():
        # Never link an existing account by e-mail: the provider does not own our accounts.
        raise Refused("e-mail address already belongs to another account", "email_taken")
    user = User(
        email=email,
        # The provider's name as one visible line: no hidden characters from elsewhere.
        name=visible_line(identity.name or "") or email.split("@")[0],
        password_hash=None,
        oidc_issuer=identity.issuer,
        oidc_subject=identity.subject,
    )
    session.add(user)
    session.flush()
    return user


def oidc_routes() -> list[Route]:
    return [
        Route("/api/auth/oidc/start", start, methods=["GET"]),
        Route(oidc.CALLBACK_PATH, callback, methods=["GET"]),
    ]
