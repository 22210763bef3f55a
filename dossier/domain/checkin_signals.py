"""Signals that a brother or sister may need attention, for the adults they shared with.

The rules:
- "Ik wil graag praten": the check-in itself is the signal, for everyone it was shared
  with; the adult the sibling asked for is named in it.
- Low mood: mood 1 or 2 in two check-ins within 14 days. Each group of adults (parents,
  home case manager, hospital case manager) counts only the check-ins shared with that
  group, so a signal never reveals a check-in an adult could not read. A group that
  already has an open low-mood signal for this sibling does not get a second one.

A signal writes one notification per adult who may see it, in the same transaction
(dossier/domain/notifications.py; the push worker delivers them to devices). Any adult
who may see it can mark it as picked up ("opgepakt"); everyone then sees who did and when.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from dossier.domain import notifications
from dossier.domain.access import guard, visible
from dossier.domain.errors import Conflict, NotFound
from dossier.models import (
    Audience,
    CheckIn,
    CheckinSignal,
    Notification,
    SignalKind,
    utcnow,
)
from dossier.permissions import (
    AUDIENCE_FLAG,
    Action,
    Actor,
    checkin_share_flag,
    require,
)

LOW_MOOD = 2  # this mood or lower counts as low
LOW_MOOD_WINDOW = timedelta(days=14)
NOTIFICATION_KIND = notifications.CHECKIN_SIGNAL


def _shared_with(item: CheckIn | CheckinSignal) -> set[Audience]:
    return {audience for audience, flag in AUDIENCE_FLAG.items() if getattr(item, flag)}


def _shared(signal: CheckinSignal, audiences: set[Audience]) -> CheckinSignal:
    """The signal, shared with these audiences (its share_* flags set)."""
    for audience, flag in AUDIENCE_FLAG.items():
        setattr(signal, flag, audience in audiences)
    return signal


def signals_after(session: Session, checkin: CheckIn) -> list[CheckinSignal]:
    """The signals this new check-in raises (none, one or two), with their notifications."""
    raised = []
    if checkin.wants_to_talk and _shared_with(checkin):
        talk = CheckinSignal(
            family_id=checkin.family_id,
            sibling_id=checkin.sibling_id,
            kind=SignalKind.WANTS_TO_TALK,
            checkin_id=checkin.id or 0,
            talk_to_id=checkin.talk_to_id,
            created_at=checkin.created_at,
        )
        raised.append(_shared(talk, _shared_with(checkin)))
    if checkin.mood <= LOW_MOOD:
        low = _low_mood_signal(session, checkin)
        if low is not None:
            raised.append(low)
    for signal in raised:
        session.add(signal)
        session.flush()
        _notify(session, signal)
    return raised


def _low_mood_signal(session: Session, checkin: CheckIn) -> CheckinSignal | None:
    earlier = session.exec(
        select(CheckIn)
        .where(
            CheckIn.sibling_id == checkin.sibling_id,
            CheckIn.id != checkin.id,
            CheckIn.mood <= LOW_MOOD,
            col(CheckIn.created_at) >= checkin.created_at - LOW_MOOD_WINDOW,
            col(CheckIn.created_at) <= checkin.created_at,
        )
        .order_by(col(CheckIn.created_at).desc())
    ).all()
    already = _groups_with_open_low_signal(session, checkin.sibling_id)
    groups: set[Audience] = set()
    first_earlier: dict[Audience, CheckIn] = {}
    for audience in _shared_with(checkin) - already:
        match = next((e for e in earlier if audience in _shared_with(e)), None)
        if match is not None:
            groups.add(audience)
            first_earlier[audience] = match
    if not groups:
        return None
    low = CheckinSignal(
        family_id=checkin.family_id,
        sibling_id=checkin.sibling_id,
        kind=SignalKind.LOW_MOOD,
        checkin_id=checkin.id or 0,
        earlier_checkin_id=max((first_earlier[g] for g in groups), key=lambda c: c.created_at).id,
        created_at=checkin.created_at,
    )
    return _shared(low, groups)


def _groups_with_open_low_signal(session: Session, sibling_id: int) -> set[Audience]:
    open_signals = session.exec(
        select(CheckinSignal).where(
            CheckinSignal.sibling_id == sibling_id,
            CheckinSignal.kind == SignalKind.LOW_MOOD,
            col(CheckinSignal.picked_up_at).is_(None),
        )
    ).all()
    return set().union(*(_shared_with(s) for s in open_signals)) if open_signals else set()


def _notify(session: Session, signal: CheckinSignal) -> None:
    """One notification per adult the signal was shared with (domain/notifications.py)."""
    notifications.signal_raised(session, signal)


# --------------------------------------------------------------------------------------
# Reading and picking up
# --------------------------------------------------------------------------------------


def visible_signals(
    session: Session,
    actor: Actor,
    *,
    open_only: bool = True,
    sibling_id: int | None = None,
    since: datetime | None = None,
) -> list[CheckinSignal]:
    """Signals shared with the actor, newest first."""
    require(actor, Action.SIGNAL_VIEW)
    flag = checkin_share_flag(actor)
    query = select(CheckinSignal).where(
        CheckinSignal.family_id == actor.family_id, getattr(CheckinSignal, str(flag)).is_(True)
    )
    if open_only:
        query = query.where(col(CheckinSignal.picked_up_at).is_(None))
    if sibling_id is not None:
        query = query.where(CheckinSignal.sibling_id == sibling_id)
    if since is not None:
        query = query.where(col(CheckinSignal.created_at) >= since)
    query = query.order_by(col(CheckinSignal.created_at).desc(), col(CheckinSignal.id).desc())
    return visible(session, actor, Action.SIGNAL_VIEW, session.exec(query))


def pick_up(
    session: Session,
    actor: Actor,
    *,
    signal_id: int,
    expected_version: int,
    now: datetime | None = None,
) -> CheckinSignal:
    """Mark a signal as picked up by the actor; someone else's earlier pick-up wins."""
    signal = session.get(CheckinSignal, signal_id)
    if signal is None:
        raise NotFound()
    guard(session, actor, Action.SIGNAL_PICK_UP, signal)
    if signal.picked_up_at is not None or signal.version != expected_version:
        raise Conflict("checkin.error.already_picked_up")
    signal.picked_up_by_id = actor.membership_id
    signal.picked_up_at = now or utcnow()
    session.add(signal)
    session.flush()
    _mark_notifications_read(session, signal, actor)
    return signal


def _mark_notifications_read(session: Session, signal: CheckinSignal, actor: Actor) -> None:
    for notification in session.exec(
        select(Notification).where(
            Notification.object_type == "checkinsignal",
            Notification.object_id == signal.id,
            Notification.recipient_user_id == actor.user_id,
            col(Notification.read_at).is_(None),
        )
    ).all():
        notification.read_at = utcnow()
        session.add(notification)
