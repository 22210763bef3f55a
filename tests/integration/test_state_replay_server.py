"""The state replay over the real websocket, with the memory and the Redis state manager.

The backend is the app's own ASGI factory under Granian in a subprocess (as in
test_websocket_origin.py), on a SQLite file this test fills with Gezin Alfa. A
socket.io client plays the browser tab: it opens /taken as Anna with her session
cookie and a client token, then the same client token connects again as an attacker
would (no cookie, her revoked cookie, her brother's cookie) and hydrates. The first
answer to a hydrate is Reflex's whole-tree snapshot; it must carry none of Anna's
family data. With Redis each state is stored under its own key and loaded lazily, so
a stale one left in storage is the case the binding must also catch.

The same server shows that a session cookie never reaches its log: an event for a
handler that does not exist (what a stale frontend sends after a deploy) made Reflex
log the event with its headers.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import socketio
from sqlalchemy import create_engine
from sqlmodel import Session, SQLModel

import dossier.models  # noqa: F401  (all tables on the metadata)
from dossier.domain import sessions
from tests import servers
from tests.conftest import TEST_SECRET
from tests.factories import build_world

REPO_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = REPO_ROOT / ".venv" / "bin"
HYDRATE = "reflex___state____state.hydrate_and_load"
LOCALE = "reflex___state____state.dossier___state___base____locale_state"
COOKIE = "dossier_session"
MARKERS = ("Gezin Alfa", "Recept", "PGB", "Anna")


@dataclass
class Backend:
    url: str
    origin: str
    log: Path
    db: Session


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module", params=["memory", "redis"])
def backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Backend]:
    data_dir = tmp_path_factory.mktemp(f"replay-{request.param}")
    database = f"sqlite:///{data_dir / 'dossier.db'}"
    engine = create_engine(database)
    SQLModel.metadata.create_all(engine)
    port = _free_port()
    origin = f"http://localhost:{port}"
    env = {
        **os.environ,
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "DOSSIER_ORIGIN": origin,
        "DOSSIER_DATA_DIR": str(data_dir),
        "DOSSIER_SECRET_KEY": TEST_SECRET,
        "REFLEX_DB_URL": database,
        "REFLEX_SKIP_COMPILE": "true",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "REFLEX_CHECK_LATEST_VERSION": "false",
        "DOSSIER_SCHEDULER": "0",
        "DOSSIER_PUSH_WORKER": "0",
    }
    for name in (
        "DOSSIER_ENV",
        "REFLEX_REDIS_URL",
        "PYTEST_CURRENT_TEST",
        "REFLEX_STATE_MANAGER_MODE",
    ):
        env.pop(name, None)
    if request.param == "redis":
        env["REFLEX_REDIS_URL"] = "redis://127.0.0.1:6379/0"
    log_path = data_dir / "granian.log"
    command = [
        str(VENV_BIN / "granian"),
        *("--interface", "asgi", "--factory", "--host", "127.0.0.1", "--port", str(port)),
        *("--workers", "1", "dossier.dossier:app"),
    ]
    with log_path.open("wb") as log:
        process = servers.subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=env,
            stdin=servers.subprocess.DEVNULL,
            stdout=log,
            stderr=servers.subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        servers.wait_ready(process, base, ["/ping"], log_path=log_path, timeout=90)
        with Session(engine, expire_on_commit=False) as db:
            yield Backend(url=base, origin=origin, log=log_path, db=db)
    finally:
        servers.stop(process)


class Tab:
    """A browser tab as Reflex's frontend speaks to the server: a client token, a socket."""

    def __init__(self, backend: Backend, client_token: str) -> None:
        self.backend = backend
        self.client_token = client_token
        self.updates: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def open(self, page: str, session_token: str | None) -> list[dict[str, Any]]:
        """Connect with this cookie and hydrate `page`; every update until it is quiet."""
        client = socketio.AsyncClient(reconnection=False)
        client.on("event", self.updates.put_nowait, namespace="/_event")
        headers = {"Origin": self.backend.origin}
        if session_token:
            headers["Cookie"] = f"{COOKIE}={session_token}"
        await client.connect(
            f"{self.backend.url}?token={self.client_token}",
            socketio_path="/_event",
            namespaces=["/_event"],
            transports=["websocket"],
            headers=headers,
            wait_timeout=10,
        )
        try:
            await client.emit("event", _event(HYDRATE, page), namespace="/_event")
            return await self._until_quiet()
        finally:
            await client.disconnect()

    async def send(self, name: str, page: str, session_token: str) -> None:
        client = socketio.AsyncClient(reconnection=False)
        await client.connect(
            f"{self.backend.url}?token={self.client_token}",
            socketio_path="/_event",
            namespaces=["/_event"],
            transports=["websocket"],
            headers={"Origin": self.backend.origin, "Cookie": f"{COOKIE}={session_token}"},
            wait_timeout=10,
        )
        try:
            await client.emit("event", _event(name, page), namespace="/_event")
            await asyncio.sleep(1.0)
        finally:
            await client.disconnect()

    async def _until_quiet(self) -> list[dict[str, Any]]:
        updates = [await asyncio.wait_for(self.updates.get(), timeout=20)]
        while True:
            try:
                updates.append(await asyncio.wait_for(self.updates.get(), timeout=1.5))
            except TimeoutError:
                return updates


def _event(name: str, page: str) -> dict[str, Any]:
    return {
        "name": name,
        "payload": {},
        "router_data": {"pathname": page, "query": {}, "asPath": page},
    }


def _seen(update: dict[str, Any]) -> set[str]:
    """Markers in the delta, except in the language catalogue (it names "PGB" itself)."""
    delta = {name: v for name, v in update.get("delta", {}).items() if name != LOCALE}
    text = json.dumps(delta, ensure_ascii=False)
    return {marker for marker in MARKERS if marker in text}


@pytest.fixture(scope="module")
def world(backend: Backend) -> Any:
    return build_world(backend.db)


def _session_of(world: Any, name: str) -> str:
    token = sessions.start_session(
        world.session, user_id=world.users[name].id, family_id=world.alfa.id
    )
    world.session.commit()
    return token


async def _annas_tab(backend: Backend, world: Any) -> tuple[Tab, str]:
    tab = Tab(backend, secrets.token_hex(16))
    token = _session_of(world, "anna")
    updates = await tab.open("/taken", token)
    seen = set().union(*(_seen(update) for update in updates))
    assert {"Gezin Alfa", "Recept"} <= seen, "Anna's own tab must show her tasks"
    return tab, token


async def test_a_client_token_without_a_cookie_gets_no_family_data(
    backend: Backend, world: Any
) -> None:
    tab, _token = await _annas_tab(backend, world)

    snapshot = (await tab.open("/taken", None))[0]

    assert _seen(snapshot) == set()


async def test_a_tab_after_logout_gets_no_family_data_with_the_revoked_cookie(
    backend: Backend, world: Any
) -> None:
    tab, token = await _annas_tab(backend, world)
    sessions.end_session(world.session, token)
    world.session.commit()

    snapshot = (await tab.open("/taken", token))[0]

    assert _seen(snapshot) == set()


async def test_a_sibling_signing_in_on_the_family_tablet_never_sees_the_parents_page(
    backend: Backend, world: Any
) -> None:
    tab, _token = await _annas_tab(backend, world)

    snapshot = (await tab.open("/wie-doet-wat", _session_of(world, "ben")))[0]

    assert _seen(snapshot) == set()


async def test_the_session_cookie_of_an_undispatchable_event_never_reaches_the_log(
    backend: Backend, world: Any
) -> None:
    token = _session_of(world, "anna")
    tab = Tab(backend, secrets.token_hex(16))
    name = "reflex___state____state.dossier___state___base____locale_state.no_such_handler"

    await tab.send(name, "/taken", token)

    log = backend.log.read_text(errors="replace")
    assert "no_such_handler" in log, "the refused event is logged (with its name)"
    assert token not in log
    assert tab.client_token not in log
