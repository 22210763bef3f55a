"""Live updates: a committed change travels as {family: pulse} to every app worker (Redis
pub/sub in production), and each worker knows which of its own tabs show which family.
The push into the tabs themselves is covered end to end in tests/browser/test_live_in_browser.py."""

from __future__ import annotations

import asyncio

import pytest
import redis

from dossier.domain import pulse
from dossier.models import Task
from dossier.notify import pulse_bus
from dossier.settings import get_settings
from dossier.state.live import Pending, Watchers
from tests.factories import World

REDIS_URL = "redis://127.0.0.1:6379/14"


def redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.mark.skipif(not redis_available(), reason="Redis is not running on 127.0.0.1")
def test_a_change_saved_in_any_process_is_heard_by_every_worker_over_redis(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFLEX_REDIS_URL", REDIS_URL)
    get_settings.cache_clear()
    world.session.commit()
    listener = redis.Redis.from_url(REDIS_URL).pubsub()
    listener.subscribe(pulse_bus.channel())
    assert listener.get_message(timeout=2)["type"] == "subscribe"

    world.session.add(Task(family_id=world.alfa.id, title="Medicatielijst", domain="care"))
    world.session.commit()

    message = listener.get_message(timeout=2)
    assert message is not None and message["type"] == "message"
    reached = pulse.current(world.session, world.alfa.id)
    assert pulse_bus.decode(message["data"]) == {world.alfa.id: reached}
    assert b"Medicatielijst" not in message["data"]  # a number, nothing of the content
    listener.close()


def test_another_database_has_its_own_channel(monkeypatch: pytest.MonkeyPatch) -> None:
    first = pulse_bus.channel()
    monkeypatch.setenv("REFLEX_DB_URL", "sqlite:////tmp/other-dossier.db")
    get_settings.cache_clear()
    assert pulse_bus.channel() != first


def test_a_tab_follows_the_family_its_page_last_loaded() -> None:
    watchers = Watchers()
    watchers.watch("tab-anna", 1)
    watchers.watch("tab-femke", 1)
    watchers.watch("tab-femke", 2)  # Femke switched to another family
    assert watchers.tabs_of(1) == ["tab-anna"]
    assert watchers.tabs_of(2) == ["tab-femke"]
    watchers.forget("tab-anna")
    assert watchers.tabs_of(1) == []
    assert len(watchers) == 1


def test_a_burst_of_changes_becomes_one_push_with_the_newest_pulse_per_family() -> None:
    async def burst() -> dict[int, int]:
        pending = Pending(asyncio.get_running_loop())
        for family_id, reached in [(1, 5), (2, 9), (1, 7), (1, 6)]:
            pending.add({family_id: reached})
        return await asyncio.wait_for(pending.take(), timeout=1)

    assert asyncio.run(burst()) == {1: 7, 2: 9}


def test_a_change_heard_from_a_worker_thread_is_taken_on_the_loop() -> None:
    async def from_thread() -> dict[int, int]:
        pending = Pending(asyncio.get_running_loop())
        await asyncio.to_thread(pending.add, {3: 1})
        return await asyncio.wait_for(pending.take(), timeout=1)

    assert asyncio.run(from_thread()) == {3: 1}


def test_a_listener_that_fails_never_undoes_a_saved_change(world: World) -> None:
    def broken(_changes: object) -> None:
        raise RuntimeError("event loop is closed")

    stop = pulse_bus.listen(broken)
    try:
        world.session.add(Task(family_id=world.alfa.id, title="Blijft bewaard", domain="care"))
        world.session.commit()
    finally:
        stop()
    assert world.session.query(Task).filter_by(title="Blijft bewaard").count() == 1


def test_an_unreachable_redis_is_logged_and_the_change_stays_saved(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("REFLEX_REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens there
    get_settings.cache_clear()
    world.session.add(Task(family_id=world.alfa.id, title="Toch bewaard", domain="care"))
    world.session.commit()
    assert world.session.query(Task).filter_by(title="Toch bewaard").count() == 1
    assert "pulse not published" in caplog.text
