"""Het zorgplan: the dialog. On a phone it shows the opened section; "Aanpassen" turns
it into the section's form (also on a tablet). Plain fields by kind (a date input, a
text, radio groups for the acute agreements), goal rows and team rows."""

from __future__ import annotations

import reflex as rx

from components import forms
from components.styles import TOUCH_TARGET, muted_text
from dossier.pages.care_plan.sections import section_view
from dossier.state.care_plan import CarePlanState as S
from dossier.state.care_plan import Choice, FormField, GoalRow, TeamRow

TEXT_LIMIT = 200
LONG_LIMIT = 4000


def field_id(name) -> rx.Var:
    return "careplan-" + name


def radio(field: FormField, choice: Choice) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="radio",
            name=field["name"],
            value=choice["value"],
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


def choice_field(field: FormField) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(field["label"], font_weight="500"),
        rx.flex(
            rx.foreach(field["options"], lambda choice: radio(field, choice)),
            gap="4px 16px",
            wrap="wrap",
        ),
        forms.field_error(field["error"], "careplan-" + field["name"]),
        border="none",
        padding="0",
        margin="0",
        width="100%",
        class_name="careplan-choice",
    )


def error_attrs(field: FormField) -> dict:
    bad = field["error"] != ""
    return {
        "aria_invalid": rx.cond(bad, "true", "false"),
        "aria_describedby": rx.cond(bad, "careplan-" + field["name"] + "-error", ""),
    }


def input_field(field: FormField) -> rx.Component:
    the_id = "careplan-" + field["name"]
    control = rx.match(
        field["kind"],
        (
            "long",
            rx.text_area(
                id=the_id,
                name=field["name"],
                default_value=field["value"],
                max_length=LONG_LIMIT,
                rows="3",
                width="100%",
                size="3",
                **error_attrs(field),
            ),
        ),
        (
            "date",
            rx.input(
                id=the_id,
                name=field["name"],
                type="date",
                default_value=field["value"],
                max_width="240px",
                size="3",
                **error_attrs(field),
            ),
        ),
        rx.input(
            id=the_id,
            name=field["name"],
            default_value=field["value"],
            max_length=TEXT_LIMIT,
            width="100%",
            size="3",
            **error_attrs(field),
        ),
    )
    return rx.vstack(
        rx.el.label(field["label"], html_for=the_id, font_weight="500"),
        control,
        forms.field_error(field["error"], "careplan-" + field["name"]),
        spacing="1",
        width="100%",
    )


def plain_field(field: FormField) -> rx.Component:
    return rx.cond(field["kind"] == "choice", choice_field(field), input_field(field))


def small_input(label, name, value, *, kind: str = "text") -> rx.Component:
    the_id = "careplan-" + name
    return rx.box(
        rx.el.label(label, html_for=the_id, font_size="14px"),
        rx.input(
            id=the_id,
            name=name,
            type=kind,
            default_value=value,
            max_length=TEXT_LIMIT if kind == "text" else None,
            width="100%",
            size="2",
        ),
        width="100%",
    )


def small_select(label, name, value, options) -> rx.Component:
    the_id = "careplan-" + name
    return rx.box(
        rx.el.label(label, html_for=the_id, font_size="14px"),
        forms.native_select(
            rx.el.option(S.t["careplan.no_link"], value=""),
            forms.option_items(options),
            id=the_id,
            name=name,
            default_value=value,
        ),
        width="100%",
    )


def remove_box(n) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="checkbox", name="remove_" + n, width="20px", height="20px"),
        rx.text(S.t["careplan.remove_row_label"], as_="span", size="2"),
        display="flex",
        align_items="center",
        gap="8px",
        min_height=TOUCH_TARGET,
    )


def goal_row(row: GoalRow) -> rx.Component:
    n = row["n"]
    return rx.el.fieldset(
        rx.el.legend(row["label"], font_weight="500"),
        rx.box(
            rx.el.label(
                S.t["careplan.field.physical.goal"], html_for="careplan-goal_" + n, font_size="14px"
            ),
            rx.text_area(
                id="careplan-goal_" + n,
                name="goal_" + n,
                default_value=row["goal"],
                max_length=LONG_LIMIT,
                rows="2",
                width="100%",
                size="2",
            ),
            width="100%",
        ),
        rx.grid(
            small_input(S.t["careplan.field.physical.who"], "who_" + n, row["who"]),
            small_input(
                S.t["careplan.field.physical.evaluate_on"],
                "evaluate_on_" + n,
                row["evaluate_on"],
                kind="date",
            ),
            small_select(
                S.t["careplan.field.physical.agreement_id"],
                "agreement_" + n,
                row["agreement_id"],
                S.agreement_options,
            ),
            small_select(
                S.t["careplan.field.physical.task_id"], "task_" + n, row["task_id"], S.task_options
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="2",
            width="100%",
        ),
        remove_box(n),
        class_name="careplan-goal-row",
        border=f"1px solid {rx.color('gray', 6)}",
        border_radius="8px",
        padding="8px 12px",
        margin="0",
        width="100%",
    )


def team_row(row: TeamRow) -> rx.Component:
    n = row["n"]
    return rx.el.fieldset(
        rx.el.legend(row["label"], font_weight="500"),
        rx.grid(
            small_select(
                S.t["careplan.pick_contact"], "contact_" + n, row["contact_id"], S.contact_options
            ),
            small_input(S.t["careplan.field.team.role"], "role_" + n, row["role"]),
            small_input(S.t["careplan.field.team.name"], "name_" + n, row["name"]),
            small_input(S.t["careplan.field.team.phone"], "phone_" + n, row["phone"], kind="tel"),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="2",
            width="100%",
        ),
        remove_box(n),
        class_name="careplan-team-row",
        border=f"1px solid {rx.color('gray', 6)}",
        border_radius="8px",
        padding="8px 12px",
        margin="0",
        width="100%",
    )


def rows_part() -> rx.Component:
    return rx.vstack(
        rx.cond(
            S.goal_rows,
            rx.vstack(
                rx.heading(S.t["careplan.field.physical.goals"], as_="h3", size="3"),
                rx.foreach(S.goal_rows, goal_row),
                spacing="3",
                width="100%",
            ),
        ),
        rx.cond(
            S.team_rows, rx.vstack(rx.foreach(S.team_rows, team_row), spacing="3", width="100%")
        ),
        forms.field_error(S.rows_error, "careplan-rows"),
        rx.cond(
            S.goal_rows | S.team_rows,
            rx.button(
                rx.icon("plus", aria_hidden="true"),
                rx.cond(S.goal_rows, S.t["careplan.add_goal"], S.t["careplan.add_member"]),
                type="button",
                on_click=S.add_row,
                variant="soft",
                min_height=TOUCH_TARGET,
            ),
        ),
        spacing="3",
        width="100%",
    )


def on_behalf_field() -> rx.Component:
    bad = S.on_behalf_error != ""
    return rx.cond(
        S.form_treatment,
        rx.vstack(
            rx.el.label(
                S.t["careplan.on_behalf_of"], html_for="careplan-on-behalf", font_weight="500"
            ),
            rx.input(
                id="careplan-on-behalf",
                name="on_behalf_of",
                default_value=S.on_behalf_value,
                max_length=120,
                required=True,
                width="100%",
                size="3",
                aria_invalid=rx.cond(bad, "true", "false"),
                aria_describedby=rx.cond(bad, "careplan-on-behalf-error", ""),
            ),
            forms.field_error(S.on_behalf_error, "careplan-on-behalf"),
            rx.text(S.t["careplan.hospital_leads"], size="1"),
            spacing="1",
            width="100%",
        ),
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


def section_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.el.input(type="hidden", name="id", value=S.form_id),
            rx.el.input(type="hidden", name="version", value=S.form_version),
            forms.once_field(S.send_key),
            on_behalf_field(),
            rx.foreach(S.form_fields, plain_field),
            rows_part(),
            forms.save_and_cancel(S.t["careplan.save"], S.t["careplan.cancel"], saving=S.saving),
            spacing="4",
            width="100%",
        ),
        on_submit=[S.start_saving, S.save_section],
        reset_on_submit=False,
        key=S.form_key,
        aria_busy=rx.cond(S.saving, "true", "false"),
        width="100%",
    )


def section_dialog() -> rx.Component:
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
                            aria_label=S.t["careplan.close"],
                            min_width=TOUCH_TARGET,
                            min_height=TOUCH_TARGET,
                        )
                    ),
                    align="start",
                    width="100%",
                ),
                rx.dialog.description(S.t["careplan.dialog_intro"], size="2", style=muted_text),
                form_alert(),
                rx.cond(
                    S.dialog_mode == "edit",
                    section_form(),
                    rx.foreach(S.detail, section_view),
                ),
                spacing="4",
                width="100%",
            ),
            max_width="680px",
        ),
        open=S.dialog_open,
        on_open_change=S.set_dialog_open,
    )
