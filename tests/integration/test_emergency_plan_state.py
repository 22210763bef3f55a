"""The "Als het plotseling moet" state, called as the websocket would, behind the session
gate: a parent fills a part, a case manager proposes and a parent confirms, a brother
forges requests for more than his own part, the print view.

Identity never comes from the event: the login is set the way the gate sets it. Reads
for the assertions use short sessions of their own (SQLite has one writer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import reflex as rx
from sqlmodel import Session, select

from dossier.db import session_scope
from dossier.models import AuditEvent, Contact, EmergencyPlanPart, EmergencyUse
from dossier.state import gate
from dossier.state.emergency_plan import EmergencyPlanState
from tests.factories import World
from tests.integration.support import login_as, sent


@pytest.fixture
def as_user(world: World) -> Iterator[Callable[..., Any]]:
    world.session.add(
        Contact(
            family_id=world.alfa.id,
            name="Afdeling kinderneurologie",
            phones=[{"label": "dag en nacht", "number": "+31887554321"}],
            emergency=EmergencyUse.CALL,
        )
    )
    world.session.add(
        Contact(
            family_id=world.alfa.id,
            name="Tante Mies",
            phones=[{"label": "mobiel", "number": "0612345678"}],
        )
    )
    world.session.commit()

    async def make(name: str) -> EmergencyPlanState:
        gate.act_as(login_as(world, name))
        return await rx.State().get_state(EmergencyPlanState)  # type: ignore[return-value]

    yield make
    gate.act_as(None)


def read(fn: Callable[[Session], Any]) -> Any:
    with session_scope() as session:
        return fn(session)


def part(world: World, section: str) -> EmergencyPlanPart:
    return read(
        lambda s: s.exec(
            select(EmergencyPlanPart).where(
                EmergencyPlanPart.family_id == world.alfa.id, EmergencyPlanPart.section == section
            )
        ).first()
    )


def contact_id(name: str) -> str:
    return str(read(lambda s: s.exec(select(Contact.id).where(Contact.name == name)).one()))


def denials() -> list[AuditEvent]:
    return read(lambda s: s.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).all())


def card(state: EmergencyPlanState, section: str) -> dict:
    return next(c for c in state.cards if c["section"] == section)


async def test_a_parent_fills_who_to_call_first_and_sees_it_with_tel_links(
    world: World, as_user
) -> None:
    anna = await as_user("anna")
    anna.load_plan()
    first = card(anna, "first_call")
    assert first["empty"] and anna.whole and anna.can_edit
    anna.open_part(first["id"], False)
    assert anna.form_open and anna.form_section == "first_call"
    form = {
        "id": first["id"],
        "version": first["version"],
        "contact_0": contact_id("Tante Mies"),
        "note_0": "Zij haalt Ben op",
        "contact_1": contact_id("Afdeling kinderneurologie"),
        "note_1": "",
        "contact_2": "",
        "note_2": "",
    }
    anna.save_part(sent(anna, form))
    assert not anna.form_open
    calls = card(anna, "first_call")["calls"]
    assert [c["name"] for c in calls] == ["Tante Mies", "Afdeling kinderneurologie"]
    assert calls[0]["href"] == "tel:0612345678" and calls[0]["note"] == "Zij haalt Ben op"


async def test_bad_input_keeps_the_form_open_with_a_message_and_saves_nothing(
    world: World, as_user
) -> None:
    anna = await as_user("anna")
    anna.load_plan()
    sibling = card(anna, "sibling")
    anna.open_part(sibling["id"], False)
    form = {"id": sibling["id"], "version": sibling["version"], "name": "", "sleep": "Bij oma"}
    anna.save_part(sent(anna, form))
    assert anna.form_open
    assert anna.form_errors["name"] == "Vul een naam in."
    assert anna.form_fields["sleep"] == "Bij oma"  # what was typed stays
    assert part(world, "sibling").content["sleep"] == ""


async def test_hanna_proposes_and_the_parent_confirms_it_on_her_own_screen(
    world: World, as_user
) -> None:
    anna = await as_user("anna")
    anna.load_plan()  # Anna's first look makes the plan
    hanna = await as_user("hanna")
    hanna.load_plan()
    practical = card(hanna, "practical")
    assert hanna.can_propose and not hanna.can_edit
    hanna.open_part(practical["id"], False)
    form = {"id": practical["id"], "version": practical["version"], "pets": "Oma voert Max"}
    hanna.save_part(sent(hanna, {**form, "work": "", "other": ""}))
    assert part(world, "practical").proposed["pets"] == "Oma voert Max"
    assert card(hanna, "practical")["mine"]
    anna = await as_user("anna")
    anna.refresh_plan()
    pending = card(anna, "practical")
    assert pending["pending"] and pending["changes"][0]["new"] == "Oma voert Max"
    anna.confirm_proposal(pending["id"], pending["version"])
    assert part(world, "practical").content["pets"] == "Oma voert Max"
    assert not card(anna, "practical")["pending"]


async def test_ben_sees_only_his_own_part_and_a_forged_request_for_more_is_refused_and_logged(
    world: World, as_user
) -> None:
    anna = await as_user("anna")
    anna.load_plan()
    sibling = card(anna, "sibling")
    anna.open_part(sibling["id"], False)
    form = {
        "id": sibling["id"],
        "version": sibling["version"],
        "name": "Ben",
        "member": str(world.members["ben"].id),
        "pickup_contact": contact_id("Tante Mies"),
        "sleep": "Bij tante Mies, op de logeerkamer",
    }
    anna.save_part(sent(anna, form))
    first_id = card(anna, "first_call")["id"]
    ben = await as_user("ben")
    ben.load_plan()
    assert ben.is_sibling and not ben.whole
    assert [c["section"] for c in ben.cards] == ["sibling"]
    assert ben.own_lines == ["Je slaapt: Bij tante Mies, op de logeerkamer"]
    assert [c["name"] for c in ben.own_calls] == ["Tante Mies"]
    before = len(denials())
    ben.open_part(first_id, False)  # forged: the id of a part that is not his
    ben.load_print()  # forged: the whole plan on paper
    assert not ben.detail and not ben.print_first
    refused = denials()[before:]
    assert [(d.action, d.object_type) for d in refused] == [
        ("plan.view", "emergencyplanpart"),
        ("plan.view", ""),
    ]
    assert all(d.user_id == world.users["ben"].id for d in refused)


async def test_the_print_view_holds_the_numbers_and_the_checklist_but_not_bens_part(
    world: World, as_user
) -> None:
    anna = await as_user("anna")
    anna.load_plan()
    hugo = await as_user("hugo")
    hugo.load_print()
    team = next(c for c in hugo.print_emergency if c["name"] == "Afdeling kinderneurologie")
    assert team["href"] == "tel:+31887554321"
    assert "Tante Mies" not in str(hugo.print_emergency)  # not flagged "bij spoed"
    assert "Medicatie en de medicatielijst" in hugo.print_bring
    assert hugo.print_updated.startswith("Bijgewerkt op")
    gerda = await as_user("gerda")
    before = len(denials())
    gerda.load_print()
    assert len(denials()) == before + 1 and not gerda.print_bring
