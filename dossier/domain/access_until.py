"""Access with an end date: a parent gives a professional access until a day.

The day is the professional's last day of access, in Europe/Amsterdam. From the next
day the gate refuses them by itself (`membership.is_active_member` compares it with
today in the query, so no job has to run first); the scheduler then marks the
membership ended and logs it (`end_expired`), and a week before it tells the parents
once (`notices_due`, the notification `access.ending`).

Only professionals (both case managers and caregivers) get an end date: a family does
not end its own members' access by a date. A parent sets, moves or clears it on the
members page (with a version check) or on the invitation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from babel.dates import format_date
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from dossier import audit, routes
from dossier.clock import BadDay, local_today, parse_day
from dossier.domain.access import guard
from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.domain.members import end_family_sessions
from dossier.domain.membership import is_active, is_active_member
from dossier.models import (
    Category,
    Membership,
    MembershipStatus,
    Notification,
    Role,
    utcnow,
)
from dossier.notify.outbox import notify_each
from dossier.permissions import Action, Actor, can

PROFESSIONALS = frozenset({Role.CM_HOSPITAL, Role.CM_HOME, Role.CAREGIVER})
LONGEST = timedelta(days=5 * 366)  # an end date further away is a typing mistake
NOTICE_BEFORE = timedelta(days=7)
ACCESS_ENDING = "access.ending"  # kind: the parents hear a week before
ENDED = "access_ended"  # Membership.ended_reason


def read_until(text: str, today: date) -> date | None:
    """The end date in a form field (empty: no end date), or InvalidInput."""
    try:
        return parse_day(text, earliest=today, latest=today + LONGEST)
    except BadDay as bad:
        raise InvalidInput(f"access_until.{bad.problem}") from bad


def check_access_until(role: str, until: date | None, today: date) -> None:
    """Refuse an end date for a role that gets none, or one in the past or too far."""
    if until is None:
        return
    if role not in PROFESSIONALS:
        raise InvalidInput("access_until.not_professional")
    if until < today or until > today + LONGEST:
        raise InvalidInput("access_until.range")


def set_access_until(
    session: Session,
    actor: Actor,
    *,
    membership_id: int,
    until: date | None,
    expected_version: int,
    now: datetime | None = None,
) -> Membership:
    """A parent sets (or clears, with None) a professional's last day of access."""
    membership = session.get(Membership, membership_id)
    if membership is None or not is_active(membership):
        raise NotFound()
    guard(session, actor, Action.MEMBERS_MANAGE, membership)
    check_access_until(membership.role, until, local_today(now))
    if membership.access_until == until:
        return membership
    if membership.version != expected_version:
        raise Conflict()
    membership.access_until = until
    session.add(membership)
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict() from exc
    audit.record(
        session,
        actor,
        "membership.access_until",
        object_type="membership",
        object_id=membership.id,
        detail=until.isoformat() if until else "cleared",
    )
    return membership


@dataclass(frozen=True, slots=True)
class Ending:
    membership_id: int
    family_id: int
    until: date


def _with_end(session: Session) -> list[Membership]:
    return list(
        session.exec(
            select(Membership)
            .where(
                Membership.status == MembershipStatus.ACTIVE,
                col(Membership.access_until).is_not(None),
            )
            .order_by(col(Membership.id))
        ).all()
    )


def end_expired(session: Session, now: datetime | None = None) -> int:
    """Mark the memberships past their last day as ended, end their sessions in that
    family and log it (one row each, as the system). Returns how many."""
    now = now or utcnow()
    today = local_today(now)
    ended = 0
    for membership in _with_end(session):
        if membership.access_until is None or membership.access_until >= today:
            continue
        membership.status = MembershipStatus.REVOKED
        membership.ended_at, membership.ended_reason = now, ENDED
        session.add(membership)
        sessions = end_family_sessions(
            session, user_id=membership.user_id, family_id=membership.family_id
        )
        audit.record(
            session,
            None,
            "membership.access_ended",
            object_type="membership",
            object_id=membership.id,
            user_id=membership.user_id,
            family_id=membership.family_id,
            detail=f"until {membership.access_until.isoformat()}; {sessions} sessions ended",
        )
        ended += 1
    session.flush()
    return ended


def notice_key(membership: Membership) -> str:
    until = membership.access_until.isoformat() if membership.access_until else ""
    return f"{ACCESS_ENDING}:{membership.id}:{{user}}:{until}"


def send_notices(session: Session, now: datetime | None = None) -> int:
    """Once per membership and end date: the parents hear that a professional's access
    ends in a week (or less, when the date was set closer). Returns how many written."""
    now = now or utcnow()
    today = local_today(now)
    sent = 0
    for membership in _with_end(session):
        until = membership.access_until
        if until is None or not (today <= until <= today + NOTICE_BEFORE):
            continue
        parents = session.exec(
            select(Membership.user_id).where(
                Membership.family_id == membership.family_id,
                Membership.status == MembershipStatus.ACTIVE,
                Membership.role == Role.PARENT,
            )
        ).all()
        key = notice_key(membership)
        keys = {key.format(user=p) for p in parents}
        known = set(
            session.exec(
                select(Notification.dedupe_key).where(col(Notification.dedupe_key).in_(keys))
            ).all()
        )
        if keys <= known:
            continue
        sent += len(
            notify_each(
                session,
                [p for p in parents if key.format(user=p) not in known],
                kind=ACCESS_ENDING,
                category=Category.SYSTEM,
                dedupe_key=key,
                family_id=membership.family_id,
                url=routes.MEMBERS,
                object_type="membership",
                object_id=membership.id,
                actor_membership_id=membership.id,
                now=now,
            )
        )
    return sent


def ends_of(session: Session, actor: Actor) -> dict[int, date]:
    """The end dates of access by membership id, for the member list the actor just
    read (that read is logged; this adds no row). Only parents see them."""
    if not can(actor, Action.MEMBERS_MANAGE):
        return {}
    rows = session.exec(
        select(col(Membership.id), col(Membership.access_until)).where(
            is_active_member(family_id=actor.family_id),
            col(Membership.access_until).is_not(None),
        )
    ).all()
    return {int(i): until for i, until in rows if i is not None and until is not None}


def long_day(day: date, lang: str) -> str:
    """'3 maart 2027': an end date as people say it."""
    return format_date(day, "d MMMM y", locale=lang)
