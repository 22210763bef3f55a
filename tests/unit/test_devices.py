"""Mijn apparaten and the idle warning's server side: own sessions only, audit rows,
friendly device names, time left without touching, "Ingelogd blijven"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from dossier.domain import sessions
from dossier.domain.user_agents import Device, describe
from dossier.models import AuditEvent, UserSession, utcnow
from tests.factories import World

ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def start(world: World, name: str = "anna", *, user_agent: str = "", now=None) -> int:
    token = sessions.start_session(
        world.session,
        user_id=world.users[name].id,
        family_id=world.alfa.id,
        user_agent=user_agent,
        now=now,
    )
    return sessions.peek_session(world.session, token, now=now).id


@pytest.mark.parametrize(
    ("user_agent", "expected"),
    [
        (ANDROID_CHROME, Device("Chrome", "Android")),
        (IPHONE_SAFARI, Device("Safari", "iPhone")),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) CriOS/126.0 Mobile/15E148 Safari/604.1",
            Device("Chrome", "iPhone"),
        ),
        (
            "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            Device("Safari", "iPad"),
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
            Device("Edge", "Windows"),
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0",
            Device("Firefox", "Mac"),
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
            Device("Samsung Internet", "Android"),
        ),
        ("curl/8.5.0", Device("", "")),
        ("", Device("", "")),
    ],
)
def test_devices_get_a_name_people_recognise(user_agent: str, expected: Device) -> None:
    assert describe(user_agent) == expected


def test_list_shows_only_my_live_sessions_with_this_device_first(world: World) -> None:
    now = utcnow()
    old = start(world, user_agent=IPHONE_SAFARI, now=now - timedelta(minutes=10))
    current = start(world, user_agent=ANDROID_CHROME, now=now - timedelta(minutes=20))
    idle = start(world, now=now - timedelta(minutes=45))  # idle too long: not listed
    ended = start(world, now=now)
    world.session.get(UserSession, ended).revoked_at = now
    start(world, "bram", now=now)  # someone else's

    listed = sessions.list_sessions(
        world.session, user_id=world.users["anna"].id, now=now, current_id=current
    )
    assert [s.id for s in listed] == [current, old]
    assert [s.current for s in listed] == [True, False]
    assert listed[1].user_agent == IPHONE_SAFARI
    assert idle not in [s.id for s in listed]


def test_i_can_end_my_session_on_another_device(world: World) -> None:
    mine, other = start(world), start(world, user_agent=IPHONE_SAFARI)
    anna = world.users["anna"].id
    ended = sessions.end_other_session(
        world.session, user_id=anna, session_id=other, current_id=mine, ip="198.51.100.1"
    )
    assert ended
    assert world.session.get(UserSession, other).revoked_at is not None
    assert world.session.get(UserSession, mine).revoked_at is None
    row = world.session.exec(select(AuditEvent).where(AuditEvent.action == "session.end")).one()
    assert (row.user_id, row.object_id, row.outcome, row.ip) == (
        anna,
        other,
        "allowed",
        "198.51.100.1",
    )


@pytest.mark.parametrize("whose", ["someone_else", "unknown", "this_device", "already_ended"])
def test_anything_but_my_other_live_session_is_refused_and_logged(world: World, whose: str) -> None:
    mine = start(world)
    target = {
        "someone_else": lambda: start(world, "bram"),
        "unknown": lambda: 987654,
        "this_device": lambda: mine,
        "already_ended": lambda: start(world),
    }[whose]()
    if whose == "already_ended":
        world.session.get(UserSession, target).revoked_at = utcnow()
    anna = world.users["anna"].id

    ended = sessions.end_other_session(
        world.session, user_id=anna, session_id=target, current_id=mine
    )

    assert not ended
    if whose in {"someone_else", "this_device"}:
        assert world.session.get(UserSession, target).revoked_at is None
    row = world.session.exec(select(AuditEvent).where(AuditEvent.action == "session.end")).one()
    assert (row.user_id, row.outcome) == (anna, "denied")


def test_time_left_counts_down_without_touching_the_session(world: World) -> None:
    now = utcnow()
    token = sessions.start_session(
        world.session, user_id=world.users["anna"].id, family_id=None, now=now
    )
    later = now + timedelta(minutes=25)
    found = sessions.peek_session(world.session, token, now=later)
    left = sessions.time_left(found, later)
    assert left.idle_seconds == 5 * 60
    assert left.absolute_seconds == 12 * 3600 - 25 * 60
    assert found.last_seen_at == now  # asking is not activity
    assert sessions.peek_session(world.session, token, now=now + timedelta(minutes=31)) is None


def test_stay_signed_in_restarts_the_idle_clock_but_not_the_absolute_end(world: World) -> None:
    now = utcnow()
    session_id = start(world, now=now)
    later = now + timedelta(minutes=29)
    left = sessions.extend_session(world.session, session_id=session_id, now=later)
    assert left.idle_seconds == 30 * 60
    assert left.absolute_seconds == 12 * 3600 - 29 * 60
    # Too late: an ended session cannot be extended.
    assert (
        sessions.extend_session(
            world.session, session_id=session_id, now=later + timedelta(minutes=31)
        )
        is None
    )
