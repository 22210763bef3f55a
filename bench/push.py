"""Push fan-out: 1,000 notifications through the outbox, two `dossier push-worker`
processes on PostgreSQL, delivered to a real push service on loopback
(tests/push_service.py: checks VAPID, decrypts every push)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections import Counter

from bench.common import PG_URL, REPO_ROOT, RUN_DIR, Row, base_env

DEVICES = 100
PER_DEVICE = 10  # 1,000 notifications
WORKERS = 2
DEADLINE_SECONDS = 120


def _start_worker(owner: str) -> subprocess.Popen[bytes]:
    log = (RUN_DIR / f"push-{owner}.log").open("wb")
    command = [sys.executable, "-m", "dossier.cli", "push-worker", "--owner", owner]
    return subprocess.Popen(
        [*command, "--batch", "50", "--idle", "0.2"],
        cwd=REPO_ROOT,
        env={**base_env(), **os.environ},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _started(owner: str) -> bool:
    path = RUN_DIR / f"push-{owner}.log"
    return path.exists() and "started" in path.read_text(errors="replace")


def _stop(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def measure() -> list[Row]:
    from tests.push_outbox_seed import seed_outbox
    from tests.push_service import PushService

    total = DEVICES * PER_DEVICE
    with PushService() as service:
        owners = [f"bench{n}" for n in range(WORKERS)]
        workers = [_start_worker(owner) for owner in owners]
        try:
            deadline = time.monotonic() + 60
            while not all(_started(o) for o in owners) and time.monotonic() < deadline:
                time.sleep(0.05)
            # the workers idle on an empty outbox; the clock starts when the rows are there
            seed_outbox(PG_URL, service, devices=DEVICES, per_device=PER_DEVICE)
            start = time.monotonic()
            deadline = start + DEADLINE_SECONDS
            while len(_delivered(service)) < total and time.monotonic() < deadline:
                time.sleep(0.02)
            seconds = time.monotonic() - start
            time.sleep(1.0)  # a late duplicate would show up now
        finally:
            for process in workers:
                _stop(process)
        pushes = Counter(_delivered(service))
        failures = len(service.failures)
    lost = total - len(pushes)
    duplicated = sum(count - 1 for count in pushes.values())
    note = f"{WORKERS} push-worker processes, batches of 50; push service refusals: {failures}"
    return [
        Row(
            "push",
            "push fan-out, 1,000 notifications: total time",
            seconds,
            None,
            "s",
            "<= 10 s",
            seconds <= 10,
            note,
        ),
        Row("push", "push fan-out: lost", lost, None, "", "0", lost == 0),
        Row("push", "push fan-out: duplicated", duplicated, None, "", "0", duplicated == 0),
    ]


def _delivered(service: object) -> list[tuple[str, int]]:
    return [
        (item.name, item.payload["id"])
        for item in service.received  # type: ignore[attr-defined]
        if item.answered == 201
    ]
