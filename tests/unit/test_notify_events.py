"""What is sent to whom: each event's recipients, never the actor, dedupe, channels."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, col, select

from dossier.domain import notifications
from dossier.domain.agreements import (
    AgreementDraft,
    agreement_needs_confirmation,
    change_agreement,
    propose_agreement,
)
from dossier.domain.appointments import (
    AppointmentForm,
    cancel_appointment,
    create_appointment,
    update_appointment,
)
from dossier.domain.checkins import record_checkin
from dossier.domain.notification_settings import save
from dossier.domain.tasks import create_task, update_task
from dossier.i18n import catalogue
from dossier.models import (
    Category,
    CheckinSignal,
    DeliveryStatus,
    MembershipStatus,
    Notification,
    PushDelivery,
    PushSubscription,
    Task,
)
from tests.factories import World

TODAY = date(2026, 11, 23)
NOON = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)  # 12:00 in Amsterdam: no quiet hours
SECRET = "Morfinepomp ophalen"  # a health detail that must never reach a notification


def notes(session: Session, *, kind: str | None = None) -> list[Notification]:
    query = select(Notification).order_by(col(Notification.id))
    if kind:
        query = query.where(Notification.kind == kind)
    return list(session.exec(query).all())


def who(world: World, rows: list[Notification]) -> list[str]:
    names = {user.id: name for name, user in world.users.items()}
    return sorted(names[row.recipient_user_id] for row in rows)


def device(world: World, name: str) -> PushSubscription:
    count = len(world.session.exec(select(PushSubscription)).all())
    row = PushSubscription(
        user_id=world.users[name].id,
        endpoint=f"https://push.example/{name}/{count}",
        p256dh="key",
        auth="auth",
    )
    world.session.add(row)
    world.session.flush()
    return row


def deliveries(session: Session, notification: Notification) -> list[PushDelivery]:
    return list(
        session.exec(
            select(PushDelivery).where(PushDelivery.notification_id == notification.id)
        ).all()
    )


def new_task(world: World, by: str, assignee: str | None, title: str = SECRET) -> Task:
    raw = {"title": title, "domain": "care", "notes": SECRET}
    if assignee:
        raw["assignee"] = str(world.members[assignee].id)
    return create_task(world.session, world.actor(by), raw)


def set_channel(world: World, name: str, category: Category, channel: str) -> None:
    save(
        world.session,
        world.users[name].id,
        channels={category: channel},
        quiet_start="22:00",
        quiet_end="07:30",
        daily_summary=False,
        summary_at="08:00",
        expected_version=0,
    )


# --------------------------------------------------------------------------------------
# Tasks
# --------------------------------------------------------------------------------------


def test_a_parent_assigns_a_task_to_the_home_case_manager(world: World) -> None:
    task = new_task(world, "anna", "hugo")
    (note,) = notes(world.session)
    assert who(world, [note]) == ["hugo"]  # the parent who assigned it gets nothing
    assert (note.kind, note.category, note.url) == ("task.assigned", "tasks", "/taken")
    assert (note.family_id, note.object_type, note.object_id) == (world.alfa.id, "task", task.id)
    assert note.dedupe_key == f"task.assigned:{task.id}:{world.users['hugo'].id}:1"
    assert SECRET not in json.dumps(note.model_dump(mode="json"))


def test_no_notification_for_your_own_action_or_without_assignee(world: World) -> None:
    new_task(world, "hugo", "hugo")
    new_task(world, "anna", None)
    assert notes(world.session) == []


@pytest.mark.parametrize(
    ("assignee", "expected"), [("gerda", ["gerda"]), ("ben", []), ("cleo", [])]
)
def test_caregivers_hear_of_their_task_siblings_and_the_child_never(
    world: World, assignee: str, expected: list[str]
) -> None:
    new_task(world, "anna", assignee)
    assert who(world, notes(world.session)) == expected


def test_a_reassignment_notifies_again_a_retry_does_not(world: World) -> None:
    task = new_task(world, "anna", "hugo")
    base = {"title": task.title, "domain": "care", "notes": SECRET}

    def assign(to: str) -> None:
        update_task(
            world.session,
            world.actor("anna"),
            task_id=task.id,
            expected_version=task.version,
            data={**base, "assignee": str(world.members[to].id)},
        )

    assign("hanna")
    assign("hugo")
    assert [who(world, [n])[0] for n in notes(world.session)] == ["hugo", "hanna", "hugo"]
    assert notifications.task_assigned(world.session, task, world.actor("anna")) == []  # a retry
    update_task(  # another change, same assignee: nothing new
        world.session,
        world.actor("anna"),
        task_id=task.id,
        expected_version=task.version,
        data={**base, "title": "Iets anders", "assignee": str(world.members["hugo"].id)},
    )
    assert len(notes(world.session)) == 3


def test_a_removed_member_is_never_notified(world: World) -> None:
    task = world.tasks["for_gerda"]
    world.members["gerda"].status = MembershipStatus.REVOKED
    world.session.add(world.members["gerda"])
    world.session.flush()
    assert notifications.task_assigned(world.session, task, world.actor("anna")) == []


# --------------------------------------------------------------------------------------
# Channels
# --------------------------------------------------------------------------------------


def test_push_writes_one_outbox_row_per_device(world: World) -> None:
    phone, tablet = device(world, "hugo"), device(world, "hugo")
    device(world, "anna")
    task = world.tasks["for_gerda"]
    task.assignee_id = world.members["hugo"].id
    world.session.add(task)
    world.session.flush()
    (note,) = notifications.task_assigned(world.session, task, world.actor("anna"), now=NOON)
    rows = deliveries(world.session, note)
    assert {r.subscription_id for r in rows} == {phone.id, tablet.id}
    assert {r.status for r in rows} == {DeliveryStatus.PENDING}
    assert all(r.not_before == NOON for r in rows)


@pytest.mark.parametrize(("channel", "in_app", "pushed"), [("off", 0, 0), ("in_app", 1, 0)])
def test_in_app_only_and_off(world: World, channel: str, in_app: int, pushed: int) -> None:
    device(world, "hugo")
    set_channel(world, "hugo", Category.TASKS, channel)
    new_task(world, "anna", "hugo")
    assert len(notes(world.session)) == in_app
    assert len(world.session.exec(select(PushDelivery)).all()) == pushed
    # Other categories keep the default: push.
    create_appointment(world.session, world.actor("anna"), appointment_form(world, ["hugo"]))
    assert len(notes(world.session, kind="appointment.created")) == 1
    assert len(world.session.exec(select(PushDelivery)).all()) == pushed + 1


# --------------------------------------------------------------------------------------
# Agreements
# --------------------------------------------------------------------------------------


def draft(world: World, **values: object) -> AgreementDraft:
    base: dict[str, object] = {
        "topic": "Vervoer naar school",
        "domain": "school",
        "responsible": world.members["hanna"].id,
        "review_on": TODAY + timedelta(days=30),
    }
    return AgreementDraft(**{**base, **values})  # type: ignore[arg-type]


def test_a_proposal_asks_the_responsible_person_and_the_parents(world: World) -> None:
    agreement = propose_agreement(world.session, world.actor("hugo"), draft(world), today=TODAY)
    rows = notes(world.session)
    assert who(world, rows) == ["anna", "bram", "hanna"]  # not hugo (proposed it), not gerda
    assert {(n.kind, n.category, n.url) for n in rows} == {
        ("agreement.proposed", "agreements", "/wie-doet-wat")
    }
    hanna = world.users["hanna"].id
    assert f"agreement.confirm:{agreement.id}:{hanna}:1" in {n.dedupe_key for n in rows}


def test_a_parent_proposing_confirms_for_the_parents(world: World) -> None:
    propose_agreement(world.session, world.actor("anna"), draft(world), today=TODAY)
    assert who(world, notes(world.session)) == ["hanna"]


def test_an_agreement_agreed_at_once_or_without_owner_asks_nobody(world: World) -> None:
    propose_agreement(
        world.session,
        world.actor("anna"),
        draft(world, responsible=None, parents_keep=True),
        today=TODAY,
    )
    propose_agreement(
        world.session, world.actor("hugo"), draft(world, responsible=None), today=TODAY
    )
    assert notes(world.session) == []


def test_a_change_asks_again_for_the_new_version(world: World) -> None:
    agreement = propose_agreement(world.session, world.actor("anna"), draft(world), today=TODAY)
    change_agreement(
        world.session,
        world.actor("anna"),
        agreement_id=agreement.id,
        expected_version=agreement.version,
        draft=draft(world, topic="Vervoer naar school en terug"),
        today=TODAY,
    )
    assert [(who(world, [n])[0], n.kind) for n in notes(world.session)] == [
        ("hanna", "agreement.proposed"),
        ("hanna", "agreement.changed"),
    ]
    again = agreement_needs_confirmation(
        world.session, agreement, world.actor("anna"), change="changed", today=TODAY
    )
    assert again == []  # a retry of the same version


def test_a_caregiver_hears_only_of_an_agreement_they_carry(world: World) -> None:
    propose_agreement(
        world.session,
        world.actor("anna"),
        draft(world, responsible=world.members["gerda"].id),
        today=TODAY,
    )
    propose_agreement(
        world.session,
        world.actor("anna"),
        draft(world, informed=(world.members["gerda"].id,)),
        today=TODAY,
    )
    assert who(world, notes(world.session)) == ["gerda", "hanna"]


# --------------------------------------------------------------------------------------
# Appointments
# --------------------------------------------------------------------------------------


def appointment_form(world: World, attendees: list[str], **values: object) -> AppointmentForm:
    base: dict[str, object] = {
        "title": SECRET,
        "day": "2030-05-14",
        "start": "09:30",
        "end": "10:15",
        "attendees": tuple(str(world.members[n].id) for n in attendees),
        "reminders": ("1440", "120"),
    }
    return AppointmentForm(**{**base, **values})  # type: ignore[arg-type]


def test_appointments_notify_the_people_going_along(world: World) -> None:
    s, anna = world.session, world.actor("anna")
    going = ["anna", "hugo", "gerda", "ben"]
    appointment = create_appointment(s, anna, appointment_form(world, going))
    assert who(world, notes(s, kind="appointment.created")) == ["gerda", "hugo"]
    assert {n.url for n in notes(s)} == {"/agenda"}

    def change(attendees: list[str], **values: object) -> None:
        update_appointment(
            s,
            anna,
            appointment_id=appointment.id,
            form=appointment_form(world, attendees, **values),
            expected_version=appointment.version,
        )

    change(going, place="Andere locatie")  # not moved: nobody
    assert len(notes(s)) == 2
    change([*going, "hanna"], start="11:00", end="11:30")  # moved, and hanna added
    assert who(world, notes(s, kind="appointment.moved")) == ["gerda", "hugo"]
    assert who(world, notes(s, kind="appointment.created")) == ["gerda", "hanna", "hugo"]
    change([*going, "hanna", "bram"], start="11:00", end="11:30", place="Thuis")
    assert who(world, notes(s, kind="appointment.created")) == ["bram", "gerda", "hanna", "hugo"]
    cancel_appointment(s, anna, appointment_id=appointment.id, expected_version=appointment.version)
    assert who(world, notes(s, kind="appointment.cancelled")) == ["bram", "gerda", "hanna", "hugo"]
    assert "anna" not in who(world, notes(s))
    retry = notifications.appointment_changed(s, appointment, "cancelled", anna)
    assert retry == []


def test_an_unknown_appointment_change_is_a_programming_error(world: World) -> None:
    with pytest.raises(ValueError):
        notifications.appointment_changed(world.session, None, "renamed", None)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------
# Sibling signals
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        (["parents"], ["anna", "bram"]),
        (["cm_home"], ["hugo"]),
        (["cm_hospital"], ["hanna"]),
        (["parents", "cm_home", "cm_hospital"], ["anna", "bram", "hanna", "hugo"]),
        ([], []),
    ],
)
def test_signals_go_only_to_the_adults_it_was_shared_with(
    world: World, audience: list[str], expected: list[str]
) -> None:
    for days in (2, 0):  # low twice within 14 days: a signal for each group that read both
        record_checkin(
            world.session,
            world.actor("ben"),
            mood=1,
            needs=["rest"],
            audience=audience,
            note=SECRET,
            now=NOON - timedelta(days=days),
        )
    rows = notes(world.session)
    assert who(world, rows) == expected
    assert {(n.kind, n.category, n.url) for n in rows} <= {
        ("checkin.signal", "signals", "/check-in")
    }
    assert all(SECRET not in json.dumps(n.model_dump(mode="json")) for n in rows)


def test_signal_retry_does_not_notify_twice(world: World) -> None:
    checkin = record_checkin(
        world.session,
        world.actor("ben"),
        mood=3,
        needs=["rest"],
        audience=["cm_home"],
        wants_to_talk=True,
        talk_to_id=world.members["hugo"].id,
    )
    (signal,) = world.session.exec(
        select(CheckinSignal).where(CheckinSignal.checkin_id == checkin.id)
    ).all()
    assert notifications.signal_raised(world.session, signal) == []
    assert len(notes(world.session)) == 1


# --------------------------------------------------------------------------------------
# The texts
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_kind_has_a_calm_title_and_body(lang: str) -> None:
    texts = catalogue(lang)
    for kind in notifications.KINDS:
        title, body = texts[notifications.title_key(kind)], texts[notifications.body_key(kind)]
        assert "{" not in title + body  # nothing to fill in: the lock screen shows it as is
        assert len(title) <= 40 and len(body) <= 100
