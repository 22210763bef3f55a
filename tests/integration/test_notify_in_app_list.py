"""The in-app list through the states, as the websocket calls them: Hugo completes the
task Anna asked for on the task list, Anna's bell list says who and what and opens that
task; an undo takes it back; a brother who wants to talk stands out for a parent."""

from __future__ import annotations

from datetime import UTC, datetime

import reflex as rx
from sqlmodel import Session, select

from dossier.domain.checkins import record_checkin
from dossier.domain.tasks import create_task
from dossier.models import Notification, Task
from dossier.state.notifications import NotificationsState
from dossier.state.tasks import TasksState
from tests.factories import World

TITLE = "Offerte aangepaste kinderwagen opvragen"


def annas_task_for_hugo(world: World) -> Task:
    task = create_task(
        world.session,
        world.actor("anna"),
        {"title": TITLE, "domain": "money", "assignee": str(world.members["hugo"].id)},
    )
    world.session.commit()
    return task


async def hugo_completes(world: World, acting, task: Task) -> TasksState:
    acting("hugo")
    tasks = await rx.State().get_state(TasksState)
    tasks.toggle_done(str(task.id), str(task.version), True)
    return tasks


async def annas_list(acting) -> NotificationsState:
    acting("anna")
    state = await rx.State().get_state(NotificationsState)
    state.load_notifications()
    return state


async def test_anna_hears_that_hugo_finished_her_task_and_a_tap_opens_it(
    world: World, acting
) -> None:
    task = annas_task_for_hugo(world)
    await hugo_completes(world, acting, task)
    state = await annas_list(acting)
    (row,) = state.items
    assert row["text"] == f"Hugo heeft afgerond: {TITLE}"
    assert row["unread"] and not row["talk"] and state.unread == 1
    assert f"/taken?open={task.id}" in str(state.open_notification(row["id"]))


async def test_an_undo_on_the_task_list_takes_the_message_off_annas_bell(
    world: World, db: Session, acting
) -> None:
    task = annas_task_for_hugo(world)
    tasks = await hugo_completes(world, acting, task)
    tasks.undo_complete(tasks.undo_task_id, tasks.undo_version)
    state = await annas_list(acting)
    assert state.unread == 0
    assert state.items[0]["text"] == f"Hugo had afgerond: {TITLE}. Deze taak staat weer open."


async def test_an_old_row_opens_its_item_too(world: World, db: Session, acting) -> None:
    """Rows from before the links (url '/taken', no actor) get the item's link now."""
    task = annas_task_for_hugo(world)
    note = db.exec(select(Notification).where(Notification.object_id == task.id)).one()
    note.actor_membership_id = None
    db.add(note)
    db.commit()
    acting("hugo")
    state = await rx.State().get_state(NotificationsState)
    state.load_notifications()
    assert state.items[0]["text"] == f"Iemand vroeg je: {TITLE}"
    assert f"/taken?open={task.id}" in str(state.open_notification(state.items[0]["id"]))


async def test_ben_wanting_to_talk_stands_out_in_annas_list(world: World, acting) -> None:
    record_checkin(
        world.session,
        world.actor("ben"),
        mood=2,
        needs=["rest"],
        note="Ik ben bang",
        audience=["parents"],
        wants_to_talk=True,
        talk_to_id=world.members["bram"].id,
        now=datetime(2026, 11, 23, 11, 0, tzinfo=UTC),
    )
    world.session.commit()
    state = await annas_list(acting)
    (row,) = state.items
    assert (row["text"], row["talk"]) == ("Ben wil graag praten", True)
    assert "/check-in" in str(state.open_notification(row["id"]))
