"""A person's own notifications: their settings and their in-app list.

These are the person's own data, not the family's: nothing here passes the family gate
or writes an access-log row. Every function takes the user id of the logged-in person
(resolved server-side from the session) and only ever reads or changes that person's
rows: another person's notification id is NotFound and changes nothing.

The list leaves out notifications from families the person no longer belongs to
(their membership was revoked), so a removed member never sees anything of that
family again, not even that something happened.

Settings (see outbox.py for how they are applied):
- a channel per category: "push" (in the app and on their devices), "in_app" or "off";
  categories not sent keep what they had;
- quiet hours, Europe/Amsterdam wall clock, "HH:MM" (default 22:00-07:30; the same
  time twice means no quiet hours);
- a daily summary at `summary_at` instead of single pushes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.domain.membership import is_active_member
from dossier.models import (
    Category,
    Channel,
    Membership,
    Notification,
    NotificationSettings,
    utcnow,
)
from dossier.notify.outbox import Preferences, preferences_of

LIST_LIMIT_MAX = 200
_CLOCK = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


# --------------------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------------------


def load(session: Session, user_id: int) -> Preferences:
    """The person's settings, the defaults filled in (version 0 while never saved)."""
    return preferences_of(session, user_id)


def clean_clock(text: object) -> str:
    """'7:30' -> '07:30'; anything but a real 24-hour clock time is InvalidInput."""
    match = _CLOCK.fullmatch(str(text if text is not None else "").strip())
    if match is None:
        raise InvalidInput("notify.error.clock")
    return f"{int(match[1]):02d}:{match[2]}"


def clean_channels(channels: Mapping[str, Any]) -> dict[str, str]:
    """{category: channel} with known names only; anything else is InvalidInput."""
    if not isinstance(channels, Mapping):
        raise InvalidInput("notify.error.channel")
    known_categories = {str(c) for c in Category}
    known_channels = {str(c) for c in Channel}
    cleaned: dict[str, str] = {}
    for category, channel in channels.items():
        if str(category) not in known_categories or str(channel) not in known_channels:
            raise InvalidInput("notify.error.channel")
        cleaned[str(category)] = str(channel)
    return cleaned


def save(
    session: Session,
    user_id: int,
    *,
    channels: Mapping[str, str],
    quiet_start: str,
    quiet_end: str,
    daily_summary: bool,
    summary_at: str,
    expected_version: int,
) -> Preferences:
    """Store the person's choices; a save based on an older version is a Conflict.

    Everything is checked before anything is written: a wrong channel raises
    InvalidInput("notify.error.channel"), a wrong time InvalidInput("notify.error.clock")
    with `field` set to the name of the wrong field.
    """
    cleaned = clean_channels(channels)
    clocks: dict[str, str] = {}
    for name, value in (
        ("quiet_start", quiet_start),
        ("quiet_end", quiet_end),
        ("summary_at", summary_at),
    ):
        try:
            clocks[name] = clean_clock(value)
        except InvalidInput as problem:
            raise InvalidInput("notify.error.clock", field=name) from problem
    stored = session.exec(
        select(NotificationSettings).where(NotificationSettings.user_id == user_id)
    ).first()
    current_version = stored.version if stored is not None else 0
    if expected_version != current_version:
        raise Conflict()
    if stored is None:
        stored = NotificationSettings(user_id=user_id)
    stored.channels = {**(stored.channels or {}), **cleaned}
    stored.quiet_start = clocks["quiet_start"]
    stored.quiet_end = clocks["quiet_end"]
    stored.summary_at = clocks["summary_at"]
    stored.daily_summary = bool(daily_summary)
    stored.updated_at = utcnow()
    try:
        with session.begin_nested():  # a lost race rolls back only this save
            session.add(stored)
            session.flush()  # UPDATE ... WHERE version = ?; a first save: the unique user
    except (StaleDataError, IntegrityError) as exc:
        raise Conflict() from exc
    return preferences_of(session, user_id)


# --------------------------------------------------------------------------------------
# The in-app list
# --------------------------------------------------------------------------------------


def visible_to(user_id: int) -> ColumnElement[bool]:
    """The person's own notifications, leaving out families they no longer belong to."""
    active_family = select(Membership.family_id).where(is_active_member(user_id=user_id))
    return (col(Notification.recipient_user_id) == user_id) & or_(
        col(Notification.family_id).is_(None),
        col(Notification.family_id).in_(active_family),
    )


def list_notifications(session: Session, user_id: int, *, limit: int = 50) -> list[Notification]:
    """The person's notifications, newest first (at most `limit`, capped at 200)."""
    limit = max(1, min(int(limit), LIST_LIMIT_MAX))
    return list(
        session.exec(
            select(Notification)
            .where(visible_to(user_id))
            .order_by(col(Notification.created_at).desc(), col(Notification.id).desc())
            .limit(limit)
        ).all()
    )


def unread_count(session: Session, user_id: int) -> int:
    return session.exec(
        select(func.count())
        .select_from(Notification)
        .where(visible_to(user_id), col(Notification.read_at).is_(None))
    ).one()


def mark_read(
    session: Session, user_id: int, notification_id: int, *, now: datetime | None = None
) -> Notification:
    """Mark one of the person's own notifications read (again is fine: nothing changes)."""
    notification = session.exec(
        select(Notification).where(Notification.id == notification_id, visible_to(user_id))
    ).first()
    if notification is None:
        raise NotFound("notify.error.not_found")
    if notification.read_at is None:
        notification.read_at = now or utcnow()
        session.add(notification)
        session.flush()
    return notification


def mark_all_read(session: Session, user_id: int, *, now: datetime | None = None) -> int:
    """Mark all of the person's unread notifications read; returns how many."""
    result = session.exec(
        update(Notification)
        .where(visible_to(user_id), col(Notification.read_at).is_(None))
        .values(read_at=now or utcnow())
        .execution_options(synchronize_session="fetch")
    )
    return int(result.rowcount or 0)
