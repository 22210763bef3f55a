"""Taken: the task form (every field labelled, messages next to the field they are about)."""

from __future__ import annotations

import reflex as rx

from components import forms
from components.styles import TOUCH_TARGET, muted_text
from dossier.state.tasks import TasksState as S


def field_id(field: str) -> str:
    return f"task-{field}"


def task_aria(field: str) -> dict:
    """The message is only rendered while there is one, so it is only named then."""
    return forms.error_props(S.errors[field], field_id(field), always_described=False)


def task_field(field: str, control: rx.Component) -> rx.Component:
    return forms.labelled(
        S.t[f"task.label.{field}"],
        field_id(field),
        control,
        error=forms.field_error(S.errors[field], field_id(field)),
    )


def task_select(field: str, name: str, *options: rx.Component, **props) -> rx.Component:
    return forms.native_select(*options, id=field_id(field), name=name, **task_aria(field), **props)


def waiting_fields() -> rx.Component:
    return rx.cond(
        S.form_status == "waiting",
        rx.vstack(
            task_field(
                "waiting_for",
                rx.input(
                    id="task-waiting_for",
                    name="waiting_for",
                    default_value=S.form_waiting_for,
                    max_length=200,
                    size="3",
                    width="100%",
                    **task_aria("waiting_for"),
                ),
            ),
            task_field(
                "follow_up_on",
                rx.input(
                    id="task-follow_up_on",
                    name="follow_up",
                    type="date",
                    default_value=S.form_follow_up,
                    size="3",
                    width="100%",
                    max_width="320px",
                    **task_aria("follow_up_on"),
                ),
            ),
            rx.text(S.t["task.hint.waiting"], size="2", style=muted_text),
            spacing="3",
            width="100%",
            padding="12px",
            border_radius="10px",
            background=rx.color("amber", 2),
        ),
    )


def conflict_panel() -> rx.Component:
    return rx.cond(
        S.conflict != "",
        rx.callout.root(
            rx.callout.text(S.conflict),
            rx.hstack(
                rx.button(
                    S.t["task.conflict.show_latest"],
                    type="button",
                    variant="soft",
                    color_scheme="gray",
                    on_click=S.open_task(S.form_task_id),
                    min_height=TOUCH_TARGET,
                ),
                rx.button(
                    S.t["task.conflict.keep_mine"],
                    type="submit",
                    color_scheme="amber",
                    on_click=S.use_latest_version,
                    min_height=TOUCH_TARGET,
                ),
                wrap="wrap",
                spacing="2",
            ),
            color_scheme="amber",
            role="alert",
            width="100%",
        ),
    )


def form_fields() -> rx.Component:
    return rx.vstack(
        task_field(
            "title",
            rx.input(
                id="task-title",
                name="title",
                default_value=S.form_title,
                max_length=250,
                aria_required="true",
                size="3",
                width="100%",
                **task_aria("title"),
            ),
        ),
        task_field(
            "domain",
            task_select(
                "domain",
                "domain",
                rx.el.option(S.t["task.choose_domain"], value=""),
                forms.option_items(S.domain_options),
                default_value=S.form_domain,
                aria_required="true",
            ),
        ),
        task_field(
            "assignee_id",
            task_select(
                "assignee_id",
                "assignee",
                rx.el.option(S.t["task.nobody"], value=""),
                forms.option_items(S.member_options),
                default_value=S.form_assignee,
            ),
        ),
        rx.cond(
            S.agreement_options,
            task_field(
                "agreement_id",
                task_select(
                    "agreement_id",
                    "agreement",
                    rx.el.option(S.t["task.agreement_none"], value=""),
                    forms.option_items(S.agreement_options),
                    default_value=S.form_agreement,
                ),
            ),
        ),
        task_field(
            "due_on",
            rx.input(
                id="task-due_on",
                name="due",
                type="date",
                default_value=S.form_due,
                size="3",
                width="100%",
                max_width="320px",
                **task_aria("due_on"),
            ),
        ),
        task_field(
            "status",
            task_select(
                "status",
                "status",
                forms.option_items(S.status_options),
                value=S.form_status,
                on_change=S.set_form_status,
            ),
        ),
        waiting_fields(),
        task_field(
            "notes",
            rx.text_area(
                id="task-notes",
                name="notes",
                default_value=S.form_notes,
                max_length=4000,
                rows="3",
                size="3",
                width="100%",
                **task_aria("notes"),
            ),
        ),
        spacing="4",
        width="100%",
    )


def past_question() -> rx.Component:
    return forms.past_question(
        S.past_question,
        save_label=S.t["task.past.save_anyway"],
        change_label=S.t["task.past.change_date"],
        saving=S.saving,
        on_change=S.change_past_date,
    )


def form_buttons() -> rx.Component:
    return rx.cond(S.past_question != "", past_question(), save_buttons())


def save_buttons() -> rx.Component:
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
            rx.cond(S.saving, S.t["task.saving"], S.t["task.save"]),
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


def task_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.cond(
                S.form_error != "",
                rx.callout.root(
                    rx.callout.text(S.form_error),
                    color_scheme="tomato",
                    role="alert",
                    width="100%",
                ),
            ),
            forms.once_field(S.send_key),
            rx.el.input(type="hidden", name="past_ok", value=S.past_ok, read_only=True),
            conflict_panel(),
            form_fields(),
            form_buttons(),
            spacing="4",
            width="100%",
        ),
        key=S.form_key,
        on_submit=[S.start_saving, S.save_task],
        no_validate=True,
        aria_busy=rx.cond(S.saving, "true", "false"),
        width="100%",
    )
