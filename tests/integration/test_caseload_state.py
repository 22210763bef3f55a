"""Mijn gezinnen, called as the websocket would: only the caller's own case-manager families."""

from __future__ import annotations

import pytest
import reflex as rx
from sqlmodel import Session, select

from dossier.models import AuditEvent, Membership, MembershipStatus, Role, User
from dossier.state import gate
from dossier.state.caseload import CaseloadState
from tests.factories import World


def login_as(world: World, user_id: int, family_id: int | None) -> gate.Login:
    return gate.Login(
        user_id=user_id, family_id=family_id, session_id=0, ip="127.0.0.1", user_agent="pytest"
    )


async def load(world: World, acting, user_id: int, family_id: int | None) -> CaseloadState:
    world.session.commit()
    acting(login_as(world, user_id, family_id))
    state = await rx.State().get_state(CaseloadState)
    state.load_caseload()
    return state  # type: ignore[return-value]


async def test_the_hospital_case_manager_sees_both_families(
    world: World, db: Session, acting
) -> None:
    state = await load(world, acting, world.users["hanna"].id, world.alfa.id)
    assert [c["name"] for c in state.cards] == ["Gezin Alfa", "Gezin Beta"]
    alfa = state.cards[0]
    assert alfa["colleague"] == "Andere casemanager: Hugo"
    assert alfa["overdue"] == "1 taak te laat of nabellen"
    assert state.is_case_manager
    rows = db.exec(select(AuditEvent).where(AuditEvent.user_id == world.users["hanna"].id)).all()
    assert {r.family_id for r in rows if r.action == "caseload.view"} == {
        world.alfa.id,
        world.beta.id,
    }
    state.choose_filter("attention")
    assert [c["name"] for c in state.shown_cards] == ["Gezin Alfa"]
    state.choose_filter("signals")
    assert state.shown_cards == []
    state.choose_filter("anything else")
    assert state.card_filter == "all"


@pytest.mark.parametrize("name", ["anna", "gerda", "ben", "dora", "olga"])
async def test_others_get_no_families(world: World, acting, name: str) -> None:
    # Even with Gezin Alfa as the session's family (forged for Dora and Olga).
    state = await load(world, acting, world.users[name].id, world.alfa.id)
    assert state.cards == [] and not state.is_case_manager and state.caseload_loaded


async def test_a_removed_case_manager_gets_nothing(world: World, acting) -> None:
    rita = User(email="rita@test.nl", name="Rita")
    world.session.add(rita)
    world.session.flush()
    world.session.add(
        Membership(
            family_id=world.alfa.id,
            user_id=rita.id,
            role=Role.CM_HOME,
            status=MembershipStatus.REVOKED,
        )
    )
    state = await load(world, acting, rita.id, world.alfa.id)
    assert state.cards == []


async def test_not_signed_in_is_sent_to_the_login(world: World, acting) -> None:
    acting(None)
    state = await rx.State().get_state(CaseloadState)
    assert "/login" in str(state.load_caseload())
