"""A person's own notification settings and in-app list: checked input, only own rows."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlmodel import Session, func, select

from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.domain.notification_settings import (
    clean_clock,
    list_notifications,
    load,
    mark_all_read,
    mark_read,
    save,
    unread_count,
)
from dossier.models import (
    Category,
    Channel,
    MembershipStatus,
    Notification,
    NotificationSettings,
    PushDelivery,
    PushSubscription,
)
from dossier.notify.outbox import notify
from tests.factories import World

NOW = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)


def settings(**values: object) -> dict[str, object]:
    base: dict[str, object] = {
        "channels": {},
        "quiet_start": "22:00",
        "quiet_end": "07:30",
        "daily_summary": False,
        "summary_at": "08:00",
        "expected_version": 0,
    }
    return {**base, **values}


def rows(session: Session) -> int:
    return session.exec(select(func.count()).select_from(NotificationSettings)).one()


# --------------------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------------------


def test_the_defaults_before_anything_is_saved(world: World) -> None:
    preferences = load(world.session, world.users["anna"].id)
    assert preferences.version == 0
    assert set(preferences.channels.values()) == {Channel.PUSH}
    assert set(preferences.channels) == set(Category)
    assert (preferences.quiet_start, preferences.quiet_end) == (time(22, 0), time(7, 30))
    assert (preferences.daily_summary, preferences.summary_at) == (False, time(8, 0))


def test_saving_and_saving_again(world: World) -> None:
    anna = world.users["anna"].id
    saved = save(
        world.session,
        anna,
        **settings(
            channels={"tasks": "in_app", "signals": "off"},
            quiet_start="23:15",
            quiet_end="7:00",
            daily_summary=True,
            summary_at="18:30",
        ),
    )
    assert saved.version == 1
    assert saved.channels[Category.TASKS] is Channel.IN_APP
    assert saved.channels[Category.SIGNALS] is Channel.OFF
    assert saved.channels[Category.APPOINTMENTS] is Channel.PUSH
    assert (saved.quiet_start, saved.quiet_end, saved.summary_at) == (
        time(23, 15),
        time(7, 0),
        time(18, 30),
    )
    stored = world.session.exec(select(NotificationSettings)).one()
    assert stored.quiet_end == "07:00"  # stored as HH:MM
    # Only the categories sent change; the rest keep what was chosen.
    again = save(world.session, anna, **settings(channels={"tasks": "push"}, expected_version=1))
    assert again.version == 2
    assert again.channels[Category.TASKS] is Channel.PUSH
    assert again.channels[Category.SIGNALS] is Channel.OFF
    assert load(world.session, world.users["bram"].id).version == 0  # somebody else's


def test_a_stale_save_is_a_conflict(world: World) -> None:
    anna = world.users["anna"].id
    save(world.session, anna, **settings())
    with pytest.raises(Conflict):
        save(world.session, anna, **settings(daily_summary=True, expected_version=0))
    with pytest.raises(Conflict):
        save(world.session, world.users["bram"].id, **settings(expected_version=3))
    assert load(world.session, anna).daily_summary is False


@pytest.mark.parametrize(
    "channels",
    [
        {"tasks": "loud"},
        {"gossip": "push"},
        {"tasks": ""},
        ["tasks"],
    ],
)
def test_an_unknown_category_or_channel_is_refused(world: World, channels: object) -> None:
    with pytest.raises(InvalidInput) as refused:
        save(world.session, world.users["anna"].id, **settings(channels=channels))
    assert refused.value.message_key == "notify.error.channel"
    assert rows(world.session) == 0


@pytest.mark.parametrize("field", ["quiet_start", "quiet_end", "summary_at"])
@pytest.mark.parametrize("value", ["24:00", "7.30", "07:60", "", "7", "٣:٠٠", "07:30:00", "-1:00"])
def test_a_wrong_time_is_refused_with_its_field(world: World, field: str, value: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        save(world.session, world.users["anna"].id, **settings(**{field: value}))
    assert refused.value.message_key == "notify.error.clock"
    assert refused.value.params == {"field": field}
    assert rows(world.session) == 0


@pytest.mark.parametrize(
    ("typed", "stored"), [("7:30", "07:30"), (" 22:00 ", "22:00"), ("0:00", "00:00")]
)
def test_times_are_tidied(typed: str, stored: str) -> None:
    assert clean_clock(typed) == stored


def test_the_same_time_twice_means_no_quiet_hours(world: World) -> None:
    anna = world.users["anna"].id
    save(world.session, anna, **settings(quiet_start="00:00", quiet_end="00:00"))
    night = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    world.session.add(PushSubscription(user_id=anna, endpoint="https://p/1", p256dh="k", auth="a"))
    world.session.flush()
    note = notify(
        world.session,
        recipient_user_id=anna,
        kind="task.assigned",
        category=Category.TASKS,
        dedupe_key="t",
        now=night,
    )
    delivery = world.session.exec(
        select(PushDelivery).where(PushDelivery.notification_id == note.id)
    ).one()
    assert delivery.not_before == night


# --------------------------------------------------------------------------------------
# The in-app list
# --------------------------------------------------------------------------------------


def note(world: World, name: str, key: str, *, family=None, minutes: int = 0) -> Notification:
    family = world.alfa if family is None else family
    made = notify(
        world.session,
        recipient_user_id=world.users[name].id,
        kind="task.assigned",
        category=Category.TASKS,
        dedupe_key=key,
        family_id=family.id if family else None,
        url="/taken",
        now=NOW + timedelta(minutes=minutes),
    )
    assert made is not None
    return made


def test_the_list_shows_only_my_own_newest_first(world: World) -> None:
    first = note(world, "hanna", "a", minutes=1)
    second = note(world, "hanna", "b", family=world.beta, minutes=2)
    own = note(world, "hanna", "c", family=False, minutes=3)  # not about a family
    note(world, "anna", "d")
    hanna = world.users["hanna"].id
    assert [n.id for n in list_notifications(world.session, hanna)] == [
        own.id,
        second.id,
        first.id,
    ]
    assert [n.id for n in list_notifications(world.session, hanna, limit=2)] == [
        own.id,
        second.id,
    ]
    assert len(list_notifications(world.session, hanna, limit=0)) == 1  # at least one
    assert unread_count(world.session, hanna) == 3
    assert list_notifications(world.session, world.users["olga"].id) == []


def test_a_removed_member_no_longer_sees_that_familys_notifications(world: World) -> None:
    note(world, "hanna", "alfa")
    note(world, "hanna", "beta", family=world.beta)
    world.members["hanna"].status = MembershipStatus.REVOKED  # left Gezin Alfa
    world.session.add(world.members["hanna"])
    world.session.flush()
    hanna = world.users["hanna"].id
    assert [n.dedupe_key for n in list_notifications(world.session, hanna)] == ["beta"]
    assert unread_count(world.session, hanna) == 1
    alfa = world.session.exec(select(Notification).where(Notification.dedupe_key == "alfa")).one()
    with pytest.raises(NotFound):
        mark_read(world.session, hanna, alfa.id)
    assert mark_all_read(world.session, hanna, now=NOW) == 1
    world.session.refresh(alfa)
    assert alfa.read_at is None


def test_marking_read_touches_only_my_own(world: World) -> None:
    mine = note(world, "anna", "mine")
    theirs = note(world, "bram", "theirs")
    anna, bram = world.users["anna"].id, world.users["bram"].id
    with pytest.raises(NotFound) as refused:
        mark_read(world.session, anna, theirs.id)
    assert refused.value.message_key == "notify.error.not_found"
    with pytest.raises(NotFound):
        mark_read(world.session, anna, 999_999)
    assert unread_count(world.session, bram) == 1
    read = mark_read(world.session, anna, mine.id, now=NOW)
    assert read.read_at == NOW
    later = NOW + timedelta(hours=1)
    assert mark_read(world.session, anna, mine.id, now=later).read_at == NOW  # kept
    assert unread_count(world.session, anna) == 0


def test_mark_all_read(world: World) -> None:
    for key in ("a", "b", "c"):
        note(world, "anna", key)
    note(world, "bram", "d")
    anna, bram = world.users["anna"].id, world.users["bram"].id
    assert mark_all_read(world.session, anna, now=NOW) == 3
    assert mark_all_read(world.session, anna, now=NOW) == 0
    assert unread_count(world.session, anna) == 0
    assert unread_count(world.session, bram) == 1
    assert all(n.read_at == NOW for n in list_notifications(world.session, anna))
