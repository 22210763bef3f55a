"""Agenda: the form of an appointment (every field labelled, its message below it)."""

from __future__ import annotations

import reflex as rx

from components import forms
from components.dialogs import confirm_dialog
from components.styles import TOUCH_TARGET, check_row, checkbox_style, muted_text
from dossier.state.agenda import AgendaState as S
from dossier.state.agenda import Choice

LABEL_STYLE = {"font_weight": "500"}


def field_id(name: str) -> str:
    return f"appt-{name}"


def error_text(name: str) -> rx.Component:
    """Always there (empty when all is well), so screen readers hear a new message."""
    return forms.field_error(S.field_errors[name], field_id(name), live=True, tag="p")


def text_field(name: str, label_key: str, value: rx.Var, **props) -> rx.Component:
    return forms.labelled(
        S.t[label_key],
        field_id(name),
        rx.input(
            id=field_id(name),
            name=name,
            default_value=value,
            size="3",
            width="100%",
            **forms.error_props(S.field_errors[name], field_id(name)),
            **props,
        ),
        error=error_text(name),
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
    return forms.labelled(
        S.t["agenda.preparation"],
        "appt-preparation",
        rx.text_area(
            id="appt-preparation",
            name="preparation",
            default_value=S.f_preparation,
            rows="4",
            max_length=4000,
            width="100%",
            size="3",
            **forms.error_props(
                S.field_errors["preparation"], "appt-preparation", hint_id="appt-prep-hint"
            ),
        ),
        hint=forms.hint_text(S.t["agenda.preparation_hint"], id="appt-prep-hint"),
        error=error_text("preparation"),
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


def past_question() -> rx.Component:
    return forms.past_question(
        S.past_question,
        save_label=S.t["agenda.past.save_anyway"],
        change_label=S.t["agenda.past.change_date"],
        saving=S.saving,
        on_change=S.change_past_date,
    )


def form_buttons() -> rx.Component:
    return rx.cond(S.past_question != "", past_question(), save_buttons())


def save_buttons() -> rx.Component:
    return rx.flex(
        rx.button(
            rx.icon("check", aria_hidden="true"),
            S.t["agenda.save"],
            type="submit",
            loading=S.saving,
            disabled=S.saving,
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
        forms.once_field(S.send_key),
        rx.el.input(type="hidden", name="past_ok", value=S.past_ok, read_only=True),
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
        on_submit=[S.start_saving, S.save_appointment],
        aria_busy=rx.cond(S.saving, "true", "false"),
        reset_on_submit=False,
        width="100%",
    )


def delete_section() -> rx.Component:
    """Apart from Opslaan, below the form: for an appointment made by mistake. No question
    first: the bar near the thumb has an undo. A real cancellation is "afzeggen"."""
    return rx.vstack(
        rx.separator(size="4"),
        rx.text(S.t["agenda.delete_hint"], size="2", style=muted_text),
        rx.button(
            rx.icon("trash-2", aria_hidden="true"),
            S.t["agenda.delete"],
            type="button",
            variant="outline",
            color_scheme="gray",
            on_click=S.delete_appointment(S.form_id, S.form_version),
            min_height=TOUCH_TARGET,
        ),
        spacing="2",
        width="100%",
        padding_top="20px",
    )


def form_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.form_id != "", S.t["agenda.edit_title"], S.t["agenda.new"])),
            rx.dialog.description(S.t["agenda.form_intro"], size="2", style=muted_text),
            rx.box(appointment_form(), padding_top="12px"),
            rx.cond(S.form_id != "", delete_section()),
            max_width="560px",
            max_height="90vh",
            overflow_y="auto",
        ),
        open=S.form_open,
        on_open_change=S.form_open_changed,
    )
