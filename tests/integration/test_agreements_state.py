"""The "Wie doet wat" state, called as the websocket would, behind the session gate; and
the conflict and simultaneous confirmations on PostgreSQL.

Identity never comes from the event: the login is set the way the gate sets it. Reads
for the assertions use short sessions of their own (SQLite has one writer).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
import reflex as rx
from sqlmodel import Session, select

from dossier.db import get_engine, session_scope
from dossier.domain.agreements import (
    AgreementDraft,
    change_agreement,
    confirm_agreement,
    propose_agreement,
)
from dossier.domain.errors import Conflict
from dossier.i18n import local_today
from dossier.models import (
    Agreement,
    AgreementConfirmation,
    AgreementStatus,
    AgreementTemplateChoice,
    AuditEvent,
    Task,
)
from dossier.ops.migrations import upgrade
from dossier.state import gate
from dossier.state.agreements import AgreementsState
from tests.factories import World, build_world
from tests.integration.support import login_as, sent

DENIED = "Dit mag je niet zien of veranderen"
NOT_FOUND = "Dit bestaat niet (meer)"  # also for an id of another family


@pytest.fixture
def as_user(world: World) -> Iterator[Callable[..., Any]]:
    """as_user("anna") -> a fresh AgreementsState acting for Anna (as the gate would)."""
    world.session.commit()

    async def make(name: str, family=None) -> AgreementsState:
        gate.act_as(login_as(world, name, family))
        return await rx.State().get_state(AgreementsState)  # type: ignore[return-value]

    yield make
    gate.act_as(None)


def read(fn: Callable[[Session], Any]) -> Any:
    with session_scope() as session:
        return fn(session)


def agreement(topic: str) -> Agreement:
    return read(lambda s: s.exec(select(Agreement).where(Agreement.topic == topic)).one())


def denials() -> list[AuditEvent]:
    return read(lambda s: s.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).all())


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


async def test_a_parent_sees_agreements_starters_and_the_overview(world: World, as_user) -> None:
    state = await as_user("anna")
    state.load_agreements()
    assert state.loaded and state.can_propose
    assert {r["topic"] for r in state.agreements} == {"Zorgcoördinatie", "School"}
    school = row(state, "School")
    assert school["responsible"] == "Ouders houden dit zelf"
    assert school["my_turn"]  # a proposal the parents keep: one parent's yes agrees it
    keys = {t["key"] for t in state.templates}
    assert "coordination" not in keys and {"mdo", "aftercare"} <= keys
    assert [d["name"] for d in state.domains][:2] == [
        "Zorg en behandeling",
        "Wonen en hulpmiddelen",
    ]
    assert {p["name"]: p["total"] for p in state.load}["Hanna"] == 1
    assert state.load_summary.startswith("Aantal werkafspraken per persoon.")
    assert state.totals == "Werkafspraken: 2 · Gaten: 0 · Opnieuw bekijken: 0"
    assert state.people and all("(" in p["label"] for p in state.people)


async def test_a_caregiver_sees_only_what_they_are_named_in(world: World, as_user) -> None:
    state = await as_user("gerda")
    state.load_agreements()
    assert [r["topic"] for r in state.agreements] == ["Zorgcoördinatie"]
    assert not state.can_propose and state.templates == []
    coordination = state.agreements[0]
    assert coordination["can_confirm"] and not coordination["my_turn"]  # Hanna's to agree
    assert coordination["waiting_for"] == "Hanna, een ouder"


async def test_bad_input_keeps_what_was_typed_and_writes_nothing(world: World, as_user) -> None:
    state = await as_user("anna")
    state.load_agreements()
    state.open_new()
    assert state.form_open and state.form_review  # a review date is suggested
    typed = form(world, topic="", backup=str(world.members["hugo"].id), review_on="2020-01-01")
    assert state.save_agreement(sent(state, typed)) is None
    assert state.form_errors["topic"] == "Schrijf op waar de werkafspraak over gaat."
    assert state.form_errors["backup"].startswith("Wie invalt, moet iemand anders zijn")
    assert state.form_errors["review_on"] == "Kies een datum na vandaag."
    assert state.form_errors["how"] == ""
    assert state.form_alert.startswith("Er is nog niets opgeslagen")
    assert state.form_open
    assert state.form_how == "Hugo regelt het leerlingenvervoer."  # kept as typed
    assert state.form_review == "2020-01-01"
    assert read(lambda s: len(s.exec(select(Agreement)).all())) == 2


async def test_propose_confirm_confirm_agreed(world: World, as_user) -> None:
    hanna = await as_user("hanna")
    hanna.load_agreements()
    hanna.open_new()
    result = hanna.save_agreement(
        sent(hanna, form(world, **{f"informed_{world.members['anna'].id}": "on"}))
    )
    assert "Voorstel opgeslagen: Vervoer naar school." in str(result)
    assert not hanna.form_open
    proposal = row(hanna, "Vervoer naar school")
    assert (proposal["status"], proposal["waiting_for"]) == ("Voorstel", "Hugo, een ouder")
    assert not proposal["my_turn"]

    anna = await as_user("anna")
    anna.load_agreements()
    mine = row(anna, "Vervoer naar school")
    assert mine["my_turn"]
    assert "Bevestigd. Dank je wel." in str(anna.confirm(mine["id"], mine["version"]))
    assert row(anna, "Vervoer naar school")["waiting_for"] == "Hugo"

    hugo = await as_user("hugo")
    hugo.load_agreements()
    his = row(hugo, "Vervoer naar school")
    assert his["my_turn"]
    assert "nu afgesproken" in str(hugo.confirm(his["id"], his["version"]))
    agreed = row(hugo, "Vervoer naar school")
    assert agreed["status"] == "Afgesproken"
    assert agreed["confirmed_by"] == "Anna, Hugo"
    assert agreement("Vervoer naar school").status == AgreementStatus.AGREED


async def test_a_second_save_of_the_same_version_says_what_changed(world: World, as_user) -> None:
    coordination = agreement("Zorgcoördinatie")
    hugo = await as_user("hugo")
    hugo.load_agreements()
    hugo.open_agreement(str(coordination.id))
    assert (hugo.form_version, hugo.form_topic) == ("1", "Zorgcoördinatie")

    anna = await as_user("anna")
    anna.load_agreements()
    anna.open_agreement(str(coordination.id))
    mine = form(
        world,
        id=str(coordination.id),
        version="1",
        topic="Zorgcoördinatie",
        domain="care",
        responsible=str(world.members["hugo"].id),
        how="",
        **{f"informed_{world.members['gerda'].id}": "on"},
    )
    assert "Wijziging opgeslagen" in str(anna.save_agreement(sent(anna, mine)))

    # Confirming the version he saw, not the new one, is refused with what changed.
    assert "Deze werkafspraak is net veranderd (Regelt het, Bekijken op)" in str(
        hugo.confirm(str(coordination.id), "1")
    )
    his = {**mine, "responsible": str(world.members["hanna"].id), "how": "Mijn tekst"}
    assert hugo.save_agreement(sent(hugo, his)) is None
    assert hugo.form_alert.startswith(
        "Iemand anders heeft deze werkafspraak net veranderd: Regelt het, Bekijken op."
    )
    assert hugo.conflict[0] == "Regelt het: Hugo"
    assert hugo.form_how == "Mijn tekst"  # what he typed is still there
    assert hugo.form_version == "2"
    saved = agreement("Zorgcoördinatie")
    assert (saved.responsible_id, saved.version) == (world.members["hugo"].id, 2)
    # Seen the news, he saves again on the newest version: now it goes through.
    assert "Wijziging opgeslagen" in str(hugo.save_agreement(sent(hugo, {**his, "version": "2"})))
    assert agreement("Zorgcoördinatie").responsible_id == world.members["hanna"].id


async def test_history_in_words(world: World, as_user) -> None:
    coordination = agreement("Zorgcoördinatie")
    anna = await as_user("anna")
    anna.load_agreements()
    changed = form(
        world,
        id=str(coordination.id),
        version="1",
        topic="Zorgcoördinatie",
        domain="care",
        responsible=str(world.members["hugo"].id),
        how="",
        review_on="",
    )
    anna.open_agreement(str(coordination.id))
    anna.save_agreement(sent(anna, changed))
    anna.open_agreement(str(coordination.id))
    texts = [h["text"] for h in anna.history]
    assert texts[1] == "Anna veranderde: Regelt het: Hanna → Hugo; Op de hoogte: Gerda → niemand."
    assert texts[0] == "Anna bevestigde deze versie."
    assert anna.detail[0]["topic"] == "Zorgcoördinatie"


async def test_an_agreement_shows_its_tasks(world: World, as_user) -> None:
    coordination = agreement("Zorgcoördinatie")

    def link(session: Session) -> None:
        late = local_today() - timedelta(days=2)
        session.add(
            Task(
                family_id=world.alfa.id,
                title="Bellen",
                domain="care",
                due_on=late,
                agreement_id=coordination.id,
            )
        )

    read(link)
    anna = await as_user("anna")
    anna.load_agreements()
    assert row(anna, "Zorgcoördinatie")["tasks"] == (
        "Taken: 1 open, waarvan 1 te laat. Loopt achter."
    )
    anna.open_agreement(str(coordination.id))
    assert [(t["title"], t["overdue"]) for t in anna.detail_tasks] == [("Bellen", True)]


async def test_ids_of_another_family_are_refused_and_logged(world: World, as_user) -> None:
    coordination = agreement("Zorgcoördinatie")
    dora = await as_user("dora", world.beta)
    assert NOT_FOUND in str(dora.open_agreement(str(coordination.id)))
    assert NOT_FOUND in str(dora.confirm(str(coordination.id), "1"))
    forged = form(world, id=str(coordination.id), version="1", topic="Van Dora", domain="care")
    dora.open_new()  # a form of her own family, sent with the other family's id
    assert NOT_FOUND in str(dora.save_agreement(sent(dora, forged)))
    assert dora.detail == [] and dora.history == []

    anna = await as_user("anna")
    someone_else = form(world, responsible=str(world.members["dora"].id))
    anna.open_new()
    assert NOT_FOUND in str(anna.save_agreement(sent(anna, someone_else)))
    assert read(lambda s: len(s.exec(select(Agreement)).all())) == 2
    assert agreement("Zorgcoördinatie").topic == "Zorgcoördinatie"
    assert [(d.object_type, d.object_id) for d in denials()] == [
        ("agreement", coordination.id),
        ("agreement", coordination.id),
        ("agreement", coordination.id),
        ("membership", world.members["dora"].id),
    ]


async def test_adopting_and_skipping_starters(world: World, as_user) -> None:
    hugo = await as_user("hugo")
    hugo.load_agreements()
    assert "Overgenomen als voorstel: MDO organiseren." in str(hugo.adopt_template("mdo"))
    assert "Overgeslagen" in str(hugo.skip_template("pgb"))
    keys = {t["key"] for t in hugo.templates}
    assert not {"mdo", "pgb"} & keys
    assert row(hugo, "MDO organiseren")["responsible"] == "Hanna"
    assert "al gekozen" in str(hugo.skip_template("mdo"))
    choices = read(
        lambda s: {c.template_key: c.choice for c in s.exec(select(AgreementTemplateChoice))}
    )
    assert choices == {"mdo": "adopted", "pgb": "skipped"}


async def test_a_passed_review_date_is_stored_when_the_list_loads(world: World, as_user) -> None:
    def agreed_long_ago(session: Session) -> int:
        row = session.exec(select(Agreement).where(Agreement.topic == "School")).one()
        row.status = AgreementStatus.AGREED
        row.review_on = local_today() - timedelta(days=1)
        session.add(row)
        session.flush()
        return row.version

    version = read(agreed_long_ago)
    anna = await as_user("anna")
    anna.load_agreements()
    school = row(anna, "School")
    assert (school["status"], school["review_due"], school["my_turn"]) == (
        "Opnieuw bekijken",
        True,
        False,
    )
    assert school["waiting_for"] == ""  # nobody can confirm before there is a new date
    stored = agreement("School")
    assert (stored.status, stored.version) == (AgreementStatus.NEEDS_REVIEW, version)
    assert "De datum om deze werkafspraak te bekijken is voorbij" in str(
        anna.confirm(school["id"], school["version"])
    )


# --------------------------------------------------------------------------------------
# PostgreSQL: no lost update, and two confirmations at the same moment both count
# --------------------------------------------------------------------------------------


@pytest.fixture
def pg_world(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setenv("REFLEX_DB_URL", pg_url)
    upgrade(pg_url)
    with Session(get_engine(pg_url), expire_on_commit=False) as session:
        yield build_world(session)


def _pg_proposal(world: World) -> Agreement:
    draft = AgreementDraft(topic="Vervoer", domain="school", responsible=world.members["hugo"].id)
    proposal = propose_agreement(world.session, world.actor("hanna"), draft, today=date.today())
    world.session.commit()
    return proposal


def test_two_people_saving_the_same_version_on_postgres(pg_world: World) -> None:
    proposal = _pg_proposal(pg_world)
    anna, hugo = pg_world.actor("anna"), pg_world.actor("hugo")
    pg_world.session.commit()
    engine = pg_world.session.get_bind()
    base = {"domain": "school", "responsible": pg_world.members["hugo"].id}
    with (
        Session(engine, expire_on_commit=False) as first,
        Session(engine, expire_on_commit=False) as second,
    ):
        second.get(Agreement, proposal.id)  # Hugo's screen shows version 1
        change_agreement(
            first,
            anna,
            agreement_id=proposal.id,
            expected_version=1,
            draft=AgreementDraft(topic="Anna", **base),
            today=date.today(),
        )
        first.commit()
        with pytest.raises(Conflict):
            change_agreement(
                second,
                hugo,
                agreement_id=proposal.id,
                expected_version=1,
                draft=AgreementDraft(topic="Hugo", **base),
                today=date.today(),
            )
        second.rollback()
    pg_world.session.expire_all()
    assert pg_world.session.get(Agreement, proposal.id).topic == "Anna"


def test_a_parent_and_the_responsible_confirming_at_once_on_postgres(pg_world: World) -> None:
    """The row lock makes the second confirmation wait and then see the first."""
    proposal = _pg_proposal(pg_world)
    anna, hugo = pg_world.actor("anna"), pg_world.actor("hugo")
    pg_world.session.commit()
    engine = pg_world.session.get_bind()
    errors: list[BaseException] = []

    def hugo_confirms() -> None:
        try:
            with Session(engine, expire_on_commit=False) as session:
                confirm_agreement(
                    session, hugo, agreement_id=proposal.id, expected_version=1, today=date.today()
                )
                session.commit()
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)

    with Session(engine, expire_on_commit=False) as first:
        confirm_agreement(
            first, anna, agreement_id=proposal.id, expected_version=1, today=date.today()
        )
        waiting = threading.Thread(target=hugo_confirms)
        waiting.start()
        waiting.join(timeout=1.0)
        assert waiting.is_alive()  # blocked on Anna's row lock
        first.commit()
    waiting.join(timeout=30)
    assert not errors, errors
    pg_world.session.expire_all()
    assert pg_world.session.get(Agreement, proposal.id).status == AgreementStatus.AGREED
    confirmations = pg_world.session.exec(select(AgreementConfirmation)).all()
    assert len(confirmations) == 2
