"""Reopening a task that was waiting (issue 14): it waits again, or says what it cleared.

A task completed while it waited for the CIZ keeps whom it waits for and its follow-up
date. Reopened, it is waiting again; reopened as anything else, those fields are cleared
and named in its history, so a later save never records them as someone else's change.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from dossier.domain.tasks import create_task, set_done, snapshot, update_task
from dossier.models import Task, TaskChange, TaskStatus
from tests.factories import World

FOLLOW_UP = date(2030, 1, 31)


def waiting_for_the_ciz(world: World) -> Task:
    raw = {
        "title": "Indicatie aanvragen",
        "domain": "money",
        "status": "waiting",
        "waiting_for": "CIZ",
        "follow_up": FOLLOW_UP.isoformat(),
    }
    task = create_task(world.session, world.actor("anna"), raw)
    set_done(world.session, world.actor("anna"), task_id=task.id, expected_version=1, done=True)
    return task


def history(session: Session, task: Task) -> list[tuple[str, list[str]]]:
    rows = session.exec(
        select(TaskChange).where(TaskChange.task_id == task.id).order_by(TaskChange.id)
    ).all()
    return [(row.kind, row.fields) for row in rows]


def test_hugo_reopening_a_task_that_waited_for_the_ciz_puts_it_back_to_waiting(
    world: World,
) -> None:
    task = waiting_for_the_ciz(world)
    set_done(world.session, world.actor("hugo"), task_id=task.id, expected_version=2, done=False)
    assert (task.status, task.waiting_for, task.follow_up_on) == ("waiting", "CIZ", FOLLOW_UP)
    assert task.completed_at is None
    assert history(world.session, task)[-1] == ("reopened", ["status"])


def test_reopened_as_open_the_waiting_fields_are_cleared_and_named_in_the_history(
    world: World,
) -> None:
    task = waiting_for_the_ciz(world)
    set_done(
        world.session,
        world.actor("anna"),
        task_id=task.id,
        expected_version=2,
        done=False,
        reopen_as=TaskStatus.OPEN,
    )
    assert (task.status, task.waiting_for, task.follow_up_on) == ("open", "", None)
    assert history(world.session, task)[-1] == (
        "reopened",
        ["status", "waiting_for", "follow_up_on"],
    )


def test_after_hugo_reopens_it_hanna_saving_the_title_changes_only_the_title(
    world: World,
) -> None:
    task = waiting_for_the_ciz(world)
    set_done(world.session, world.actor("hugo"), task_id=task.id, expected_version=2, done=False)
    seen = snapshot(task)
    form = {
        "title": "Indicatie aanvragen bij het CIZ",
        "domain": "money",
        "status": task.status,
        "waiting_for": task.waiting_for,
        "follow_up": task.follow_up_on.isoformat() if task.follow_up_on else "",
    }
    changed = update_task(
        world.session,
        world.actor("hanna"),
        task_id=task.id,
        expected_version=task.version,
        data=form,
        original=seen,
    )
    assert changed == ["title"]
    assert (task.waiting_for, task.follow_up_on) == ("CIZ", FOLLOW_UP)
