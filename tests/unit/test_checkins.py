"""Sibling check-ins in the domain: writing, age bands, who reads what, and signals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import product

import pytest
from sqlmodel import Session, func, select

from dossier.domain.checkin_settings import (
    age_band,
    age_on,
    all_sibling_settings,
    next_reminder_at,
    save_own_default,
    save_parent_settings,
    settings_for,
)
from dossier.domain.checkin_signals import pick_up, visible_signals
from dossier.domain.checkins import own_checkins, readable_checkins, record_checkin
from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.models import (
    AgeBand,
    Audience,
    CheckIn,
    CheckinSignal,
    Notification,
    Reminder,
    SignalKind,
    utcnow,
)
from dossier.permissions import Action, PermissionDenied, can
from tests.factories import World

AUDIENCES = list(Audience)
ADULT_OF = {Audience.PARENTS: "anna", Audience.CM_HOME: "hugo", Audience.CM_HOSPITAL: "hanna"}
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def count(db: Session, model: type) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


def check_in(world: World, **values: object) -> CheckIn:
    values = {"mood": 4, "needs": ["rest"], "audience": [], **values}
    return record_checkin(world.session, world.actor("ben"), **values)


def set_birth_date(world: World, born: date | None) -> None:
    world.users["ben"].birth_date = born
    world.session.add(world.users["ben"])
    world.session.flush()


# --------------------------------------------------------------------------------------
# Age bands and defaults
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "age", "band"),
    [
        (None, None, AgeBand.UNDER_12),
        (date(2017, 3, 1), 9, AgeBand.UNDER_12),
        (date(2014, 11, 24), 11, AgeBand.UNDER_12),  # turns 12 tomorrow
        (date(2014, 11, 23), 12, AgeBand.FROM_12),
        (date(2011, 1, 1), 15, AgeBand.FROM_12),
        (date(2010, 11, 23), 16, AgeBand.FROM_16),
        (date(2008, 6, 1), 18, AgeBand.FROM_16),
    ],
)
def test_age_bands_follow_the_birthday(born: date | None, age: int | None, band: AgeBand) -> None:
    assert age_on(born, date(2026, 11, 23)) == age
    assert age_band(age) is band


@pytest.mark.parametrize(
    ("born", "default", "may_choose"),
    [
        (date(2017, 3, 1), [Audience.PARENTS, Audience.CM_HOME], False),
        (date(2012, 3, 1), [Audience.PARENTS], True),
        (date(2009, 3, 1), [], True),
    ],
)
def test_default_audience_per_age_band_before_anyone_chooses(
    world: World, born: date, default: list[Audience], may_choose: bool
) -> None:
    set_birth_date(world, born)
    settings = settings_for(world.session, world.alfa.id, world.members["ben"].id)
    assert settings.default_audience == default
    assert settings.may_set_own_default is may_choose
    assert settings.version == 0


def _save_bands(world: World, version: int = 0, **bands: list[str]) -> None:
    save_parent_settings(
        world.session,
        world.actor("anna"),
        sibling_id=world.members["ben"].id,
        band_defaults=bands,
        reminder="weekly",
        birth_date=world.users["ben"].birth_date,
        expected_version=version,
    )


def test_parents_set_a_default_per_band_and_it_grows_with_the_child(world: World) -> None:
    set_birth_date(world, date(2015, 1, 1))  # 11
    _save_bands(world, under_12=["cm_hospital"], **{"12_15": ["cm_home"], "16_plus": []})
    ben = world.members["ben"].id
    assert settings_for(world.session, world.alfa.id, ben).default_audience == [
        Audience.CM_HOSPITAL
    ]
    at_twelve = datetime(2027, 1, 2, 12, tzinfo=UTC)
    grown = settings_for(world.session, world.alfa.id, ben, now=at_twelve)
    assert (grown.band, grown.default_audience) == (AgeBand.FROM_12, [Audience.CM_HOME])
    assert grown.reminder is Reminder.WEEKLY


def test_from_twelve_the_siblings_own_default_wins(world: World) -> None:
    set_birth_date(world, date(2012, 1, 1))  # 14
    _save_bands(world, **{"12_15": ["parents", "cm_home"]})
    save_own_default(world.session, world.actor("ben"), audience=["cm_home"], expected_version=1)
    settings = settings_for(world.session, world.alfa.id, world.members["ben"].id)
    assert settings.default_audience == [Audience.CM_HOME]
    assert settings.own_default == [Audience.CM_HOME]


def test_under_twelve_the_sibling_cannot_change_the_default(world: World) -> None:
    set_birth_date(world, date(2017, 1, 1))
    with pytest.raises(InvalidInput) as refused:
        save_own_default(world.session, world.actor("ben"), audience=[], expected_version=0)
    assert refused.value.message_key == "checkin.error.own_default_age"


@pytest.mark.parametrize("who", ["bram", "hugo", "hanna", "ben", "gerda", "cleo"])
def test_only_parents_change_the_settings(world: World, who: str) -> None:
    if who == "bram":
        _save_bands(world)
        return
    with pytest.raises(PermissionDenied):
        save_parent_settings(
            world.session,
            world.actor(who),
            sibling_id=world.members["ben"].id,
            band_defaults={},
            reminder="off",
            birth_date=None,
            expected_version=0,
        )
    with pytest.raises(PermissionDenied):
        all_sibling_settings(world.session, world.actor(who))


def test_settings_refuse_strangers_bad_values_and_stale_versions(world: World) -> None:
    anna = world.actor("anna")
    with pytest.raises(NotFound):  # a parent is not a sibling
        save_parent_settings(
            world.session,
            anna,
            sibling_id=world.members["bram"].id,
            band_defaults={},
            reminder="off",
            birth_date=None,
            expected_version=0,
        )
    for bands, reminder in [({"under_12": ["gerda"]}, "off"), ({}, "daily"), ({"x": []}, "off")]:
        with pytest.raises(InvalidInput):
            save_parent_settings(
                world.session,
                anna,
                sibling_id=world.members["ben"].id,
                band_defaults=bands,
                reminder=reminder,
                birth_date=None,
                expected_version=0,
            )
    _save_bands(world)
    with pytest.raises(Conflict):
        _save_bands(world, version=0)
    dora = world.actor("dora", world.beta)
    with pytest.raises(NotFound):  # another family's sibling
        save_parent_settings(
            world.session,
            dora,
            sibling_id=world.members["ben"].id,
            band_defaults={},
            reminder="off",
            birth_date=None,
            expected_version=0,
        )


# --------------------------------------------------------------------------------------
# Writing a check-in
# --------------------------------------------------------------------------------------


def test_a_check_in_stores_what_the_sibling_chose(world: World) -> None:
    checkin = check_in(
        world,
        mood="2",
        needs=["rest", "time_with_parent", "rest"],
        note="  Ik mis mama.  ",
        audience=["cm_home", "parents"],
        wants_to_talk=True,
        talk_to_id=str(world.members["hugo"].id),
    )
    assert (checkin.mood, checkin.needs, checkin.note) == (
        2,
        ["time_with_parent", "rest"],
        "Ik mis mama.",
    )
    assert (checkin.share_parents, checkin.share_cm_home, checkin.share_cm_hospital) == (
        True,
        True,
        False,
    )
    assert checkin.talk_to_id == world.members["hugo"].id
    assert checkin.sibling_id == world.members["ben"].id


@pytest.mark.parametrize(
    ("values", "key"),
    [
        ({"mood": 0}, "checkin.error.mood"),
        ({"mood": 6}, "checkin.error.mood"),
        ({"mood": "x"}, "checkin.error.mood"),
        ({"needs": ["pony"]}, "checkin.error.need"),
        ({"needs": "rest"}, "checkin.error.need"),
        ({"needs": ["nothing", "rest"]}, "checkin.error.nothing_and_more"),
        ({"note": "a" * 501}, "checkin.error.note_too_long"),
        ({"audience": ["grandma"]}, "checkin.error.audience"),
        ({"audience": "parents"}, "checkin.error.audience"),
        ({"wants_to_talk": True, "audience": ["parents"]}, "checkin.error.talk_to"),
        (
            {"wants_to_talk": True, "audience": ["parents"], "talk_to": "gerda"},
            "checkin.error.talk_to",
        ),
        (
            {"wants_to_talk": True, "audience": ["parents"], "talk_to": "dora"},
            "checkin.error.talk_to",
        ),
        (
            {"wants_to_talk": True, "audience": ["parents"], "talk_to": "hugo"},
            "checkin.error.talk_to_not_shared",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    world: World, values: dict[str, object], key: str
) -> None:
    before = (count(world.session, CheckIn), count(world.session, CheckinSignal))
    if talk_to := values.pop("talk_to", None):
        values["talk_to_id"] = world.members[str(talk_to)].id
    with pytest.raises(InvalidInput) as refused:
        check_in(world, **values)
    assert refused.value.message_key == key
    assert (count(world.session, CheckIn), count(world.session, CheckinSignal)) == before


def test_an_audience_without_anyone_in_it_is_refused(world: World) -> None:
    world.members["hanna"].status = "revoked"
    world.session.add(world.members["hanna"])
    world.session.flush()
    with pytest.raises(InvalidInput):
        check_in(world, audience=["cm_hospital"])


@pytest.mark.parametrize("who", ["anna", "hugo", "hanna", "gerda", "cleo"])
def test_only_a_sibling_checks_in(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        record_checkin(world.session, world.actor(who), mood=3, needs=[], audience=[])


# --------------------------------------------------------------------------------------
# Reading: the sibling's choice decides, for every combination
# --------------------------------------------------------------------------------------

COMBINATIONS = [
    [a for a, on in zip(AUDIENCES, flags, strict=True) if on]
    for flags in product([False, True], repeat=3)
]


@pytest.mark.parametrize("audience", COMBINATIONS, ids=lambda a: "+".join(a) or "nobody")
def test_every_audience_combination_reaches_exactly_its_adults(
    world: World, audience: list[Audience]
) -> None:
    checkin = check_in(world, note="geheim-123", audience=audience)
    for group, name in ADULT_OF.items():
        actor = world.actor(name)
        shown = checkin in readable_checkins(world.session, actor, limit=None)
        assert shown is (group in audience), (name, audience)
        assert can(actor, Action.CHECKIN_VIEW, checkin) is (group in audience)
    for name in ["gerda", "cleo"]:
        assert not can(world.actor(name), Action.CHECKIN_VIEW, checkin)
    assert checkin in readable_checkins(world.session, world.actor("ben"), limit=None)
    assert not can(world.actor("dora", world.beta), Action.CHECKIN_VIEW, checkin)
    assert not can(world.actor("hanna", world.beta), Action.CHECKIN_VIEW, checkin)


def test_own_history_is_only_the_siblings_own(world: World) -> None:
    now = utcnow()
    check_in(world, mood=5, now=now - timedelta(days=3))
    check_in(world, mood=1, now=now - timedelta(weeks=9))  # older than the picture row
    own = own_checkins(world.session, world.actor("ben"), now=now)
    assert 5 in [c.mood for c in own] and 1 not in [c.mood for c in own]
    assert {c.sibling_id for c in own} == {world.members["ben"].id}
    assert own == sorted(own, key=lambda c: c.created_at)
    with pytest.raises(PermissionDenied):
        own_checkins(world.session, world.actor("anna"))


# --------------------------------------------------------------------------------------
# Signals
# --------------------------------------------------------------------------------------


def kinds(world: World, name: str) -> list[str]:
    return sorted(s.kind for s in visible_signals(world.session, world.actor(name)))


def test_wanting_to_talk_signals_the_adults_it_was_shared_with(world: World) -> None:
    check_in(
        world,
        audience=["cm_home"],
        wants_to_talk=True,
        talk_to_id=world.members["hugo"].id,
    )
    assert kinds(world, "hugo") == [SignalKind.WANTS_TO_TALK]
    assert kinds(world, "anna") == kinds(world, "hanna") == []
    with pytest.raises(PermissionDenied):
        visible_signals(world.session, world.actor("ben"))  # about them, not for them
    recipients = world.session.exec(select(Notification.recipient_user_id)).all()
    assert recipients == [world.users["hugo"].id]


def test_low_mood_twice_within_14_days_counts_per_group_of_adults(world: World) -> None:
    check_in(world, mood=2, audience=["parents", "cm_home"], now=NOW - timedelta(days=13))
    check_in(world, mood=1, audience=["cm_home", "cm_hospital"], now=NOW)
    # Only the home case manager could read both low check-ins.
    assert kinds(world, "hugo") == [SignalKind.LOW_MOOD]
    assert kinds(world, "anna") == kinds(world, "hanna") == []


def test_low_mood_further_apart_is_no_signal(world: World) -> None:
    check_in(world, mood=1, audience=["parents"], now=NOW - timedelta(days=15))
    check_in(world, mood=2, audience=["parents"], now=NOW)
    check_in(world, mood=3, audience=["parents"], now=NOW + timedelta(days=1))
    assert kinds(world, "anna") == []


def test_an_open_low_mood_signal_is_not_repeated_until_picked_up(world: World) -> None:
    for days in (10, 5, 0):
        check_in(world, mood=2, audience=["parents"], now=NOW - timedelta(days=days))
    assert kinds(world, "anna") == [SignalKind.LOW_MOOD]
    (signal,) = visible_signals(world.session, world.actor("anna"))
    picked = pick_up(world.session, world.actor("bram"), signal_id=signal.id, expected_version=1)
    assert picked.picked_up_by_id == world.members["bram"].id
    assert kinds(world, "anna") == []
    check_in(world, mood=1, audience=["parents"], now=NOW + timedelta(hours=1))
    assert kinds(world, "anna") == [SignalKind.LOW_MOOD]


def test_picking_up_needs_sight_of_the_signal_and_the_first_one_wins(world: World) -> None:
    check_in(world, audience=["parents"], wants_to_talk=True, talk_to_id=world.members["anna"].id)
    (signal,) = visible_signals(world.session, world.actor("anna"))
    for name in ["hugo", "hanna", "gerda", "ben"]:
        with pytest.raises(PermissionDenied):
            pick_up(world.session, world.actor(name), signal_id=signal.id, expected_version=1)
    pick_up(world.session, world.actor("anna"), signal_id=signal.id, expected_version=1)
    with pytest.raises(Conflict):
        pick_up(world.session, world.actor("bram"), signal_id=signal.id, expected_version=1)
    read = world.session.exec(
        select(Notification).where(Notification.recipient_user_id == world.users["anna"].id)
    ).one()
    assert read.read_at is not None
    history = visible_signals(world.session, world.actor("bram"), open_only=False)
    assert [s.picked_up_by_id for s in history] == [world.members["anna"].id]


# --------------------------------------------------------------------------------------
# Reminders (delivered by the push worker)
# --------------------------------------------------------------------------------------


def test_reminders_come_in_the_early_evening_after_the_interval() -> None:
    last = datetime(2026, 11, 20, 19, 30, tzinfo=UTC)  # Friday 20:30 in Amsterdam
    assert next_reminder_at(Reminder.OFF, last, NOW) is None
    weekly = next_reminder_at(Reminder.WEEKLY, last, NOW)
    assert weekly == datetime(2026, 11, 28, 17, 0, tzinfo=UTC)  # Sat 18:00 Amsterdam
    twice = next_reminder_at(Reminder.TWICE_WEEKLY, last, NOW)
    assert twice == datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
    never = next_reminder_at(Reminder.WEEKLY, None, NOW)
    assert never == datetime(2026, 11, 23, 17, 0, tzinfo=UTC)  # tonight
