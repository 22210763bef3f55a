"""Invitations: a parent invites someone in a role; a single-use link lets them join.

The token is random (256 bits) and only its keyed hash is stored. A link works once,
for 72 hours, and a parent can revoke it. Redeeming never reveals why a link failed
beyond used / expired / revoked / unknown, and grants nothing in those cases.

A link never changes the role of someone who is already an active member of that
family (a parent who opens a caregiver link would otherwise stop being a parent): it is
refused, says so, and stays unused for the person it was meant for. Someone who was
removed earlier may come back with the invited role. Any change of a membership also
passes `keep_a_parent`, the one place of the rule "a family keeps a parent".
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlmodel import Session, col, select

from dossier import audit
from dossier.clock import local_today
from dossier.domain.access import guard
from dossier.domain.access_until import check_access_until
from dossier.domain.errors import DomainError, InvalidInput, NotFound
from dossier.domain.members import keep_a_parent
from dossier.domain.membership import is_active
from dossier.domain.sessions import hash_token
from dossier.domain.starting import parent_joined
from dossier.domain.text import line_problem
from dossier.models import (
    Family,
    Invitation,
    Membership,
    MembershipStatus,
    Role,
    User,
    saved_id,
    utcnow,
)
from dossier.permissions import Action, Actor

VALID_FOR = timedelta(hours=72)


class InvitationProblem(StrEnum):
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"
    # The link is alive, but not for this person: they are already in the family.
    ALREADY_MEMBER = "already_member"


# The link problems that can come from guessing (the throttle counts these, nothing else).
DEAD_LINK = frozenset(
    {
        InvitationProblem.UNKNOWN,
        InvitationProblem.USED,
        InvitationProblem.EXPIRED,
        InvitationProblem.REVOKED,
    }
)


class InvitationUnusable(DomainError):
    def __init__(self, problem: InvitationProblem) -> None:
        super().__init__(f"invitation.problem.{problem}")
        self.problem = problem

    @property
    def dead_link(self) -> bool:
        return self.problem in DEAD_LINK


class AlreadyMember(InvitationUnusable):
    """The person is already an active member of the invitation's family. Nothing
    changes (least of all their role) and the link stays unused.

    The message names their role: invitation.problem.already_member.<role>.
    """

    def __init__(self, role: str) -> None:
        super().__init__(InvitationProblem.ALREADY_MEMBER)
        self.role = role
        self.message_key = f"invitation.problem.already_member.{role}"


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenInvitation:
    """What the invitee may see before joining: the family's name and the role."""

    invitation_id: int
    family_id: int
    family_name: str
    role: str
    relation: str


def create_invitation(
    session: Session,
    actor: Actor,
    *,
    role: str,
    relation: str = "",
    now: datetime | None = None,
    access_until: date | None = None,
) -> tuple[Invitation, str]:
    """A new invitation and its raw token (shown once, as a link and a QR code).
    `access_until`: a professional's last day of access (domain/access_until.py)."""
    guard(session, actor, Action.MEMBERS_MANAGE)
    if role not in set(Role):
        raise InvalidInput("invitation.role_required")
    check_access_until(role, access_until, local_today(now))
    if problem := line_problem(relation.strip()):  # no invisible characters (domain/text.py)
        raise InvalidInput(problem)
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
        access_until=access_until,
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
                col(Invitation.used_at).is_(None),
                col(Invitation.revoked_at).is_(None),
                Invitation.expires_at > now,
            )
            .order_by(col(Invitation.created_at).desc())
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
    session: Session, token: str, *, user: User | None = None, now: datetime | None = None
) -> OpenInvitation:
    """The invitation behind a link, or InvitationUnusable saying why not.

    With `user` (someone signed in) also AlreadyMember when it cannot be for them.
    """
    invitation = _usable(session, token, now or utcnow())
    if user is not None:
        _refuse_a_member(_membership_of(session, invitation, user))
    family = session.get(Family, invitation.family_id)
    return OpenInvitation(
        invitation_id=saved_id(invitation),
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
    """Join the family with the invited role; the link is used up in the same transaction.

    An active member of the family is refused (AlreadyMember) and nothing changes: no
    other role, and the link stays unused. A removed member comes back in the new role.
    """
    now = now or utcnow()
    invitation = _usable(session, token, now)
    membership = _membership_of(session, invitation, user)
    _refuse_a_member(membership)
    if membership is None:
        membership = Membership(
            family_id=invitation.family_id,
            user_id=saved_id(user),
            role=invitation.role,
        )
    else:
        keep_a_parent(session, membership, role=invitation.role, status=MembershipStatus.ACTIVE)
    membership.role = invitation.role
    membership.relation = invitation.relation
    membership.status = MembershipStatus.ACTIVE
    # Access with an end date (or none) as the invitation says; no old end stays behind.
    membership.access_until = invitation.access_until
    membership.ended_at, membership.ended_reason = None, ""
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
    if invitation.role == Role.PARENT:  # a dossier a case manager started opens now
        parent_joined(
            session,
            family_id=invitation.family_id,
            user_id=saved_id(user),
            ip=ip,
            user_agent=user_agent,
        )
    return membership


def _membership_of(session: Session, invitation: Invitation, user: User) -> Membership | None:
    if user.id is None:
        return None  # a new account: no membership yet
    return session.exec(
        select(Membership).where(
            Membership.family_id == invitation.family_id, Membership.user_id == user.id
        )
    ).first()


def _refuse_a_member(membership: Membership | None) -> None:
    if membership is not None and is_active(membership):
        raise AlreadyMember(membership.role)


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
