"""Appointments: the form's rules (each refusal writes nothing), summer time, conflicts,
cancelling, and the agenda by day with today first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, func, select

from dossier.clock import local
from dossier.db import session_scope
from dossier.domain.access import unit_of_work
from dossier.domain.appointments import (
    AppointmentConflict,
    AppointmentForm,
    InvalidAppointment,
    agenda,
    by_day,
    cancel_appointment,
    create_appointment,
    delete_appointment,
    get_appointment,
    local_moment,
    parse_clock,
    parse_day,
    restore_appointment,
    snapshot,
    upcoming,
    update_appointment,
)
from dossier.domain.errors import DomainError, InvalidInput, NotFound
from dossier.domain.past import PastDate, confirmed_field, past_days, read_confirmed
from dossier.i18n import TIMEZONE, translate
from dossier.models import (
    Appointment,
    AppointmentStatus,
    AuditEvent,
    Membership,
    MembershipStatus,
    Role,
    User,
)
from dossier.permissions import Actor, PermissionDenied
from dossier.presenters.rows import agenda_day_label
from tests.factories import World

FUTURE_DAY = "2030-05-14"


def form(**changes: Any) -> AppointmentForm:
    values: dict[str, Any] = {
        "title": "Controle kinderarts",
        "day": FUTURE_DAY,
        "start": "09:30",
        "end": "10:15",
        "place": "Kinderziekenhuis, poli 3",
        "with_whom": "dr. Bakker",
        "attendees": (),
        "preparation": "Vragen over de medicijnen",
        "reminders": ("1440", "120"),
    }
    values.update(changes)
    return AppointmentForm(**values)


def counts() -> tuple[int, int]:
    """Appointments and access-log rows, read in a transaction of their own."""
    with session_scope() as session:
        appointments = session.exec(select(func.count()).select_from(Appointment)).one()
        audit_rows = session.exec(select(func.count()).select_from(AuditEvent)).one()
    return appointments, audit_rows


def refused(world: World, call: Callable[[Session], Any], error: type[Exception]) -> Exception:
    """Runs `call` in its own transaction, as the app does; it must fail with `error`."""
    world.session.commit()
    with pytest.raises(error) as caught, unit_of_work() as session:
        call(session)
    return caught.value


def created(world: World, actor: Actor, **changes: Any) -> Appointment:
    appointment = create_appointment(world.session, actor, form(**changes))
    world.session.commit()
    return appointment


def audit_actions(session: Session) -> list[str]:
    return [row.action for row in session.exec(select(AuditEvent).order_by(AuditEvent.id))]


# --------------------------------------------------------------------------------------
# Creating
# --------------------------------------------------------------------------------------


def test_a_parent_creates_an_appointment_stored_in_utc(world: World) -> None:
    anna = world.actor("anna")
    appointment = created(world, anna, attendees=[str(world.members["anna"].id)])
    assert appointment.title == "Controle kinderarts"
    assert appointment.starts_at == datetime(2030, 5, 14, 7, 30, tzinfo=UTC)  # CEST: UTC+2
    assert appointment.ends_at == datetime(2030, 5, 14, 8, 15, tzinfo=UTC)
    assert appointment.attendee_ids == [world.members["anna"].id]
    assert appointment.reminder_minutes == [1440, 120]
    assert appointment.created_by_id == world.members["anna"].id
    assert appointment.status == AppointmentStatus.PLANNED
    row = world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "appointment.create")
    ).one()
    assert (row.object_id, row.user_id, row.outcome) == (
        appointment.id,
        world.users["anna"].id,
        "allowed",
    )


def test_text_is_tidied_and_repeated_choices_count_once(world: World) -> None:
    hugo = world.actor("hugo")
    ben = str(world.members["ben"].id)
    appointment = created(
        world,
        hugo,
        title="  Gesprek \t school  ",
        place=" School\nde Regenboog ",
        attendees=[ben, ben],
        reminders=["60", "60", "15"],
        preparation="  Eén\r\nTwee  ",
    )
    assert appointment.title == "Gesprek school"
    assert appointment.place == "School de Regenboog"
    assert appointment.attendee_ids == [world.members["ben"].id]
    assert appointment.reminder_minutes == [60, 15]
    assert appointment.preparation == "Eén\nTwee"


def test_no_reminders_and_no_attendees_are_fine(world: World) -> None:
    appointment = created(world, world.actor("anna"), reminders=(), attendees=(), place="")
    assert appointment.reminder_minutes == []
    assert appointment.attendee_ids == []


# --------------------------------------------------------------------------------------
# Bad input: a clear message per field, nothing written
# --------------------------------------------------------------------------------------

BAD_INPUT = [
    ({"title": ""}, "title", "agenda.error.title_required"),
    ({"title": "   "}, "title", "agenda.error.title_required"),
    ({"title": "x" * 201}, "title", "agenda.error.too_long"),
    ({"day": ""}, "day", "agenda.error.day_required"),
    ({"day": "14-05-2030"}, "day", "agenda.error.day_format"),
    ({"day": "morgen"}, "day", "agenda.error.day_format"),
    ({"day": "2030-5-14"}, "day", "agenda.error.day_format"),
    ({"day": "٢٠٣٠-٠٥-١٤"}, "day", "agenda.error.day_format"),  # Arabic-Indic digits
    ({"day": "2030-02-30"}, "day", "agenda.error.day_impossible"),
    ({"day": "2030-13-01"}, "day", "agenda.error.day_impossible"),
    ({"day": "1999-12-31"}, "day", "agenda.error.day_range"),
    ({"day": "2101-01-01"}, "day", "agenda.error.day_range"),
    ({"start": ""}, "start", "agenda.error.start_required"),
    ({"end": ""}, "end", "agenda.error.end_required"),
    ({"start": "25:00"}, "start", "agenda.error.time_format"),
    ({"start": "9.30"}, "start", "agenda.error.time_format"),
    ({"end": "10:60"}, "end", "agenda.error.time_format"),
    ({"end": "09:00"}, "end", "agenda.error.end_before_start"),
    ({"end": "09:30"}, "end", "agenda.error.end_before_start"),  # ends when it starts
    ({"place": "p" * 201}, "place", "agenda.error.too_long"),
    ({"with_whom": "w" * 201}, "with_whom", "agenda.error.too_long"),
    ({"preparation": "v" * 4001}, "preparation", "agenda.error.too_long"),
    ({"attendees": ["abc"]}, "attendees", "agenda.error.attendee"),
    ({"attendees": ["999999"]}, "attendees", "agenda.error.attendee"),
    ({"attendees": ["1" * 20]}, "attendees", "agenda.error.attendee"),
    ({"reminders": ["5"]}, "reminders", "agenda.error.reminder"),
    ({"reminders": ["uur"]}, "reminders", "agenda.error.reminder"),
    ({"reminders": ["15", "60", "120", "1440"]}, "reminders", "agenda.error.too_many_reminders"),
]


@pytest.mark.parametrize(("changes", "field", "key"), BAD_INPUT)
def test_bad_input_names_the_field_and_writes_nothing(
    world: World, changes: dict, field: str, key: str
) -> None:
    anna = world.actor("anna")
    world.session.commit()
    before = counts()
    problem = refused(world, lambda s: create_appointment(s, anna, form(**changes)), DomainError)
    assert isinstance(problem, InvalidAppointment)
    assert problem.errors[field][0] == key
    assert translate("nl", key, **problem.errors[field][1]) != key  # a real sentence
    assert counts() == before


def test_every_wrong_field_is_named_at_once(world: World) -> None:
    anna = world.actor("anna")
    problem = refused(
        world,
        lambda s: create_appointment(s, anna, form(title="", end="08:00", reminders=["7"])),
        InvalidAppointment,
    )
    assert set(problem.errors) == {"title", "end", "reminders"}


def test_an_attendee_from_another_family_is_refused(world: World) -> None:
    """Sent straight to the handler: Dora is in Gezin Beta, not in Alfa."""
    anna = world.actor("anna")
    dora = str(world.members["dora"].id)
    hanna_in_beta = str(world.members["hanna@beta"].id)
    world.session.commit()
    before = counts()
    for outsider in (dora, hanna_in_beta):
        problem = refused(
            world,
            lambda s, o=outsider: create_appointment(s, anna, form(attendees=[o])),
            InvalidAppointment,
        )
        assert problem.errors["attendees"][0] == "agenda.error.attendee"
    assert counts() == before


def test_a_removed_member_cannot_be_chosen_to_go_along(world: World) -> None:
    rita = User(email="rita@test.nl", name="Rita")
    world.session.add(rita)
    world.session.flush()
    removed = Membership(
        family_id=world.alfa.id, user_id=rita.id, role=Role.CM_HOME, status=MembershipStatus.REVOKED
    )
    world.session.add(removed)
    world.session.flush()
    anna = world.actor("anna")
    problem = refused(
        world,
        lambda s: create_appointment(s, anna, form(attendees=[str(removed.id)])),
        InvalidAppointment,
    )
    assert "attendees" in problem.errors


# --------------------------------------------------------------------------------------
# Local time in the Netherlands, with summer time
# --------------------------------------------------------------------------------------


def test_a_clock_time_skipped_by_summer_time_is_refused_with_a_clear_message(
    world: World,
) -> None:
    """On 29 March 2026 the clock jumps from 02:00 to 03:00: 02:30 does not exist."""
    anna = world.actor("anna")
    world.session.commit()
    before = counts()
    problem = refused(
        world,
        lambda s: create_appointment(s, anna, form(day="2026-03-29", start="02:30", end="04:00")),
        InvalidAppointment,
    )
    key, params = problem.errors["start"]
    assert key == "agenda.error.time_skipped"
    message = translate("nl", key, **params)
    assert "02:30" in message and "zomertijd" in message
    assert counts() == before


def test_times_around_the_summer_time_jump_are_exact() -> None:
    night = date(2026, 3, 29)
    assert local_moment(night, parse_clock("01:30", missing="")) == datetime(
        2026, 3, 29, 0, 30, tzinfo=UTC
    )
    assert local_moment(night, parse_clock("03:30", missing="")) == datetime(
        2026, 3, 29, 1, 30, tzinfo=UTC
    )


def test_a_clock_time_that_happens_twice_in_autumn_means_the_first() -> None:
    """On 25 October 2026 02:00-03:00 happens twice; the form means the summer-time one."""
    moment = local_moment(date(2026, 10, 25), parse_clock("02:30", missing=""))
    assert moment == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_winter_and_summer_offsets() -> None:
    assert local_moment(date(2030, 1, 15), parse_clock("10:00", missing="")).hour == 9
    assert local_moment(date(2030, 7, 15), parse_clock("10:00", missing="")).hour == 8


def test_seconds_from_a_time_input_are_accepted_and_dropped() -> None:
    assert parse_clock("09:30:00", missing="").isoformat() == "09:30:00"
    assert parse_day(" 2030-05-14 ") == date(2030, 5, 14)


def test_an_appointment_across_the_jump_lasts_its_real_length(world: World) -> None:
    appointment = created(world, world.actor("anna"), day="2026-03-29", start="01:30", end="03:30")
    assert appointment.ends_at - appointment.starts_at == timedelta(hours=1)


# --------------------------------------------------------------------------------------
# Who may change what
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["gerda", "ben", "cleo"])
def test_only_parents_and_case_managers_create(world: World, name: str) -> None:
    actor = world.actor(name)
    world.session.commit()
    before = counts()
    refused(world, lambda s: create_appointment(s, actor, form()), PermissionDenied)
    appointments, audit_rows = counts()
    assert appointments == before[0]
    assert audit_rows == before[1] + 1  # the refusal is logged
    with session_scope() as session:
        row = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (row.action, row.outcome) == ("appointment.create", "denied")


def test_another_family_cannot_change_or_cancel(world: World) -> None:
    appointment = created(world, world.actor("anna"))
    dora = world.actor("dora", world.beta)
    world.session.commit()
    refused(
        world,
        lambda s: update_appointment(
            s, dora, appointment_id=appointment.id, form=form(title="Weg"), expected_version=1
        ),
        PermissionDenied,
    )
    refused(
        world,
        lambda s: cancel_appointment(s, dora, appointment_id=appointment.id, expected_version=1),
        PermissionDenied,
    )
    with session_scope() as session:
        stored = session.get(Appointment, appointment.id)
        assert (stored.title, stored.status) == ("Controle kinderarts", "planned")
        denials = session.exec(
            select(AuditEvent).where(
                AuditEvent.outcome == "denied", AuditEvent.object_id == appointment.id
            )
        ).all()
        assert {d.action for d in denials} == {"appointment.edit", "appointment.cancel"}
        assert {d.family_id for d in denials} == {world.alfa.id}  # shown to Alfa's parents


def test_a_caregiver_cannot_open_an_appointment_they_do_not_attend(world: World) -> None:
    appointment = created(world, world.actor("anna"))
    gerda = world.actor("gerda")
    refused(world, lambda s: get_appointment(s, gerda, appointment.id), PermissionDenied)


# --------------------------------------------------------------------------------------
# Changing, conflicts, cancelling
# --------------------------------------------------------------------------------------


def test_a_change_is_saved_logged_by_field_name_and_bumps_the_version(world: World) -> None:
    anna = world.actor("anna")
    appointment = created(world, anna)
    changed = update_appointment(
        world.session,
        anna,
        appointment_id=appointment.id,
        form=form(place="Thuis", end="11:00"),
        expected_version=1,
    )
    world.session.commit()
    assert (changed.place, changed.version) == ("Thuis", 2)
    row = world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "appointment.edit")
    ).one()
    assert row.detail == "time,place"  # the names of the fields, never their content


def test_a_second_save_of_the_same_version_names_what_changed(world: World) -> None:
    anna, hugo = world.actor("anna"), world.actor("hugo")
    appointment = created(world, anna)
    opened_by_anna = snapshot(appointment)
    update_appointment(
        world.session,
        hugo,
        appointment_id=appointment.id,
        form=form(place="Thuis", preparation="Andere vragen"),
        expected_version=1,
    )
    world.session.commit()
    before = counts()
    conflict = refused(
        world,
        lambda s: update_appointment(
            s,
            anna,
            appointment_id=appointment.id,
            form=form(title="Mijn titel"),
            expected_version=1,
            seen=opened_by_anna,
        ),
        AppointmentConflict,
    )
    assert conflict.changed == ["place", "preparation"]
    assert counts() == before
    with session_scope() as session:
        stored = session.get(Appointment, appointment.id)
        assert (stored.title, stored.place, stored.version) == ("Controle kinderarts", "Thuis", 2)


def test_a_conflict_without_what_was_seen_still_refuses(world: World) -> None:
    anna = world.actor("anna")
    appointment = created(world, anna)
    update_appointment(
        world.session, anna, appointment_id=appointment.id, form=form(title="B"), expected_version=1
    )
    world.session.commit()
    conflict = refused(
        world,
        lambda s: update_appointment(
            s, anna, appointment_id=appointment.id, form=form(), expected_version=1
        ),
        AppointmentConflict,
    )
    assert conflict.changed == []


def test_cancelling_keeps_it_in_the_agenda_marked_cancelled(world: World) -> None:
    anna = world.actor("anna")
    soon = (datetime.now(TIMEZONE) + timedelta(days=3)).date().isoformat()
    appointment = created(world, anna, day=soon)
    cancelled = cancel_appointment(
        world.session, anna, appointment_id=appointment.id, expected_version=1
    )
    assert (cancelled.status, cancelled.version) == (AppointmentStatus.CANCELLED, 2)
    assert "appointment.cancel" in audit_actions(world.session)
    shown = [a for day in agenda(world.session, anna).upcoming for a in day.appointments]
    assert appointment.id in [a.id for a in shown]
    # The overview's short list keeps to what is still going ahead.
    assert appointment.id not in [a.id for a in upcoming(world.session, anna)]
    assert appointment.id in [a.id for a in upcoming(world.session, anna, include_cancelled=True)]


def test_a_cancelled_appointment_cannot_be_cancelled_or_changed_again(world: World) -> None:
    anna = world.actor("anna")
    appointment = created(world, anna)
    cancel_appointment(world.session, anna, appointment_id=appointment.id, expected_version=1)
    for call in (
        lambda s: cancel_appointment(s, anna, appointment_id=appointment.id, expected_version=2),
        lambda s: update_appointment(
            s, anna, appointment_id=appointment.id, form=form(), expected_version=2
        ),
    ):
        problem = refused(world, call, InvalidInput)
        assert problem.message_key == "agenda.error.cancelled"


def test_a_stale_cancel_names_what_changed(world: World) -> None:
    anna, hugo = world.actor("anna"), world.actor("hugo")
    appointment = created(world, anna)
    seen = snapshot(appointment)
    update_appointment(
        world.session, hugo, appointment_id=appointment.id, form=form(day="2030-05-15"),
        expected_version=1,
    )  # fmt: skip
    conflict = refused(
        world,
        lambda s: cancel_appointment(
            s, anna, appointment_id=appointment.id, expected_version=1, seen=seen
        ),
        AppointmentConflict,
    )
    assert conflict.changed == ["time"]


# --------------------------------------------------------------------------------------
# The agenda by day
# --------------------------------------------------------------------------------------

NOW = datetime(2030, 6, 12, 10, 0, tzinfo=TIMEZONE)  # a Wednesday, 10:00 in Amsterdam


def add(world: World, title: str, start: datetime, hours: float = 1, **extra: Any) -> None:
    world.session.add(
        Appointment(
            family_id=world.alfa.id,
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=hours),
            **extra,
        )
    )


def test_upcoming_and_past_are_grouped_by_local_day_today_first(world: World) -> None:
    add(world, "Vanavond", NOW.replace(hour=19))
    add(world, "Nu bezig", NOW.replace(hour=9, minute=30))  # not ended: still upcoming
    add(world, "Vanochtend", NOW.replace(hour=8), hours=0.5)
    add(world, "Morgen vroeg", NOW.replace(day=13, hour=7))
    add(world, "Zaterdag", NOW.replace(day=15, hour=11), status=AppointmentStatus.CANCELLED)
    add(world, "Gisteren laat", NOW.replace(day=11, hour=23, minute=30))  # 21:30 UTC
    world.session.flush()
    found = agenda(world.session, world.actor("anna"), now=NOW.astimezone(UTC))

    assert [(d.day.isoformat(), [a.title for a in d.appointments]) for d in found.upcoming] == [
        ("2030-06-12", ["Nu bezig", "Vanavond"]),
        ("2030-06-13", ["Morgen vroeg"]),
        ("2030-06-15", ["Zaterdag"]),
    ]
    past = [(d.day.isoformat(), [a.title for a in d.appointments]) for d in found.past]
    assert past[:2] == [("2030-06-12", ["Vanochtend"]), ("2030-06-11", ["Gisteren laat"])]
    assert found.upcoming[2].appointments[0].status == AppointmentStatus.CANCELLED


def test_one_access_log_row_for_the_whole_agenda(world: World) -> None:
    agenda(world.session, world.actor("hugo"))
    rows = world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "appointment.view.list")
    ).all()
    assert len(rows) == 1


def test_caregivers_and_siblings_see_only_what_they_go_along_to(world: World) -> None:
    gerda, ben = world.members["gerda"].id, world.members["ben"].id
    add(world, "Met Gerda", NOW.replace(day=20), attendee_ids=[gerda])
    add(world, "Met Ben", NOW.replace(day=21), attendee_ids=[ben])
    add(world, "Alleen ouders", NOW.replace(day=22))
    world.session.flush()
    now = NOW.astimezone(UTC)

    def titles(name: str) -> set[str]:
        found = agenda(world.session, world.actor(name), now=now)
        return {a.title for d in found.upcoming + found.past for a in d.appointments}

    assert titles("gerda") == {"Met Gerda"}
    assert titles("ben") == {"Met Ben"}
    assert titles("cleo") == set()
    assert {"Met Gerda", "Met Ben", "Alleen ouders", "Kinderarts"} <= titles("hanna")
    assert agenda(world.session, world.actor("dora", world.beta), now=now).upcoming == []


def test_by_day_uses_amsterdam_midnight_not_utc() -> None:
    late = Appointment(
        family_id=1,
        title="Laat",
        starts_at=datetime(2030, 6, 11, 22, 30, tzinfo=UTC),  # 00:30 on the 12th in NL
        ends_at=datetime(2030, 6, 11, 23, 0, tzinfo=UTC),
    )
    assert [d.day for d in by_day([late])] == [date(2030, 6, 12)]


@pytest.mark.parametrize(
    ("day", "lang", "label"),
    [
        (date(2030, 6, 12), "nl", "Vandaag"),
        (date(2030, 6, 13), "nl", "Morgen"),
        (date(2030, 6, 11), "nl", "Gisteren"),
        (date(2030, 6, 15), "nl", "zaterdag 15 juni"),
        (date(2031, 1, 3), "nl", "vrijdag 3 januari 2031"),
        (date(2030, 6, 13), "en", "Tomorrow"),
    ],
)
def test_day_headings(day: date, lang: str, label: str) -> None:
    assert agenda_day_label(day, lang, date(2030, 6, 12)) == label


# --------------------------------------------------------------------------------------
# Deleting one made by mistake, with an undo
# --------------------------------------------------------------------------------------


def _soon(days: int = 3) -> str:
    return (datetime.now(TIMEZONE) + timedelta(days=days)).date().isoformat()


def test_anna_deletes_a_mistaken_appointment_it_leaves_everything_and_the_undo_brings_it_back(
    world: World,
) -> None:
    from dossier.domain.calendar_feed import feed_appointments
    from dossier.domain.offline_snapshot import upcoming_appointments
    from dossier.jobs.schedule import due_reminders

    anna = world.actor("anna")
    appointment = created(world, anna, day=_soon(), attendees=[str(world.members["anna"].id)])
    gone = delete_appointment(
        world.session, anna, appointment_id=appointment.id, expected_version=1
    )
    world.session.commit()
    assert gone.deleted_at is not None and gone.status == AppointmentStatus.PLANNED
    coming = [a.id for d in agenda(world.session, anna).upcoming for a in d.appointments]
    assert appointment.id not in coming
    assert appointment.id not in [a.id for a in upcoming(world.session, anna)]
    now = datetime.now(UTC)
    assert appointment.id not in [a.id for a in feed_appointments(world.session, anna, now=now)]
    assert appointment.id not in [a["id"] for a in upcoming_appointments(world.session, anna, now)]
    day_before = appointment.starts_at - timedelta(minutes=1440)
    assert due_reminders(gone, day_before) == []
    refused(world, lambda s: get_appointment(s, anna, appointment.id), NotFound)

    back = restore_appointment(world.session, anna, appointment_id=appointment.id)
    world.session.commit()
    assert back.deleted_at is None
    assert appointment.id in [a.id for a in upcoming(world.session, anna)]
    assert due_reminders(back, day_before) == [1440]
    actions = audit_actions(world.session)
    assert actions.index("appointment.delete") < actions.index("appointment.restore")


def test_deleting_tells_nobody_cancelling_does(world: World) -> None:
    from dossier.models import Notification

    anna = world.actor("anna")
    hugo = str(world.members["hugo"].id)
    first = created(world, anna, day=_soon(), attendees=[hugo])
    second = created(world, anna, day=_soon(4), attendees=[hugo])
    before = len(world.session.exec(select(Notification)).all())
    delete_appointment(world.session, anna, appointment_id=first.id, expected_version=1)
    world.session.commit()
    assert len(world.session.exec(select(Notification)).all()) == before
    cancel_appointment(world.session, anna, appointment_id=second.id, expected_version=1)
    world.session.commit()
    assert len(world.session.exec(select(Notification)).all()) > before


@pytest.mark.parametrize("name", ["cleo", "ben", "gerda"])
def test_only_parents_and_case_managers_delete_and_the_refusal_is_logged(
    world: World, name: str
) -> None:
    appointment = created(world, world.actor("anna"))
    actor = world.actor(name)
    refused(
        world,
        lambda s: delete_appointment(s, actor, appointment_id=appointment.id, expected_version=1),
        PermissionDenied,
    )
    with session_scope() as session:
        row = session.exec(
            select(AuditEvent).where(AuditEvent.action == "appointment.delete")
        ).one()
        assert row.outcome == "denied"
        assert session.get(Appointment, appointment.id).deleted_at is None


def test_another_family_cannot_delete_or_restore(world: World) -> None:
    appointment = created(world, world.actor("anna"))
    dora = world.actor("dora", world.beta)
    for call in (
        lambda s: delete_appointment(s, dora, appointment_id=appointment.id, expected_version=1),
        lambda s: restore_appointment(s, dora, appointment_id=appointment.id),
    ):
        refused(world, call, NotFound)


def test_a_stale_delete_is_refused_and_a_deleted_one_cannot_be_changed(world: World) -> None:
    anna, hugo = world.actor("anna"), world.actor("hugo")
    appointment = created(world, anna)
    update_appointment(
        world.session, hugo, appointment_id=appointment.id, form=form(title="MDO"),
        expected_version=1,
    )  # fmt: skip
    world.session.commit()
    refused(
        world,
        lambda s: delete_appointment(s, anna, appointment_id=appointment.id, expected_version=1),
        AppointmentConflict,
    )
    delete_appointment(world.session, anna, appointment_id=appointment.id, expected_version=2)
    world.session.commit()
    for call in (
        lambda s: update_appointment(
            s, anna, appointment_id=appointment.id, form=form(), expected_version=3
        ),
        lambda s: cancel_appointment(s, anna, appointment_id=appointment.id, expected_version=3),
        lambda s: delete_appointment(s, anna, appointment_id=appointment.id, expected_version=3),
    ):
        refused(world, call, NotFound)


def test_restoring_one_that_is_not_deleted_changes_nothing(world: World) -> None:
    anna = world.actor("anna")
    appointment = created(world, anna)
    same = restore_appointment(world.session, anna, appointment_id=appointment.id)
    assert same.version == 1 and "appointment.restore" not in audit_actions(world.session)


# --------------------------------------------------------------------------------------
# A day that has already been: asked first
# --------------------------------------------------------------------------------------

TODAY = date(2026, 12, 7)


def test_a_new_appointment_on_a_past_day_asks_first_and_saves_once_confirmed(
    world: World,
) -> None:
    anna = world.actor("anna")
    old = form(day="2025-12-03")
    world.session.commit()
    before = counts()[0]
    asked = refused(
        world,
        lambda s: create_appointment(s, anna, old, past_ok=set(), today=TODAY),
        PastDate,
    )
    assert asked.days == [date(2025, 12, 3)]
    assert counts()[0] == before  # nothing written yet
    saved = create_appointment(world.session, anna, old, past_ok={date(2025, 12, 3)}, today=TODAY)
    assert local(saved.starts_at).date() == date(2025, 12, 3)


def test_today_and_later_ask_nothing_and_bad_input_is_named_before_the_question(
    world: World,
) -> None:
    anna = world.actor("anna")
    create_appointment(world.session, anna, form(day="2026-12-07"), past_ok=set(), today=TODAY)
    problem = refused(
        world,
        lambda s: create_appointment(
            s, anna, form(day="2025-12-03", title=""), past_ok=set(), today=TODAY
        ),
        InvalidAppointment,
    )
    assert "title" in problem.errors


def test_changing_an_old_appointment_on_its_own_day_asks_nothing_moving_it_does(
    world: World,
) -> None:
    anna = world.actor("anna")
    old = created(world, anna, day="2025-12-03")
    update_appointment(
        world.session, anna, appointment_id=old.id, form=form(day="2025-12-03", place="Thuis"),
        expected_version=1, past_ok=set(), today=TODAY,
    )  # fmt: skip
    world.session.commit()
    asked = refused(
        world,
        lambda s: update_appointment(
            s,
            anna,
            appointment_id=old.id,
            form=form(day="2025-11-28"),
            expected_version=2,
            past_ok=set(),
            today=TODAY,
        ),
        PastDate,
    )
    assert asked.days == [date(2025, 11, 28)]


def test_the_confirmed_days_come_back_from_the_form() -> None:
    assert read_confirmed("2025-12-03,rubbish, 2025-11-28") == {
        date(2025, 12, 3),
        date(2025, 11, 28),
    }
    assert read_confirmed(None) == set()
    assert confirmed_field([date(2025, 12, 3)]) == "2025-12-03"
    assert past_days([date(2026, 12, 6), date(2026, 12, 7), None], today=TODAY) == [
        date(2026, 12, 6)
    ]
