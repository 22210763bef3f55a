"""Conversations about what matters (ACP): who plans and reads them, preparation
questions and their answers, follow-ups that become tasks, conflicts and bad input.

Gezin Alfa (tests/factories.py): parents anna and bram, sibling ben, child cleo, hospital
case manager hanna, home case manager hugo, GP gerda. Gezin Beta: parent dora.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from dossier.clock import local_today
from dossier.domain.access import unit_of_work
from dossier.domain.acp import (
    AcpInputError,
    answer_question,
    ask_question,
    change_conversation,
    create_conversation,
    delete_conversation,
    follow_ups,
    get_conversation,
    list_conversations,
    make_task,
    questions_of,
    source_conversation,
)
from dossier.domain.errors import Conflict
from dossier.models import AcpConversation, AuditEvent, Notification, Task
from dossier.permissions import PermissionDenied
from tests.factories import World


def day(offset: int = 7) -> str:
    return (local_today() + timedelta(days=offset)).isoformat()


def talk(world: World, who: str = "hanna", **extra) -> AcpConversation:
    m = world.members
    raw = {
        "held_on": day(),
        "leader": f"m:{m['hanna'].id}",
        "participants": [f"m:{m['anna'].id}", f"m:{m['bram'].id}"],
        **extra,
    }
    return create_conversation(world.session, world.actor(who), raw)


def test_hanna_plans_a_conversation_and_the_parents_and_hugo_read_it(world: World) -> None:
    conversation = talk(world)
    assert conversation.leader_member_id == world.members["hanna"].id
    for name in ("anna", "bram", "hugo", "hanna"):
        shown = list_conversations(world.session, world.actor(name))
        assert [c.id for c in shown] == [conversation.id]
        assert get_conversation(world.session, world.actor(name), conversation.id) is conversation
    rows = world.session.exec(select(AuditEvent).where(AuditEvent.action == "acp.view")).all()
    assert len(rows) == 4


def test_ben_and_gerda_may_not_read_conversations_and_cleo_only_when_taking_part(
    world: World,
) -> None:
    conversation = talk(world)
    for name in ("ben", "gerda"):
        with pytest.raises(PermissionDenied):
            list_conversations(world.session, world.actor(name))
    assert list_conversations(world.session, world.actor("cleo")) == []
    with pytest.raises(PermissionDenied):
        get_conversation(world.session, world.actor("cleo"), conversation.id)
    cleo = world.members["cleo"].id
    change_conversation(
        world.session,
        world.actor("anna"),
        conversation_id=conversation.id,
        expected_version=conversation.version,
        raw={"held_on": day(), "leader_name": "Dr. Visser", "participants": [f"m:{cleo}"]},
    )
    assert [c.id for c in list_conversations(world.session, world.actor("cleo"))] == [
        conversation.id
    ]


def test_a_forged_open_of_another_family_is_refused_and_logged(world: World, db: Session) -> None:
    conversation = talk(world)
    dora = world.actor("dora", world.beta)
    world.session.commit()
    with pytest.raises(PermissionDenied), unit_of_work() as session:
        get_conversation(session, dora, conversation.id)
    denied = db.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).all()
    assert [(d.action, d.object_id) for d in denied] == [("acp.view", conversation.id)]


def test_a_stale_save_is_refused_and_an_unchanged_save_changes_nothing(world: World) -> None:
    conversation = talk(world)
    version = conversation.version
    raw = {"held_on": day(), "leader_name": "Dr. Visser", "report": "We spraken over school."}
    change_conversation(
        world.session,
        world.actor("anna"),
        conversation_id=conversation.id,
        expected_version=version,
        raw=raw,
    )
    assert conversation.report == "We spraken over school."
    with pytest.raises(Conflict):
        change_conversation(
            world.session,
            world.actor("hugo"),
            conversation_id=conversation.id,
            expected_version=version,
            raw={**raw, "report": "Anders"},
        )
    same = change_conversation(
        world.session,
        world.actor("hugo"),
        conversation_id=conversation.id,
        expected_version=conversation.version,
        raw=raw,
    )
    assert same.version == conversation.version


def test_bad_input_names_each_field_and_writes_nothing(world: World) -> None:
    beta_contact = world.contacts.get("beta")
    before = len(world.session.exec(select(AcpConversation)).all())
    with pytest.raises(AcpInputError) as caught:
        create_conversation(
            world.session,
            world.actor("hanna"),
            {
                "held_on": "31-02-2026",
                "leader": "m:999999",
                "participants": ["x:1", "m:2"],
                "report": "x" * 9000,
            },
        )
    assert set(caught.value.errors) == {"held_on", "leader", "participants", "report"}
    with pytest.raises(AcpInputError) as caught:
        create_conversation(world.session, world.actor("hanna"), {"held_on": ""})
    assert caught.value.errors == {"held_on": "acp.error.date_required"}
    if beta_contact is not None:
        with pytest.raises(AcpInputError):
            create_conversation(
                world.session,
                world.actor("hanna"),
                {"held_on": day(), "participants": [f"c:{beta_contact.id}"]},
            )
    dora = world.members["dora"].id
    with pytest.raises(AcpInputError):
        create_conversation(
            world.session, world.actor("hanna"), {"held_on": day(), "leader": f"m:{dora}"}
        )
    assert len(world.session.exec(select(AcpConversation)).all()) == before


def test_a_network_contact_can_lead_and_take_part(world: World) -> None:
    oma = world.contacts["oma"].id
    conversation = talk(world, leader=f"c:{oma}", participants=[f"c:{oma}"])
    assert conversation.leader_contact_id == oma
    assert conversation.participant_contact_ids == [oma]


def test_only_parents_and_case_managers_plan_conversations(world: World) -> None:
    for name in ("cleo", "ben", "gerda"):
        with pytest.raises(PermissionDenied):
            talk(world, who=name)


def test_hugo_asks_a_question_the_parents_hear_of_it_anna_answers_and_hugo_reads_it(
    world: World,
) -> None:
    conversation = talk(world)
    question = ask_question(
        world.session,
        world.actor("hugo"),
        conversation_id=conversation.id,
        raw="Wat wil Cleo zelf weten?",
    )
    again = ask_question(
        world.session,
        world.actor("hugo"),
        conversation_id=conversation.id,
        raw="Wat wil Cleo zelf weten?",
    )
    assert again.id == question.id  # a double tap asks once
    told = world.session.exec(select(Notification).where(Notification.kind == "acp.question")).all()
    assert {n.recipient_user_id for n in told} == {world.users["anna"].id, world.users["bram"].id}
    with pytest.raises(PermissionDenied):
        answer_question(
            world.session,
            world.actor("hugo"),
            question_id=question.id,
            expected_version=question.version,
            raw="x",
        )
    version = question.version
    answer_question(
        world.session,
        world.actor("anna"),
        question_id=question.id,
        expected_version=version,
        raw="Alles, in gewone woorden.",
    )
    # The same answer again (a double tap with the old version) is no conflict.
    answer_question(
        world.session,
        world.actor("anna"),
        question_id=question.id,
        expected_version=version,
        raw="Alles, in gewone woorden.",
    )
    with pytest.raises(Conflict):
        answer_question(
            world.session,
            world.actor("bram"),
            question_id=question.id,
            expected_version=version,
            raw="Iets anders",
        )
    (seen,) = questions_of(world.session, world.actor("hugo"), conversation)
    assert seen.answer == "Alles, in gewone woorden."
    assert seen.answered_by_id == world.members["anna"].id


def test_cleo_answers_a_question_only_of_a_conversation_she_takes_part_in(
    world: World,
) -> None:
    conversation = talk(world)
    question = ask_question(
        world.session, world.actor("hanna"), conversation_id=conversation.id, raw="Wat vind jij?"
    )
    with pytest.raises(PermissionDenied):
        answer_question(
            world.session,
            world.actor("cleo"),
            question_id=question.id,
            expected_version=question.version,
            raw="Thuis zijn",
        )
    cleo = world.members["cleo"].id
    conversation.participant_ids = [*conversation.participant_ids, cleo]
    world.session.add(conversation)
    world.session.flush()
    answer_question(
        world.session,
        world.actor("cleo"),
        question_id=question.id,
        expected_version=question.version,
        raw="Thuis zijn",
    )
    assert question.answer == "Thuis zijn"


def test_a_follow_up_becomes_a_task_in_taken_that_links_back(world: World) -> None:
    conversation = talk(world)
    raw = {"title": "Wensen voor school bespreken", "domain": "wishes", "assignee": ""}
    task = make_task(world.session, world.actor("hanna"), conversation_id=conversation.id, raw=raw)
    again = make_task(world.session, world.actor("hanna"), conversation_id=conversation.id, raw=raw)
    assert again.id == task.id
    assert (task.source_type, task.source_id) == ("acp", conversation.id)
    assert [t.id for t in follow_ups(world.session, world.actor("anna"), conversation)] == [task.id]
    assert source_conversation(world.session, world.actor("anna"), task) is conversation
    assert source_conversation(world.session, world.actor("gerda"), task) is None
    assert world.session.get(Task, task.id) is task


def test_a_removed_conversation_is_gone_from_the_list(world: World) -> None:
    conversation = talk(world)
    delete_conversation(
        world.session,
        world.actor("anna"),
        conversation_id=conversation.id,
        expected_version=conversation.version,
    )
    assert list_conversations(world.session, world.actor("anna")) == []


def test_in_the_app_anna_reads_who_asks_for_which_conversation_and_the_push_stays_generic(
    world: World,
) -> None:
    from babel.dates import format_date

    from dossier.domain.notification_items import read_items
    from dossier.notify.sender import push_texts
    from dossier.presenters.notifications import item_text

    conversation = talk(world)
    ask_question(
        world.session, world.actor("hugo"), conversation_id=conversation.id, raw="Wat hoopt u?"
    )
    anna = world.users["anna"].id
    told = world.session.exec(
        select(Notification).where(Notification.recipient_user_id == anna)
    ).all()
    (seen,) = read_items(world.session, anna, told)
    day = format_date(conversation.held_on, "d MMMM y", locale="nl")
    assert item_text(seen, "nl") == f"Hugo stelt een vraag voor het gesprek van {day}"
    assert seen.url == f"/zorgplan/gesprekken?open={conversation.id}"
    _title, body = push_texts("acp.question", "nl")
    assert "Hugo" not in body and day not in body
