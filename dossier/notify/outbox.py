"""Writing a notification: the one door every event goes through.

`notify` is called inside the transaction of the change that causes it. It writes the
in-app notification (unless the person switched that category off) and, when the person
wants push for it, one outbox row per device. It never notifies people of their own
action, and the same dedupe key never makes a second notification.

Quiet hours (default 22:00-07:30, Europe/Amsterdam): only urgent items go out; the rest
waits until the quiet hours end. With the daily summary on, single pushes are not sent;
the scheduler sends one summary push a day instead (the in-app list still has them all).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from dossier.clock import ZONE
from dossier.models import (
    Category,
    Channel,
    DeliveryStatus,
    Notification,
    NotificationSettings,
    PushDelivery,
    PushSubscription,
    utcnow,
)

AMSTERDAM = ZONE  # the one clock (dossier/clock.py)
DEFAULT_CHANNELS: dict[Category, Channel] = dict.fromkeys(Category, Channel.PUSH)
DEFAULT_QUIET = ("22:00", "07:30")
# How long a push may wait for an offline device before the push service drops it.
TTL = {
    Category.TASKS: timedelta(days=1),
    Category.AGREEMENTS: timedelta(days=2),
    Category.APPOINTMENTS: timedelta(days=1),
    Category.REMINDERS: timedelta(hours=2),
    Category.SIGNALS: timedelta(days=1),
    Category.CHECKIN_REMINDER: timedelta(hours=12),
    Category.SYSTEM: timedelta(hours=12),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Preferences:
    channels: dict[Category, Channel]
    quiet_start: time
    quiet_end: time
    daily_summary: bool
    summary_at: time
    version: int  # 0 while the person never saved any


def parse_clock(text: str) -> time:
    """ "22:00" -> time(22, 0); raises ValueError on anything else."""
    hours, _, minutes = text.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise ValueError(text)
    return time(int(hours), int(minutes))


def preferences_of(session: Session, user_id: int) -> Preferences:
    stored = session.exec(
        select(NotificationSettings).where(NotificationSettings.user_id == user_id)
    ).first()
    channels = dict(DEFAULT_CHANNELS)
    if stored is None:
        return Preferences(
            channels=channels,
            quiet_start=parse_clock(DEFAULT_QUIET[0]),
            quiet_end=parse_clock(DEFAULT_QUIET[1]),
            daily_summary=False,
            summary_at=time(8, 0),
            version=0,
        )
    for category, channel in (stored.channels or {}).items():
        if category in Category.__members__.values() and channel in Channel.__members__.values():
            channels[Category(category)] = Channel(channel)
    return Preferences(
        channels=channels,
        quiet_start=parse_clock(stored.quiet_start),
        quiet_end=parse_clock(stored.quiet_end),
        daily_summary=stored.daily_summary,
        summary_at=parse_clock(stored.summary_at),
        version=stored.version,
    )


def in_quiet_hours(moment: datetime, start: time, end: time) -> bool:
    clock = moment.astimezone(AMSTERDAM).time()
    if start == end:
        return False
    if start < end:
        return start <= clock < end
    return clock >= start or clock < end  # across midnight, the usual case


def end_of_quiet_hours(moment: datetime, start: time, end: time) -> datetime:
    """The first moment at or after `moment` outside the quiet hours."""
    if not in_quiet_hours(moment, start, end):
        return moment
    local = moment.astimezone(AMSTERDAM)
    candidate = datetime.combine(local.date(), end, tzinfo=AMSTERDAM)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), end, tzinfo=AMSTERDAM)
    return candidate.astimezone(moment.tzinfo)


def notify(
    session: Session,
    *,
    recipient_user_id: int,
    kind: str,
    category: Category,
    dedupe_key: str,
    family_id: int | None = None,
    url: str = "/",
    object_type: str = "",
    object_id: int | None = None,
    urgent: bool = False,
    actor_user_id: int | None = None,
    actor_membership_id: int | None = None,
    now: datetime | None = None,
) -> Notification | None:
    """The notification for one person (and its push outbox rows), or None when it is
    their own action, they switched the category off, or it was sent before.
    `actor_membership_id` is kept for the in-app list only (it names them); never pushed."""
    if actor_user_id is not None and actor_user_id == recipient_user_id:
        return None
    preferences = preferences_of(session, recipient_user_id)
    channel = preferences.channels.get(category, Channel.PUSH)
    if channel is Channel.OFF:
        return None
    now = now or utcnow()
    notification = Notification(
        family_id=family_id,
        recipient_user_id=recipient_user_id,
        kind=kind,
        category=category,
        urgent=urgent,
        object_type=object_type,
        object_id=object_id,
        actor_membership_id=actor_membership_id,
        url=url,
        dedupe_key=dedupe_key[:200],
        created_at=now,
    )
    try:
        with session.begin_nested():  # a duplicate rolls back only this insert
            session.add(notification)
            session.flush()
    except IntegrityError:
        return None
    if channel is Channel.PUSH:
        queue_pushes(session, notification, preferences, now=now)
    return notification


def notify_each(
    session: Session,
    recipient_user_ids: Iterable[int],
    *,
    kind: str,
    category: Category,
    dedupe_key: str,
    family_id: int | None = None,
    url: str = "/",
    object_type: str = "",
    object_id: int | None = None,
    urgent: bool = False,
    actor_user_id: int | None = None,
    actor_membership_id: int | None = None,
    now: datetime | None = None,
) -> list[Notification]:
    """`notify` for each recipient, once each, in order: the people the domain chose
    (the domain's notifications module decides who hears what; this only delivers).
    `dedupe_key` is a template: `{user}` becomes the recipient's user id."""
    sent: list[Notification] = []
    for user_id in dict.fromkeys(recipient_user_ids):
        notification = notify(
            session,
            recipient_user_id=user_id,
            kind=kind,
            category=category,
            dedupe_key=dedupe_key.format(user=user_id),
            family_id=family_id,
            url=url,
            object_type=object_type,
            object_id=object_id,
            urgent=urgent,
            actor_user_id=actor_user_id,
            actor_membership_id=actor_membership_id,
            now=now,
        )
        if notification is not None:
            sent.append(notification)
    return sent


def queue_pushes(
    session: Session, notification: Notification, preferences: Preferences, *, now: datetime
) -> list[PushDelivery]:
    """One outbox row per device of the recipient, held back in quiet hours."""
    devices = session.exec(
        select(PushSubscription).where(PushSubscription.user_id == notification.recipient_user_id)
    ).all()
    summarised = preferences.daily_summary and not notification.urgent
    not_before = (
        now
        if notification.urgent
        else end_of_quiet_hours(now, preferences.quiet_start, preferences.quiet_end)
    )
    ttl = TTL.get(Category(notification.category), timedelta(hours=12))
    rows = [
        PushDelivery(
            notification_id=notification.id or 0,
            subscription_id=device.id,
            status=DeliveryStatus.SUMMARISED if summarised else DeliveryStatus.PENDING,
            not_before=not_before,
            expires_at=not_before + ttl,
            created_at=now,
        )
        for device in devices
    ]
    session.add_all(rows)
    session.flush()
    return rows


def withdraw(
    session: Session, notifications: Iterable[Notification], *, now: datetime | None = None
) -> None:
    """Take back notifications whose cause was undone: read in the app, and their pushes
    that did not go out yet are never sent (a push already shown cannot be taken back)."""
    moment = now or utcnow()
    for notification in notifications:
        notification.read_at = notification.read_at or moment
        session.add(notification)
        waiting = session.exec(
            select(PushDelivery).where(
                PushDelivery.notification_id == notification.id,
                PushDelivery.status == DeliveryStatus.PENDING,
            )
        ).all()
        for delivery in waiting:
            delivery.status = DeliveryStatus.EXPIRED
            session.add(delivery)
    session.flush()
