"""Taken: the tablet's pane, the selected task beside the list."""

from __future__ import annotations

import reflex as rx

from components.cards import pane_hint, pane_line
from components.styles import TOUCH_TARGET
from dossier.pages.tasks.dialog import form_dialog, task_history
from dossier.state.tasks import TasksState as S


def pane_actions() -> rx.Component:
    edit = rx.button(
        rx.icon("pencil", aria_hidden="true"),
        S.t["task.form.edit_title"],
        type="button",
        min_height=TOUCH_TARGET,
    )
    return rx.hstack(
        rx.cond(
            S.sel_can_edit,
            form_dialog(
                edit,
                S.form_open & S.form_in_pane,
                lambda is_open: S.edit_change(S.sel_id, is_open),
            ),
        ),
        rx.button(
            rx.cond(
                S.sel_done,
                rx.icon("rotate-ccw", aria_hidden="true"),
                rx.icon("circle-check", aria_hidden="true"),
            ),
            rx.cond(S.sel_done, S.t["task.reopen"], S.t["task.complete"]),
            on_click=S.toggle_done(S.sel_id, S.sel_version, ~S.sel_done),
            variant="soft",
            min_height=TOUCH_TARGET,
        ),
        spacing="3",
        wrap="wrap",
    )


def selected_task() -> rx.Component:
    return rx.vstack(
        rx.heading(
            S.sel_title,
            as_="h2",
            size="5",
            text_decoration=rx.cond(S.sel_done, "line-through", "none"),
        ),
        rx.cond(
            S.sel_done & (S.sel_done_line != ""),
            rx.text(S.sel_done_line, size="2", weight="medium", id="pane-task-done-by"),
        ),
        # Issue 20: made from a conversation about what matters: a link back to it.
        rx.cond(
            S.sel_source_text != "",
            rx.link(S.sel_source_text, href=S.sel_source_href, size="2", class_name="task-source"),
        ),
        pane_actions(),
        rx.foreach(S.sel_details, lambda line: pane_line(line["label"], line["value"])),
        task_history(S.sel_history, "pane-task-history-title"),
        spacing="4",
        width="100%",
    )


def task_pane() -> rx.Component:
    return rx.cond(S.sel_id != "", selected_task(), pane_hint(S.t["layout.tasks.pick"]))
