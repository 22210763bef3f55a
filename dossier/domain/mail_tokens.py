"""Single-use links in mails: confirm an address, set a new password.

The token is random (256 bits) and goes only into the mail; the database keeps its
keyed hash (the same HMAC as sessions and invitations). A link works once, until it
expires, and only for the address it was sent to. Using one is a single conditional
UPDATE, so two taps (or two tabs) cannot both use it.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from dossier import clock
from dossier.domain.errors import DomainError
from dossier.domain.sessions import hash_token
from dossier.models import MailToken, User
from dossier.models.base import UTCDateTime, table_of

TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 100  # what a link's token may be at most (more is no token of ours)
_T = table_of(MailToken)


def address_of(user: User) -> str | None:
    """Where a link for this user goes: their address, or for a provisional account
    (domain/provisional.py) the address typed, which belongs to the owner it mails."""
    return user.email or user.claim_email


class LinkUnusable(DomainError):
    """Unknown, used or expired: all answered alike ("Vraag een nieuwe link aan")."""

    message_key = "mail.link.dead"


def issue(
    session: Session, user: User, purpose: str, ttl: timedelta, *, now: datetime | None = None
) -> str:
    """A new link for `user`; returns the raw token (it is never stored)."""
    address = address_of(user)
    if user.id is None or not address:
        raise ValueError("a mail link needs a saved user with an address")
    now = now or clock.now()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(
        MailToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=hash_token(token),
            email=address,
            created_at=now,
            expires_at=now + ttl,
        )
    )
    session.flush()
    return token


def peek(session: Session, token: str, purpose: str, *, now: datetime | None = None) -> User | None:
    """The user a live link belongs to, without using it; None for a dead link."""
    found = _live(session, token, purpose, now or clock.now())
    return found[1] if found else None


def use(session: Session, token: str, purpose: str, *, now: datetime | None = None) -> User:
    """Use a live link (once); every other open link of this purpose dies with it."""
    now = now or clock.now()
    found = _live(session, token, purpose, now)
    if found is None:
        raise LinkUnusable()
    row, user = found
    used = session.exec(
        sa.update(_T)
        .where(_T.c.id == row.id, _T.c.used_at.is_(None))
        .values(used_at=sa.literal(now, UTCDateTime()))
    )
    if used.rowcount != 1:  # another request used it in the meantime
        raise LinkUnusable()
    session.execute(
        sa.update(_T)
        .where(_T.c.user_id == user.id, _T.c.purpose == purpose, _T.c.used_at.is_(None))
        .values(used_at=sa.literal(now, UTCDateTime()))
    )
    return user


def sent_since(session: Session, user_id: int, purpose: str, since: datetime) -> int:
    """How many links of this purpose the user was sent since `since` (for the limits)."""
    query = (
        sa.select(sa.func.count())
        .select_from(_T)
        .where(
            _T.c.user_id == user_id,
            _T.c.purpose == purpose,
            _T.c.created_at >= sa.literal(since, UTCDateTime()),
        )
    )
    return int(session.execute(query).scalar() or 0)


def last_sent(session: Session, user_id: int, purpose: str) -> datetime | None:
    return session.exec(
        select(MailToken.created_at)
        .where(MailToken.user_id == user_id, MailToken.purpose == purpose)
        .order_by(col(MailToken.created_at).desc())
        .limit(1)
    ).first()


def _live(
    session: Session, token: str, purpose: str, now: datetime
) -> tuple[MailToken, User] | None:
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    found = session.exec(
        select(MailToken, User)
        .join(User, col(User.id) == MailToken.user_id)
        .where(MailToken.token_hash == hash_token(token), MailToken.purpose == purpose)
    ).first()
    if found is None:
        return None
    row, user = found
    if row.used_at is not None or now >= row.expires_at or row.email != address_of(user):
        return None
    return row, user
