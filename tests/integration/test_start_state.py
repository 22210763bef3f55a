"""Starting a dossier, called as the websocket would: Mijn gezinnen and the overview."""

from __future__ import annotations

import reflex as rx
from sqlmodel import select

from dossier.db import session_scope
from dossier.domain.invitations import accept_invitation
from dossier.domain.once import FIELD as SEND_KEY
from dossier.models import Family, FamilyStatus, Membership, MembershipStatus, Role, User
from dossier.state import gate
from dossier.state.caseload import CaseloadState
from dossier.state.overview import OverviewState
from tests.factories import World


def login(user_id: int, family_id: int | None) -> gate.Login:
    return gate.Login(
        user_id=user_id, family_id=family_id, session_id=0, ip="127.0.0.1", user_agent="pytest"
    )


async def hanna_starts(world: World, acting) -> tuple[int, str]:
    world.session.commit()
    acting(login(world.users["hanna"].id, world.alfa.id))
    state = await rx.State().get_state(CaseloadState)
    state.load_caseload()
    assert state.may_start_for_family
    state.open_start()
    form = {"family_name": "Gezin Jansen", "child_name": "Mila", "birth_year": "2021"}
    state.start_for_family({**form, SEND_KEY: state.send_key})
    assert state.start_error == "" and "/uitnodiging?t=" in state.started_link
    assert state.started_qr.startswith("data:image/svg+xml")
    # A second tap on the same form starts nothing more.
    state.start_for_family({**form, SEND_KEY: "old"})
    with session_scope() as session:
        [family] = session.exec(select(Family).where(Family.name == "Gezin Jansen")).all()
    token = state.started_link.rpartition("t=")[2]
    state.load_caseload()
    card = next(c for c in state.cards if c["name"] == "Gezin Jansen")
    assert card["waiting"]
    return family.id, token  # type: ignore[return-value]


async def test_a_hospital_case_manager_starts_a_dossier_that_waits(world: World, acting) -> None:
    family_id, _token = await hanna_starts(world, acting)
    acting(login(world.users["hanna"].id, family_id))
    overview = await rx.State().get_state(OverviewState)
    overview.load_overview()
    assert overview.waiting and overview.waiting_for_parents and overview.may_renew_link
    assert not overview.page_refused
    overview.renew_parent_link()
    assert "/uitnodiging?t=" in overview.parent_link
    overview.close_parent_link()
    assert overview.parent_link == ""


async def test_a_bad_year_is_said_in_words_and_starts_nothing(world: World, acting) -> None:
    world.session.commit()
    acting(login(world.users["hanna"].id, world.alfa.id))
    state = await rx.State().get_state(CaseloadState)
    state.open_start()
    form = {"family_name": "Gezin Jansen", "child_name": "Mila", "birth_year": "2090"}
    state.start_for_family({**form, SEND_KEY: state.send_key})
    assert state.start_error == "Dat jaar is nog niet geweest. Kijk het geboortejaar na."
    with session_scope() as session:
        assert session.exec(select(Family).where(Family.name == "Gezin Jansen")).first() is None


async def test_the_home_case_manager_is_not_offered_it(world: World, acting) -> None:
    world.session.commit()
    acting(login(world.users["hugo"].id, world.alfa.id))
    state = await rx.State().get_state(CaseloadState)
    state.load_caseload()
    assert not state.may_start_for_family


async def parent_joins(family_id: int, token: str) -> int:
    with session_scope() as session:
        eva = User(email="eva.jansen@test.nl", name="Eva Jansen")
        session.add(eva)
        session.flush()
        accept_invitation(session, token=token, user=eva)
        return eva.id  # type: ignore[return-value]


async def test_the_parent_says_yes_and_the_case_manager_stays(world: World, acting) -> None:
    family_id, token = await hanna_starts(world, acting)
    eva = await parent_joins(family_id, token)
    acting(login(eva, family_id))
    overview = await rx.State().get_state(OverviewState)
    overview.load_overview()
    assert not overview.waiting
    [question] = overview.consent
    assert question["question"] == "Hanna wil casemanager ziekenhuis zijn. Akkoord?"
    assert overview.first_steps[0]["key"] == "other_parent"
    overview.answer_consent(question["id"], question["version"], True)
    overview.load_overview()
    assert overview.consent == []
    with session_scope() as session:
        family = session.get(Family, family_id)
        assert family is not None and family.status == FamilyStatus.OPEN
    acting(login(world.users["hanna"].id, family_id))
    hanna_view = await rx.State().get_state(OverviewState)
    hanna_view.load_overview()
    assert not hanna_view.waiting and not hanna_view.page_refused


async def test_the_parent_says_no_and_her_access_ends(world: World, acting) -> None:
    family_id, token = await hanna_starts(world, acting)
    eva = await parent_joins(family_id, token)
    acting(login(eva, family_id))
    overview = await rx.State().get_state(OverviewState)
    overview.load_overview()
    [question] = overview.consent
    overview.answer_consent(question["id"], question["version"], False)
    with session_scope() as session:
        membership = session.exec(
            select(Membership).where(
                Membership.family_id == family_id, Membership.role == Role.CM_HOSPITAL
            )
        ).one()
        assert membership.status == MembershipStatus.REVOKED
    acting(login(world.users["hanna"].id, world.alfa.id))
    caseload = await rx.State().get_state(CaseloadState)
    caseload.load_caseload()
    assert "Gezin Jansen" not in [c["name"] for c in caseload.cards]
