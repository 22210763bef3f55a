"""Live updates pushed over each tab's own websocket: no polling, no query while idle.

1. A page that (re)loads all its data records the family pulse it matches
   (`AppState.pulse`) and `watch()`es: this worker remembers that the tab (its client
   token) shows that family. Events reach the worker that holds the tab's websocket, so
   each worker knows exactly its own tabs; a reconnect elsewhere loads the page again
   there (Reflex's hydrate runs on_load), which watches again.
2. A committed change announces `{family: pulse}` on the pulse bus (domain/pulse.py,
   notify/pulse_bus.py): Redis pub/sub to every worker, or this process's listeners.
3. `live_updates()` (a lifespan task per worker) hears it and, for each of its tabs of
   that family whose socket is still here, sets `AppState.live_pulse` through Reflex's
   own `app.modify_state`, which sends that one number as a delta.
4. /live.js sees the hidden #live-refresh button's data-live pass its data-pulse and
   presses it: the page reloads through the session gate like any tap. So nothing
   private is pushed: a tab whose login has ended gets a number, presses, and is sent
   to the login page by the gate.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Mapping
from typing import Any

import reflex as rx

from dossier.notify import pulse_bus

logger = logging.getLogger(__name__)

# Several tabs are told at once, but not hundreds: each modify_state takes a state lock.
PARALLEL_PUSHES = 16


class Watchers:
    """Which tabs on this worker show which family (thread-safe: loads run off the loop)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._family_of: dict[str, int] = {}
        self._tabs_of: dict[int, set[str]] = {}

    def watch(self, token: str, family_id: int) -> None:
        with self._lock:
            previous = self._family_of.get(token)
            if previous == family_id:
                return
            if previous is not None:
                self._drop(token, previous)
            self._family_of[token] = family_id
            self._tabs_of.setdefault(family_id, set()).add(token)

    def forget(self, token: str) -> None:
        with self._lock:
            if (family_id := self._family_of.pop(token, None)) is not None:
                self._drop(token, family_id)

    def tabs_of(self, family_id: int) -> list[str]:
        with self._lock:
            return list(self._tabs_of.get(family_id, ()))

    def __len__(self) -> int:
        with self._lock:
            return len(self._family_of)

    def _drop(self, token: str, family_id: int) -> None:
        tabs = self._tabs_of.get(family_id)
        if tabs is not None:
            tabs.discard(token)
            if not tabs:
                del self._tabs_of[family_id]


watchers = Watchers()


def watch(token: str, family_id: int) -> None:
    """This tab now shows this family's data (called by a page's full load)."""
    if token:
        watchers.watch(token, family_id)


class Pending:
    """Changes heard but not yet passed on, per family the newest pulse: a burst of
    changes becomes one push per tab."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._changes: dict[int, int] = {}
        self._ready = asyncio.Event()

    def add(self, changes: Mapping[int, int]) -> None:
        """From any thread (a commit in a worker thread)."""
        self._loop.call_soon_threadsafe(self._merge, dict(changes))

    def _merge(self, changes: Mapping[int, int]) -> None:
        for family_id, pulse in changes.items():
            self._changes[family_id] = max(pulse, self._changes.get(family_id, pulse))
        self._ready.set()

    async def take(self) -> dict[int, int]:
        await self._ready.wait()
        self._ready.clear()
        taken, self._changes = self._changes, {}
        return taken


async def live_updates(app: rx.App, shell: type[rx.State]) -> None:
    """The lifespan task: hear committed changes, pass each on to this worker's tabs, into
    `shell` (AppState: its `pulse` and `live_pulse`; passed in, as it imports this module)."""
    pending = Pending(asyncio.get_running_loop())
    hearing = asyncio.create_task(_hear(pending))
    try:
        while True:
            changes = await pending.take()
            try:
                await _tell_tabs(app, shell, changes)
            except Exception:  # one bad push must not end live updates for everyone
                logger.exception("live update failed")
    finally:
        hearing.cancel()


async def _hear(pending: Pending) -> None:
    if not pulse_bus.uses_redis():
        stop = pulse_bus.listen(pending.add)
        try:
            await asyncio.Event().wait()  # until the app stops
        finally:
            stop()
    while True:  # Redis: listen again after a lost connection
        try:
            await _hear_redis(pending)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            logger.warning("pulse channel lost (%s); listening again", type(error))
            await asyncio.sleep(1)


async def _hear_redis(pending: Pending) -> None:
    from redis import asyncio as aioredis

    from dossier.settings import get_settings

    client = aioredis.Redis.from_url(get_settings().redis_url or "")
    try:
        async with client.pubsub() as subscription:
            await subscription.subscribe(pulse_bus.channel())
            async for message in subscription.listen():
                if message.get("type") == "message":
                    pending.add(pulse_bus.decode(message["data"]))
    finally:
        await client.aclose()


async def _tell_tabs(app: rx.App, shell: type[rx.State], changes: Mapping[int, int]) -> None:
    limit = asyncio.Semaphore(PARALLEL_PUSHES)

    async def tell(token: str, pulse: int) -> None:
        async with limit:
            await _push(app, shell, token, pulse)

    pushes = []
    for family_id, pulse in changes.items():
        for token in watchers.tabs_of(family_id):
            if _connected_here(app, token):
                pushes.append(tell(token, pulse))
            else:
                watchers.forget(token)  # closed, or now on another worker
    await asyncio.gather(*pushes)


def _connected_here(app: rx.App, token: str) -> bool:
    """Whether this worker holds the tab's websocket (Reflex's token manager knows)."""
    namespace = app.event_namespace
    if namespace is None:
        return False
    manager = namespace._token_manager
    record = manager.token_to_socket.get(token)
    return record is not None and record.instance_id == manager.instance_id


async def _push(app: rx.App, shell: type[rx.State], token: str, pulse: int) -> None:
    async with app.modify_state(rx.BaseStateToken(ident=token, cls=shell)) as root:
        tab: Any = await root.get_state(shell)
        # Its own change (or a reload since) already shows it: no delta at all.
        if pulse > max(tab.pulse, tab.live_pulse):
            tab.live_pulse = pulse
