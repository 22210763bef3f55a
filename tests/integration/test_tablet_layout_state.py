"""The tablet's pane beside the list (tasks, agreements, agenda), called as the websocket would.

Selecting shows an item without opening a dialog, through the same gate and access log as
opening it; an id of another family is refused and logged; the pane follows changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest
import reflex as rx
from sqlmodel import Session, select

from dossier.models import Agreement, Appointment, AuditEvent
from dossier.state.agenda import AgendaState
from dossier.state.agreements import AgreementsState
from dossier.state.tasks import TasksState
from tests.factories import World
from tests.integration.support import sent

DENIED = "Dit mag je niet zien of veranderen"
NOT_FOUND = "Dit bestaat niet (meer)"  # also for an id of another family


def audit_rows(db: Session, action: str, object_id: int | None, outcome: str) -> int:
    rows = db.exec(
        select(AuditEvent).where(
            AuditEvent.action == action,
            AuditEvent.object_id == object_id,
            AuditEvent.outcome == outcome,
        )
    ).all()
    db.commit()  # end the read: SQLite has one writer
    return len(rows)


# Each page state and the on_load handler that fills its list.
LOADERS = {
    TasksState: "load_tasks",
    AgreementsState: "load_agreements",
    AgendaState: "load_agenda",
}
S = TypeVar("S", TasksState, AgreementsState, AgendaState)


async def loaded(acting, cls: type[S], name: str, family=None) -> S:
    """The page state as `name` sees it after the page's on_load."""
    acting(name, family)
    state = await rx.State().get_state(cls)
    getattr(state, LOADERS[cls])()
    return state


# --------------------------------------------------------------------------------------
# Tasks
# --------------------------------------------------------------------------------------


async def test_a_tap_on_a_tablet_selects_the_task_without_a_dialog(
    world: World, db: Session, acting
) -> None:
    task_id = str(world.tasks["overdue"].id)
    tasks = await loaded(acting, TasksState, "anna")
    before = audit_rows(db, "task.view", int(task_id), "allowed")
    tasks.open_change(task_id, True, True)
    assert not tasks.form_open  # no dialog on a tablet
    assert (tasks.sel_id, tasks.sel_title, tasks.sel_can_edit) == (task_id, "PGB", True)
    assert {"label": "Domein", "value": "Geld en aanvragen"} in tasks.sel_details
    assert tasks.sel_history  # who made it
    assert audit_rows(db, "task.view", int(task_id), "allowed") == before + 1  # logged

    # On a phone the same tap opens the dialog, as before.
    tasks.open_change(task_id, True, False)
    assert tasks.form_open and not tasks.form_in_pane and tasks.form_task_id == task_id


async def test_the_pane_edit_opens_the_form_as_its_own_dialog_and_follows_the_save(
    world: World, acting
) -> None:
    task = world.tasks["overdue"]
    tasks = await loaded(acting, TasksState, "hanna")
    tasks.select_task(str(task.id))
    tasks.edit_change(str(task.id), True)
    assert tasks.form_open and tasks.form_in_pane and tasks.form_task_id == str(task.id)
    tasks.save_task(sent(tasks, {"title": "PGB verlengen", "domain": "money", "status": "open"}))
    assert not tasks.form_open
    assert tasks.sel_title == "PGB verlengen"  # the pane shows the saved task
    assert "veranderde" in tasks.sel_history[0]["sentence"]


async def test_the_pane_follows_completing_and_empties_when_the_task_is_deleted(
    world: World, acting
) -> None:
    task = world.tasks["overdue"]
    tasks = await loaded(acting, TasksState, "anna")
    tasks.select_task(str(task.id))
    tasks.toggle_done(tasks.sel_id, tasks.sel_version, True)
    assert tasks.sel_done
    tasks.delete_task(tasks.sel_id, tasks.sel_version)
    assert tasks.sel_id == ""


async def test_a_caregiver_sees_their_task_read_only_in_the_pane(world: World, acting) -> None:
    task = world.tasks["for_gerda"]
    tasks = await loaded(acting, TasksState, "gerda")
    tasks.select_task(str(task.id))
    assert tasks.sel_id == str(task.id) and not tasks.sel_can_edit


async def test_editing_a_task_of_another_family_is_refused_and_logged_too(
    world: World, db: Session, acting
) -> None:
    task_id = world.tasks["overdue"].id
    tasks = await loaded(acting, TasksState, "dora", world.beta)
    assert NOT_FOUND in str(tasks.edit_change(str(task_id), True))
    assert tasks.sel_id == "" and not tasks.form_open
    assert audit_rows(db, "task.view", task_id, "denied") == 1
    assert tasks.select_task("1 OR 1=1") is None  # not an id: nothing happens


async def test_a_forged_selection_in_state_shows_nothing_after_a_reload(
    world: World, acting
) -> None:
    """sel_id is display state; a reload shows only a task this member may see."""
    tasks = await loaded(acting, TasksState, "dora", world.beta)
    tasks.sel_id = str(world.tasks["overdue"].id)
    tasks.refresh_tasks()
    assert tasks.sel_id == "" and tasks.sel_title == ""


# --------------------------------------------------------------------------------------
# Agreements
# --------------------------------------------------------------------------------------


def coordination(db: Session) -> tuple[int, int]:
    found = db.exec(select(Agreement).where(Agreement.topic == "Zorgcoördinatie")).one()
    ids = (found.id, found.version)
    db.commit()
    return ids


async def test_an_agreement_selected_on_a_tablet_shows_in_the_pane(
    world: World, db: Session, acting
) -> None:
    agreement_id, version = coordination(db)
    state = await loaded(acting, AgreementsState, "hanna")
    state.open_agreement(str(agreement_id), True)
    assert not state.form_open
    assert state.selected_id == str(agreement_id)
    assert state.detail[0]["topic"] == "Zorgcoördinatie"
    # "Aanpassen" in the pane opens the dialog with the form.
    state.open_agreement(state.selected_id)
    assert state.form_open and state.form_topic == "Zorgcoördinatie"
    # Confirming from the pane refreshes it (and its history).
    state.form_open = False
    state.confirm(str(agreement_id), str(version))
    assert state.selected_id == str(agreement_id)
    assert state.history


# --------------------------------------------------------------------------------------
# Agenda
# --------------------------------------------------------------------------------------


def kinderarts(db: Session) -> tuple[int, int]:
    found = db.exec(select(Appointment)).one()
    ids = (found.id, found.version)
    db.commit()
    return ids


async def test_an_appointment_selected_on_a_tablet_shows_in_the_pane(
    world: World, db: Session, acting
) -> None:
    appointment_id, version = kinderarts(db)
    state = await loaded(acting, AgendaState, "hugo")
    before = audit_rows(db, "appointment.view", appointment_id, "allowed")
    state.select_appointment(str(appointment_id))
    assert not state.form_open
    assert state.selected_id == str(appointment_id)
    assert state.selected[0]["title"] == "Kinderarts"
    assert state.selected[0]["attendees"] == "Anna"
    assert audit_rows(db, "appointment.view", appointment_id, "allowed") == before + 1

    state.cancel_appointment(str(appointment_id), str(version))
    assert state.selected[0]["cancelled"]  # the pane follows the list


async def test_an_appointment_of_your_own_family_but_not_for_you_is_refused_and_logged(
    world: World, db: Session, acting
) -> None:
    appointment_id, _ = kinderarts(db)
    state = await loaded(acting, AgendaState, "gerda")  # a caregiver who does not attend
    assert DENIED in str(state.select_appointment(str(appointment_id)))
    assert state.selected_id == "" and state.selected == []
    assert audit_rows(db, "appointment.view", appointment_id, "denied") == 1


# --------------------------------------------------------------------------------------
# All three: an item of another family
# --------------------------------------------------------------------------------------


# Per page: its state, the item of family Alfa, the tablet's select call, the selection
# and the pane it fills (both emptied on a refusal), and the access-log action.
OTHER_FAMILY = [
    pytest.param(
        TasksState,
        lambda world, db: world.tasks["overdue"].id,
        lambda state, item: state.open_change(item, True, True),
        ("sel_id", "sel_title", ""),
        "task.view",
        id="tasks",
    ),
    pytest.param(
        AgreementsState,
        lambda world, db: coordination(db)[0],
        lambda state, item: state.open_agreement(item, True),
        ("selected_id", "detail", []),
        "agreement.view",
        id="agreements",
    ),
    pytest.param(
        AgendaState,
        lambda world, db: kinderarts(db)[0],
        lambda state, item: state.select_appointment(item),
        ("selected_id", "selected", []),
        "appointment.view",
        id="agenda",
    ),
]


@pytest.mark.parametrize(("cls", "item_of", "select_item", "pane", "action"), OTHER_FAMILY)
async def test_selecting_an_item_of_another_family_is_refused_and_logged(
    world: World,
    db: Session,
    acting,
    cls: type,
    item_of: Callable[[World, Session], int],
    select_item: Callable[[Any, str], object],
    pane: tuple[str, str, object],
    action: str,
) -> None:
    item_id = item_of(world, db)
    state = await loaded(acting, cls, "dora", world.beta)
    assert NOT_FOUND in str(select_item(state, str(item_id)))
    selection, shown, empty = pane
    assert getattr(state, selection) == "" and getattr(state, shown) == empty
    assert audit_rows(db, action, item_id, "denied") == 1
