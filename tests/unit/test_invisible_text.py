"""Invisible characters (issue 14): a saved title, name or note reads as what it is.

'RTL \u202egnp.exe' shows as 'RTL exe.png'; a zero-width space makes a title that
looks empty. Titles and names refuse every format character and need something
visible; notes refuse the bidi controls but keep the joiner inside emoji like 👨‍👩‍👧.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, func, select

from dossier.domain.accounts import create_user
from dossier.domain.agreements import AgreementDraft, AgreementInputError, propose_agreement
from dossier.domain.appointments import AppointmentForm, InvalidAppointment, create_appointment
from dossier.domain.checkin_settings import add_sibling
from dossier.domain.checkins import record_checkin
from dossier.domain.errors import InvalidInput
from dossier.domain.invitations import create_invitation
from dossier.domain.tasks import InvalidTask, create_task
from dossier.domain.text import INVISIBLE, line_problem, note_problem, visible_line
from dossier.i18n import translate
from dossier.models import Agreement, Appointment, CheckIn, Invitation, Membership, Task, User
from tests.factories import World

RTL_OVERRIDE = "RTL \u202egnp.exe"  # shows as 'RTL exe.png'
ZERO_WIDTH_ONLY = "\u200b\u200b"
FAMILY_EMOJI = "👨\u200d👩\u200d👧"  # one emoji, glued by zero-width joiners
HIDDEN_IN_TITLES = ["\u202e", "\u200b", "\u200d", "\u2066", "\u00ad", "\ufeff", "\x00", "\x1b"]


def count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


# --------------------------------------------------------------------------------------
# The rule
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("char", HIDDEN_IN_TITLES)
def test_a_title_with_any_format_or_control_character_is_refused(char: str) -> None:
    assert line_problem(f"Rolstoel{char}aanpassen") == INVISIBLE


@pytest.mark.parametrize("text", [ZERO_WIDTH_ONLY, "\u3164", "\u2800 \u2800", "\u0301"])
def test_a_title_with_nothing_visible_is_refused(text: str) -> None:
    assert line_problem(text) == INVISIBLE


@pytest.mark.parametrize("text", ["Zoë's MRI", "Afspraak 🎂", "Hart ❤\ufe0f", "Ça va", "Δ 12%"])
def test_ordinary_titles_with_accents_and_emoji_pass(text: str) -> None:
    assert line_problem(text) is None


def test_a_note_keeps_the_joiner_of_an_emoji_family_but_refuses_bidi_controls() -> None:
    assert note_problem(f"Fijne dag met {FAMILY_EMOJI}\nTot morgen\ttoch?") is None
    for char in ("\u202a", "\u202e", "\u2066", "\u2069", "\u200e", "\u200f", "\x00"):
        assert note_problem(f"Notitie{char}") == INVISIBLE


def test_the_message_is_clear_in_dutch_and_english() -> None:
    assert translate("nl", INVISIBLE) == (
        "Gebruik gewone letters en tekens. Onzichtbare tekens kunnen niet."
    )
    assert "Invisible characters" in translate("en", INVISIBLE)


def test_a_name_from_an_identity_provider_loses_its_hidden_characters() -> None:
    assert visible_line("Hanna\u200b van\u202e Dijk") == "Hanna van Dijk"
    assert visible_line(ZERO_WIDTH_ONLY) == ""


# --------------------------------------------------------------------------------------
# Every entry that saves a title, name or note
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("title", [RTL_OVERRIDE, ZERO_WIDTH_ONLY])
def test_anna_cannot_save_a_task_title_that_hides_what_it_says(world: World, title: str) -> None:
    before = count(world.session, Task)
    with pytest.raises(InvalidTask) as refused:
        create_task(world.session, world.actor("anna"), {"title": title, "domain": "care"})
    assert refused.value.errors == {"title": INVISIBLE}
    assert count(world.session, Task) == before


def test_hanna_cannot_hide_whom_a_task_waits_for_or_turn_its_notes_around(world: World) -> None:
    raw = {
        "title": "Indicatie",
        "domain": "money",
        "notes": "Bel \u202eZIC",
        "status": "waiting",
        "waiting_for": "C\u200bIZ",
        "follow_up": "2030-01-31",
    }
    with pytest.raises(InvalidTask) as refused:
        create_task(world.session, world.actor("hanna"), raw)
    assert refused.value.errors == {"notes": INVISIBLE, "waiting_for": INVISIBLE}


def test_a_task_note_with_an_emoji_family_is_saved_as_typed(world: World) -> None:
    raw = {"title": "Weekend", "domain": "family", "notes": f"Uitje {FAMILY_EMOJI}"}
    task = create_task(world.session, world.actor("anna"), raw)
    assert task.notes == f"Uitje {FAMILY_EMOJI}"


def test_hugo_cannot_save_an_appointment_with_hidden_characters(world: World) -> None:
    good = {
        "title": "Controle",
        "day": "2030-05-14",
        "start": "09:30",
        "end": "10:00",
        "place": "Poli 3",
        "with_whom": "dr. Bakker",
        "preparation": f"Vragen {FAMILY_EMOJI}",
    }
    bad = {
        "title": RTL_OVERRIDE,
        "place": "Poli\u200b 3",
        "with_whom": "\u2066dr. Bakker",
        "preparation": "Vragen \u202e",
    }
    before = count(world.session, Appointment)
    with pytest.raises(InvalidAppointment) as refused:
        create_appointment(world.session, world.actor("hugo"), AppointmentForm(**{**good, **bad}))
    assert {field: key for field, (key, _params) in refused.value.errors.items()} == dict.fromkeys(
        bad, INVISIBLE
    )
    assert count(world.session, Appointment) == before
    saved = create_appointment(world.session, world.actor("hugo"), AppointmentForm(**good))
    assert saved.preparation == f"Vragen {FAMILY_EMOJI}"


def test_ben_cannot_send_a_check_in_note_that_reads_backwards(world: World) -> None:
    before = count(world.session, CheckIn)
    with pytest.raises(InvalidInput) as refused:
        record_checkin(
            world.session, world.actor("ben"), mood=3, needs=["rest"], note="Oké \u202eoké"
        )
    assert refused.value.message_key == INVISIBLE
    assert count(world.session, CheckIn) == before
    kept = record_checkin(
        world.session, world.actor("ben"), mood=4, needs=["rest"], note=f"Leuk {FAMILY_EMOJI}"
    )
    assert kept.note == f"Leuk {FAMILY_EMOJI}"


@pytest.mark.parametrize("name", ["Anna\u200b", "\u202eannA", ZERO_WIDTH_ONLY, "\u3164"])
def test_a_new_account_needs_a_name_without_hidden_characters(db: Session, name: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        create_user(db, email="nieuw@test.nl", name=name, password="lang genoeg wachtwoord")
    assert refused.value.message_key == INVISIBLE
    assert db.exec(select(User).where(User.email == "nieuw@test.nl")).first() is None


def test_hugo_cannot_propose_an_agreement_whose_topic_or_how_hides_characters(
    world: World,
) -> None:
    hugo = world.actor("hugo")
    proposal = AgreementDraft(
        topic="Vervoer\u200b naar school",
        domain="school",
        responsible=world.members["hugo"].id,
        how="Hugo belt \u202etaht",
    )
    before = count(world.session, Agreement)
    with pytest.raises(AgreementInputError) as refused:
        propose_agreement(world.session, hugo, proposal, today=date(2026, 11, 23))
    assert refused.value.errors == {"topic": INVISIBLE, "how": INVISIBLE}
    assert count(world.session, Agreement) == before


def test_anna_cannot_invite_someone_with_an_invisible_relation(world: World) -> None:
    before = count(world.session, Invitation)
    with pytest.raises(InvalidInput) as refused:
        create_invitation(world.session, world.actor("anna"), role="caregiver", relation="\u200b")
    assert refused.value.message_key == INVISIBLE
    assert count(world.session, Invitation) == before


def test_anna_cannot_add_a_brother_whose_name_hides_characters(world: World) -> None:
    before = count(world.session, Membership)
    with pytest.raises(InvalidInput) as refused:
        add_sibling(world.session, world.actor("anna"), name=RTL_OVERRIDE, birth_date=None)

    assert refused.value.message_key == INVISIBLE
    assert count(world.session, Membership) == before
