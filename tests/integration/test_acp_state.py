"""The conversations-about-what-matters state, called as the websocket would, behind the
session gate: hanna plans a conversation, asks a question, anna answers, a follow-up
lands in Taken with a link back; ben is refused; a forged open is refused and logged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
import reflex as rx
from sqlmodel import Session, select

from dossier.clock import local_today
from dossier.db import session_scope
from dossier.models import AcpConversation, AcpQuestion, AuditEvent, Task
from dossier.state import gate
from dossier.state.acp import AcpState
from dossier.state.tasks import TasksState
from tests.factories import World
from tests.integration.support import login_as, sent


@pytest.fixture
def as_user(world: World) -> Iterator[Callable[..., Any]]:
    async def make(name: str, state: type = AcpState) -> Any:
        gate.act_as(login_as(world, name))
        return await rx.State().get_state(state)

    yield make
    gate.act_as(None)


def read(fn: Callable[[Session], Any]) -> Any:
    with session_scope() as session:
        return fn(session)


def talks() -> list[AcpConversation]:
    return read(lambda s: s.exec(select(AcpConversation)).all())


async def plan(world: World, hanna: AcpState) -> str:
    hanna.load_talks()
    hanna.open_new()
    assert hanna.form_open
    m = world.members
    form = {
        "id": "",
        "version": "",
        "held_on": (local_today() + timedelta(days=5)).isoformat(),
        "leader": f"m:{m['hanna'].id}",
        "leader_name": "",
        "report": "",
        f"with_m:{m['anna'].id}": "on",
        f"with_m:{m['bram'].id}": "on",
    }
    hanna.save_talk(sent(hanna, form))
    assert not hanna.form_open
    (talk,) = talks()
    return str(talk.id)


async def test_hanna_plans_a_conversation_and_a_double_tap_saves_once(
    world: World, as_user
) -> None:
    hanna = await as_user("hanna")
    talk_id = await plan(world, hanna)
    hanna.save_talk({"id": "", "held_on": "2026-12-20", "send_key": "old"})
    assert len(talks()) == 1
    assert [c["id"] for c in hanna.cards] == [talk_id]
    hanna.open_talk(talk_id, False)
    assert hanna.sel_id == talk_id and hanna.detail_open
    assert "Hanna" in hanna.sel_leader
    assert hanna.sel_people == "Anna, Bram"


async def test_bad_input_keeps_what_was_typed_and_saves_nothing(world: World, as_user) -> None:
    hanna = await as_user("hanna")
    hanna.load_talks()
    hanna.open_new()
    form = {"id": "", "version": "", "held_on": "", "leader": "", "report": "Verslag"}
    hanna.save_talk(sent(hanna, form))
    assert hanna.form_open
    assert hanna.form_errors["held_on"] == "Vul de datum van het gesprek in."
    assert hanna.form_values["report"] == "Verslag"
    assert talks() == []


async def test_hanna_asks_anna_answers_and_hanna_sees_the_answer(world: World, as_user) -> None:
    hanna = await as_user("hanna")
    talk_id = await plan(world, hanna)
    hanna.ask_question({"talk": talk_id, "question": "Wat wil Cleo zelf weten?"})
    assert [q["question"] for q in hanna.sel_questions] == ["Wat wil Cleo zelf weten?"]
    anna = await as_user("anna")
    anna.load_talks()
    anna.open_talk(talk_id, True)
    assert anna.in_pane and anna.sel_can_answer
    question = anna.sel_questions[0]
    anna.answer_question(
        {"question_id": question["id"], "version": question["version"], "answer": "Alles."}
    )
    hanna = await as_user("hanna")
    hanna.open_talk(talk_id, False)
    assert hanna.sel_questions[0]["answer"] == "Alles."
    assert hanna.sel_questions[0]["answered"] == "Antwoord van Anna"
    (stored,) = read(lambda s: s.exec(select(AcpQuestion)).all())
    assert stored.answered_by_id == world.members["anna"].id


async def test_a_follow_up_lands_in_taken_and_links_back(world: World, as_user) -> None:
    hanna = await as_user("hanna")
    talk_id = await plan(world, hanna)
    hanna.make_task({"talk": talk_id, "title": "School bellen over rustmomenten", "assignee": ""})
    assert [t["title"] for t in hanna.sel_tasks] == ["School bellen over rustmomenten"]
    task = read(lambda s: s.exec(select(Task).where(Task.source_type == "acp")).one())
    assert task.source_id == int(talk_id)
    anna = await as_user("anna", TasksState)
    anna.load_tasks()
    anna.open_task(str(task.id))
    assert anna.source_text.startswith("Uit het gesprek van ")
    assert anna.source_href == f"/zorgplan/gesprekken?open={talk_id}"
    anna.select_task(str(task.id))
    assert anna.sel_source_href == anna.source_href


async def test_ben_is_refused_calmly_and_a_forged_open_of_another_family_is_logged(
    world: World, as_user
) -> None:
    hanna = await as_user("hanna")
    talk_id = await plan(world, hanna)
    ben = await as_user("ben")
    ben.load_talks()
    assert ben.page_refused and ben.cards == []
    gate.act_as(login_as(world, "dora", world.beta))
    dora = await rx.State().get_state(AcpState)
    dora.load_talks()
    dora.open_talk(talk_id, False)
    assert dora.sel_id == ""
    denied = read(lambda s: s.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).all())
    assert ("acp.view", int(talk_id)) in [(d.action, d.object_id) for d in denied]
