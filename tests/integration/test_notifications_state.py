"""The notification list, the bell, the notification settings and the test notification:
states called directly, as the websocket would, with a gate-made login.

Everything here is the person's own data: another person's notification or device id
changes nothing, and the test notification reaches only the person who asked for it.
"""

from __future__ import annotations

import base64
import secrets
from datetime import timedelta

import pytest
import reflex as rx
from sqlmodel import Session, select

from dossier.db import session_scope
from dossier.domain import push_devices
from dossier.i18n import translate
from dossier.models import (
    AuditEvent,
    Category,
    Notification,
    NotificationSettings,
    PushDelivery,
    PushSubscription,
    utcnow,
)
from dossier.notify.outbox import notify
from dossier.state import gate
from dossier.state.base import AppState
from dossier.state.notification_settings import NotificationSettingsState, fingerprint
from dossier.state.notifications import NotificationsState
from tests.factories import World


def add_notification(world: World, name: str, key: str, *, minutes_ago: int = 0, **values):
    with session_scope() as session:
        note = Notification(
            family_id=world.alfa.id,
            recipient_user_id=world.users[name].id,
            kind=values.pop("kind", "task.assigned"),
            category=values.pop("category", Category.TASKS),
            url=values.pop("url", "/taken"),
            dedupe_key=key,
            created_at=utcnow() - timedelta(minutes=minutes_ago),
            **values,
        )
        session.add(note)
        session.flush()
        return note.id


def add_device(world: World, name: str, device_name: str = "Telefoon") -> PushSubscription:
    with session_scope() as session:
        row = PushSubscription(
            user_id=world.users[name].id,
            endpoint=f"https://fcm.googleapis.com/fcm/send/{secrets.token_urlsafe(16)}",
            p256dh=base64.urlsafe_b64encode(b"\x04" + b"1" * 64).decode(),
            auth="QUFBQUFBQUFBQUFBQUFBQQ",
            device_name=device_name,
        )
        session.add(row)
        session.flush()
        return row


def read_at(note_id: int):
    with session_scope() as session:
        return session.get(Notification, note_id).read_at


def denials(action: str) -> int:
    with session_scope() as session:
        rows = session.exec(
            select(AuditEvent).where(AuditEvent.action == action, AuditEvent.outcome == "denied")
        ).all()
        return len(rows)


async def list_state() -> NotificationsState:
    return await rx.State().get_state(NotificationsState)


async def settings_state() -> NotificationSettingsState:
    return await rx.State().get_state(NotificationSettingsState)


# --------------------------------------------------------------------------------------
# The list and the bell
# --------------------------------------------------------------------------------------


async def test_the_list_shows_my_own_notifications_newest_first(world: World, acting) -> None:
    older = add_notification(world, "anna", "a-1", minutes_ago=30)
    newer = add_notification(
        world, "anna", "a-2", kind="appointment.moved", category=Category.APPOINTMENTS
    )
    add_notification(world, "bram", "b-1")  # Bram's: never in Anna's list
    with session_scope() as session:
        session.get(Notification, older).read_at = utcnow()
    acting("anna")
    state = await list_state()
    state.load_notifications()
    assert [row["id"] for row in state.items] == [str(newer), str(older)]
    assert [row["unread"] for row in state.items] == [True, False]
    assert state.items[0]["text"] == translate("nl", "notification.appointment.moved.body")
    assert state.unread == 1
    assert state.unread_text == translate("nl", "notif.list.unread_count", count=1)


async def test_an_unknown_kind_gets_the_generic_words(world: World, acting) -> None:
    add_notification(world, "anna", "a-1", kind="something.new")
    acting("anna")
    state = await list_state()
    state.load_notifications()
    assert state.items[0]["text"] == translate("nl", "notification.push.generic.body")


async def test_opening_one_marks_it_read_and_goes_to_its_page(world: World, acting) -> None:
    mine = add_notification(world, "anna", "a-1", url="/agenda")
    acting("anna")
    state = await list_state()
    result = state.open_notification(str(mine))
    assert "/agenda" in str(result)
    assert read_at(mine) is not None


async def test_a_link_elsewhere_is_never_followed(world: World, acting) -> None:
    mine = add_notification(world, "anna", "a-1", url="//evil.example/x")
    acting("anna")
    result = (await list_state()).open_notification(str(mine))
    assert "evil" not in str(result)


@pytest.mark.parametrize("handler", ["open_notification", "mark_one_read"])
async def test_someone_elses_notification_is_not_touched(
    world: World, acting, handler: str
) -> None:
    brams = add_notification(world, "bram", "b-1", url="/taken")
    acting("anna")
    state = await list_state()
    for forged in (str(brams), "abc", "-1", "99999999999999"):
        result = getattr(state, handler)(forged)
        assert "/taken" not in str(result)
    assert read_at(brams) is None


async def test_mark_one_and_all_read_touch_only_my_own(world: World, acting) -> None:
    first = add_notification(world, "anna", "a-1")
    second = add_notification(world, "anna", "a-2")
    brams = add_notification(world, "bram", "b-1")
    acting("anna")
    state = await list_state()
    state.load_notifications()
    assert state.unread == 2
    state.mark_one_read(str(first))
    assert (read_at(first) is not None, read_at(second)) == (True, None)
    assert state.unread == 1 and [r["unread"] for r in state.items] == [True, False]
    state.mark_everything_read()
    assert read_at(second) is not None and read_at(brams) is None
    assert state.unread == 0


async def test_the_bell_counts_my_unread_on_every_page(world: World, acting) -> None:
    add_notification(world, "anna", "a-1")
    add_notification(world, "anna", "a-2")
    add_notification(world, "bram", "b-1")
    acting("anna")
    shell = await rx.State().get_state(AppState)
    shell.load_shell()
    assert shell.unread == 2
    assert shell.bell_label == "Meldingen, 2 ongelezen"
    add_notification(world, "anna", "a-3")
    shell.refresh_unread()
    assert shell.unread == 3
    gate.act_as(None)
    shell.refresh_unread()  # no login: nothing read, nothing changed
    assert shell.unread == 3


async def test_the_bell_without_unread_just_says_notifications(world: World, acting) -> None:
    acting("anna")
    shell = await rx.State().get_state(AppState)
    shell.load_shell()
    assert (shell.unread, shell.bell_label) == (0, "Meldingen")


async def test_no_login_goes_to_the_login_page(world: World, db: Session) -> None:
    db.commit()
    state = await list_state()
    assert "/login" in str(state.load_notifications())
    settings = await settings_state()
    assert "/login" in str(settings.send_test())


# --------------------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------------------


def choices(**values: str) -> dict[str, str]:
    return {
        "version": "0",
        "channel__tasks": "push",
        "channel__appointments": "in_app",
        "channel__reminders": "push",
        "channel__agreements": "off",
        "channel__signals": "push",
        "quiet_start": "22:00",
        "quiet_end": "07:30",
        "summary_at": "08:00",
        **values,
    }


def stored_settings(world: World, name: str) -> NotificationSettings | None:
    with session_scope() as session:
        return session.exec(
            select(NotificationSettings).where(NotificationSettings.user_id == world.users[name].id)
        ).first()


async def test_the_topics_follow_my_roles_with_the_defaults(world: World, acting) -> None:
    acting("anna")
    state = await settings_state()
    state.load_page()
    assert [t["category"] for t in state.topics] == [
        "tasks",
        "agreements",
        "appointments",
        "reminders",
        "signals",
    ]
    assert {t["channel"] for t in state.topics} == {"push"}
    assert (state.quiet_start, state.quiet_end, state.daily_summary) == ("22:00", "07:30", False)
    assert state.version == "0" and state.loaded
    acting("ben")
    sibling = await settings_state()
    sibling.load_page()
    assert [t["category"] for t in sibling.topics] == [
        "tasks",
        "appointments",
        "reminders",
        "checkin_reminder",
    ]


async def test_saving_stores_my_choices(world: World, acting) -> None:
    acting("anna")
    state = await settings_state()
    state.load_page()
    state.save_preferences(
        choices(quiet_start="23:15", quiet_end="6:45", daily_summary="on", summary_at="19:00")
    )
    assert state.error == "" and state.saved
    saved = stored_settings(world, "anna")
    assert saved.channels["appointments"] == "in_app" and saved.channels["agreements"] == "off"
    assert (saved.quiet_start, saved.quiet_end) == ("23:15", "06:45")
    assert saved.daily_summary and saved.summary_at == "19:00"
    assert state.version == str(saved.version) and state.quiet_end == "06:45"
    appointments = next(t for t in state.topics if t["category"] == "appointments")
    assert appointments["channel"] == "in_app"
    assert stored_settings(world, "bram") is None  # only mine


async def test_a_topic_not_on_my_form_is_not_saved(world: World, acting) -> None:
    acting("anna")
    state = await settings_state()
    state.load_page()
    state.save_preferences(choices(channel__system="off", channel__checkin_reminder="off"))
    saved = stored_settings(world, "anna")
    assert "system" not in saved.channels and "checkin_reminder" not in saved.channels


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("quiet_start", "25:00", "notify.error.clock"),
        ("quiet_end", "", "notify.error.clock"),
        ("summary_at", "acht uur", "notify.error.clock"),
        ("channel__tasks", "sms", "notify.error.channel"),
    ],
)
async def test_bad_choices_are_explained_and_nothing_is_saved(
    world: World, acting, field: str, value: str, key: str
) -> None:
    acting("anna")
    state = await settings_state()
    state.load_page()
    state.save_preferences(choices(**{field: value}))
    assert state.error == translate("nl", key) and not state.saved
    assert stored_settings(world, "anna") is None


async def test_a_stale_save_is_a_conflict_and_shows_the_newest(world: World, acting) -> None:
    acting("anna")
    phone = await settings_state()
    phone.load_page()
    tablet = await settings_state()
    phone.save_preferences(choices(quiet_start="21:00"))
    assert phone.version == "1"
    # The tablet still has version 0 on its form.
    tablet.save_preferences(choices(quiet_start="23:00", version="0"))
    assert tablet.error == translate("nl", "notif.settings.conflict") and not tablet.saved
    assert stored_settings(world, "anna").quiet_start == "21:00"  # not overwritten
    assert (tablet.quiet_start, tablet.version) == ("21:00", "1")  # the newest, to look at


# --------------------------------------------------------------------------------------
# Devices
# --------------------------------------------------------------------------------------


async def test_my_devices_are_listed_with_a_fingerprint(world: World, acting) -> None:
    mine = add_device(world, "anna", "Keukentablet")
    add_device(world, "bram", "Telefoon van Bram")
    with session_scope() as session:
        session.get(PushSubscription, mine.id).failing_since = utcnow()
    acting("anna")
    state = await settings_state()
    state.load_page()
    [device] = state.devices
    assert device["name"] == "Keukentablet" and device["failing"]
    assert device["fingerprint"] == fingerprint(mine.endpoint) and len(device["fingerprint"]) == 16
    assert state.fingerprints == device["fingerprint"]


async def test_i_can_rename_and_remove_only_my_own_devices(world: World, acting) -> None:
    mine = add_device(world, "anna")
    brams = add_device(world, "bram", "Telefoon van Bram")
    acting("anna")
    state = await settings_state()
    state.load_devices()

    state.rename_device({"device": str(brams.id), "version": "1", "name": "Van mij"})
    assert state.device_error == translate("nl", "error.not_found")
    state.remove_device(str(brams.id))
    assert denials("push.device.rename") == 1 and denials("push.device.remove") == 1
    with session_scope() as session:
        assert session.get(PushSubscription, brams.id).device_name == "Telefoon van Bram"

    state.rename_device({"device": str(mine.id), "version": "1", "name": "  "})
    assert state.device_error == translate("nl", "notif.devices.error.name")
    state.rename_device({"device": str(mine.id), "version": "0", "name": "Oud"})
    assert state.device_error == translate("nl", "error.conflict")
    state.rename_device({"device": str(mine.id), "version": "1", "name": "Mijn telefoon"})
    assert state.device_error == "" and state.devices[0]["name"] == "Mijn telefoon"

    state.remove_device(str(mine.id))
    assert state.devices == []
    with session_scope() as session:
        assert [r.id for r in session.exec(select(PushSubscription)).all()] == [brams.id]


async def test_removing_a_device_drops_its_waiting_messages(world: World, acting) -> None:
    mine = add_device(world, "anna")
    note = add_notification(world, "anna", "a-1")
    with session_scope() as session:
        now = utcnow()
        session.add(
            PushDelivery(
                notification_id=note,
                subscription_id=mine.id,
                not_before=now,
                expires_at=now + timedelta(hours=1),
            )
        )
    acting("anna")
    (await settings_state()).remove_device(str(mine.id))
    with session_scope() as session:
        assert session.exec(select(PushDelivery)).one().status == "gone"


# --------------------------------------------------------------------------------------
# The test notification
# --------------------------------------------------------------------------------------


async def test_the_test_notification_goes_only_to_me(world: World, acting) -> None:
    mine = add_device(world, "anna")
    add_device(world, "bram")
    acting("anna")
    state = await settings_state()
    state.send_test()
    assert state.test_message == translate("nl", "notif.test.sent")
    with session_scope() as session:
        [note] = session.exec(select(Notification)).all()
        assert note.recipient_user_id == world.users["anna"].id
        assert (note.kind, note.category, note.urgent) == ("push.test", "system", True)
        assert note.family_id is None and note.url == "/meldingen"
        [delivery] = session.exec(select(PushDelivery)).all()
        assert delivery.subscription_id == mine.id  # never to Bram's device
    assert state.unread == 1


async def test_a_second_test_right_away_is_not_sent(world: World, acting) -> None:
    acting("anna")
    state = await settings_state()
    state.send_test()
    assert state.test_message == translate("nl", "notif.test.sent_no_devices")
    state.send_test()
    if state.test_message != translate("nl", "notif.test.too_soon"):
        # The half-minute window turned over between the two taps: a third one is refused.
        state.send_test()
        assert state.test_message == translate("nl", "notif.test.too_soon")
    with session_scope() as session:
        assert len(session.exec(select(Notification)).all()) <= 2


async def test_the_test_comes_through_in_quiet_hours(world: World, acting) -> None:
    add_device(world, "anna")
    with session_scope() as session:
        everything_quiet = NotificationSettings(
            user_id=world.users["anna"].id, quiet_start="00:00", quiet_end="23:59"
        )
        session.add(everything_quiet)
    acting("anna")
    before = utcnow()
    (await settings_state()).send_test()
    with session_scope() as session:
        delivery = session.exec(select(PushDelivery)).one()
        assert delivery.not_before <= utcnow() and delivery.not_before >= before - timedelta(
            seconds=1
        )


async def test_the_outbox_notify_api_used_for_the_test_is_per_person(world: World, db) -> None:
    """The door the test goes through: one person, their devices only."""
    add_device(world, "anna")
    note = notify(
        db,
        recipient_user_id=world.users["anna"].id,
        kind="push.test",
        category=Category.SYSTEM,
        dedupe_key="push.test:x",
        urgent=True,
    )
    assert note is not None and len(db.exec(select(PushDelivery)).all()) == 1
    assert push_devices.list_devices(db, world.users["bram"].id) == []
