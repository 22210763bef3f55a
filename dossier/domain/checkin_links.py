"""Personal check-in links: a brother or sister checks in without an adult's account.

A parent makes one link (and QR code) per sibling. Opening it starts a *link session*:
a login session of the sibling's own user, for this family, marked with the link's id.
Such a session reaches the sibling's check-in screen and nothing else of the dossier:
the HTTP routes refuse it (`sessions.find_session` / `peek_session` without
`allow_link=True`) and the event gate (dossier/state/gate.py) lets through only the
events of the check-in screen's states (`LINK_STATE_NAMES`).

The token is random (256 bits), shown once and stored only as its keyed hash. A sibling
has at most one live link: a new link revokes the old one. Revoking a link, or the
sibling leaving the family (or getting another role), ends every session opened with it
at once. Opening links is rate limited per IP in the HTTP route (dossier/api/checkin_links.py).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from dossier import audit
from dossier.domain import sessions
from dossier.domain.errors import InvalidInput, NotFound
from dossier.domain.membership import is_active, is_active_member
from dossier.models import (
    CheckinLink,
    Membership,
    Role,
    User,
    UserSession,
    saved_id,
    utcnow,
)
from dossier.permissions import Action, Actor, require
from dossier.settings import get_settings

TOKEN_BYTES = 32  # 256 bits
MAX_TOKEN_LENGTH = 100  # a real token is 43 characters; anything much longer is not one
LINK_PATH = "/api/k/"


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkStatus:
    """What a parent sees about one sibling's link (never the link itself)."""

    sibling_id: int
    sibling_name: str
    active: bool
    created_at: datetime | None
    created_by: str  # the name of the parent who made the live link; "" without one
    last_used_at: datetime | None


def link_url(token: str, origin: str | None = None) -> str:
    """The whole address the parent shares or shows as a QR code."""
    return f"{origin or get_settings().origin}{LINK_PATH}{token}"


# --------------------------------------------------------------------------------------
# Parents: make, revoke, look
# --------------------------------------------------------------------------------------


def _sibling(session: Session, actor: Actor, sibling_id: int) -> Membership:
    """The actor's family's active sibling with this id, after the gate said yes."""
    require(actor, Action.CHECKIN_SETTINGS)  # refuses non-parents before anything is read
    sibling = session.get(Membership, sibling_id)
    if sibling is None:
        raise NotFound()
    require(actor, Action.CHECKIN_SETTINGS, sibling)  # another family's member: refused
    if not is_active(sibling):
        raise NotFound()
    if sibling.role != Role.SIBLING:
        raise InvalidInput("links.not_a_sibling")
    return sibling


def create_link(
    session: Session, actor: Actor, *, sibling_id: int, now: datetime | None = None
) -> str:
    """A new personal link for this sibling; returns the raw token (shown once).

    The sibling's earlier link stops working, and sessions opened with it end.
    """
    sibling = _sibling(session, actor, sibling_id)
    now = now or utcnow()
    ended = revoke_links_of(session, sibling_id=saved_id(sibling), now=now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = CheckinLink(
        family_id=sibling.family_id,
        sibling_id=saved_id(sibling),
        token_hash=sessions.hash_token(token),
        created_by_id=actor.membership_id,
        created_at=now,
    )
    session.add(link)
    session.flush()
    audit.record(
        session,
        actor,
        "checkin_link.create",
        object_type="checkin_link",
        object_id=link.id,
        detail=f"sibling={sibling.id}; {ended} sessions ended",
    )
    return token


def revoke_link(
    session: Session, actor: Actor, *, sibling_id: int, now: datetime | None = None
) -> bool:
    """Stop this sibling's link and end its sessions now; False when there was none."""
    sibling = _sibling(session, actor, sibling_id)
    live = _live_link_of(session, saved_id(sibling))
    ended = revoke_links_of(session, sibling_id=saved_id(sibling), now=now)
    audit.record(
        session,
        actor,
        "checkin_link.revoke",
        object_type="checkin_link",
        object_id=live.id if live else None,
        detail=f"sibling={sibling.id}; {ended} sessions ended",
    )
    return live is not None


def revoke_links_of(session: Session, *, sibling_id: int, now: datetime | None = None) -> int:
    """Revoke every link of this sibling and end the sessions opened with any of them.

    No gate and no log row of its own: the caller (a parent's revoke, a new link, a
    removal or another role) has passed the gate and writes the row. Returns how many
    sessions ended.
    """
    now = now or utcnow()
    of_sibling = select(CheckinLink.id).where(CheckinLink.sibling_id == sibling_id)
    session.execute(
        sa.update(CheckinLink)
        .where(col(CheckinLink.sibling_id) == sibling_id, col(CheckinLink.revoked_at).is_(None))
        .values(revoked_at=now)
    )
    result = session.exec(
        sa.update(UserSession)
        .where(
            col(UserSession.checkin_link_id).in_(of_sibling),
            col(UserSession.revoked_at).is_(None),
        )
        .values(revoked_at=now)
    )
    return result.rowcount or 0


def _live_link_of(session: Session, sibling_id: int) -> CheckinLink | None:
    return session.exec(
        select(CheckinLink)
        .where(CheckinLink.sibling_id == sibling_id, col(CheckinLink.revoked_at).is_(None))
        .order_by(col(CheckinLink.created_at).desc())
    ).first()


def _status(session: Session, sibling: Membership, name: str) -> LinkStatus:
    link = _live_link_of(session, saved_id(sibling))
    maker = ""
    if link is not None:
        maker_user = session.exec(
            select(User)
            .join(Membership, col(Membership.user_id) == User.id)
            .where(Membership.id == link.created_by_id)
        ).first()
        maker = maker_user.name if maker_user else ""
    return LinkStatus(
        sibling_id=saved_id(sibling),
        sibling_name=name,
        active=link is not None,
        created_at=link.created_at if link else None,
        created_by=maker,
        last_used_at=link.last_used_at if link else None,
    )


def link_status(session: Session, actor: Actor, sibling_id: int) -> LinkStatus:
    """One sibling's link: live or not, since when, made by whom, last used when."""
    sibling = _sibling(session, actor, sibling_id)
    user = session.get(User, sibling.user_id)
    audit.record(
        session,
        actor,
        "checkin_link.view",
        object_type="membership",
        object_id=sibling.id,
    )
    return _status(session, sibling, user.name if user else "")


def link_statuses(session: Session, actor: Actor) -> list[LinkStatus]:
    """Every active sibling of the actor's family with their link's status (one log row)."""
    require(actor, Action.CHECKIN_SETTINGS)
    rows = session.exec(
        select(Membership, User)
        .join(User, col(User.id) == Membership.user_id)
        .where(is_active_member(family_id=actor.family_id, role=Role.SIBLING))
        .order_by(col(Membership.id))
    ).all()
    found = [_status(session, sibling, user.name) for sibling, user in rows]
    audit.record(session, actor, "checkin_link.view.list", detail=f"{len(found)} rows")
    return found


# --------------------------------------------------------------------------------------
# The sibling: opening the link
# --------------------------------------------------------------------------------------


def _usable_sibling(session: Session, link: CheckinLink) -> Membership | None:
    sibling = session.get(Membership, link.sibling_id)
    if (
        sibling is None
        or not is_active(sibling)
        or sibling.family_id != link.family_id
        or sibling.role != Role.SIBLING
    ):
        return None
    return sibling


def open_link(
    session: Session,
    token: str,
    *,
    ip: str = "",
    user_agent: str = "",
    now: datetime | None = None,
) -> str | None:
    """Start a link session for a live link; returns its session token, else None.

    None for an unknown, revoked or overlong token and for a sibling who left the family
    or has another role now. Unknown tokens leave no log row (guessing could fill the
    log; the route's rate limit counts them); a dead link of this family does.
    """
    now = now or utcnow()
    token = token or ""
    # Every token is hashed and looked up the same way, well-formed or not.
    link = session.exec(
        select(CheckinLink).where(
            CheckinLink.token_hash == sessions.hash_token(token[:MAX_TOKEN_LENGTH])
        )
    ).first()
    if link is None or len(token) > MAX_TOKEN_LENGTH:
        return None
    sibling = _usable_sibling(session, link) if link.revoked_at is None else None
    if sibling is None:
        audit.record(
            session,
            None,
            "checkin_link.open",
            object_type="checkin_link",
            object_id=link.id,
            outcome="denied",
            family_id=link.family_id,
            ip=ip,
            user_agent=user_agent,
        )
        return None
    session_token = sessions.start_session(
        session,
        user_id=sibling.user_id,
        family_id=link.family_id,
        ip=ip,
        user_agent=user_agent,
        now=now,
        checkin_link_id=link.id,
    )
    link.last_used_at = now
    session.add(link)
    audit.record(
        session,
        None,
        "checkin_link.open",
        object_type="checkin_link",
        object_id=link.id,
        user_id=sibling.user_id,
        family_id=link.family_id,
        ip=ip,
        user_agent=user_agent,
    )
    return session_token


def link_is_live(session: Session, link_id: int) -> bool:
    """Whether a link session's link still holds (checked by the gate on every event)."""
    link = session.get(CheckinLink, link_id)
    if link is None or link.revoked_at is not None:
        return False
    return _usable_sibling(session, link) is not None
