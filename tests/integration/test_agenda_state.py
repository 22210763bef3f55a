"""AgendaState called directly (as the websocket would), and the conflict on PostgreSQL.

The login is set the way the session gate sets it; everything else comes from the event.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import reflex as rx
from sqlmodel import Session, func, select

from dossier.db import get_engine, session_scope
from dossier.domain.appointments import (
    AppointmentConflict,
    AppointmentForm,
    snapshot,
    update_appointment,
)
from dossier.i18n import TIMEZONE
from dossier.models import Appointment, AppointmentStatus, AuditEvent, CalendarFeed
from dossier.ops.migrations import upgrade
from dossier.state.agenda import AgendaState
from tests.factories import World, build_world
from tests.integration.support import login_as, sent

FEED_LINK = re.compile(r"^https?://[^/]+/api/calendar/[\w-]{43}\.ics$")


async def agenda_state() -> AgendaState:
    return await rx.State().get_state(AgendaState)


def in_three_days() -> str:
    return (datetime.now(TIMEZONE) + timedelta(days=3)).date().isoformat()


def form_data(world: World, **changes: Any) -> dict[str, Any]:
    data = {
        "id": "",
        "version": "",
        "title": "Gesprek met school",
        "day": in_three_days(),
        "start": "14:00",
        "end": "15:00",
        "place": "School de Regenboog",
        "with_whom": "juf Anouk",
        f"attendee-{world.members['anna'].id}": "on",
        "preparation": "Hoe gaat het met Ben in de klas?",
        "reminder-1440": "on",
    }
    data.update(changes)
    return data


def appointment_count() -> int:
    with session_scope() as session:
        return session.exec(select(func.count()).select_from(Appointment)).one()


def titles(days: list) -> list[str]:
    return [a["title"] for day in days for a in day["appointments"]]


async def test_a_parent_sees_the_agenda_by_day_and_may_edit(world: World, acting) -> None:
    world.session.commit()
    acting(login_as(world, "anna"))
    state = await agenda_state()
    assert state.load_agenda() is None
    assert state.loaded and state.can_edit and not state.has_feed
    assert [d["label"] for d in state.upcoming_days] == ["Morgen"]
    (row,) = state.upcoming_days[0]["appointments"]
    assert (row["title"], row["attendees"], row["cancelled"]) == ("Kinderarts", "Anna", False)
    assert state.past_days == []


async def test_a_caregiver_sees_only_what_they_attend_and_cannot_edit(world: World, acting) -> None:
    world.session.commit()
    acting(login_as(world, "gerda"))
    state = await agenda_state()
    state.load_agenda()
    assert state.upcoming_days == [] and not state.can_edit
    result = state.open_new()
    assert "Dit mag je niet zien of veranderen" in str(result)
    assert not state.form_open


async def test_a_new_appointment_is_saved_and_listed(world: World, acting) -> None:
    world.session.commit()
    acting(login_as(world, "anna"))
    state = await agenda_state()
    state.open_new()
    assert state.form_open and state.f_day and state.f_reminders == ["1440", "120"]
    assert {c["label"] for c in state.member_choices} >= {"Anna", "Hugo", "Gerda"}
    result = state.save_appointment(sent(state, form_data(world)))
    assert "De afspraak staat in de agenda." in str(result)
    assert not state.form_open
    assert "Gesprek met school" in titles(state.upcoming_days)
    with session_scope() as session:
        saved = session.exec(select(Appointment).where(Appointment.title != "Kinderarts")).one()
        assert saved.attendee_ids == [world.members["anna"].id]
        assert saved.reminder_minutes == [1440]
        assert saved.preparation == "Hoe gaat het met Ben in de klas?"


async def test_bad_input_shows_messages_by_field_and_writes_nothing(world: World, acting) -> None:
    world.session.commit()
    acting(login_as(world, "hugo"))
    state = await agenda_state()
    state.open_new()
    key_before = state.form_key
    before = appointment_count()
    result = state.save_appointment(
        sent(state, form_data(world, title=" ", end="13:00", day="2026-02-30"))
    )
    assert result is None
    assert appointment_count() == before
    assert state.form_open and state.form_key == key_before  # what was typed stays
    assert state.field_errors["title"].startswith("Vul een titel in")
    assert state.field_errors["day"] == "Deze datum bestaat niet. Kijk de dag en de maand na."
    assert state.field_errors["place"] == ""
    assert "nog niets opgeslagen" in state.form_error


async def test_summer_time_gap_is_explained(world: World, acting) -> None:
    world.session.commit()
    acting(login_as(world, "anna"))
    state = await agenda_state()
    state.open_new()
    state.save_appointment(
        sent(state, form_data(world, day="2026-03-29", start="02:30", end="03:30"))
    )
    assert "02:30 bestaat niet op deze dag" in state.field_errors["start"]


async def test_an_attendee_of_another_family_sent_to_the_handler_is_refused(
    world: World, acting
) -> None:
    world.session.commit()
    acting(login_as(world, "anna"))
    state = await agenda_state()
    state.open_new()
    before = appointment_count()
    forged = form_data(world, **{f"attendee-{world.members['dora'].id}": "on"})
    assert state.save_appointment(sent(state, forged)) is None
    assert "doet niet (meer) mee in dit gezin" in state.field_errors["attendees"]
    assert appointment_count() == before


async def test_a_forged_appointment_id_of_another_family_is_refused(world: World, acting) -> None:
    kinderarts = world.session.exec(select(Appointment)).one()
    world.session.commit()
    acting(login_as(world, "dora", world.beta))
    state = await agenda_state()
    state.open_new()  # a form of her own family, sent with the other family's id
    for result in (
        state.open_appointment(str(kinderarts.id)),
        state.save_appointment(sent(state, form_data(world, id=str(kinderarts.id), version="1"))),
        state.cancel_appointment(str(kinderarts.id), "1"),
    ):
        assert "Dit bestaat niet (meer)" in str(result)  # as for an id that does not exist
    with session_scope() as session:
        stored = session.get(Appointment, kinderarts.id)
        assert (stored.title, stored.status, stored.version) == ("Kinderarts", "planned", 1)


def whole_minutes(appointment: Appointment) -> None:
    """The form shows a day, hours and minutes: start the factory's appointment (tomorrow,
    at this time) on a whole hour in the morning, so it never runs past midnight in
    Amsterdam (the form has one day: a run after 23:00 would fail on that)."""
    appointment.starts_at = appointment.starts_at.replace(hour=9, minute=0, second=0, microsecond=0)
    appointment.ends_at = appointment.starts_at + timedelta(hours=1)


async def test_a_second_save_of_the_same_version_names_what_changed(world: World, acting) -> None:
    kinderarts = world.session.exec(select(Appointment)).one()
    whole_minutes(kinderarts)
    world.session.commit()
    opened_version = kinderarts.version
    acting(login_as(world, "anna"))
    anna = await agenda_state()
    anna.open_appointment(str(kinderarts.id))
    assert (anna.form_id, anna.form_version, anna.f_title) == (
        str(kinderarts.id),
        str(opened_version),
        "Kinderarts",
    )
    opened = {
        "id": anna.form_id,
        "version": anna.form_version,
        "title": anna.f_title,
        "day": anna.f_day,
        "start": anna.f_start,
        "end": anna.f_end,
        **{f"attendee-{i}": "on" for i in anna.f_attendees},
        **{f"reminder-{m}": "on" for m in anna.f_reminders},
    }

    acting(login_as(world, "hugo"))
    hugo = await agenda_state()
    hugo.open_appointment(str(kinderarts.id))
    assert "opgeslagen" in str(hugo.save_appointment(sent(hugo, {**opened, "place": "Poli 3"})))

    acting(login_as(world, "anna"))
    result = anna.save_appointment(sent(anna, {**opened, "title": "Kinderarts (controle)"}))
    expected = "Iemand anders heeft deze afspraak net veranderd: de plaats."
    assert anna.form_error.startswith(expected)
    assert expected in str(result)
    newest = str(opened_version + 1)
    assert anna.form_open and anna.form_version == newest  # a next save is on purpose
    with session_scope() as session:
        stored = session.get(Appointment, kinderarts.id)
        assert (stored.title, stored.place, str(stored.version)) == ("Kinderarts", "Poli 3", newest)
    # Saving again, now knowingly, works.
    assert "opgeslagen" in str(
        anna.save_appointment(sent(anna, {**opened, "version": newest, "title": "X"}))
    )


async def test_cancelling_keeps_it_listed_as_cancelled(world: World, acting) -> None:
    kinderarts = world.session.exec(select(Appointment)).one()
    world.session.commit()
    acting(login_as(world, "hugo"))
    state = await agenda_state()
    state.open_appointment(str(kinderarts.id))
    result = state.cancel_appointment(state.form_id, state.form_version)
    assert "De afspraak is afgezegd." in str(result)
    assert not state.form_open
    (row,) = state.upcoming_days[0]["appointments"]
    assert row["cancelled"] and row["title"] == "Kinderarts"
    with session_scope() as session:
        assert session.get(Appointment, kinderarts.id).status == AppointmentStatus.CANCELLED


async def test_hugo_deletes_a_mistaken_appointment_and_the_undo_brings_it_back(
    world: World, acting
) -> None:
    kinderarts = world.session.exec(select(Appointment)).one()
    world.session.commit()
    acting(login_as(world, "hugo"))
    state = await agenda_state()
    state.load_agenda()
    state.open_appointment(str(kinderarts.id))
    state.delete_appointment(state.form_id, state.form_version)
    assert not state.form_open
    assert state.upcoming_days == []
    assert (state.notice, state.undo_id) == ("Afspraak verwijderd", str(kinderarts.id))
    with session_scope() as session:
        assert session.get(Appointment, kinderarts.id).deleted_at is not None
    # A second tap, or a forged one, on the same appointment: it is gone.
    assert "Dit bestaat niet (meer)" in str(state.delete_appointment(str(kinderarts.id), "2"))
    state.restore_appointment(state.undo_id)
    assert titles(state.upcoming_days) == ["Kinderarts"]
    assert (state.notice, state.undo_id) == ("De afspraak staat er weer.", "")
    with session_scope() as session:
        actions = [
            e.action
            for e in session.exec(
                select(AuditEvent).where(AuditEvent.object_id == kinderarts.id)
            ).all()
        ]
        assert {"appointment.delete", "appointment.restore"} <= set(actions)


async def test_a_past_day_asks_first_keeps_the_typing_and_a_double_tap_saves_once(
    world: World, acting
) -> None:
    world.session.commit()
    acting(login_as(world, "anna"))
    state = await agenda_state()
    state.open_new()
    before = appointment_count()
    typed = form_data(world, day="2025-12-03", title="MDO in het ziekenhuis")
    assert state.save_appointment(sent(state, typed)) is None
    assert state.past_question == "Deze datum is al geweest (3 december 2025). Toch opslaan?"
    assert state.past_ok == "2025-12-03" and state.form_open and state.send_key
    assert appointment_count() == before
    # "Toch opslaan", tapped twice: the form goes again with the confirmed day, once.
    again = sent(state, {**typed, "past_ok": state.past_ok})
    assert "De afspraak staat in de agenda." in str(state.save_appointment(again))
    assert state.save_appointment(again) is None
    assert appointment_count() == before + 1
    assert titles(state.past_days) == ["MDO in het ziekenhuis"]


async def test_datum_aanpassen_asks_again_for_another_past_day(world: World, acting) -> None:
    world.session.commit()
    acting(login_as(world, "anna"))
    state = await agenda_state()
    state.open_new()
    state.save_appointment(sent(state, form_data(world, day="2025-12-03")))
    state.change_past_date()
    assert (state.past_question, state.past_ok) == ("", "")
    assert state.form_open
    before = appointment_count()
    # Another past day, with the old confirmation still in the form: asked again.
    other = form_data(world, day="2025-12-04", past_ok="2025-12-03")
    assert state.save_appointment(sent(state, other)) is None
    assert "4 december 2025" in state.past_question
    assert appointment_count() == before


async def test_the_calendar_link_is_shown_once_and_can_be_renewed(
    world: World, db: Session, acting
) -> None:
    world.session.commit()
    acting(login_as(world, "gerda"))  # caregivers may have their own (narrow) feed too
    state = await agenda_state()
    assert "klaar" in str(state.make_feed_link())
    first = state.feed_link
    assert FEED_LINK.match(first), first
    assert state.feed_webcal == "webcal://" + first.split("://", 1)[1]
    state.close_feed_link()
    assert state.feed_link == "" and state.has_feed
    # Made before: it cannot be shown again.
    state.make_feed_link()
    assert state.feed_link == "" and state.has_feed
    assert "oude werkt niet meer" in str(state.renew_feed_link())
    assert FEED_LINK.match(state.feed_link) and state.feed_link != first
    db.expire_all()
    (feed,) = db.exec(select(CalendarFeed)).all()
    assert feed.membership_id == world.members["gerda"].id


async def test_without_a_login_the_agenda_sends_to_login(world: World, acting) -> None:
    acting(None)
    state = await agenda_state()
    assert "/login" in str(state.load_agenda())
    state.send_key = "a-form-opened-before-the-login-ended"
    assert "/login" in str(state.save_appointment(sent(state, form_data(world))))
    assert appointment_count() == 1


# --------------------------------------------------------------------------------------
# PostgreSQL: two people save the same version at the same time
# --------------------------------------------------------------------------------------


@pytest.fixture
def pg_world(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setenv("REFLEX_DB_URL", pg_url)
    upgrade(pg_url)
    with Session(get_engine(pg_url), expire_on_commit=False) as session:
        yield build_world(session)


def test_two_people_saving_the_same_version_on_postgres(pg_world: World) -> None:
    appointment_id = pg_world.session.exec(select(Appointment)).one().id
    anna, hugo = pg_world.actor("anna"), pg_world.actor("hugo")
    pg_world.session.commit()
    start = datetime.now(TIMEZONE) + timedelta(days=2)

    def form(**changes: str) -> AppointmentForm:
        values = {
            "title": "Kinderarts",
            "day": start.date().isoformat(),
            "start": "10:00",
            "end": "11:00",
            "attendees": [str(pg_world.members["anna"].id)],
            "reminders": ["1440", "120"],
        }
        return AppointmentForm(**{**values, **changes})

    engine = pg_world.session.get_bind()
    with (
        Session(engine, expire_on_commit=False) as first,
        Session(engine, expire_on_commit=False) as second,
    ):
        seen = snapshot(second.get(Appointment, appointment_id))  # both opened version 1
        update_appointment(
            first, anna, appointment_id=appointment_id, form=form(place="Thuis"), expected_version=1
        )
        first.commit()
        with pytest.raises(AppointmentConflict) as caught:
            update_appointment(
                second,
                hugo,
                appointment_id=appointment_id,
                form=form(title="Andere titel"),
                expected_version=1,
                seen=seen,
            )
        second.rollback()
    assert caught.value.changed == ["time", "place"]
    pg_world.session.expire_all()
    stored = pg_world.session.get(Appointment, appointment_id)
    assert (stored.title, stored.place, stored.version) == ("Kinderarts", "Thuis", 2)
    edits = pg_world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "appointment.edit")
    ).all()
    assert [e.user_id for e in edits] == [pg_world.users["anna"].id]
    assert stored.starts_at > datetime.now(UTC)


async def test_hugos_undo_bar_stays_through_a_live_refresh_and_is_gone_on_his_next_visit(
    world: World, acting
) -> None:
    """The bar hides itself in the browser; no timer event comes back to the server."""
    kinderarts = world.session.exec(select(Appointment)).one()
    world.session.commit()
    acting(login_as(world, "hugo"))
    state = await agenda_state()
    state.load_agenda()
    state.open_appointment(str(kinderarts.id))
    assert state.delete_appointment(state.form_id, state.form_version) is None
    state.refresh_agenda()  # someone else changed the dossier meanwhile
    assert (state.notice, state.undo_id) == ("Afspraak verwijderd", str(kinderarts.id))
    state.load_agenda()  # Hugo opens the agenda again later
    assert (state.notice, state.undo_id) == ("", "")
