"""The case managers' reachability: the plain sentences, and only her own hours and absences."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from dossier.clock import local_today
from dossier.domain import pulse
from dossier.domain.access import unit_of_work
from dossier.domain.errors import InvalidInput
from dossier.domain.reachability import (
    absence_sentence,
    add_absence,
    clock_time,
    day_ranges,
    hours_text,
    my_reachability,
    reach_line,
    remove_absence,
    set_stand_in,
    set_working_hours,
    team_reachability,
)
from dossier.models import Absence, AbsenceStandIn, AuditEvent
from dossier.permissions import PermissionDenied
from tests.factories import World

TODAY = date(2026, 12, 20)
WEEKDAYS = [{"days": [0, 1, 2, 3, 4], "from": "08:30", "to": "17:00"}]


@pytest.mark.parametrize(
    ("days", "nl", "en"),
    [
        ([0, 1, 2, 3, 4], "ma-vr", "Mon-Fri"),
        ([0], "ma", "Mon"),
        ([1, 3], "di en do", "Tue and Thu"),
        ([0, 1, 2, 4], "ma-wo en vr", "Mon-Wed and Fri"),
        ([5, 6], "za en zo", "Sat and Sun"),
    ],
)
def test_weekdays_read_as_compact_ranges(days: list[int], nl: str, en: str) -> None:
    assert day_ranges(days, "nl") == nl
    assert day_ranges(days, "en") == en


def test_times_are_written_the_dutch_and_the_english_way() -> None:
    assert clock_time("08:30", "nl") == "8.30"
    assert clock_time("17:00", "nl") == "17.00"
    assert clock_time("08:30", "en") == "8:30 AM"
    assert clock_time("12:15", "en") == "12:15 PM"
    assert clock_time("00:05", "en") == "12:05 AM"


def test_the_line_under_a_case_manager_says_it_plainly() -> None:
    assert reach_line(WEEKDAYS, "nl") == "Niet voor spoed · bereikbaar ma-vr 8.30-17.00"
    assert reach_line(WEEKDAYS, "en") == "Not for emergencies · reachable Mon-Fri 8:30 AM-5:00 PM"
    assert reach_line([], "nl") == "Niet voor spoed"


@given(st.sets(st.integers(min_value=0, max_value=6), min_size=1))
def test_every_chosen_day_is_named_once_whatever_the_choice(days: set[int]) -> None:
    text = day_ranges(days, "en")
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    for day in range(7):
        inside = any(
            part == names[day]
            or (
                "-" in part
                and names.index(part.split("-")[0]) <= day <= names.index(part.split("-")[1])
            )
            for part in text.replace(",", "").replace(" and ", " ").split(" ")
        )
        assert inside == (day in days), (days, text)


@given(
    st.integers(min_value=0, max_value=22),
    st.integers(min_value=0, max_value=59),
    st.integers(min_value=1, max_value=60),
)
def test_a_range_is_always_from_before_to_in_both_languages(
    hour: int, minute: int, more: int
) -> None:
    start = hour * 60 + minute
    end = min(start + more, 23 * 60 + 59)
    hours = [
        {
            "days": [2],
            "from": f"{start // 60:02d}:{start % 60:02d}",
            "to": f"{end // 60:02d}:{end % 60:02d}",
        }
    ]
    assert hours_text(hours, "nl").startswith("wo ")
    assert hours_text(hours, "en").startswith("Wed ")


def away(start: date, end: date) -> Absence:
    return Absence(user_id=1, starts_on=start, ends_on=end)


def test_a_current_absence_says_until_when_and_who_stands_in() -> None:
    absence = away(date(2026, 12, 18), date(2027, 1, 3))
    assert (
        absence_sentence("Femke", absence, "Sanne Jansen", "nl", today=TODAY)
        == "Femke is afwezig tot 3 januari 2027. Vervanger: Sanne Jansen."
    )
    this_year = away(date(2026, 12, 18), date(2026, 12, 31))
    assert absence_sentence("Femke", this_year, "", "en", today=TODAY) == (
        "Femke is away until 31 December."
    )


def test_an_absence_within_a_week_is_announced_from_when_to_when() -> None:
    absence = away(date(2026, 12, 23), date(2026, 12, 30))
    assert absence_sentence("Femke", absence, "Sanne", "nl", today=TODAY) == (
        "Femke is afwezig van 23 december tot 30 december. Vervanger: Sanne."
    )


def test_an_absence_far_ahead_or_over_says_nothing() -> None:
    far = away(TODAY + timedelta(days=8), TODAY + timedelta(days=10))
    over = away(TODAY - timedelta(days=5), TODAY - timedelta(days=1))
    assert absence_sentence("Femke", far, "Sanne", "nl", today=TODAY) == ""
    assert absence_sentence("Femke", over, "Sanne", "nl", today=TODAY) == ""


def test_a_case_manager_sets_her_hours_and_every_family_of_hers_shows_them(world: World) -> None:
    hanna = world.actor("hanna")
    before = pulse.current(world.session, world.beta.id)
    set_working_hours(world.session, hanna, hours=WEEKDAYS, note="Niet op woensdagmiddag")
    world.session.commit()
    assert pulse.current(world.session, world.beta.id) == before + 1  # Beta too
    team = team_reachability(world.session, world.actor("anna"))
    assert [(r.name, r.hours) for r in team] == [("Hanna", WEEKDAYS), ("Hugo", [])]
    beta = team_reachability(world.session, world.actor("dora", world.beta))
    assert [r.hours for r in beta] == [WEEKDAYS]


@pytest.mark.parametrize("name", ["anna", "gerda", "cleo", "ben"])
def test_only_a_case_manager_sets_hours_and_a_refusal_is_logged(world: World, name: str) -> None:
    actor = world.actor(name)
    world.session.commit()
    with pytest.raises(PermissionDenied), unit_of_work() as session:
        set_working_hours(session, actor, hours=WEEKDAYS)
    denied = world.session.exec(
        select(AuditEvent.action).where(
            AuditEvent.user_id == world.users[name].id, AuditEvent.outcome == "denied"
        )
    ).all()
    assert denied == ["reachability.edit"]


def test_she_cannot_remove_or_change_the_other_case_managers_absence(world: World) -> None:
    today = local_today()
    absence = add_absence(
        world.session, world.actor("hugo"), starts_on=today, ends_on=today + timedelta(days=2)
    )
    hanna = world.actor("hanna")
    world.session.commit()
    with pytest.raises(PermissionDenied), unit_of_work() as session:
        remove_absence(session, hanna, absence_id=absence.id)
    with pytest.raises(PermissionDenied), unit_of_work() as session:
        set_stand_in(session, hanna, absence_id=absence.id, stand_in="")
    assert world.session.get(Absence, absence.id) is not None


def test_an_absence_with_the_default_stand_in_names_the_other_case_manager(world: World) -> None:
    today = local_today()
    add_absence(
        world.session, world.actor("hugo"), starts_on=today, ends_on=today + timedelta(days=14)
    )
    team = {r.name: r for r in team_reachability(world.session, world.actor("anna"))}
    assert [a.stand_in for a in team["Hugo"].away] == ["Hanna"]
    assert team["Hanna"].away == []


def test_a_stand_in_is_a_member_or_a_contact_of_this_family_only(world: World) -> None:
    today = local_today()
    hugo = world.actor("hugo")
    oma = world.contacts["oma"]
    absence = add_absence(
        world.session, hugo, starts_on=today, ends_on=today, stand_in=f"c:{oma.id}"
    )
    mine = my_reachability(world.session, hugo)
    assert [(a.stand_in, a.choice) for a in mine.away] == [("Oma Alfa", f"c:{oma.id}")]
    for wrong in (f"c:{world.contacts['beta'].id}", f"m:{world.members['dora'].id}", "m:x", "z:1"):
        with pytest.raises(InvalidInput) as problem:
            set_stand_in(world.session, hugo, absence_id=absence.id, stand_in=wrong)
        assert problem.value.message_key == "reach.error.stand_in"
    bram = world.members["bram"]
    set_stand_in(world.session, hugo, absence_id=absence.id, stand_in=f"m:{bram.id}")
    rows = world.session.exec(select(AbsenceStandIn)).all()
    assert [(r.membership_id, r.contact_id) for r in rows] == [(bram.id, None)]
    remove_absence(world.session, hugo, absence_id=absence.id)
    world.session.commit()  # with the foreign keys checked
    assert world.session.exec(select(AbsenceStandIn)).all() == []
    assert world.session.exec(select(Absence)).all() == []


@pytest.mark.parametrize(
    ("start", "end", "key"),
    [
        (3, 1, "reach.error.order"),
        (-5, -1, "reach.error.past"),
        (None, 2, "reach.error.date_required"),
        (2, 4, "reach.error.overlap"),
    ],
)
def test_bad_absences_are_refused_with_a_clear_message(
    world: World, start: int | None, end: int, key: str
) -> None:
    today = local_today()
    hanna = world.actor("hanna")
    add_absence(
        world.session, hanna, starts_on=today + timedelta(days=4), ends_on=today + timedelta(days=6)
    )
    world.session.commit()
    first = "" if start is None else today + timedelta(days=start)
    with pytest.raises(InvalidInput) as problem, unit_of_work() as session:
        add_absence(session, hanna, starts_on=first, ends_on=today + timedelta(days=end))
    assert problem.value.message_key == key
    assert len(world.session.exec(select(Absence)).all()) == 1


def test_an_absence_that_ended_yesterday_is_no_longer_read(world: World) -> None:
    hugo = world.actor("hugo")
    world.session.add(
        Absence(
            user_id=hugo.user_id,
            starts_on=date(2020, 1, 1),
            ends_on=local_today() - timedelta(days=1),
        )
    )
    world.session.flush()
    assert my_reachability(world.session, hugo).away == []


def _overview_statements(world: World) -> int:
    from sqlalchemy import event

    from dossier.domain.overview import build_overview

    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    engine = world.session.get_bind()
    anna = world.actor("anna")
    event.listen(engine, "before_cursor_execute", count)
    try:
        overview = build_overview(world.session, anna, today=local_today())
        world.session.flush()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    world.session.rollback()
    assert overview.reach and overview.emergency
    return len(seen)


def test_the_overview_reads_the_network_in_a_fixed_number_of_queries(world: World) -> None:
    from dossier.models import Contact

    today = local_today()
    hugo, hanna = world.actor("hugo"), world.actor("hanna")
    set_working_hours(world.session, hugo, hours=WEEKDAYS)
    add_absence(world.session, hugo, starts_on=today, ends_on=today, stand_in="")
    world.session.commit()
    few = _overview_statements(world)
    for i in range(20):
        world.session.add(
            Contact(family_id=world.alfa.id, name=f"Buur {i}", kind="family", emergency="call")
        )
    set_working_hours(world.session, hanna, hours=WEEKDAYS)
    for days in (3, 5, 7):
        day = today + timedelta(days=days)
        add_absence(
            world.session,
            hanna,
            starts_on=day,
            ends_on=day,
            stand_in=f"c:{world.contacts['oma'].id}",
        )
    world.session.commit()
    many = _overview_statements(world)
    assert many <= few + 1  # at most the stand-ins' names, once, whatever the count
