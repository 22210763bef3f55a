"""Netwerk, the contact form: every field labelled, each message under its field.

Phone rows (label and number), when they can be reached (day checkboxes, from and to,
and words), and the two flags as one radio group: "Bij spoed bellen", "Niet voor spoed",
"Niet gezegd".
"""

from __future__ import annotations

import reflex as rx

from components import forms
from components.styles import TOUCH_TARGET, muted_text
from dossier.state.network import NetworkState as S

EMERGENCY_CHOICES = (("call", "network.emergency.call"), ("not_for", "network.emergency.not_for"))
DAY_KEYS = tuple(f"network.day.{day}" for day in range(7))


def field_id(name: str) -> str:
    return f"contact-{name}"


def aria(name: str) -> dict:
    return forms.error_props(S.errors[name], field_id(name), always_described=False)


def field(name: str, label_key: str, control: rx.Component) -> rx.Component:
    return forms.labelled(
        S.t[label_key],
        field_id(name),
        control,
        error=forms.field_error(S.errors[name], field_id(name)),
    )


def text_input(name: str, value: rx.Var, max_length: int, **props: object) -> rx.Component:
    return rx.input(
        id=field_id(name),
        name=name,
        default_value=value,
        max_length=max_length,
        size="3",
        width="100%",
        **aria(name),
        **props,
    )


def phone_row(index: int) -> rx.Component:
    label_id, number_id = f"contact-phone-label-{index}", f"contact-phone-{index}"
    return rx.hstack(
        rx.vstack(
            rx.el.label(
                S.t["network.label.phone_label"],
                f" {index + 1}",
                html_for=label_id,
                font_size="14px",
            ),
            rx.input(
                id=label_id,
                name=f"phone_label_{index}",
                default_value=S.form_phone_labels[index],
                max_length=30,
                size="3",
                width="100%",
            ),
            spacing="1",
            flex="1",
            min_width="120px",
        ),
        rx.vstack(
            rx.el.label(
                S.t["network.label.phone_number"],
                f" {index + 1}",
                html_for=number_id,
                font_size="14px",
            ),
            rx.input(
                id=number_id,
                name=f"phone_{index}",
                type="tel",
                auto_complete="off",
                default_value=S.form_phone_numbers[index],
                max_length=32,
                size="3",
                width="100%",
                **forms.error_props(S.errors["phones"], field_id("phones"), always_described=False),
            ),
            spacing="1",
            flex="2",
            min_width="160px",
        ),
        width="100%",
        wrap="wrap",
        spacing="2",
    )


def phones() -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(S.t["network.label.phones"], font_weight="500"),
        *[phone_row(i) for i in range(3)],
        forms.field_error(S.errors["phones"], field_id("phones")),
        style={"border": "none", "padding": "0", "margin": "0", "width": "100%"},
    )


def day_box(day: int, prefix: str, checked: rx.Var) -> rx.Component:
    box_id = f"{prefix}day-{day}"
    return rx.el.label(
        rx.el.input(
            type="checkbox",
            id=box_id,
            name=f"{prefix}day_{day}",
            default_checked=checked,
            style={"width": "20px", "height": "20px"},
        ),
        S.t[DAY_KEYS[day]],
        html_for=box_id,
        display="inline-flex",
        align_items="center",
        gap="6px",
        min_height=TOUCH_TARGET,
        padding_right="10px",
    )


def hours_fields(prefix: str, days: rx.Var, start: rx.Var, end: rx.Var) -> rx.Component:
    """Day checkboxes and a from-to time: one range of hours (shared with "Mijn bereikbaarheid")."""
    return rx.vstack(
        rx.el.fieldset(
            rx.el.legend(S.t["network.label.days"], font_size="14px"),
            rx.flex(*[day_box(d, prefix, days[d]) for d in range(7)], wrap="wrap"),
            style={"border": "none", "padding": "0", "margin": "0"},
        ),
        rx.hstack(
            time_input(f"{prefix}from", "network.label.from", start),
            time_input(f"{prefix}to", "network.label.to", end),
            spacing="3",
        ),
        spacing="2",
        width="100%",
    )


def more_hours(prefix: str, days: rx.Var, start: rx.Var, end: rx.Var) -> rx.Component:
    """A second range for other days or times ("vr 8.30-12.30"); left empty, it is none."""
    return rx.el.fieldset(
        rx.el.legend(S.t["network.label.hours_more"], font_size="14px", font_weight="500"),
        hours_fields(prefix, days, start, end),
        style={"border": "none", "padding": "0", "margin": "0"},
        width="100%",
    )


def time_input(name: str, label_key: str, value: rx.Var) -> rx.Component:
    input_id = f"hours-{name}"
    return rx.vstack(
        rx.el.label(S.t[label_key], html_for=input_id, font_size="14px"),
        rx.input(id=input_id, name=name, type="time", default_value=value, size="3"),
        spacing="1",
    )


def reach() -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(S.t["network.label.hours"], font_weight="500"),
        hours_fields("", S.form_days, S.form_from, S.form_to),
        more_hours("r2_", S.form_days2, S.form_from2, S.form_to2),
        forms.field_error(S.errors["reach_hours"], field_id("reach_hours")),
        field(
            "reach_note",
            "network.label.reach_note",
            rx.text_area(
                id=field_id("reach_note"),
                name="reach_note",
                default_value=S.form_reach_note,
                max_length=300,
                rows="2",
                size="3",
                width="100%",
                **aria("reach_note"),
            ),
        ),
        style={"border": "none", "padding": "0", "margin": "0", "width": "100%"},
    )


def radio(value: str, label: rx.Var) -> rx.Component:
    radio_id = f"contact-emergency-{value or 'not_said'}"
    return rx.el.label(
        rx.el.input(
            type="radio",
            id=radio_id,
            name="emergency",
            value=value,
            default_checked=S.form_emergency == value,
            style={"width": "20px", "height": "20px"},
        ),
        label,
        html_for=radio_id,
        display="flex",
        align_items="center",
        gap="8px",
        min_height=TOUCH_TARGET,
    )


def emergency() -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(S.t["network.label.emergency"], font_weight="500"),
        radio("call", S.t["network.emergency.call"]),
        radio("not_for", S.t["network.emergency.not_for"]),
        radio("", S.t["network.emergency.not_said"]),
        forms.field_error(S.errors["emergency"], field_id("emergency")),
        role="radiogroup",
        style={"border": "none", "padding": "0", "margin": "0", "width": "100%"},
    )


def fields() -> rx.Component:
    return rx.vstack(
        field("name", "network.label.name", text_input("name", S.form_name, 120, required=True)),
        field(
            "organisation",
            "network.label.organisation",
            text_input("organisation", S.form_organisation, 120),
        ),
        field(
            "kind",
            "network.label.kind",
            forms.native_select(
                forms.option_items(S.kind_choices),
                id=field_id("kind"),
                name="kind",
                default_value=S.form_kind,
                **aria("kind"),
            ),
        ),
        emergency(),
        phones(),
        field("email", "network.label.email", text_input("email", S.form_email, 254, type="email")),
        reach(),
        field(
            "membership_id",
            "network.label.member",
            forms.native_select(
                forms.option_items(S.member_options),
                id=field_id("membership_id"),
                name="member",
                default_value=S.form_member,
                **aria("membership_id"),
            ),
        ),
        field(
            "note",
            "network.label.note",
            rx.text_area(
                id=field_id("note"),
                name="note",
                default_value=S.form_note,
                max_length=1000,
                rows="3",
                size="3",
                width="100%",
                **aria("note"),
            ),
        ),
        spacing="4",
        width="100%",
    )


def buttons() -> rx.Component:
    return rx.hstack(
        rx.dialog.close(
            rx.button(
                S.t["common.cancel"],
                type="button",
                variant="soft",
                color_scheme="gray",
                min_height=TOUCH_TARGET,
            ),
        ),
        rx.button(
            rx.cond(S.saving, S.t["network.saving"], S.t["network.save"]),
            type="submit",
            loading=S.saving,
            disabled=S.saving,
            min_height=TOUCH_TARGET,
            min_width="120px",
        ),
        justify="end",
        spacing="3",
        width="100%",
    )


def contact_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.cond(
                S.form_error != "",
                rx.callout.root(
                    rx.callout.text(S.form_error), color_scheme="tomato", role="alert", width="100%"
                ),
            ),
            forms.once_field(S.send_key),
            fields(),
            buttons(),
            spacing="4",
            width="100%",
        ),
        key=S.form_key,
        on_submit=[S.start_saving, S.save_contact],
        no_validate=True,
        aria_busy=rx.cond(S.saving, "true", "false"),
        width="100%",
    )


def contact_form_dialog() -> rx.Component:
    """One form for a new contact and for a change; opened by "Contact toevoegen" or
    "Wijzigen" (form_change checks who may)."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(
                rx.cond(
                    S.form_id == "", S.t["network.form.new_title"], S.t["network.form.edit_title"]
                )
            ),
            rx.dialog.description(S.t["network.form.intro"], size="2", style=muted_text),
            rx.cond(S.form_open, rx.box(contact_form(), margin_top="12px", width="100%")),
            max_width="600px",
            width="calc(100vw - 24px)",
            padding="16px",
        ),
        open=S.form_open,
        on_open_change=lambda is_open: S.form_change("", is_open),
    )
