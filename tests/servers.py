"""Start, wait for and stop `reflex run --env prod` on loopback.

Shared by the browser tests (tests/browser/conftest.py) and the benchmark
(bench/servers.py). It lives under tests/ because the test suite must not depend on
bench/, while the bench already imports test helpers (tests/push_service.py).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path


class ServerFailed(RuntimeError):
    """The server stopped during startup or did not answer in time (with its log tail)."""


def start_prod(
    cwd: Path, env: dict[str, str], *, port: int, log_path: Path, loglevel: str = "warning"
) -> subprocess.Popen[bytes]:
    """`reflex run --env prod` on one port, in a process group of its own (so stopping
    it also stops granian's workers), its output in `log_path`."""
    with log_path.open("wb") as out:
        return subprocess.Popen(
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
                loglevel,
            ],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_ready(
    process: subprocess.Popen[bytes],
    base_url: str,
    paths: Sequence[str],
    *,
    log_path: Path,
    timeout: float,
    poll: float = 0.3,
) -> None:
    """Until each path in turn answers 200; raise ServerFailed if the process ends first
    or `timeout` seconds pass (a first start ever also runs npm install)."""
    deadline = time.monotonic() + timeout
    pending = list(paths)
    while pending:
        if process.poll() is not None:
            raise ServerFailed(
                f"the server stopped with code {process.returncode} during startup:\n"
                f"{tail(log_path)}"
            )
        if time.monotonic() > deadline:
            raise ServerFailed(
                f"the server did not answer {pending[0]} within {timeout:.0f} s:\n{tail(log_path)}"
            )
        if status(base_url + pending[0]) == 200:
            pending.pop(0)
        else:
            time.sleep(poll)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the group, SIGKILL if it lingers; then wait until no process of the
    group is left (granian workers can outlive the parent for a moment)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    deadline = time.monotonic() + 10
    while group_pids(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in group_pids(process.pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def group_pids(pgid: int) -> list[int]:
    """The processes of a process group, from /proc."""
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


def status(url: str) -> int | None:
    """The HTTP status of a GET, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (OSError, ValueError):
        return None


def tail(path: Path, lines: int = 60) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return "(no log)"
