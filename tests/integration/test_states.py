"""Reflex states called directly (as the websocket would), with the session gate in front.

Identity never comes from the event: a handler only sees the login that the gate
resolved from the session cookie. These tests set that login the way the gate does.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import reflex as rx
from reflex_base.event import Event
from sqlmodel import Session, select

from dossier.domain import sessions
from dossier.models import AuditEvent, Task, TaskStatus, User
from dossier.state import gate
from dossier.state.agreements import AgreementsState
from dossier.state.base import AppState
from dossier.state.overview import OverviewState
from dossier.state.tasks import TasksState
from tests.factories import World
from tests.integration.support import login_as


async def state_of(cls: type[rx.State]) -> rx.State:
    return await rx.State().get_state(cls)


async def test_parent_overview_shows_the_family_data(world: World, acting) -> None:
    world.session.commit()
    acting(login_as(world, "anna"))
    overview = await state_of(OverviewState)
    assert overview.load_overview() is None
    assert overview.loaded
    assert overview.open_tasks == 3
    assert [c["sibling"] for c in overview.checkins] == ["Ben"]
    assert overview.checkins[0]["mood_label"] == "Gaat wel"


@pytest.mark.parametrize(
    ("person", "tabs"),
    [
        ("anna", {"overview": True, "agreements": True, "checkin": True}),
        ("hugo", {"overview": True, "agreements": True, "checkin": True}),
        ("gerda", {"overview": True, "agreements": True, "checkin": False}),
        ("ben", {"overview": False, "agreements": False, "checkin": True}),
        ("cleo", {"overview": True, "agreements": False, "checkin": False}),
    ],
)
async def test_each_role_is_offered_only_the_tabs_it_can_use(
    world: World, acting, person: str, tabs: dict[str, bool]
) -> None:
    world.session.commit()
    acting(login_as(world, person))
    shell = await state_of(AppState)
    shell.load_shell()
    shown = {
        "overview": not shell.checks_in_self,
        "agreements": shell.may_view_agreements,
        "checkin": shell.may_use_checkin,
    }
    assert shown == tabs


async def test_a_brother_opening_the_overview_goes_to_his_own_check_in(
    world: World, acting
) -> None:
    world.session.commit()
    acting(login_as(world, "ben"))
    overview = await state_of(OverviewState)
    assert "/mijn-check-in" in str(overview.load_overview())
    assert not overview.loaded


async def test_cleo_who_types_the_address_of_wie_doet_wat_reads_at_once_it_is_not_for_her(
    world: World, acting
) -> None:
    world.session.commit()
    acting(login_as(world, "cleo"))
    agreements = await state_of(AgreementsState)
    agreements.load_agreements()
    assert agreements.page_refused


async def test_a_refused_button_says_so_and_leaves_the_page_the_gp_is_on(
    world: World, acting
) -> None:
    """Only a page's loader or live refresh replaces the page with "not for you"."""
    world.session.commit()
    acting(login_as(world, "gerda"))
    tasks = await state_of(TasksState)
    tasks.load_tasks()
    result = tasks.open_new_task()  # caregivers do not make tasks
    assert "Dit mag je niet zien of veranderen" in str(result)
    assert not tasks.page_refused
    assert [t["title"] for t in tasks.tasks] == ["Recept"]


async def test_caregiver_task_list_has_only_their_task(world: World, acting) -> None:
    world.session.commit()
    acting(login_as(world, "gerda"))
    tasks = await state_of(TasksState)
    tasks.load_tasks()
    assert [t["title"] for t in tasks.tasks] == ["Recept"]


async def test_a_task_id_of_another_family_is_refused_and_logged(
    world: World, db: Session, acting
) -> None:
    """Dora (Beta) sends Alfa's task id in an event payload: refused, nothing changes."""
    task = world.tasks["overdue"]
    world.session.commit()
    acting(login_as(world, "dora", world.beta))
    tasks = await state_of(TasksState)
    result = tasks.toggle_done(str(task.id), "1", True)
    assert "Dit bestaat niet (meer)" in str(result)  # as for an id that does not exist
    db.expire_all()
    assert db.get(Task, task.id).status == TaskStatus.OPEN
    denied = db.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).one()
    assert (denied.user_id, denied.object_id) == (world.users["dora"].id, task.id)


async def test_a_stale_toggle_says_someone_else_changed_it(
    world: World, db: Session, acting
) -> None:
    task = world.tasks["overdue"]
    world.session.commit()
    acting(login_as(world, "anna"))
    tasks = await state_of(TasksState)
    tasks.toggle_done(str(task.id), "1", True)
    result = tasks.toggle_done(str(task.id), "1", False)  # still the old version
    assert "Iemand anders heeft dit net veranderd" in str(result)
    db.expire_all()
    assert db.get(Task, task.id).status == TaskStatus.DONE


async def test_without_a_login_handlers_send_the_user_to_login(world: World, acting) -> None:
    acting(None)
    tasks = await state_of(TasksState)
    assert "/login" in str(tasks.load_tasks())
    assert tasks.tasks == []


async def test_language_choice_is_saved_on_the_user(world: World, db: Session, acting) -> None:
    world.session.commit()
    acting(login_as(world, "anna"))
    app_state = await state_of(AppState)
    app_state.set_language("en")
    assert app_state.t["nav.overview"] == "Overview"
    db.expire_all()
    assert db.get(User, world.users["anna"].id).locale == "en"


async def test_switching_to_a_family_one_does_not_belong_to_is_refused(
    world: World, db: Session, acting
) -> None:
    token = sessions.start_session(db, user_id=world.users["dora"].id, family_id=world.beta.id)
    db.commit()
    login = gate.resolve_login({"headers": {"cookie": f"dossier_session={token}"}})
    acting(login)
    app_state = await state_of(AppState)
    result = app_state.switch_family(str(world.alfa.id))
    assert "Dit mag je niet zien of veranderen" in str(result)
    db.expire_all()
    assert (
        gate.resolve_login({"headers": {"cookie": f"dossier_session={token}"}}).family_id
        == world.beta.id
    )


def gate_event(state_path: str) -> Event:
    return Event(name=f"reflex___state____state.{state_path}", payload={})


async def run_gate(cookie: str, event: Event):
    state = SimpleNamespace(router_data={"headers": {"cookie": cookie}})
    return await gate.SessionGate().preprocess(app=None, state=state, event=event)


PROTECTED = f"{AppState.get_parent_state().get_name()}.{AppState.get_name()}.load_shell"


async def test_gate_sends_events_without_a_session_to_login(world: World) -> None:
    update = await run_gate("", gate_event(PROTECTED))
    assert update is not None
    assert "/login" in str(update.events)


async def test_gate_names_an_ended_session(world: World, db: Session) -> None:
    token = sessions.start_session(db, user_id=world.users["anna"].id, family_id=world.alfa.id)
    sessions.end_session(db, token)
    db.commit()
    update = await run_gate(f"dossier_session={token}", gate_event(PROTECTED))
    assert "reason=expired" in str(update.events)


async def test_gate_lets_a_live_session_through_and_hands_over_the_login(
    world: World, db: Session
) -> None:
    token = sessions.start_session(db, user_id=world.users["anna"].id, family_id=world.alfa.id)
    db.commit()
    assert await run_gate(f"dossier_session={token}", gate_event(PROTECTED)) is None
    assert gate.current_login().user_id == world.users["anna"].id


async def test_gate_lets_public_and_framework_events_through(world: World) -> None:
    assert await run_gate("", Event(name="reflex___state____state.hydrate")) is None
    login_event = gate_event("dossier___state___base____locale_state.set_language")
    assert await run_gate("", login_event) is None
