"""Every read and write of family data passes here: the gate decides, the log records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlmodel import Session, col, select

from dossier import audit, permissions
from dossier.db import session_scope
from dossier.domain.errors import NotFoundHere
from dossier.domain.membership import is_active_member
from dossier.models import Family, FamilyStatus, Membership, Role
from dossier.permissions import Action, Actor, Gated, PermissionDenied

T = TypeVar("T", bound=Gated)


def actor_for(
    session: Session, *, user_id: int, family_id: int, ip: str = "", user_agent: str = ""
) -> Actor:
    """The acting member, from an *active* membership in the database, or refusal."""
    # One query for the membership and the dossier's state: this runs on every tap.
    found = session.exec(
        select(Membership, Family.status)
        .join(Family, col(Family.id) == Membership.family_id)
        .where(is_active_member(user_id=user_id, family_id=family_id))
    ).first()
    membership, status = found if found is not None else (None, FamilyStatus.OPEN)
    if membership is None or membership.id is None:
        raise PermissionDenied(None, Action.FAMILY_VIEW, user_id=user_id, family_id=family_id)
    if membership.awaiting_consent:  # started it for the family; no parent's yes yet
        status = FamilyStatus.AWAITING_PARENTS
    return Actor(
        user_id=user_id,
        family_id=family_id,
        membership_id=membership.id,
        role=Role(membership.role),
        ip=ip,
        user_agent=user_agent,
        organisation=membership.organisation,
        family_status=FamilyStatus(status),
    )


def hidden(denial: PermissionDenied) -> PermissionDenied:
    """The refusal as the caller may see it: for an object of another family, the same
    answer as for an id that does not exist (`NotFoundHere`); the log still records it."""
    if isinstance(denial, NotFoundHere) or denial.actor is None or denial.object_id is None:
        return denial
    if denial.family_id in (None, denial.actor.family_id):
        return denial
    return NotFoundHere(denial)


def require(actor: Actor, action: Action, obj: Gated | None = None) -> None:
    """`permissions.require`, with an object of another family refused as not found."""
    try:
        permissions.require(actor, action, obj)
    except PermissionDenied as denial:
        raise hidden(denial) from None


def guard(session: Session, actor: Actor, action: Action, obj: Gated | None = None) -> None:
    """Refuse, or allow and log one row for this object."""
    require(actor, action, obj)
    audit.record(
        session,
        actor,
        str(action),
        object_type=permissions.object_type(obj),
        object_id=getattr(obj, "id", None),
    )


def visible(session: Session, actor: Actor, action: Action, rows: Iterable[T]) -> list[T]:
    """The rows the actor may see, logged as one list read."""
    shown = visible_in_summary(actor, action, rows)
    audit.record(session, actor, f"{action}.list", detail=f"{len(shown)} rows")
    return shown


def visible_in_summary(actor: Actor, action: Action, rows: Iterable[T]) -> list[T]:
    """The rows the actor may see, for a read the caller logs itself as one summary row
    (the caseload: one row per family for all its lists, not one per list).

    Refused outright when the role may not read this kind at all; the refusal is logged
    by `unit_of_work`. Rows may be entities or selected columns (anything with the
    attributes the gate reads: `family_id` as `permissions.Gated` types it, the involved
    members, the share flags).
    """
    permissions.require(actor, action)
    return [row for row in rows if permissions.can(actor, action, row)]


@contextmanager
def unit_of_work(url: str | None = None) -> Iterator[Session]:
    """One transaction; a refusal rolls it back but is still written to the log.

    A refusal of another family's object leaves here as `NotFoundHere`, whichever domain
    function refused it: to the caller the same as an id that does not exist.
    """
    try:
        with session_scope(url) as session:
            yield session
    except PermissionDenied as denial:
        with session_scope(url) as session:
            audit.record_denial(session, denial)
        shown = hidden(denial)
        if shown is denial:
            raise
        raise shown from denial
