"""The care plan's state, called as the websocket would, behind the session gate: Hanna
starts the plan and records the acute agreements on behalf of the main practitioner,
Anna consents and confirms a changed section after seeing old and new, Gerda reads only
released sections and a forged open of another section is refused and logged."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import reflex as rx
from sqlmodel import Session, select

from dossier.db import session_scope
from dossier.models import AuditEvent
from dossier.models.care_plan import CarePlanSection
from dossier.state import gate
from dossier.state.care_plan import CarePlanState
from tests.factories import World
from tests.integration.support import sent


@pytest.fixture
def as_user(world: World) -> Iterator[Callable[..., Any]]:
    from tests.integration.support import login_as

    async def make(name: str) -> CarePlanState:
        gate.act_as(login_as(world, name))
        return await rx.State().get_state(CarePlanState)  # type: ignore[return-value]

    yield make
    gate.act_as(None)


def read(fn: Callable[[Session], Any]) -> Any:
    with session_scope() as session:
        return fn(session)


def section(world: World, key: str) -> CarePlanSection:
    return read(
        lambda s: s.exec(
            select(CarePlanSection).where(
                CarePlanSection.family_id == world.alfa.id, CarePlanSection.key == key
            )
        ).one()
    )


def card(state: CarePlanState, key: str) -> dict:
    return next(c for c in state.cards if c["key"] == key)


def denials() -> list[AuditEvent]:
    return read(lambda s: s.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).all())


async def start(as_user) -> CarePlanState:
    hanna = await as_user("hanna")
    hanna.load_plan()
    assert not hanna.has_plan and hanna.can_start
    hanna.start_plan()
    assert hanna.has_plan and len(hanna.cards) == 13
    return hanna


async def test_hanna_starts_the_plan_and_records_the_acute_agreements_for_the_practitioner(
    world: World, as_user
) -> None:
    hanna = await start(as_user)
    acute = card(hanna, "acute")
    hanna.open_section(acute["id"], True)
    assert hanna.selected_id == acute["id"] and hanna.form_treatment
    hanna.edit_section()
    assert hanna.dialog_open and hanna.dialog_mode == "edit"
    assert [f["name"] for f in hanna.form_fields][:4] == [
        "resuscitation",
        "ventilation",
        "icu",
        "hospital",
    ]
    form = {
        "id": hanna.form_id,
        "version": hanna.form_version,
        "on_behalf_of": "",
        "resuscitation": "no",
        "ventilation": "consult",
        "icu": "no",
        "hospital": "yes",
        "agreed_on": "2026-12-01",
        "notes": "",
    }
    hanna.save_section(sent(hanna, form))
    assert hanna.on_behalf_error and hanna.form_alert  # the practitioner is required
    assert section(world, "acute").number == 0
    hanna.save_section(sent(hanna, {**form, "on_behalf_of": "dr. De Boer"}))
    saved = section(world, "acute")
    assert (saved.number, saved.on_behalf_of, saved.content["ventilation"]) == (
        1,
        "dr. De Boer",
        "consult",
    )
    detail = hanna.detail[0]
    assert "namens dr. De Boer" in detail["recorded_text"]
    assert [line["value"] for line in detail["lines"]][:4] == ["Nee", "In overleg", "Nee", "Ja"]
    assert hanna.version_text == "versie 1"


async def test_anna_consents_and_confirms_a_changed_section_after_seeing_old_and_new(
    world: World, as_user
) -> None:
    hanna = await start(as_user)
    child = card(hanna, "child")
    hanna.open_section(child["id"], True)
    hanna.edit_section()
    form = {"id": hanna.form_id, "version": hanna.form_version, "likes": "Muziek"}
    hanna.save_section(sent(hanna, form))
    anna = await as_user("anna")
    anna.load_plan()
    assert not anna.consent_holds
    anna.give_consent()
    assert anna.consent_holds and anna.parent_yes
    assert card(anna, "child")["needs_confirm"]
    anna.open_section(card(anna, "child")["id"], True)
    anna.confirm_section(anna.detail[0]["id"], anna.detail[0]["version"])
    assert not card(anna, "child")["needs_confirm"]
    hanna = await as_user("hanna")
    hanna.load_plan()
    hanna.open_section(child["id"], True)
    hanna.edit_section()
    form = {"id": hanna.form_id, "version": hanna.form_version, "likes": "Muziek en paarden"}
    hanna.save_section(sent(hanna, form))
    anna = await as_user("anna")
    anna.load_plan()
    anna.open_section(child["id"], True)
    assert [(c["old"], c["new"]) for c in anna.changes] == [("Muziek", "Muziek en paarden")]
    anna.confirm_section(anna.detail[0]["id"], anna.detail[0]["version"])
    assert section(world, "child").confirmed_number == 2


async def test_gerda_sees_only_released_sections_and_a_forged_open_is_refused_and_logged(
    world: World, as_user
) -> None:
    hanna = await start(as_user)
    medical_id = card(hanna, "medical")["id"]
    gerda = await as_user("gerda")
    gerda.load_plan()
    assert gerda.cards == []  # no consent yet
    anna = await as_user("anna")
    anna.load_plan()
    anna.give_consent()
    gerda = await as_user("gerda")
    gerda.load_plan()
    assert [c["key"] for c in gerda.cards] == ["general", "child", "team", "acute"]
    gerda.open_section(medical_id, True)  # forged: a section not released to her
    assert gerda.detail == [] or gerda.detail[0]["key"] != "medical"
    refused = [(d.action, d.object_id) for d in denials()]
    assert ("careplan.view", int(medical_id)) in refused


async def test_a_team_row_picked_from_the_network_takes_its_name_and_a_goal_links_a_task(
    world: World, as_user
) -> None:
    hanna = await start(as_user)
    anna = await as_user("anna")
    anna.load_plan()
    team = card(anna, "team")
    anna.open_section(team["id"], True)
    anna.edit_section()
    assert anna.team_rows and anna.contact_options
    oma = next(o for o in anna.contact_options if o["label"].startswith("Oma"))
    form = {
        "id": anna.form_id,
        "version": anna.form_version,
        "contact_0": oma["value"],
        "role_0": "Oma",
        "name_0": "",
        "phone_0": "",
    }
    anna.save_section(sent(anna, form))
    members = section(world, "team").content["members"]
    assert members[0]["name"] == "Oma Alfa" and members[0]["phone"] == "06-12345678"
    physical = card(anna, "physical")
    anna.open_section(physical["id"], True)
    anna.edit_section()
    task = anna.task_options[0]
    form = {
        "id": anna.form_id,
        "version": anna.form_version,
        "situation": "",
        "goal_0": "Beter slapen",
        "who_0": "Anna",
        "evaluate_on_0": "",
        "agreement_0": "",
        "task_0": task["value"],
        "goal_1": "Wordt weggehaald",
        "remove_1": "on",
    }
    anna.save_section(sent(anna, form))
    goals = section(world, "physical").content["goals"]
    assert [(g["goal"], g["task_id"]) for g in goals] == [("Beter slapen", int(task["value"]))]
    assert hanna is not None


async def test_ben_is_refused_the_care_plan(world: World, as_user) -> None:
    ben = await as_user("ben")
    ben.load_plan()
    assert ben.page_refused
