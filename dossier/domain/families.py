"""Families and their members, as seen by one member."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from dossier.domain.access import guard, visible
from dossier.domain.errors import NotFound
from dossier.domain.membership import is_active_member
from dossier.models import Family, Membership, User, UserSession, saved_id
from dossier.permissions import Action, Actor, require


@dataclass(frozen=True, slots=True, kw_only=True)
class Member:
    membership_id: int
    user_id: int
    name: str
    role: str
    relation: str
    version: int


@dataclass(frozen=True, slots=True, kw_only=True)
class FamilyChoice:
    family_id: int
    name: str
    role: str


def families_of(session: Session, *, user_id: int) -> list[FamilyChoice]:
    """The families a user is an active member of (their own list: no gate needed)."""
    rows = session.exec(
        select(Family, Membership)
        .join(Membership, col(Membership.family_id) == Family.id)
        .where(is_active_member(user_id=user_id))
        .order_by(Family.name)
    ).all()
    return [FamilyChoice(family_id=saved_id(f), name=f.name, role=m.role) for f, m in rows]


def get_family(session: Session, actor: Actor) -> Family:
    family = session.get(Family, actor.family_id)
    guard(session, actor, Action.FAMILY_VIEW, family)
    if family is None:  # the actor's active membership points at it: gone only meanwhile
        raise NotFound()
    return family


def members(session: Session, actor: Actor) -> list[Member]:
    rows = session.exec(
        select(Membership, User)
        .join(User, col(User.id) == Membership.user_id)
        .where(is_active_member(family_id=actor.family_id))
        .order_by(col(Membership.id))
    ).all()
    shown = visible(session, actor, Action.MEMBERS_VIEW, (m for m, _ in rows))
    names = {m.id: u for m, u in rows}
    return [
        Member(
            membership_id=saved_id(m),
            user_id=m.user_id,
            name=names[m.id].name,
            role=m.role,
            relation=m.relation,
            version=m.version,
        )
        for m in shown
    ]


def member_names(session: Session, actor: Actor) -> dict[int, str]:
    """Names by membership id, to show who owns the rows of a list read.

    Passes the gate for the actor's own family; the list read it serves is what the
    audit log records, so this adds no row of its own.
    """
    require(actor, Action.FAMILY_VIEW)
    rows = session.exec(
        select(Membership.id, User.name)
        .join(User, col(User.id) == Membership.user_id)
        .where(Membership.family_id == actor.family_id)
    ).all()
    # A primary key read from the table is never NULL; the check narrows the column type.
    return {membership_id: name for membership_id, name in rows if membership_id is not None}


def set_current_family(session: Session, *, session_id: int, family_id: int) -> None:
    """Remember the chosen family on the server-side session (callers check membership)."""
    user_session = session.get(UserSession, session_id)
    if user_session is not None:
        user_session.current_family_id = family_id
        session.add(user_session)
