"""Login sessions: a random token in an HttpOnly cookie, only its keyed hash in the database.

A session ends after 30 idle minutes or 12 hours at most (both configurable), or at
logout, or when the person is removed. It is checked on every request and every event.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from dossier.models import UserSession, utcnow
from dossier.settings import get_settings

TOKEN_BYTES = 32  # 256 bits from the OS's CSPRNG
# Writing last_seen_at on every event would make every click a write; a minute is precise enough.
TOUCH_INTERVAL = timedelta(seconds=60)


def hash_token(token: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def start_session(
    session: Session,
    *,
    user_id: int,
    family_id: int | None,
    ip: str = "",
    user_agent: str = "",
    now: datetime | None = None,
) -> str:
    """A new session; returns the raw token for the cookie (it is never stored)."""
    now = now or utcnow()
    settings = get_settings()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(
        UserSession(
            token_hash=hash_token(token),
            user_id=user_id,
            current_family_id=family_id,
            last_seen_at=now,
            expires_at=now + timedelta(hours=settings.session_absolute_hours),
            ip=ip[:64],
            user_agent=user_agent[:300],
        )
    )
    session.flush()
    return token


def find_session(session: Session, token: str | None, *, now: datetime | None = None):
    """The live session for this token, touched; None when unknown, ended or expired."""
    if not token:
        return None
    now = now or utcnow()
    found = session.exec(
        select(UserSession).where(UserSession.token_hash == hash_token(token))
    ).first()
    if found is None or not is_live(found, now):
        return None
    if now - found.last_seen_at >= TOUCH_INTERVAL:
        found.last_seen_at = now
        session.add(found)
    return found


def is_live(user_session: UserSession, now: datetime) -> bool:
    idle = timedelta(minutes=get_settings().session_idle_minutes)
    return (
        user_session.revoked_at is None
        and now < user_session.expires_at
        and now - user_session.last_seen_at < idle
    )


def end_session(session: Session, token: str | None) -> None:
    if not token:
        return
    session.execute(
        sa.update(UserSession)
        .where(UserSession.token_hash == hash_token(token), UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def end_all_sessions(session: Session, *, user_id: int) -> None:
    session.execute(
        sa.update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
