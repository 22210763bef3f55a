"""Mijn apparaten: where am I logged in, and log out one of the other devices.

Only the user's own sessions, found through the login the gate resolved from the
session cookie; the id in an event is checked against that user in the domain.
"""

from __future__ import annotations

from typing import Any, TypedDict

import reflex as rx

from dossier import routes
from dossier.domain import sessions
from dossier.domain.access import unit_of_work
from dossier.domain.user_agents import describe
from dossier.i18n import format_moment
from dossier.state.base import AppState
from dossier.state.gate import current_login
from dossier.state.off_loop import off_loop


class DeviceRow(TypedDict):
    id: str
    name: str
    current: bool
    since: str
    last_seen: str


class DevicesState(AppState):
    devices: list[DeviceRow] = []
    loaded: bool = False
    # For assets/offline-card.js: a snapshot of someone else on this device is thrown away.
    user_id: str = ""

    @rx.var
    def only_this_device(self) -> bool:
        return self.loaded and all(d["current"] for d in self.devices)

    @rx.event
    @off_loop
    def load_devices(self) -> Any:
        return self._load_devices()

    def _load_devices(self) -> Any:
        login = current_login()
        if login is None:
            return rx.redirect(routes.LOGIN_EXPIRED)
        with unit_of_work() as session:
            live = sessions.list_sessions(
                session, user_id=login.user_id, current_id=login.session_id
            )
        self.devices = [self._row(s) for s in live]
        self.user_id = str(login.user_id)
        self.loaded = True
        return None

    @rx.event
    @off_loop
    def end_device(self, session_id: str) -> Any:
        login = current_login()
        if login is None:
            return rx.redirect(routes.LOGIN_EXPIRED)
        with unit_of_work() as session:
            ended = sessions.end_other_session(
                session,
                user_id=login.user_id,
                # Not a number: refused and logged like any id that is not the user's.
                session_id=int(session_id) if session_id.isdigit() else 0,
                current_id=login.session_id,
                ip=login.ip,
                user_agent=login.user_agent,
            )
        self._load_devices()
        if ended:
            return rx.toast.success(self._message("devices.ended"))
        return rx.toast.warning(self._message("devices.not_found"))

    def _row(self, live: sessions.LiveSession) -> DeviceRow:
        return {
            "id": str(live.id),
            "name": self._device_name(live.user_agent),
            "current": live.current,
            "since": self._message("devices.since", when=format_moment(live.created_at, self.lang)),
            "last_seen": self._message(
                "devices.last_seen", when=format_moment(live.last_seen_at, self.lang)
            ),
        }

    def _device_name(self, user_agent: str) -> str:
        device = describe(user_agent)
        browser = device.browser or self._message("devices.unknown_browser")
        system = device.system or self._message("devices.unknown_system")
        return self._message("devices.device", browser=browser, system=system)
