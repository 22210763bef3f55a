"""CheckinSettingsState called directly, as the websocket would, with a gate-made login."""

from __future__ import annotations

from datetime import date

import pytest
import reflex as rx
from sqlmodel import func, select

from dossier.db import session_scope
from dossier.i18n import translate
from dossier.models import CheckinSettings, Membership, Role, User
from dossier.state.checkin_settings import CheckinSettingsState
from tests.factories import World


async def settings_state() -> CheckinSettingsState:
    return await rx.State().get_state(CheckinSettingsState)


def form(world: World, **values: str) -> dict[str, str]:
    return {"sibling": str(world.members["ben"].id), "version": "0", "reminder": "off", **values}


async def test_a_parent_sees_each_sibling_with_the_band_in_effect(world: World, acting) -> None:
    acting("anna")
    state = await settings_state()
    state.load_settings()
    (ben,) = state.siblings
    assert ben["name"] == "Ben" and ben["reminder"] == "off"
    current = [band["band"] for band in ben["bands"] if band["current"]]
    assert current == ["under_12"]  # no birth date yet: treated as under 12
    under_12 = ben["bands"][0]["choices"]
    assert [c["checked"] for c in under_12] == [True, True, False]  # parents, home, hospital


async def test_saving_stores_the_bands_reminder_and_birth_date(world: World, acting) -> None:
    acting("anna")
    state = await settings_state()
    values = form(
        world,
        reminder="twice_weekly",
        birth_date="2012-05-01",
        **{"12_15__cm_home": "on", "under_12__parents": "on"},
    )
    state.save_settings(values)
    assert state.error == "" and state.saved_id == values["sibling"]
    with session_scope() as session:
        stored = session.exec(select(CheckinSettings)).one()
        assert stored.band_defaults == {
            "under_12": ["parents"],
            "12_15": ["cm_home"],
            "16_plus": [],
        }
        assert stored.reminder == "twice_weekly"
        assert session.get(User, world.users["ben"].id).birth_date == date(2012, 5, 1)
    state.save_settings(values)  # the same, stale version: someone else saved in between
    assert (state.error, state.saved_id) == (translate("nl", "error.conflict"), "")


@pytest.mark.parametrize(
    "values",
    [
        {"reminder": "hourly"},
        {"birth_date": "31-31-2020"},
        {"birth_date": "1900-01-01"},
        {"under_12__grandma": "on"},
    ],
)
async def test_bad_input_gets_a_message_and_saves_nothing(
    world: World, acting, values: dict[str, str]
) -> None:
    acting("anna")
    state = await settings_state()
    state.save_settings(form(world, **values))
    assert state.error and state.saved_id == ""
    with session_scope() as session:
        assert session.exec(select(func.count()).select_from(CheckinSettings)).one() == 0


async def test_adding_a_sibling_without_an_account(world: World, acting) -> None:
    acting("anna")
    state = await settings_state()
    state.add_sibling({"name": "  Bas  ", "birth_date": "2018-02-03"})
    assert state.add_error == ""
    with session_scope() as session:
        user = session.exec(select(User).where(User.name == "Bas")).one()
        assert (user.email, user.password_hash, user.birth_date) == (None, None, date(2018, 2, 3))
        membership = session.exec(select(Membership).where(Membership.user_id == user.id)).one()
        assert (membership.family_id, membership.role) == (world.alfa.id, Role.SIBLING)
    state.add_sibling({"name": "   "})
    assert state.add_error == "Vul een naam in."


async def test_other_members_are_refused(world: World, acting) -> None:
    for name in ["hugo", "ben"]:
        acting(name)
        state = await settings_state()
        state.load_settings()
        assert state.siblings == [] and not state.may_manage
        state.save_settings(form(world, reminder="weekly"))
        state.add_sibling({"name": "Indringer"})
    with session_scope() as session:
        assert session.exec(select(func.count()).select_from(CheckinSettings)).one() == 0
        assert session.exec(select(User).where(User.name == "Indringer")).first() is None
