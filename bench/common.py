"""Shared bits of the benchmark: paths, environment, statistics, the result rows."""

from __future__ import annotations

import math
import os
import socket
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = REPO_ROOT / ".venv" / "bin"
WORK_DIR = REPO_ROOT / ".bench"  # git-ignored: node_modules (Lighthouse), the blank app, logs
RUN_DIR = WORK_DIR / "run"
CHROMIUM = "/usr/bin/chromium"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "dossier_bench"
PG_URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_DB}"
REDIS_URL = "redis://127.0.0.1:6379/9"  # a database of its own, flushed by the bench


def base_env() -> dict[str, str]:
    """The environment for every child process: venv first, no telemetry, npm."""
    env = dict(os.environ)
    for name in ("DOSSIER_ENV", "REFLEX_REDIS_URL", "REFLEX_ENV_MODE", "GRANIAN_WORKERS"):
        env.pop(name, None)
    env.update(
        {
            "PATH": f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
            "REFLEX_USE_NPM": "1",
            "REFLEX_TELEMETRY_ENABLED": "false",
            "REFLEX_CHECK_LATEST_VERSION": "false",
        }
    )
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def p95(values: Sequence[float]) -> float:
    """Nearest-rank 95th percentile."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def say(text: str = "") -> None:
    """The bench's own output (stdout, flushed: `make bench` shows its progress)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def log(message: str) -> None:
    say(f"[bench {time.strftime('%H:%M:%S')}] {message}")


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table. `blank` is None where a baseline makes no sense ("–")."""

    section: str
    metric: str
    ours: float | None
    blank: float | None
    unit: str
    target: str = ""
    met: bool | None = None
    note: str = ""
    ours_p95: float | None = None
    blank_p95: float | None = None
