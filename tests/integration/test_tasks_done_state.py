"""TasksState: a past date asks first, and done tasks say who completed them and when.

Called directly, as the websocket would; the login is set the way the session gate sets it.
"""

from __future__ import annotations

import re
from datetime import timedelta

import reflex as rx
from sqlmodel import Session, select

from dossier.clock import local_today
from dossier.models import Task
from dossier.state.tasks import TasksState
from tests.factories import World
from tests.integration.support import login_as, sent

# "Klaar · Hugo, 7 dec. 14:20" (babel writes the month short, with or without a dot)
DONE_LINE = re.compile(r"^Klaar · Hugo, \d{1,2} [a-z]{3}\.? \d{2}:\d{2}$")


async def tasks_as(world: World, acting, name: str) -> TasksState:
    world.session.commit()
    acting(login_as(world, name))
    state = await rx.State().get_state(TasksState)
    state.load_tasks()
    return state


def count(db: Session) -> int:
    db.expire_all()
    found = len(db.exec(select(Task)).all())
    db.commit()
    return found


def new_form(**values: str) -> dict[str, str]:
    return {"title": "Traplift offerte", "domain": "home", "status": "open", **values}


async def test_anna_is_asked_about_a_due_date_that_has_been_and_a_double_tap_saves_once(
    world: World, db: Session, acting
) -> None:
    tasks = await tasks_as(world, acting, "anna")
    tasks.open_new_task()
    last_week = (local_today() - timedelta(days=7)).isoformat()
    before = count(db)
    typed = new_form(title="Formulier CIZ", due=last_week)
    assert tasks.save_task(sent(tasks, typed)) is None
    assert tasks.past_question.startswith("Deze datum is al geweest (")
    assert tasks.past_question.endswith("). Toch opslaan?")
    assert tasks.past_ok == last_week and tasks.form_open
    assert tasks.form_title == "Formulier CIZ"  # what was typed stays
    assert count(db) == before
    again = sent(tasks, {**typed, "past_ok": tasks.past_ok})
    tasks.save_task(again)
    assert tasks.save_task(again) is None  # the second tap of "Toch opslaan"
    assert count(db) == before + 1 and not tasks.form_open


async def test_datum_aanpassen_keeps_the_form_open_with_what_was_typed(
    world: World, db: Session, acting
) -> None:
    tasks = await tasks_as(world, acting, "anna")
    tasks.open_new_task()
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    tasks.save_task(sent(tasks, new_form(title="Medicijnen ophalen", due=yesterday)))
    key = tasks.form_key
    tasks.change_past_date()
    assert (tasks.past_question, tasks.past_ok) == ("", "")
    assert tasks.form_open and tasks.form_key == key and tasks.form_title == "Medicijnen ophalen"
    tasks.save_task(
        sent(tasks, new_form(title="Medicijnen ophalen", due=local_today().isoformat()))
    )
    assert not tasks.form_open and tasks.past_question == ""


async def test_editing_an_overdue_task_without_moving_its_date_asks_nothing(
    world: World, acting
) -> None:
    tasks = await tasks_as(world, acting, "hugo")
    overdue = world.tasks["overdue"]
    tasks.open_task(str(overdue.id))
    form = new_form(title="PGB verantwoorden", domain="money", due=tasks.form_due)
    tasks.save_task(sent(tasks, form))
    assert tasks.past_question == "" and not tasks.form_open


async def test_when_hugo_completes_annas_task_the_list_and_the_pane_say_who_and_when(
    world: World, acting
) -> None:
    task = world.tasks["for_gerda"]
    hugo = await tasks_as(world, acting, "hugo")
    hugo.toggle_done(str(task.id), "1", True)
    anna = await tasks_as(world, acting, "anna")
    assert DONE_LINE.match(anna.done_lines[str(task.id)]), anna.done_lines
    anna.select_task(str(task.id))
    assert anna.sel_done and DONE_LINE.match(anna.sel_done_line)
    anna.open_task(str(task.id))
    assert DONE_LINE.match(anna.form_done_line)
    anna.open_task(str(world.tasks["overdue"].id))
    assert anna.form_done_line == ""  # not done: nothing to say


async def test_a_follow_up_date_that_has_been_asks_and_datum_aanpassen_goes_back_to_it(
    world: World, db: Session, acting
) -> None:
    tasks = await tasks_as(world, acting, "hugo")
    tasks.open_new_task()
    last_week = (local_today() - timedelta(days=7)).isoformat()
    waiting = new_form(status="waiting", waiting_for="CIZ", follow_up=last_week)
    before = count(db)
    tasks.save_task(sent(tasks, waiting))
    assert tasks.past_ok == last_week and count(db) == before
    assert "ref_task_follow_up_on" in str(tasks.change_past_date())
