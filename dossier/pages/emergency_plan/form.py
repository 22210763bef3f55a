"""Als het plotseling moet: the dialog of one part, with its form per section."""

from __future__ import annotations

import reflex as rx

from components import forms
from components.styles import TOUCH_TARGET
from dossier.pages.emergency_plan.cards import history, part_body
from dossier.state.emergency_plan import Choice, FormRow, ItemRow
from dossier.state.emergency_plan import EmergencyPlanState as S

TEXT_LIMIT = 1000


def field_id(name: str) -> str:
    return f"plan-{name}"


def error_of(name: str) -> rx.Component:
    return forms.field_error(S.form_errors[name], field_id(name))


def props_of(name: str) -> dict:
    return {
        "id": field_id(name),
        "name": name,
        **forms.error_props(S.form_errors[name], field_id(name), always_described=False),
    }


def text_field(name: str, *, area: bool = True, limit: int = TEXT_LIMIT) -> rx.Component:
    control = (
        rx.text_area(
            default_value=S.form_fields[name],
            max_length=limit,
            rows="3",
            width="100%",
            size="3",
            **props_of(name),
        )
        if area
        else rx.input(
            default_value=S.form_fields[name],
            max_length=limit,
            width="100%",
            size="3",
            **props_of(name),
        )
    )
    return forms.labelled(
        label_of(name),
        field_id(name),
        control,
        error=error_of(name),
    )


def label_of(name: str):
    labels = {
        "name": S.t["plan.field.name"],
        "member": S.t["plan.field.member"],
        "pickup_contact": S.t["plan.field.pickup_contact"],
        "pickup": S.t["plan.field.pickup"],
        "sleep": S.t["plan.field.sleep"],
        "school": S.t["plan.field.school"],
        "contact": S.t["plan.field.contact"],
        "who": S.t["plan.field.who"],
        "notes": S.t["plan.field.notes"],
        "pets": S.t["plan.field.pets"],
        "work": S.t["plan.field.work"],
        "other": S.t["plan.field.other"],
        "words": S.t["plan.field.words"],
    }
    return labels[name]


def contact_select(name: str) -> rx.Component:
    return forms.labelled(
        label_of(name),
        field_id(name),
        forms.native_select(
            rx.el.option(S.t["plan.none_contact"], value=""),
            forms.option_items(S.contact_options),
            default_value=S.form_fields[name],
            **props_of(name),
        ),
        error=error_of(name),
    )


def call_row(row: FormRow) -> rx.Component:
    contact_id = "plan-contact-" + row["n"]
    note_id = "plan-note-" + row["n"]
    return rx.el.fieldset(
        rx.el.legend(row["label"], font_weight="500"),
        rx.el.label(S.t["plan.field.contact"], html_for=contact_id, font_size="14px"),
        forms.native_select(
            rx.el.option(S.t["plan.none_contact"], value=""),
            forms.option_items(S.contact_options),
            id=contact_id,
            name="contact_" + row["n"],
            default_value=row["contact"],
        ),
        rx.el.label(S.t["plan.field.note"], html_for=note_id, font_size="14px"),
        rx.input(
            id=note_id,
            name="note_" + row["n"],
            default_value=row["note"],
            max_length=300,
            width="100%",
            size="2",
        ),
        border="none",
        padding="0",
        margin="0",
        display="grid",
        gap="4px",
        width="100%",
    )


def first_call_fields() -> rx.Component:
    return rx.vstack(
        rx.foreach(S.form_rows, call_row),
        forms.field_error(S.form_errors["items"], field_id("items")),
        spacing="4",
        width="100%",
    )


def bring_row(item: ItemRow) -> rx.Component:
    item_id = "plan-item-" + item["n"]
    return rx.box(
        rx.el.label(item["label"], html_for=item_id, font_size="14px"),
        rx.input(
            id=item_id,
            name="item_" + item["n"],
            default_value=item["text"],
            max_length=200,
            width="100%",
            size="2",
        ),
        width="100%",
    )


def bring_fields() -> rx.Component:
    return rx.vstack(
        rx.foreach(S.form_items, bring_row),
        forms.field_error(S.form_errors["items"], field_id("items")),
        spacing="2",
        width="100%",
    )


def inform_choice(choice: Choice) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="checkbox",
            name="inform_" + choice["value"],
            default_checked=choice["checked"],
            width="20px",
            height="20px",
        ),
        rx.text(choice["label"], as_="span", size="2"),
        display="flex",
        align_items="center",
        gap="8px",
        min_height=TOUCH_TARGET,
    )


def inform_fields() -> rx.Component:
    return rx.vstack(
        rx.el.fieldset(
            rx.el.legend(S.t["plan.field.contacts"], font_weight="500"),
            rx.foreach(S.form_choices, inform_choice),
            forms.field_error(S.form_errors["contacts"], field_id("contacts")),
            border="none",
            padding="0",
            margin="0",
            width="100%",
        ),
        text_field("words"),
        spacing="4",
        width="100%",
    )


def sibling_fields() -> rx.Component:
    return rx.vstack(
        text_field("name", area=False, limit=80),
        rx.cond(
            S.sibling_options,
            forms.labelled(
                label_of("member"),
                field_id("member"),
                forms.native_select(
                    rx.el.option(S.t["plan.none_contact"], value=""),
                    forms.option_items(S.sibling_options),
                    default_value=S.form_fields["member"],
                    **props_of("member"),
                ),
                error=error_of("member"),
            ),
        ),
        contact_select("pickup_contact"),
        text_field("pickup"),
        text_field("sleep"),
        text_field("school"),
        spacing="4",
        width="100%",
    )


def section_fields() -> rx.Component:
    return rx.match(
        S.form_section,
        ("first_call", first_call_fields()),
        ("sibling", sibling_fields()),
        (
            "parent_ill",
            rx.vstack(
                contact_select("contact"),
                text_field("who"),
                text_field("notes"),
                spacing="4",
                width="100%",
            ),
        ),
        (
            "practical",
            rx.vstack(
                text_field("pets"),
                text_field("work"),
                text_field("other"),
                spacing="4",
                width="100%",
            ),
        ),
        ("bring", bring_fields()),
        ("inform", inform_fields()),
        rx.fragment(),
    )


def form_alert() -> rx.Component:
    return rx.cond(
        S.form_alert != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle-alert", aria_hidden="true")),
            rx.callout.text(S.form_alert),
            color_scheme="tomato",
            role="alert",
            width="100%",
        ),
    )


def part_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.el.input(type="hidden", name="id", value=S.form_id),
            rx.el.input(type="hidden", name="version", value=S.form_version),
            forms.once_field(S.send_key),
            section_fields(),
            forms.save_and_cancel(
                rx.cond(S.can_edit, S.t["plan.save"], S.t["plan.propose"]),
                S.t["plan.cancel"],
                saving=S.saving,
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=[S.start_saving, S.save_part],
        reset_on_submit=False,
        key=S.form_key,
        aria_busy=rx.cond(S.saving, "true", "false"),
        width="100%",
    )


def remove_button() -> rx.Component:
    return rx.cond(
        S.can_edit & (S.form_section == "sibling") & (S.form_id != ""),
        rx.button(
            rx.icon("trash-2", aria_hidden="true"),
            S.t["plan.remove_sibling"],
            on_click=S.remove_sibling(S.form_id, S.form_version),
            variant="soft",
            color_scheme="tomato",
            min_height=TOUCH_TARGET,
        ),
    )


def part_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.vstack(
                rx.hstack(
                    rx.dialog.title(S.form_title, margin="0", flex="1"),
                    rx.dialog.close(
                        rx.icon_button(
                            rx.icon("x", aria_hidden="true"),
                            variant="ghost",
                            color_scheme="gray",
                            aria_label=S.t["plan.close"],
                            min_width=TOUCH_TARGET,
                            min_height=TOUCH_TARGET,
                        )
                    ),
                    align="start",
                    width="100%",
                ),
                rx.dialog.description(
                    rx.cond(
                        S.can_edit,
                        S.t["plan.form_intro_edit"],
                        rx.cond(S.can_propose, S.t["plan.form_intro_propose"], ""),
                    ),
                    size="2",
                ),
                form_alert(),
                rx.cond(
                    S.can_edit | S.can_propose,
                    part_form(),
                    rx.foreach(S.detail, part_body),
                ),
                remove_button(),
                history(),
                spacing="4",
                width="100%",
            ),
            max_width="620px",
        ),
        open=S.form_open,
        on_open_change=S.set_form_open,
    )
