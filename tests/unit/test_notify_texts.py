"""What the in-app list says: who did what, the item's link, the generic words when the
reader may not (or no longer) see the item, and a brother or sister who wants to talk.

The stored row and the push never carry a name or a title; only the list inside the
app, read as the reader through the gate, does.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from dossier.domain.agreements import AgreementDraft, propose_agreement
from dossier.domain.appointments import AppointmentForm, cancel_appointment, create_appointment
from dossier.domain.checkins import record_checkin
from dossier.domain.notification_items import LIST_READ, Seen, read_items
from dossier.domain.tasks import create_task, delete_task, set_done, update_task
from dossier.models import (
    AuditEvent,
    Category,
    DeliveryStatus,
    Notification,
    PushDelivery,
    PushSubscription,
    Task,
)
from dossier.notify.sender import push_payload
from dossier.presenters.notifications import item_text, notification_row
from tests.factories import World

TODAY = date(2026, 11, 23)
TITLE = "Offerte aangepaste kinderwagen opvragen"
WORDS = "Ik ben bang in het ziekenhuis"  # a sibling's own words: never in any notification


def notes_for(world: World, name: str, kind: str | None = None) -> list[Notification]:
    query = select(Notification).where(Notification.recipient_user_id == world.users[name].id)
    if kind:
        query = query.where(Notification.kind == kind)
    return list(world.session.exec(query.order_by(col(Notification.id))).all())


def seen_by(world: World, name: str, kind: str | None = None) -> list[Seen]:
    return read_items(world.session, world.users[name].id, notes_for(world, name, kind))


def texts(world: World, name: str, kind: str | None = None, lang: str = "nl") -> list[str]:
    return [item_text(one, lang) for one in seen_by(world, name, kind)]


def anna_asks_hugo(world: World, title: str = TITLE) -> Task:
    raw = {
        "title": title,
        "domain": "money",
        "assignee": str(world.members["hugo"].id),
        "due": "2026-12-18",
    }
    return create_task(world.session, world.actor("anna"), raw)


def complete(world: World, name: str, task: Task, *, done: bool = True) -> Task:
    return set_done(
        world.session, world.actor(name), task_id=task.id, expected_version=task.version, done=done
    )


def device(world: World, name: str) -> None:
    world.session.add(
        PushSubscription(
            user_id=world.users[name].id,
            endpoint=f"https://push.example/{name}",
            p256dh="key",
            auth="auth",
        )
    )
    world.session.flush()


# --------------------------------------------------------------------------------------
# Tasks: who asked, what, by when; and who finished it
# --------------------------------------------------------------------------------------


def test_hugo_reads_who_asked_him_what_and_by_when(world: World) -> None:
    task = anna_asks_hugo(world)
    (seen,) = seen_by(world, "hugo")
    assert item_text(seen, "nl") == f"Anna vroeg je: {TITLE}, uiterlijk 18 dec"
    assert item_text(seen, "en") == f"Anna asked you: {TITLE}, by 18 Dec"
    assert seen.url == f"/taken?open={task.id}"
    stored = json.dumps(seen.notification.model_dump(mode="json"))
    assert TITLE not in stored and "Anna" not in stored  # words are made when read
    assert seen.notification.actor_membership_id == world.members["anna"].id


def test_hugo_finishing_annas_task_tells_anna_who_and_what(world: World) -> None:
    task = anna_asks_hugo(world)
    complete(world, "hugo", task)
    (seen,) = seen_by(world, "anna", "task.done")
    assert item_text(seen, "nl") == f"Hugo heeft afgerond: {TITLE}"
    assert seen.notification.category == Category.TASKS
    assert seen.url == f"/taken?open={task.id}"


def test_hugo_marking_annas_task_done_in_the_form_tells_anna_too(world: World) -> None:
    task = anna_asks_hugo(world)
    form = {
        "title": TITLE,
        "domain": "money",
        "assignee": str(world.members["hugo"].id),
        "due": "2026-12-18",
        "status": "done",
    }
    update_task(
        world.session,
        world.actor("hugo"),
        task_id=task.id,
        expected_version=task.version,
        data=form,
        today=TODAY,
    )
    (seen,) = seen_by(world, "anna", "task.done")
    assert item_text(seen, "nl") == f"Hugo heeft afgerond: {TITLE}"


def test_finishing_your_own_task_tells_nobody(world: World) -> None:
    task = create_task(
        world.session,
        world.actor("anna"),
        {"title": TITLE, "domain": "money", "assignee": str(world.members["anna"].id)},
    )
    complete(world, "anna", task)
    assert notes_for(world, "anna") == []
    assert [n.kind for n in notes_for(world, "bram")] == []


def test_an_undo_takes_the_done_message_back_and_says_the_task_is_open_again(
    world: World,
) -> None:
    device(world, "anna")
    task = anna_asks_hugo(world)
    complete(world, "hugo", task)
    (done,) = notes_for(world, "anna", "task.done")
    (push,) = world.session.exec(
        select(PushDelivery).where(PushDelivery.notification_id == done.id)
    ).all()
    assert push.status == DeliveryStatus.PENDING
    complete(world, "hugo", task, done=False)  # the undo bar
    world.session.refresh(done)
    world.session.refresh(push)
    assert done.read_at is not None  # no longer counts on the bell
    assert push.status == DeliveryStatus.EXPIRED  # never sent
    assert texts(world, "anna", "task.done") == [
        f"Hugo had afgerond: {TITLE}. Deze taak staat weer open."
    ]
    complete(world, "hugo", task)  # done for real this time: a new message
    assert len(notes_for(world, "anna", "task.done")) == 2


def test_a_reader_who_no_longer_may_see_the_task_gets_the_generic_words(world: World) -> None:
    raw = {"title": TITLE, "domain": "care", "assignee": str(world.members["gerda"].id)}
    task = create_task(world.session, world.actor("anna"), raw)
    assert texts(world, "gerda") == [f"Anna vroeg je: {TITLE}"]
    update_task(
        world.session,
        world.actor("anna"),
        task_id=task.id,
        expected_version=task.version,
        data={**raw, "assignee": str(world.members["hugo"].id)},
    )
    (seen,) = seen_by(world, "gerda")
    assert item_text(seen, "nl") == "Nieuwe taak voor jou in het gezinsdossier"
    assert seen.url == "/taken" and not seen.visible  # the page, never the item


def test_a_deleted_task_gets_the_generic_words(world: World) -> None:
    task = anna_asks_hugo(world)
    delete_task(world.session, world.actor("anna"), task_id=task.id, expected_version=1)
    assert texts(world, "hugo") == ["Nieuwe taak voor jou in het gezinsdossier"]


# --------------------------------------------------------------------------------------
# Werkafspraken and afspraken
# --------------------------------------------------------------------------------------


def test_a_proposed_werkafspraak_names_who_and_its_topic(world: World) -> None:
    draft = AgreementDraft(
        topic="Vervoer naar school", domain="school", responsible=world.members["hanna"].id
    )
    agreement = propose_agreement(world.session, world.actor("hugo"), draft, today=TODAY)
    (seen,) = seen_by(world, "hanna")
    assert item_text(seen, "nl") == (
        "Hugo stelde een werkafspraak voor: Vervoer naar school. Wil je die bevestigen?"
    )
    assert seen.url == f"/wie-doet-wat?open={agreement.id}"


def test_an_appointment_says_what_and_when_and_a_cancelled_one_opens_the_agenda(
    world: World,
) -> None:
    form = AppointmentForm(
        title="Kinderarts",
        day="2030-05-14",
        start="09:30",
        end="10:15",
        attendees=(str(world.members["hugo"].id),),
        reminders=("1440",),
    )
    appointment = create_appointment(world.session, world.actor("anna"), form)
    (created,) = seen_by(world, "hugo")
    assert item_text(created, "nl") == (
        "Anna zette een afspraak voor je in de agenda: Kinderarts, di 14 mei 09:30"
    )
    assert created.url == f"/agenda?open={appointment.id}"
    cancel_appointment(
        world.session,
        world.actor("bram"),
        appointment_id=appointment.id,
        expected_version=appointment.version,
    )
    cancelled = seen_by(world, "hugo", "appointment.cancelled")[0]
    assert item_text(cancelled, "nl").startswith("Bram zegde de afspraak af: Kinderarts")
    assert cancelled.url == "/agenda"


# --------------------------------------------------------------------------------------
# Brothers and sisters
# --------------------------------------------------------------------------------------


def ben_wants_to_talk(world: World, audience: list[str], talk_to: str) -> None:
    record_checkin(
        world.session,
        world.actor("ben"),
        mood=2,
        needs=["rest"],
        note=WORDS,
        audience=audience,
        wants_to_talk=True,
        talk_to_id=world.members[talk_to].id,
        now=datetime(2026, 11, 23, 11, 0, tzinfo=UTC),
    )


def test_a_parent_sees_that_ben_wants_to_talk_and_the_row_stands_out(world: World) -> None:
    ben_wants_to_talk(world, ["parents"], talk_to="anna")
    (for_anna,) = seen_by(world, "anna")
    (for_bram,) = seen_by(world, "bram")
    assert item_text(for_anna, "nl") == "Ben wil graag praten, met jou"
    assert item_text(for_bram, "nl") == "Ben wil graag praten"
    row = notification_row(for_bram, "nl", TODAY)
    assert row["talk"] is True and for_bram.url == "/check-in"
    assert WORDS not in json.dumps(row)


def test_a_low_mood_signal_names_the_sibling_without_standing_out(world: World) -> None:
    for days in (2, 0):
        record_checkin(
            world.session,
            world.actor("ben"),
            mood=1,
            needs=["rest"],
            audience=["parents"],
            now=datetime(2026, 11, 23, 11, 0, tzinfo=UTC) - timedelta(days=days),
        )
    (seen,) = seen_by(world, "anna")
    assert item_text(seen, "nl") == "Het gaat minder goed met Ben. Kijk even bij de check-in."
    assert notification_row(seen, "nl", TODAY)["talk"] is False


def test_a_caregiver_or_a_case_manager_it_was_not_shared_with_never_reads_bens_words(
    world: World,
) -> None:
    """Even a notification row that points at the signal (a bug, an old row) shows only
    the generic words to someone the sibling did not share with."""
    ben_wants_to_talk(world, ["parents"], talk_to="anna")
    (for_anna,) = notes_for(world, "anna")
    for name in ("gerda", "hanna", "hugo"):
        world.session.add(
            Notification(
                family_id=world.alfa.id,
                recipient_user_id=world.users[name].id,
                kind="checkin.signal",
                category=Category.SIGNALS,
                object_type=for_anna.object_type,
                object_id=for_anna.object_id,
                actor_membership_id=world.members["ben"].id,
                url="/check-in",
                dedupe_key=f"crafted:{name}",
            )
        )
    world.session.flush()
    for name in ("gerda", "hanna", "hugo"):
        (seen,) = seen_by(world, name)
        row = notification_row(seen, "nl", TODAY)
        assert row["text"] == "Er is iets nieuws bij de check-in. Kijk even in het gezinsdossier."
        assert "Ben" not in row["text"] and WORDS not in row["text"]
        assert row["talk"] is False and not seen.visible


# --------------------------------------------------------------------------------------
# The push, the stored row and the access log
# --------------------------------------------------------------------------------------


def test_names_and_titles_never_reach_the_push_or_the_stored_row(world: World) -> None:
    task = anna_asks_hugo(world)
    complete(world, "hugo", task)
    ben_wants_to_talk(world, ["parents"], talk_to="anna")
    rows = notes_for(world, "anna") + notes_for(world, "hugo")
    assert {n.kind for n in rows} == {"task.assigned", "task.done", "checkin.signal"}
    for row in rows:
        for lang in ("nl", "en"):
            payload = json.dumps(push_payload(row, lang), ensure_ascii=False)
            for secret in (TITLE, "Anna", "Hugo", "Ben", WORDS, "kinderwagen"):
                assert secret not in payload
        assert TITLE not in json.dumps(row.model_dump(mode="json"))
    (done,) = notes_for(world, "anna", "task.done")
    assert push_payload(done, "nl")["body"] == "Een taak is afgerond"
    assert push_payload(done, "nl")["url"] == "/taken"  # the push opens the page only


def test_reading_the_list_leaves_one_access_log_row_per_family(world: World) -> None:
    anna_asks_hugo(world)
    anna_asks_hugo(world, "Nog een taak")
    seen_by(world, "hugo")
    rows = world.session.exec(
        select(AuditEvent).where(
            AuditEvent.action == LIST_READ, AuditEvent.user_id == world.users["hugo"].id
        )
    ).all()
    assert [(r.family_id, r.detail) for r in rows] == [(world.alfa.id, "2 items")]


def test_an_empty_or_unknown_item_keeps_its_own_words(world: World, db: Session) -> None:
    world.session.add(
        Notification(
            family_id=None,
            recipient_user_id=world.users["anna"].id,
            kind="push.test",
            url="/meldingen/instellingen",
            dedupe_key="test:1",
        )
    )
    world.session.flush()
    (seen,) = seen_by(world, "anna")
    assert seen.url == "/meldingen/instellingen" and not seen.visible
    assert item_text(seen, "nl").startswith("Dit is een testmelding")
