"""Meldingen: the signed-in person's own notifications, newest first, and marking them read.

The person's own data, not the family's: the user id comes from the login the gate
resolved from the session cookie, and an id from the browser is checked against that
user in the domain (dossier/domain/notification_settings.py). The texts are the same
generic words a push shows (never names or health details); opening one goes to the
link stored with it, read from the database, never from the browser.
"""

from __future__ import annotations

from typing import Any, TypedDict

import reflex as rx

from dossier.clock import local_today
from dossier.domain import pulse as family_pulse
from dossier.domain.access import unit_of_work
from dossier.domain.families import families_of
from dossier.domain.notification_settings import (
    list_notifications,
    mark_all_read,
    mark_read,
    unread_count,
)
from dossier.models import Notification
from dossier.notify.sender import push_texts, safe_path
from dossier.presenters.access_log import when
from dossier.state.acting import own_login
from dossier.state.base import AppState, guarded


class NotificationRow(TypedDict):
    id: str
    text: str
    when: str
    iso: str
    unread: bool


def number(text: object) -> int:
    """An id from the browser: a positive number, else 0 (which matches nothing)."""
    value = str(text)
    return int(value) if value.isdigit() and len(value) < 12 else 0


class NotificationsState(AppState):
    items: list[NotificationRow] = []
    loaded: bool = False

    @rx.var
    def unread_text(self) -> str:
        if self.unread > 0:
            return self._message("notif.list.unread_count", count=self.unread)
        return self._message("notif.list.all_read")

    @rx.event
    @guarded
    def load_notifications(self) -> None:
        self._load_notifications()

    def _load_notifications(self) -> None:
        login = own_login()
        with unit_of_work() as session:
            rows = list_notifications(session, login.user_id)
            self.unread = unread_count(session, login.user_id)
            # Most notifications come with a change in the family: /live.js reloads this
            # list when the family's pulse moves on (members only; it is just a number).
            mine = {f.family_id for f in families_of(session, user_id=login.user_id)}
            if login.family_id in mine:
                self.pulse = family_pulse.current(session, login.family_id)
        today = local_today()
        self.items = [self._row(row, today) for row in rows]
        self.loaded = True

    def _row(self, notification: Notification, today: Any) -> NotificationRow:
        _title, body = push_texts(notification.kind, self.lang)
        return {
            "id": str(notification.id),
            "text": body,
            "when": when(notification.created_at, self.lang, today),
            "iso": notification.created_at.isoformat(timespec="seconds"),
            "unread": notification.read_at is None,
        }

    @rx.event
    @guarded
    def open_notification(self, notification_id: str) -> Any:
        """Read it and go where it points (the stored link, a path inside the app)."""
        login = own_login()
        with unit_of_work() as session:
            found = mark_read(session, login.user_id, number(notification_id))
            target = safe_path(found.url)
        return rx.redirect(target)

    @rx.event
    @guarded
    def mark_one_read(self, notification_id: str) -> None:
        login = own_login()
        with unit_of_work() as session:
            mark_read(session, login.user_id, number(notification_id))
        self._load_notifications()

    @rx.event
    @guarded
    def mark_everything_read(self) -> None:
        login = own_login()
        with unit_of_work() as session:
            mark_all_read(session, login.user_id)
        self._load_notifications()
