"""Wachtwoord vergeten: a single-use link by mail to set a new password.

* Asking always gets the same answer, whether or not the address is known (no account
  discovery); the HTTP route also makes both cost about the same time.
* A link goes only to a confirmed address of an account with a password, at most
  PER_ACCOUNT_HOUR an hour (more asks are silently dropped; the per-IP limit is the
  route's). It works once, for 30 minutes; the database keeps only its keyed hash.
* An account that logs in through its organisation (OIDC) has no password here to
  reset: it gets a short mail without a link that says to log in via the organisation.
  Only the address's owner reads that mail, so it reveals nothing to the asker, and it
  helps a professional who forgot how they log in (decided over sending nothing).
* Using the link sets the password (argon2, the usual strength rule), ends every
  session of the account, confirms the address (the mail proved it) and writes a
  `password.reset` row to the access log of every family the person belongs to (and
  one without a family), so parents see it as they see logins.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlencode

from sqlmodel import Session, col, select

from dossier import audit, clock, routes
from dossier.domain import mail_tokens, sessions
from dossier.domain.accounts import normalise_email
from dossier.domain.errors import InvalidInput
from dossier.domain.passwords import hash_password, password_problem
from dossier.mail import outbox
from dossier.models import Membership, MembershipStatus, TokenPurpose, User
from dossier.settings import get_settings

RESET_TTL = timedelta(minutes=30)
PER_ACCOUNT_HOUR = 3
PURPOSE = TokenPurpose.RESET.value
AUDIT_ACTION = "password.reset"


def reset_link(token: str) -> str:
    return f"{get_settings().origin}{routes.PASSWORD_RESET}?{urlencode({'token': token})}"


def request_reset(session: Session, email: str, *, now: datetime | None = None) -> None:
    """Queue the right mail for this address, or none; tells the caller nothing."""
    now = now or clock.now()
    address = normalise_email(email)[:254]
    user = session.exec(select(User).where(User.email == address)).first()
    if user is None or user.id is None or not user.email:
        return
    if user.oidc_subject and not user.password_hash:
        if mail_tokens.sent_since(session, user.id, "oidc_hint", now - timedelta(hours=1)):
            return
        # Counted like a link (never usable), so the hint too is sent at most once an hour.
        mail_tokens.issue(session, user, "oidc_hint", timedelta(0), now=now)
        outbox.queue(
            session,
            user_id=user.id,
            to=user.email,
            kind="reset_oidc",
            locale=user.locale,
            name=user.name,
            now=now,
        )
        return
    if not user.password_hash or user.email_confirmed_at is None:
        return  # an unproven address may be someone else's: no link goes there
    if mail_tokens.sent_since(session, user.id, PURPOSE, now - timedelta(hours=1)) >= (
        PER_ACCOUNT_HOUR
    ):
        return
    token = mail_tokens.issue(session, user, PURPOSE, RESET_TTL, now=now)
    outbox.queue(
        session,
        user_id=user.id,
        to=user.email,
        kind="reset",
        locale=user.locale,
        name=user.name,
        link=reset_link(token),
        now=now,
    )


def link_is_live(session: Session, token: str, *, now: datetime | None = None) -> bool:
    """Whether the page may show the form (the link is not used by looking)."""
    return mail_tokens.peek(session, token, PURPOSE, now=now) is not None


def reset_password(
    session: Session,
    *,
    token: str,
    password: str,
    repeat: str,
    ip: str = "",
    user_agent: str = "",
    now: datetime | None = None,
) -> User:
    """Set the new password with a live link; the caller starts a fresh session.

    Raises InvalidInput (the link stays usable) for two different passwords or one the
    strength rule refuses, and mail_tokens.LinkUnusable for a dead link."""
    now = now or clock.now()
    if password != repeat:
        raise InvalidInput("reset.error.mismatch")
    if problem := password_problem(password):
        raise InvalidInput(problem)
    user = mail_tokens.use(session, token, PURPOSE, now=now)
    if user.id is None:  # a row read from the database always has its id
        raise mail_tokens.LinkUnusable()
    user.password_hash = hash_password(password)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now
    session.add(user)
    sessions.end_all_sessions(session, user_id=user.id)
    families = session.exec(
        select(Membership.family_id).where(
            Membership.user_id == user.id,
            col(Membership.status) == MembershipStatus.ACTIVE.value,
        )
    ).all()
    for family_id in [None, *sorted(set(families))]:
        audit.record(
            session,
            None,
            AUDIT_ACTION,
            object_type="user",
            object_id=user.id,
            user_id=user.id,
            family_id=family_id,
            ip=ip,
            user_agent=user_agent,
        )
    return user
