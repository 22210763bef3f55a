"""Agenda: the tablet's pane, the chosen appointment beside the list."""

from __future__ import annotations

import reflex as rx

from components.cards import pane_hint, pane_line, pill
from components.styles import TOUCH_TARGET
from dossier.presenters.rows import AppointmentRow
from dossier.state.agenda import AgendaState as S


def pane_fact(label: rx.Var, value: rx.Var) -> rx.Component:
    return rx.cond(value != "", pane_line(label, value))


def selected_appointment(appointment: AppointmentRow) -> rx.Component:
    cancelled = appointment["cancelled"]
    return rx.vstack(
        rx.text(
            appointment["day"],
            " · ",
            appointment["time"],
            size="2",
            weight="bold",
            color=rx.color("teal", 11),
        ),
        rx.heading(
            appointment["title"],
            as_="h2",
            size="5",
            text_decoration=rx.cond(cancelled, "line-through", "none"),
        ),
        rx.cond(cancelled, pill(S.t["agenda.cancelled"], "tomato")),
        rx.cond(
            S.can_edit & ~cancelled,
            rx.button(
                rx.icon("pencil", size=16, aria_hidden="true"),
                S.t["agenda.edit"],
                variant="soft",
                min_height=TOUCH_TARGET,
                aria_label=S.t["agenda.edit"] + ": " + appointment["title"],
                on_click=S.open_appointment(appointment["id"]),
            ),
        ),
        pane_fact(S.t["appointment.with"], appointment["with_whom"]),
        pane_fact(S.t["appointment.place"], appointment["place"]),
        pane_fact(S.t["agenda.goes_along"], appointment["attendees"]),
        pane_fact(S.t["agenda.preparation_short"], appointment["preparation"]),
        spacing="3",
        width="100%",
    )


def agenda_pane() -> rx.Component:
    return rx.cond(
        S.selected.length() > 0,  # type: ignore[attr-defined]
        rx.foreach(S.selected, selected_appointment),
        pane_hint(S.t["layout.agenda.pick"], "calendar"),
    )
