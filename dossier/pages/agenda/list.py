"""Agenda, the lists: coming and past appointments by day (today first), the tabs."""

from __future__ import annotations

import reflex as rx

from components.cards import SELECTED_STYLE, WIDE, empty_state, loading, only_narrow, pill
from components.styles import TOUCH_TARGET, card_style, muted_text
from dossier.presenters.rows import AppointmentRow
from dossier.state.agenda import AgendaState as S
from dossier.state.agenda import DayGroup

# On a tablet the title is a button over the whole card that shows it in the pane (the
# card's ::after covers it, so the card is one big target); on a phone it is plain text.
TITLE_BUTTON_STYLE = {
    "display": "none",
    WIDE: {
        "display": "block",
        "width": "100%",
        "min_height": TOUCH_TARGET,
        "text_align": "left",
        "background": "transparent",
        "border": "none",
        "padding": "0",
        "color": "inherit",
        "font": "inherit",
        "font_size": "16px",
        "font_weight": "500",
        "cursor": "pointer",
        "&::after": {"content": '""', "position": "absolute", "inset": "0"},
        "&:focus-visible": {"outline": "none"},
        "&:focus-visible::after": {
            "outline": f"2px solid {rx.color('teal', 9)}",
            "outline_offset": "2px",
            "border_radius": "14px",
        },
    },
}


def detail_line(label: rx.Var, value: rx.Var) -> rx.Component:
    return rx.cond(value != "", rx.text(label, ": ", value, size="2", style=muted_text))


def edit_button(appointment: AppointmentRow) -> rx.Component:
    return rx.cond(
        S.can_edit & ~appointment["cancelled"],
        rx.button(
            rx.icon("pencil", size=16, aria_hidden="true"),
            S.t["agenda.edit"],
            variant="soft",
            min_height=TOUCH_TARGET,
            aria_label=S.t["agenda.edit"] + ": " + appointment["title"],
            on_click=S.open_appointment(appointment["id"]),
            align_self="start",
            style=only_narrow(),  # on a tablet it is in the pane
        ),
    )


def title_button(appointment: AppointmentRow) -> rx.Component:
    selected = S.selected_id == appointment["id"]
    return rx.el.button(
        appointment["title"],
        type="button",
        on_click=S.select_appointment(appointment["id"]),
        aria_current=rx.cond(selected, "true", "false"),
        text_decoration=rx.cond(appointment["cancelled"], "line-through", "none"),
        style=TITLE_BUTTON_STYLE,
    )


def appointment_item(appointment: AppointmentRow) -> rx.Component:
    cancelled = appointment["cancelled"]
    selected = S.selected_id == appointment["id"]
    return rx.el.li(
        rx.vstack(
            rx.hstack(
                rx.text(appointment["time"], size="2", weight="bold", color=rx.color("teal", 11)),
                rx.cond(cancelled, pill(S.t["agenda.cancelled"], "tomato")),
                align="center",
                spacing="2",
            ),
            rx.text(
                appointment["title"],
                size="3",
                weight="medium",
                text_decoration=rx.cond(cancelled, "line-through", "none"),
                style=only_narrow(),
            ),
            title_button(appointment),
            detail_line(S.t["appointment.with"], appointment["with_whom"]),
            detail_line(S.t["appointment.place"], appointment["place"]),
            detail_line(S.t["agenda.goes_along"], appointment["attendees"]),
            rx.cond(
                appointment["preparation"] != "",
                rx.el.details(
                    rx.el.summary(
                        S.t["agenda.preparation_short"],
                        style={"cursor": "pointer", "min_height": "32px", "font_size": "14px"},
                    ),
                    rx.text(appointment["preparation"], size="2", white_space="pre-wrap"),
                    style=only_narrow(),  # on a tablet it is in the pane
                ),
            ),
            edit_button(appointment),
            spacing="1",
            width="100%",
        ),
        id="appointment-" + appointment["id"],  # a link to it scrolls here (?open=)
        style={
            **card_style,
            "list_style": "none",
            "padding": "12px 14px",
            "position": "relative",  # for the title button's ::after over the card
            "border": rx.cond(selected, SELECTED_STYLE["border"], card_style["border"]),
        },
    )


def day_group(group: DayGroup, prefix: str) -> rx.Component:
    heading_id = prefix + group["key"]
    return rx.el.section(
        rx.heading(group["label"], as_="h2", size="3", id=heading_id, margin_bottom="8px"),
        rx.el.ul(
            rx.foreach(group["appointments"], appointment_item),
            display="grid",
            gap="8px",
            padding="0",
            margin="0",
            width="100%",
        ),
        aria_labelledby=heading_id,
        width="100%",
    )


def day_list(days: rx.Var, prefix: str, empty_key: str) -> rx.Component:
    return rx.cond(
        S.loaded,
        rx.cond(
            days,
            rx.vstack(
                rx.foreach(days, lambda group: day_group(group, prefix)),
                spacing="5",
                width="100%",
            ),
            empty_state(S.t[empty_key], "calendar"),
        ),
        loading(S.t["common.loading"]),
    )


def agenda_tabs() -> rx.Component:
    return rx.tabs.root(
        rx.tabs.list(
            rx.tabs.trigger(S.t["agenda.tab.upcoming"], value="komend", min_height=TOUCH_TARGET),
            rx.tabs.trigger(S.t["agenda.tab.past"], value="geweest", min_height=TOUCH_TARGET),
            size="2",
        ),
        rx.tabs.content(
            rx.box(day_list(S.upcoming_days, "komend-", "agenda.empty"), padding_top="16px"),
            value="komend",
        ),
        rx.tabs.content(
            rx.box(day_list(S.past_days, "geweest-", "agenda.past_empty"), padding_top="16px"),
            value="geweest",
        ),
        default_value="komend",
        width="100%",
    )


def new_button() -> rx.Component:
    return rx.cond(
        S.can_edit,
        rx.button(
            rx.icon("plus", aria_hidden="true"),
            S.t["agenda.new"],
            on_click=S.open_new,
            min_height=TOUCH_TARGET,
            size="3",
        ),
    )
