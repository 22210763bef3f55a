"""MyCheckinState called directly (as the websocket would): the sibling's own check-in.

The login is set the way the session gate sets it. The choices on the screen are plain
vars the browser can set (setvar), so the bad-input tests set them directly, exactly as
a forged event would, and check that the refusal is shown in words and nothing is stored.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest
import reflex as rx
from sqlmodel import func, select

from dossier.db import session_scope
from dossier.domain.checkin_settings import settings_for
from dossier.models import (
    AuditEvent,
    CheckIn,
    CheckinLink,
    CheckinSettings,
    CheckinSignal,
    MembershipStatus,
)
from dossier.state import gate
from dossier.state.my_checkin import MyCheckinState, first_names, join_names
from tests.factories import World
from tests.integration.support import login_as


async def my_state() -> MyCheckinState:
    return await rx.State().get_state(MyCheckinState)


def count(model: Any) -> int:
    with session_scope() as session:
        return session.exec(select(func.count()).select_from(model)).one()


def denials() -> int:
    with session_scope() as session:
        rows = session.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).all()
        return len(rows)


def set_birth_date(world: World, name: str, years: int) -> None:
    today = date.today()
    world.users[name].birth_date = date(today.year - years, 1, 1)
    world.session.add(world.users[name])
    world.session.commit()


async def loaded_ben(world: World, acting) -> MyCheckinState:
    world.session.commit()
    acting(login_as(world, "ben"))
    state = await my_state()
    assert state.load_my_checkin() is None
    return state


def fill_in(state: MyCheckinState, **values: Any) -> None:
    """What the screen would hold after the sibling's taps (or a forged setvar)."""
    for name, value in {"mood": "4", "needs": ["rest"], "note": "", **values}.items():
        setattr(state, name, value)


# --------------------------------------------------------------------------------------
# A sibling checks in
# --------------------------------------------------------------------------------------


def test_a_child_reads_first_names_and_full_names_only_where_two_are_alike() -> None:
    assert first_names(["Anna de Vries", "Femke Bos", "Sanne Jansen"]) == ["Anna", "Femke", "Sanne"]
    assert first_names(["Anna de Vries", "Anna Bos", "Mark"]) == [
        "Anna de Vries",
        "Anna Bos",
        "Mark",
    ]


async def test_ben_chooses_who_may_talk_with_him_in_a_child_s_words(world: World, acting) -> None:
    state = await loaded_ben(world, acting)
    state.set_wants_to_talk(True)
    assert [o["label"] for o in state.talk_options] == [
        "Anna, je ouder",
        "Bram, je ouder",
        "Hugo, helpt jullie gezin thuis",
    ]


async def test_the_screen_loads_with_the_default_readers(world: World, acting) -> None:
    state = await loaded_ben(world, acting)
    assert state.loaded and state.problem == "" and not state.via_link
    assert state.first_name == "Ben"
    assert state.present == ["parents", "cm_home", "cm_hospital"]
    # No birth date yet: under 12, so the parents' default (parents and home case manager).
    assert state.default_audience == state.audience == ["parents", "cm_home"]
    assert not state.may_set_own_default
    assert (
        state.readers_sentence
        == "Dit lezen: Anna en Bram (je ouders), Hugo (helpt jullie gezin thuis)"
    )
    assert [o["names"] for o in state.audience_options] == ["Anna en Bram", "Hugo", "Hanna"]
    assert [o["label"] for o in state.audience_options] == [
        "Je ouders",
        "Helpt jullie gezin thuis",
        "Uit het ziekenhuis",
    ]
    # Ben's own four check-ins (the factory's), only his, as faces with date words.
    assert len(state.past_faces) == 4
    assert state.past_faces[0]["label"].startswith("Gaat wel, ")


async def test_a_sibling_checks_in_and_is_thanked(world: World, acting) -> None:
    state = await loaded_ben(world, acting)
    state.choose_mood("4")
    state.toggle_need("rest")
    state.toggle_need("something_fun")
    state.set_note("Ik wil graag naar de film.")
    state.toggle_audience("parents")  # only the home case manager stays
    assert state.readers_sentence == "Dit lezen: Hugo (helpt jullie gezin thuis)"
    state.set_wants_to_talk(True)
    assert state.talk_to == str(world.members["hugo"].id)  # the only one who reads it
    before = count(CheckIn)
    state.start_sending()
    assert state.sending
    assert state.send_checkin() is None
    assert state.sent and not state.sending and state.error_form == ""
    assert state.sent_readers == "Dit lezen: Hugo (helpt jullie gezin thuis)"
    assert state.sent_talk == "Hugo weet nu dat je graag wilt praten."
    assert count(CheckIn) == before + 1
    with session_scope() as session:
        saved = session.exec(select(CheckIn).order_by(CheckIn.id.desc())).first()  # type: ignore[union-attr]
        assert saved.sibling_id == world.members["ben"].id
        assert (saved.mood, saved.needs, saved.note) == (
            4,
            ["something_fun", "rest"],
            "Ik wil graag naar de film.",
        )
        assert (saved.share_parents, saved.share_cm_home, saved.share_cm_hospital) == (
            False,
            True,
            False,
        )
        assert saved.wants_to_talk and saved.talk_to_id == world.members["hugo"].id
    assert len(state.past_faces) == 5 and state.past_faces[-1]["mood"] == 4
    state.send_checkin()  # a double tap on "Versturen" stores it once
    assert count(CheckIn) == before + 1
    state.new_checkin()
    assert not state.sent and state.mood == "" and state.audience == ["parents", "cm_home"]


async def test_only_for_me_and_the_choices_that_exclude_each_other(world: World, acting) -> None:
    state = await loaded_ben(world, acting)
    state.toggle_need("rest")
    state.toggle_need("nothing")
    assert state.needs == ["nothing"]
    state.toggle_need("help_with_school")
    assert state.needs == ["help_with_school"]
    state.set_wants_to_talk(True)
    state.choose_talk_to(str(world.members["anna"].id))
    state.choose_only_me()
    assert state.audience == [] and state.only_me
    assert state.readers_sentence == "Alleen jij ziet dit."
    assert state.talk_to == "" and state.talk_options == []  # nobody to ask now
    state.choose_only_me()  # ticked off again: the default comes back
    assert state.audience == ["parents", "cm_home"]
    state.set_language("en")
    assert state.readers_sentence == (
        "Who reads this: Anna and Bram (your parents), Hugo (helps your family at home)"
    )
    state.choose_only_me()
    fill_in(state, mood="2", needs=["rest"])
    state.send_checkin()  # still wants to talk, but nobody reads it: asked to choose
    assert not state.sent and state.error_talk
    state.set_wants_to_talk(False)
    state.send_checkin()
    assert state.sent and state.sent_readers == "Only you can see this."
    with session_scope() as session:
        saved = session.exec(select(CheckIn).order_by(CheckIn.id.desc())).first()  # type: ignore[union-attr]
        assert not (saved.share_parents or saved.share_cm_home or saved.share_cm_hospital)


def test_names_are_joined_like_a_sentence() -> None:
    assert join_names(["Anna"], "en") == "Anna"
    assert join_names(["Anna", "Bram"], "en") == "Anna en Bram"
    assert join_names(["Anna", "Bram", "Carla"], "and") == "Anna, Bram and Carla"


# --------------------------------------------------------------------------------------
# Bad input: a child-friendly message next to the step, and nothing stored
# --------------------------------------------------------------------------------------

BAD_INPUT = {
    "mood 0": ({"mood": "0"}, "error_mood", "Kies eerst een gezichtje"),
    "mood 6": ({"mood": "6"}, "error_mood", "Kies eerst een gezichtje"),
    "mood x": ({"mood": "x"}, "error_mood", "Kies eerst een gezichtje"),
    "no mood": ({"mood": ""}, "error_mood", "Kies eerst een gezichtje"),
    "unknown need": ({"needs": ["flying"]}, "error_needs", "Die keuze kennen we niet"),
    "needs not a list": ({"needs": "rest"}, "error_needs", "Die keuze kennen we niet"),
    "nothing and more": (
        {"needs": ["nothing", "rest"]},
        "error_needs",
        "Je koos 'niets nodig' en ook iets anders",
    ),
    "note 501": ({"note": "a" * 501}, "error_note", "Het mag 500 tekens zijn"),
    "unknown audience": ({"audience": ["teachers"]}, "error_audience", "Kies wie het mag lezen"),
    "audience not a list": ({"audience": "parents"}, "error_audience", "Kies wie het mag lezen"),
    "talk to nobody": (
        {"audience": ["parents"], "wants_to_talk": True, "talk_to": ""},
        "error_talk",
        "Kies met wie je wilt praten",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUT))
async def test_bad_input_is_refused_in_words_and_nothing_is_stored(
    world: World, acting, case: str
) -> None:
    values, error_var, message = BAD_INPUT[case]
    state = await loaded_ben(world, acting)
    fill_in(state, **values)
    before = (count(CheckIn), count(CheckinSignal))
    assert state.send_checkin() is None
    assert message in getattr(state, error_var)
    assert state.error_form.startswith("Er is nog niets verstuurd")
    assert not state.sent and not state.sending
    assert (count(CheckIn), count(CheckinSignal)) == before


async def test_every_broken_step_gets_its_own_message_at_once(world: World, acting) -> None:
    state = await loaded_ben(world, acting)
    fill_in(state, mood="9", needs=["nothing", "rest"], note="x" * 600)
    before = count(CheckIn)
    state.send_checkin()
    assert state.error_mood and state.error_needs and state.error_note
    assert state.error_audience == "" and state.error_talk == ""
    assert count(CheckIn) == before
    state.choose_mood("3")  # fixing a step clears its message
    assert state.error_mood == ""


async def test_a_group_the_family_does_not_have_is_refused(world: World, acting) -> None:
    world.members["hanna"].status = MembershipStatus.REVOKED
    world.session.add(world.members["hanna"])
    state = await loaded_ben(world, acting)
    assert state.present == ["parents", "cm_home"]  # not offered on the screen
    fill_in(state, audience=["cm_hospital"])  # forged anyway
    before = count(CheckIn)
    state.send_checkin()
    assert "Kies wie het mag lezen" in state.error_audience
    assert count(CheckIn) == before


async def test_the_adult_to_talk_to_must_read_it_and_be_in_the_family(world: World, acting) -> None:
    state = await loaded_ben(world, acting)
    before = count(CheckIn)
    anna = str(world.members["anna"].id)
    fill_in(state, audience=["cm_home"], wants_to_talk=True, talk_to=anna)
    state.send_checkin()
    assert state.error_talk.startswith("Anna mag dit nu niet lezen.")
    for outsider in (world.members["dora"].id, world.members["hanna@beta"].id, "x"):
        fill_in(state, audience=["parents"], wants_to_talk=True, talk_to=str(outsider))
        state.send_checkin()
        assert state.error_talk == "Kies met wie je wilt praten."
    assert count(CheckIn) == before
    # Unticking the group of the chosen adult lets go of that adult on the screen.
    fill_in(state, audience=["parents", "cm_home"], wants_to_talk=True, talk_to=anna)
    state.toggle_audience("parents")
    assert state.talk_to == str(world.members["hugo"].id)  # the only one left


# --------------------------------------------------------------------------------------
# Who may use this screen
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["anna", "hugo", "hanna", "cleo", "gerda"])
async def test_other_members_get_a_calm_message_and_cannot_send(
    world: World, acting, name: str
) -> None:
    world.session.commit()
    acting(login_as(world, name))
    state = await my_state()
    before = denials()
    state.load_my_checkin()
    assert state.loaded and state.problem == "not_sibling"
    assert denials() == before + 1  # the refusal is in the access log
    fill_in(state, audience=["parents"])
    state.send_checkin()
    state.save_my_default()
    assert count(CheckIn) == 4 and count(CheckinSettings) == 0
    assert denials() == before + 3


async def test_another_family_and_no_session_are_refused(world: World, acting) -> None:
    world.session.commit()
    acting(login_as(world, "dora"))  # Gezin Beta's parent, pretending to be in Alfa
    state = await my_state()
    state.load_my_checkin()
    assert state.problem == "denied" and state.past_faces == []
    acting(None)
    result = (await my_state()).load_my_checkin()
    assert "/login" in str(result)


async def test_a_link_session_is_recognised_and_may_use_this_state(world: World, acting) -> None:
    assert MyCheckinState.get_name() in gate.LINK_STATE_NAMES
    event = f"{MyCheckinState.get_full_name()}.send_checkin"
    assert gate.is_link_event(event) and not gate.is_public_event(event)
    link = CheckinLink(
        family_id=world.alfa.id,
        sibling_id=world.members["ben"].id,
        token_hash="f" * 64,
        created_by_id=world.members["anna"].id,
    )
    world.session.add(link)
    world.session.commit()
    acting(dataclasses.replace(login_as(world, "ben"), checkin_link_id=link.id))
    state = await my_state()
    state.load_my_checkin()
    assert state.loaded and state.problem == "" and state.via_link
    fill_in(state, audience=[])
    state.send_checkin()
    assert state.sent and state.sent_readers == "Alleen jij ziet dit."


# --------------------------------------------------------------------------------------
# The sibling's own default, from 12
# --------------------------------------------------------------------------------------


async def test_under_12_the_default_stays_the_parents_choice(world: World, acting) -> None:
    set_birth_date(world, "ben", 10)
    state = await loaded_ben(world, acting)
    assert not state.may_set_own_default
    state.choose_only_me()
    state.save_my_default()  # forged: the button is not even shown
    assert state.error_default.startswith("Vanaf 12 jaar kun je dit zelf kiezen.")
    assert state.default_notice == ""
    assert count(CheckinSettings) == 0


async def test_from_12_the_sibling_sets_their_own_default(world: World, acting) -> None:
    set_birth_date(world, "ben", 14)
    state = await loaded_ben(world, acting)
    assert state.may_set_own_default and state.audience == ["parents"]  # the 12-15 default
    assert state.is_my_default
    state.toggle_audience("cm_home")
    assert not state.is_my_default
    state.save_my_default()
    assert state.error_default == ""
    assert state.default_notice.startswith("Bewaard.")
    assert state.is_my_default and state.default_audience == ["parents", "cm_home"]
    with session_scope() as session:
        settings = settings_for(session, world.alfa.id, world.members["ben"].id)
        assert [a.value for a in settings.default_audience] == ["parents", "cm_home"]
    # A stale version (someone changed the settings meanwhile) is refused, then reloaded.
    state.settings_version = 0
    state.choose_only_me()
    state.save_my_default()
    assert "Iemand anders heeft dit net veranderd" in state.error_default
    state.save_my_default()  # the second try works on the newest version
    assert state.default_notice.startswith("Bewaard.") and state.default_audience == []
    # Bad input never reaches the settings.
    state.audience = ["teachers"]
    state.save_my_default()
    assert "Kies wie het mag lezen" in state.error_default
    with session_scope() as session:
        stored = session.exec(select(CheckinSettings)).one()
        assert stored.own_default == []
