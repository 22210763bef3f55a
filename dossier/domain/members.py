"""Membership changes by parents: another role, or removal. A family keeps a parent.
And phone numbers: everyone may set their own, parents anyone's in the family.

"A family keeps a parent" is one rule in one place, `keep_a_parent`: every change of a
membership's role or status (a new role, a removal, an invitation taken up) passes it.

Removing someone ends their sessions that have this family open, so their very next
event is refused and they land on the login page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from dossier import audit
from dossier.domain.access import guard
from dossier.domain.checkin_links import revoke_links_of
from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.domain.families import members
from dossier.domain.membership import is_active, is_active_member
from dossier.models import (
    CalendarFeed,
    Membership,
    MembershipStatus,
    Role,
    UserSession,
    saved_id,
    utcnow,
)
from dossier.permissions import Action, Actor, PermissionDenied, can

PHONE_MAX = 32
# Digits, spaces, +, - and parentheses: how people write numbers ("+31 6 1234 5678",
# "(030) 123 45 67"). No letters, so nothing else can hide in it.
_PHONE_CHARS = re.compile(r"^[0-9 +()\-]*$")
_PHONE_MIN_DIGITS = 3  # 112 is the shortest number worth keeping


def _membership(session: Session, actor: Actor, membership_id: int) -> Membership:
    membership = session.get(Membership, membership_id)
    if membership is None or not is_active(membership):
        raise NotFound()
    guard(session, actor, Action.MEMBERS_MANAGE, membership)
    return membership


def _is_active_parent(role: str, status: str) -> bool:
    return role == Role.PARENT and status == MembershipStatus.ACTIVE


def keep_a_parent(
    session: Session,
    membership: Membership,
    *,
    role: str | None = None,
    status: str | None = None,
) -> None:
    """Refuse (members.last_parent) a change that would leave the family without an
    active parent: the only parent may not get another role, leave or be removed.

    `role` and `status` are what the membership is about to become (None: unchanged).
    Call it before writing. The family's active parents are locked (PostgreSQL) in one
    order, so two parents who demote or remove each other at the same moment cannot both
    pass: the second waits for the first and then sees one parent fewer.
    """
    if not _is_active_parent(membership.role, membership.status):
        return  # not a parent now: nothing a family needs is lost
    after_role = membership.role if role is None else role
    after_status = membership.status if status is None else status
    if _is_active_parent(after_role, after_status):
        return
    parents = session.exec(
        select(Membership.id)
        .where(is_active_member(family_id=membership.family_id, role=Role.PARENT))
        .order_by(col(Membership.id))
        .with_for_update()
    ).all()
    if not [i for i in parents if i != membership.id]:
        raise InvalidInput("members.last_parent")


def _save(session: Session, membership: Membership, expected_version: int) -> None:
    if membership.version != expected_version:
        raise Conflict()
    session.add(membership)
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict() from exc


def change_role(
    session: Session, actor: Actor, *, membership_id: int, role: str, expected_version: int
) -> Membership:
    if role not in set(Role):
        raise InvalidInput("invitation.role_required")
    membership = _membership(session, actor, membership_id)
    keep_a_parent(session, membership, role=role)
    old_role = membership.role
    membership.role = role
    _save(session, membership, expected_version)
    if old_role == Role.SIBLING and role != Role.SIBLING:
        revoke_links_of(session, sibling_id=saved_id(membership))
    audit.record(
        session,
        actor,
        "membership.role",
        object_type="membership",
        object_id=membership.id,
        detail=f"{old_role}->{role}",
    )
    return membership


def remove_member(
    session: Session, actor: Actor, *, membership_id: int, expected_version: int
) -> Membership:
    membership = _membership(session, actor, membership_id)
    keep_a_parent(session, membership, status=MembershipStatus.REVOKED)
    membership.status = MembershipStatus.REVOKED
    membership.ended_at, membership.ended_reason = utcnow(), "removed"
    _save(session, membership, expected_version)
    ended = end_family_sessions(session, user_id=membership.user_id, family_id=membership.family_id)
    # Their calendar link dies too, even if they are invited back later.
    session.execute(sa.delete(CalendarFeed).where(col(CalendarFeed.membership_id) == membership.id))
    # So does a sibling's personal check-in link (its sessions ended just above).
    revoke_links_of(session, sibling_id=saved_id(membership))
    audit.record(
        session,
        actor,
        "membership.remove",
        object_type="membership",
        object_id=membership.id,
        detail=f"{ended} sessions ended",
    )
    return membership


def end_family_sessions(session: Session, *, user_id: int, family_id: int) -> int:
    """End the person's live sessions that have this family open; returns how many."""
    result = session.exec(
        sa.update(UserSession)
        .where(
            col(UserSession.user_id) == user_id,
            col(UserSession.current_family_id) == family_id,
            col(UserSession.revoked_at).is_(None),
        )
        .values(revoked_at=utcnow())
    )
    return result.rowcount or 0


def clean_phone(raw: str) -> str:
    """The number with its spaces tidied, or InvalidInput with a clear Dutch message."""
    phone = " ".join((raw or "").split())
    if not phone:
        return ""  # an empty field removes the number
    if len(phone) > PHONE_MAX:
        raise InvalidInput("members.phone_too_long", limit=PHONE_MAX)
    if not _PHONE_CHARS.match(phone) or sum(c.isdigit() for c in phone) < _PHONE_MIN_DIGITS:
        raise InvalidInput("members.phone_invalid")
    return phone


def change_phone(
    session: Session, actor: Actor, *, membership_id: int, phone: str, expected_version: int
) -> Membership:
    """Set or clear a member's phone number: one's own, or (parents) anyone's in the family."""
    number = clean_phone(phone)
    membership = session.get(Membership, membership_id)
    if membership is None or not is_active(membership):
        raise NotFound()
    own = membership.id == actor.membership_id and membership.family_id == actor.family_id
    if not own and not can(actor, Action.MEMBERS_MANAGE, membership):
        raise PermissionDenied(actor, Action.MEMBERSHIP_PHONE, membership)
    if membership.phone == number:
        return membership  # nothing changed: no new version, no log row
    if membership.version != expected_version:
        raise Conflict()  # before touching the row, so nothing half-changed stays behind
    had_number = bool(membership.phone)
    membership.phone = number
    _save(session, membership, expected_version)
    audit.record(
        session,
        actor,
        Action.MEMBERSHIP_PHONE,
        object_type="membership",
        object_id=membership.id,
        # Never the number itself: the log names what happened, not the content.
        detail=("changed" if had_number else "added") if number else "removed",
    )
    return membership


def phones_of(session: Session, actor: Actor) -> dict[int, str]:
    """Phone numbers by membership id, for the member list the actor just read.

    Passes the gate for seeing the members; the list read it serves is what the access
    log records, so this adds no row of its own.
    """
    if not can(actor, Action.MEMBERS_VIEW):
        raise PermissionDenied(actor, Action.MEMBERS_VIEW)
    rows = session.exec(
        select(Membership.id, Membership.phone).where(is_active_member(family_id=actor.family_id))
    ).all()
    return {int(i): phone for i, phone in rows if i is not None}


# The people a family calls most: the case managers first, then the parents, then the
# other caregivers. Brothers, sisters and the ill child are not on the call list.
TEAM_ORDER = (Role.CM_HOSPITAL, Role.CM_HOME, Role.PARENT, Role.CAREGIVER)


@dataclass(frozen=True, slots=True, kw_only=True)
class TeamContact:
    membership_id: int
    name: str
    role: str
    relation: str
    phone: str

    @property
    def phone_href(self) -> str:
        """A tel: link with digits and + only ("" without a number)."""
        digits = re.sub(r"[^0-9+]", "", self.phone)
        return f"tel:{digits}" if digits else ""


def team_contacts(session: Session, actor: Actor) -> list[TeamContact]:
    """Who to call, for the overview: everyone else on the team with their number.

    Reads the member list through its gate (members, phones_of); an actor who may not
    see the members gets nothing.
    """
    if not can(actor, Action.MEMBERS_VIEW):
        return []
    phones = phones_of(session, actor)
    team = [
        TeamContact(
            membership_id=m.membership_id,
            name=m.name,
            role=m.role,
            relation=m.relation,
            phone=phones.get(m.membership_id, ""),
        )
        for m in members(session, actor)
        if m.role in TEAM_ORDER and m.membership_id != actor.membership_id
    ]
    return sorted(team, key=lambda c: (TEAM_ORDER.index(Role(c.role)), c.name))
