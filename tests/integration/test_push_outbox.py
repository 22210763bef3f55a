"""The push outbox end to end: real `dossier push-worker` processes, the real sender and
a real push service on loopback (tests/push_service.py verifies VAPID, decrypts every
push and records it), on SQLite and on PostgreSQL.

- Two workers drain 1,000 notifications: every one arrives exactly once.
- A worker killed with SIGKILL in the middle of a batch: the other worker delivers its
  claimed rows once their lease has ended.
- In-process rounds with the real sender: 404/410 remove only that device, 429 waits
  for Retry-After, 500 then 201 is sent once, a hanging push service times out.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from dossier.db import get_engine
from dossier.jobs import push_worker
from dossier.models import (
    Category,
    DeliveryStatus,
    PushDelivery,
    PushSubscription,
    utcnow,
)
from dossier.notify import worker
from dossier.notify.outbox import notify
from dossier.ops.migrations import upgrade
from dossier.settings import PROJECT_ROOT
from tests.push_outbox_seed import add_devices, seed_outbox
from tests.push_service import HANG, Answer, PushService, retry_after

LEASE_SECONDS = 4  # short, so the killed worker's rows come back quickly


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")
    monkeypatch.setenv("REFLEX_DB_URL", url)
    upgrade(url)
    return url


def factory_for(url: str):
    return lambda: Session(get_engine(url), expire_on_commit=False)


def seed(
    url: str, service: PushService, *, devices: int, per_device: int, prefix: str = "dev"
) -> dict[str, int]:
    """One person per device; `per_device` urgent notifications each through `notify`
    (urgent: no quiet hours, whatever the time of day). Returns {device name: subscription id}."""
    with Session(get_engine(url), expire_on_commit=False) as session:
        added = add_devices(session, service, devices=devices, prefix=prefix)
        for name, device in added.items():
            for k in range(per_device):
                notify(
                    session,
                    recipient_user_id=device.user_id,
                    kind="task.assigned",
                    category=Category.TASKS,
                    dedupe_key=f"{name}-{k}",
                    urgent=True,
                )
        session.commit()
        return {name: device.id for name, device in added.items()}  # type: ignore[misc]


def statuses(url: str) -> Counter[str]:
    with get_engine(url).begin() as conn:
        rows = conn.execute(sa.select(PushDelivery.status, sa.func.count()).group_by("status"))
        return Counter(dict(rows.tuples().all()))


def start_worker(url: str, owner: str, log: Path, *, batch: int = 50) -> subprocess.Popen:
    env = {**os.environ, "REFLEX_DB_URL": url}
    command = [sys.executable, "-m", "dossier.cli", "push-worker", "--owner", owner]
    options = ["--batch", str(batch), "--lease", str(LEASE_SECONDS), "--timeout", "1"]
    with log.open("w") as out:  # the child keeps its own copy
        return subprocess.Popen(
            [*command, *options, "--idle", "0.2"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_until(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def started(log: Path) -> bool:
    return log.exists() and "started" in log.read_text()


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[dict[str, subprocess.Popen]]:
    running: dict[str, subprocess.Popen] = {}
    yield running
    for process in running.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def pushes_by_notification(service: PushService) -> Counter[tuple[str, int]]:
    """How often each (device, notification id) pair was delivered with a 201."""
    return Counter(
        (item.name, item.payload["id"]) for item in service.received if item.answered == 201
    )


# -- many workers, many rows --------------------------------------------------------------


def test_a_claim_takes_at_most_one_batch(db_url: str, push_service: PushService) -> None:
    # On PostgreSQL `id IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)` can take every
    # row (the subquery runs again per outer row); the materialized CTE takes n.
    seed_outbox(db_url, push_service, devices=12, per_device=10)
    factory = factory_for(db_url)
    taken = [len(worker.claim(factory, owner=f"w{n}", batch=50)) for n in range(4)]
    assert taken == [50, 50, 20, 0]


def test_two_workers_deliver_1000_notifications_exactly_once(
    db_url: str, push_service: PushService, workers, tmp_path: Path, request
) -> None:
    logs = {name: tmp_path / f"{name}.log" for name in ("w1", "w2")}
    for name, log in logs.items():
        workers[name] = start_worker(db_url, name, log)
    wait_until(lambda: all(started(log) for log in logs.values()), timeout=20, what="workers")
    seed_outbox(db_url, push_service, devices=100, per_device=10)
    began = time.monotonic()
    wait_until(  # the database is asked only once the push service has them all
        lambda: (
            len(push_service.received) >= 1000
            and statuses(db_url).get(DeliveryStatus.SENT, 0) == 1000
        ),
        timeout=60,
        what="drain",
    )
    seconds = time.monotonic() - began
    delivered = pushes_by_notification(push_service)
    duplicates = sum(count - 1 for count in delivered.values())
    with get_engine(db_url).begin() as conn:
        per_worker = dict(
            conn.execute(
                sa.select(PushDelivery.lease_owner, sa.func.count()).group_by("lease_owner")
            ).all()
        )
    print(
        f"\n[{request.node.callspec.id}] 1000 deliveries, 2 workers: {seconds:.1f} s, "
        f"lost {1000 - len(delivered)}, duplicates {duplicates}, per worker {per_worker}"
    )
    assert push_service.failures == []
    assert len(delivered) == 1000 and duplicates == 0
    assert statuses(db_url) == {DeliveryStatus.SENT: 1000}
    for process in workers.values():  # SIGTERM: a clean stop
        process.send_signal(signal.SIGTERM)
    for name, process in workers.items():
        assert process.wait(timeout=10) == 0, logs[name].read_text()[-2000:]


def test_a_killed_workers_rows_are_delivered_after_its_lease(
    db_url: str, push_service: PushService, workers, tmp_path: Path, request
) -> None:
    seed(db_url, push_service, devices=30, per_device=10)  # 300 deliveries
    workers["doomed"] = start_worker(db_url, "doomed", tmp_path / "doomed.log")
    wait_until(lambda: len(push_service.received) >= 60, timeout=30, what="first pushes")
    os.killpg(workers["doomed"].pid, signal.SIGKILL)
    killed_at = utcnow()
    workers["doomed"].wait(timeout=10)
    with get_engine(db_url).begin() as conn:
        stranded = dict(
            conn.execute(
                sa.select(PushDelivery.id, PushDelivery.lease_until).where(
                    PushDelivery.lease_owner == "doomed",
                    PushDelivery.lease_until.is_not(None),
                    PushDelivery.status == DeliveryStatus.PENDING,
                )
            ).all()
        )
    assert stranded, "the worker should have died holding a claimed batch"
    workers["rescuer"] = start_worker(db_url, "rescuer", tmp_path / "rescuer.log")
    wait_until(
        lambda: statuses(db_url).get(DeliveryStatus.SENT, 0) == 300, timeout=30, what="rescue"
    )
    with Session(get_engine(db_url)) as session:
        rescued = session.exec(select(PushDelivery).where(PushDelivery.id.in_(stranded))).all()
    assert {row.status for row in rescued} == {DeliveryStatus.SENT}
    for row in rescued:  # taken over only once the dead worker's lease had ended
        assert row.sent_at >= stranded[row.id] >= killed_at - timedelta(seconds=LEASE_SECONDS)
    delivered = pushes_by_notification(push_service)
    duplicates = sum(count - 1 for count in delivered.values())
    print(
        f"\n[{request.node.callspec.id}] SIGKILL mid-batch: {len(stranded)} claimed rows "
        f"stranded, all delivered after the {LEASE_SECONDS} s lease; duplicates {duplicates}"
    )
    assert len(delivered) == 300
    # At least once: only a push the dead worker sent but had not yet recorded may repeat.
    assert duplicates <= 1


def test_the_app_runs_the_worker_as_a_lifespan_task() -> None:
    from dossier.dossier import app

    assert push_worker.outbox_worker in app.get_lifespan_tasks()


# -- what the push service answers, with the real sender ----------------------------------


def round_at(url: str, offset: float = 0.0, **kwargs) -> Counter[str]:
    moment = utcnow() + timedelta(seconds=offset)
    return worker.run_once(factory_for(url), owner="test", clock=lambda: moment, **kwargs)


@pytest.fixture
def sqlite_db(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("REFLEX_DB_URL", sqlite_url)
    upgrade(sqlite_url)
    return sqlite_url


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_subscription_removes_only_that_device(
    sqlite_db: str, push_service: PushService, status: int
) -> None:
    ids = seed(sqlite_db, push_service, devices=2, per_device=2)
    push_service.script("dev0", Answer(status))
    counts = round_at(sqlite_db)
    assert (counts["gone"], counts["sent"]) == (2, 2)  # dev0's second push: closed, unsent
    with Session(get_engine(sqlite_db)) as session:
        assert session.get(PushSubscription, ids["dev0"]) is None
        assert session.get(PushSubscription, ids["dev1"]) is not None
    assert statuses(sqlite_db) == {DeliveryStatus.GONE: 2, DeliveryStatus.SENT: 2}
    assert len(push_service.received_for("dev0")) == 1


def test_rate_limited_waits_for_retry_after(sqlite_db: str, push_service: PushService) -> None:
    seed(sqlite_db, push_service, devices=1, per_device=1)
    push_service.script("dev0", retry_after(20))
    assert round_at(sqlite_db)["rate_limited"] == 1
    assert round_at(sqlite_db, 15)["claimed"] == 0  # still waiting
    assert round_at(sqlite_db, 21)["sent"] == 1
    assert [item.answered for item in push_service.received_for("dev0")] == [429, 201]


def test_a_server_error_is_retried_and_sent_once(sqlite_db: str, push_service: PushService) -> None:
    seed(sqlite_db, push_service, devices=1, per_device=1)
    push_service.script("dev0", Answer(500))
    assert round_at(sqlite_db)["retry"] == 1
    with Session(get_engine(sqlite_db)) as session:
        row = session.exec(select(PushDelivery)).one()
    assert (row.attempts, row.last_status) == (1, 500)
    assert round_at(sqlite_db, 31)["sent"] == 1  # the first back-off is at most 30 s
    assert [item.answered for item in push_service.received_for("dev0")] == [500, 201]
    assert pushes_by_notification(push_service).most_common(1)[0][1] == 1


def test_a_hanging_push_service_times_out_and_is_retried(
    sqlite_db: str, push_service: PushService
) -> None:
    seed(sqlite_db, push_service, devices=1, per_device=1)
    push_service.script("dev0", HANG)
    began = time.monotonic()
    assert round_at(sqlite_db, timeout=0.5)["retry"] == 1
    assert time.monotonic() - began < 5
    with Session(get_engine(sqlite_db)) as session:
        row = session.exec(select(PushDelivery)).one()
    assert row.status == DeliveryStatus.PENDING and "no answer" in row.last_error
