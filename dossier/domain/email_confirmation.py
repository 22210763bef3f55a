"""Confirm your e-mail: a link in a mail proves that the address is the person's own.

The dossier works at once after signing up; a banner reminds until the address is
confirmed, because invitations and password resets go only to confirmed addresses (an
unproven address may be a typo that belongs to someone else).

    from dossier.domain.email_confirmation import request_confirmation
    request_confirmation(session, user)   # right after creating the account, same transaction

Accounts of professionals who log in through their organisation (OIDC) count as
confirmed: the organisation vouches for the address.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlencode

from sqlmodel import Session

from dossier import clock, routes
from dossier.domain import mail_tokens
from dossier.mail import outbox
from dossier.models import TokenPurpose, User
from dossier.settings import get_settings

CONFIRM_TTL = timedelta(days=7)
RESEND_GAP = timedelta(minutes=1)  # "Stuur opnieuw" at most once a minute ...
RESEND_PER_DAY = 5  # ... and a few times a day
PURPOSE = TokenPurpose.CONFIRM.value


def needs_confirmation(user: User) -> bool:
    """A password account whose address was never proven (the banner shows)."""
    return bool(
        user.email
        and user.password_hash
        and user.email_confirmed_at is None
        and not user.oidc_subject
    )


def address_confirmed(user: User) -> bool:
    """Whether mail with a link may go to this address (an invitation, a reset): proven
    by a link in a mail, or vouched for by the person's organisation (OIDC)."""
    return bool(user.email and (user.email_confirmed_at is not None or user.oidc_subject))


def confirm_link(token: str) -> str:
    return f"{get_settings().origin}{routes.CONFIRM_EMAIL}?{urlencode({'token': token})}"


def request_confirmation(session: Session, user: User, *, now: datetime | None = None) -> None:
    """Make a confirmation link and queue the "Bevestig je e-mailadres" mail, in the
    caller's transaction (nothing is sent if it rolls back). Does nothing for an address
    that needs no confirming."""
    if not needs_confirmation(user) or user.email is None:
        return
    token = mail_tokens.issue(session, user, PURPOSE, CONFIRM_TTL, now=now)
    outbox.queue(
        session,
        user_id=user.id,
        to=user.email,
        kind="confirm",
        locale=user.locale,
        name=user.name,
        link=confirm_link(token),
        now=now,
    )


def resend_confirmation(session: Session, *, user_id: int, now: datetime | None = None) -> bool:
    """ "Stuur opnieuw": a new link, unless one went out less than a minute ago or five
    today; False when refused (or nothing to confirm)."""
    now = now or clock.now()
    user = session.get(User, user_id)
    if user is None or not needs_confirmation(user):
        return False
    last = mail_tokens.last_sent(session, user_id, PURPOSE)
    if last is not None and now - last < RESEND_GAP:
        return False
    if mail_tokens.sent_since(session, user_id, PURPOSE, now - timedelta(days=1)) >= RESEND_PER_DAY:
        return False
    request_confirmation(session, user, now=now)
    return True


def confirm_email(session: Session, token: str, *, now: datetime | None = None) -> User:
    """Use a confirmation link: the address counts as the person's own from now on.
    Raises mail_tokens.LinkUnusable for an unknown, used or expired link."""
    now = now or clock.now()
    user = mail_tokens.use(session, token, PURPOSE, now=now)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now
        session.add(user)
    return user
