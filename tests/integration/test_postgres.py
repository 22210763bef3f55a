"""The guarantees that matter most, again on PostgreSQL: isolation and no lost updates."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import Session, select

from dossier.db import get_engine
from dossier.domain.access import unit_of_work
from dossier.domain.errors import Conflict
from dossier.domain.tasks import list_tasks, set_done
from dossier.models import AuditEvent, Task, TaskStatus
from dossier.ops.migrations import upgrade
from dossier.permissions import PermissionDenied
from tests.factories import World, build_world


@pytest.fixture
def pg_world(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setenv("REFLEX_DB_URL", pg_url)
    upgrade(pg_url)
    with Session(get_engine(pg_url), expire_on_commit=False) as session:
        yield build_world(session)


def test_another_family_sees_and_changes_nothing_on_postgres(pg_world: World) -> None:
    dora = pg_world.actor("dora", pg_world.beta)
    assert [t.title for t in list_tasks(pg_world.session, dora)] == ["Beta"]
    task = pg_world.tasks["overdue"]
    pg_world.session.commit()
    with pytest.raises(PermissionDenied), unit_of_work() as session:
        set_done(session, dora, task_id=task.id, expected_version=1, done=True)
    pg_world.session.expire_all()
    assert pg_world.session.get(Task, task.id).status == TaskStatus.OPEN
    denied = pg_world.session.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).one()
    assert denied.object_id == task.id


def test_two_people_saving_the_same_version_on_postgres(pg_world: World) -> None:
    task_id = pg_world.tasks["overdue"].id
    anna, hugo = pg_world.actor("anna"), pg_world.actor("hugo")
    pg_world.session.commit()
    engine = pg_world.session.get_bind()
    with (
        Session(engine, expire_on_commit=False) as first,
        Session(engine, expire_on_commit=False) as second,
    ):
        second.get(Task, task_id)
        set_done(first, anna, task_id=task_id, expected_version=1, done=True)
        first.commit()
        with pytest.raises(Conflict):
            set_done(second, hugo, task_id=task_id, expected_version=1, done=False)
