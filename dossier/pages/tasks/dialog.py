"""Taken: the dialog of one task: its form or, without edit rights, its details; its history."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.vars.base import Var

from components.dialogs import confirm_dialog
from components.history import history_list
from components.styles import TOUCH_TARGET, muted_text
from dossier.pages.tasks.form import task_form
from dossier.state.tasks import Option
from dossier.state.tasks import TasksState as S


def delete_button() -> rx.Component:
    return confirm_dialog(
        rx.button(
            rx.icon("trash-2", aria_hidden="true"),
            S.t["task.delete"],
            type="button",
            color_scheme="tomato",
            variant="soft",
            min_height=TOUCH_TARGET,
        ),
        title=S.t["task.delete_title"],
        description=[S.form_title, ": ", S.t["task.delete_text"]],
        cancel_label=S.t["common.cancel"],
        confirm_label=S.t["task.delete_confirm"],
        on_confirm=S.delete_task(S.form_task_id, S.form_version),
    )


def details_line(line: Option) -> rx.Component:
    return rx.box(
        rx.text(line["label"], size="1", weight="medium", style=muted_text),
        rx.text(line["value"], size="3", white_space="pre-wrap"),
    )


def read_only_details() -> rx.Component:
    """For those who may look and tick off, not edit (a caregiver, a sibling)."""
    return rx.vstack(
        rx.heading(S.form_title, as_="h3", size="4"),
        rx.foreach(S.details, details_line),
        rx.dialog.close(
            rx.button(
                S.t["common.close"], variant="soft", color_scheme="gray", min_height=TOUCH_TARGET
            ),
        ),
        spacing="3",
        width="100%",
    )


def task_history(entries: Var | None = None, heading_id: str = "task-history-title"):
    """Who did what to the task; in the dialog, or (own heading id) in the tablet's pane."""
    entries = S.history if entries is None else entries
    return history_list(entries, S.t["task.history"], text_key="sentence", heading_id=heading_id)


def form_content() -> rx.Component:
    title = rx.cond(
        S.is_new,
        S.t["task.form.new_title"],
        rx.cond(S.can_edit, S.t["task.form.edit_title"], S.t["task.form.view_title"]),
    )
    return rx.dialog.content(
        rx.dialog.title(title),
        rx.dialog.description(
            rx.cond(S.can_edit, S.t["task.form.intro"], S.t["task.form.view_intro"]),
            size="2",
            style=muted_text,
        ),
        rx.vstack(
            rx.cond(
                S.form_done_line != "",
                rx.text(S.form_done_line, size="2", weight="medium", id="task-done-by"),
            ),
            # Issue 20: made from a conversation about what matters: a link back to it.
            rx.cond(
                S.source_text != "",
                rx.link(S.source_text, href=S.source_href, size="2", class_name="task-source"),
            ),
            rx.cond(S.can_edit, task_form(), read_only_details()),
            rx.cond(S.can_edit & ~S.is_new, delete_button()),
            task_history(),
            spacing="4",
            width="100%",
            margin_top="12px",
        ),
        max_width="560px",
        width="calc(100vw - 24px)",
        padding="16px",
    )


def form_dialog(trigger: rx.Component, is_open: Var, on_open_change: Any) -> rx.Component:
    """The form of one task, opened by `trigger`, which gets the focus back when it
    closes. The trigger has no on_click of its own: opening goes through the dialog's
    on_open_change, so Radix keeps the button itself as the trigger. Only one of these
    dialogs is open at a time, so the form's ids are never doubled."""
    return rx.dialog.root(
        rx.dialog.trigger(trigger),
        form_content(),
        open=is_open,
        on_open_change=on_open_change,
    )
