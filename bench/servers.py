"""Production servers on loopback (`reflex run --env prod`): ours and the blank app.

Starting, waiting and stopping are tests/servers.py, shared with the browser tests."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.common import RUN_DIR, base_env, free_port, log
from tests import servers

STARTUP_SECONDS = 400  # a first start ever also runs npm install


@dataclass(slots=True)
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://localhost:{self.port}"

    def rss_bytes(self) -> int:
        """Resident memory of the whole process group (reflex, granian and its workers)."""
        total = 0
        for pid in servers.group_pids(self.process.pid):
            with contextlib.suppress(OSError, ValueError, IndexError):
                fields = Path(f"/proc/{pid}/statm").read_text().split()
                total += int(fields[1]) * os.sysconf("SC_PAGE_SIZE")
        return total


def stop(server: Server) -> None:
    servers.stop(server.process)


@contextlib.contextmanager
def running(
    name: str, cwd: Path, env: dict[str, str], *, ready_path: str = "/", port: int | None = None
) -> Iterator[Server]:
    """Start `reflex run --env prod` in `cwd`; wait for /ping and `ready_path`."""
    port = port or free_port()
    log_path = RUN_DIR / f"{name}.log"
    env = {**base_env(), **env}
    log(f"starting {name} on port {port}")
    started = time.monotonic()
    process = servers.start_prod(cwd, env, port=port, log_path=log_path)
    server = Server(name=name, port=port, process=process, log_path=log_path)
    try:
        try:
            servers.wait_ready(
                process,
                server.base_url,
                ["/ping", ready_path],
                log_path=log_path,
                timeout=STARTUP_SECONDS,
            )
        except servers.ServerFailed as exc:
            raise RuntimeError(f"{name}: {exc}") from None
        log(f"{name} ready after {time.monotonic() - started:.0f} s")
        yield server
    finally:
        stop(server)
