"""Login sessions: random, stored hashed, idle and absolute expiry, revocation."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from dossier.domain import sessions
from dossier.models import UserSession, utcnow
from tests.factories import World


def start(world: World, now=None) -> str:
    return sessions.start_session(
        world.session, user_id=world.users["anna"].id, family_id=world.alfa.id, now=now
    )


def test_token_has_at_least_128_bits_and_only_its_hash_is_stored(world: World) -> None:
    token = start(world)
    assert len(token) >= 43  # 32 random bytes, base64url
    stored = world.session.exec(select(UserSession)).one()
    assert stored.token_hash != token
    assert token not in stored.token_hash
    assert sessions.find_session(world.session, token).id == stored.id


def test_two_logins_get_different_tokens(world: World) -> None:
    assert start(world) != start(world)


def test_idle_timeout_after_30_minutes(world: World) -> None:
    now = utcnow()
    token = start(world, now)
    assert sessions.find_session(world.session, token, now=now + timedelta(minutes=29))
    # Being active moved the idle clock: 29 minutes after that activity still works...
    assert sessions.find_session(world.session, token, now=now + timedelta(minutes=58))
    # ...but 31 idle minutes do not.
    assert sessions.find_session(world.session, token, now=now + timedelta(minutes=89)) is None


def test_absolute_lifetime_of_12_hours_even_when_active(world: World) -> None:
    now = utcnow()
    token = start(world, now)
    moment = now
    while moment < now + timedelta(hours=11, minutes=59):
        moment += timedelta(minutes=20)
        alive = sessions.find_session(
            world.session, token, now=min(moment, now + timedelta(hours=11, minutes=59))
        )
        assert alive is not None
    assert (
        sessions.find_session(world.session, token, now=now + timedelta(hours=12, minutes=1))
        is None
    )


def test_logout_revokes_the_session(world: World) -> None:
    token = start(world)
    sessions.end_session(world.session, token)
    assert sessions.find_session(world.session, token) is None


def test_ending_all_sessions_of_a_user(db: Session, world: World) -> None:
    first, second = start(world), start(world)
    sessions.end_all_sessions(world.session, user_id=world.users["anna"].id)
    assert sessions.find_session(world.session, first) is None
    assert sessions.find_session(world.session, second) is None


def test_unknown_or_empty_tokens_find_nothing(world: World) -> None:
    assert sessions.find_session(world.session, None) is None
    assert sessions.find_session(world.session, "") is None
    assert sessions.find_session(world.session, "made-up-token") is None
