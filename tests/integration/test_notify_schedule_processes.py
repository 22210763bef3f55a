"""Two scheduler processes on one PostgreSQL database: every notification exactly once.

test_notify_schedule_postgres.py races two threads; this runs two real processes (as two
backend workers or two hosts would), each scanning repeatedly at the same moment.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from dossier.db import get_engine
from dossier.models import Notification, PushDelivery, PushSubscription, Task, utcnow
from dossier.ops.migrations import upgrade
from dossier.settings import PROJECT_ROOT
from tests.factories import build_world

pytestmark = pytest.mark.postgres

TASKS = 40
ROUNDS = 5

# Each process waits for the go file, then scans ROUNDS times at the same `now`.
SCAN = """
import json, pathlib, sys, time
from datetime import datetime
from dossier.db import session_scope
from dossier.jobs.schedule import run_scheduled
go, now, rounds = pathlib.Path(sys.argv[1]), datetime.fromisoformat(sys.argv[2]), int(sys.argv[3])
pathlib.Path(sys.argv[4]).touch()
while not go.exists():
    time.sleep(0.01)
results = []
for _ in range(rounds):
    with session_scope() as session:
        results.append(run_scheduled(session, now))
print(json.dumps(results))
"""


def seed(url: str) -> tuple[int, list[int]]:
    """TASKS overdue tasks for hugo, who has one push device."""
    with Session(get_engine(url), expire_on_commit=False) as s:
        world = build_world(s)
        hugo = world.members["hugo"]
        template = world.tasks["overdue"]
        tasks = [
            Task(
                family_id=template.family_id,
                title=f"Nabellen {n}",
                domain="money",
                assignee_id=hugo.id,
                due_on=template.due_on - timedelta(days=n % 3),
            )
            for n in range(TASKS)
        ]
        s.add_all(tasks)
        s.add(
            PushSubscription(
                user_id=hugo.user_id, endpoint="https://push.example/h", p256dh="k", auth="a"
            )
        )
        s.commit()
        return hugo.user_id, [task.id for task in tasks]


def start(url: str, tmp_path: Path, name: str, now: str) -> subprocess.Popen:
    env = {**os.environ, "REFLEX_DB_URL": url, "DOSSIER_SCHEDULER": "0"}
    args = [str(tmp_path / "go"), now, str(ROUNDS), str(tmp_path / f"{name}.ready")]
    return subprocess.Popen(
        [sys.executable, "-c", SCAN, *args],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_scheduler_processes_write_each_notification_once(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFLEX_DB_URL", pg_url)
    upgrade(pg_url)
    hugo, task_ids = seed(pg_url)
    now = utcnow().isoformat()
    processes = [start(pg_url, tmp_path, name, now) for name in ("a", "b")]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"{name}.ready").exists() for name in ("a", "b")):
        assert time.monotonic() < deadline, "the scheduler processes did not start"
        time.sleep(0.05)
    (tmp_path / "go").touch()  # both scan from here, at the same moment
    outputs = [process.communicate(timeout=120) for process in processes]
    for process, (_out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err[-2000:]
    rounds = [round_ for out, _err in outputs for round_ in json.loads(out)]
    assert len(rounds) == 2 * ROUNDS
    assert all(count >= 0 for round_ in rounds for count in round_.values())  # no scan failed
    written = sum(round_["overdue_tasks"] for round_ in rounds)

    with Session(get_engine(pg_url)) as s:
        keys = s.exec(select(Notification.dedupe_key)).all()
        pushes = s.exec(select(PushDelivery.notification_id, PushDelivery.subscription_id)).all()
        for_hugo = s.exec(select(func.count()).where(Notification.recipient_user_id == hugo)).one()
    overdue = [key for key in keys if key.startswith("task.overdue:")]
    assert written == len(overdue)  # what the processes say they wrote is what is there
    assert {int(key.split(":")[1]) for key in overdue} == set(task_ids)
    assert len(set(keys)) == len(keys) and for_hugo >= TASKS
    assert len(set(pushes)) == len(pushes) >= TASKS  # one push row per notification
