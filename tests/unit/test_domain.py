"""Domain functions: what each persona gets back, the audit trail, conflicts, refusals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from dossier.domain.access import unit_of_work
from dossier.domain.checkins import readable_checkins
from dossier.domain.errors import Conflict
from dossier.domain.overview import build_overview
from dossier.domain.tasks import list_tasks, set_done
from dossier.models import AuditEvent, Task, TaskStatus
from dossier.permissions import PermissionDenied
from tests.factories import World


def audit_rows(session: Session, **match: object) -> list[AuditEvent]:
    rows = session.exec(select(AuditEvent)).all()
    return [r for r in rows if all(getattr(r, k) == v for k, v in match.items())]


def titles(tasks: list[Task]) -> set[str]:
    return {t.title for t in tasks}


def test_parent_sees_all_open_tasks_overdue_first(world: World) -> None:
    tasks = list_tasks(world.session, world.actor("anna"))
    assert titles(tasks) == {"Recept", "Kamer", "PGB"}
    assert tasks[0].title == "PGB"  # overdue comes first


def test_caregiver_sees_only_their_own_tasks(world: World) -> None:
    assert titles(list_tasks(world.session, world.actor("gerda"))) == {"Recept"}


def test_listing_leaves_one_audit_row_with_the_count(world: World) -> None:
    list_tasks(world.session, world.actor("hugo"))
    (row,) = audit_rows(world.session, action="task.view.list")
    assert row.user_id == world.users["hugo"].id
    assert row.family_id == world.alfa.id
    assert row.role == "cm_home"
    assert row.detail == "3 rows"
    assert row.outcome == "allowed"


def test_completing_a_task_is_logged_and_bumps_the_version(world: World) -> None:
    task = world.tasks["overdue"]
    done = set_done(
        world.session, world.actor("anna"), task_id=task.id, expected_version=1, done=True
    )
    assert done.status == TaskStatus.DONE
    assert done.completed_at is not None
    assert done.version == 2
    assert audit_rows(world.session, action="task.complete", object_id=task.id)


def test_a_stale_version_is_refused_not_overwritten(world: World) -> None:
    task = world.tasks["overdue"]
    set_done(world.session, world.actor("anna"), task_id=task.id, expected_version=1, done=True)
    with pytest.raises(Conflict):
        set_done(
            world.session, world.actor("hugo"), task_id=task.id, expected_version=1, done=False
        )
    assert world.session.get(Task, task.id).status == TaskStatus.DONE


def test_a_concurrent_save_between_load_and_write_is_refused(world: World, db: Session) -> None:
    """Two people open version 1; the first save wins, the second gets a Conflict."""
    task_id = world.tasks["overdue"].id
    anna, hugo = world.actor("anna"), world.actor("hugo")
    world.session.commit()
    engine = db.get_bind()
    with (
        Session(engine, expire_on_commit=False) as first,
        Session(engine, expire_on_commit=False) as second,
    ):
        second.get(Task, task_id)  # Hugo's screen shows version 1
        second.commit()
        set_done(first, anna, task_id=task_id, expected_version=1, done=True)
        first.commit()
        with pytest.raises(Conflict):
            # Hugo still holds version 1: the UPDATE ... WHERE version = 1 matches no row.
            set_done(second, hugo, task_id=task_id, expected_version=1, done=False)
        second.rollback()
    world.session.expire_all()
    assert world.session.get(Task, task_id).status == TaskStatus.DONE


def test_other_family_cannot_complete_a_task_and_the_refusal_is_logged(world: World) -> None:
    task = world.tasks["overdue"]
    dora = world.actor("dora", world.beta)
    world.session.commit()  # SQLite allows one writer: end the fixture's transaction first
    with pytest.raises(PermissionDenied), unit_of_work() as session:
        set_done(session, dora, task_id=task.id, expected_version=1, done=True)
    world.session.expire_all()
    assert world.session.get(Task, task.id).status == TaskStatus.OPEN
    (denied,) = audit_rows(world.session, outcome="denied")
    assert denied.family_id == world.alfa.id  # Alfa's parents see the attempt in their log
    assert (denied.action, denied.object_id, denied.user_id) == (
        "task.complete",
        task.id,
        world.users["dora"].id,
    )


def test_checkins_returned_only_to_those_they_were_shared_with(world: World) -> None:
    def shared(name: str) -> set[int]:
        return {c.id for c in readable_checkins(world.session, world.actor(name))}

    c = world.checkins
    assert shared("anna") == {c["parents"].id}
    assert shared("hugo") == {c["home"].id}
    assert shared("hanna") == {c["hospital"].id}
    assert shared("ben") == {c[k].id for k in c}


def test_caregiver_may_not_open_checkins_at_all(world: World) -> None:
    with pytest.raises(PermissionDenied):
        readable_checkins(world.session, world.actor("gerda"))


def test_overview_for_a_caregiver_skips_what_they_may_not_see(world: World) -> None:
    overview = build_overview(world.session, world.actor("gerda"), today=date.today())
    assert titles(overview.my_tasks) == {"Recept"}
    assert overview.checkins == []
    assert overview.agreements == []  # she is kept informed; nothing waits for her
    assert overview.appointments == []


def test_overview_shows_agreements_waiting_for_my_confirmation(world: World) -> None:
    """Hanna is responsible for the proposed Zorgcoördinatie: it waits for her yes."""
    overview = build_overview(world.session, world.actor("hanna"), today=date.today())
    assert [a.topic for a in overview.agreements] == ["Zorgcoördinatie"]
    hugo = build_overview(world.session, world.actor("hugo"), today=date.today())
    assert hugo.agreements == []


def test_overview_counts_my_overdue_tasks(world: World) -> None:
    world.tasks["overdue"].assignee_id = world.members["anna"].id
    world.session.add(world.tasks["overdue"])
    overview = build_overview(
        world.session, world.actor("anna"), today=date.today() + timedelta(days=1)
    )
    assert overview.my_overdue == 1
