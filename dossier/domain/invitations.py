"""Invitations: a parent invites someone in a role; a single-use link lets them join.

The token is random (256 bits) and only its keyed hash is stored. A link works once,
for 72 hours, and a parent can revoke it. Redeeming never reveals why a link failed
beyond used / expired / revoked / unknown, and grants nothing in those cases.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlmodel import Session, select

from dossier import audit
from dossier.domain.access import guard
from dossier.domain.errors import DomainError, InvalidInput, NotFound
from dossier.domain.sessions import hash_token
from dossier.models import Family, Invitation, Membership, MembershipStatus, Role, User, utcnow
from dossier.permissions import Action, Actor

VALID_FOR = timedelta(hours=72)


class InvitationProblem(StrEnum):
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"


class InvitationUnusable(DomainError):
    def __init__(self, problem: InvitationProblem) -> None:
        super().__init__(f"invitation.problem.{problem}")
        self.problem = problem


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenInvitation:
    """What the invitee may see before joining: the family's name and the role."""

    invitation_id: int
    family_id: int
    family_name: str
    role: str
    relation: str


def create_invitation(
    session: Session, actor: Actor, *, role: str, relation: str = "", now: datetime | None = None
) -> tuple[Invitation, str]:
    """A new invitation and its raw token (shown once, as a link and a QR code)."""
    guard(session, actor, Action.MEMBERS_MANAGE)
    if role not in set(Role):
        raise InvalidInput("invitation.role_required")
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        family_id=actor.family_id,
        role=role,
        relation=relation.strip()[:120],
        token_hash=hash_token(token),
        created_by_id=actor.membership_id,
        created_at=now,
        expires_at=now + VALID_FOR,
    )
    session.add(invitation)
    session.flush()
    audit.record(
        session,
        actor,
        "invitation.create",
        object_type="invitation",
        object_id=invitation.id,
        detail=f"role={role}",
    )
    return invitation, token


def open_invitations(
    session: Session, actor: Actor, *, now: datetime | None = None
) -> list[Invitation]:
    guard(session, actor, Action.MEMBERS_MANAGE)
    now = now or utcnow()
    return list(
        session.exec(
            select(Invitation)
            .where(
                Invitation.family_id == actor.family_id,
                Invitation.used_at.is_(None),  # type: ignore[union-attr]
                Invitation.revoked_at.is_(None),  # type: ignore[union-attr]
                Invitation.expires_at > now,
            )
            .order_by(Invitation.created_at.desc())  # type: ignore[attr-defined]
        )
    )


def revoke_invitation(session: Session, actor: Actor, *, invitation_id: int) -> None:
    invitation = session.get(Invitation, invitation_id)
    if invitation is None:
        raise NotFound()
    guard(session, actor, Action.MEMBERS_MANAGE, invitation)
    if invitation.used_at is None and invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        session.add(invitation)


def check_invitation(
    session: Session, token: str, *, now: datetime | None = None
) -> OpenInvitation:
    """The invitation behind a link, or InvitationUnusable saying why not."""
    invitation = _usable(session, token, now or utcnow())
    family = session.get(Family, invitation.family_id)
    return OpenInvitation(
        invitation_id=invitation.id,  # type: ignore[arg-type]
        family_id=invitation.family_id,
        family_name=family.name if family else "",
        role=invitation.role,
        relation=invitation.relation,
    )


def accept_invitation(
    session: Session,
    *,
    token: str,
    user: User,
    ip: str = "",
    user_agent: str = "",
    now: datetime | None = None,
) -> Membership:
    """Join the family with the invited role; the link is used up in the same transaction."""
    now = now or utcnow()
    invitation = _usable(session, token, now)
    membership = session.exec(
        select(Membership).where(
            Membership.family_id == invitation.family_id, Membership.user_id == user.id
        )
    ).first()
    if membership is None:
        membership = Membership(
            family_id=invitation.family_id,
            user_id=user.id,  # type: ignore[arg-type]
            role=invitation.role,
        )
    membership.role = invitation.role
    membership.relation = invitation.relation
    membership.status = MembershipStatus.ACTIVE
    session.add(membership)
    invitation.used_at = now
    invitation.used_by_user_id = user.id
    session.add(invitation)
    session.flush()
    audit.record(
        session,
        None,
        "invitation.accept",
        object_type="membership",
        object_id=membership.id,
        user_id=user.id,
        family_id=invitation.family_id,
        ip=ip,
        user_agent=user_agent,
        detail=f"role={invitation.role}",
    )
    return membership


def _usable(session: Session, token: str, now: datetime) -> Invitation:
    invitation = session.exec(
        select(Invitation).where(Invitation.token_hash == hash_token(token or ""))
    ).first()
    if invitation is None:
        raise InvitationUnusable(InvitationProblem.UNKNOWN)
    if invitation.used_at is not None:
        raise InvitationUnusable(InvitationProblem.USED)
    if invitation.revoked_at is not None:
        raise InvitationUnusable(InvitationProblem.REVOKED)
    if invitation.expires_at <= now:
        raise InvitationUnusable(InvitationProblem.EXPIRED)
    return invitation
