"""The family agenda ("Agenda")."""

from __future__ import annotations

import reflex as rx

from dossier.domain.appointments import upcoming
from dossier.i18n import local_today
from dossier.presenters import AppointmentRow, appointment_row
from dossier.state.base import AppState, guarded


class AgendaState(AppState):
    appointments: list[AppointmentRow] = []
    loaded: bool = False

    @rx.event
    @guarded
    def load_agenda(self) -> None:
        today = local_today()
        with self._work() as (session, actor):
            rows = [appointment_row(a, self.lang, today) for a in upcoming(session, actor)]
        self.appointments = rows
        self.loaded = True
