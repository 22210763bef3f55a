"""A member leaves the dossier ("Uit dit dossier stappen"): any role, only themself.

Their membership ends at once (status revoked, `ended_at`, reason "left", an access-log
row) and their sessions with this family open end, so a second open screen lands on the
login page at its next tap (as with a removal, `members.end_family_sessions`). Their
calendar link and a sibling's personal check-in links go too.

- The last active parent cannot leave: a family keeps a parent (`members.keep_a_parent`);
  they close the dossier instead.
- A brother or sister's own check-ins go with them (deleted, with their signals) unless
  they choose to leave them with the family.
- On request, when this is the person's last family, their account is erased
  (`erasure.erase_account`); in other families they stay who they are, so it is not
  offered (and refused) then.
- When a case manager leaves, the parents hear it (`member.left`, generic words in the
  push; the in-app list links to the members page).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import func
from sqlmodel import Session, col, select

from dossier import audit, routes
from dossier.domain.access import require
from dossier.domain.checkin_links import revoke_links_of
from dossier.domain.erasure import erase_account, remove_checkins_of
from dossier.domain.errors import InvalidInput, NotFound
from dossier.domain.members import end_family_sessions, keep_a_parent
from dossier.domain.membership import is_active, is_active_member
from dossier.models import (
    CalendarFeed,
    Category,
    CheckIn,
    Membership,
    MembershipStatus,
    Role,
    saved_id,
    utcnow,
)
from dossier.notify.outbox import notify_each
from dossier.permissions import Action, Actor

MEMBER_LEFT = "member.left"  # kind: the parents hear that a case manager left
CASE_MANAGERS = frozenset({Role.CM_HOSPITAL, Role.CM_HOME})
LEFT = "left"  # Membership.ended_reason


@dataclass(frozen=True, slots=True, kw_only=True)
class LeavingFacts:
    """What the leaving page says and offers to this member."""

    role: str
    last_parent: bool  # cannot leave: the family keeps a parent (close the dossier instead)
    last_family: bool  # no other family: erasing the account can be offered
    other_families: int
    is_sibling: bool  # the choice about their check-ins is shown
    checkins: int  # how many check-ins they wrote in this family


@dataclass(frozen=True, slots=True, kw_only=True)
class Left:
    membership_id: int
    erased: bool
    checkins_removed: int
    parents_told: int


def _own_membership(session: Session, actor: Actor) -> Membership:
    membership = session.get(Membership, actor.membership_id)
    if (
        membership is None
        or membership.family_id != actor.family_id
        or membership.user_id != actor.user_id
        or not is_active(membership)
    ):
        raise NotFound()
    return membership


def _other_families(session: Session, actor: Actor) -> int:
    return int(
        session.exec(
            select(func.count())
            .select_from(Membership)
            .where(
                is_active_member(user_id=actor.user_id),
                Membership.family_id != actor.family_id,
            )
        ).one()
    )


def _is_last_parent(session: Session, membership: Membership) -> bool:
    try:
        keep_a_parent(session, membership, status=MembershipStatus.REVOKED)
    except InvalidInput:
        return True
    return False


def leaving_facts(session: Session, actor: Actor) -> LeavingFacts:
    """What this member's leaving would mean (their own row: no access-log row)."""
    membership = _own_membership(session, actor)
    others = _other_families(session, actor)
    checkins = 0
    if membership.role == Role.SIBLING:
        checkins = int(
            session.exec(
                select(func.count())
                .select_from(CheckIn)
                .where(CheckIn.sibling_id == saved_id(membership))
            ).one()
        )
    return LeavingFacts(
        role=membership.role,
        last_parent=_is_last_parent(session, membership),
        last_family=others == 0,
        other_families=others,
        is_sibling=membership.role == Role.SIBLING,
        checkins=checkins,
    )


def leave_family(
    session: Session,
    actor: Actor,
    *,
    erase: bool = False,
    keep_checkins: bool = False,
    now: datetime | None = None,
) -> Left:
    """End the actor's own membership now (see the module text). Nothing changes when
    it is refused (the last parent; erasing while in another family)."""
    membership = _own_membership(session, actor)
    require(actor, Action.MEMBERSHIP_LEAVE, membership)  # logged below, with what happened
    if _is_last_parent(session, membership):
        raise InvalidInput("leaving.last_parent_error")
    if erase and _other_families(session, actor) > 0:
        raise InvalidInput("leaving.erase_other_families")
    now = now or utcnow()
    membership_id = saved_id(membership)
    membership.status = MembershipStatus.REVOKED
    membership.ended_at, membership.ended_reason = now, LEFT
    session.add(membership)
    session.flush()
    sessions = end_family_sessions(session, user_id=actor.user_id, family_id=actor.family_id)
    session.execute(sa.delete(CalendarFeed).where(col(CalendarFeed.membership_id) == membership_id))
    revoke_links_of(session, sibling_id=membership_id)
    removed = 0
    if membership.role == Role.SIBLING and not keep_checkins:
        removed = remove_checkins_of(session, sibling_id=membership_id)
    told = 0
    if membership.role in CASE_MANAGERS:
        parents = session.exec(
            select(Membership.user_id).where(
                is_active_member(family_id=actor.family_id, role=Role.PARENT)
            )
        ).all()
        told = len(
            notify_each(
                session,
                parents,
                kind=MEMBER_LEFT,
                category=Category.SYSTEM,
                dedupe_key=f"{MEMBER_LEFT}:{membership_id}:{{user}}:{now:%Y%m%dT%H%M%S}",
                family_id=actor.family_id,
                url=routes.MEMBERS,
                object_type="membership",
                object_id=membership_id,
                actor_user_id=actor.user_id,
                actor_membership_id=membership_id,
                now=now,
            )
        )
    checkin_note = ""
    if membership.role == Role.SIBLING:
        checkin_note = "; check-ins kept" if keep_checkins else f"; {removed} check-ins removed"
    audit.record(
        session,
        actor,
        "membership.leave",
        object_type="membership",
        object_id=membership_id,
        detail=f"{sessions} sessions ended{checkin_note}{'; account erased' if erase else ''}",
    )
    erased = erase_account(session, actor.user_id, now=now) if erase else False
    return Left(
        membership_id=membership_id,
        erased=erased,
        checkins_removed=removed,
        parents_told=told,
    )
