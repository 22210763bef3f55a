"""Login sessions: a random token in an HttpOnly cookie, only its keyed hash in the database.

A session ends after 30 idle minutes or 12 hours at most (both configurable), or at
logout, or when the person is removed. It is checked on every request and every event.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from dossier import audit
from dossier.domain.membership import is_active_member
from dossier.models import Membership, UserSession, utcnow
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
    checkin_link_id: int | None = None,
) -> str:
    """A new session; returns the raw token for the cookie (it is never stored).

    `checkin_link_id` makes it a *link session* (a sibling's personal check-in link,
    dossier/domain/checkin_links.py): find_session and peek_session refuse it unless
    asked with `allow_link=True`, which only the event gate does.
    """
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
            checkin_link_id=checkin_link_id,
        )
    )
    session.flush()
    return token


def find_session(
    session: Session, token: str | None, *, now: datetime | None = None, allow_link: bool = False
):
    """The live session for this token, touched; None when unknown, ended or expired.

    A link session (opened with a sibling's check-in link) counts as no session at all
    unless `allow_link`: only the event gate asks for it, and lets it reach nothing but
    the check-in screen. Every HTTP route that reads the cookie thus refuses it.
    """
    now = now or utcnow()
    found = peek_session(session, token, now=now, allow_link=allow_link)
    if found is None:
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
        .where(
            col(UserSession.token_hash) == hash_token(token), col(UserSession.revoked_at).is_(None)
        )
        .values(revoked_at=utcnow())
    )


def end_all_sessions(session: Session, *, user_id: int) -> None:
    session.execute(
        sa.update(UserSession)
        .where(col(UserSession.user_id) == user_id, col(UserSession.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )


# --------------------------------------------------------------------------------------
# "Mijn apparaten": a user sees their own live sessions and can end the others.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class LiveSession:
    id: int
    created_at: datetime
    last_seen_at: datetime
    user_agent: str
    current: bool


def list_sessions(
    session: Session, *, user_id: int, now: datetime | None = None, current_id: int | None = None
) -> list[LiveSession]:
    """The user's live sessions, this device first, then the most recently used."""
    now = now or utcnow()
    rows = session.exec(
        select(UserSession).where(
            UserSession.user_id == user_id,
            col(UserSession.revoked_at).is_(None),
            UserSession.expires_at > now,
        )
    ).all()
    live = [
        LiveSession(
            id=row.id,
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
            user_agent=row.user_agent,
            current=row.id == current_id,
        )
        for row in rows
        if row.id is not None and is_live(row, now)
    ]
    return sorted(live, key=lambda s: (not s.current, -s.last_seen_at.timestamp()))


def end_other_session(
    session: Session,
    *,
    user_id: int,
    session_id: int,
    current_id: int | None = None,
    ip: str = "",
    user_agent: str = "",
) -> bool:
    """End one of the user's own sessions on another device; True when it ended.

    Anyone else's, an unknown or an ended id, and this device's own session are refused
    alike (False, and a `denied` row in the access log that the caller's transaction
    keeps), so ids reveal nothing. This device logs out with the logout button, which
    also clears its cookie.
    """
    found = session.get(UserSession, session_id)
    mine = found is not None and found.user_id == user_id and found.revoked_at is None
    if found is None or not mine or session_id == current_id:
        audit.record(
            session,
            None,
            "session.end",
            object_type="session",
            object_id=session_id,
            outcome="denied",
            user_id=user_id,
            ip=ip,
            user_agent=user_agent,
        )
        return False
    found.revoked_at = utcnow()
    session.add(found)
    audit.record(
        session,
        None,
        "session.end",
        object_type="session",
        object_id=session_id,
        user_id=user_id,
        ip=ip,
        user_agent=user_agent,
    )
    return True


# --------------------------------------------------------------------------------------
# The idle warning (WCAG 2.2.1): how long is left, and "Ingelogd blijven".
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeLeft:
    idle_seconds: int  # until the idle timeout, if nothing happens
    absolute_seconds: int  # until the absolute end; no activity extends this


def time_left(user_session: UserSession, now: datetime | None = None) -> TimeLeft:
    now = now or utcnow()
    idle_end = user_session.last_seen_at + timedelta(minutes=get_settings().session_idle_minutes)
    return TimeLeft(
        idle_seconds=max(0, int((idle_end - now).total_seconds())),
        absolute_seconds=max(0, int((user_session.expires_at - now).total_seconds())),
    )


def peek_session(
    session: Session, token: str | None, *, now: datetime | None = None, allow_link: bool = False
):
    """Like find_session, but never touches: asking how long is left is no activity."""
    if not token:
        return None
    now = now or utcnow()
    found = session.exec(
        select(UserSession).where(UserSession.token_hash == hash_token(token))
    ).first()
    if found is None or not is_live(found, now):
        return None
    if found.checkin_link_id is not None and not allow_link:
        return None
    return found


def extend_session(
    session: Session, *, session_id: int, now: datetime | None = None
) -> TimeLeft | None:
    """ "Ingelogd blijven": the idle clock restarts now (never past the absolute end)."""
    now = now or utcnow()
    found = session.get(UserSession, session_id)
    if found is None or not is_live(found, now):
        return None
    found.last_seen_at = now
    session.add(found)
    return time_left(found, now)


def active_role(session: Session, *, user_id: int, family_id: int | None) -> str | None:
    """The role this login acts in now; None when it is no (longer an) active member.

    Part of what a tab's loaded data is bound to (dossier/state/binding.py): a role
    change or a removal makes the data loaded before it unusable in that tab.
    """
    if family_id is None:
        return None
    return session.exec(
        select(Membership.role).where(is_active_member(user_id=user_id, family_id=family_id))
    ).first()
