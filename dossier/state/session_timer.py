""" "Ingelogd blijven": the one event of the idle warning (assets/session-timer.js).

The event passes the session gate like any other, so a session that has already ended
goes to the login page; a live one restarts its idle clock now (the gate alone would
only do that once a minute). `extended` changes so the script knows to ask the server
for the new end (the script cannot see Reflex events otherwise).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from dossier import routes
from dossier.domain import sessions
from dossier.domain.access import unit_of_work
from dossier.state.gate import current_login
from dossier.state.off_loop import off_loop

EXPIRED = routes.LOGIN_EXPIRED


class SessionTimerState(rx.State):
    extended: int = 0

    @rx.event
    @off_loop
    def stay_signed_in(self) -> Any:
        login = current_login()
        if login is None:
            return rx.redirect(EXPIRED)
        with unit_of_work() as session:
            left = sessions.extend_session(session, session_id=login.session_id)
        if left is None:
            return rx.redirect(EXPIRED)
        self.extended += 1
        return None
