"""MembersState.save_phone called as the websocket would: the number is saved and shown,
a wrong number gets its message under the field, a stale form is refused."""

from __future__ import annotations

import reflex as rx

from dossier.state.members import MembersState
from tests.factories import World
from tests.integration.support import login_as


async def members_state() -> MembersState:
    return await rx.State().get_state(MembersState)  # type: ignore[return-value]


def form(world: World, whose: str, phone: str) -> dict[str, str]:
    member = world.members[whose]
    return {"membership": str(member.id), "version": str(member.version), "phone": phone}


async def test_a_member_saves_their_own_number(world: World, acting) -> None:
    world.session.commit()
    acting(login_as(world, "hugo"))
    state = await members_state()
    state.save_phone(form(world, "hugo", " 06  1234 5678 "))
    [row] = [m for m in state.members if m["is_me"]]
    assert row["phone"] == "06 1234 5678" and row["phone_href"] == "tel:0612345678"
    assert state.phone_error == ""
    others = [m for m in state.members if not m["is_me"]]
    assert not any(m["can_edit_phone"] for m in others)  # Hugo is no parent


async def test_a_wrong_number_is_explained_under_its_field(world: World, acting) -> None:
    world.session.commit()
    acting(login_as(world, "anna"))
    state = await members_state()
    state.save_phone(form(world, "gerda", "bel de praktijk"))
    assert state.phone_error_for == str(world.members["gerda"].id)
    assert state.phone_error.startswith("Dit telefoonnummer klopt niet")
    assert all(m["can_edit_phone"] for m in state.members)  # a parent may fill in anyone's


async def test_a_stale_form_is_refused(world: World, acting) -> None:
    world.session.commit()
    acting(login_as(world, "anna"))
    state = await members_state()
    stale = form(world, "gerda", "06 1111 2222")
    state.save_phone(form(world, "gerda", "06 3333 4444"))
    result = state.save_phone(stale)
    assert "warning" in str(result) or "conflict" in str(result).lower()
    [gerda] = [m for m in state.members if m["id"] == str(world.members["gerda"].id)]
    assert gerda["phone"] == "06 3333 4444"
