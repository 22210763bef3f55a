"""LeavingState and the end date on MembersState, called as the websocket would."""

from __future__ import annotations

from datetime import timedelta

import reflex as rx
from sqlmodel import Session, select

from dossier.clock import local_today
from dossier.domain.members import remove_member
from dossier.models import CheckIn, Membership, MembershipStatus, User
from dossier.state.leaving import AFTER_LEAVING, LeavingState
from dossier.state.members import MembersState
from tests.factories import World
from tests.integration.support import login_as


async def leaving_state() -> LeavingState:
    return await rx.State().get_state(LeavingState)  # type: ignore[return-value]


async def members_state() -> MembersState:
    return await rx.State().get_state(MembersState)  # type: ignore[return-value]


async def test_a_caregiver_sees_what_happens_and_leaves(world: World, db: Session, acting) -> None:
    world.session.commit()
    acting(login_as(world, "gerda"))
    state = await leaving_state()
    state.load_leaving()
    assert state.loaded and not state.last_parent and state.last_family
    assert not state.is_sibling and not state.is_case_manager_here
    result = state.leave()
    assert AFTER_LEAVING in str(result)
    db.expire_all()
    assert db.get(Membership, world.members["gerda"].id).status == MembershipStatus.REVOKED
    assert db.get(User, world.users["gerda"].id).erased_at is None


async def test_the_last_parent_is_shown_the_way_to_close(world: World, db: Session, acting) -> None:
    bram = world.members["bram"]
    remove_member(
        world.session, world.actor("anna"), membership_id=bram.id, expected_version=bram.version
    )
    world.session.commit()
    acting(login_as(world, "anna"))
    state = await leaving_state()
    state.load_leaving()
    assert state.last_parent
    result = state.leave()
    assert "error" in str(result)
    db.expire_all()
    assert db.get(Membership, world.members["anna"].id).status == MembershipStatus.ACTIVE


async def test_a_sibling_leaves_erases_and_leaves_his_checkins(
    world: World, db: Session, acting
) -> None:
    world.session.commit()
    acting(login_as(world, "ben"))
    state = await leaving_state()
    state.load_leaving()
    assert state.is_sibling and state.checkins == 4
    state.set_keep_checkins("leave")
    state.set_erase(True)
    state.leave()
    db.expire_all()
    ben = db.get(User, world.users["ben"].id)
    assert ben.erased_at is not None and ben.name == "oud-lid"
    kept = db.exec(select(CheckIn).where(CheckIn.sibling_id == world.members["ben"].id)).all()
    assert len(kept) == 4


async def test_erasing_is_not_offered_in_one_of_two_families(world: World, acting) -> None:
    world.session.commit()
    acting(login_as(world, "hanna"))
    state = await leaving_state()
    state.load_leaving()
    assert not state.last_family and state.other_families == 1
    state.set_erase(True)
    assert state.erase is False
    assert state.is_case_manager_here


async def test_a_parent_sets_an_end_date_and_the_page_says_it(world: World, acting) -> None:
    world.session.commit()
    acting(login_as(world, "anna"))
    state = await members_state()
    state.load_members()
    gerda = world.members["gerda"]
    [row] = [m for m in state.members if m["id"] == str(gerda.id)]
    assert row["may_end"] and row["access_label"] == ""
    until = local_today() + timedelta(days=40)
    state.save_access_until(
        {"membership": str(gerda.id), "version": row["version"], "until": until.isoformat()}
    )
    [row] = [m for m in state.members if m["id"] == str(gerda.id)]
    assert row["access_until"] == until.isoformat()
    assert row["access_label"].startswith("Toegang tot ")
    [bram] = [m for m in state.members if m["id"] == str(world.members["bram"].id)]
    assert not bram["may_end"]


async def test_a_past_end_date_is_explained_under_its_field(world: World, acting) -> None:
    world.session.commit()
    acting(login_as(world, "anna"))
    state = await members_state()
    state.load_members()
    gerda = world.members["gerda"]
    state.save_access_until(
        {"membership": str(gerda.id), "version": str(gerda.version), "until": "1-1-2020"}
    )
    assert state.access_error_for == str(gerda.id)
    assert state.access_error.startswith("Kies een datum vanaf vandaag")


async def test_an_invitation_with_a_bad_end_date_makes_no_link(world: World, acting) -> None:
    world.session.commit()
    acting(login_as(world, "anna"))
    state = await members_state()
    state.load_members()
    state.set_invite_role("caregiver")
    assert state.invite_may_end
    state.set_invite_access_until("31-2-2027")
    state.create_invite()
    assert state.invite_link == "" and state.invite_access_error != ""
    state.set_invite_access_until((local_today() + timedelta(days=9)).isoformat())
    state.create_invite()
    assert state.invite_link != "" and state.invite_access_error == ""
