"""Withdrawing, ending and "Wacht op jou" in the "Wie doet wat" state, called as the
websocket would (the login set the way the gate sets it)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
import reflex as rx
from sqlmodel import select

from dossier.db import session_scope
from dossier.i18n import local_today
from dossier.models import Agreement, AgreementStatus
from dossier.state import gate
from dossier.state.agreements import AgreementsState
from tests.factories import World
from tests.integration.support import login_as, sent


@pytest.fixture
def as_user(world: World) -> Iterator[Callable[..., Any]]:
    world.session.commit()

    async def make(name: str) -> AgreementsState:
        gate.act_as(login_as(world, name))
        return await rx.State().get_state(AgreementsState)  # type: ignore[return-value]

    yield make
    gate.act_as(None)


def status(topic: str) -> str:
    with session_scope() as session:
        return session.exec(select(Agreement).where(Agreement.topic == topic)).one().status


def form(world: World, **values: str) -> dict[str, str]:
    base = {
        "id": "",
        "version": "",
        "topic": "Vervoer naar school",
        "domain": "school",
        "responsible": str(world.members["hugo"].id),
        "backup": "",
        "how": "Hugo regelt het leerlingenvervoer.",
        "review_on": (local_today() + timedelta(days=60)).isoformat(),
    }
    return {**base, **values}


def row(state: AgreementsState, topic: str) -> dict:
    (found,) = [r for r in state.agreements if r["topic"] == topic]
    return found


async def propose(world: World, as_user, who: str) -> AgreementsState:
    state = await as_user(who)
    state.load_agreements()
    state.open_new()
    state.save_agreement(sent(state, form(world)))
    return state


async def test_a_parent_withdraws_a_proposal_and_can_undo_it(world: World, as_user) -> None:
    await propose(world, as_user, "hanna")
    anna = await as_user("anna")
    anna.load_agreements()
    proposal = row(anna, "Vervoer naar school")
    assert proposal["id"] in anna.withdrawable and proposal["id"] not in anna.endable
    anna.withdraw(proposal["id"], proposal["version"])
    assert anna.notice == "Voorstel ingetrokken: Vervoer naar school."
    assert anna.undo_id == proposal["id"]
    assert "Vervoer naar school" not in {r["topic"] for r in anna.agreements}
    assert status("Vervoer naar school") == AgreementStatus.WITHDRAWN
    anna.restore(anna.undo_id)
    assert row(anna, "Vervoer naar school")["status"] == "Voorstel"
    assert anna.undo_id == ""


async def test_hugo_may_not_withdraw_hannas_proposal(world: World, as_user) -> None:
    await propose(world, as_user, "hanna")
    hugo = await as_user("hugo")
    hugo.load_agreements()
    proposal = row(hugo, "Vervoer naar school")
    assert proposal["id"] not in hugo.withdrawable
    assert "mag je niet" in str(hugo.withdraw(proposal["id"], proposal["version"]))
    assert status("Vervoer naar school") == AgreementStatus.PROPOSED


async def test_a_parent_ends_an_agreement_after_being_asked(world: World, as_user) -> None:
    await propose(world, as_user, "anna")
    hugo = await as_user("hugo")
    hugo.load_agreements()
    mine = row(hugo, "Vervoer naar school")
    hugo.confirm(mine["id"], mine["version"])
    assert mine["id"] not in hugo.endable  # responsible, but ending is the family's call

    bram = await as_user("bram")
    bram.load_agreements()
    agreed = row(bram, "Vervoer naar school")
    assert agreed["id"] in bram.endable
    bram.ask_end(agreed["id"])
    assert bram.end_open and bram.end_topic == "Vervoer naar school"
    too_long = {"id": bram.end_id, "version": bram.end_version, "reason": "x" * 501}
    assert bram.end(too_long) is None
    assert bram.end_open and bram.end_error.startswith("Maak de reden korter")
    result = bram.end({"id": bram.end_id, "version": bram.end_version, "reason": "Klaar."})
    assert "Beëindigd: Vervoer naar school." in str(result)
    assert not bram.end_open
    assert "Vervoer naar school" not in {r["topic"] for r in bram.agreements}
    [ended] = bram.ended
    assert ended["topic"] == "Vervoer naar school" and ended["reason"] == "Klaar."
    assert ended["ended"].startswith("Beëindigd door Bram op ")

    # Opened from "Beëindigd": read only, and the history ends with the end.
    bram.open_agreement(ended["id"])
    assert bram.detail_closed
    assert bram.history[0]["text"] == "Bram beëindigde deze werkafspraak. Reden: Klaar."


async def test_a_changed_agreement_says_what_it_was_and_becomes(world: World, as_user) -> None:
    await propose(world, as_user, "anna")
    hugo = await as_user("hugo")
    hugo.load_agreements()
    mine = row(hugo, "Vervoer naar school")
    hugo.confirm(mine["id"], mine["version"])

    hanna = await as_user("hanna")
    hanna.load_agreements()
    agreed = row(hanna, "Vervoer naar school")
    hanna.open_agreement(agreed["id"])
    changed = form(
        world,
        id=agreed["id"],
        version=agreed["version"],
        responsible=str(world.members["hanna"].id),
    )
    hanna.save_agreement(sent(hanna, changed))

    anna = await as_user("anna")
    anna.load_agreements()
    waiting = row(anna, "Vervoer naar school")
    assert waiting["status"] == "Gewijzigd, wacht op bevestiging"
    assert waiting["status_key"] == "changed"
    assert [r["topic"] for r in anna.waiting_for_me][:1] == ["Vervoer naar school"]
    anna.open_agreement(waiting["id"])
    assert anna.detail_changes == [{"name": "Regelt het", "old": "Hugo", "new": "Hanna"}]
