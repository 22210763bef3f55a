"""Event round trips over the websocket, as a browser tab speaks Reflex's protocol:
socket.io on /_event, the hydrate event in the CONNECT packet (with the page's on_load
events), then one event per action; timed from the emit to the delta that shows it."""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import socketio

ROOT = "reflex___state____state"
HYDRATE = f"{ROOT}.hydrate_and_load"
TASKS_STATE = (
    f"{ROOT}.dossier___state___base____locale_state"
    ".dossier___state___base____app_state.dossier___state___tasks____tasks_state"
)
NAMESPACE = "/_event"  # the frontend opens io("ws://host/_event"): path and namespace
TIMEOUT = 30.0

Match = Callable[[dict[str, Any]], bool]
Action = Callable[[], Awaitable[float]]


@dataclass(slots=True)
class Client:
    """One simulated tab: a socket, its state as the deltas left it, and waiters."""

    base_url: str
    pathname: str
    cookie: str = ""
    sio: socketio.AsyncClient = field(default_factory=lambda: socketio.AsyncClient())
    state: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The first update (the hydrate: every state's values) in JSON bytes, per state.
    hydrate_bytes: dict[str, int] = field(default_factory=dict)
    _waiters: list[tuple[Match, asyncio.Future[float]]] = field(default_factory=list)

    def _on_event(self, update: dict[str, Any]) -> None:
        now = time.perf_counter()
        if not self.state:  # the hydrate; the next ones are deltas
            self.hydrate_bytes = {
                name: len(json.dumps(values))
                for name, values in (update.get("delta") or {}).items()
            }
        for substate, values in (update.get("delta") or {}).items():
            self.state.setdefault(substate, {}).update(values)
        for match, future in list(self._waiters):
            if not future.done() and match(self.state):
                future.set_result(now)
                self._waiters.remove((match, future))

    def _waiter(self, match: Match) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._waiters.append((match, future))
        return future

    def _router_data(self) -> dict[str, str]:
        return {"pathname": self.pathname, "asPath": self.pathname}

    async def connect(self, hydrated: Match) -> None:
        """Open the socket with the hydrate event; return once `hydrated` holds."""
        self.sio.on("event", self._on_event, namespace=NAMESPACE)
        done = self._waiter(hydrated)
        headers = {"Origin": self.base_url, "User-Agent": "bench"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        boot = {"name": HYDRATE, "payload": {}, "router_data": self._router_data()}
        await self.sio.connect(
            f"{self.base_url}?token={uuid.uuid4()}",
            headers=headers,
            transports=["websocket"],
            socketio_path="/_event",
            namespaces=[NAMESPACE],
            auth={"event": boot},
            wait_timeout=TIMEOUT,
        )
        await asyncio.wait_for(done, TIMEOUT)

    async def round_trip(self, name: str, payload: dict[str, Any], shows: Match) -> float:
        """Milliseconds from sending the event to the delta where `shows` holds."""
        done = self._waiter(shows)
        start = time.perf_counter()
        await self.sio.emit(
            "event",
            {"name": name, "payload": payload, "router_data": self._router_data()},
            namespace=NAMESPACE,
        )
        return (await asyncio.wait_for(done, TIMEOUT) - start) * 1000

    async def close(self) -> None:
        await self.sio.disconnect()


# -- our app: complete a task, and open it again ----------------------------------------


def _tasks(state: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return state.get(TASKS_STATE, {})


def tasks_loaded(state: dict[str, dict[str, Any]]) -> bool:
    return bool(_tasks(state).get("loaded_rx_state_"))


def _row(state: dict[str, dict[str, Any]], key: str, task_id: str) -> dict[str, Any] | None:
    return next((r for r in _tasks(state).get(key, []) if r["id"] == task_id), None)


def app_action(client: Client, task_ids: list[int]) -> Callable[[], Awaitable[float]]:
    """Each action completes the next task, or opens it again: a write and the new list."""
    counter = itertools.count()

    async def act() -> float:
        task_id = str(task_ids[(next(counter) // 2) % len(task_ids)])
        done = _row(client.state, "tasks_rx_state_", task_id) is not None  # open: complete it
        key_from, key_to = ("tasks_rx_state_", "done_tasks_rx_state_")[:: 1 if done else -1]
        row = _row(client.state, key_from, task_id)
        assert row is not None, f"task {task_id} is in neither list"
        payload = {"task_id": task_id, "version": row["version"], "done": done}
        return await client.round_trip(
            f"{TASKS_STATE}.toggle_done",
            payload,
            lambda state: (
                _row(state, key_to, task_id) is not None and _row(state, key_from, task_id) is None
            ),
        )

    return act


# -- the blank app: a counter ------------------------------------------------------------


def blank_action(client: Client, state_name: str) -> Callable[[], Awaitable[float]]:
    async def act() -> float:
        expected = client.state.get(state_name, {}).get("count_rx_state_", 0) + 1
        return await client.round_trip(
            f"{state_name}.increment",
            {},
            lambda state: state.get(state_name, {}).get("count_rx_state_") == expected,
        )

    return act


def hydrated(state: dict[str, dict[str, Any]]) -> bool:
    """The blank app has no on_load: hydrated is all there is to wait for."""
    return state.get(ROOT, {}).get("is_hydrated_rx_state_") is True


# -- load --------------------------------------------------------------------------------


async def connect_all(clients: list[Client], hydrated: Match, *, at_once: int = 10) -> None:
    """Hydrate every client, `at_once` at a time (like tabs opening, not a stampede)."""
    for start in range(0, len(clients), at_once):
        await asyncio.gather(*(c.connect(hydrated) for c in clients[start : start + at_once]))


async def concurrent_round_trips(
    actions: list[Callable[[], Awaitable[float]]], per_client: int
) -> list[float]:
    """All clients at once, each sending its next event as soon as the last one showed."""

    async def one(act: Callable[[], Awaitable[float]]) -> list[float]:
        return [await act() for _ in range(per_client)]

    results = await asyncio.gather(*(one(act) for act in actions))
    return [ms for client in results for ms in client]


async def paced_round_trips(
    actions: list[Callable[[], Awaitable[float]]],
    *,
    mean_pause_s: float,
    duration_s: float,
    seed: int = 8,
) -> list[float]:
    """People, not scripts: each client pauses a random time (exponential, mean
    `mean_pause_s`) before each tap, and taps again only after the last one showed, until
    `duration_s` is over. N clients offer about N / mean_pause_s taps a second, whatever
    the server does; a fixed window keeps the run's length fixed too."""
    rng = random.Random(seed)  # noqa: S311 (pauses of a load model, not secrets)
    deadline = time.perf_counter() + duration_s

    async def one(act: Callable[[], Awaitable[float]], own: random.Random) -> list[float]:
        samples = []
        while (wait := own.expovariate(1 / mean_pause_s)) < deadline - time.perf_counter():
            await asyncio.sleep(wait)
            samples.append(await act())
        return samples

    # One generator per client, seeded from one seed: the same pauses for both apps.
    own_rngs = [random.Random(rng.random()) for _ in actions]  # noqa: S311
    results = await asyncio.gather(*(one(a, r) for a, r in zip(actions, own_rngs, strict=True)))
    return [ms for client in results for ms in client]
