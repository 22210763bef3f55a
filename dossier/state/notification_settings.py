"""Instellingen voor meldingen: a channel per topic, quiet hours, the daily summary, the
person's devices with push (name, remove, "werkt niet") and a test notification.

All of it is the signed-in person's own data (dossier/domain/notification_settings.py and
dossier/domain/push_devices.py check the user id from the session again); which topics
are shown follows the roles the person has in their families. Turning push on or off on
*this* device happens in the browser (assets/push.js, a tap); afterwards push.js presses
the hidden #push-devices-refresh button, which runs `load_devices`.
"""

from __future__ import annotations

import hashlib
from typing import Any, TypedDict

import reflex as rx

from dossier import routes
from dossier.clock import local
from dossier.domain import push_devices
from dossier.domain.access import unit_of_work
from dossier.domain.errors import Conflict, DomainError
from dossier.domain.families import families_of
from dossier.domain.notification_settings import load, save, unread_count
from dossier.i18n import format_day
from dossier.models import Category, Channel, PushSubscription, Role, utcnow
from dossier.notify.outbox import notify
from dossier.notify.sender import TEST_KIND
from dossier.state.base import AppState, guarded
from dossier.state.notifications import number, own_login

CHANNEL_FIELD = "channel__"  # radio groups: "channel__<category>"
TEST_WINDOW_SECONDS = 30  # one test notification per half minute
ADULTS = {Role.PARENT, Role.CM_HOSPITAL, Role.CM_HOME}
# Which topics a role hears about (the system topic is always on: tests, the summary).
TOPICS: dict[Category, set[Role] | None] = {
    Category.TASKS: None,  # everyone
    Category.AGREEMENTS: ADULTS | {Role.CAREGIVER},
    Category.APPOINTMENTS: None,
    Category.REMINDERS: None,
    Category.SIGNALS: ADULTS,
    Category.CHECKIN_REMINDER: {Role.SIBLING},
}


class ChannelOption(TypedDict):
    value: str
    label: str


class TopicRow(TypedDict):
    category: str
    field: str  # the radio group's name
    label: str
    hint: str
    channel: str


class DeviceRow(TypedDict):
    id: str
    name: str
    version: str
    since: str
    failing: bool
    fingerprint: str  # first 8 bytes of SHA-256(endpoint), hex: push.js finds "this device"


def fingerprint(endpoint: str) -> str:
    return hashlib.sha256(endpoint.encode()).hexdigest()[:16]


def topics_for(roles: set[Role]) -> list[Category]:
    return [
        category
        for category, wanted in TOPICS.items()
        if wanted is None or not roles or roles & wanted
    ]


def channels_from(form_data: dict[str, Any], shown: list[str]) -> dict[str, str]:
    """{category: channel} for the topics on the form (the domain checks the values)."""
    chosen = {}
    for name, value in form_data.items():
        category = str(name).removeprefix(CHANNEL_FIELD)
        if str(name).startswith(CHANNEL_FIELD) and category in shown:
            chosen[category] = str(value)
    return chosen


class NotificationSettingsState(AppState):
    topics: list[TopicRow] = []
    quiet_start: str = "22:00"
    quiet_end: str = "07:30"
    daily_summary: bool = False
    summary_at: str = "08:00"
    version: str = "0"
    devices: list[DeviceRow] = []
    loaded: bool = False
    devices_loaded: bool = False
    form_key: int = 0  # a new key redraws the form with the stored values
    saved: bool = False
    error: str = ""
    device_message: str = ""
    device_error: str = ""
    device_error_id: str = ""
    test_message: str = ""

    @rx.var
    def channel_options(self) -> list[ChannelOption]:
        return [
            {"value": channel.value, "label": self._message(f"notif.channel.{channel.value}")}
            for channel in Channel
        ]

    @rx.var
    def too_many_text(self) -> str:
        return self._message("notif.push.error.too_many", limit=push_devices.MAX_DEVICES)

    @rx.var
    def fingerprints(self) -> str:
        return ",".join(device["fingerprint"] for device in self.devices)

    # ----------------------------------------------------------------------------------
    # Loading
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def load_page(self) -> None:
        self._load_page()

    def _load_page(self) -> None:
        login = own_login()
        with unit_of_work() as session:
            roles = {Role(f.role) for f in families_of(session, user_id=login.user_id)}
            preferences = load(session, login.user_id)
        self.topics = [
            {
                "category": category.value,
                "field": CHANNEL_FIELD + category.value,
                "label": self._message(f"notif.category.{category.value}"),
                "hint": self._message(f"notif.category.{category.value}.hint"),
                "channel": preferences.channels[category].value,
            }
            for category in topics_for(roles)
        ]
        self.quiet_start = preferences.quiet_start.strftime("%H:%M")
        self.quiet_end = preferences.quiet_end.strftime("%H:%M")
        self.daily_summary = preferences.daily_summary
        self.summary_at = preferences.summary_at.strftime("%H:%M")
        self.version = str(preferences.version)
        self.form_key += 1
        self.loaded = True
        self._load_devices()

    @rx.event
    @guarded
    def load_devices(self) -> None:
        self._load_devices()

    def _load_devices(self) -> None:
        login = own_login()
        with unit_of_work() as session:
            rows = push_devices.list_devices(session, login.user_id)
        self.devices = [self._device(row) for row in rows]
        self.devices_loaded = True

    def _device(self, row: PushSubscription) -> DeviceRow:
        since = format_day(local(row.created_at).date(), self.lang)
        return {
            "id": str(row.id),
            "name": row.device_name or self._message("notif.devices.unknown_device"),
            "version": str(row.version),
            "since": self._message("notif.devices.since", when=since),
            "failing": row.failing_since is not None,
            "fingerprint": fingerprint(row.endpoint),
        }

    # ----------------------------------------------------------------------------------
    # Saving the choices
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def save_preferences(self, form_data: dict[str, Any]) -> None:
        login = own_login()
        self.saved, self.error = False, ""
        shown = [topic["category"] for topic in self.topics]
        try:
            with unit_of_work() as session:
                save(
                    session,
                    login.user_id,
                    channels=channels_from(form_data, shown),
                    quiet_start=str(form_data.get("quiet_start", "")),
                    quiet_end=str(form_data.get("quiet_end", "")),
                    daily_summary=form_data.get("daily_summary") not in (None, "", False),
                    summary_at=str(form_data.get("summary_at", "") or self.summary_at),
                    expected_version=number(form_data.get("version", "")),
                )
        except Conflict:
            # The newest choices, to look at again.
            self._load_page()
            self.error = self._message("notif.settings.conflict")
            return
        except DomainError as problem:
            self.error = self._message(problem.message_key, **problem.params)
            return
        self._load_page()
        self.saved = True

    # ----------------------------------------------------------------------------------
    # Devices
    # ----------------------------------------------------------------------------------

    def _client(self) -> push_devices.Client:
        login = own_login()
        return push_devices.Client(ip=login.ip, user_agent=login.user_agent)

    @rx.event
    @guarded
    def rename_device(self, form_data: dict[str, Any]) -> None:
        login = own_login()
        device_id = str(form_data.get("device", ""))
        self.device_message, self.device_error, self.device_error_id = "", "", device_id
        try:
            with unit_of_work() as session:
                renamed = push_devices.rename_device(
                    session,
                    user_id=login.user_id,
                    device_id=number(device_id),
                    name=str(form_data.get("name", ""))[:1000],
                    expected_version=number(form_data.get("version", "")),
                    client=self._client(),
                )
        except DomainError as problem:
            self.device_error = self._message(problem.message_key, **problem.params)
            self._load_devices()
            return
        if renamed is None:
            self.device_error = self._message("error.not_found")
            self._load_devices()
            return
        self.device_error_id = ""
        self.device_message = self._message("notif.devices.renamed")
        self._load_devices()

    @rx.event
    @guarded
    def remove_device(self, device_id: str) -> None:
        login = own_login()
        self.device_message, self.device_error, self.device_error_id = "", "", ""
        with unit_of_work() as session:
            removed = push_devices.remove_device(
                session, user_id=login.user_id, device_id=number(device_id), client=self._client()
            )
        self.device_message = self._message(
            "notif.devices.removed" if removed else "error.not_found"
        )
        self._load_devices()

    # ----------------------------------------------------------------------------------
    # "Stuur een testmelding": only ever to the person themselves
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def send_test(self) -> None:
        login = own_login()
        now = utcnow()
        window = int(now.timestamp()) // TEST_WINDOW_SECONDS
        with unit_of_work() as session:
            created = notify(
                session,
                recipient_user_id=login.user_id,
                kind=TEST_KIND,
                category=Category.SYSTEM,
                dedupe_key=f"push.test:{login.user_id}:{window}",
                url=routes.NOTIFICATIONS,
                urgent=True,  # also in quiet hours: the person is trying it now
                now=now,
            )
            channel = load(session, login.user_id).channels[Category.SYSTEM]
            devices = push_devices.list_devices(session, login.user_id)
            self.unread = unread_count(session, login.user_id)
        if created is None:
            self.test_message = self._message("notif.test.too_soon")
        elif channel is not Channel.PUSH:
            self.test_message = self._message("notif.test.sent_in_app")
        elif not devices:
            self.test_message = self._message("notif.test.sent_no_devices")
        else:
            self.test_message = self._message("notif.test.sent")
