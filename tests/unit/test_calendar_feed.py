"""The personal calendar feed: the token (shown once, only its hash kept, renewable),
and the ICS read back with icalendar, field by field: only what the member may see,
and no more than title, time, place, status and a link."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlmodel import select

from dossier.domain.appointments import cancel_appointment
from dossier.domain.calendar_feed import (
    build_feed,
    feed_token,
    feed_url,
    has_feed,
    webcal_url,
)
from dossier.domain.sessions import hash_token
from dossier.models import (
    Appointment,
    AppointmentStatus,
    AuditEvent,
    CalendarFeed,
    MembershipStatus,
)
from tests.factories import World

NOW = datetime(2030, 6, 12, 8, 0, tzinfo=UTC)
ORIGIN = "https://dossier.example.nl"
PREPARATION = "Vraag naar de uitslag van de MRI"
WITH_WHOM = "dr. Geheim, kinderneuroloog"

CALENDAR_FIELDS = {
    "PRODID",
    "VERSION",
    "CALSCALE",
    "X-WR-CALNAME",
    "X-WR-TIMEZONE",
    "REFRESH-INTERVAL",
    "X-PUBLISHED-TTL",
}
EVENT_FIELDS = {
    "UID",
    "DTSTAMP",
    "DTSTART",
    "DTEND",
    "SUMMARY",
    "LOCATION",
    "URL",
    "STATUS",
    "SEQUENCE",
}


def add(world: World, title: str, start: datetime, **extra) -> Appointment:
    appointment = Appointment(
        family_id=extra.pop("family_id", world.alfa.id),
        title=title,
        starts_at=start,
        ends_at=start + timedelta(minutes=45),
        preparation=PREPARATION,
        with_whom=WITH_WHOM,
        **extra,
    )
    world.session.add(appointment)
    world.session.flush()
    return appointment


@pytest.fixture
def agenda_world(world: World) -> World:
    m = world.members
    add(
        world,
        "Kinderneuroloog",
        NOW + timedelta(days=2),
        place="Kinderziekenhuis, poli 3",
        attendee_ids=[m["anna"].id, m["gerda"].id],
    )
    add(world, "MDO", NOW + timedelta(days=5), place="", attendee_ids=[m["hanna"].id])
    add(world, "Sportdag", NOW - timedelta(days=20), attendee_ids=[m["ben"].id])
    add(world, "Te oud", NOW - timedelta(days=40), attendee_ids=[m["gerda"].id])
    add(world, "Te ver weg", NOW + timedelta(days=400), attendee_ids=[m["gerda"].id])
    add(world, "Van Beta", NOW + timedelta(days=1), family_id=world.beta.id)
    return world


def feed_for(world: World, name: str, family=None) -> Calendar:
    token = feed_token(world.session, world.actor(name, family))
    body = build_feed(world.session, token, now=NOW, origin=ORIGIN)
    assert body is not None
    return Calendar.from_ical(body)


def summaries(calendar: Calendar) -> list[str]:
    return [str(event["SUMMARY"]) for event in calendar.events]


# --------------------------------------------------------------------------------------
# The token
# --------------------------------------------------------------------------------------


def test_the_token_is_shown_once_and_only_its_hash_is_kept(world: World) -> None:
    anna = world.actor("anna")
    assert not has_feed(world.session, anna)
    token = feed_token(world.session, anna)
    assert token and len(token) >= 43  # 256 bits, URL-safe
    stored = world.session.exec(select(CalendarFeed)).one()
    assert stored.membership_id == world.members["anna"].id
    assert stored.token_hash == hash_token(token) != token
    assert has_feed(world.session, anna)
    assert feed_token(world.session, anna) is None  # cannot be shown again
    created = world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "calendar.create")
    ).one()
    assert created.user_id == world.users["anna"].id


def test_renewing_replaces_the_token_and_the_old_one_stops_working(world: World) -> None:
    anna = world.actor("anna")
    old = feed_token(world.session, anna)
    new = feed_token(world.session, anna, renew=True)
    assert new and new != old
    assert len(world.session.exec(select(CalendarFeed)).all()) == 1
    assert build_feed(world.session, old, now=NOW) is None
    assert build_feed(world.session, new, now=NOW) is not None
    assert world.session.exec(select(AuditEvent).where(AuditEvent.action == "calendar.renew")).one()


def test_a_removed_members_token_opens_nothing(world: World) -> None:
    token = feed_token(world.session, world.actor("gerda"))
    membership = world.members["gerda"]
    membership.status = MembershipStatus.REVOKED
    world.session.add(membership)
    world.session.flush()
    assert build_feed(world.session, token, now=NOW) is None
    world.session.flush()
    # The address dies with the membership: coming back later does not revive it.
    assert world.session.exec(select(CalendarFeed)).all() == []
    membership.status = MembershipStatus.ACTIVE
    world.session.add(membership)
    assert build_feed(world.session, token, now=NOW) is None


@pytest.mark.parametrize("token", ["", "onzin", "x" * 43, "a" * 5000, "../../etc/passwd"])
def test_unknown_tokens_open_nothing(world: World, token: str) -> None:
    feed_token(world.session, world.actor("anna"))
    assert build_feed(world.session, token, now=NOW) is None


def test_a_longer_token_that_starts_with_a_real_one_opens_nothing(world: World) -> None:
    token = feed_token(world.session, world.actor("anna"))
    assert build_feed(world.session, token + "x" * 100, now=NOW) is None


def test_feed_addresses() -> None:
    url = feed_url("abc", ORIGIN)
    assert url == "https://dossier.example.nl/api/calendar/abc.ics"
    assert webcal_url(url) == "webcal://dossier.example.nl/api/calendar/abc.ics"


# --------------------------------------------------------------------------------------
# The ICS, field by field
# --------------------------------------------------------------------------------------


def test_every_field_of_the_calendar_and_its_events(agenda_world: World) -> None:
    world = agenda_world
    calendar = feed_for(world, "anna")
    assert set(calendar.keys()) == CALENDAR_FIELDS
    assert str(calendar["PRODID"]) == "-//Gezinsdossier//Agenda//NL"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["X-WR-CALNAME"]) == "Gezinsdossier – Gezin Alfa"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Amsterdam"
    assert calendar.decoded("REFRESH-INTERVAL") == timedelta(hours=1)
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
    assert calendar.walk("VTIMEZONE") == []
    assert summaries(calendar) == ["Sportdag", "Kinderneuroloog", "MDO"]  # not too old, not too far

    neuro = next(e for e in calendar.events if str(e["SUMMARY"]) == "Kinderneuroloog")
    stored = world.session.exec(
        select(Appointment).where(Appointment.title == "Kinderneuroloog")
    ).one()
    assert set(neuro.keys()) == EVENT_FIELDS
    assert str(neuro["UID"]) == f"appointment-{stored.id}@dossier.example.nl"
    assert neuro.decoded("DTSTAMP") == NOW
    assert neuro.decoded("DTSTART") == NOW + timedelta(days=2)
    assert neuro.decoded("DTEND") == NOW + timedelta(days=2, minutes=45)
    assert neuro.decoded("DTSTART").tzinfo is not None
    assert neuro.decoded("DTSTART").utcoffset() == timedelta(0)
    assert str(neuro["LOCATION"]) == "Kinderziekenhuis, poli 3"
    assert str(neuro["URL"]) == "https://dossier.example.nl/agenda"
    assert str(neuro["STATUS"]) == "CONFIRMED"
    assert neuro.decoded("SEQUENCE") == 1

    mdo = next(e for e in calendar.events if str(e["SUMMARY"]) == "MDO")
    assert set(mdo.keys()) == EVENT_FIELDS - {"LOCATION"}  # no place, no empty LOCATION


def test_the_reminders_chosen_in_the_app_reach_the_phones_calendar(agenda_world: World) -> None:
    world = agenda_world
    stored = world.session.exec(
        select(Appointment).where(Appointment.title == "Kinderneuroloog")
    ).one()
    assert stored.reminder_minutes  # the defaults
    neuro = next(
        e for e in feed_for(world, "anna").events if str(e["SUMMARY"]) == "Kinderneuroloog"
    )
    alarms = neuro.walk("VALARM")
    assert [a.decoded("TRIGGER") for a in alarms] == [
        timedelta(minutes=-m) for m in sorted(set(stored.reminder_minutes))
    ]
    assert {str(a["ACTION"]) for a in alarms} == {"DISPLAY"}
    assert {str(a["DESCRIPTION"]) for a in alarms} == {"Kinderneuroloog"}
    cancel_appointment(
        world.session, world.actor("anna"), appointment_id=stored.id, expected_version=1
    )
    token = feed_token(world.session, world.actor("anna"), renew=True)
    again = Calendar.from_ical(build_feed(world.session, token, now=NOW, origin=ORIGIN))
    cancelled = next(e for e in again.events if str(e["SUMMARY"]) == "Kinderneuroloog")
    assert cancelled.walk("VALARM") == []  # no reminder of what is not happening


def test_times_are_written_in_utc_and_text_is_escaped(world: World) -> None:
    add(world, "Controle, poli; 3", datetime(2030, 6, 14, 7, 30, tzinfo=UTC))
    token = feed_token(world.session, world.actor("hanna"))
    body = build_feed(world.session, token, now=NOW, origin=ORIGIN).decode()
    assert "DTSTART:20300614T073000Z\r\n" in body
    assert "DTEND:20300614T081500Z\r\n" in body
    assert "SUMMARY:Controle\\, poli\\; 3\r\n" in body
    assert body.startswith("BEGIN:VCALENDAR\r\n")


def test_a_cancelled_appointment_says_so_with_a_higher_sequence(agenda_world: World) -> None:
    world = agenda_world
    neuro = world.session.exec(
        select(Appointment).where(Appointment.title == "Kinderneuroloog")
    ).one()
    cancel_appointment(
        world.session, world.actor("anna"), appointment_id=neuro.id, expected_version=1
    )
    event = next(
        e for e in feed_for(world, "anna").events if str(e["SUMMARY"]) == "Kinderneuroloog"
    )
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("SEQUENCE") == 2
    assert neuro.status == AppointmentStatus.CANCELLED


def test_a_caregivers_feed_holds_only_what_they_go_along_to(agenda_world: World) -> None:
    assert summaries(feed_for(agenda_world, "gerda")) == ["Kinderneuroloog"]


def test_a_siblings_and_the_childs_feed_hold_only_their_own(agenda_world: World) -> None:
    assert summaries(feed_for(agenda_world, "ben")) == ["Sportdag"]
    assert summaries(feed_for(agenda_world, "cleo")) == []


def test_the_same_person_sees_each_family_in_its_own_feed(agenda_world: World) -> None:
    """Hanna is in Alfa and Beta: each membership has its own feed, with its own family."""
    alfa = feed_for(agenda_world, "hanna")
    beta = feed_for(agenda_world, "hanna", agenda_world.beta)
    assert "Van Beta" not in summaries(alfa)
    assert summaries(beta) == ["Van Beta"]
    assert str(beta["X-WR-CALNAME"]) == "Gezinsdossier – Gezin Beta"


def test_no_preparation_names_or_with_whom_leak(agenda_world: World) -> None:
    world = agenda_world
    for name in ("anna", "hanna", "gerda"):
        token = feed_token(world.session, world.actor(name), renew=True)
        body = build_feed(world.session, token, now=NOW, origin=ORIGIN).decode()
        unfolded = body.replace("\r\n ", "")
        for secret in (PREPARATION, "MRI", WITH_WHOM, "Geheim"):
            assert secret not in unfolded
        for person in world.users.values():
            assert person.name not in unfolded
            assert person.email not in unfolded
        for forbidden in ("ATTENDEE", "ORGANIZER", "CONTACT"):
            assert forbidden not in unfolded
        # A reminder (VALARM) says no more than the title the event shows already.
        for event in Calendar.from_ical(body).events:
            assert "DESCRIPTION" not in event
            for alarm in event.walk("VALARM"):
                assert str(alarm["DESCRIPTION"]) == str(event["SUMMARY"])


def test_each_fetch_leaves_one_access_log_row(agenda_world: World) -> None:
    world = agenda_world
    token = feed_token(world.session, world.actor("gerda"))
    for _ in range(2):
        build_feed(world.session, token, now=NOW, ip="203.0.113.5", user_agent="iOS/17 dataaccessd")
    world.session.flush()
    rows = world.session.exec(select(AuditEvent).where(AuditEvent.action == "calendar.feed")).all()
    assert len(rows) == 2
    row = rows[0]
    assert (row.user_id, row.family_id, row.role) == (
        world.users["gerda"].id,
        world.alfa.id,
        "caregiver",
    )
    assert (row.ip, row.user_agent, row.detail) == ("203.0.113.5", "iOS/17 dataaccessd", "1 rows")
    assert not world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "appointment.view.list")
    ).all()
