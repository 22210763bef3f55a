"""Two scheduler workers at the same moment on PostgreSQL: every notification once."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlmodel import Session, func, select

from dossier.db import get_engine
from dossier.jobs.schedule import run_scheduled
from dossier.models import Notification, PushDelivery, PushSubscription, utcnow
from dossier.ops.migrations import upgrade
from tests.factories import World, build_world


@pytest.fixture
def pg_world(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setenv("REFLEX_DB_URL", pg_url)
    upgrade(pg_url)
    with Session(get_engine(pg_url), expire_on_commit=False) as session:
        yield build_world(session)


def test_two_workers_write_each_notification_once(pg_world: World) -> None:
    s = pg_world.session
    late = pg_world.tasks["overdue"]  # three days late
    late.assignee_id = pg_world.members["hugo"].id
    s.add(late)
    hugo = pg_world.users["hugo"].id
    s.add(PushSubscription(user_id=hugo, endpoint="https://push.example/h", p256dh="k", auth="a"))
    s.commit()
    engine = s.get_bind()
    now = utcnow()
    start = threading.Barrier(2)
    results: list[dict[str, int]] = []

    def worker() -> None:
        with Session(engine, expire_on_commit=False) as session:
            start.wait()
            results.append(run_scheduled(session, now))
            session.commit()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 2
    assert all(count >= 0 for result in results for count in result.values())  # no failures
    assert sum(result["overdue_tasks"] for result in results) == 1
    s.expire_all()
    keys = s.exec(select(Notification.dedupe_key)).all()
    assert keys == [f"task.overdue:{late.id}:{hugo}:{late.due_on.isoformat()}"]
    assert s.exec(select(func.count()).select_from(PushDelivery)).one() == 1
