"""Reopening from the list and from the tablet's pane (issue 14): the same, and waiting again."""

from __future__ import annotations

from datetime import date

import reflex as rx
from sqlmodel import Session

from dossier.domain.tasks import create_task
from dossier.models import Task, TaskStatus
from dossier.state.tasks import TasksState
from tests.factories import World
from tests.integration.support import login_as

FOLLOW_UP = date(2030, 1, 31)


def waiting_for_the_ciz(world: World) -> Task:
    raw = {
        "title": "Indicatie aanvragen",
        "domain": "money",
        "status": "waiting",
        "waiting_for": "CIZ",
        "follow_up": FOLLOW_UP.isoformat(),
    }
    return create_task(world.session, world.actor("anna"), raw)


def read(db: Session, task_id: int) -> Task:
    db.expire_all()
    task = db.get(Task, task_id)
    db.commit()  # end the read: SQLite has one writer
    return task


async def anna_completes(world: World, acting, task: Task) -> TasksState:
    world.session.commit()
    acting(login_as(world, "anna"))
    tasks = await rx.State().get_state(TasksState)
    tasks.load_tasks()
    tasks.toggle_done(str(task.id), str(task.version), True)
    tasks._clear_notice()  # the undo bar has gone: reopening is a tap under 'Klaar'
    return tasks


async def test_anna_reopening_a_waiting_task_from_the_list_finds_it_waiting_again(
    world: World, db: Session, acting
) -> None:
    task = waiting_for_the_ciz(world)
    tasks = await anna_completes(world, acting, task)
    done = next(row for row in tasks.done_tasks if row["id"] == str(task.id))
    tasks.toggle_done(done["id"], done["version"], False)
    stored = read(db, task.id)
    assert (stored.status, stored.waiting_for, stored.follow_up_on) == (
        TaskStatus.WAITING,
        "CIZ",
        FOLLOW_UP,
    )
    tasks.open_task(str(task.id))
    assert (tasks.form_status, tasks.form_waiting_for) == ("waiting", "CIZ")  # shown, not hidden


async def test_anna_reopening_it_from_the_tablet_pane_does_the_same(
    world: World, db: Session, acting
) -> None:
    task = waiting_for_the_ciz(world)
    tasks = await anna_completes(world, acting, task)
    tasks.select_task(str(task.id))
    assert tasks.sel_done
    tasks.toggle_done(tasks.sel_id, tasks.sel_version, False)
    assert read(db, task.id).status == TaskStatus.WAITING
    assert not tasks.sel_done


async def test_an_undo_for_another_task_than_the_last_one_also_keeps_it_waiting(
    world: World, db: Session, acting
) -> None:
    task = waiting_for_the_ciz(world)
    tasks = await anna_completes(world, acting, task)
    tasks.undo_complete(str(task.id), str(read(db, task.id).version))
    assert read(db, task.id).status == TaskStatus.WAITING
