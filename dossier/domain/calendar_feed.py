"""A member's personal calendar feed (RFC 5545), so appointments show in the phone's agenda.

The phone's calendar app fetches `GET /api/calendar/<token>.ics` on its own, without the
login cookie, so the secret token in the address is the only key. It is random (256
bits), shown once, and only its keyed hash is stored; renewing replaces the hash, so the
old address answers 404 from then on, as does the address of a removed member.

The feed holds only what that member may see in the app (APPOINTMENT_VIEW per
appointment: caregivers, siblings and the child only what they go along to), from 30
days back to 12 months ahead. Per appointment it holds no more than the title, time,
place, status, a link to the agenda and the reminders chosen in the app (a VALARM that
repeats the title): no preparation notes, no names, no one "with whom", because a
phone's calendar is synced to other companies' servers and shown on lock screens. Each
fetch leaves one row in the access log (`calendar.feed`).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from icalendar import Alarm, Calendar, Event, vDuration
from sqlmodel import Session, col, select

from dossier import audit
from dossier.clock import ZONE
from dossier.domain.access import actor_for
from dossier.domain.membership import is_active
from dossier.domain.sessions import hash_token
from dossier.models import (
    Appointment,
    AppointmentStatus,
    CalendarFeed,
    Family,
    Membership,
    utcnow,
)
from dossier.permissions import Action, Actor, PermissionDenied, can, require
from dossier.settings import get_settings

TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 100  # a real token is 43 characters; anything much longer is not one
FEED_PAST = timedelta(days=30)
FEED_AHEAD = timedelta(days=365)
REFRESH = timedelta(hours=1)  # a hint to calendar apps; many poll less often anyway
PRODID = "-//Gezinsdossier//Agenda//NL"
CALENDAR_NAME = "Gezinsdossier – {family}"
TIMEZONE_NAME = ZONE.key  # "Europe/Amsterdam"


def _feed_of(session: Session, membership_id: int) -> CalendarFeed | None:
    return session.exec(
        select(CalendarFeed).where(CalendarFeed.membership_id == membership_id)
    ).first()


def has_feed(session: Session, actor: Actor) -> bool:
    """Whether the actor made a feed address before (it cannot be shown again)."""
    require(actor, Action.APPOINTMENT_VIEW)
    return _feed_of(session, actor.membership_id) is not None


def feed_token(session: Session, actor: Actor, *, renew: bool = False) -> str | None:
    """The raw token of a new feed address, shown once; None if one exists and not `renew`.

    Renewing replaces the stored hash: the old address stops working at once.
    """
    require(actor, Action.APPOINTMENT_VIEW)
    feed = _feed_of(session, actor.membership_id)
    if feed is not None and not renew:
        return None
    token = secrets.token_urlsafe(TOKEN_BYTES)
    if feed is None:
        feed = CalendarFeed(membership_id=actor.membership_id, token_hash=hash_token(token))
    else:
        feed.token_hash = hash_token(token)
        feed.created_at = utcnow()
    session.add(feed)
    session.flush()
    audit.record(
        session,
        actor,
        "calendar.renew" if renew else "calendar.create",
        object_type="calendar_feed",
        object_id=feed.id,
    )
    return token


def feed_url(token: str, origin: str | None = None) -> str:
    """The https (or http on localhost) address of a feed."""
    return f"{origin or get_settings().origin}/api/calendar/{token}.ics"


def webcal_url(url: str) -> str:
    """The same address as webcal://, which phones open as "subscribe to this calendar"."""
    return "webcal://" + url.split("://", 1)[-1]


def _member_by_token(session: Session, token: str) -> tuple[CalendarFeed, Membership] | None:
    # Every token is hashed and looked up the same way, well-formed or not.
    row = session.exec(
        select(CalendarFeed, Membership)
        .join(Membership, col(Membership.id) == CalendarFeed.membership_id)
        .where(CalendarFeed.token_hash == hash_token(token[:MAX_TOKEN_LENGTH]))
    ).first()
    return None if row is None else (row[0], row[1])


def feed_actor(session: Session, token: str, *, ip: str = "", user_agent: str = "") -> Actor | None:
    """The active member a feed token belongs to, or None (unknown, renewed or removed)."""
    found = _member_by_token(session, token or "")
    if found is None or len(token) > MAX_TOKEN_LENGTH:
        return None
    feed, membership = found
    if not is_active(membership):
        # A removed member's address dies with the membership, also if they come back.
        session.delete(feed)
        return None
    try:
        actor = actor_for(
            session,
            user_id=membership.user_id,
            family_id=membership.family_id,
            ip=ip,
            user_agent=user_agent,
        )
    except PermissionDenied:
        return None
    return actor if can(actor, Action.APPOINTMENT_VIEW) else None


def feed_appointments(session: Session, actor: Actor, *, now: datetime) -> list[Appointment]:
    """What this member may see, 30 days back to 12 months ahead (no log row of its own)."""
    require(actor, Action.APPOINTMENT_VIEW)
    rows = session.exec(
        select(Appointment)
        .where(
            Appointment.family_id == actor.family_id,
            Appointment.ends_at >= now - FEED_PAST,
            Appointment.starts_at <= now + FEED_AHEAD,
            # Deleted (a mistake): left out, so a subscribed phone drops it on its next sync.
            col(Appointment.deleted_at).is_(None),
        )
        .order_by(col(Appointment.starts_at), col(Appointment.id))
    )
    return [a for a in rows if can(actor, Action.APPOINTMENT_VIEW, a)]


def build_feed(
    session: Session,
    token: str,
    *,
    now: datetime | None = None,
    ip: str = "",
    user_agent: str = "",
    origin: str | None = None,
) -> bytes | None:
    """The ICS text for a feed token, or None when the token opens nothing (answer 404)."""
    now = now or utcnow()
    actor = feed_actor(session, token, ip=ip, user_agent=user_agent)
    if actor is None:
        return None
    family = session.get(Family, actor.family_id)
    appointments = feed_appointments(session, actor, now=now)
    audit.record(
        session,
        actor,
        "calendar.feed",
        object_type="calendar_feed",
        detail=f"{len(appointments)} rows",
    )
    return to_ics(family.name if family else "", appointments, now=now, origin=origin)


def to_ics(
    family_name: str,
    appointments: Sequence[Appointment],
    *,
    now: datetime,
    origin: str | None = None,
) -> bytes:
    """VCALENDAR with one VEVENT per appointment: title, time, place, status, a link and
    the reminders chosen in the app (VALARM), so the phone's calendar reminds as well."""
    base = origin or get_settings().origin
    link = f"{base}/agenda"
    # UIDs carry this installation's host: two dossiers never share an event's identity.
    host = urlsplit(base).hostname or "gezinsdossier"
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", CALENDAR_NAME.format(family=family_name))
    calendar.add("x-wr-timezone", TIMEZONE_NAME)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))  # the same hint, for Outlook
    for appointment in appointments:
        calendar.add_component(_event(appointment, now=now, link=link, host=host))
    return calendar.to_ical()


def _event(appointment: Appointment, *, now: datetime, link: str, host: str) -> Event:
    event = Event()
    event.add("uid", f"appointment-{appointment.id}@{host}")
    event.add("dtstamp", now)
    event.add("dtstart", appointment.starts_at)  # aware UTC: written as ...Z
    event.add("dtend", appointment.ends_at)
    event.add("summary", appointment.title)
    if appointment.place:
        event.add("location", appointment.place)
    event.add("url", link)
    cancelled = appointment.status == AppointmentStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("sequence", appointment.version)
    if not cancelled:
        for minutes in sorted(set(appointment.reminder_minutes or ())):
            event.add_component(_alarm(appointment.title, minutes))
    return event


def _alarm(title: str, minutes_before: int) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", title)  # the calendar shows the title already
    alarm.add("trigger", timedelta(minutes=-minutes_before))
    return alarm
