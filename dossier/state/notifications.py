"""Meldingen: the signed-in person's own notifications, newest first, and marking them read.

The person's own data, not the family's: the user id comes from the login the gate
resolved from the session cookie, and an id from the browser is checked against that
user in the domain (dossier/domain/notification_settings.py). Each row says what and
who, made now from its item read through the gate as this person
(dossier/domain/notification_items.py; the generic words when they may not see it);
opening one goes to that item, a link made on the server, never taken from the browser.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from dossier.clock import local_today
from dossier.domain.access import unit_of_work
from dossier.domain.families import families_of
from dossier.domain.notification_items import read_items
from dossier.domain.notification_settings import (
    list_notifications,
    mark_all_read,
    mark_read,
    unread_count,
)
from dossier.presenters.notifications import NotificationRow, notification_row, target
from dossier.state.acting import own_login
from dossier.state.base import AppState, guarded

__all__ = ["NotificationRow", "NotificationsState"]


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
        today = local_today()
        with unit_of_work() as session:
            seen = read_items(session, login.user_id, list_notifications(session, login.user_id))
            self.items = [notification_row(one, self.lang, today) for one in seen]
            self.unread = unread_count(session, login.user_id)
            # Most notifications come with a change in the family: /live.js reloads this
            # list when the family's pulse moves on (members only; it is just a number).
            mine = {f.family_id for f in families_of(session, user_id=login.user_id)}
            if login.family_id in mine:
                self._show_family_pulse(session, login.family_id)
        self.loaded = True

    @rx.event
    @guarded
    def open_notification(self, notification_id: str) -> Any:
        """Read it and open its item (a link made now, through the gate as this person)."""
        login = own_login()
        with unit_of_work() as session:
            found = mark_read(session, login.user_id, number(notification_id))
            (seen,) = read_items(session, login.user_id, [found])
            path = target(seen)
        return rx.redirect(path)

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
