"""Refusals from outside the family on PostgreSQL: two workers at once still count each one."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import Session, select

from dossier import audit
from dossier.db import get_engine
from dossier.domain.access import unit_of_work
from dossier.domain.tasks import get_task
from dossier.models import AuditEvent
from dossier.models.audit import AuditRepeat
from dossier.ops.migrations import upgrade
from dossier.permissions import Action, Actor, PermissionDenied
from tests.factories import World, build_world

WORKERS, ATTEMPTS = 2, 40


@pytest.fixture
def pg_world(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setenv("REFLEX_DB_URL", pg_url)
    upgrade(pg_url)
    with Session(get_engine(pg_url), expire_on_commit=False) as session:
        yield build_world(session)


def attempts(url: str, actor: Actor, task_id: int, start: threading.Barrier) -> None:
    start.wait()
    for _ in range(ATTEMPTS):
        with pytest.raises(PermissionDenied), unit_of_work(url) as session:
            get_task(session, actor, task_id, Action.TASK_VIEW)


def test_dora_s_attempts_from_two_workers_at_once_are_all_counted_on_few_rows(
    pg_world: World, pg_url: str
) -> None:
    dora = pg_world.actor("dora", pg_world.beta)
    task_id = pg_world.tasks["for_gerda"].id
    pg_world.session.commit()
    start = threading.Barrier(WORKERS)
    with ThreadPoolExecutor(WORKERS) as pool:
        jobs = [pool.submit(attempts, pg_url, dora, task_id, start) for _ in range(WORKERS)]
        for job in jobs:
            job.result()
    session = pg_world.session
    session.expire_all()
    rows = session.exec(select(AuditEvent).where(AuditEvent.family_id == pg_world.alfa.id)).all()
    assert 1 <= len(rows) <= WORKERS  # at most one each when both start at the same moment
    repeats = sum(r.repeats for r in session.exec(select(AuditRepeat)))
    assert len(rows) + repeats == WORKERS * ATTEMPTS
    assert audit.verify_chain(session) is None
