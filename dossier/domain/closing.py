"""Closing the dossier: the family decides, 30 days to change their mind, then erasure.

- A parent asks to close. With one active parent it closes at once (the page asked
  "are you sure" first); with two or more, another parent must confirm: until then it
  is a request both see (overview and the closing page), and either can withdraw or
  decline it.
- Closed: `Family.status = closing`, everybody's access ends except seeing that it is
  closed (permissions.WHILE_NOT_OPEN), and the erase day is set: 30 days later, counted
  in Amsterdam days, at 00:00 there. Members are told, in generic words.
- Until that moment any parent can reopen it (`reopen`); after it the erasure job
  (dossier/jobs/erasure.py) erases the content and nobody can reopen.

No Reflex here; every step passes the gate and leaves an access-log row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from dossier.clock import local_today, start_of_day
from dossier.domain.access import guard
from dossier.domain.errors import Conflict, DomainError
from dossier.models import (
    Category,
    Family,
    FamilyClosure,
    FamilyStatus,
    Membership,
    MembershipStatus,
    Notification,
    Role,
    User,
    utcnow,
)
from dossier.notify.outbox import notify_each, withdraw
from dossier.permissions import Action, Actor

REOPEN_DAYS = 30  # how long a closed dossier can be reopened before it is erased

# Notification kinds (texts in nl.closing.json: notification.<kind>.title / .body).
CLOSE_REQUESTED = "family.close_requested"  # to the other parent(s): please confirm
CLOSED = "family.closed"  # to every member: the dossier is closed
REOPENED = "family.reopened"  # to every member: it is open again


class TooLateToReopen(DomainError):
    message_key = "closing.error.too_late"


class NotClosing(DomainError):
    message_key = "closing.error.nothing_to_do"


@dataclass(frozen=True, slots=True)
class ClosingView:
    """What the closing page and the closed notice show."""

    closed: bool
    erase_on: date | None  # the day the content is erased (Amsterdam)
    may_reopen: bool
    request_id: int | None  # a request that waits for a parent's confirmation
    requested_by: str  # the first name of the parent who asked
    asked_by_me: bool
    may_confirm: bool  # another parent than the one who asked
    parents: int  # active parents: 1 closes at once, 2 or more need a confirmation


@dataclass(frozen=True, slots=True)
class ShellNotice:
    """What every page's frame says about closing: the calm closed notice, or (to a
    parent) that the other parent asks to close."""

    closed: bool = False
    erase_on: date | None = None
    may_reopen: bool = False
    asked_by: str = ""  # the first name of the parent who asks this parent to confirm


def shell_notice(session: Session, actor: Actor, *, now: datetime | None = None) -> ShellNotice:
    """Read with the shell's own family read (AppState._load_family, logged as
    family.view there): only the family's state, no content."""
    if actor.family_status is FamilyStatus.CLOSING:
        closure = current_closure(session, actor.family_id)
        if closure is None or closure.closed_at is None:
            return ShellNotice(closed=True)
        within = closure.erase_after is not None and (now or utcnow()) < closure.erase_after
        return ShellNotice(
            closed=True,
            erase_on=erase_day(closure.closed_at),
            may_reopen=within and actor.role is Role.PARENT,
        )
    if actor.role is not Role.PARENT or actor.family_status is not FamilyStatus.OPEN:
        return ShellNotice()
    request = pending_request(session, actor.family_id)
    if request is None or request.requested_by_id == actor.membership_id:
        return ShellNotice()
    return ShellNotice(asked_by=_first_name(session, request.requested_by_id))


def erase_day(closed_at: datetime) -> date:
    """The day the content goes: 30 Amsterdam days after the day it was closed."""
    return local_today(closed_at) + timedelta(days=REOPEN_DAYS)


def active_parents(session: Session, family_id: int) -> list[Membership]:
    return list(
        session.exec(
            select(Membership)
            .where(
                Membership.family_id == family_id,
                Membership.status == MembershipStatus.ACTIVE,
                Membership.role == Role.PARENT,
            )
            .order_by(col(Membership.id))
        ).all()
    )


def pending_request(session: Session, family_id: int) -> FamilyClosure | None:
    return session.exec(
        select(FamilyClosure)
        .where(
            FamilyClosure.family_id == family_id,
            col(FamilyClosure.closed_at).is_(None),
            col(FamilyClosure.cancelled_at).is_(None),
        )
        .order_by(col(FamilyClosure.id).desc())
    ).first()


def current_closure(session: Session, family_id: int) -> FamilyClosure | None:
    """The closure of a closed dossier (not reopened)."""
    return session.exec(
        select(FamilyClosure)
        .where(
            FamilyClosure.family_id == family_id,
            col(FamilyClosure.closed_at).is_not(None),
            col(FamilyClosure.reopened_at).is_(None),
        )
        .order_by(col(FamilyClosure.id).desc())
    ).first()


def _first_name(session: Session, membership_id: int) -> str:
    member = session.get(Membership, membership_id)
    user = session.get(User, member.user_id) if member else None
    return (user.name.split(" ")[0] if user and user.name else "") or ""


def closing_view(session: Session, actor: Actor, *, now: datetime | None = None) -> ClosingView:
    """The dossier's closing state as this member may see it (anyone who can view it)."""
    now = now or utcnow()
    family = session.get(Family, actor.family_id)
    guard(session, actor, Action.FAMILY_VIEW, family)
    closure = current_closure(session, actor.family_id)
    closed = actor.family_status is FamilyStatus.CLOSING and closure is not None
    is_parent = actor.role is Role.PARENT
    if closed and closure is not None and closure.closed_at is not None:
        within = closure.erase_after is not None and now < closure.erase_after
        return ClosingView(
            closed=True,
            erase_on=erase_day(closure.closed_at),
            may_reopen=is_parent and within,
            request_id=None,
            requested_by="",
            asked_by_me=False,
            may_confirm=False,
            parents=0,
        )
    request = pending_request(session, actor.family_id) if is_parent else None
    parents = len(active_parents(session, actor.family_id)) if is_parent else 0
    return ClosingView(
        closed=False,
        erase_on=None,
        may_reopen=False,
        request_id=request.id if request else None,
        requested_by=_first_name(session, request.requested_by_id) if request else "",
        asked_by_me=bool(request and request.requested_by_id == actor.membership_id),
        may_confirm=bool(request and request.requested_by_id != actor.membership_id),
        parents=parents,
    )


def request_close(session: Session, actor: Actor, *, now: datetime | None = None) -> bool:
    """A parent asks to close. Returns True when it closed at once (the only parent).

    A second ask while a request waits changes nothing (a double tap, another tab); the
    other parent's ask while one waits is their confirmation.
    """
    now = now or utcnow()
    family = _family(session, actor)
    guard(session, actor, Action.FAMILY_CLOSE, family)
    waiting = pending_request(session, actor.family_id)
    if waiting is not None:
        if waiting.requested_by_id == actor.membership_id:
            return False
        _close(session, actor, family, waiting, now)
        return True
    request = FamilyClosure(
        family_id=actor.family_id, requested_by_id=actor.membership_id, requested_at=now
    )
    session.add(request)
    session.flush()
    others = [p for p in active_parents(session, actor.family_id) if p.id != actor.membership_id]
    if not others:
        _close(session, actor, family, request, now)
        return True
    notify_each(
        session,
        [p.user_id for p in others],
        kind=CLOSE_REQUESTED,
        category=Category.SYSTEM,
        dedupe_key=f"{CLOSE_REQUESTED}:{request.id}:{{user}}",
        family_id=actor.family_id,
        url="/dossier-sluiten",
        object_type="family_closure",
        object_id=request.id,
        actor_user_id=actor.user_id,
        actor_membership_id=actor.membership_id,
        now=now,
    )
    return False


def confirm_close(
    session: Session, actor: Actor, request_id: int, *, now: datetime | None = None
) -> None:
    """The other parent says yes: the dossier closes now."""
    now = now or utcnow()
    family = _family(session, actor)
    guard(session, actor, Action.FAMILY_CLOSE_CONFIRM, family)
    waiting = pending_request(session, actor.family_id)
    if waiting is None or waiting.id != request_id:
        raise NotClosing()
    if waiting.requested_by_id == actor.membership_id:
        raise DomainError("closing.error.other_parent")
    _close(session, actor, family, waiting, now)


def cancel_request(
    session: Session, actor: Actor, request_id: int, *, now: datetime | None = None
) -> None:
    """Withdrawn by the parent who asked, or declined by the other: nothing closes."""
    now = now or utcnow()
    family = _family(session, actor)
    guard(session, actor, Action.FAMILY_CLOSE, family)
    waiting = pending_request(session, actor.family_id)
    if waiting is None or waiting.id != request_id:
        raise NotClosing()
    waiting.cancelled_at = now
    session.add(waiting)
    guard(session, actor, Action.FAMILY_CLOSE, waiting)  # the log: which request ended


def reopen(session: Session, actor: Actor, *, now: datetime | None = None) -> None:
    """Any parent, until the erase moment: open again, members told."""
    now = now or utcnow()
    family = _family(session, actor)
    guard(session, actor, Action.FAMILY_REOPEN, family)
    closure = current_closure(session, actor.family_id)
    if family.status != FamilyStatus.CLOSING or closure is None:
        raise NotClosing()
    if closure.erase_after is None or now >= closure.erase_after:
        raise TooLateToReopen()
    closure.reopened_at = now
    closure.reopened_by_id = actor.membership_id
    family.status = FamilyStatus.OPEN
    session.add(closure)
    session.add(family)
    _tell_members(session, actor, REOPENED, closure, now)


def _family(session: Session, actor: Actor) -> Family:
    family = session.get(Family, actor.family_id)
    if family is None:
        raise Conflict()
    return family


def _close(
    session: Session, actor: Actor, family: Family, closure: FamilyClosure, now: datetime
) -> None:
    if family.status != FamilyStatus.OPEN:
        raise Conflict()
    closure.closed_at = now
    closure.erase_after = start_of_day(erase_day(now))
    if closure.requested_by_id != actor.membership_id:
        closure.confirmed_by_id = actor.membership_id
    family.status = FamilyStatus.CLOSING
    session.add(closure)
    session.add(family)
    session.flush()
    # The request's notification is no longer a question for anyone.
    asked = session.exec(
        select(Notification).where(
            Notification.kind == CLOSE_REQUESTED,
            Notification.object_type == "family_closure",
            Notification.object_id == closure.id,
        )
    ).all()
    withdraw(session, asked, now=now)
    _tell_members(session, actor, CLOSED, closure, now)


def _tell_members(
    session: Session, actor: Actor, kind: str, closure: FamilyClosure, now: datetime
) -> None:
    """Every active member (the one who did it knows): generic words, no names."""
    members = session.exec(
        select(Membership).where(
            Membership.family_id == actor.family_id,
            Membership.status == MembershipStatus.ACTIVE,
        )
    ).all()
    notify_each(
        session,
        sorted({m.user_id for m in members}),
        kind=kind,
        category=Category.SYSTEM,
        dedupe_key=f"{kind}:{closure.id}:{{user}}",
        family_id=actor.family_id,
        url="/",
        actor_user_id=actor.user_id,
        actor_membership_id=actor.membership_id,
        now=now,
    )
