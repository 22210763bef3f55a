"""The care plan's evaluation panel and the caseload line, called as the websocket would,
behind the session gate: a case manager records an evaluation, a parent says something
changed, a caregiver sees nothing, and the caseload card says "te laat"."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
import reflex as rx
from sqlmodel import select

from dossier.clock import local_today
from dossier.db import session_scope
from dossier.domain.care_plan_evaluation import add_months
from dossier.models import AuditEvent
from dossier.models.care_plan import CarePlan, CarePlanEvaluation
from dossier.state import gate
from dossier.state.care_plan_review import CarePlanReviewState
from dossier.state.caseload import CaseloadState
from tests.factories import World
from tests.integration.support import login_as, sent

TODAY = local_today()


@pytest.fixture
def as_user(world: World) -> Iterator[Callable[..., Any]]:
    world.session.add(
        CarePlan(
            family_id=world.alfa.id,
            review_on=TODAY - timedelta(days=3),
            reevaluate_on=TODAY + timedelta(days=40),
        )
    )
    world.session.commit()

    async def make(name: str) -> CarePlanReviewState:
        gate.act_as(login_as(world, name))
        return await rx.State().get_state(CarePlanReviewState)  # type: ignore[return-value]

    yield make
    gate.act_as(None)


def plan(world: World) -> CarePlan:
    with session_scope() as session:
        row = session.exec(select(CarePlan).where(CarePlan.family_id == world.alfa.id)).one()
        session.expunge(row)
        return row


async def test_a_case_manager_sees_the_review_is_late_and_records_it(world: World, as_user) -> None:
    hugo = await as_user("hugo")
    hugo.load_review()
    assert hugo.may_evaluate and hugo.review_late and not hugo.reevaluate_late
    assert hugo.review_line.startswith("Evaluatie: te laat")
    assert hugo.reevaluate_line.endswith("over 40 dagen.")
    hugo.open_evaluation("review")
    assert hugo.evaluation_open and hugo.send_key
    form = {
        "version": hugo.review_version,
        "kind": "review",
        "held_on": TODAY.isoformat(),
        "outcome": "Doelen op school bijgesteld.",
        "changed_pedagogical": "on",
    }
    hugo.save_evaluation(sent(hugo, form))
    assert not hugo.evaluation_open
    assert plan(world).review_on == add_months(TODAY, 3)
    assert not hugo.review_late
    (row,) = hugo.evaluations
    assert row["outcome"] == "Doelen op school bijgesteld."
    assert row["who"] == "Vastgelegd door Hugo"
    hugo.save_evaluation(sent(hugo, form))  # the double tap's second send: nothing new
    with session_scope() as session:
        assert len(session.exec(select(CarePlanEvaluation)).all()) == 1


async def test_a_date_in_the_future_keeps_the_dialog_open_with_a_message(
    world: World, as_user
) -> None:
    anna = await as_user("anna")
    anna.load_review()
    anna.open_evaluation("review")
    form = {
        "version": anna.review_version,
        "kind": "review",
        "held_on": (TODAY + timedelta(days=2)).isoformat(),
        "outcome": "",
    }
    anna.save_evaluation(sent(anna, form))
    assert anna.evaluation_open
    assert anna.evaluation_errors["held_on"].startswith("Het gesprek moet al geweest zijn")
    assert anna.evaluation_errors["outcome"] == "Schrijf kort op wat jullie hebben besproken."
    assert plan(world).review_on == TODAY - timedelta(days=3)


async def test_a_parent_says_there_was_an_admission_and_the_plan_asks_a_re_evaluation(
    world: World, as_user
) -> None:
    anna = await as_user("anna")
    anna.load_review()
    anna.open_ask()
    anna.save_ask({"reason": "admission", "note": "Drie dagen in het ziekenhuis."})
    assert not anna.ask_open
    assert anna.asked_line.startswith("Anna meldde een opname")
    assert anna.reevaluate_late
    stored = plan(world)
    assert stored.reevaluation_reason == "admission"
    assert stored.reevaluation_note == "Drie dagen in het ziekenhuis."


@pytest.mark.parametrize("name", ["gerda", "cleo", "ben"])
async def test_caregivers_the_child_and_siblings_see_no_panel_and_are_refused_a_form(
    world: World, as_user, name: str
) -> None:
    state = await as_user(name)
    state.load_review()
    assert not state.may_evaluate and state.evaluations == [] and state.review_line == ""
    state.open_evaluation("review")
    assert not state.evaluation_open
    with session_scope() as session:
        denied = session.exec(
            select(AuditEvent).where(
                AuditEvent.outcome == "denied", AuditEvent.user_id == world.users[name].id
            )
        ).all()
    assert [row.action for row in denied] == ["careplan.evaluate"]


async def test_the_caseload_card_says_the_care_plan_is_late(world: World, as_user) -> None:
    await as_user("hanna")
    caseload = await rx.State().get_state(CaseloadState)
    caseload.load_caseload()  # type: ignore[attr-defined]
    cards = {c["name"]: c for c in caseload.cards}  # type: ignore[attr-defined]
    assert cards["Gezin Alfa"]["care_plan"] == "Zorgplan: te laat"
    assert cards["Gezin Alfa"]["care_plan_late"] and cards["Gezin Alfa"]["attention"]
    assert cards["Gezin Beta"]["care_plan"] == ""  # no plan: no line
