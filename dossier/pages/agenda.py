"""Agenda: upcoming appointments, today first."""

from __future__ import annotations

import reflex as rx

from components.cards import item_list, page_title
from components.styles import card_style
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.presenters import AppointmentRow
from dossier.state.agenda import AgendaState as S


def appointment_item(appointment: AppointmentRow) -> rx.Component:
    return rx.el.li(
        rx.vstack(
            rx.text(appointment["day"], size="1", weight="bold", color=rx.color("teal", 11)),
            rx.hstack(
                rx.text(appointment["time"], size="2", weight="medium", white_space="nowrap"),
                rx.text(appointment["title"], size="2", weight="medium"),
                spacing="3",
                align="start",
            ),
            rx.cond(
                appointment["with_whom"] != "",
                rx.text(S.t["appointment.with"], ": ", appointment["with_whom"], size="2"),
            ),
            rx.cond(
                appointment["place"] != "",
                rx.text(
                    S.t["appointment.place"],
                    ": ",
                    appointment["place"],
                    size="2",
                    color=rx.color("gray", 11),
                ),
            ),
            spacing="1",
            width="100%",
        ),
        style={**card_style, "list_style": "none"},
    )


def agenda_page() -> rx.Component:
    return signed_in_page(
        routes.AGENDA,
        page_title(S.t["agenda.title"], S.t["agenda.subtitle"]),
        item_list(
            loaded=S.loaded,
            items=S.appointments,
            render=appointment_item,
            empty_text=S.t["agenda.empty"],
            loading_text=S.t["common.loading"],
            empty_icon="calendar",
        ),
    )
