"""The "Wie doet wat" page as a caregiver receives it over the websocket: the agreements
she is named in and the names on them, never the family's member list (names, roles,
membership ids). MEMBERS_VIEW is none for caregivers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import reflex as rx

from dossier.state import gate
from dossier.state.agreements import AgreementsState
from tests.factories import World
from tests.integration.support import login_as


@pytest.fixture
def as_user(world: World) -> Iterator[Callable[..., Any]]:
    world.session.commit()

    async def make(name: str) -> AgreementsState:
        gate.act_as(login_as(world, name))
        return await rx.State().get_state(AgreementsState)  # type: ignore[return-value]

    yield make
    gate.act_as(None)


def sent(state: AgreementsState) -> str:
    """Everything this state sends to the browser, as one text."""
    return repr({name: getattr(state, name) for name in state.base_vars})


async def test_a_caregiver_receives_no_member_list_on_the_agreements_page(
    world: World, as_user
) -> None:
    state = await as_user("gerda")
    state.load_agreements()
    assert [r["topic"] for r in state.agreements] == ["Zorgcoördinatie"]
    assert state.people == []  # no choices with ids and roles: she fills in no form
    assert [row["name"] for row in state.load] == ["Hanna", "Gerda"]
    text = sent(state)
    for outsider in ("Anna", "Bram", "Hugo", "Ben", "Cleo"):
        assert outsider not in text


async def test_a_caregiver_opening_her_agreement_gets_no_member_choices(
    world: World, as_user
) -> None:
    state = await as_user("gerda")
    state.load_agreements()
    state.open_agreement(state.agreements[0]["id"])
    assert state.form_informed == [] and state.detail[0]["topic"] == "Zorgcoördinatie"
    assert "Hugo" not in sent(state) and "Bram" not in sent(state)


async def test_a_case_manager_still_gets_everyone_to_choose_from(world: World, as_user) -> None:
    state = await as_user("hugo")
    state.load_agreements()
    labels = [p["label"] for p in state.people]
    assert labels == [
        "Anna (Ouder)",
        "Bram (Ouder)",
        "Hanna (Casemanager ziekenhuis)",
        "Hugo (Casemanager thuis)",
        "Gerda (Zorgverlener)",
    ]
