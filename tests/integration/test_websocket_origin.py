"""The websocket accepts only the app's own origin (cross-site websocket hijacking).

Reflex's default `cors_allowed_origins` is "*"; rxconfig.py sets it to DOSSIER_ORIGIN.
This test runs the real backend: the app's own ASGI factory (`dossier.dossier:app`,
exactly what `reflex run --env prod` hands to Granian) served by Granian in a subprocess
on a free port. REFLEX_SKIP_COMPILE keeps it from compiling or building the frontend
(that is what Reflex itself sets for the prod backend), so it starts in seconds and
does not touch `.web/`; the state manager stays in memory. A subprocess, because
importing dossier.dossier builds the app and its settings once per process.

A socket.io client (python-socketio's asyncio client, which uses aiohttp) connects to
`/_event` over a websocket. With `Origin: https://evil.example` the handshake must be
refused; with the app's own origin, and with no Origin at all (not a browser, so no
CSRF risk), it connects.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import socketio

REPO_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = REPO_ROOT / ".venv" / "bin"
STARTUP_SECONDS = 90


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (localhost)
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    data_dir = tmp_path_factory.mktemp("websocket-origin")
    port = _free_port()
    origin = f"http://localhost:{port}"
    env = {
        **os.environ,
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "DOSSIER_ORIGIN": origin,
        "DOSSIER_DATA_DIR": str(data_dir),
        "DOSSIER_SECRET_KEY": secrets.token_urlsafe(48),
        "REFLEX_DB_URL": f"sqlite:///{data_dir / 'dossier.db'}",
        "REFLEX_SKIP_COMPILE": "true",
        "REFLEX_STATE_MANAGER_MODE": "memory",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "REFLEX_CHECK_LATEST_VERSION": "false",
    }
    for name in ("DOSSIER_ENV", "REFLEX_REDIS_URL", "PYTEST_CURRENT_TEST"):
        env.pop(name, None)
    log_path = data_dir / "granian.log"
    command = [
        str(VENV_BIN / "granian"),
        "--interface",
        "asgi",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "dossier.dossier:app",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _answers(f"http://127.0.0.1:{port}/ping"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the backend did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}", origin
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


async def connect(url: str, origin: str | None) -> None:
    """Open Reflex's event socket the way the browser does; raises when refused."""
    client = socketio.AsyncClient(reconnection=False)
    headers = {"Origin": origin} if origin else {}
    try:
        await client.connect(
            f"{url}?token={secrets.token_hex(8)}",
            socketio_path="/_event",
            namespaces=["/_event"],
            transports=["websocket"],
            headers=headers,
            wait_timeout=10,
        )
        assert client.connected
    finally:
        await client.disconnect()


async def test_a_foreign_origin_is_refused(backend: tuple[str, str]) -> None:
    url, _origin = backend
    with pytest.raises(socketio.exceptions.ConnectionError):
        await connect(url, "https://evil.example")


async def test_a_look_alike_origin_is_refused(backend: tuple[str, str]) -> None:
    url, origin = backend
    with pytest.raises(socketio.exceptions.ConnectionError):
        await connect(url, origin.replace("localhost", "localhost.evil.example"))


async def test_the_apps_own_origin_connects(backend: tuple[str, str]) -> None:
    url, origin = backend
    await connect(url, origin)


async def test_a_client_without_an_origin_connects(backend: tuple[str, str]) -> None:
    """Not a browser (no Origin header): no cross-site risk; the session gate still rules."""
    url, _origin = backend
    await connect(url, None)
