"""Agenda: coming and past appointments by day (today first), the form, the phone's calendar."""

from __future__ import annotations

import reflex as rx

from components.cards import (
    SELECTED_STYLE,
    WIDE,
    empty_state,
    loading,
    master_detail,
    only_narrow,
    page_title,
    pane_hint,
    pane_line,
    pill,
    section_card,
)
from components.dialogs import confirm_dialog
from components.styles import (
    TOUCH_TARGET,
    card_style,
    check_row,
    checkbox_style,
    link_button,
    muted_text,
)
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.presenters.rows import AppointmentRow
from dossier.state.agenda import AgendaState as S
from dossier.state.agenda import Choice, DayGroup

ERROR_STYLE = {"color": rx.color("tomato", 11), "font_size": "14px", "margin": "0"}
LABEL_STYLE = {"font_weight": "500"}
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


# --------------------------------------------------------------------------------------
# The lists
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# The form
# --------------------------------------------------------------------------------------


def error_text(name: str) -> rx.Component:
    """Always there (empty when all is well), so screen readers hear a new message."""
    return rx.el.p(S.field_errors[name], id=f"appt-{name}-error", role="alert", style=ERROR_STYLE)


def invalid(name: str) -> rx.Var:
    return rx.cond(S.field_errors[name] != "", "true", "false")


def text_field(name: str, label_key: str, value: rx.Var, **props) -> rx.Component:
    return rx.vstack(
        rx.el.label(S.t[label_key], html_for=f"appt-{name}", style=LABEL_STYLE),
        rx.input(
            id=f"appt-{name}",
            name=name,
            default_value=value,
            size="3",
            width="100%",
            aria_invalid=invalid(name),
            aria_describedby=f"appt-{name}-error",
            **props,
        ),
        error_text(name),
        spacing="1",
        width="100%",
    )


def checkbox(name: rx.Var, label: rx.Var, checked: rx.Var) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="checkbox", name=name, default_checked=checked, style=checkbox_style),
        rx.text(label, size="2"),
        style=check_row,
    )


def check_group(name: str, legend_key: str, hint: rx.Component, items: rx.Component):
    return rx.el.fieldset(
        rx.el.legend(S.t[legend_key], style={**LABEL_STYLE, "padding": "0"}),
        hint,
        items,
        error_text(name),
        aria_describedby=f"appt-{name}-error",
        style={"border": "none", "padding": "0", "margin": "0", "width": "100%"},
    )


def attendee_box(choice: Choice) -> rx.Component:
    return checkbox(
        "attendee-" + choice["value"], choice["label"], S.f_attendees.contains(choice["value"])
    )


def reminder_box(choice: Choice) -> rx.Component:
    return checkbox(
        "reminder-" + choice["value"], choice["label"], S.f_reminders.contains(choice["value"])
    )


def when_fields() -> rx.Component:
    return rx.vstack(
        text_field("day", "agenda.day", S.f_day, type="date", min="2000-01-01", max="2100-12-31"),
        rx.grid(
            text_field("start", "agenda.start", S.f_start, type="time"),
            text_field("end", "agenda.end", S.f_end, type="time"),
            columns="2",
            gap="3",
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


def preparation_field() -> rx.Component:
    return rx.vstack(
        rx.el.label(S.t["agenda.preparation"], html_for="appt-preparation", style=LABEL_STYLE),
        rx.text(S.t["agenda.preparation_hint"], size="1", style=muted_text, id="appt-prep-hint"),
        rx.text_area(
            id="appt-preparation",
            name="preparation",
            default_value=S.f_preparation,
            rows="4",
            max_length=4000,
            width="100%",
            size="3",
            aria_invalid=invalid("preparation"),
            aria_describedby="appt-prep-hint appt-preparation-error",
        ),
        error_text("preparation"),
        spacing="1",
        width="100%",
    )


def cancel_appointment_button() -> rx.Component:
    return confirm_dialog(
        rx.button(
            S.t["agenda.cancel"],
            type="button",
            color_scheme="tomato",
            variant="soft",
            min_height=TOUCH_TARGET,
        ),
        title=S.t["agenda.cancel_title"],
        description=[S.t["agenda.cancel_text"]],
        cancel_label=S.t["agenda.cancel_keep"],
        confirm_label=S.t["agenda.cancel_confirm"],
        on_confirm=S.cancel_appointment(S.form_id, S.form_version),
    )


def form_buttons() -> rx.Component:
    return rx.flex(
        rx.button(
            rx.icon("check", aria_hidden="true"),
            S.t["agenda.save"],
            type="submit",
            min_height=TOUCH_TARGET,
            size="3",
        ),
        rx.dialog.close(
            rx.button(
                S.t["common.cancel"],
                type="button",
                variant="soft",
                color_scheme="gray",
                min_height=TOUCH_TARGET,
                size="3",
            )
        ),
        rx.spacer(),
        rx.cond((S.form_id != "") & ~S.form_cancelled, cancel_appointment_button()),
        wrap="wrap",
        gap="3",
        width="100%",
        padding_top="8px",
    )


def appointment_form() -> rx.Component:
    return rx.form(
        rx.el.input(type="hidden", name="id", value=S.form_id, read_only=True),
        rx.el.input(type="hidden", name="version", value=S.form_version, read_only=True),
        rx.vstack(
            rx.cond(
                S.form_error != "",
                rx.callout(S.form_error, icon="circle-alert", color_scheme="tomato", width="100%"),
            ),
            text_field("title", "agenda.field_title", S.f_title, max_length=200),
            when_fields(),
            text_field("place", "agenda.field_place", S.f_place, max_length=200),
            text_field("with_whom", "agenda.field_with_whom", S.f_with_whom, max_length=200),
            check_group(
                "attendees",
                "agenda.attendees",
                rx.fragment(),
                rx.box(rx.foreach(S.member_choices, attendee_box), width="100%"),
            ),
            preparation_field(),
            check_group(
                "reminders",
                "agenda.reminders",
                rx.text(S.t["agenda.reminders_hint"], size="1", style=muted_text),
                rx.box(rx.foreach(S.reminder_choices, reminder_box), width="100%"),
            ),
            form_buttons(),
            spacing="4",
            width="100%",
        ),
        key=S.form_key,
        on_submit=S.save_appointment,
        reset_on_submit=False,
        width="100%",
    )


def form_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.form_id != "", S.t["agenda.edit_title"], S.t["agenda.new"])),
            rx.dialog.description(S.t["agenda.form_intro"], size="2", style=muted_text),
            rx.box(appointment_form(), padding_top="12px"),
            max_width="560px",
            max_height="90vh",
            overflow_y="auto",
        ),
        open=S.form_open,
        on_open_change=S.form_open_changed,
    )


# --------------------------------------------------------------------------------------
# The phone's calendar
# --------------------------------------------------------------------------------------


def how_to(title_key: str, steps_key: str) -> rx.Component:
    return rx.vstack(
        rx.heading(S.t[title_key], as_="h3", size="2"),
        rx.text(S.t[steps_key], size="2"),
        spacing="1",
        width="100%",
    )


def renew_button() -> rx.Component:
    return confirm_dialog(
        rx.button(
            rx.icon("refresh-cw", aria_hidden="true"),
            S.t["agenda.feed.renew"],
            variant="soft",
            min_height=TOUCH_TARGET,
        ),
        title=S.t["agenda.feed.renew_title"],
        description=[S.t["agenda.feed.renew_warning"]],
        cancel_label=S.t["common.cancel"],
        confirm_label=S.t["agenda.feed.renew_confirm"],
        on_confirm=S.renew_feed_link,
        danger=False,
    )


def new_feed_link() -> rx.Component:
    return rx.vstack(
        rx.callout(S.t["agenda.feed.once"], icon="info", color_scheme="teal", width="100%"),
        rx.el.label(S.t["agenda.feed.link"], html_for="feed-link", style=LABEL_STYLE),
        rx.input(id="feed-link", value=S.feed_link, read_only=True, width="100%", size="3"),
        rx.flex(
            rx.button(
                rx.icon("copy", aria_hidden="true"),
                S.t["agenda.feed.copy"],
                on_click=rx.set_clipboard(S.feed_link),
                min_height=TOUCH_TARGET,
            ),
            rx.el.a(
                rx.icon("calendar-plus", size=18, aria_hidden="true"),
                S.t["agenda.feed.open"],
                href=S.feed_webcal,
                style=link_button,
            ),
            rx.button(
                S.t["common.close"],
                variant="soft",
                color_scheme="gray",
                on_click=S.close_feed_link,
                min_height=TOUCH_TARGET,
            ),
            wrap="wrap",
            gap="3",
        ),
        how_to("agenda.feed.iphone", "agenda.feed.iphone_steps"),
        how_to("agenda.feed.android", "agenda.feed.android_steps"),
        spacing="3",
        width="100%",
    )


def feed_section() -> rx.Component:
    return section_card(
        S.t["agenda.feed.title"],
        rx.text(S.t["agenda.feed.intro"], size="2"),
        rx.cond(
            S.feed_link != "",
            new_feed_link(),
            rx.cond(
                S.has_feed,
                rx.vstack(
                    rx.text(S.t["agenda.feed.exists"], size="2"),
                    renew_button(),
                    spacing="3",
                    width="100%",
                ),
                rx.button(
                    rx.icon("calendar-plus", aria_hidden="true"),
                    S.t["agenda.feed.make"],
                    on_click=S.make_feed_link,
                    min_height=TOUCH_TARGET,
                ),
            ),
        ),
        heading_id="agenda-telefoon",
    )


# --------------------------------------------------------------------------------------
# The tablet's pane: the chosen appointment beside the list
# --------------------------------------------------------------------------------------


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


def agenda_page() -> rx.Component:
    return signed_in_page(
        routes.AGENDA,
        rx.flex(
            page_title(S.t["agenda.title"], S.t["agenda.subtitle"]),
            new_button(),
            justify="between",
            align="end",
            wrap="wrap",
            gap="3",
            width="100%",
        ),
        master_detail(agenda_tabs(), agenda_pane(), pane_label=S.t["layout.agenda.pane"]),
        rx.cond(S.loaded, feed_section()),
        form_dialog(),
        refresh=S.load_agenda,
    )
