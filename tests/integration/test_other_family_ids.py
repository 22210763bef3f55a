"""Ids of another family (issue 14): answered exactly like ids that do not exist.

Dora (Gezin Beta) sends ids of Gezin Alfa, as a forged event would. She gets the same
"does not exist" answer as for an id nobody has, so ids tell her nothing about Alfa;
Alfa's access log still shows the attempt as a refusal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import reflex as rx
from sqlmodel import Session, select

from dossier.db import session_scope
from dossier.domain.access import unit_of_work
from dossier.domain.errors import NotFound
from dossier.domain.tasks import set_done
from dossier.models import Agreement, Appointment, AuditEvent
from dossier.permissions import PermissionDenied
from dossier.state import gate
from dossier.state.agenda import AgendaState
from dossier.state.agreements import AgreementsState
from dossier.state.tasks import TasksState
from tests.factories import World
from tests.integration.support import login_as

MISSING = 999_999
NOT_FOUND = "Dit bestaat niet (meer)"
DENIED = "Dit mag je niet zien of veranderen"


@pytest.fixture
def as_dora(world: World) -> Iterator[Callable[[type], Any]]:
    world.session.commit()

    async def make(state: type) -> Any:
        gate.act_as(login_as(world, "dora", world.beta))
        return await rx.State().get_state(state)

    yield make
    gate.act_as(None)


def shown(result: object) -> str:
    """What the browser gets, without the memory addresses in the event's text."""
    return re.sub(r"0x[0-9a-f]+", "0x", str(result))


def denials() -> list[tuple[int | None, str, int | None]]:
    with session_scope() as session:
        rows = session.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).all()
        return [(row.family_id, row.action, row.object_id) for row in rows]


def ids(world: World) -> dict[str, int]:
    return {
        "task": world.tasks["overdue"].id,
        "appointment": world.session.exec(select(Appointment)).one().id,
        "agreement": world.session.exec(
            select(Agreement).where(Agreement.topic == "Zorgcoördinatie")
        )
        .one()
        .id,
    }


CALLS: dict[str, tuple[type, Callable[[Any, str], Any]]] = {
    "task.view": (TasksState, lambda state, i: state.open_task(i)),
    "task.complete": (TasksState, lambda state, i: state.toggle_done(i, "1", True)),
    "appointment.edit": (AgendaState, lambda state, i: state.open_appointment(i)),
    "appointment.cancel": (AgendaState, lambda state, i: state.cancel_appointment(i, "1")),
    "agreement.view": (AgreementsState, lambda state, i: state.open_agreement(i)),
    "agreement.confirm": (AgreementsState, lambda state, i: state.confirm(i, "1")),
}


@pytest.mark.parametrize("action", list(CALLS))
async def test_dora_gets_the_same_answer_for_an_alfa_id_as_for_an_id_nobody_has(
    world: World, as_dora, action: str
) -> None:
    state_class, call = CALLS[action]
    alfa_id = ids(world)[action.partition(".")[0]]
    world.session.commit()  # SQLite has one writer: end the read
    state = await as_dora(state_class)
    missing = call(state, str(MISSING))
    state = await as_dora(state_class)
    foreign = call(state, str(alfa_id))
    assert NOT_FOUND in str(missing)
    assert shown(foreign) == shown(missing)
    assert DENIED not in str(foreign)
    # Alfa's parents still see the attempt in their log; the missing id logged nothing.
    assert denials() == [(world.alfa.id, action, alfa_id)]


def test_to_the_caller_an_alfa_task_id_is_not_found_like_a_missing_one(world: World) -> None:
    dora = world.actor("dora", world.beta)
    task_id = world.tasks["overdue"].id
    world.session.commit()
    answers = []
    for wanted in (MISSING, task_id):
        with pytest.raises(NotFound) as refused, unit_of_work() as session:
            set_done(session, dora, task_id=wanted, expected_version=1, done=True)
        answers.append((refused.value.message_key, refused.value.params, str(refused.value)))
    assert answers[0] == answers[1]
    # Still a refusal to the log, and for the code that counts refusals.
    assert isinstance(refused.value, PermissionDenied)
    assert denials() == [(world.alfa.id, "task.complete", task_id)]


def test_a_refusal_inside_dora_s_own_family_still_says_it_is_not_allowed(
    world: World, db: Session
) -> None:
    gerda = world.actor("gerda")
    task_id = world.tasks["overdue"].id  # Gerda is not involved in it
    world.session.commit()
    with pytest.raises(PermissionDenied) as refused, unit_of_work() as session:
        set_done(session, gerda, task_id=task_id, expected_version=1, done=True)
    assert not isinstance(refused.value, NotFound)
