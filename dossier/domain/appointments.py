"""Appointments in the family agenda: check, create, change, cancel, delete, list by day.

The form sends what people typed: the local date and clock times in the Netherlands
("2026-03-29", "09:30"). They are read here, in Europe/Amsterdam, and stored in UTC. A
clock time that does not exist (the hour skipped when summer time starts) is refused;
one that happens twice (the hour repeated in autumn) means the first, summer-time one.

Every change passes the gate (permissions.py) and leaves one row in the access log.
Bad input raises `InvalidAppointment` naming each wrong field; nothing is written then.
A save based on an old version raises `AppointmentConflict` naming what someone else
changed since the form was opened.

Cancelling ("afzeggen") is for a real cancellation: it stays, marked, and the people
going along are told. Deleting is for a mistake: the appointment leaves the agenda, the
phone's calendar, the reminders and the overview at once, nobody is told, and it can be
restored (the undo). A day before today asks first (dossier/domain/past.py).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, time, timedelta
from itertools import chain
from typing import Any

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from dossier import audit
from dossier.clock import ZONE, BadDay, local
from dossier.clock import parse_day as read_day
from dossier.domain import notifications
from dossier.domain.access import guard, hidden, require, visible
from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.domain.membership import is_active_member
from dossier.domain.past import ask_if_past
from dossier.domain.text import line_problem, note_problem
from dossier.models import Appointment, AppointmentStatus, Membership, utcnow
from dossier.permissions import Action, Actor, PermissionDenied, can

# Reminder choices in minutes before the start: 15 min, 1 hour, 2 hours, 1 day, 2 days.
REMINDER_CHOICES = (15, 60, 2 * 60, 24 * 60, 2 * 24 * 60)
MAX_REMINDERS = 3
TITLE_MAX = 200
SHORT_TEXT_MAX = 200  # place, with whom (the model's column sizes)
PREPARATION_MAX = 4000
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_IDS = 100  # more people or reminders than any family has: refused, not queried
UPCOMING_LIMIT = 200
PAST_LIMIT = 50

_CLOCK = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?")

# The fields a person edits, in the order the form shows them (names used for conflicts).
FIELDS = (
    "title",
    "time",
    "place",
    "with_whom",
    "attendees",
    "preparation",
    "reminders",
    "status",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class AppointmentForm:
    """What the form sent, as typed. Nothing in it is trusted yet."""

    title: str = ""
    day: str = ""  # "2026-03-29", from the date input
    start: str = ""  # "09:30", from the time input
    end: str = ""
    place: str = ""
    with_whom: str = ""
    attendees: Sequence[str | int] = ()  # membership ids
    preparation: str = ""
    reminders: Sequence[str | int] = ()  # minutes before the start


@dataclass(frozen=True, slots=True, kw_only=True)
class AppointmentValues:
    """The form, checked: ready to store."""

    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    with_whom: str
    attendee_ids: list[int]
    preparation: str
    reminder_minutes: list[int]


class InvalidAppointment(InvalidInput):
    """One or more fields are wrong. `errors` maps each field to (catalogue key, params)."""

    def __init__(self, errors: Mapping[str, tuple[str, dict[str, Any]]]) -> None:
        key, params = next(iter(errors.values()))
        super().__init__(key, **params)
        self.errors = dict(errors)


class AppointmentConflict(Conflict):
    """Someone else saved this appointment after it was opened; `changed` names the fields."""

    message_key = "agenda.conflict"

    def __init__(self, changed: Sequence[str]) -> None:
        super().__init__()
        self.changed = list(changed)


class _Problem(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


# --------------------------------------------------------------------------------------
# Reading the form
# --------------------------------------------------------------------------------------


def parse_day(text: str) -> date:
    """Only what the date input sends (yyyy-mm-dd), from FIRST_YEAR to LAST_YEAR."""
    try:
        day = read_day(
            text, typed=False, earliest=date(FIRST_YEAR, 1, 1), latest=date(LAST_YEAR, 12, 31)
        )
    except BadDay as bad:
        if bad.problem == "range":
            raise _Problem("agenda.error.day_range", first=FIRST_YEAR, last=LAST_YEAR) from bad
        if bad.problem == "impossible":
            raise _Problem("agenda.error.day_impossible") from bad
        raise _Problem("agenda.error.day_format") from bad
    if day is None:
        raise _Problem("agenda.error.day_required")
    return day


def parse_clock(text: str, *, missing: str) -> time:
    text = text.strip()
    if not text:
        raise _Problem(missing)
    match = _CLOCK.fullmatch(text)
    if not match:
        raise _Problem("agenda.error.time_format")
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59 or int(match[3] or 0) > 59:
        raise _Problem("agenda.error.time_format")
    return time(hour, minute)


def local_moment(day: date, clock: time) -> datetime:
    """The UTC moment of a clock time on a day in the Netherlands.

    Refuses a time that does not exist (the skipped hour when summer time starts);
    a time that happens twice (autumn) means the first one (fold=0, still summer time).
    """
    naive = datetime.combine(day, clock)
    moment = naive.replace(tzinfo=ZONE)
    if moment.astimezone(UTC).astimezone(ZONE).replace(tzinfo=None) != naive:
        raise _Problem("agenda.error.time_skipped", time=clock.strftime("%H:%M"))
    return moment.astimezone(UTC)


def _short_text(value: str, limit: int, errors: dict, name: str) -> str:
    value = " ".join(value.split())  # one line: no tabs or line breaks in a title or place
    if len(value) > limit:
        errors[name] = ("agenda.error.too_long", {"max": limit})
    elif problem := line_problem(value):
        errors[name] = (problem, {})
    return value


def _times(form: AppointmentForm, errors: dict) -> tuple[datetime | None, datetime | None]:
    try:
        day = parse_day(form.day)
    except _Problem as problem:
        errors["day"] = (problem.key, problem.params)
        day = None
    moments: dict[str, datetime | None] = {}
    for name, text in (("start", form.start), ("end", form.end)):
        try:
            clock = parse_clock(text, missing=f"agenda.error.{name}_required")
            moments[name] = local_moment(day, clock) if day else None
        except _Problem as problem:
            errors[name] = (problem.key, problem.params)
            moments[name] = None
    start, end = moments["start"], moments["end"]
    if start and end and end <= start:
        errors["end"] = ("agenda.error.end_before_start", {})
    return start, end


def _ids(values: Iterable[str | int]) -> list[int] | None:
    """Whole numbers, sorted and without repeats; None when one of them is not a number."""
    found: set[int] = set()
    for value in values:
        text = str(value).strip()
        if not text.isascii() or not text.isdigit() or len(text) > 9:
            return None
        found.add(int(text))
    return sorted(found) if len(found) <= MAX_IDS else None


def _attendees(session: Session, actor: Actor, raw: Sequence[str | int], errors: dict) -> list[int]:
    ids = _ids(raw)
    if ids is None:
        errors["attendees"] = ("agenda.error.attendee", {})
        return []
    if ids:
        active = session.exec(
            select(Membership.id).where(
                col(Membership.id).in_(ids),
                is_active_member(family_id=actor.family_id),
            )
        ).all()
        if set(active) != set(ids):
            errors["attendees"] = ("agenda.error.attendee", {})
    return ids


def _reminders(raw: Sequence[str | int], errors: dict) -> list[int]:
    minutes = _ids(raw)
    if minutes is None or not set(minutes) <= set(REMINDER_CHOICES):
        errors["reminders"] = ("agenda.error.reminder", {})
        return []
    if len(minutes) > MAX_REMINDERS:
        errors["reminders"] = ("agenda.error.too_many_reminders", {"max": MAX_REMINDERS})
    return sorted(minutes, reverse=True)


def check_form(session: Session, actor: Actor, form: AppointmentForm) -> AppointmentValues:
    """The checked values, or InvalidAppointment naming every wrong field."""
    errors: dict[str, tuple[str, dict[str, Any]]] = {}
    title = " ".join(form.title.split())
    if not title:
        errors["title"] = ("agenda.error.title_required", {})
    elif len(title) > TITLE_MAX:
        errors["title"] = ("agenda.error.too_long", {"max": TITLE_MAX})
    elif problem := line_problem(title):
        errors["title"] = (problem, {})
    starts_at, ends_at = _times(form, errors)
    place = _short_text(form.place, SHORT_TEXT_MAX, errors, "place")
    with_whom = _short_text(form.with_whom, SHORT_TEXT_MAX, errors, "with_whom")
    attendee_ids = _attendees(session, actor, form.attendees, errors)
    preparation = form.preparation.strip().replace("\r\n", "\n")
    if len(preparation) > PREPARATION_MAX:
        errors["preparation"] = ("agenda.error.too_long", {"max": PREPARATION_MAX})
    elif problem := note_problem(preparation):
        errors["preparation"] = (problem, {})
    reminder_minutes = _reminders(form.reminders, errors)
    if errors or starts_at is None or ends_at is None:
        raise InvalidAppointment(errors)
    return AppointmentValues(
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        with_whom=with_whom,
        attendee_ids=attendee_ids,
        preparation=preparation,
        reminder_minutes=reminder_minutes,
    )


# --------------------------------------------------------------------------------------
# Changes
# --------------------------------------------------------------------------------------


def create_appointment(
    session: Session,
    actor: Actor,
    form: AppointmentForm,
    *,
    past_ok: Collection[date] | None = None,
    today: date | None = None,
) -> Appointment:
    """A new appointment. With `past_ok` (the days already confirmed) a start on a day
    before today raises PastDate first, so the form can ask; None asks nothing."""
    if not can(actor, Action.APPOINTMENT_EDIT):
        raise PermissionDenied(actor, Action.APPOINTMENT_CREATE)
    values = check_form(session, actor, form)
    ask_if_past([local(values.starts_at).date()], confirmed=past_ok, today=today)
    appointment = Appointment(
        family_id=actor.family_id,
        title=values.title,
        starts_at=values.starts_at,
        ends_at=values.ends_at,
        place=values.place,
        with_whom=values.with_whom,
        attendee_ids=values.attendee_ids,
        preparation=values.preparation,
        reminder_minutes=values.reminder_minutes,
        created_by_id=actor.membership_id,
    )
    session.add(appointment)
    session.flush()
    audit.record(
        session,
        actor,
        Action.APPOINTMENT_CREATE,
        object_type="appointment",
        object_id=appointment.id,
    )
    notifications.appointment_changed(session, appointment, "created", actor)
    return appointment


def get_appointment(session: Session, actor: Actor, appointment_id: int) -> Appointment:
    """One appointment to read (logged as a view)."""
    appointment = _present(session, appointment_id)
    guard(session, actor, Action.APPOINTMENT_VIEW, appointment)
    return appointment


def _present(session: Session, appointment_id: int) -> Appointment:
    """The appointment, unless it does not exist or was deleted (then NotFound)."""
    appointment = session.get(Appointment, appointment_id)
    if appointment is None or appointment.deleted_at is not None:
        raise NotFound()
    return appointment


def open_for_edit(session: Session, actor: Actor, appointment_id: int) -> Appointment:
    """One appointment to change: only for those who may change it (logged as a view)."""
    appointment = _present(session, appointment_id)
    require(actor, Action.APPOINTMENT_EDIT, appointment)
    guard(session, actor, Action.APPOINTMENT_VIEW, appointment)
    return appointment


def update_appointment(
    session: Session,
    actor: Actor,
    *,
    appointment_id: int,
    form: AppointmentForm,
    expected_version: int,
    seen: Mapping[str, Any] | None = None,
    past_ok: Collection[date] | None = None,
    today: date | None = None,
) -> Appointment:
    """Save a changed appointment; `seen` is `snapshot()` of it as the form was opened.

    `past_ok` as in create_appointment, but a day it already had asks nothing."""
    appointment = _present(session, appointment_id)
    require(actor, Action.APPOINTMENT_EDIT, appointment)  # logged below, with what changed
    if appointment.version != expected_version:
        raise AppointmentConflict(changed_fields(appointment, seen))
    if appointment.status == AppointmentStatus.CANCELLED:
        raise InvalidInput("agenda.error.cancelled")
    values = check_form(session, actor, form)
    had = local(appointment.starts_at).date()
    ask_if_past([local(values.starts_at).date()], confirmed=past_ok, today=today, before=[had])
    before = snapshot(appointment)
    for name in (f.name for f in fields(AppointmentValues)):
        setattr(appointment, name, getattr(values, name))
    changed = changed_fields(appointment, before)
    if changed:
        _save(session, appointment, seen)
        change = "moved" if "time" in changed else "changed"
        notifications.appointment_changed(
            session, appointment, change, actor, previous_attendee_ids=before["attendees"]
        )
    audit.record(
        session,
        actor,
        "appointment.edit",
        object_type="appointment",
        object_id=appointment.id,
        detail=",".join(changed) or "nothing changed",  # field names, never content
    )
    return appointment


def cancel_appointment(
    session: Session,
    actor: Actor,
    *,
    appointment_id: int,
    expected_version: int,
    seen: Mapping[str, Any] | None = None,
) -> Appointment:
    """Cancel ("afzeggen"): it stays in the agenda, marked as cancelled."""
    appointment = _present(session, appointment_id)
    if not can(actor, Action.APPOINTMENT_EDIT, appointment):
        raise hidden(PermissionDenied(actor, Action.APPOINTMENT_CANCEL, appointment))
    if appointment.version != expected_version:
        raise AppointmentConflict(changed_fields(appointment, seen))
    if appointment.status == AppointmentStatus.CANCELLED:
        raise InvalidInput("agenda.error.cancelled")
    appointment.status = AppointmentStatus.CANCELLED
    _save(session, appointment, seen)
    notifications.appointment_changed(session, appointment, "cancelled", actor)
    audit.record(
        session,
        actor,
        Action.APPOINTMENT_CANCEL,
        object_type="appointment",
        object_id=appointment.id,
    )
    return appointment


def delete_appointment(
    session: Session, actor: Actor, *, appointment_id: int, expected_version: int
) -> Appointment:
    """Delete one made by mistake: it leaves every list, feed and reminder, and nobody is
    told (that is what cancelling is for). Kept, so the undo can bring it back."""
    appointment = session.get(Appointment, appointment_id)
    if appointment is None:
        raise NotFound()
    require(actor, Action.APPOINTMENT_DELETE, appointment)  # logged below, or refused
    if appointment.deleted_at is not None:
        raise NotFound()
    if appointment.version != expected_version:
        raise AppointmentConflict([])
    appointment.deleted_at = utcnow()
    _save(session, appointment, None)
    audit.record(
        session,
        actor,
        Action.APPOINTMENT_DELETE,
        object_type="appointment",
        object_id=appointment.id,
    )
    return appointment


def restore_appointment(session: Session, actor: Actor, *, appointment_id: int) -> Appointment:
    """The undo of a delete. Restoring one that is not deleted changes nothing."""
    appointment = session.get(Appointment, appointment_id)
    if appointment is None:
        raise NotFound()
    require(actor, Action.APPOINTMENT_RESTORE, appointment)
    if appointment.deleted_at is None:
        return appointment
    appointment.deleted_at = None
    _save(session, appointment, None)
    audit.record(
        session,
        actor,
        Action.APPOINTMENT_RESTORE,
        object_type="appointment",
        object_id=appointment.id,
    )
    return appointment


def _save(session: Session, appointment: Appointment, seen: Mapping[str, Any] | None) -> None:
    session.add(appointment)
    try:
        session.flush()  # UPDATE ... WHERE version = ?: a race between load and save fails here
    except StaleDataError as exc:
        session.rollback()
        current = session.get(Appointment, appointment.id)
        raise AppointmentConflict(changed_fields(current, seen) if current else []) from exc


# --------------------------------------------------------------------------------------
# What changed
# --------------------------------------------------------------------------------------


def snapshot(appointment: Appointment) -> dict[str, Any]:
    """The editable fields as plain values (kept while a form is open)."""
    return {
        "id": appointment.id,
        "version": appointment.version,
        "title": appointment.title,
        "time": [appointment.starts_at.isoformat(), appointment.ends_at.isoformat()],
        "place": appointment.place,
        "with_whom": appointment.with_whom,
        "attendees": sorted(appointment.attendee_ids),
        "preparation": appointment.preparation,
        "reminders": sorted(appointment.reminder_minutes),
        "status": str(appointment.status),
    }


def changed_fields(appointment: Appointment, seen: Mapping[str, Any] | None) -> list[str]:
    """The fields that differ from what was seen, in form order ([] when unknown)."""
    if not seen or seen.get("id") not in (None, appointment.id):
        return []
    now = snapshot(appointment)
    return [name for name in FIELDS if name in seen and seen[name] != now[name]]


# --------------------------------------------------------------------------------------
# Lists
# --------------------------------------------------------------------------------------


def upcoming(
    session: Session,
    actor: Actor,
    *,
    now: datetime | None = None,
    days: int | None = None,
    include_cancelled: bool = False,
) -> list[Appointment]:
    """Appointments that have not ended yet, soonest first (planned ones unless asked)."""
    query = _upcoming_query(actor, now or utcnow(), days, include_cancelled)
    return visible(session, actor, Action.APPOINTMENT_VIEW, session.exec(query))


def past(session: Session, actor: Actor, *, now: datetime | None = None, limit: int = 20):
    """Appointments that have ended, the most recent first."""
    query = _past_query(actor, now or utcnow(), limit)
    return visible(session, actor, Action.APPOINTMENT_VIEW, session.exec(query))


def _upcoming_query(actor: Actor, now: datetime, days: int | None, include_cancelled: bool):
    query = (
        select(Appointment)
        .where(
            Appointment.family_id == actor.family_id,
            Appointment.ends_at >= now,
            col(Appointment.deleted_at).is_(None),
        )
        .order_by(col(Appointment.starts_at), col(Appointment.id))
        .limit(UPCOMING_LIMIT)
    )
    if not include_cancelled:
        query = query.where(Appointment.status == AppointmentStatus.PLANNED)
    if days is not None:
        query = query.where(Appointment.starts_at < now + timedelta(days=days))
    return query


def _past_query(actor: Actor, now: datetime, limit: int):
    return (
        select(Appointment)
        .where(
            Appointment.family_id == actor.family_id,
            Appointment.ends_at < now,
            col(Appointment.deleted_at).is_(None),
        )
        .order_by(col(Appointment.starts_at).desc(), col(Appointment.id).desc())
        .limit(limit)
    )


@dataclass(slots=True)
class Day:
    """One local day of the agenda and its appointments."""

    day: date
    appointments: list[Appointment] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Agenda:
    upcoming: list[Day]
    past: list[Day]


def by_day(appointments: Iterable[Appointment]) -> list[Day]:
    """Group by local day (Europe/Amsterdam), keeping the order they come in."""
    days: list[Day] = []
    for appointment in appointments:
        day = local(appointment.starts_at).date()
        if not days or days[-1].day != day:
            days.append(Day(day))
        days[-1].appointments.append(appointment)
    return days


def agenda(session: Session, actor: Actor, *, now: datetime | None = None) -> Agenda:
    """Coming (today first, cancelled ones marked) and past (most recent first), by day.

    One gate check and one access-log row for the whole read.
    """
    now = now or utcnow()
    coming = session.exec(_upcoming_query(actor, now, None, include_cancelled=True)).all()
    gone = session.exec(_past_query(actor, now, PAST_LIMIT)).all()
    shown = visible(session, actor, Action.APPOINTMENT_VIEW, chain(coming, gone))
    return Agenda(
        upcoming=by_day(a for a in shown if a.ends_at >= now),
        past=by_day(a for a in shown if a.ends_at < now),
    )
