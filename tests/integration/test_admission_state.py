""" "We gaan naar het ziekenhuis" through its state, called as the websocket would, behind
the session gate: the confirmation names who is told, a start shows the list, a second
start shows the same one, ticks, the calm card for a caregiver, ending by a parent."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import reflex as rx
from sqlmodel import Session, select

from dossier.db import get_engine, session_scope
from dossier.domain import admission as adm
from dossier.models import Admission, AdmissionItem, AuditEvent, EmergencyPlanPart, Notification
from dossier.ops.migrations import upgrade
from dossier.state import gate
from dossier.state.admission import AdmissionState
from tests.factories import World, build_world
from tests.integration.support import login_as


@pytest.fixture
def as_user(world: World) -> Iterator[Callable[..., Any]]:
    world.session.commit()

    async def make(name: str, family=None) -> AdmissionState:
        gate.act_as(login_as(world, name, family))
        return await rx.State().get_state(AdmissionState)  # type: ignore[return-value]

    yield make
    gate.act_as(None)


def read(fn: Callable[[Session], Any]) -> Any:
    with session_scope() as session:
        return fn(session)


def without_plan(world: World) -> None:
    """Exact recipients below: no plan parts of the shared fixture (if it ever gets some)."""
    for part in world.session.exec(select(EmergencyPlanPart)).all():
        world.session.delete(part)
    world.session.commit()


def admissions() -> list[Admission]:
    return read(lambda s: list(s.exec(select(Admission)).all()))


async def test_a_parent_sees_the_button_and_who_will_be_told(world: World, as_user) -> None:
    without_plan(world)
    anna = await as_user("anna")
    anna.read_admission()
    assert not anna.adm_on and anna.adm_may_start
    assert anna.adm_told == "Een melding gaat naar de casemanagers en Bram, ook 's nachts."


async def test_a_caregiver_has_no_button(world: World, as_user) -> None:
    gerda = await as_user("gerda")
    gerda.read_admission()
    assert not gerda.adm_on and not gerda.adm_may_start and gerda.adm_told == ""


async def test_start_shows_the_checklist_and_a_second_start_shows_the_same(
    world: World, as_user
) -> None:
    without_plan(world)
    anna = await as_user("anna")
    anna.read_admission()
    anna.start_admission()
    assert anna.adm_on and anna.adm_since.startswith("Opname sinds ")
    assert anna.adm_started_by == "Gestart door Anna"
    assert anna.adm_items and anna.adm_may_tick and anna.adm_may_end
    assert anna.adm_packed == f"0 van {len(anna.adm_items)} ingepakt"
    hanna = await as_user("hanna")
    hanna.read_admission()
    assert hanna.adm_on and hanna.adm_id == anna.adm_id and not hanna.adm_may_end
    hanna.start_admission()  # her screen was not updated yet: still one admission
    assert len(admissions()) == 1
    told = read(lambda s: s.exec(select(Notification)).all())
    assert len(told) == 3  # Bram, Hanna, Hugo; once each


async def test_a_tick_shows_who_ticked_and_a_caregiver_sees_only_the_calm_card(
    world: World, as_user
) -> None:
    anna = await as_user("anna")
    anna.start_admission()
    first = anna.adm_items[0]
    hugo = await as_user("hugo")
    hugo.read_admission()
    hugo.tick_item(first["id"], True)
    assert hugo.adm_items[0]["done"] and hugo.adm_items[0]["who"].startswith("Hugo, ")
    assert hugo.adm_packed.startswith("1 van ")
    # Anna's screen ticks it too (it was open with the old list): the same outcome.
    anna.tick_item(first["id"], True)
    assert anna.adm_items[0]["who"].startswith("Hugo, ")
    gerda = await as_user("gerda")
    gerda.read_admission()
    assert gerda.adm_on and gerda.adm_items == [] and gerda.adm_packed == ""


async def test_a_forged_tick_by_a_caregiver_is_refused_and_logged(world: World, as_user) -> None:
    anna = await as_user("anna")
    anna.start_admission()
    item_id = anna.adm_items[0]["id"]
    gerda = await as_user("gerda")
    answer = gerda.tick_item(item_id, True)
    assert answer is not None  # a calm error toast, not a crash
    done = read(lambda s: s.get(AdmissionItem, int(item_id)).done)
    assert done is False
    refused = read(
        lambda s: s.exec(
            select(AuditEvent).where(
                AuditEvent.action == "admission.tick", AuditEvent.outcome == "denied"
            )
        ).all()
    )
    assert len(refused) == 1


async def test_only_a_parent_ends_it(world: World, as_user) -> None:
    hugo = await as_user("hugo")
    hugo.start_admission()
    assert hugo.adm_on and not hugo.adm_may_end
    hugo.end_admission(hugo.adm_id)  # forged: not a parent
    assert admissions()[0].ended_at is None
    bram = await as_user("bram")
    bram.read_admission()
    bram.end_admission(bram.adm_id)
    assert not bram.adm_on and bram.adm_may_start
    assert admissions()[0].ended_at is not None


async def test_the_overviews_card_reads_only_whether_one_is_on(world: World, as_user) -> None:
    anna = await as_user("anna")
    anna.read_admission_card()
    assert not anna.adm_on and not anna.adm_may_start and anna.adm_told == ""
    hugo = await as_user("hugo")
    hugo.start_admission()
    anna.read_admission_card()
    assert anna.adm_on and anna.adm_since.startswith("Opname sinds ") and anna.adm_items


# --------------------------------------------------------------------------------------
# Two parents tapping at the same moment, on PostgreSQL (the migration's partial index)
# --------------------------------------------------------------------------------------


@pytest.fixture
def pg_world(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setenv("REFLEX_DB_URL", pg_url)
    upgrade(pg_url)
    with Session(get_engine(pg_url), expire_on_commit=False) as session:
        yield build_world(session)


def test_two_parents_starting_at_once_on_postgres_make_one_admission(pg_world: World) -> None:
    """Bram's start passes the "nothing open" check before Anna's commits; the unique
    index makes his insert wait for hers and then fail, and he gets her admission."""
    without_plan(pg_world)
    anna, bram = pg_world.actor("anna"), pg_world.actor("bram")
    pg_world.session.commit()
    engine = pg_world.session.get_bind()
    errors: list[BaseException] = []
    got: list[int] = []

    def bram_starts() -> None:
        try:
            with Session(engine, expire_on_commit=False) as session:
                got.append(adm.start(session, bram).id)
                session.commit()
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)

    with Session(engine, expire_on_commit=False) as first:
        mine = adm.start(first, anna).id
        waiting = threading.Thread(target=bram_starts)
        waiting.start()
        waiting.join(timeout=1.0)
        assert waiting.is_alive()  # his insert waits on the index entry of hers
        first.commit()
    waiting.join(timeout=30)
    assert not errors, errors
    assert got == [mine]
    pg_world.session.expire_all()
    assert len(pg_world.session.exec(select(Admission)).all()) == 1
    told = pg_world.session.exec(select(Notification)).all()
    assert len(told) == len({n.recipient_user_id for n in told}) == 3  # Bram, Hanna, Hugo
