"""Production servers on loopback (`reflex run --env prod`): ours and the blank app."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.common import RUN_DIR, base_env, free_port, log

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
        for pid in _group_pids(self.process.pid):
            with contextlib.suppress(OSError, ValueError, IndexError):
                fields = Path(f"/proc/{pid}/statm").read_text().split()
                total += int(fields[1]) * os.sysconf("SC_PAGE_SIZE")
        return total


def _group_pids(pgid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[2]) == pgid:  # fields[2] is the process group id
                pids.append(int(entry.name))
    return pids


def _status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (OSError, ValueError):
        return None


def _tail(path: Path, lines: int = 40) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return "(no log)"


def stop(server: Server) -> None:
    process = server.process
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    # granian workers can outlive the parent for a moment: the group must be gone
    deadline = time.monotonic() + 10
    while _group_pids(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in _group_pids(process.pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


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
    with log_path.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "reflex",
                "run",
                "--env",
                "prod",
                "--frontend-port",
                str(port),
                "--loglevel",
                "warning",
            ],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(name=name, port=port, process=process, log_path=log_path)
    try:
        _wait_ready(server, ["/ping", ready_path])
        log(f"{name} ready after {time.monotonic() - started:.0f} s")
        yield server
    finally:
        stop(server)


def _wait_ready(server: Server, paths: list[str]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    pending = list(paths)
    while pending:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} stopped during startup:\n{_tail(server.log_path)}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{server.name} did not start:\n{_tail(server.log_path)}")
        if _status(server.base_url + pending[0]) == 200:
            pending.pop(0)
        else:
            time.sleep(0.3)
