"""Agenda: the bar near the thumb after a delete ("Afspraak verwijderd", Ongedaan maken)."""

from __future__ import annotations

import reflex as rx

from components.notice_bar import THUMB_ZONE, notice_bar, undo_button
from dossier.state.agenda import AgendaState as S


def agenda_notice() -> rx.Component:
    undo = undo_button(S.t["agenda.undo"], S.restore_appointment(S.undo_id))
    return rx.box(
        notice_bar(S.notice, rx.cond(S.undo_id != "", undo), seq=S.notice_seq),
        id="agenda-notice",
        **THUMB_ZONE,
    )
